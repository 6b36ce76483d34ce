"""First names by gender (resources/lexicons/first_names_male.txt, first_names_female.txt),
for "she said" to pass over a man: Faker's en_US and en_GB first-name lists (faker
package, MIT; a development tool, not a runtime dependency); a name in both lists is
left out.

    python -m tests.benchmarks.name_lexicons [--write]
"""

from __future__ import annotations

import argparse

from annotator.resources import resources_dir

HEADER = """\
# {kind} first names: Faker's en_US and en_GB person providers (faker package, MIT),
# less the names in both lists (tests/benchmarks/name_lexicons.py writes this file).
"""


def first_names() -> tuple[list[str], list[str]]:
    """(male, female) first names, each list without the names in the other."""
    from faker.providers.person.en_GB import Provider as GB
    from faker.providers.person.en_US import Provider as US

    male = {n for p in (US, GB) for n in p.first_names_male}
    female = {n for p in (US, GB) for n in p.first_names_female}
    return sorted(male - female), sorted(female - male)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="rewrite the two lists")
    args = parser.parse_args()
    male, female = first_names()
    print(f"{len(male)} male and {len(female)} female first names")
    if args.write:
        folder = resources_dir() / "lexicons"
        for kind, names in (("male", male), ("female", female)):
            target = folder / f"first_names_{kind}.txt"
            text = HEADER.format(kind=kind.capitalize()) + "\n".join(names) + "\n"
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target}")


if __name__ == "__main__":
    main()
