"""The adjudication screen: walk through where annotators disagree and decide gold.

Articles come most-disputed first; for one article every item (span or relation)
is one row with each annotator's version side by side, agreed items once and
disagreements marked. Keys: 1..n take annotator n's version, m the majority, x
reject, e take the text selection as gold for the item, j/k next/previous open
disagreement, Ctrl+Enter article done, Ctrl+Z / Ctrl+Shift+Z undo/redo. Every
decision is saved at once through the use case (annotator.usecases.adjudicating).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
)

from annotator.core.alignment import NoMajority, RelationItem, SpanItem
from annotator.core.errors import AnnotatorError
from annotator.core.model import Relation, Span
from annotator.gui.panes import three_panes
from annotator.gui.text_view import TextView
from annotator.gui.undo_menu import UndoMenu
from annotator.usecases.adjudicating import (
    RELATION,
    SPAN,
    Adjudication,
    AlignedArticle,
    GoldOutcome,
    ItemRef,
    OpenItems,
    QueueEntry,
    next_open,
    queue_entry,
    reading_order,
)
from annotator.usecases.annotating import Item, ItemKey
from annotator.usecases.projects import Project
from annotator.usecases.undo import UndoStack

DISPUTED = QColor(255, 228, 225)
AGREED = QColor(232, 245, 233)
RESOLVED = QColor(227, 242, 253)
REF_ROLE = Qt.ItemDataRole.UserRole + 5


class AdjudicationWindow(QMainWindow):
    """Gold from several annotators' work, one decision per key."""

    def __init__(
        self,
        project: Project,
        annotators: list[str] | None = None,
        auto: bool = True,
        undo: UndoStack | None = None,
        require_all: bool = True,
    ) -> None:
        """``undo``: the stack shared with the main window (default: one of its own);
        ``require_all``: as :class:`Adjudication`'s."""
        super().__init__()
        self.project = project
        self.undo_stack = undo if undo is not None else UndoStack()
        self.adjudication = Adjudication(
            project, annotators, require_all=require_all, auto_accept=auto, undo=self.undo_stack
        )
        self.names = list(self.adjudication.annotators)
        if len(self.names) < 2:
            raise AnnotatorError("adjudication needs at least two annotators who marked articles done")
        self.setWindowTitle(f"annotator — adjudicate {', '.join(self.names)}")
        self.edit_menu = UndoMenu(self, self.undo_stack, ("Ctrl+Z",), ("Ctrl+Shift+Z",))
        self.undo_stack.subscribe(self._undo_changed)
        self.resize(1400, 860)
        self.queue = QTableWidget(0, 4)
        self.queue.setHorizontalHeaderLabels(["Article", "Open", "Disagree", "Gold"])
        self._table_setup(self.queue)
        self.text = TextView(project.scheme)
        self.items = QTableWidget(0, len(self.names) + 3)
        self.items.setHorizontalHeaderLabels(
            ["Item", *[f"{n + 1}: {name}" for n, name in enumerate(self.names)], "Gold", "State"]
        )
        self._table_setup(self.items)
        self.auto = QCheckBox(
            "Accept unanimous items into gold automatically (untick to decide each by hand)"
        )
        self.auto.setChecked(auto)
        self.auto.toggled.connect(self._auto_toggled)
        keys = QLabel(
            "<b>1..n</b> take annotator n's version · <b>m</b> majority · <b>x</b> reject · "
            "<b>e</b> selection as gold · <b>j/k</b> next/previous disagreement · "
            "<b>Ctrl+Enter</b> done · <b>Ctrl+Z</b> undo"
        )
        keys.setWordWrap(True)
        splitter = three_panes(self.queue, self.text, (self.items, self.auto, keys), (230, 450, 720))
        for column in range(1, 4):
            self.queue.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        for column in range(1, len(self.names) + 2):
            self.items.setColumnWidth(column, 130)
        self.items.horizontalHeader().setSectionResizeMode(
            len(self.names) + 2, QHeaderView.ResizeMode.ResizeToContents
        )
        self.items.setWordWrap(False)
        self.items.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setCentralWidget(splitter)
        self.aligned: AlignedArticle | None = None
        self._entries: list[QueueEntry] = []
        self._confirm_done: int | None = None  # article whose Ctrl+Enter waits for a second press
        self.queue.itemSelectionChanged.connect(self._queue_chosen)
        self.items.itemSelectionChanged.connect(self._item_chosen)
        self._keys = _Keys(self)
        for widget in (self.text, self.items, self.queue):
            widget.installEventFilter(self._keys)
        self.refresh_queue()
        if self.queue.rowCount():
            self.queue.selectRow(0)

    @staticmethod
    def _table_setup(table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    # -- queue and article -----------------------------------------------------------
    def refresh_queue(self, changed: Sequence[int] | None = None) -> None:
        """Show the queue; after a change, only the ``changed`` articles are read again."""
        if changed is None or not self._entries:
            entries = self.adjudication.queue()
        else:
            fresh = {
                e.article_id: e
                for e in self.adjudication.queue(
                    [i for i in changed if self.aligned is None or i != self.aligned.article_id]
                )
            }
            if self.aligned is not None and self.aligned.article_id in changed:
                fresh[self.aligned.article_id] = queue_entry(self.aligned)
            # Kept in place: a list that re-sorts under the keys loses the article on show.
            entries = [fresh.get(e.article_id, e) for e in self._entries]
        self._entries = entries
        self.queue.blockSignals(True)
        self.queue.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            title = entry.title or f"article {entry.article_id}"
            values = [title, str(entry.open), str(entry.disagreements), entry.status or "—"]
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(REF_ROLE, entry.article_id)
                self.queue.setItem(row, column, cell)
        if self.aligned is not None:
            shown = next((r for r, e in enumerate(entries) if e.article_id == self.aligned.article_id), None)
            if shown is not None:
                self.queue.selectRow(shown)  # the highlighted row is the article on show
        self.queue.blockSignals(False)

    def _queue_chosen(self) -> None:
        rows = self.queue.selectionModel().selectedRows()
        cell = self.queue.item(rows[0].row(), 0) if rows else None
        if cell is not None:
            self.open_article(int(cell.data(REF_ROLE)))

    def open_article(self, article_id: int) -> None:
        self.aligned = self.adjudication.aligned(article_id)
        self._show(first=True)

    def _show(self, first: bool = False) -> None:
        aligned = self.aligned
        assert aligned is not None
        if first:
            self.text.show_article_text(aligned.text)
        selected = self.current_ref()
        self.items.blockSignals(True)
        refs = reading_order(aligned)
        self.items.setRowCount(len(refs))
        for row, ref in enumerate(refs):
            self._fill_row(row, ref, aligned)
        self.items.blockSignals(False)
        self._paint(aligned)
        target = selected if selected in refs and not first else next_open(aligned, None)
        if target is not None:
            self.items.selectRow(refs.index(target))

    def _describe(self, value: Span | Relation | None, aligned: AlignedArticle) -> str:
        if value is None:
            return "—"
        if isinstance(value, Relation):
            head = aligned.text[value.head.start : value.head.end][:30]
            child = aligned.text[value.child.start : value.child.end][:30]
            return f"{value.label}: {head} → {child}"
        words = aligned.text[value.start : value.end].replace("\n", " ")
        kind = f"/{value.attrs['type']}" if "type" in value.attrs else ""
        return f"{value.label}{kind}: {words[:60]}"

    def _fill_row(self, row: int, ref: ItemRef, aligned: AlignedArticle) -> None:
        item = aligned.item(ref)
        if isinstance(item, SpanItem):
            title = self._describe(item.anchor, aligned)
        else:
            ends = aligned.alignment.spans
            head = aligned.text[ends[item.head].anchor.start : ends[item.head].anchor.end][:24]
            child = aligned.text[ends[item.child].anchor.start : ends[item.child].anchor.end][:24]
            title = f"{item.label}: {head} → {child}"
        gold = self._describe(item.gold, aligned) if item.gold else ("rejected" if item.rejected else "")
        versions = [item.versions.get(name) for name in self.names]
        agreed = item.agreed
        # Agreed items are shown once: the item column says it all.
        cells = [title, *["" if agreed else self._describe(v, aligned) for v in versions], gold]
        state = "agreed" if agreed else ("resolved" if item.resolved else "DISAGREE")
        colour = AGREED if agreed else RESOLVED if item.resolved else DISPUTED
        for column, value in enumerate([*cells, state]):
            cell = QTableWidgetItem(value)
            cell.setToolTip(value)  # narrow columns: the whole version on hover
            cell.setData(REF_ROLE, ref)
            cell.setBackground(QBrush(colour))
            self.items.setItem(row, column, cell)

    def _paint(self, aligned: AlignedArticle) -> None:
        """Gold spans solid; the versions still in dispute pale and dashed."""
        shown: list[Item] = []
        for item in aligned.alignment.spans:
            if item.gold is not None:
                shown.append(Item(ItemKey("annotation", len(shown)), item.gold, False))
            elif not item.resolved:
                for version in (v for v in item.versions.values() if v is not None):
                    shown.append(Item(ItemKey("suggestion", len(shown)), version, True))
        self.text.highlighter.set_items(shown, self.text.offsets)

    # -- items ---------------------------------------------------------------------
    def current_ref(self) -> ItemRef | None:
        rows = self.items.selectionModel().selectedRows() if self.items.selectionModel() else []
        cell = self.items.item(rows[0].row(), 0) if rows else None
        ref = cell.data(REF_ROLE) if cell is not None else None
        return ItemRef(SPAN if ref[0] == SPAN else RELATION, int(ref[1])) if ref else None

    def _item_chosen(self) -> None:
        ref = self.current_ref()
        if ref is None or self.aligned is None:
            return
        item = self.aligned.item(ref)
        spans: list[Span] = []
        if isinstance(item, SpanItem):
            spans = [s for s in (*item.versions.values(), item.gold) if s is not None]
        elif isinstance(item, RelationItem):
            for rel in (*item.versions.values(), item.gold):
                if rel is not None:
                    spans += [rel.head, rel.child]
        if spans:
            first = min(spans, key=lambda s: s.start)
            self.text.focus_item(
                Item(ItemKey("annotation", -1), first, False),
                [Item(ItemKey("annotation", k), s, False) for k, s in enumerate(spans)],
            )

    def decide(self, action: str, annotator: int | None = None) -> None:
        """Apply one decision to the selected item, save it, and move to the next open one."""
        ref = self.current_ref()
        if self.aligned is None:
            return
        article = self.aligned.article_id
        confirmed = action == "done" and self._confirm_done == article
        self._confirm_done = None
        try:
            if action == "done":
                try:
                    outcome = self.adjudication.mark_done(article, force=confirmed)
                except OpenItems as exc:
                    self._confirm_done = article
                    if exc.first is not None:
                        self.items.selectRow(reading_order(self.aligned).index(exc.first))
                    self.statusBar().showMessage(
                        f"{exc}: here is the first; Ctrl+Enter again marks gold done anyway "
                        "(open items stay out of gold)",
                        15000,
                    )
                    return
            elif ref is None:
                raise AnnotatorError("select an item first (j/k)")
            elif action == "take" and annotator is not None:
                if annotator >= len(self.names):
                    raise AnnotatorError(f"there are only {len(self.names)} annotators")
                outcome = self.adjudication.take(article, ref, self.names[annotator])
            elif action == "majority":
                outcome = self.adjudication.take_majority(article, ref)
            elif action == "reject":
                outcome = self.adjudication.reject(article, ref)
            elif action == "edit":
                selection = self.text.selection_range()
                if selection is None or ref[0] != SPAN:
                    raise AnnotatorError("select the text for the gold span first, on a span item")
                label = self.aligned.item(ref).anchor.label  # type: ignore[union-attr]
                outcome = self.adjudication.edit_span(article, ref, Span(*selection, label))
            else:
                return
        except (AnnotatorError, NoMajority) as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        self.show_outcome(outcome)
        if action != "done" and ref is not None and self.aligned is not None:
            following = next_open(self.aligned, ref)
            if following is not None:
                self.items.selectRow(reading_order(self.aligned).index(following))
        self.statusBar().showMessage(f"✔ saved to gold: {outcome.name}", 4000)

    def show_outcome(self, outcome: GoldOutcome) -> None:
        """Paint a decision (or an undo): the article as the outcome has it, its queue line."""
        if outcome.aligned is not None:
            self.aligned = outcome.aligned
            self._show()
            self.refresh_queue(outcome.article_ids)  # its line: queue_entry, as outcome.entry
        elif outcome.article_ids:
            shown = self.aligned.article_id if self.aligned is not None else outcome.article_ids[0]
            if shown not in outcome.article_ids:
                shown = outcome.article_ids[0]
            self.after_change(shown, outcome.article_ids)

    def after_change(self, article_id: int, changed: Sequence[int] = ()) -> None:
        self.aligned = self.adjudication.aligned(article_id)
        self._show()
        self.refresh_queue([article_id, *changed])

    def step(self, backwards: bool = False) -> None:
        if self.aligned is None:
            return
        target = next_open(self.aligned, self.current_ref(), backwards)
        if target is not None:
            self.items.selectRow(reading_order(self.aligned).index(target))

    def undo_step(self, redo: bool = False) -> None:
        """Ctrl+Z / Ctrl+Shift+Z (Edit menu): the latest step of the shared stack."""
        self.edit_menu.run(redo)

    def _undo_changed(self, outcome: object | None) -> None:
        """The shared stack changed: the menu follows; a gold undo or redo is painted."""
        self.edit_menu.update()
        if isinstance(outcome, GoldOutcome) and self.aligned is not None:
            if outcome.refused:
                self.after_change(self.aligned.article_id)  # show what gold holds now
            elif outcome.article_ids:
                self.show_outcome(outcome)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.undo_stack.unsubscribe(self._undo_changed)
        self.undo_stack.forget(self.adjudication)  # its steps need this window's connection
        super().closeEvent(event)

    def _auto_toggled(self, checked: bool) -> None:
        self.adjudication.auto_accept = checked
        if checked and self.aligned is not None:
            self.after_change(self.aligned.article_id)


class _Keys(QObject):
    def __init__(self, window: AdjudicationWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        combo = QKeySequence(event.keyCombination()).toString(QKeySequence.SequenceFormat.PortableText)
        w = self.window
        actions = {
            "M": lambda: w.decide("majority"),
            "X": lambda: w.decide("reject"),
            "E": lambda: w.decide("edit"),
            "J": lambda: w.step(),
            "K": lambda: w.step(backwards=True),
            "Ctrl+Return": lambda: w.decide("done"),
            "Ctrl+Enter": lambda: w.decide("done"),
            "Ctrl+Z": lambda: w.undo_step(),
            "Ctrl+Shift+Z": lambda: w.undo_step(redo=True),
        }
        if combo.isdigit() and combo != "0":
            w.decide("take", int(combo) - 1)
            return True
        action = actions.get(combo)
        if action is None:
            return False
        action()
        return True
