"""Role nouns from WordNet 3.0 (resources/lexicons/role_nouns_wordnet.txt).

    python -m tests.benchmarks.wordnet_lexicons [--wordnet DIR] [--write]

WordNet's data files come from Debian's ``wordnet-base`` package
(``apt-get install wordnet-base``: /usr/share/wordnet; Princeton's WordNet
licence, which allows use and redistribution with its notice). A development
tool, not a runtime dependency: the engine reads only the list it writes. When
the data is missing it says so in one line and exits 0.

The rule: a single-word noun (lower case in WordNet) whose *first* (most
frequent) sense is a hyponym of a position-holding person (worker, professional,
leader, official, expert, serviceman, representative, spokesperson, adviser,
adjudicator, scientist, scholar, head, investigator, lawgiver, lawman, reporter,
writer, inquirer); left out: a lemma that also is an adjective ("official",
"major": the hand list has the ones that matter), one with any sense that is an
artifact, animal, plant, food, body part, object or substance ("monitor",
"server", "hero"), a first name or surname Faker ships for en_US or en_GB
("Baker", "Hunter": surnames must stay names), and the people named by their
side (tests/benchmarks/polnear_lexicons.py, NOT_ROLES).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.resources import resources_dir
from tests.benchmarks.polnear_lexicons import NOT_ROLES

ROOTS = (
    "worker#1 professional#1 leader#1 expert#1 serviceman#1 official#1 representative#1 "
    "spokesperson#1 politician#2 adviser#1 adjudicator#1 scientist#1 scholar#1 head#4 "
    "investigator#1 lawgiver#1 lawman#1 reporter#1 writer#1 inquirer#1"
).split()
# WordNet lexicographer files of senses that make a word too ambiguous to be a role.
_NOT_PEOPLE_FILES = {5, 6, 8, 13, 17, 20, 27}  # animal artifact body food object plant substance
HEADER = """\
# Role nouns from WordNet 3.0 (Princeton University; Debian package wordnet-base, WordNet
# licence): single-word nouns whose most frequent sense is a person holding a position
# (tests/benchmarks/wordnet_lexicons.py says the rule and writes this file).
"""


def _index(folder: Path) -> dict[str, list[str]]:
    """Noun lemma -> its synset offsets, most frequent sense first."""
    out = {}
    for line in (folder / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith(" ") or not line:
            continue
        parts = line.split()
        pointers = int(parts[3])
        rest = parts[4 + pointers :]
        out[parts[0]] = rest[2:]
    return out


def _synsets(folder: Path) -> dict[str, tuple[int, list[str], list[str]]]:
    """Offset -> (lexicographer file, words, hypernym offsets)."""
    out = {}
    for line in (folder / "data.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith(" ") or not line:
            continue
        parts = line.partition("|")[0].split()
        count = int(parts[3], 16)
        names = [parts[4 + 2 * i] for i in range(count)]
        k = 4 + 2 * count
        pointers = int(parts[k])
        hypernyms = [parts[k + 2 + 4 * i] for i in range(pointers) if parts[k + 1 + 4 * i] == "@"]
        out[parts[0]] = (int(parts[1]), names, hypernyms)
    return out


def _names() -> set[str]:
    from faker.providers.person.en_GB import Provider as GB
    from faker.providers.person.en_US import Provider as US

    return {n.lower() for p in (US, GB) for n in (*p.first_names, *p.last_names)}


def role_nouns(folder: Path) -> list[str]:
    """The role nouns by the rule in the module docstring."""
    index, synsets = _index(folder), _synsets(folder)
    below: dict[str, list[str]] = {}
    for offset, (_, _, hypernyms) in synsets.items():
        for h in hypernyms:
            below.setdefault(h, []).append(offset)
    people: set[str] = set()
    stack = [index[r.split("#")[0]][int(r.split("#")[1]) - 1] for r in ROOTS]
    while stack:
        offset = stack.pop()
        if offset not in people:
            people.add(offset)
            stack += below.get(offset, [])
    adjectives = {
        line.split()[0]
        for line in (folder / "index.adj").read_text(encoding="latin-1").splitlines()
        if line and not line.startswith(" ")
    }
    names = _names()
    found = []
    for lemma, offsets in index.items():
        if "_" in lemma or not lemma.isascii() or offsets[0] not in people:
            continue
        forms = [w for w in synsets[offsets[0]][1] if w.lower() == lemma]
        if not forms or not forms[0].islower():  # "Democrat", "Einstein": names
            continue
        if lemma in adjectives or lemma in names or lemma in NOT_ROLES:
            continue
        if any(synsets[o][0] in _NOT_PEOPLE_FILES for o in offsets):
            continue
        found.append(lemma)
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--write", action="store_true", help="rewrite role_nouns_wordnet.txt")
    args = parser.parse_args()
    if not (args.wordnet / "data.noun").is_file():
        print(f"WordNet data not found in {args.wordnet} (apt-get install wordnet-base): skipped")
        return
    nouns = role_nouns(args.wordnet)
    print(f"{len(nouns)} role nouns from WordNet")
    if args.write:
        target = resources_dir() / "lexicons" / "role_nouns_wordnet.txt"
        target.write_text(HEADER + "\n".join(nouns) + "\n", encoding="utf-8")
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
