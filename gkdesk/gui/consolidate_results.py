"""Parts of the 汇总 dialog: the options box (汇总机关, year, duplicates) and the result tables (one row per unit
with its status; the selected unit's issues)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gkdesk.core.consolidate import SKIPPED, Consolidation, UnitResult
from gkdesk.core.format import ReportFormat, load_format
from gkdesk.core.issues import SEVERITY_LABEL
from gkdesk.core.locations import describe_location
from gkdesk.gui.style import SEVERITY_BG

UNIT_COLUMNS = ["序号", "文件", "机关名称", "年度", "错误", "警告", "状态", "说明"]
ISSUE_COLUMNS = ["严重程度", "规则", "问题说明", "位置"]
SKIPPED_BG = QColor("#e2e3e5")
PICK_A_UNIT = "选中上表中的一个单位，这里列出它的问题。"


class OptionsBox(QGroupBox):
    """第二步：汇总机关 — the consolidating body's name and level, the year, and whether duplicates count."""

    def __init__(self, fmt: ReportFormat) -> None:
        super().__init__("第二步：汇总机关")
        form = QFormLayout(self)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("例如：某某县人民政府（可稍后在汇总报告中填写）")
        self.level_combo = QComboBox()
        for lv in fmt.levels:
            self.level_combo.addItem(lv.label, lv.key)
        self.level_combo.setCurrentIndex(max(0, self.level_combo.findData("county_gov")))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(fmt.applies_from_year - 1, 2099)
        self.year_spin.setSpecialValueText("自动（按多数单位的报告年度）")
        self.year_spin.setValue(self.year_spin.minimum())
        self.year_spin.setSuffix(" 年")
        self.allow_dup = QCheckBox("同一单位（机关名称和年度相同）有多份报告时，全部计入（默认只计入第一份）")
        form.addRow("机关名称：", self.name_edit)
        form.addRow("机关级别：", self.level_combo)
        form.addRow("汇总年度：", self.year_spin)
        form.addRow("", self.allow_dup)


class ResultsArea(QSplitter):
    """The units table above, the selected unit's issues below."""

    def __init__(self, row_height: int) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self.units_table = make_units_table(row_height)
        self.issues_table = make_table(ISSUE_COLUMNS, row_height)
        self.issues_label = QLabel(PICK_A_UNIT)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.issues_label)
        lower_layout.addWidget(self.issues_table)
        self.addWidget(self.units_table)
        self.addWidget(lower)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.setSizes([320, 140])


def make_table(columns: list[str], row_height: int) -> QTableWidget:
    """A read-only table of whole rows, as both result tables are."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(row_height)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def make_units_table(row_height: int) -> UnitsTable:
    return UnitsTable(row_height)


class UnitsModel(QAbstractTableModel):
    """One row per input, computed when shown: a province's 10,000 units appear at once (items for every cell took
    about a second of the window's time)."""

    def __init__(self) -> None:
        super().__init__()
        self.units: list[UnitResult] = []

    def set_units(self, units: list[UnitResult]) -> None:
        self.beginResetModel()
        self.units = list(units)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.units)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(UNIT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return UNIT_COLUMNS[section]
        return None

    def text(self, row: int, col: int) -> str:
        """What the cell shows: 序号, file, unit, year, error and warning counts, status, the reason."""
        u = self.units[row]
        if col == 0:
            return str(row + 1)
        if col == 1:
            return u.path.name
        if col == 2:
            return u.name
        if col == 6:
            return u.status_label
        if col == 7:
            return u.note
        if not u.loaded:
            return ""
        if col == 3:
            return str(u.year or "")
        return str(u.counts["error" if col == 4 else "warning"])

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(r, c)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(self.units[r].path) if c == 1 else self.text(r, c)
        if role == Qt.ItemDataRole.TextAlignmentRole and c in (0, 3, 4, 5):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.BackgroundRole and c == STATUS_COLUMN:
            u = self.units[r]
            return (SKIPPED_BG if u.status == SKIPPED or not u.included else
                    SEVERITY_BG["error"] if u.has_errors else SEVERITY_BG["warning"] if u.status != "ok" else None)
        return None


STATUS_COLUMN = UNIT_COLUMNS.index("状态")


class UnitsTable(QTableView):
    """The units table: a read-only view of whole rows over ``UnitsModel``."""

    def __init__(self, row_height: int) -> None:
        super().__init__()
        self.units_model = UnitsModel()
        self.setModel(self.units_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(row_height)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setResizeContentsPrecision(200)  # column widths from the first 200 rows
        self.setWordWrap(False)

    def rowCount(self) -> int:
        return self.units_model.rowCount()

    def text(self, row: int, col: int) -> str:
        return self.units_model.text(row, col)

    def clear_units(self) -> None:
        self.units_model.set_units([])


def result_text(result: Consolidation) -> str:
    """The summary shown above the tables: what was consolidated and what to look at."""
    lines = [result.summary_line()] + [f"提示：{n}" for n in result.notes]
    if not result.included:
        lines.append("没有可以汇总的报告，请查看下表“说明”一栏的原因。")
    elif result.flagged:
        lines.append("标为“有错误”“跳过”或“重复”的单位请逐一核实；可保存校验清单发给各单位修改。")
    return "\n".join(lines)


def fill_units(table: UnitsTable, result: Consolidation) -> None:
    """One row per input: file, unit, year, error and warning counts, status (coloured) and the reason."""
    table.units_model.set_units(result.units)
    table.resizeColumnsToContents()  # from the first 200 rows (resizeContentsPrecision): quick for any number
    for c, cap in ((1, 220), (2, 220), (6, 160)):
        table.setColumnWidth(c, min(table.columnWidth(c), cap))


def fill_issues(table: QTableWidget, label: QLabel, unit: UnitResult | None) -> None:
    """The unit's issues (or why it was skipped), so the user sees what 有错误 means."""
    table.setRowCount(0)
    if unit is None:
        label.setText(PICK_A_UNIT)
        return
    who = unit.name or unit.path.name
    if not unit.loaded:
        label.setText(f"{who}：未能读取。{unit.reason}")
        return
    counts = unit.counts
    label.setText(f"{who}：错误 {counts['error']} 个，警告 {counts['warning']} 个，"
                  f"提示 {counts['hint']} 个。" + (f"（{unit.status_text}）" if unit.status != "ok" else ""))
    fmt = load_format(unit.format_version)
    table.setRowCount(len(unit.issues))
    for r, issue in enumerate(unit.issues):
        values = [SEVERITY_LABEL.get(issue.severity, issue.severity), issue.rule, issue.message,
                  describe_location(issue, fmt, full_row_label=True)]
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if c == 0 and issue.severity in SEVERITY_BG:
                item.setBackground(SEVERITY_BG[issue.severity])
            table.setItem(r, c, item)
    table.resizeColumnToContents(0)
    table.resizeColumnToContents(1)
    table.setColumnWidth(2, 560)
