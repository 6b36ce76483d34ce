"""Keyboard-first review: key presses become use-case actions on the focused span."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.core.model import ArticleStatus, Span
from annotator.gui.keymap import DEFAULTS
from annotator.usecases.annotating import AnnotationSession, ArticleView, Item

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

PANEL_DELAY_MS = 40
RELATION_KEYS = {"speaker": "SPEAKER", "role_of": "ROLE_OF", "denies": "DENIES", "cue_of": "CUE_OF"}
_SPAN_ONLY = {"grow_left", "grow_right", "shrink_left", "shrink_right"}


def _normal(sequence: str) -> str:
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.PortableText)


class Review(QObject):
    """Owns the focused span and turns keys into actions through the session."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.focus: str | None = None
        self.commands: dict[str, str] = {}
        for name, keys in window.keymap.items():
            for key in keys:
                self.commands[_normal(key)] = name
        assert window.project is not None
        self.label_keys = {_normal(lab.key): lab.name for lab in window.project.scheme.labels}
        for widget in (window.text, window.spans, window.articles.table, window):
            widget.installEventFilter(self)
        # The text repaints on every key; the spans panel and the article row follow
        # a moment later, once per burst of keys (a tree of 1,500 rows is not free).
        self._panel_view: ArticleView | None = None
        self._panel_dirty = False
        self._panel_timer = QTimer(self)
        self._panel_timer.setSingleShot(True)
        self._panel_timer.setInterval(PANEL_DELAY_MS)
        self._panel_timer.timeout.connect(self.sync_panels)
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

    def open_article(self, article_id: int) -> None:
        view = self.session.open(article_id)
        self.window.text.show_article(view)
        self._panel_view = view
        self.window.articles.select(article_id)
        pending = view.pending
        self.set_focus(pending[0].key if pending else None)
        self.sync_panels()
        self.window.text.setFocus()  # keyboard first: keys act on the text at once

    def set_focus(self, key: str | None) -> None:
        view = self.view
        self.focus = key if key in view.by_key else None
        item = view.by_key.get(self.focus) if self.focus else None
        linked = []
        if item is not None:
            for link in view.links:
                other = link.child if link.head == item.key else link.head if link.child == item.key else None
                if other in view.by_key:
                    linked.append(view.by_key[other])
        self.window.text.focus_item(item, linked)
        self._panel_dirty = True
        self._panel_timer.start()

    def sync_panels(self) -> None:
        """Bring the spans panel, its selection and the article row up to date."""
        self._panel_timer.stop()
        if self.window.session is None:
            return  # the project was closed in the meantime
        if self._panel_view is not None:
            self.window.spans.show_view(self._panel_view)
            self.window.refresh_article_row(self._panel_view.article.id)
            self._panel_view = None
        if self._panel_dirty:
            self.window.spans.select_key(self.focus)
            self._panel_dirty = False

    def detach(self) -> None:
        """Stop listening: the window is about to show another project or annotator."""
        self._panel_timer.stop()
        for widget in (self.window.text, self.window.spans, self.window.articles.table, self.window):
            widget.removeEventFilter(self)

    def click_at(self, offset: int) -> None:
        """Focus the smallest span under a click."""
        under = [i for i in self.view.items if i.span.start <= offset < i.span.end]
        if under:
            self.set_focus(min(under, key=lambda i: i.span.end - i.span.start).key)

    def _after(self, view: ArticleView, keep: Item | None, move_on: bool) -> None:
        """Repaint what changed and put the focus where the annotator expects it."""
        self.window.text.update_items(view)
        self._panel_view = view
        target = None
        if keep is not None and not move_on:
            target = next((i.key for i in view.items if i.span.key == keep.span.key), None)
        if target is None:
            target = self._next_pending(keep.span.start if keep else 0, view)
        self.set_focus(target)

    def _next_pending(self, start: int, view: ArticleView, backwards: bool = False) -> str | None:
        pending = view.pending
        if not pending:
            return None
        if backwards:
            before = [i for i in pending if i.span.start < start]
            return (before or pending)[-1].key
        after = [i for i in pending if i.span.start >= start]
        return (after or pending)[0].key

    # -- keys ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if isinstance(watched, QLineEdit) or self.window.picker.isVisible():
            return False  # typing in the filter, or choosing in the picker
        combo = QKeySequence(event.keyCombination()).toString(QKeySequence.SequenceFormat.PortableText)
        command = self.commands.get(combo)
        if (
            command is None
            and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            and not event.text().isalpha()
        ):
            command = self.commands.get(event.text())  # "?" is Shift+/ on many layouts
        if command is None and combo in self.label_keys:
            return self.label(self.label_keys[combo])
        if command is None:
            return False
        if command in _SPAN_ONLY and self.focus is None:
            return False  # no focused span: Shift+arrows select text as usual
        return self.run(command)

    def run(self, command: str) -> bool:
        """Do one command; True when it was handled."""
        handler: Callable[[], None] | None = getattr(self, f"do_{command}", None)
        if handler is None:
            return False
        shown = self.session._view
        try:
            handler()
        except AnnotatorError as exc:
            self.window.statusBar().showMessage(str(exc), 8000)
            if self.session._view is not shown and self.session._view is not None:
                self.open_article(self.session._view.article.id)  # the session reloaded: show it
        except Exception as exc:  # noqa: BLE001 - a bug must not take the window down; nothing half-saved
            traceback.print_exc()
            self.window.show_error(f"Something went wrong ({exc}); the project is unchanged by this key.")
        return True

    def label(self, name: str) -> bool:
        """A label key: a new span over the selection, or the focused span relabelled."""
        selection = self.window.text.selection_range()
        try:
            if selection is not None:
                view = self.session.create(*selection, name)
                created = next(
                    (
                        i
                        for i in view.items
                        if not i.pending
                        and i.span.label == name
                        and i.span.start <= selection[0] + 1
                        and i.span.end >= selection[1] - 1
                    ),
                    None,
                )
                cursor = self.window.text.textCursor()
                cursor.clearSelection()
                self.window.text.setTextCursor(cursor)
                self._after(view, created, move_on=False)
            elif self.focus is not None:
                item = self.view.item(self.focus)
                view = self.session.relabel(self.focus, name)
                self._after(
                    view, Item(item.key, Span(item.span.start, item.span.end, name), False), move_on=False
                )
        except AnnotatorError as exc:
            self.window.statusBar().showMessage(str(exc), 8000)
        return True

    def _focused(self) -> Item:
        if self.focus is None:
            raise AnnotatorError("no span is focused: j/k move to the next suggestion")
        return self.view.item(self.focus)

    def do_next(self) -> None:
        start = self._focused().span.start + 1 if self.focus else 0
        self.set_focus(self._next_pending(start, self.view))

    def do_previous(self) -> None:
        start = self._focused().span.start if self.focus else len(self.view.article.text)
        self.set_focus(self._next_pending(start, self.view, backwards=True))

    def do_accept(self) -> None:
        item = self._focused()
        self._after(self.session.accept(item.key), item, move_on=True)

    def do_reject(self) -> None:
        item = self._focused()
        self._after(self.session.reject(item.key), item, move_on=True)

    do_delete = do_reject

    def do_accept_all(self) -> None:
        self._after(self.session.accept_all(), None, move_on=True)

    def _resize(self, kind: str, side: str) -> None:
        item = self._focused()
        view = getattr(self.session, kind)(item.key, side)
        span = next(
            (
                i
                for i in view.items
                if not i.pending
                and i.span.label == item.span.label
                and (i.span.start == item.span.start or i.span.end == item.span.end)
            ),
            None,
        )
        self._after(view, span, move_on=False)

    def do_grow_left(self) -> None:
        self._resize("grow", "left")

    def do_grow_right(self) -> None:
        self._resize("grow", "right")

    def do_shrink_left(self) -> None:
        self._resize("shrink", "left")

    def do_shrink_right(self) -> None:
        self._resize("shrink", "right")

    def _pick(self, relation: str) -> None:
        item = self._focused()
        candidates = self.session.candidates(item.key, relation)
        if not candidates:
            raise AnnotatorError(f"nothing to link with {relation} from a {item.span.label}")
        suggested = {
            link.child for link in self.view.links if link.head == item.key and link.label == relation
        }
        self.window.picker.offer(relation, item.key, self.view.article.text, candidates, suggested)

    def do_speaker(self) -> None:
        self._pick("SPEAKER")

    def do_role_of(self) -> None:
        self._pick("ROLE_OF")

    def do_denies(self) -> None:
        self._pick("DENIES")

    def do_cue_of(self) -> None:
        self._pick("CUE_OF")

    def link_chosen(self, relation: str, head_key: str, child: str) -> None:
        head = self.view.by_key.get(head_key)
        if head is None:
            return
        try:
            view = self.session.link(relation, head.key, child)
        except AnnotatorError as exc:
            self.window.statusBar().showMessage(str(exc), 8000)
            return
        self._after(view, head, move_on=False)
        self.window.text.setFocus()

    def do_done(self) -> None:
        article_id = self.view.article.id
        self.session.mark_done()
        self.window.refresh_article_row(article_id)
        ids = self.window.articles.ids_in_order()
        later = ids[ids.index(article_id) + 1 :] + ids[: ids.index(article_id)] if article_id in ids else ids
        following = next(
            (r for r in later if self.window.articles.status_of(r) != ArticleStatus.DONE.value), None
        )
        if following is not None:
            self.open_article(following)
        else:
            self.window.statusBar().showMessage("All articles are done.", 8000)

    def _restored(self, view: ArticleView | None) -> None:
        if view is None:
            return
        self.window.articles.select(view.article.id)  # undo may have gone back to another article
        if self.window.text.shown_text != view.article.text:
            self.window.text.show_article(view)
        self._after(view, self.view.by_key.get(self.focus) if self.focus else None, move_on=False)
        self.window.refresh_article_row(view.article.id)

    def do_undo(self) -> None:
        self._restored(self.session.undo())

    def do_redo(self) -> None:
        self._restored(self.session.redo())

    def do_clear(self) -> None:
        self.set_focus(None)

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
            f"<tr><td><b>{' / '.join(self.window.keymap[c.name])}</b></td><td>{c.help}</td></tr>"
            for c in DEFAULTS
        ]
        labels = ", ".join(f"<b>{lab.key}</b> {lab.name}" for lab in self.window.project.scheme.labels)  # type: ignore[union-attr]
        box = QMessageBox(self.window)
        box.setWindowTitle("Keys")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(f"<table>{''.join(rows)}</table><p>Labels: {labels} (relabel, or label a selection)</p>")
        box.setModal(False)
        box.show()
        self.help_box = box
        return box
