"""A table of the report drawn on the official layout grid (header, row labels and values with their merges)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont

from gkdesk.core.edits import SetCells
from gkdesk.core.format import GridCell, TableDef
from gkdesk.core.issues import SEVERITY_LABEL, SEVERITY_ORDER, Issue
from gkdesk.core.report import CellInputError, CellValue, parse_cell_input
from gkdesk.gui import style
from gkdesk.gui.document import Document

Index = QModelIndex | QPersistentModelIndex
#: the GridCell under an index (top-left of a merge for every covered position)
GRID_CELL_ROLE = Qt.ItemDataRole.UserRole + 1


class TableModel(QAbstractTableModel):
    """One cell per grid position; value cells read and write the report through the document (undoable)."""

    #: a typed value was refused: the Chinese reason and where
    input_refused = Signal(str, QModelIndex)
    #: a cell whose input had been refused now holds an accepted value (the refusal message can go)
    refusal_cleared = Signal()

    def __init__(self, doc: Document, table_key: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.key = table_key
        self.tdef: TableDef = doc.report.format.table(table_key)
        layout = self.tdef.layout
        self._cells: dict[tuple[int, int], GridCell] = {}
        self._top_left: dict[tuple[int, int], GridCell] = {}
        for cell in layout.cells:
            self._top_left[(cell.row, cell.col)] = cell
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    self._cells[(r, c)] = cell
        self._value_cell: dict[tuple[str, str], GridCell] = {c.ref: c for c in layout.cells if c.ref is not None}
        self._issues: dict[tuple[str, str], list[Issue]] = {}
        self._refused: dict[tuple[str, str], str] = {}
        self._mine: list[Issue] | None = None  # this table's issues, as last shown
        #: the cells each issue marks (issues found again are the same objects: looked up, not worked out)
        self._issue_refs: dict[Issue, tuple[tuple[str, str], ...]] = {}
        doc.issues_changed.connect(self._on_issues)
        doc.reset.connect(self._on_reset)
        self._on_issues(doc.issues)

    # --- layout helpers -----------------------------------------------------------------------------
    def grid_cell(self, row: int, col: int) -> GridCell | None:
        return self._cells.get((row, col))

    def spans(self) -> list[GridCell]:
        return [c for c in self.tdef.layout.cells if c.rowspan > 1 or c.colspan > 1]

    def value_cells(self) -> list[GridCell]:
        return sorted(self.tdef.layout.value_cells(), key=lambda c: (c.row, c.col))

    def index_of(self, row_key: str, col_key: str) -> QModelIndex:
        cell = self.tdef.layout.position_of(row_key, col_key)
        return self.index(cell.row, cell.col)

    def is_input(self, cell: GridCell | None) -> bool:
        return cell is not None and cell.ref is not None and not self.tdef.is_computed(*cell.ref)

    def cell_name(self, row_key: str, col_key: str) -> str:
        """'自然人 / 一、本年新收政府信息公开申请数量' — for messages."""
        return f"{self.tdef.row(row_key).label}／{self.tdef.columns[col_key]}"

    # --- Qt model -----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.tdef.layout.n_rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.tdef.layout.n_cols

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        cell = self._cells.get((index.row(), index.column()))
        if cell is None or cell.ref is None:
            return Qt.ItemFlag.ItemIsEnabled
        if self.tdef.is_computed(*cell.ref):
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self._top_left.get((index.row(), index.column()))
        if cell is None:
            return None
        if role == GRID_CELL_ROLE:
            return cell
        if cell.ref is None:
            return self._label_data(cell, role)
        return self._value_data(cell, cell.ref, role)

    def _label_data(self, cell: GridCell, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(style.HEADER_BG if self._is_heading(cell) else style.LABEL_BG)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(style.TEXT_FG)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self._is_heading(cell) or cell.rowspan > 1:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self._is_heading(cell):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and cell.text and len(cell.text) > 12:
            return cell.text
        return None

    def _is_heading(self, cell: GridCell) -> bool:
        """Column headers (and, in 二, the block titles and their column-name rows)."""
        if cell.header:
            return True
        if self.tdef.layout.label_columns and cell.col >= self.tdef.layout.label_columns:
            return True  # a text cell among value columns is a column header
        return cell.colspan == self.tdef.layout.n_cols or self._row_is_header(cell.row)

    def _row_is_header(self, row: int) -> bool:
        return all(self._cells[(row, c)].ref is None for c in range(self.tdef.layout.n_cols))

    def _value_data(self, cell: GridCell, ref: tuple[str, str], role: int) -> Any:
        row_key, col_key = ref
        report = self.doc.report
        computed = self.tdef.is_computed(row_key, col_key)
        issues = self._issues.get(ref, [])
        # hints are advice (e.g. 附上上年报告): tooltip only, no colour, so they never look like a problem
        worst = issues[0].severity if issues and issues[0].severity != "hint" else None
        if role == Qt.ItemDataRole.DisplayRole:
            return style.format_value(report.value(self.key, row_key, col_key))
        if role == Qt.ItemDataRole.EditRole:
            return style.format_value(report.raw(self.key, row_key, col_key))
        if role == Qt.ItemDataRole.BackgroundRole:
            if worst is not None:
                return QBrush(style.SEVERITY_BG[worst])
            return QBrush(style.COMPUTED_BG if computed else style.INPUT_BG)
        if role == Qt.ItemDataRole.ForegroundRole:
            if worst == "error":
                return QBrush(style.SEVERITY_FG["error"])
            return QBrush(style.COMPUTED_FG if computed else style.TEXT_FG)
        if role == Qt.ItemDataRole.FontRole and computed:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row_key, col_key, computed, issues)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.cell_name(row_key, col_key)
        return None

    def _tooltip(self, row_key: str, col_key: str, computed: bool, issues: list[Issue]) -> str:
        lines = [self.cell_name(row_key, col_key)]
        refused = self._refused.get((row_key, col_key))
        if refused:
            lines.append(f"刚才的输入未被接受：{refused}")
        if computed:
            comp = self.tdef.computed_def(row_key, col_key)
            lines.append("自动计算（合计），不能直接填写。" if comp else "")
            stated = self.doc.report.stated_value(self.key, row_key, col_key)
            if stated is not None:
                lines.append(f"来源报告所列为 {style.format_value(stated)}；如确认计算结果正确，"
                             "请用“编辑 → 采用计算的合计数”。")
        for issue in issues:
            lines.append(f"{SEVERITY_LABEL[issue.severity]}：{issue.message}")
        return "\n".join(line for line in lines if line)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        cell = self._top_left.get((index.row(), index.column()))
        if not self.is_input(cell):
            return False
        assert cell is not None and cell.ref is not None
        row_key, col_key = cell.ref
        text = "" if value is None else str(value)
        try:
            parsed = parse_cell_input(text, self.tdef.cell_type(row_key))
        except CellInputError as exc:
            self._refused[cell.ref] = str(exc)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.ToolTipRole])
            self.input_refused.emit(str(exc), self.index(index.row(), index.column()))
            return False
        if self._refused.pop(cell.ref, None) is not None:
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.ToolTipRole])
            self.refusal_cleared.emit()
        if parsed == self.doc.report.raw(self.key, row_key, col_key) and type(parsed) is type(
                self.doc.report.raw(self.key, row_key, col_key)):
            return True
        self.doc.apply(SetCells({(self.key, row_key, col_key): parsed}))
        return True

    def set_cells(self, changes: dict[tuple[str, str], CellValue], label: str) -> None:
        """Several cells as one undo step (paste, clear)."""
        cleared = [ref for ref in changes if self._refused.pop(ref, None) is not None]
        if changes:
            self.doc.apply(SetCells({(self.key, r, c): v for (r, c), v in changes.items()}, label))
        for ref in cleared:
            idx = self.index(self._value_cell[ref].row, self._value_cell[ref].col)
            self.dataChanged.emit(idx, idx)

    # --- refused input, shown at the cell until a valid value replaces it (drawn by the view's delegate) ------
    def refusal_at(self, row: int, col: int) -> str | None:
        cell = self._top_left.get((row, col))
        return self._refused.get(cell.ref) if cell is not None and cell.ref is not None else None

    def mark_refused(self, ref: tuple[str, str], message: str) -> None:
        self._refused[ref] = message
        cell = self._value_cell.get(ref)
        if cell is not None:
            idx = self.index(cell.row, cell.col)
            self.dataChanged.emit(idx, idx)

    # --- following the document ---------------------------------------------------------------------
    #: repaint from what the edit touched (False: compare every cell's value, as before; kept for the benchmark)
    repaint_by_touches = True

    def _on_issues(self, issues: list[Issue]) -> None:
        """After every edit: repaint only the cells whose value or issue marking changed (fast with many issues).

        Values are compared only where the edit says it changed something (its ``touches``) and at the computed
        cells; issue markings are compared for every cell (a cheap pass over the issues)."""
        key = self.key
        mine = [issue for issue in issues if issue.table == key]
        touches = self.doc.last_touches
        if (mine == self._mine and touches is not None and self.repaint_by_touches
                and getattr(self, "_shown", None) is not None
                and not any(t.key in ("", key) and t.kind in ("report", "table", "row", "cell") for t in touches)):
            return  # neither this table's issues nor its cells changed (the issues are the same objects: cheap)
        self._mine = mine
        by_cell: dict[tuple[str, str], list[Issue]] = {}
        refs_of = self._issue_refs
        if len(refs_of) > 4096:
            refs_of.clear()
        for issue in mine:
            refs = refs_of.get(issue)
            if refs is None:
                refs = refs_of[issue] = tuple(self._refs_of(issue))
            for ref in refs:
                by_cell.setdefault(ref, []).append(issue)
        for lst in by_cell.values():
            if len(lst) > 1:
                lst.sort(key=lambda i: SEVERITY_ORDER[i.severity])
        before = self._issues
        self._issues = by_cell
        previous = getattr(self, "_shown", None)
        if previous is None or not self.repaint_by_touches or touches is None \
                or any(t.kind in ("report", "table", "row") and t.key in ("", self.key) for t in touches):
            self._repaint_changed(self._snapshot())
            return
        # the issues are the validator's (the same objects while unchanged): comparing the lists is cheap, and a
        # cell whose list changed but shows the same marks is merely repainted once more
        refs = {ref for ref in before.keys() | by_cell.keys() if before.get(ref) != by_cell.get(ref)}
        refs |= self._dependents({(t.row, t.column) for t in touches if t.kind == "cell" and t.key == self.key})
        report = self.doc.report
        shown = dict(previous)
        for ref in refs:
            if ref in self._value_cell:
                shown[ref] = (report.value(self.key, *ref), _marks(by_cell.get(ref)))
        self._repaint_changed(shown, refs)  # every other cell shows what it showed before

    def _dependents(self, cells: set[tuple[str, str]]) -> set[tuple[str, str]]:
        """The cells and the totals computed from them (a row's 总计, a column's 合计, and where the two meet)."""
        out = set(cells)
        for _ in range(2):
            for r, c in list(out):
                for comp in self.tdef.computed:
                    if comp.kind == "column_sum" and c in comp.of:
                        out.add((r, comp.target))
                    elif comp.kind == "row_sum" and r in comp.of:
                        out.add((comp.target, c))
        return out

    def _repaint_changed(self, shown: dict[tuple[str, str], tuple[object, ...]],
                         only: set[tuple[str, str]] | None = None) -> None:
        """Keep ``shown`` and repaint the cells that show otherwise than before (of ``only``, when given)."""
        previous = getattr(self, "_shown", None)
        self._shown = shown
        if previous is None:
            return
        for ref in shown if only is None else only:
            state = shown.get(ref)
            if state is not None and previous.get(ref) != state:
                cell = self._value_cell[ref]
                idx = self.index(cell.row, cell.col)
                self.dataChanged.emit(idx, idx)

    def _snapshot(self) -> dict[tuple[str, str], tuple[object, ...]]:
        report = self.doc.report
        return {ref: (report.value(self.key, *ref), _marks(self._issues.get(ref))) for ref in self._value_cell}

    def _refs_of(self, issue: Issue) -> list[tuple[str, str]]:
        if issue.row and issue.column:
            return [(issue.row, issue.column)]
        if issue.row:
            try:
                return [(issue.row, c) for c in self.tdef.row(issue.row).columns]
            except KeyError:
                return []
        if issue.column:
            return [(r.key, issue.column) for r in self.tdef.rows if issue.column in r.columns]
        return []

    def issue_count(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "hint": 0}
        for issue in self.doc.issues:
            if issue.table == self.key:
                out[issue.severity] += 1
        return out

    def _on_reset(self) -> None:
        self.beginResetModel()
        self._refused.clear()
        self._issue_refs.clear()
        self._shown = self._snapshot()
        self.endResetModel()


def _marks(issues: list[Issue] | None) -> tuple[tuple[str, str], ...]:
    """What a cell shows of its issues (severity and message, in order)."""
    return tuple((i.severity, i.message) for i in issues) if issues else ()
