"""How a table cell is edited and drawn: Return/Enter commits and goes on to the next input cell (reading order);
an unfilled input cell reads 待填 (a calm start: not an error); refused input is framed in red at the cell."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

TO_FILL_TEXT = "待填"
TO_FILL_FG = QColor("#9aa3ad")
REFUSED_PEN = QColor("#c0392b")


class CellDelegate(QStyledItemDelegate):
    """A plain line editor; Return commits and moves on like Tab (only input cells, row after row)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Any) -> QWidget:  # noqa: N802
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setFrame(False)
        return editor

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in (
                Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(editor, QLineEdit):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            view = self.parent()
            if isinstance(view, QAbstractItemView):
                step = (QAbstractItemView.CursorAction.MovePrevious
                        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                        else QAbstractItemView.CursorAction.MoveNext)
                view.move_cursor_to(view.moveCursor(step, Qt.KeyboardModifier.NoModifier))  # type: ignore[attr-defined]
            return True
        return super().eventFilter(editor, event)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        model = index.model()
        refusal = getattr(model, "refusal_at", None)
        refused = refusal(index.row(), index.column()) if refusal is not None else None
        if refused:
            painter.save()
            painter.setPen(QPen(REFUSED_PEN, 2))
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))  # type: ignore[attr-defined]
            painter.restore()
            return
        if (index.flags() & Qt.ItemFlag.ItemIsEditable and not index.data(Qt.ItemDataRole.EditRole)
                and not _has_issue_colour(index)):
            painter.save()
            painter.setPen(TO_FILL_FG)
            painter.drawText(option.rect, int(Qt.AlignmentFlag.AlignCenter), TO_FILL_TEXT)  # type: ignore[attr-defined]
            painter.restore()


def _has_issue_colour(index: QModelIndex | QPersistentModelIndex) -> bool:
    """A blank cell already marked as an error or warning shows that, not 待填."""
    from gkdesk.gui import style

    brush = index.data(Qt.ItemDataRole.BackgroundRole)
    colour = brush.color() if brush is not None and hasattr(brush, "color") else None
    return colour is not None and colour in (style.SEVERITY_BG["error"], style.SEVERITY_BG["warning"])
