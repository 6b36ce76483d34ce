import datetime as dt

import pytest

from annotator.core.errors import InputError
from annotator.core.text import (
    content_hash,
    guess_title,
    newline_offset_map,
    normalise_newlines,
    read_plain_text,
)


def test_seed_layout_date_on_the_body_line() -> None:
    article = read_plain_text(b" date 2017-11-30 WASHINGTON \xe2\x80\x94 The plan.")
    assert article.date == dt.date(2017, 11, 30)
    assert article.text == "WASHINGTON — The plan."


def test_date_on_its_own_line_is_removed_with_its_line_end() -> None:
    article = read_plain_text(b"date 2011-04-10\nHeadline\n\nBody.\n")
    assert article.date == dt.date(2011, 4, 10)
    assert article.text == "Headline\n\nBody.\n"


def test_no_date_line_keeps_everything() -> None:
    article = read_plain_text(b"  Body with a date 2011-04-10 inside.")
    assert article.date is None
    assert article.text == "  Body with a date 2011-04-10 inside."


def test_bom_dropped_and_crlf_and_cr_become_lf() -> None:
    article = read_plain_text(b"\xef\xbb\xbfdate 2020-01-02\r\nA\r\nB\rC")
    assert article.text == "A\nB\nC"


def test_quotes_and_unicode_untouched() -> None:
    body = '“Curly” and "straight" café e\u0301 🙂'
    assert read_plain_text(body.encode()).text == body


@pytest.mark.parametrize(
    ("data", "reason", "line"),
    [
        (b"date 2020-01-01\n\n   \n", "empty article", None),
        (b"abc\x00def", "binary file", None),
        (b"line one\nline two \xff\xfe\n", "not UTF-8: invalid byte 0xff", 2),
        (b"date 2020-13-45 body", "invalid date '2020-13-45'", 1),
    ],
)
def test_bad_plain_text_refused_with_reason(data: bytes, reason: str, line: int | None) -> None:
    with pytest.raises(InputError) as info:
        read_plain_text(data)
    assert reason in info.value.reason
    if line is not None:
        assert info.value.line == line


def test_newline_offset_map_follows_text() -> None:
    raw = "a\r\nb\r\nc"
    convert = newline_offset_map(raw)
    assert normalise_newlines(raw) == "a\nb\nc"
    assert [convert(i) for i in range(len(raw) + 1)] == [0, 1, 1, 2, 3, 3, 4, 5]


def test_content_hash_is_stable_and_text_sensitive() -> None:
    assert content_hash("abc") == content_hash("abc")
    assert content_hash("abc") != content_hash("abc ")
    assert len(content_hash("🙂")) == 64


def test_title_from_headline_or_opening_words() -> None:
    assert guess_title("Short headline\n\nBody text.") == "Short headline"
    long_first = "WASHINGTON — " + "word " * 60
    title = guess_title(long_first)
    assert title.endswith("…") and len(title) <= 121
