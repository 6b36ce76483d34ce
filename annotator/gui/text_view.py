"""The article text: read-only, spans coloured, the focused span outlined."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from annotator.core.scheme import Scheme
from annotator.core.tokens import Tokens
from annotator.gui.highlighter import SpanHighlighter
from annotator.gui.offsets import Utf16Offsets
from annotator.usecases.annotating import ArticleView, Item, Link

FOCUS_BACKGROUND = QColor(110, 160, 255, 120)  # blue: no label of the scheme uses it
ACCEPTED_LINK = QColor(190, 30, 30)
SUGGESTED_LINK = QColor(120, 120, 120)


class TextView(QPlainTextEdit):
    """Shows one article; clicking a span focuses it (``clicked`` gives the code-point offset)."""

    clicked = Signal(int)

    def __init__(self, scheme: Scheme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # A keyboard caret and selection in a read-only text (Escape, then arrows/Shift+arrows).
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setTabChangesFocus(True)  # Tab walks the panels (the focus is outlined)
        self._links: list[tuple[Link, Item]] = []
        self._focused: Item | None = None
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

    def focus_item(
        self, item: Item | None, linked: list[Item], links: list[tuple[Link, Item]] | None = None
    ) -> None:
        """Outline the focused span, underline the spans linked to it (solid: accepted link,
        dotted: suggested) and draw an arc to each, scroll it into view."""
        selections = []
        links = links or []
        pending = {other.key for link, other in links if link.pending}
        accepted = {other.key for link, other in links if not link.pending}
        if item is not None:
            selections.append(self._selection(item, QColor(20, 20, 20), strong=True))
            for other in linked:
                suggested = other.key in pending and other.key not in accepted
                selections.append(
                    self._selection(other, SUGGESTED_LINK if suggested else ACCEPTED_LINK, False, suggested)
                )
            cursor = self.textCursor()
            cursor.setPosition(self.offsets.to_qt(item.span.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self._focused = item
        self._links = links if item is not None else []
        self.setExtraSelections(selections)
        self.viewport().update()

    def _selection(
        self, item: Item, colour: QColor, strong: bool, suggested: bool = False
    ) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(item.span.start))
        cursor.setPosition(self.offsets.to_qt(item.span.end), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(
            QTextCharFormat.UnderlineStyle.DotLine
            if suggested
            else QTextCharFormat.UnderlineStyle.SingleUnderline
        )
        fmt.setUnderlineColor(colour)
        if strong:
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setBackground(FOCUS_BACKGROUND)  # the focused span stands out on any label colour
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def selection_range(self) -> tuple[int, int] | None:
        """The selected text in code points, if any."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.offsets.from_qt(cursor.selectionStart()), self.offsets.from_qt(cursor.selectionEnd())

    def caret_word(self, tokens: Tokens) -> tuple[int, int] | None:
        """The token at (or just before) the caret, in code points."""
        position = self.offsets.from_qt(self.textCursor().position())
        return tokens.snap(position, position) or (
            tokens.snap(position - 1, position - 1) if position else None
        )

    def drop_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def link_arcs(self) -> list[tuple[str, bool, QRect, QRect]]:
        """(relation, suggested, focused span's rectangle, other end's rectangle) of each
        link drawn over the text (viewport coordinates)."""
        if self._focused is None:
            return []
        here = self._rect(self._focused)
        return [(link.label, link.pending, here, self._rect(other)) for link, other in self._links]

    def _rect(self, item: Item) -> QRect:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(item.span.start))
        start = self.cursorRect(cursor)
        cursor.setPosition(self.offsets.to_qt(item.span.end))
        end = self.cursorRect(cursor)
        right = end.right() if end.top() == start.top() else start.right() + 40
        return QRect(start.left(), start.top(), max(8, right - start.left()), start.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        arcs = self.link_arcs()
        if not arcs:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        small = QFont(self.font())
        small.setPointSize(max(6, small.pointSize() - 3))
        painter.setFont(small)
        for k, (label, suggested, here, there) in enumerate(arcs):
            colour = SUGGESTED_LINK if suggested else ACCEPTED_LINK
            pen = QPen(colour, 1.6, Qt.PenStyle.DashLine if suggested else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            a = QPointF(here.center().x(), here.top())
            b = QPointF(there.center().x(), there.top())
            lift = 14 + 11 * k + min(60, abs(a.y() - b.y()) / 4)  # nested arcs, labels apart
            top = min(a.y(), b.y()) - lift
            path = QPainterPath(a)
            path.cubicTo(QPointF(a.x(), top), QPointF(b.x(), top), b)
            painter.drawPath(path)
            painter.drawEllipse(b, 2.5, 2.5)
            words = label.lower() + (" (suggested)" if suggested else "")
            box = painter.fontMetrics().boundingRect(words)
            box.moveCenter(QPointF((a.x() + b.x()) / 2, top).toPoint())
            painter.fillRect(box.adjusted(-2, 0, 2, 0), QColor(255, 255, 255, 220))  # readable over text
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, words)
        painter.end()

    def zoom(self, steps: int) -> None:
        font = QFont(self.font())
        font.setPointSize(max(6, min(40, font.pointSize() + steps)))
        self.setFont(font)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if not self.textCursor().hasSelection():
            position = self.cursorForPosition(event.position().toPoint()).position()
            self.clicked.emit(self.offsets.from_qt(position))
