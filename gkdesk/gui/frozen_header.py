"""The official multi-row column header of a table, frozen above the rows: while the rows scroll, the header stays,
drawn from the same model with the same merges, column widths and row heights."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QTableView


class FrozenHeader(QTableView):
    """A read-only view of the table's header rows, laid over the top of the table's viewport margin."""

    def __init__(self, view: QTableView, header_rows: int) -> None:
        super().__init__(view)
        self._view = view
        self.header_rows = header_rows
        self.setObjectName("frozen_header")
        self.setModel(view.model())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrap(True)
        self.setStyleSheet(view.styleSheet())
        self.setAccessibleName("表头")
        model = view.model()
        for row in range(header_rows, model.rowCount()):
            self.setRowHidden(row, True)
        view.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)

    def set_spans(self, spans: list[tuple[int, int, int, int]]) -> None:
        for row, col, rowspan, colspan in spans:
            self.setSpan(row, col, rowspan, colspan)

    def sync(self, row_heights: list[int]) -> int:
        """Copy the table's column widths and the header's row heights; place it; return its height."""
        model = self._view.model()
        for col in range(model.columnCount()):
            self.setColumnWidth(col, self._view.columnWidth(col))
        height = 0
        for row in range(self.header_rows):
            self.setRowHeight(row, row_heights[row])
            height += row_heights[row]
        frame = self._view.frameWidth()
        self.setGeometry(frame, frame, self._view.viewport().width(), height)
        self.horizontalScrollBar().setValue(self._view.horizontalScrollBar().value())
        return height


def header_rows(model: Any) -> int:
    """How many rows at the top of a table model are the official column header (all their cells are header cells);
    0 when there is no such block (二: each of its four blocks has its own little header)."""
    layout = model.tdef.layout
    rows = 0
    while rows < layout.n_rows and all(
            (cell := model.grid_cell(rows, c)) is not None and cell.header for c in range(layout.n_cols)):
        rows += 1
    return rows if rows < layout.n_rows else 0
