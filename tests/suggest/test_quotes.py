"""Direct quotations from the marks alone."""

from annotator.suggest.quotes import find_quotes


def texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_curly_and_straight_marks() -> None:
    assert texts('He said “one,” and then "two."') == ["one,", "two."]


def test_split_quote_gives_two_pieces() -> None:
    text = '"The plan is dead," she said. "We will not revive it."'
    assert texts(text) == ["The plan is dead,", "We will not revive it."]


def test_quote_reopened_in_the_next_paragraph_is_one_quotation() -> None:
    text = "“First paragraph of it.\n\n“Second paragraph,” he said."
    pieces = find_quotes(text)
    assert [text[q.start : q.end] for q in pieces] == ["First paragraph of it.", "Second paragraph,"]
    assert pieces[0].group == pieces[1].group


def test_quote_closed_in_the_next_paragraph_without_reopening() -> None:
    text = 'He said, "I think so.\n\nIt was fine." Then he left.'
    assert texts(text) == ["I think so.", "It was fine."]


def test_unbalanced_mark_never_stops_the_document() -> None:
    text = 'A stray “ mark opens here.\n\nMore text.\n\n"A real quote," she said.\n\nA 5" screen.'
    assert texts(text) == ["A real quote,"]


def test_mark_typed_the_wrong_way_round_still_closes() -> None:
    text = "He added, “It is an affront.“ However, nothing changed."
    assert texts(text) == ["It is an affront."]


def test_non_bmp_text_keeps_offsets() -> None:
    text = "🙂🙂 She said “héllo 🌍 world” ok"
    [piece] = find_quotes(text)
    assert text[piece.start : piece.end] == "héllo 🌍 world"


def test_two_apostrophes_stand_for_a_double_mark() -> None:
    text = "''We will win,'' Mr. Ruiz said. ''It is close.''\n\nThe players' union's view."
    assert texts(text) == ["We will win,", "It is close."]
