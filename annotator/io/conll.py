"""CoNLL-2003 style BIO: one token and its tag per line, a blank line between
sentences, ``-DOCSTART-`` before each document (formats.md).

One token holds one tag, so only the chosen labels (default PERSON, ROLE) are
written, and of overlapping spans only the longest: the others are counted as
left out. Sentences come from spaCy's rule-based sentencizer, and a line break
always ends one; white-space tokens are not written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.io.exported import Annotated, WriteReport
from annotator.io.spacy_tokenizer import aligned_span, shared_tokenizer

if TYPE_CHECKING:
    from spacy.tokens import Doc

DOCSTART = "-DOCSTART- -X- -X- O"


def overlapping(labels: Sequence[str]) -> str:
    return f"{'/'.join(labels)} spans overlapping a longer one (a token holds one tag)"


def write_conll(items: Iterable[Annotated], path: Path, report: WriteReport, labels: Sequence[str]) -> None:
    """Write the items' spans of ``labels`` as BIO tags to ``path``."""
    from spacy.pipeline import Sentencizer

    tokenizer = shared_tokenizer()
    sentencizer = Sentencizer()
    chosen = set(labels)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for item in items:
            doc = sentencizer(tokenizer(item.article.text))
            tags, written = _tags(doc, item, chosen, labels, report)
            out.write(DOCSTART + "\n\n")
            for sentence in _sentences(doc, tags):
                out.write("".join(f"{text} {tag}\n" for text, tag in sentence) + "\n")
            report.count(item, spans=written, relations=0)
    if report.relations == 0:
        report.notes.append("CoNLL has no place for relations or attributes: none written")


def _tags(
    doc: Doc, item: Annotated, chosen: set[str], labels: Sequence[str], report: WriteReport
) -> tuple[list[str], int]:
    from spacy.util import filter_spans

    spans: list[Any] = []
    for span in item.sorted_spans():
        if span.label not in chosen:
            report.left_out[f"{span.label} spans (CoNLL gets the --ents labels: {', '.join(labels)})"] += 1
            continue
        got = aligned_span(doc, span, report)
        if got is None:
            continue
        spans.append(got)
    kept = filter_spans(spans)
    if len(kept) < len(spans):
        report.left_out[overlapping(labels)] += len(spans) - len(kept)
    tags = ["O"] * len(doc)
    for entity in kept:
        tags[entity.start] = f"B-{entity.label_}"
        for i in range(entity.start + 1, entity.end):
            tags[i] = f"I-{entity.label_}"
    return tags, len(kept)


def _sentences(doc: Doc, tags: list[str]) -> Iterable[list[tuple[str, str]]]:
    """Token/tag pairs by sentence; white space is dropped and a line break ends a sentence."""
    current: list[tuple[str, str]] = []
    for token in doc:
        # The sentencizer may split after "Sen." inside a name: never inside an entity.
        starts = token.is_sent_start and not tags[token.i].startswith("I-")
        if token.is_space or (starts and current):
            if current:
                yield current
                current = []
            if token.is_space:
                continue
        tag = tags[token.i]
        if not current and tag.startswith("I-"):
            tag = "B-" + tag[2:]  # an entity cut by a sentence break starts again
        current.append((token.text, tag))
    if current:
        yield current
