"""Dialogs of 核实 and bound figures: write a 说明, pick a table figure to quote, choose figures to bind."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from gkdesk.core.bindings import Ref, describe_ref, format_figure, get_text
from gkdesk.core.bindliterals import Proposal
from gkdesk.core.explain import MAX_NOTE, ExplanationError, clean_note
from gkdesk.core.issues import SEVERITY_LABEL, Issue
from gkdesk.core.locations import describe_location
from gkdesk.core.report import Report

REF_ROLE = Qt.ItemDataRole.UserRole + 7


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ExplainDialog(QDialog):
    """标记为已核实: the warning, and the 说明 the clerk writes for the 上级 (required, at most 500 characters)."""

    def __init__(self, issue: Issue, report: Report, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("标记为已核实")
        lay = QVBoxLayout(self)
        what = QLabel(f"{SEVERITY_LABEL[issue.severity]}（{describe_location(issue, report.format)}）：\n{issue.message}")
        what.setWordWrap(True)
        lay.addWidget(what)
        lay.addWidget(QLabel("核实说明（会保存在报告文件中，并列入审核说明，供上级审核时查看）："))
        self.note = QPlainTextEdit(note)
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("例如：今年开展农村土地确权登记，相关申请集中增加，已逐件核对登记台账。")
        lay.addWidget(self.note)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.box = _buttons(self, "标记为已核实")
        lay.addWidget(self.box)
        self.note.textChanged.connect(self._check)
        self._check()
        self.resize(520, 320)

    def _check(self) -> None:
        text = self.note.toPlainText()
        try:
            clean_note(text)
            ok, msg = True, f"{len(' '.join(text.split()))}/{MAX_NOTE} 字"
        except ExplanationError as exc:
            ok, msg = False, str(exc)
        self.status.setText(msg)
        self.box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def text(self) -> str:
        return clean_note(self.note.toPlainText())


def figure_choices(report: Report) -> list[tuple[str, Ref]]:
    """Every figure a narrative may quote: each cell of the three tables, and the sums the texts usually quote."""
    fmt = report.format
    out: list[tuple[str, Ref]] = []
    for tkey, tdef in fmt.tables.items():
        for row in tdef.rows:
            for col in row.columns:
                out.append((describe_ref(Ref(((tkey, row.key, col),)), report), Ref(((tkey, row.key, col),))))
    if "t4" in fmt.tables:
        lit = Ref((("t4", "lit_direct", "total"), ("t4", "lit_after_review", "total")))
        out.append(("行政诉讼总计（" + describe_ref(lit, report) + "）", lit))
    return out


class FigurePicker(QDialog):
    """插入表格数字: type any words of a label (“新收 总计”, “复议”) and pick the figure to quote."""

    def __init__(self, report: Report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("插入表格数字")
        self.report = report
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("输入栏目名称中的字词查找（如“新收 总计”“行政复议”），回车插入。插入的数字随表格自动更新。"))
        self.search = QLineEdit()
        self.search.setPlaceholderText("查找栏目…")
        self.search.setClearButtonEnabled(True)
        lay.addWidget(self.search)
        self.list = QListWidget()
        for label, ref in figure_choices(report):
            item = QListWidgetItem(f"{label}：{format_figure(ref.value(report))}")
            item.setData(REF_ROLE, ref.key)
            self.list.addItem(item)
        lay.addWidget(self.list)
        self.box = _buttons(self, "插入")
        lay.addWidget(self.box)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._enter)
        self.list.itemActivated.connect(lambda _i: self.accept())
        self._filter("")
        self.resize(640, 440)

    def _filter(self, text: str) -> None:
        words = text.split()
        first = None
        for n in range(self.list.count()):
            item = self.list.item(n)
            hide = not all(w in item.text() for w in words)
            item.setHidden(hide)
            if not hide and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)
        self.box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(first is not None)

    def _enter(self) -> None:
        if self.chosen() is not None:
            self.accept()

    def chosen(self) -> Ref | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return Ref.parse(item.data(REF_ROLE))


class BindDialog(QDialog):
    """绑定正文中的数字: the figures found in the text that equal the cell their sentence names; all ticked."""

    def __init__(self, report: Report, proposals: list[Proposal], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("绑定正文中的数字")
        self.proposals = proposals
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(
            f"在正文中找到 {len(proposals)} 处与表格一致的数字。绑定后，它们会随表格自动更新（可一步撤销）。\n"
            "与表格不一致的数字不会列出，请根据校验结果逐一核对。"))
        self.list = QListWidget()
        for p in proposals:
            b = p.binding
            text = get_text(report, b.field)
            before = text[max(0, b.start - 14):b.start].replace("\n", " ")
            after = text[b.end:b.end + 6].replace("\n", " ")
            item = QListWidgetItem(f"…{before}【{text[b.start:b.end]}】{after}…  →  {describe_ref(b.ref, report)}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        lay.addWidget(self.list)
        lay.addWidget(_buttons(self, "绑定所选"))
        self.resize(760, 420)

    def chosen(self) -> list[Proposal]:
        return [p for n, p in enumerate(self.proposals)
                if self.list.item(n).checkState() == Qt.CheckState.Checked]
