"""Issue 16, items 3-7, with real key presses on the seed article: links accepted with
their quote and drawn differently from suggestions, the panel showing what is stored,
spans made and reached by keyboard, and command keys only where the review has focus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.usecases.annotating import Item
from tests.gui.test_review_window import on_disk

DENIAL = "There are no personnel announcements at this time,"
MORON = "Tillerson threatened to resign in July"


def item_reading(window: MainWindow, words: str, label: str | None = None) -> Item:
    view = window.session.view  # type: ignore[union-attr]
    return next(
        i for i in view.items if view.words(i).startswith(words) and (label is None or i.span.label == label)
    )


def walk_to(window: MainWindow, qtbot, key: str) -> None:  # type: ignore[no-untyped-def]
    """Press n (next span, accepted or not) until ``key`` is focused."""
    for _ in range(400):
        if window.annotating.focus == key:
            return
        qtbot.keyClick(window.text, Qt.Key.Key_N)
    raise AssertionError(f"n never reached {key}")


def stored_links(path: Path) -> set[tuple[str, str, str]]:
    saved = on_disk(path)
    view = saved.view
    links = {
        (lk.label, view.words(view.item(lk.head)), view.words(view.item(lk.child)))
        for lk in view.links
        if not lk.pending
    }
    saved.project.close()
    return links


def test_accepting_a_quote_accepts_its_suggested_speaker_and_cue_links(
    window: MainWindow, qtbot, seeded: Path
) -> None:  # type: ignore[no-untyped-def]
    quote = item_reading(window, DENIAL)
    view = window.session.view  # type: ignore[union-attr]
    speaker = next(o for lk, o in view.linked(quote.key) if lk.label == "SPEAKER")
    cue = next(o for lk, o in view.linked(quote.key) if lk.label == "CUE_OF")
    walk_to(window, qtbot, speaker.key)
    qtbot.keyClick(window.text, Qt.Key.Key_A)  # the speaker first
    walk_to(window, qtbot, quote.key)
    # Before the quote is accepted its links are suggestions: drawn dashed, marked "?".
    # The denial also denies the suggested claim (NBC's report) earlier in the text.
    assert {(label, suggested) for label, suggested, _, _ in window.text.link_arcs()} == {
        ("SPEAKER", True),
        ("CUE_OF", True),
        ("DENIES", True),
    }
    window.annotating.sync_panels()
    assert "speaker? Sarah Huckabee Sanders" in window.spans.links_of(quote.key)
    qtbot.keyClick(window.text, Qt.Key.Key_A)  # the quote: its link to the accepted speaker comes too
    assert ("SPEAKER", DENIAL, "Sarah Huckabee Sanders") in stored_links(seeded)
    accepted_quote = item_reading(window, DENIAL)
    assert not accepted_quote.pending
    walk_to(window, qtbot, cue.key)
    qtbot.keyClick(window.text, Qt.Key.Key_A)  # the cue: its link to the accepted quote comes too
    assert ("CUE_OF", "said", DENIAL) in stored_links(seeded)
    walk_to(window, qtbot, accepted_quote.key)
    # Accepted ends make accepted links; the claim is still a suggestion, so DENIES stays one.
    assert sorted(arc[:2] for arc in window.text.link_arcs()) == [
        ("CUE_OF", False),
        ("DENIES", True),
        ("SPEAKER", False),
    ]
    window.annotating.sync_panels()
    cell = window.spans.links_of(accepted_quote.key)
    assert "speaker Sarah Huckabee Sanders;" in cell and "cue_of said;" in cell
    assert "speaker?" not in cell and "cue_of?" not in cell and "denies? " in cell
    assert "accepted with 1 suggested link" in window.statusBar().currentMessage()


def test_the_speaker_column_shows_the_stored_speaker(window: MainWindow, qtbot, seeded: Path) -> None:  # type: ignore[no-untyped-def]
    quote = item_reading(window, MORON, "QUOTE")
    walk_to(window, qtbot, quote.key)
    window.annotating.sync_panels()
    before = window.spans.links_of(quote.key)
    assert "speaker? NBC News" in before and "speaker? administration officials" in before
    qtbot.keyClick(window.text, Qt.Key.Key_S)
    rows = [window.picker.list.item(r).text() for r in range(window.picker.list.count())]
    nbc = next(r for r, text in enumerate(rows) if text.startswith("ORG  NBC News  (suggested)"))
    for _ in range(nbc):
        qtbot.keyClick(window.picker.list, Qt.Key.Key_Tab)
    qtbot.keyClick(window.picker.list, Qt.Key.Key_Return)
    assert {link for link in stored_links(seeded) if link[0] == "SPEAKER"} == {
        ("SPEAKER", window.session.view.words(item_reading(window, MORON, "QUOTE")), "NBC News")  # type: ignore[union-attr]
    }
    window.annotating.sync_panels()
    cell = window.spans.links_of(window.annotating.focus)  # type: ignore[arg-type]
    assert "speaker NBC News" in cell and "administration officials" not in cell


def test_spans_by_keyboard_caret_and_selection(window: MainWindow, qtbot, seeded: Path) -> None:  # type: ignore[no-untyped-def]
    text = window.session.view.article.text  # type: ignore[union-attr]
    qtbot.keyClick(window.text, Qt.Key.Key_Escape)  # leave the span: the caret is ours
    assert window.annotating.focus is None
    qtbot.keyClick(window.text, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(3):  # select the first words, word by word
        qtbot.keyClick(
            window.text,
            Qt.Key.Key_Right,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    selection = window.text.selection_range()
    assert selection is not None and selection[0] == 0 and selection[1] > len("WASHINGTON")
    qtbot.keyClick(window.text, Qt.Key.Key_6)  # CLAIM over the selection, snapped to tokens
    claim = next(i for i in window.session.view.items if i.span.label == "CLAIM")  # type: ignore[union-attr]
    assert (claim.span.start, claim.span.end) == window.session.tokens.snap(*selection) and not claim.pending  # type: ignore[union-attr]
    assert window.annotating.focus == claim.key
    # The caret's word: Escape, move with arrows, a label key.
    qtbot.keyClick(window.text, Qt.Key.Key_Escape)
    start = text.index("Trump")
    while window.text.offsets.from_qt(window.text.textCursor().position()) < start + 2:
        qtbot.keyClick(window.text, Qt.Key.Key_Right)
    qtbot.keyClick(window.text, Qt.Key.Key_7)  # ORG on the word at the caret
    saved = on_disk(seeded)
    spans = {(i.span.label, saved.view.words(i)) for i in saved.view.items if not i.pending}
    saved.project.close()
    assert ("ORG", "Trump") in spans and ("CLAIM", text[claim.span.start : claim.span.end]) in spans


def test_walking_all_spans_and_linking_a_cue_from_the_quote(window: MainWindow, qtbot, seeded: Path) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.text, Qt.Key.Key_A)  # accept the first suggestion
    accepted = next(i for i in window.session.view.items if not i.pending)  # type: ignore[union-attr]
    # j/k skip accepted spans; n/p and Down/Up visit every span, accepted ones too.
    order = [i.key for i in window.session.view.items]  # type: ignore[union-attr]
    first = order.index(window.annotating.focus)  # type: ignore[arg-type]
    seen = set()
    for _ in range(len(window.session.view.items)):  # type: ignore[union-attr]
        qtbot.keyClick(window.text, Qt.Key.Key_Down)
        seen.add(window.annotating.focus)
    assert accepted.key in seen and len(seen) == len(window.session.view.items)  # type: ignore[union-attr]
    qtbot.keyClick(window.text, Qt.Key.Key_Up)
    qtbot.keyClick(window.text, Qt.Key.Key_P)
    assert order.index(window.annotating.focus) == (first - 2) % len(order)  # type: ignore[arg-type]
    qtbot.keyClick(window.text, Qt.Key.Key_Escape)  # no span focused: Down moves the caret,
    qtbot.keyClick(window.text, Qt.Key.Key_Down)
    assert window.annotating.focus is None
    qtbot.keyClick(window.text, Qt.Key.Key_N)  # n goes to a span again
    assert window.annotating.focus is not None
    # c on a quote: the picker offers cues, the suggested one first; Enter links cue -> quote.
    quote = item_reading(window, DENIAL)
    walk_to(window, qtbot, quote.key)
    qtbot.keyClick(window.text, Qt.Key.Key_C)
    assert window.picker.isVisible() and window.picker.list.item(0).text().startswith(
        "CUE  said  (suggested)"
    )
    qtbot.keyClick(window.picker.list, Qt.Key.Key_Return)
    assert ("CUE_OF", "said", DENIAL) in stored_links(seeded)


def test_the_picker_never_links_a_guess(window: MainWindow, qtbot, seeded: Path) -> None:  # type: ignore[no-untyped-def]
    role = item_reading(window, "spokeswoman", "ROLE")
    walk_to(window, qtbot, role.key)
    qtbot.keyClick(window.text, Qt.Key.Key_R)  # ROLE_OF: no suggestion for this role
    assert window.picker.isVisible() and not window.picker.armed  # nothing chosen yet
    assert "— line " in window.picker.list.item(0).text()  # where each candidate is
    qtbot.keyClick(window.picker.list, Qt.Key.Key_Return)
    assert window.picker.isVisible() and not stored_links(seeded)
    qtbot.keyClick(window.picker.list, Qt.Key.Key_Tab)
    qtbot.keyClick(window.picker.list, Qt.Key.Key_Return)
    assert [lk[0] for lk in stored_links(seeded)] == ["ROLE_OF"]


def test_command_letters_never_act_outside_the_review(window: MainWindow, qtbot, seeded: Path) -> None:  # type: ignore[no-untyped-def]
    pending = len(window.session.view.pending)  # type: ignore[union-attr]
    window.articles.table.setFocus()
    for key in (
        Qt.Key.Key_K,
        Qt.Key.Key_O,
        Qt.Key.Key_R,
        Qt.Key.Key_E,
        Qt.Key.Key_A,
        Qt.Key.Key_4,
        Qt.Key.Key_X,
    ):
        qtbot.keyClick(window.articles.table, key)
    qtbot.keyClick(window.text, Qt.Key.Key_Backspace)  # not a command: nothing rejected
    assert len(window.session.view.pending) == pending  # type: ignore[union-attr]
    saved = on_disk(seeded)
    assert not [i for i in saved.view.items if not i.pending]
    saved.project.close()
    # Ctrl+F (or /) goes to the filter; letters there filter; Escape comes back to the text.
    window.text.setFocus()
    qtbot.keyClick(window.text, Qt.Key.Key_Slash)
    assert window.articles.filter.hasFocus()
    qtbot.keyClicks(window.articles.filter, "korea xa")
    assert window.articles.filter.text() == "korea xa" and not window.articles.ids_in_order()
    qtbot.keyClick(window.articles.filter, Qt.Key.Key_Escape)
    assert window.text.hasFocus()
    qtbot.keyClick(window.text, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.articles.filter.hasFocus()
    assert len(window.session.view.pending) == pending  # type: ignore[union-attr]
    assert ":focus" in window.centralWidget().styleSheet()  # where the keys go is drawn
