"""The dockable 校验结果 panel: every issue grouped by severity; activating one goes to its cell or field."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gkdesk.core.explain import Explanation
from gkdesk.core.issues import SEVERITY_LABEL, Issue
from gkdesk.core.locations import describe_location
from gkdesk.core.report import Report
from gkdesk.gui import style
from gkdesk.gui.issue_tree import IssueTree
from gkdesk.gui.rule_texts import rule_explanation, rule_name

#: Qt.ItemDataRole.UserRole (256) + 1, as a number: no ``Qt.…`` value before the first paint (see window_view)
ISSUE_ROLE = 257
#: the group of warnings marked 已核实 (shown apart, not counted as open)
EXPLAINED = "explained"


class IssuesPanel(QDockWidget):
    """A dock with a tree: 错误 / 警告 / 提示, each issue in plain Chinese with its place and the check's name (the
    rule code and what the check does are in the tooltip). Above it, in a calm start, a bar saying how much is still
    to fill, with 空白单元格填0 and 显示全部问题."""

    issue_activated = Signal(object)
    #: the calm-start bar's buttons
    fill_zero_requested = Signal()
    show_all_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("校验结果", parent)
        self.setObjectName("issues_dock")
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.calm_bar = QWidget()
        bar = QHBoxLayout(self.calm_bar)
        bar.setContentsMargins(6, 4, 6, 4)
        self.calm_label = QLabel()
        self.calm_label.setWordWrap(True)
        self.fill_zero_button = QPushButton("空白单元格填0")
        self.fill_zero_button.setToolTip("没有发生的事项一次填0（可一步撤销）")
        self.fill_zero_button.clicked.connect(self.fill_zero_requested)
        self.show_all_button = QPushButton("显示全部问题")
        self.show_all_button.setToolTip("立即检查全部内容，包括尚未填写的格子")
        self.show_all_button.clicked.connect(self.show_all_requested)
        bar.addWidget(self.calm_label, 1)
        bar.addWidget(self.fill_zero_button)
        bar.addWidget(self.show_all_button)
        self.calm_bar.setStyleSheet("background: #eef5fb;")
        self.calm_bar.hide()
        column.addWidget(self.calm_bar)
        self.tree = IssueTree()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["问题", "位置", "检查项"])
        self.tree.setRootIsDecorated(True)
        # one line per issue (full text in the tooltip): keeps the panel fast with hundreds of issues
        self.tree.setWordWrap(False)
        self.tree.setUniformRowHeights(True)
        # long messages end in “…” (the view's default text elide mode, Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 220)
        header.resizeSection(2, 150)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        column.addWidget(self.tree, 1)
        self.setWidget(body)
        self._shown: list[Issue] | None = None
        self._notes: dict[Issue, str] = {}
        self._build_groups()

    def set_checking(self) -> None:
        """Validation is about to run (start-up): say so rather than “no problems”."""
        self._shown = None
        self._empty.setText(0, "正在检查…")
        self._empty.setHidden(False)
        for top in self._groups.values():
            top.setHidden(True)

    def _build_groups(self) -> None:
        """The fixed top rows (错误 / 警告 / 提示, and 未发现问题) that the issues are placed under."""
        self._empty = QTreeWidgetItem(["未发现问题。", "", ""])
        self.tree.addTopLevelItem(self._empty)
        self._styled = False
        self._groups: dict[str, QTreeWidgetItem] = {}
        self._group_issues: dict[str, list[Issue]] = {}
        for severity in ("error", "warning", "hint", EXPLAINED):
            top = QTreeWidgetItem(["", "", ""])
            top.setData(0, ISSUE_ROLE + 1, severity)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
            top.setHidden(True)
            self._groups[severity] = top
            self._group_issues[severity] = []

    def set_beside(self, beside: bool) -> None:
        """Beside the tables the panel is narrow: the message and its place only (the check's name is a tooltip)."""
        self.tree.setColumnHidden(2, beside)
        self.tree.header().resizeSection(1, 170 if beside else 220)

    def set_calm(self, held_back: int, blank_cells: int) -> None:
        """A calm start: say how much is not checked yet (0: the bar goes away)."""
        if held_back <= 0:
            self.calm_bar.hide()
            return
        self.calm_label.setText(f"新报告：尚未填写的地方显示为“待填”，填写后才检查（还有 {blank_cells} 个格子待填）。"
                                "导出和打印前会检查全部内容。")
        self.fill_zero_button.setVisible(blank_cells > 0)
        self.calm_bar.show()
        if not self._empty.isHidden():
            self._empty.setText(0, "已填写的部分未发现问题。")

    def expand_groups(self) -> None:
        """Every group open again (a new report: a group closed in the last one must not hide its errors)."""
        for top in self._groups.values():
            top.setExpanded(True)

    def set_issues(self, report: Report, issues: list[Issue],
                   explained: list[tuple[Issue, Explanation]] | None = None) -> None:
        """Show the issues (and, apart, the 已核实 ones with their 说明); only rows that appeared, vanished or moved
        are touched (fast while typing).

        The selected issue stays selected while it is still there; otherwise nothing is selected (the selection never
        jumps to an unrelated issue)."""
        explained = explained or []
        state = list(issues) + [i for i, _ in explained]
        if state == self._shown and self._notes == {i: e.note for i, e in explained}:
            return
        current = self.tree.currentItem()
        selected = current.data(0, ISSUE_ROLE) if current is not None else None
        self.tree.blockSignals(True)
        try:
            self._set_issues(report, issues, explained, state)
        finally:
            self.tree.blockSignals(False)
        item = self.item_for(selected) if isinstance(selected, Issue) else None
        self.tree.setCurrentItem(item) if item is not None else self.tree.clearSelection()

    def item_for(self, issue: Issue) -> QTreeWidgetItem | None:
        for item in self.issue_items() + self.explained_items():
            if item.data(0, ISSUE_ROLE) == issue:
                return item
        return None

    def _set_issues(self, report: Report, issues: list[Issue], explained: list[tuple[Issue, Explanation]],
                    state: list[Issue]) -> None:
        self._shown = state
        self._notes = {i: e.note for i, e in explained}
        if not self._styled:
            self._style_groups()
        self._empty.setText(0, "未发现问题。" if not explained else "没有待处理的问题。")
        self._empty.setHidden(bool(issues))
        for severity, top in self._groups.items():
            new = [i for i, _ in explained] if severity == EXPLAINED else [i for i in issues if i.severity == severity]
            old = self._group_issues[severity]
            if new != old:
                if len(set(new)) != len(new):  # identical duplicates: rebuild the group plainly
                    top.takeChildren()
                    old.clear()
                self._update_group(report, top, old, new)
            if severity == EXPLAINED:
                top.setText(0, f"✓ 已核实（{len(new)}）")
                for j in range(top.childCount()):
                    item = top.child(j)
                    issue = item.data(0, ISSUE_ROLE)
                    item.setToolTip(0, f"{issue.message}\n核实说明：{self._notes.get(issue, '')}")
                    item.setText(0, f"【核实说明：{self._notes.get(issue, '')}】{issue.message}")
            else:
                top.setText(0, f"{style.SEVERITY_MARK[severity]} {SEVERITY_LABEL[severity]}（{len(new)}）")
            top.setHidden(not new)

    def _style_groups(self) -> None:
        """Colours and bold group titles, set with the first issues (nothing of it is needed before)."""
        from PySide6.QtGui import QBrush

        self._styled = True
        self._empty.setForeground(0, QBrush(style.COMPUTED_FG))
        for severity, top in self._groups.items():
            top.setForeground(0, QBrush(style.SEVERITY_FG.get(severity, style.COMPUTED_FG)))
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)

    def _update_group(self, report: Report, top: QTreeWidgetItem, old: list[Issue], new: list[Issue]) -> None:
        keep = set(new)
        for j in reversed(range(len(old))):
            if old[j] not in keep:
                top.takeChild(j)
                del old[j]
        for i, issue in enumerate(new):
            if i < len(old) and (old[i] is issue or old[i] == issue):  # mostly the same objects: no field compare
                continue
            taken = None
            if issue in old[i:]:
                j = old.index(issue, i)
                taken = top.takeChild(j)
                del old[j]
            if taken is not None:
                item = taken
            else:
                item = QTreeWidgetItem([issue.message, describe_location(issue, report.format),
                                        rule_name(issue.rule) or "其他检查"])
                explanation = rule_explanation(issue.rule)
                item.setToolTip(0, f"{issue.message}\n\n{explanation}")
                item.setToolTip(2, explanation)
                item.setData(0, ISSUE_ROLE, issue)
            top.insertChild(i, item)
            old.insert(i, issue)
        del old[len(new):]

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        issue = item.data(0, ISSUE_ROLE)
        if isinstance(issue, Issue):
            self.issue_activated.emit(issue)

    def current_issue(self) -> Issue | None:
        item = self.tree.currentItem()
        issue = item.data(0, ISSUE_ROLE) if item is not None else None
        return issue if isinstance(issue, Issue) else None

    def is_explained(self, issue: Issue) -> bool:
        return issue in self._notes

    def explained_items(self) -> list[QTreeWidgetItem]:
        top = self._groups[EXPLAINED]
        return [c for c in (top.child(j) for j in range(top.childCount())) if c is not None]

    def issue_items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        for severity, top in self._groups.items():
            if severity != EXPLAINED:
                out.extend(c for c in (top.child(j) for j in range(top.childCount())) if c is not None)
        return out
