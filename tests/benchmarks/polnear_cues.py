"""Counts from PolNeAR train behind the shipped cue lists (resources/lexicons/).

    python -m tests.benchmarks.polnear_cues [--cache DIR] [--write]

Facts, not text: which verb lemmas head the annotated cues, how often they are a
cue, and where the content stands in the parse relative to its cue. Reads only
PolNeAR train (never dev) and WordNet 3.0's verb files as Debian's ``wordnet-base``
ships them (``/usr/share/wordnet``; ``apt-get install wordnet-base``, a development
tool, not a runtime dependency). ``--write`` rewrites the PolNeAR sections of
``cue_verbs.txt``, ``belief_verbs.txt``, ``cue_frames.txt`` and ``cue_verbs_wordnet.txt`` (the lines above
``# -- from PolNeAR train`` are kept). The rules:

- speech-like: one of the lemma's first three WordNet senses is a verb of
  communication (lexicographer file ``verb.communication``) while its first sense
  is not one of thought, feeling or perception, or the lemma is a cue in at least
  75 % of its uses as a verb ("blast", "slam");
- speech verb (``cue_verbs.txt``): a speech-like lemma that heads at least 5 gold
  cues and is a cue in at least 30 % of its uses as a verb or introduced at least
  10 quotations (speech-like or not: "the letter reads: ...");
- belief verb (``belief_verbs.txt``): a lemma that is not speech-like, heads at
  least 10 gold cues and is a cue in at least 10 % of its uses: beliefs,
  intentions, stances and perception ("think", "expect", "want", "endorse"),
  which PolNeAR counts as attributions and the news-claims scheme does not (a
  QUOTE is what a source said or wrote);
- WordNet cue verb (``cue_verbs_wordnet.txt``): a verb whose first WordNet
  sense is one of communication that takes a that-clause (verb frame 26,
  "Somebody ----s that CLAUSE": "retort", "quip", "mutter", "aver"), not in the
  lists above, and not shown by PolNeAR train to be mostly something else (at
  least 10 uses as a verb and a cue in under 10 % of them); a cue only with a
  clause or a quotation next to it (rare or unseen in PolNeAR, common in news);
- frame (``cue_frames.txt``): where a cue verb's content is when it is not a clause
  (``ccomp``): its direct object (``dobj``: "cited the report"), its infinitive
  (``xcomp``: "vowed to repeal"), or the object of a preposition (``prep:about``:
  "talked about the plan"); kept when it holds at least 4 and 5 % of the lemma's
  gold contents.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.resources import lexicon, resources_dir
from annotator.suggest.engine import Engine
from tests.benchmarks import polnear as pn

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from annotator.core.model import AnnotationSet

MARKER = pn.LEXICON_MARKER
WORDNET = Path("/usr/share/wordnet")
_LEXNAMES = {31: "cognition", 32: "communication", 37: "emotion", 39: "perception"}
MIN_CUES, MIN_RATE, SURE_RATE, MIN_QUOTING = 5, 0.3, 0.75, 10
BELIEF_CUES, BELIEF_RATE = 10, 0.1
FRAME_MIN, FRAME_SHARE = 4, 0.05
MIN_USES_AGAINST = 10


def wordnet_senses(folder: Path = WORDNET) -> dict[str, list[str]]:
    """Verb lemma -> the lexicographer file of each sense, most frequent first."""
    offsets: dict[str, list[str]] = {}
    for line in (folder / "index.verb").read_text(encoding="utf-8").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        count = int(fields[2])
        offsets[fields[0]] = fields[-count:]
    kinds: dict[str, str] = {}
    for line in (folder / "data.verb").read_text(encoding="utf-8").splitlines():
        if line.startswith(" "):
            continue
        offset, number = line.split(" ", 2)[:2]
        kinds[offset] = _LEXNAMES.get(int(number), "other")
    return {lemma: [kinds[o] for o in found if o in kinds] for lemma, found in offsets.items()}


def clause_communication(folder: Path = WORDNET) -> set[str]:
    """Verb lemmas whose first sense is a verb of communication with a that-clause
    frame (26) in WordNet's data."""
    first: dict[str, str] = {}
    for line in (folder / "index.verb").read_text(encoding="utf-8").splitlines():
        if not line.startswith(" "):
            fields = line.split()
            first[fields[0]] = fields[-int(fields[2])]
    clausal = set()
    for line in (folder / "data.verb").read_text(encoding="utf-8").splitlines():
        if line.startswith(" "):
            continue
        head = line.split("|")[0].split()
        if int(head[1]) != 32:
            continue
        k = 4 + 2 * int(head[3], 16)
        k += 1 + 4 * int(head[k])
        frames = {head[k + 2 + 3 * n] for n in range(int(head[k]))}
        if "26" in frames:
            clausal.add(head[0])
    return {lemma for lemma, offset in first.items() if offset in clausal and lemma.isalpha()}


def is_speech(senses: list[str], rate: float) -> bool:
    """The rule above: a verb of communication by WordNet, or a cue almost always."""
    if rate >= SURE_RATE:
        return True
    first = senses[0] if senses else "other"
    return "communication" in senses[:3] and first not in ("cognition", "emotion", "perception")


