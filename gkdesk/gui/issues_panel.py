"""The dockable 校验结果 panel: every issue grouped by severity; activating one goes to its cell or field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from gkdesk.core.explain import Explanation
from gkdesk.core.issues import SEVERITY_LABEL, Issue
from gkdesk.core.locations import describe_location
from gkdesk.core.report import Report
from gkdesk.gui import style

ISSUE_ROLE = Qt.ItemDataRole.UserRole + 1
#: the group of warnings marked 已核实 (shown apart, not counted as open)
EXPLAINED = "explained"


class IssuesPanel(QDockWidget):
    """A dock with a tree: 错误 / 警告 / 提示, each issue with its location and rule id."""

    issue_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("校验结果", parent)
        self.setObjectName("issues_dock")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["问题", "位置", "规则"])
        self.tree.setRootIsDecorated(True)
        # one line per issue (full text in the tooltip): keeps the panel fast with hundreds of issues
        self.tree.setWordWrap(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 240)
        header.resizeSection(2, 130)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.setWidget(self.tree)
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

    def set_issues(self, report: Report, issues: list[Issue],
                   explained: list[tuple[Issue, Explanation]] | None = None) -> None:
        """Show the issues (and, apart, the 已核实 ones with their 说明); only rows that appeared, vanished or moved
        are touched (fast while typing)."""
        explained = explained or []
        state = list(issues) + [i for i, _ in explained]
        if state == self._shown and self._notes == {i: e.note for i, e in explained}:
            return
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
            if i < len(old) and old[i] == issue:
                continue
            taken = None
            if issue in old[i:]:
                j = old.index(issue, i)
                taken = top.takeChild(j)
                del old[j]
            if taken is not None:
                item = taken
            else:
                item = QTreeWidgetItem([issue.message, describe_location(issue, report.format), issue.rule])
                item.setToolTip(0, issue.message)
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
