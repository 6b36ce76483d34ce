"""The candidate statements a trained span categorizer scores (registered with spaCy).

spaCy's n-gram suggester reaches short spans only (roles, sources, cues: the
trained model's short head uses it); the content of a statement runs to dozens
of tokens, and all n-grams up to that length are tens of thousands per article.
This suggester offers only the spans a statement's content can take: text
between quotation marks, each sentence, the stretches of a sentence between its
punctuation (", he said" cut off), clauses (the subtree of a ``ccomp``,
``xcomp``, ``parataxis``, ``advcl`` or ``conj`` head, with and without its
"that"), and noun chunks: a few hundred per article.

Registered as ``annotator.statement_candidates.v1``; importing this module
registers it (``pipeline.load`` does so before loading a pipeline folder).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, cast

import numpy

# This module exists to register with spaCy: only pipeline.load imports it, with spaCy.
from spacy.util import registry  # noqa: TID253
from thinc.api import Ops, get_current_ops
from thinc.types import Ints2d, Ragged

from annotator.suggest.quotes import find_quotes

if TYPE_CHECKING:
    from spacy.tokens import Doc

STATEMENTS_NAME = "annotator.statement_candidates.v1"
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "advcl", "conj"})
MARKS = frozenset({"that", "whether", "if"})
SPLIT_PUNCT = frozenset({",", ":", ";", "—", "–", "--", "(", ")", '"', "“", "”", "'"})
MAX_SPLITS = 8  # split points per sentence: pieces grow with their square
MIN_TOKENS = 3  # shorter statements are quoted fragments ("moron"), found by their marks

Suggester = Callable[..., Ragged]


def long_spans(doc: Doc, max_splits: int = MAX_SPLITS) -> set[tuple[int, int]]:
    """Token ranges (start, end exclusive) a statement's content may take."""
    found: set[tuple[int, int]] = set()
    quoted = set()
    for piece in find_quotes(doc.text):
        span = doc.char_span(piece.start, piece.end, alignment_mode="expand")
        if span is not None and len(span):
            quoted.add((span.start, span.end))
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        for sent in doc.sents:
            found.add((sent.start, sent.end))
            cuts = [sent.start, *[t.i for t in sent if t.text in SPLIT_PUNCT][:max_splits], sent.end]
            for a, left in enumerate(cuts):
                for right in cuts[a + 1 :]:
                    start = left + 1 if left != sent.start or doc[left].text in SPLIT_PUNCT else left
                    end = right - 1 if right == sent.end and doc[right - 1].is_punct else right
                    if end > start:
                        found.add((start, end))
    if doc.has_annotation("DEP"):
        for token in doc:
            if token.dep_ in CLAUSE_DEPS:
                start, end = token.left_edge.i, token.right_edge.i + 1
                found.add((start, end))
                if doc[start].lower_ in MARKS and end > start + 1:
                    found.add((start + 1, end))
        for chunk in doc.noun_chunks:
            found.add((chunk.start, chunk.end))
    return quoted | {(start, end) for start, end in found if end - start >= MIN_TOKENS}


def statement_candidates(docs: Iterable[Doc], *, ops: Ops | None = None) -> Ragged:
    """Only :func:`long_spans` (of any length), per doc: the candidates for statements."""
    ops = ops or get_current_ops()
    rows, lengths = [], []
    for doc in docs:
        ordered = numpy.array(sorted(long_spans(doc)), dtype="i").reshape((-1, 2))
        rows.append(ordered)
        lengths.append(len(ordered))
    data = cast(Ints2d, numpy.vstack(rows) if rows else numpy.zeros((0, 2), dtype="i"))
    return Ragged(ops.asarray2i(data), ops.asarray1i(lengths))


@registry.misc(STATEMENTS_NAME)
def build_statement_candidates() -> Suggester:
    """The suggester of :func:`statement_candidates` for a spancat config."""
    return statement_candidates