def frame_of(verb: Token, content: Token) -> str | None:
    """Where the content's root stands from its cue verb: dobj, xcomp, prep:WORD, or None."""
    if content.head.i == verb.i and content.dep_ in ("dobj", "xcomp") and content.i > verb.i:
        return content.dep_
    head = content.head
    if (
        head.head.i == verb.i
        and head.dep_ == "prep"
        and content.dep_ in ("pobj", "pcomp")
        and head.i > verb.i
    ):
        return f"prep:{head.lower_}"
    return None


class Counts:
    """The counts over the corpus."""

    def __init__(self) -> None:
        self.cues: Counter[str] = Counter()
        self.uses: Counter[str] = Counter()
        self.contents: Counter[str] = Counter()
        self.quoting: Counter[str] = Counter()
        self.frames: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def add(self, doc: Doc, gold: AnnotationSet) -> None:
        contents = defaultdict(list)
        for r in gold.relations:
            if r.label == "CUE_OF":
                contents[r.head.key].append(r.child)
        heads = set()
        for span in gold.spans:
            piece = (
                doc.char_span(span.start, span.end, alignment_mode="expand") if span.label == "CUE" else None
            )
            verbs = [t for t in piece if t.pos_ == "VERB"] if piece is not None else []
            if not verbs:
                continue
            verb = verbs[-1]
            lemma = verb.lemma_.lower()
            heads.add(verb.i)
            for content in contents[span.key]:
                inside = doc.char_span(content.start, content.end, alignment_mode="expand")
                if inside is None or not len(inside):
                    continue
                self.contents[lemma] += 1
                self.quoting[lemma] += content.attrs.get("type") == "direct"
                frame = frame_of(verb, inside.root)
                if frame is not None:
                    self.frames[lemma][frame] += 1
        for token in doc:
            if token.pos_ == "VERB":
                lemma = token.lemma_.lower()
                self.uses[lemma] += 1
                self.cues[lemma] += token.i in heads

    def rate(self, lemma: str) -> float:
        return self.cues[lemma] / self.uses[lemma] if self.uses[lemma] else 0.0


def _kept(name: str) -> set[str]:
    """The hand-listed entries of a list (above the PolNeAR section)."""
    path = resources_dir() / "lexicons" / f"{name}.txt"
    text = path.read_text(encoding="utf-8").split(MARKER)[0] if path.is_file() else ""
    return {line.split("#")[0].strip() for line in text.splitlines() if line.split("#")[0].strip()}


def lists(counts: Counts, senses: dict[str, list[str]], clausal: set[str]) -> dict[str, list[str]]:
    """The PolNeAR sections of the three files."""
    speech, belief = [], []
    for lemma, n in counts.cues.most_common():
        rate = counts.rate(lemma)
        if n < MIN_CUES or not lemma.isalpha():
            continue
        note = (
            f"{lemma}  # heads {n} cues of {counts.uses[lemma]} uses as a verb, "
            f"{counts.quoting[lemma]} quoting; WordNet {senses.get(lemma, [])[:3]}"
        )
        quotes = counts.quoting[lemma] >= MIN_QUOTING
        if is_speech(senses.get(lemma, []), rate) or quotes:
            if rate >= MIN_RATE or quotes:
                speech.append(note)
        elif n >= BELIEF_CUES and rate >= BELIEF_RATE:
            belief.append(note)
    hand = _kept("cue_verbs")
    belief = [line for line in belief if line.split()[0] not in hand]
    cue_lemmas = {line.split()[0] for line in speech + belief} | hand
    frames = []
    for lemma in sorted(cue_lemmas):
        total = counts.contents[lemma]
        for frame, n in counts.frames[lemma].most_common():
            if n >= FRAME_MIN and n >= FRAME_SHARE * total:
                frames.append(f"{lemma} {frame}  # {n} of its {total} gold contents")
    listed = cue_lemmas | {line.split()[0] for line in speech}
    wordnet = [
        f"{lemma}  # {counts.cues[lemma]} cues of {counts.uses[lemma]} uses as a verb"
        for lemma in sorted(clausal - listed)
        if not (counts.uses[lemma] >= MIN_USES_AGAINST and counts.rate(lemma) < BELIEF_RATE)
    ]
    return {"cue_verbs": speech, "belief_verbs": belief, "cue_frames": frames, "cue_verbs_wordnet": wordnet}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if not (WORDNET / "data.verb").is_file():
        print(f"WordNet not found ({WORDNET}; apt-get install wordnet-base): skipped")
        return
    articles = pn.load_part("train")
    if not articles:
        print("PolNeAR train not found (../shared/corpus/polnear or $POLNEAR): skipped")
        return
    engine = Engine.load()
    where = args.cache / f"polnear-train-all-{engine.info.name}.spacy" if args.cache else None
    docs = pn.parse(engine.nlp, [a.text for a in articles], where)
    counts = Counts()
    for article, doc in zip(articles, docs, strict=True):
        counts.add(doc, pn.as_content(article.gold))
    pn.report_lexicons(lists(counts, wordnet_senses(), clause_communication()), "polnear_cues.py", args.write)
    lexicon.cache_clear()


if __name__ == "__main__":
    main()
