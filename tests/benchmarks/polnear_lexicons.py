"""Counts from PolNeAR train behind the shipped word lists (resources/lexicons/).

    python -m tests.benchmarks.polnear_lexicons [--cache DIR] [--write]

Facts, not text: which lemmas head the annotated cues and how often, which nouns
head the annotated sources. Prints the counts; ``--write`` rewrites the evidence
sections of ``role_nouns.txt`` and ``source_nouns.txt`` (the cue lists are
``tests/benchmarks/polnear_cues.py``'s)
(the lines above ``# -- from PolNeAR train`` are kept as they are); ``--faker``
adds the head nouns of the job titles the Faker package ships (``pip install
faker``; a development tool, not a runtime dependency) to ``role_nouns.txt``.
Reads only PolNeAR train (never dev). The rules:

- role noun: a common noun that heads at least 3 gold sources and names people:
  followed by "who" (more often than by "which") in at least 3 % of its uses, or
  a title before a name / with a name in apposition in at least 10 % of them;
  generic nouns for people and kin terms are left out (NOT_ROLES);
- source noun: a common noun that heads at least 3 gold sources and is not a role
  noun by the test above (organisations, documents: "campaign", "report", "poll");
  nouns written with a capital in over 20 % of their uses (names the tagger took
  for nouns) or followed by "of" in over 30 % ("a majority of") are left out.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from annotator.resources import resources_dir
from annotator.suggest.engine import Engine
from tests.benchmarks import polnear as pn

MARKER = pn.LEXICON_MARKER
# Generic words for people, kin terms and people described by their side name no
# position (scheme.md: ROLE is a job title, office or function); the last group goes
# to people_nouns.txt (speakers only).
NOT_ROLES = frozenset(
    "people man woman person one other self wife husband son daughter mother father brother "
    "sister family friend couple percent "
    # People described by their side or views, not by a position they hold:
    "critic supporter voter opponent rival ally conservative progressive liberal socialist "
    "insider donor backer protester hopeful contender figure star mogul".split()
)


FAKER_MARKER = "# -- from Faker's en_US job titles"
_FAKER_SKIP = frozenset("boy copy crew land make person staff sub emeritus professional".split())


def faker_role_nouns() -> list[str]:
    """Head nouns of the job titles Faker ships (faker.providers.job.en_US, MIT licence;
    the UK standard occupational classification): "Barrister", "Homeopath"."""
    import re

    from faker.providers.job.en_US import Provider

    heads = set()
    for title in Provider.jobs:
        words = re.sub(r"\(.*?\)", "", title.split(",")[0]).split()
        head = words[-1].lower().split("/")[-1] if words else ""
        if head.isalpha() and len(head) > 2 and head not in _FAKER_SKIP:
            heads.add(head)
    return sorted(heads)


def _evidence(name: str) -> list[str]:
    """The entries of a list's PolNeAR section (to tell them from the hand list's)."""
    path = resources_dir() / "lexicons" / f"{name}.txt"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if MARKER not in text:
        return []
    return [line for line in text.split(MARKER, 1)[1].splitlines()[1:] if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--faker", action="store_true", help="also add Faker's job-title head nouns")
    args = parser.parse_args()
    if args.faker:
        path = resources_dir() / "lexicons" / "role_nouns.txt"
        text = path.read_text(encoding="utf-8")
        known = {line.split("#")[0].strip() for line in text.splitlines()}
        new = [w for w in faker_role_nouns() if w not in known]
        if FAKER_MARKER not in text:
            text = text.replace(MARKER, f"{FAKER_MARKER} (faker package, MIT; head nouns)\n{MARKER}", 1)
        head, tail = text.split(MARKER, 1)
        path.write_text(head + "\n".join(new) + "\n" + MARKER + tail, encoding="utf-8")
        print(f"role_nouns: {len(new)} head nouns of Faker's job titles added")
        return
    engine = Engine.load()
    articles = pn.load_part("train")
    if not articles:
        print("PolNeAR train not found (../shared/corpus/polnear or $POLNEAR): skipped")
        return
    where = args.cache / f"polnear-train-all-{engine.info.name}.spacy" if args.cache else None
    docs = pn.parse(engine.nlp, [a.text for a in articles], where)
    cue_heads: Counter[str] = Counter()
    quoting: Counter[str] = Counter()
    verb_uses: Counter[str] = Counter()
    source_heads: Counter[str] = Counter()
    titled: Counter[str] = Counter()
    who: Counter[str] = Counter()
    which: Counter[str] = Counter()
    nouns: Counter[str] = Counter()
    lower_uses: Counter[str] = Counter()
    partitive: Counter[str] = Counter()
    for article, doc in zip(articles, docs, strict=True):
        for token in doc:
            if token.pos_ == "VERB":
                verb_uses[token.lemma_.lower()] += 1
            if token.pos_ == "NOUN" and token.i + 1 < len(doc):
                nxt = doc[token.i + 1]
                lower = token.lemma_.lower()
                nouns[lower] += 1
                lower_uses[lower] += token.is_lower
                partitive[lower] += nxt.lower_ == "of"
                if nxt.lower_ == "who":
                    who[lower] += 1
                elif nxt.lower_ == "which":
                    which[lower] += 1
                if nxt.ent_type_ == "PERSON" and nxt.ent_iob_ == "B" and token.dep_ == "compound":
                    titled[lower] += 1
                if any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in token.children):
                    titled[lower] += 1
        quoted = {
            r.child.key
            for r in article.gold.relations
            if r.label == "CUE_OF" and r.child.attrs.get("type") == "direct"
        }
        for span in article.gold.spans:
            piece = doc.char_span(span.start, span.end, alignment_mode="expand")
            if piece is None or not len(piece):
                continue
            if span.label == "CUE":
                verbs = [t for t in piece if t.pos_ == "VERB"]
                if verbs:
                    lemma = verbs[-1].lemma_.lower()
                    cue_heads[lemma] += 1
                    if span.key in {r.head.key for r in article.gold.relations if r.child.key in quoted}:
                        quoting[lemma] += 1
            elif span.label in ("PERSON", "ROLE", "ORG"):
                root = piece.root
                if root.pos_ == "NOUN":
                    source_heads[root.lemma_.lower()] += 1
    roles, sources = [], []
    for noun, n in source_heads.most_common():
        if n < 3 or len(noun) < 3 or not noun.isalpha() or noun in NOT_ROLES:
            continue
        if lower_uses[noun] < 0.8 * nouns[noun] or partitive[noun] > 0.3 * nouns[noun]:
            continue  # a name the tagger took for a noun ("Sanders"), or "a majority of"
        person = (who[noun] >= 2 and who[noun] >= 0.03 * nouns[noun] and who[noun] > which[noun]) or (
            titled[noun] >= 3 and titled[noun] >= 0.1 * nouns[noun]
        )
        (roles if person else sources).append(noun)
    from annotator.resources import lexicon

    known_roles = set(roles) | {
        w for w in lexicon("role_nouns") if w not in {r.split()[0] for r in _evidence("role_nouns")}
    }
    sources = [w for w in sources if w not in known_roles]

    def note(w: str) -> str:
        return (
            f"{w}  # heads {source_heads[w]} sources; of {nouns[w]} uses {who[w]} + 'who', {titled[w]} titles"
        )

    report = {
        "role_nouns": [note(w) for w in roles],
        "source_nouns": [note(w) for w in sources],
    }
    pn.report_lexicons(report, "polnear_lexicons.py", args.write)


if __name__ == "__main__":
    main()
