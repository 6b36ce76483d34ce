"""The article text: read-only, spans coloured, the focused span outlined."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from annotator.core.scheme import Scheme
from annotator.gui.highlighter import SpanHighlighter
from annotator.gui.offsets import Utf16Offsets
from annotator.usecases.annotating import ArticleView, Item


class TextView(QPlainTextEdit):
    """Shows one article; clicking a span focuses it (``clicked`` gives the code-point offset)."""

    clicked = Signal(int)

    def __init__(self, scheme: Scheme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(self.textInteractionFlags())
        font = QFont(self.font())
        font.setPointSize(12)
        self.setFont(font)
        self.highlighter = SpanHighlighter(self.document(), scheme)
        self.offsets = Utf16Offsets("")
        self._text = ""

    @property
    def shown_text(self) -> str:
        """The text on show, as given (Qt's own copy has other line separators)."""
        return self._text

    def show_article(self, view: ArticleView) -> None:
        """Set the text and all spans (one full highlight pass)."""
        text = view.article.text
        self._text = text
        self.offsets = Utf16Offsets(text)
        self.highlighter.blockSignals(True)
        self.setPlainText(text)
        self.highlighter.blockSignals(False)
        self.highlighter.set_items(view.items, self.offsets)

    def show_article_text(self, text: str) -> None:
        """Set a text with no spans yet (the adjudication screen paints its own)."""
        self._text = text
        self.offsets = Utf16Offsets(text)
        self.setPlainText(text)
        self.highlighter.set_items([], self.offsets)

    def update_items(self, view: ArticleView) -> None:
        """Spans changed, text did not: repaint only the blocks that differ."""
        self.highlighter.set_items(view.items, self.offsets, rehighlight=False)

    def focus_item(self, item: Item | None, linked: list[Item]) -> None:
        """Outline the focused span, underline the spans linked to it, scroll it into view."""
        selections = []
        if item is not None:
            selections.append(self._selection(item, QColor(20, 20, 20), strong=True))
            selections += [self._selection(other, QColor(200, 30, 30), strong=False) for other in linked]
            cursor = self.textCursor()
            cursor.setPosition(self.offsets.to_qt(item.span.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self.setExtraSelections(selections)

    def _selection(self, item: Item, colour: QColor, strong: bool) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(item.span.start))
        cursor.setPosition(self.offsets.to_qt(item.span.end), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(
            QTextCharFormat.UnderlineStyle.SingleUnderline
            if strong
            else QTextCharFormat.UnderlineStyle.DotLine
        )
        fmt.setUnderlineColor(colour)
        if strong:
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setBackground(QColor(255, 221, 87, 170))  # the focused span stands out on any label colour
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def selection_range(self) -> tuple[int, int] | None:
        """The selected text in code points, if any."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.offsets.from_qt(cursor.selectionStart()), self.offsets.from_qt(cursor.selectionEnd())

    def zoom(self, steps: int) -> None:
        font = QFont(self.font())
        font.setPointSize(max(6, min(40, font.pointSize() + steps)))
        self.setFont(font)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if not self.textCursor().hasSelection():
            position = self.cursorForPosition(event.position().toPoint()).position()
            self.clicked.emit(self.offsets.from_qt(position))
