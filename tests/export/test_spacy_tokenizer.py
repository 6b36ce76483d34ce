"""The cached tokenizer splits every text exactly as a fresh ``spacy.blank("en")``."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.io.spacy_tokenizer import Tokenizer, token_range

# What changes spaCy's splits: punctuation, quotes, contractions, special cases, odd white space.
PIECES = st.sampled_from(
    [
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "\xa0",
        " \n ",
        "it's",
        "don't",
        "U.S.",
        "Mr.",
        "a.m.",
        "(",
        ")",
        '"',
        "“",
        "”",
        "'",
        "’",
        "—",
        "-",
        ":",
        ";",
        ",",
        ".",
        "...",
        "!?",
        ":-)",
        "C++",
        "e.g.",
        "🙂",
        "𝔘",
        "e\u0301",
        "https://x.org/a?b=1",
        "x@y.com",
        "10km",
        "$5",
        "1,000",
        "co-op",
        "Smith",
        "said",
        "word",
    ]
)
TEXTS = st.lists(st.one_of(PIECES, st.characters(exclude_categories=("Cs",))), min_size=1, max_size=60).map(
    "".join
)
_shared = Tokenizer()  # one tokenizer for all examples: its cache carries over, as in an export
_reference_nlp = spacy.blank("en")


def _reference(text: str) -> list[tuple[str, int, bool]]:
    """spaCy's own split with an empty cache, as a fresh ``spacy.blank("en")`` gives it."""
    _reference_nlp.tokenizer._flush_cache()
    doc = _reference_nlp.tokenizer(text)
    return [(t.text, t.idx, bool(t.whitespace_)) for t in doc]


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(TEXTS, min_size=1, max_size=4))
def test_tokens_equal_a_fresh_blank_english_tokenizer(texts: list[str]) -> None:
    for text in texts:
        doc = _shared(text)
        assert [(t.text, t.idx, bool(t.whitespace_)) for t in doc] == _reference(text)


def test_token_range_widens_to_token_boundaries() -> None:
    doc = Tokenizer()("Hi. My name is Vincent")
    starts, ends = [t.idx for t in doc], [t.idx + len(t) for t in doc]
    assert token_range(starts, ends, 15, 22) == (5, 5, True)
    assert token_range(starts, ends, 4, 14) == (2, 4, True)
    assert token_range(starts, ends, 16, 20) == (5, 5, False)  # inside "Vincent"
    assert token_range(starts, ends, 5, 10) == (2, 3, False)  # "y name"
    assert token_range(starts, ends, 6, 7) == (2, 2, False)  # the space after "My"
