"""Token lists made from the chunk table equal a fresh ``spacy.blank("en")``'s."""

from __future__ import annotations

import json

import numpy as np
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.io.jsonl.tokens import TokenLists
from annotator.io.spacy_tokenizer import token_range
from tests.export.test_spacy_tokenizer import TEXTS

_reference_nlp = spacy.blank("en")
# One table for all examples: what it learnt from earlier texts carries over, as in an export.
_shared = TokenLists(spacy.blank("en").tokenizer)


def _reference(text: str) -> list[dict[str, object]]:
    """spaCy's own split with an empty cache, as Prodigy's token list."""
    _reference_nlp.tokenizer._flush_cache()
    return [
        {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
        for t in _reference_nlp.tokenizer(text)
    ]


def _check(lists: TokenLists, texts: list[str]) -> None:
    made = lists.batch(texts)
    assert len(made.json_lists) == len(texts)
    for k, (text, json_list) in enumerate(zip(texts, made.json_lists, strict=True)):
        expected = _reference(text)
        assert json.loads(json_list) == expected, text
        first, end = int(made.firsts[k]), int(made.firsts[k + 1])
        shift = int(made.text_starts[k])
        assert (made.starts[first:end] - shift).tolist() == [t["start"] for t in expected]
        assert (made.ends[first:end] - shift).tolist() == [t["end"] for t in expected]


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(TEXTS | st.sampled_from(["", " ", "  x", "x  ", "\n"]), min_size=1, max_size=5))
def test_a_batch_splits_every_text_as_spacy_does(texts: list[str]) -> None:
    _check(_shared, texts)


def test_corpus_articles_in_one_batch_and_alone(corpus) -> None:  # type: ignore[no-untyped-def]
    texts = [path.read_text(encoding="utf-8") for path in sorted(corpus.rglob("*.txt"))]
    assert texts
    fresh = TokenLists(spacy.blank("en").tokenizer)
    _check(fresh, texts)  # every word new: split in one spaCy call
    for text in texts:
        _check(fresh, [text])  # every word known


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(TEXTS, min_size=1, max_size=3),
    picks=st.lists(st.tuples(st.integers(0, 2), st.floats(0, 1), st.floats(0, 1)), min_size=1, max_size=12),
)
def test_span_tokens_widen_as_token_range_does(
    texts: list[str], picks: list[tuple[int, float, float]]
) -> None:
    made = _shared.batch(texts)
    text_of, starts, ends = [], [], []
    for which, a, b in picks:
        k = which % len(texts)
        size = len(texts[k])
        if size == 0:
            continue
        start = min(int(a * size), size - 1)
        end = max(start + 1, min(int(b * size) + 1, size))
        text_of.append(k)
        starts.append(start)
        ends.append(end)
    if not starts:
        return
    first, last, exact = made.span_tokens(np.array(text_of), np.array(starts), np.array(ends))
    for k, s, e, f, t, x in zip(
        text_of, starts, ends, first.tolist(), last.tolist(), exact.tolist(), strict=True
    ):
        tokens = _reference(texts[k])
        if not tokens:
            assert (f, t, x) == (0, 0, False)
            continue
        expected = token_range([tok["start"] for tok in tokens], [tok["end"] for tok in tokens], s, e)
        assert (f, t, x) == expected


def test_long_tokens_and_odd_white_space() -> None:
    fresh = TokenLists(spacy.blank("en").tokenizer)
    texts = [
        "see https://example.org/a/very/long/path/that/goes/on?x=1&y=2 now",
        "x" * 40 + " " + "y" * 31 + "\u2003" + "z" * 32,
        "  \n\n  indented\tand\u00a0spaced  ",
    ]
    _check(fresh, texts)
    _check(fresh, texts)  # again, from the filled tables
