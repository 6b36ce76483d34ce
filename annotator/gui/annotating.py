"""Keyboard-first review: key presses become use-case actions on the focused span.

Command keys act only while the text or the spans panel has the keyboard focus:
typing in the article filter, or moving in the article list, never reaches them.
Relation keys come from the scheme (``[[relations]] key``), not from this module.
"""

from __future__ import annotations

import html
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.gui.keymap import DEFAULTS
from annotator.usecases.annotating import AnnotationOutcome, AnnotationSession, ArticleView, Item, ItemKey
from annotator.usecases.article_list import ArticleListRow

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

PANEL_DELAY_MS = 40
_SPAN_ONLY = {"grow_left", "grow_right", "shrink_left", "shrink_right"}
_ARROWS = {"Up", "Down", "Left", "Right"}
_MODIFIERS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr}


def _normal(sequence: str) -> str:
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.PortableText)


class AnnotatingScreen(QObject):
    """Owns the focused span and turns keys into actions through the session."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.focus: ItemKey | None = None
        self.commands: dict[str, str] = {}
        for name, keys in window.keymap.items():
            for key in keys:
                self.commands[_normal(key)] = name
        assert window.project is not None
        scheme = window.project.scheme
        self.label_keys = {_normal(lab.key): lab.name for lab in scheme.labels}
        self.relation_keys = {_normal(rel.key): rel.name for rel in scheme.relations if rel.key}
        for widget in (window.text, window.spans):
            widget.installEventFilter(self)
        # The text repaints on every key; the spans panel and the article row follow
        # a moment later, once per burst of keys (a tree of 1,500 rows is not free).
        self._panel_view: ArticleView | None = None
        self._panel_row: ArticleListRow | None = None
        self._panel_dirty = False
        self._panel_timer = QTimer(self)
        self._panel_timer.setSingleShot(True)
        self._panel_timer.setInterval(PANEL_DELAY_MS)
        self._panel_timer.timeout.connect(self.sync_panels)
        self._confirm_done: int | None = None  # article whose Ctrl+Enter waits for a second press
        window.text.clicked.connect(self.click_at)
        window.spans.focused.connect(self.set_focus)
        window.picker.chosen.connect(self.link_chosen)

    # -- helpers -----------------------------------------------------------------
    @property
    def session(self) -> AnnotationSession:
        assert self.window.session is not None
        return self.window.session

    @property
    def view(self) -> ArticleView:
        return self.session.view

    def say(self, message: str, ms: int = 8000) -> None:
        self.window.statusBar().showMessage(message, ms)

    def open_article(self, article_id: int) -> None:
        view = self.session.open(article_id)
        self.window.text.show_article(view)
        self._panel_view = view
        self.window.articles.select(article_id)
        self.set_focus(view.next_pending(0))
        self.sync_panels()
        self.window.text.setFocus()  # keyboard first: keys act on the text at once

    def show_outcome(self, outcome: AnnotationOutcome, move_on: bool = False, at: Item | None = None) -> None:
        """Paint what an action did: the focus on the item it made or kept (``move_on``: on
        the next suggestion after ``at``); refused, the article as stored and why."""
        view = outcome.view
        if outcome.refused:
            self.say(outcome.refused)
        if outcome.reloaded or self.window.text.shown_text != view.article.text:
            self.window.articles.select(view.article.id)
            self.window.text.show_article(view)
        else:
            self.window.text.update_items(view)
        self._panel_view = view
        self._panel_row = outcome.row
        if outcome.reloaded:
            target = view.same_span(at) or view.next_pending(0)
        elif move_on:
            target = view.next_pending(at.span.start if at is not None else 0)
        else:
            target = outcome.key or (self.focus if self.focus in view.by_key else None)
        self.set_focus(target)

    def show_stored(self, previous: ArticleView | None = None) -> None:
        """Another window or process changed the open article: show what is stored now
        (``previous``: the view before, to keep the focus on the same span)."""
        view = self.view
        if self.window.text.shown_text != view.article.text:
            self.window.text.show_article(view)
        # The focused item may have changed its key (a suggestion accepted elsewhere): same span.
        old = previous.by_key.get(self.focus) if previous is not None and self.focus else None
        self.window.text.update_items(view)
        self._panel_view = view
        self._panel_row = self.session.row()
        same = view.same_span(old)
        self.set_focus(same or (self.focus if self.focus in view.by_key else None))

    def set_focus(self, key: ItemKey | None) -> None:
        view = self.view
        self.focus = key if key in view.by_key else None
        item = view.by_key.get(self.focus) if self.focus else None
        links = view.linked(item.key) if item is not None else []
        self.window.text.focus_item(item, [other for _, other in links], links=links)
        self._panel_dirty = True
        self._panel_timer.start()

    def sync_panels(self) -> None:
        """Bring the spans panel, its selection and the article row up to date."""
        self._panel_timer.stop()
        if self.window.session is None:
            return  # the project was closed in the meantime
        if self._panel_view is not None:
            self.window.spans.show_view(self._panel_view)
            self._panel_view = None
        if self._panel_row is not None:
            self.window.articles.update_row(self._panel_row)
            self._panel_row = None
        if self._panel_dirty:
            self.window.spans.select_key(self.focus)
            self._panel_dirty = False

    def detach(self) -> None:
        """Stop listening: the window is about to show another project or annotator."""
        self._panel_timer.stop()
        for widget in (self.window.text, self.window.spans):
            widget.removeEventFilter(self)

    def click_at(self, offset: int) -> None:
        """Focus the smallest span under a click."""
        key = self.view.item_at(offset)
        if key is not None:
            self.set_focus(key)

    # -- keys ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if self.window.picker.isVisible() or event.key() in _MODIFIERS:
            return False  # choosing in the picker; a modifier alone is half a key
        combo = QKeySequence(event.keyCombination()).toString(QKeySequence.SequenceFormat.PortableText)
        if watched is self.window.spans and combo in _ARROWS:
            return False  # the panel's own arrows move its selection (and the focus follows)
        command = self.commands.get(combo)
        if (
            command is None
            and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            and not event.text().isalpha()
        ):
            command = self.commands.get(event.text())  # "?" is Shift+/ on many layouts
        if command != "done":
            self._confirm_done = None
        if command is None and combo in self.label_keys:
            return self.label(self.label_keys[combo])
        if command is None and combo in self.relation_keys:
            return self.run(lambda: self.pick(self.relation_keys[combo]))
        if command is None:
            return False
        if self.focus is None and (command in _SPAN_ONLY or combo in _ARROWS):
            return False  # no focused span: arrows move the caret, Shift+arrows select text
        handler: Callable[[], None] | None = getattr(self, f"do_{command}", None)
        return self.run(handler) if handler is not None else False

    def run(self, handler: Callable[[], None]) -> bool:
        """Do one command; True (the key is used) whatever happened."""
        try:
            handler()
        except AnnotatorError as exc:
            self.say(str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug must not take the window down; nothing half-saved
            traceback.print_exc()
            self.window.show_error(
                f"Something went wrong with that key ({type(exc).__name__}; details on the terminal); "
                "the project is unchanged by it."
            )
        return True

    def label(self, name: str) -> bool:
        """A label key: relabel the focused span; with no span focused, a new span over the
        selection, or over the word at the caret."""
        text_view = self.window.text
        try:
            if self.focus is not None and text_view.selection_range() is None:
                item = self.view.item(self.focus)
                self.show_outcome(self.session.relabel(self.focus, name), at=item)
                return True
            selection = text_view.selection_range() or text_view.caret_word(self.session.tokens)
            if selection is None:
                raise AnnotatorError("no word at the caret: move it with the arrows (Escape first)")
            outcome = self.session.create(*selection, name)
            text_view.drop_selection()
            self.show_outcome(outcome)
        except AnnotatorError as exc:
            self.say(str(exc))
        return True

    def _focused(self) -> Item:
        if self.focus is None:
            raise AnnotatorError("no span is focused: j/k go to the next suggestion, n/p to any span")
        return self.view.item(self.focus)

    def do_next(self) -> None:
        start = self._focused().span.start + 1 if self.focus else 0
        self.set_focus(self.view.next_pending(start))

    def do_previous(self) -> None:
        start = self._focused().span.start if self.focus else len(self.view.article.text)
        self.set_focus(self.view.next_pending(start, backwards=True))

    def do_next_span(self) -> None:
        self.set_focus(self.view.next_item(self.focus))

    def do_previous_span(self) -> None:
        self.set_focus(self.view.next_item(self.focus, backwards=True))

    def do_accept(self) -> None:
        item = self._focused()
        outcome = self.session.accept(item.key)
        linked = outcome.links_added
        if linked > 0:
            self.say(f"accepted with {linked} suggested link{'s' if linked > 1 else ''}", 4000)
        self.show_outcome(outcome, move_on=not outcome.refused, at=item)

    def do_reject(self) -> None:
        item = self._focused()
        outcome = self.session.reject(item.key)
        self.show_outcome(outcome, move_on=not outcome.refused, at=item)

    do_delete = do_reject

    def do_accept_all(self) -> None:
        self.show_outcome(self.session.accept_all(), move_on=True)

    def _resize(self, kind: str, side: str) -> None:
        item = self._focused()
        self.show_outcome(getattr(self.session, kind)(item.key, side), at=item)

    def do_grow_left(self) -> None:
        self._resize("grow", "left")

    def do_grow_right(self) -> None:
        self._resize("grow", "right")

    def do_shrink_left(self) -> None:
        self._resize("shrink", "left")

    def do_shrink_right(self) -> None:
        self._resize("shrink", "right")

    def pick(self, relation: str) -> None:
        """Offer the other end of ``relation`` for the focused span (from either end)."""
        item = self._focused()
        candidates = self.session.candidates(item.key, relation)
        if not candidates:
            raise AnnotatorError(f"nothing to link with {relation} from a {item.span.label}")
        suggested = self.session.suggested_partners(item.key, relation)
        self.window.picker.offer(relation, item.key, self.view.article.text, candidates, suggested)

    def link_chosen(self, relation: str, head_key: ItemKey, child: ItemKey) -> None:
        head = self.view.by_key.get(head_key)
        if head is None:
            return
        try:
            outcome = self.session.link(relation, head.key, child)
        except AnnotatorError as exc:
            self.say(str(exc))
            return
        self.show_outcome(outcome, at=head)
        self.window.text.setFocus()

    def do_done(self) -> None:
        view = self.view
        article_id = view.article.id
        left = len(view.pending)
        if left and self._confirm_done != article_id:
            self._confirm_done = article_id
            self.say(
                f"{left} suggestion{'s' if left > 1 else ''} not reviewed yet on this article: "
                "Ctrl+Enter again marks it done anyway (any other key: go on reviewing)",
                15000,
            )
            return
        self._confirm_done = None
        outcome = self.session.mark_done()
        if outcome.refused:
            self.show_outcome(outcome)
            return
        self.window.articles.update_row(outcome.row)
        order = self.window.articles.ids_in_order()
        following = self.session.next_undone(order, self.window.articles.statuses())
        if following is not None:
            self.open_article(following)
            self.say("marked done; here is the next article not done", 4000)
        else:
            self.say("All articles are done.")

    def show_undone(self, outcome: AnnotationOutcome) -> None:
        """Paint an undo or a redo (it may have gone back to another article)."""
        self.window.articles.select(outcome.article_id)
        self.show_outcome(outcome)
        if not outcome.refused:
            title = outcome.view.article.title or f"article {outcome.article_id}"
            self.say(f"{outcome.verb}: {outcome.name} — {title}")

    def do_undo(self) -> None:
        self.window.undo_step()

    def do_redo(self) -> None:
        self.window.undo_step(redo=True)

    def do_clear(self) -> None:
        self.set_focus(None)

    def do_find(self) -> None:
        self.window.articles.filter.setFocus()
        self.window.articles.filter.selectAll()

    def do_zoom_in(self) -> None:
        self.window.text.zoom(+1)

    def do_zoom_out(self) -> None:
        self.window.text.zoom(-1)

    def do_save(self) -> None:
        self.window.mark_saved("")

    def do_help(self) -> None:
        self.show_help()

    def show_help(self) -> QMessageBox:
        """The keys, as configured (non-modal)."""
        rows = [
            f"<tr><td><b>{', '.join(self.window.keymap[c.name])}</b>&nbsp;&nbsp;</td>"
            f"<td>{html.escape(c.help)}</td></tr>"
            for c in DEFAULTS
        ]
        scheme = self.window.project.scheme  # type: ignore[union-attr]
        rows += [
            f"<tr><td><b>{html.escape(rel.key)}</b></td><td>link with {rel.name}: "
            f"{html.escape(rel.description)} (from either end)</td></tr>"
            for rel in scheme.relations
        ]
        labels = ", ".join(f"<b>{lab.key}</b> {lab.name}" for lab in scheme.labels)
        box = QMessageBox(self.window)
        box.setWindowTitle("Keys")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(
            f"<table>{''.join(rows)}</table><p>Labels: {labels} (relabel the focused span; with none "
            "focused, label the selection or the caret's word)</p>"
        )
        box.setStyleSheet("QLabel { min-width: 640px; }")  # one line per key where it fits
        box.setModal(False)
        box.show()
        self.help_box = box
        return box
