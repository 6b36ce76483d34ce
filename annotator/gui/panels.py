"""The article list (with a filter), the spans panel and the legend."""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import ArticleStatus
from annotator.core.scheme import Scheme
from annotator.gui.keymap import DEFAULTS
from annotator.usecases.annotating import ArticleView, ItemKey
from annotator.usecases.article_list import ArticleListRow

ID_ROLE = Qt.ItemDataRole.UserRole + 1
START_ROLE = Qt.ItemDataRole.UserRole + 3
COLUMNS = ["Title", "Date", "My status", "Pending", "Accepted"]


class ArticleList(QWidget):
    """Title, date, my status, pending and accepted counts; type to filter."""

    chosen = Signal(int)
    left = Signal()  # Escape or Enter in the filter: back to the text
    sorted = Signal(int, bool)  # the user sorted by a column (descending?)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(placeholderText="Filter articles…")
        self.model = QStandardItemModel(0, len(COLUMNS))
        self.model.setHorizontalHeaderLabels(COLUMNS)
        self.proxy = QSortFilterProxyModel(filterCaseSensitivity=Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((78, 74, 56, 62), start=1):
            self.table.setColumnWidth(column, width)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # titles: the start and the end
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        self._sorting = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.returnPressed.connect(self._filter_done)
        self.filter.installEventFilter(self)
        self.table.activated.connect(self._activated)
        self.table.clicked.connect(self._activated)
        self._rows: dict[int, int] = {}
        self._statuses: dict[int, ArticleStatus] = {}

    def sort_by(self, choice: tuple[int, bool]) -> None:
        """Sort by a column, or (-1) keep the import order."""
        column, descending = choice
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self._sorting = True
        if 0 <= column < len(COLUMNS):
            self.table.sortByColumn(column, order)
        else:
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self.proxy.sort(-1)  # the source order: import order
        self._sorting = False

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if not self._sorting:
            self.sorted.emit(column, order == Qt.SortOrder.DescendingOrder)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filter
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.left.emit()
            return True
        return super().eventFilter(watched, event)

    def _filter_done(self) -> None:
        """Enter in the filter: open the first article shown, back to the text."""
        ids = self.ids_in_order()
        if ids:
            self.chosen.emit(ids[0])
        self.left.emit()

    def set_rows(self, rows: list[ArticleListRow]) -> None:
        self.model.setRowCount(0)
        self._rows = {}
        self._statuses = {row.id: row.status for row in rows}
        for row in rows:
            self._rows[row.id] = self.model.rowCount()
            self.model.appendRow(self._cells(row))

    def update_row(self, row: ArticleListRow) -> None:
        number = self._rows.get(row.id)
        if number is None:
            return
        self._statuses[row.id] = row.status
        for column, cell in enumerate(self._cells(row)):
            self.model.setItem(number, column, cell)

    def _cells(self, row: ArticleListRow) -> list[QStandardItem]:
        values = [row.title, row.date, row.status_words, row.pending, row.accepted]
        cells = []
        for value in values:
            cell = QStandardItem()
            cell.setData(value, Qt.ItemDataRole.DisplayRole)
            cell.setData(row.id, ID_ROLE)
            cell.setToolTip(str(value))
            cells.append(cell)
        return cells

    def _activated(self, index: object) -> None:
        article_id = self.proxy.data(index, ID_ROLE)  # type: ignore[arg-type]
        if article_id is not None:
            self.chosen.emit(int(article_id))

    def select(self, article_id: int) -> None:
        number = self._rows.get(article_id)
        if number is not None:
            index = self.proxy.mapFromSource(self.model.index(number, 0))
            self.table.selectRow(index.row())

    def status_of(self, article_id: int) -> str:
        """The 'My status' cell of an article."""
        number = self._rows.get(article_id)
        cell = self.model.item(number, 2) if number is not None else None
        return cell.text() if cell is not None else ""

    def statuses(self) -> dict[int, ArticleStatus]:
        """Each article's status, as the rows hold it."""
        return dict(self._statuses)

    def ids_in_order(self) -> list[int]:
        """Article ids as shown (sorted and filtered)."""
        return [int(self.proxy.data(self.proxy.index(r, 0), ID_ROLE)) for r in range(self.proxy.rowCount())]


class _ElideRight(QStyledItemDelegate):
    """The 'Linked to' column keeps its start ("speaker NBC News…"); spans elide in the middle."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: object) -> None:
        super().initStyleOption(option, index)  # type: ignore[arg-type]
        option.textElideMode = Qt.TextElideMode.ElideRight


class SpanPanel(QTreeWidget):
    """The article's spans grouped by label, with speaker and role; in sync with the text."""

    focused = Signal(object)  # the ItemKey of the row chosen

    def __init__(self, scheme: Scheme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scheme = scheme
        self.setColumnCount(3)
        self.setHeaderLabels(["Span", "State", "Linked to (? = suggested, not accepted)"])
        # One line per row: lets Qt lay out thousands of rows without measuring each.
        self.setUniformRowHeights(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(True)
        self.setColumnWidth(0, 190)
        self._elide_right = _ElideRight(self)
        self.setItemDelegateForColumn(2, self._elide_right)
        self.itemSelectionChanged.connect(self._selected)
        self._rows: dict[ItemKey, QTreeWidgetItem] = {}
        self._values: dict[ItemKey, list[str]] = {}
        self._labels: dict[ItemKey, str] = {}
        self._groups: dict[str, QTreeWidgetItem] = {}
        self._keys = {label.name: label.key for label in scheme.labels}
        self._article: int | None = None
        self._quiet = False

    def show_view(self, view: ArticleView) -> None:
        """Show an article's spans; for the same article only what changed is touched."""
        rows = self._describe(view)
        if view.article.id != self._article or not self._groups:
            self._rebuild(view, rows)
            return
        self._quiet = True
        labels = {i.key: i.span.label for i in view.items}
        for key in [k for k in self._rows if k not in rows or self._labels.get(k) != labels.get(k)]:
            self._values.pop(key, None)
            self._labels.pop(key, None)
            gone = self._rows.pop(key)
            parent = gone.parent()
            if parent is not None:
                parent.removeChild(gone)
        starts: dict[str, list[int]] = {}  # each group's rows' starts, read once per call
        for item in view.items:
            values = rows[item.key]
            row = self._rows.get(item.key)
            if row is None:
                group = self._groups.get(item.span.label)
                if group is None:
                    continue
                row = self._row(item.key, values)
                row.setData(0, START_ROLE, item.span.start)
                group_starts = starts.get(item.span.label)
                if group_starts is None:
                    group_starts = starts[item.span.label] = [c.data(0, START_ROLE) for c in _children(group)]
                position = bisect_left(group_starts, item.span.start)
                group.insertChild(position, row)
                group_starts.insert(position, item.span.start)
                self._rows[item.key] = row
                self._labels[item.key] = item.span.label
            elif self._values.get(item.key) != values:
                for column, value in enumerate(values):
                    row.setText(column, value)
                row.setToolTip(0, values[0])
                row.setToolTip(2, values[2])
            self._values[item.key] = values
        for name, group in self._groups.items():
            group.setText(0, f"{name} ({self._keys[name]}) — {group.childCount()}")
        self._quiet = False

    def _describe(self, view: ArticleView) -> dict[ItemKey, list[str]]:
        """Each row's cells: the words, the state, and what the item is linked to as the
        store holds it (accepted links plain, suggested ones marked "?")."""
        summary = view.link_summary()
        text = view.article.text
        rows = {}
        for item in view.items:  # runs over every span after each burst of keys: kept lean
            span = item.span
            links = summary.get(item.key)
            rows[item.key] = [
                text[span.start : span.end].replace("\n", " "),
                "pending" if item.pending else "accepted",
                "; ".join(
                    f"{label.lower()}{'?' if pending else ''} {view.words(other).replace(chr(10), ' ')}"
                    for label, other, pending in links
                )
                if links
                else "",
            ]
        return rows

    def links_of(self, key: ItemKey) -> str:
        """The 'Linked to' cell of an item, as shown."""
        row = self._rows.get(key)
        return row.text(2) if row is not None else ""

    def _row(self, key: ItemKey, values: list[str]) -> QTreeWidgetItem:
        row = QTreeWidgetItem(values)
        row.setData(0, ID_ROLE, key)
        row.setToolTip(0, values[0])
        row.setToolTip(2, values[2])
        return row

    def _rebuild(self, view: ArticleView, rows: dict[ItemKey, list[str]]) -> None:
        self._quiet = True
        self.clear()
        self._rows = {}
        self._values = dict(rows)
        self._labels = {i.key: i.span.label for i in view.items}
        self._groups = {}
        self._article = view.article.id
        for label in self.scheme.labels:
            heading = QTreeWidgetItem([label.name])
            heading.setForeground(0, QColor(label.colour).darker(150))
            self._groups[label.name] = heading
        for item in view.items:
            group = self._groups.get(item.span.label)
            if group is None:
                continue
            row = self._row(item.key, rows[item.key])
            row.setData(0, START_ROLE, item.span.start)
            group.addChild(row)
            self._rows[item.key] = row
        for name, group in self._groups.items():
            group.setText(0, f"{name} ({self._keys[name]}) — {group.childCount()}")
            self.addTopLevelItem(group)
            group.setExpanded(True)
        self._quiet = False

    def select_key(self, key: ItemKey | None) -> None:
        self._quiet = True
        row: QTreeWidgetItem | None = self._rows.get(key) if key else None
        if row is not None:
            self.setCurrentItem(row)  # single selection: cheaper than clearing a large tree
            self.scrollToItem(row)
        else:
            self.clearSelection()
        self._quiet = False

    def _selected(self) -> None:
        if self._quiet:
            return
        rows = self.selectedItems()
        key = rows[0].data(0, ID_ROLE) if rows else None
        if isinstance(key, ItemKey):
            self.focused.emit(key)


def _children(group: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [child for i in range(group.childCount()) if (child := group.child(i)) is not None]


def legend(scheme: Scheme) -> QLabel:
    """Labels with their colours and keys, the relation keys and the main keys."""
    parts = [
        f'<span style="background-color:{lab.colour}; padding:0 4px">&nbsp;{lab.key}&nbsp;</span> {lab.name}'
        for lab in scheme.labels
    ]
    relations = ", ".join(f"<b>{rel.key}</b> link {rel.name}" for rel in scheme.relations if rel.key)
    main = {c.name: c for c in DEFAULTS}
    keys = " · ".join(
        f"<b>{main[n].keys[0]}</b> {words}"
        for n, words in (
            ("next", "next to review"),
            ("next_span", "any span"),
            ("accept", "accept"),
            ("reject", "reject"),
            ("clear", "caret mode"),
            ("done", "done"),
            ("find", "find article"),
            ("help", "all keys"),
        )
    )
    text = (
        "&nbsp; ".join(parts)
        + "<br>"
        + relations
        + "<br>"
        + keys
        + "<br>pale, dashed = suggestion; solid = accepted; arcs: solid = accepted link, dashed = suggested"
    )
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label
