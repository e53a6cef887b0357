"""The spreadsheet-like view of one official table: merges, Tab/Enter/arrow moves, Delete, paste and copy."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QToolTip, QWidget

from gkdesk.core.format import GridCell
from gkdesk.core.report import CellInputError, CellValue, parse_cell_input
from gkdesk.gui.cell_delegate import CellDelegate
from gkdesk.gui.frozen_header import FrozenHeader, header_rows
from gkdesk.gui.table_model import TableModel

_CursorAction = QAbstractItemView.CursorAction


class ReportTableView(QTableView):
    """Shows a TableModel; Delete blanks the selection and a pasted block fills cells from the current one."""

    #: a message for the status bar (refused input, paste summary)
    message = Signal(str)

    def __init__(self, model: TableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self._model = model
        self.setItemDelegate(CellDelegate(self))
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setCornerButtonEnabled(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setStyleSheet("QTableView { gridline-color: #9aa3ad; selection-background-color: #bcd3ee;"
                           " selection-color: #111; }")
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # the columns always fit the width (label columns wrap): no sideways scrolling, no shifted view
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.header_rows = header_rows(model)
        self._row_heights: list[int] = []
        self._natural_widths: list[int] = []
        self.frozen: FrozenHeader | None = FrozenHeader(self, self.header_rows) if self.header_rows else None
        for row in range(self.header_rows):
            self.setRowHidden(row, True)  # drawn by the frozen header instead
        header_spans = []
        for cell in model.spans():
            if cell.row < self.header_rows:
                header_spans.append((cell.row, cell.col, cell.rowspan, cell.colspan))
            else:
                self.setSpan(cell.row, cell.col, cell.rowspan, cell.colspan)
        if self.frozen is not None:
            self.frozen.set_spans(header_spans)
        model.input_refused.connect(self._on_refused)
        model.refusal_cleared.connect(lambda: self.message.emit(""))
        self._add_context_actions()
        model.modelReset.connect(self.fit)
        self.fit()
        first = self.input_cells()
        if first:
            self.setCurrentIndex(model.index(first[0].row, first[0].col))
        self._shown_once = False

    def showEvent(self, event: object) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[arg-type]
        if not self._shown_once:  # the first look at a table starts at its first row
            self._shown_once = True
            self.scrollToTop()

    def _add_context_actions(self) -> None:
        """Right-click menu for clerks who do not use shortcuts."""
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, slot in (("复制", self.copy_selection),
                           ("粘贴", self.paste_clipboard),
                           ("清除所选单元格", self.clear_selection_cells)):
            action = QAction(text, self)
            action.triggered.connect(slot)
            self.addAction(action)

    # --- sizes --------------------------------------------------------------------------------------
    def fit(self) -> None:
        """Column widths for a tidy form: wide row labels wrap, value columns fit their headers."""
        fm = QFontMetrics(self.font())
        em = fm.horizontalAdvance("国")
        layout = self._model.tdef.layout
        n_label = layout.label_columns
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        for col in range(layout.n_cols):
            if col < n_label:
                singles = [c for c in layout.cells if c.col == col and c.colspan == 1 and c.rowspan == 1
                           and c.text and not c.header]
                if singles:
                    natural = max(fm.horizontalAdvance(c.text or "") for c in singles) + em
                    width = max(min(natural, 22 * em), 8 * em)
                else:  # only tall merged labels here: narrow, the text wraps
                    width = 3 * em if col == 0 and n_label > 2 else 5 * em
            else:
                width = 6 * em if n_label else 5 * em
            if n_label == 1 and col == 0:
                width = max(width, 12 * em)
            header.resizeSection(col, int(width))
        if n_label == 1:  # 二: one label column, the three value columns share the rest evenly
            for col in range(1, layout.n_cols):
                header.resizeSection(col, 9 * em)
        self._natural_widths = [self.columnWidth(c) for c in range(layout.n_cols)]
        self._em = em
        self._fit_width()

    def _fit_width(self) -> None:
        """Shrink the columns to the width there is (row labels first, they wrap), then fit the row heights."""
        if not self._natural_widths:
            return
        widths = list(self._natural_widths)
        room = self.viewport().width() if self.isVisible() or self.testAttribute(
            Qt.WidgetAttribute.WA_Resized) else sum(widths)
        n_label = self._model.tdef.layout.label_columns
        em = self._em
        excess = sum(widths) - room
        for group, floor in ((range(min(n_label, len(widths))), 5 * em), (range(n_label, len(widths)), 3 * em)):
            if excess <= 0:
                break
            cols = sorted(group, key=lambda c: -widths[c])
            spare = sum(max(0, widths[c] - floor) for c in cols)
            if spare <= 0:
                continue
            take = min(excess, spare)
            for c in cols:
                cut = int(round(take * max(0, widths[c] - floor) / spare))
                widths[c] -= cut
            excess = sum(widths) - room
        if excess > 0 or sum(widths) > room:  # rounding: the last pixels from the widest column
            widest = max(range(len(widths)), key=lambda c: widths[c])
            widths[widest] -= max(0, sum(widths) - room)
        header = self.horizontalHeader()
        for col, width in enumerate(widths):
            if header.sectionSize(col) != width:
                header.resizeSection(col, width)
        self._fit_rows(QFontMetrics(self.font()))

    def updateGeometries(self) -> None:  # noqa: N802
        """QTableView sets the viewport margins for its (hidden) headers here: keep room for the frozen header."""
        super().updateGeometries()
        heights = getattr(self, "_row_heights", None)  # None while QTableView's constructor runs
        if not heights:
            return
        top = sum(heights[: self.header_rows])
        if self.viewportMargins().top() != top:
            self.setViewportMargins(0, top, 0, 0)
        if self.frozen is not None:
            self.frozen.sync(heights)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._natural_widths and event.size().width() != event.oldSize().width():
            self._fit_width()
        elif self.frozen is not None:
            self.frozen.sync(self._row_heights)

    def _fit_rows(self, fm: QFontMetrics) -> None:
        """Row heights from the wrapped text of one-row cells; tall merged labels share their rows' height."""
        layout = self._model.tdef.layout
        base = int(fm.height() * 1.9)
        heights = [base] * layout.n_rows
        bold = QFont(self.font())
        bold.setBold(True)
        bfm = QFontMetrics(bold)

        def needed(cell: GridCell) -> int:
            if not cell.text:
                return base
            width = sum(self.columnWidth(c) for c in range(cell.col, cell.col + cell.colspan)) - 10
            metrics = bfm if self._model.data(self._model.index(cell.row, cell.col),
                                               Qt.ItemDataRole.FontRole) else fm
            rect = metrics.boundingRect(QRect(0, 0, max(width, 10), 100000), int(Qt.TextFlag.TextWordWrap),
                                        cell.text)
            return rect.height() + 12

        for cell in layout.cells:
            if cell.rowspan == 1:
                heights[cell.row] = max(heights[cell.row], needed(cell))
        for cell in layout.cells:
            if cell.rowspan > 1:
                rows = range(cell.row, cell.row + cell.rowspan)
                missing = needed(cell) - sum(heights[r] for r in rows)
                if missing > 0:
                    for r in rows:
                        heights[r] += missing // cell.rowspan + 1
        for row, h in enumerate(heights):
            self.setRowHeight(row, h)
        self._row_heights = heights
        self.updateGeometries()
        self.setMaximumHeight(self.preferred_height())
        self.setMaximumWidth(self.preferred_width())

    def preferred_height(self) -> int:
        return sum(self._row_heights) + 2 * self.frameWidth() + 2

    def preferred_width(self) -> int:
        """The natural width, with room for the vertical scroll bar (so it never forces sideways scrolling)."""
        widths = self._natural_widths or [self.columnWidth(c) for c in range(self._model.columnCount())]
        return sum(widths) + 2 * self.frameWidth() + 2 + self.verticalScrollBar().sizeHint().width()

    # --- moving like a spreadsheet -------------------------------------------------------------------
    def _current_cell(self) -> GridCell | None:
        idx = self.currentIndex()
        return self._model.grid_cell(idx.row(), idx.column()) if idx.isValid() else None

    def moveCursor(self, action: _CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:  # noqa: N802
        cells = self._model.value_cells()
        cur = self._current_cell()
        if not cells:
            return QModelIndex()
        if cur is None or cur.ref is None:
            return self._model.index(cells[0].row, cells[0].col)
        target: GridCell | None = None
        if action == _CursorAction.MoveNext:  # Tab, Enter: the next cell to fill, row after row
            later = [c for c in self.input_cells() if (c.row, c.col) > (cur.row, cur.col)]
            target = later[0] if later else None
        elif action == _CursorAction.MovePrevious:
            earlier = [c for c in self.input_cells() if (c.row, c.col) < (cur.row, cur.col)]
            target = earlier[-1] if earlier else None
        elif action == _CursorAction.MoveRight:
            right = [c for c in cells if c.row == cur.row and c.col > cur.col]
            target = right[0] if right else None
        elif action == _CursorAction.MoveLeft:
            left = [c for c in cells if c.row == cur.row and c.col < cur.col]
            target = left[-1] if left else None
        elif action in (_CursorAction.MoveDown, _CursorAction.MoveUp):
            down = action == _CursorAction.MoveDown
            col = cur.col
            column = [c for c in cells if c.col <= col < c.col + c.colspan
                      and (c.row > cur.row if down else c.row < cur.row)]
            if column:
                target = column[0] if down else column[-1]
        elif action == _CursorAction.MoveHome:
            target = cells[0]
        elif action == _CursorAction.MoveEnd:
            target = cells[-1]
        else:
            return super().moveCursor(action, modifiers)
        if target is None:
            return self.currentIndex()
        return self._model.index(target.row, target.col)

    def input_cells(self) -> list[GridCell]:
        """The cells a clerk fills (totals excluded), in reading order."""
        return [c for c in self._model.value_cells() if self._model.is_input(c)]

    def move_cursor_to(self, index: QModelIndex) -> None:
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def select_refs(self, refs: list[tuple[str, str]]) -> None:
        """Select these cells (row key, column key), make the first current and scroll to it (undo/redo)."""
        indexes = []
        for row_key, col_key in refs:
            try:
                indexes.append(self._model.index_of(row_key, col_key))
            except KeyError:
                continue
        if not indexes:
            return
        self.move_cursor_to(indexes[0])
        selection = QItemSelection()
        for idx in indexes:
            selection.select(idx, idx)
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # --- keys ---------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste_clipboard()
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
                self.clear_selection_cells()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                back = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                step = _CursorAction.MovePrevious if back else _CursorAction.MoveNext
                self.move_cursor_to(self.moveCursor(step, Qt.KeyboardModifier.NoModifier))
                return
            cell = self._current_cell()
            if (event.text().strip() and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
                    and cell is not None and cell.ref is not None and not self._model.is_input(cell)):
                self.message.emit(f"“{self._model.cell_name(*cell.ref)}”是自动计算的合计，不能直接填写；"
                                  "请修改它的各个组成项。")
                return
        super().keyPressEvent(event)

    def _selected_cells(self) -> list[GridCell]:
        seen: dict[tuple[int, int], GridCell] = {}
        indexes = self.selectedIndexes() or ([self.currentIndex()] if self.currentIndex().isValid() else [])
        for idx in indexes:
            cell = self._model.grid_cell(idx.row(), idx.column())
            if cell is not None and cell.ref is not None:
                seen[(cell.row, cell.col)] = cell
        return [seen[k] for k in sorted(seen)]

    def clear_selection_cells(self) -> None:
        """Delete: the selected cells become blank (not 0), one undo step."""
        changes: dict[tuple[str, str], CellValue] = {}
        for cell in self._selected_cells():
            if (self._model.is_input(cell) and cell.ref is not None
                    and self._model.doc.report.raw(self._model.key, *cell.ref) is not None):
                changes[cell.ref] = None
        if changes:
            self._model.set_cells(changes, "清除单元格")
            self.message.emit(f"已清除 {len(changes)} 个单元格（空白不等于0；没有数据请填0）。")

    def copy_selection(self) -> None:
        QGuiApplication.clipboard().setText(self.selection_text())
        self.message.emit("已复制所选单元格。")

    def paste_clipboard(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def selection_text(self) -> str:
        cells = self._selected_cells()
        if not cells:
            return ""
        rows: dict[int, list[str]] = {}
        for cell in cells:
            assert cell.ref is not None
            text = self._model.data(self._model.index(cell.row, cell.col)) or ""
            rows.setdefault(cell.row, []).append(text)
        return "\n".join("\t".join(v) for _, v in sorted(rows.items()))

    def paste_text(self, text: str) -> None:
        """Fill cells from the current one with a TAB/newline block (WPS, Excel, LibreOffice) as one undo step."""
        start = self._current_cell()
        if start is None or start.ref is None:
            self.message.emit("请先点选要开始粘贴的单元格。")
            return
        block = [line.split("\t") for line in text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")]
        if not text.strip():
            self.message.emit("剪贴板中没有可粘贴的数字。")
            return
        cells = self._model.value_cells()
        rows = sorted({c.row for c in cells if c.row >= start.row})
        changes: dict[tuple[str, str], CellValue] = {}
        refused: list[str] = []
        skipped_computed = 0
        outside = 0
        for i, values in enumerate(block):
            if i >= len(rows):
                outside += sum(1 for v in values if v.strip())
                continue
            targets = [c for c in cells if c.row == rows[i] and c.col >= start.col]
            for j, raw in enumerate(values):
                if j >= len(targets):
                    outside += 1 if raw.strip() else 0
                    continue
                cell = targets[j]
                assert cell.ref is not None
                if not self._model.is_input(cell):
                    skipped_computed += 1 if raw.strip() else 0
                    continue
                try:
                    changes[cell.ref] = parse_cell_input(raw, self._model.tdef.cell_type(cell.ref[0]))
                except CellInputError as exc:
                    refused.append(f"“{raw.strip()}”（{self._model.cell_name(*cell.ref)}）：{exc}")
                    self._model.mark_refused(cell.ref, f"粘贴的“{raw.strip()}”未被接受：{exc}")
        report = self._model.doc.report
        changes = {ref: v for ref, v in changes.items() if report.raw(self._model.key, *ref) != v}
        self._model.set_cells(changes, "粘贴")
        parts = [f"已粘贴 {len(changes)} 个单元格（可一步撤销）。"]
        if skipped_computed:
            parts.append(f"{skipped_computed} 个值落在自动计算的合计单元格上，未采用。")
        if outside:
            parts.append(f"{outside} 个值超出表格范围，未采用。")
        if refused:
            parts.append(f"{len(refused)} 个值未被接受，原值保留：" + "；".join(refused[:5])
                         + ("……" if len(refused) > 5 else ""))
        self.last_paste_message = "".join(parts)
        self.message.emit(self.last_paste_message)

    # --- feedback -----------------------------------------------------------------------------------
    def _on_refused(self, message: str, index: QModelIndex) -> None:
        self.message.emit(message)
        if self.isVisible():
            rect = self.visualRect(index)
            QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), message, self.viewport(), rect, 6000)
