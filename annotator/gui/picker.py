"""Choosing the other end of a relation from the keyboard: candidates nearest first,
the suggested one on top; Tab or arrows move, Enter links, Escape cancels.

With no suggested candidate nothing is chosen until the annotator moves: Enter alone
never links a guess. Each row shows where the candidate is (its line and the words
before it), so that repeated names can be told apart."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.usecases.annotating import Item, ItemKey

KEY_ROLE = Qt.ItemDataRole.UserRole + 2


class RelationPicker(QWidget):
    """A small panel over the text; emits ``chosen(relation, child key)``."""

    chosen = Signal(str, object, object)  # relation, head ItemKey, child ItemKey

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.list = QListWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.setAutoFillBackground(True)
        self.relation = ""
        self.head: ItemKey | None = None
        self.armed = False
        self.list.installEventFilter(self)
        self.list.itemActivated.connect(self._choose)
        self.hide()

    def offer(
        self, relation: str, head: ItemKey, text: str, candidates: list[Item], suggested: set[ItemKey]
    ) -> None:
        self.relation = relation
        self.head = head  # fixed now: a click elsewhere while choosing must not change it
        hint = "Enter links the suggested one" if suggested else "none suggested: Tab/arrows to choose"
        self.title.setText(f"<b>{relation}</b>: {hint}, Tab/arrows move, Enter links, Esc cancels")
        self.list.clear()
        for item in candidates:
            words = text[item.span.start : item.span.end].replace("\n", " ")[:60]
            mark = "  (suggested)" if item.key in suggested else ""
            line = text.count("\n", 0, item.span.start) + 1
            before = text[max(0, item.span.start - 30) : item.span.start].replace("\n", " ").lstrip()
            row = QListWidgetItem(
                f"{item.span.label}  {words}{mark}    — line {line}: …{before}[{words[:20]}]"
            )
            row.setData(KEY_ROLE, item.key)
            self.list.addItem(row)
        first = 0 if suggested else -1
        parent = self.parentWidget()
        if parent is not None:
            width = min(520, parent.width() - 40)
            self.setGeometry(20, 40, width, min(320, 60 + 24 * max(1, len(candidates))))
        self.show()
        self.raise_()
        self.list.setFocus()
        self.list.setCurrentRow(first)
        self.armed = bool(suggested)  # False: Enter waits for a choice made by moving

    def eventFilter(self, watched: object, event: object) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            key = event.key()
            count = max(1, self.list.count())
            moves = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Up, Qt.Key.Key_Down)
            if key in moves and not self.armed:  # the first move from "nothing chosen": the nearest
                self.armed = True
                self.list.setCurrentRow(0 if key in (Qt.Key.Key_Tab, Qt.Key.Key_Down) else count - 1)
                return True
            if key == Qt.Key.Key_Tab:
                self.list.setCurrentRow((self.list.currentRow() + 1) % count)
                return True
            if key == Qt.Key.Key_Backtab:
                self.list.setCurrentRow((self.list.currentRow() - 1) % count)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if not self.armed or self.list.currentRow() < 0:
                    self.title.setText(f"<b>{self.relation}</b>: nothing chosen yet: Tab or arrows first")
                    return True
                self._choose(self.list.currentItem())
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _choose(self, row: QListWidgetItem | None) -> None:
        self.hide()
        if row is not None:
            self.chosen.emit(self.relation, self.head, row.data(KEY_ROLE))
