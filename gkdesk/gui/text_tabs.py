"""The narrative tabs: 一、总体情况 (intro + subsections), 五 and 六 (with the 信息处理费 amount)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gkdesk.core.edits import (
    InsertSubsection,
    MoveSubsection,
    RemoveSubsection,
    SetProcessingFee,
    SetSubsection,
    SetText,
)
from gkdesk.core.issues import Issue
from gkdesk.core.location import FEE, INTRO, Location
from gkdesk.core.report import Subsection, normalize_text
from gkdesk.gui.document import Document
from gkdesk.gui.fields import BoundLineEdit, BoundPlainText, FieldMixin


def repetition_text(current: str, last: str) -> str:
    """'与上年文字重复率：35%' when last year's text is known (empty otherwise)."""
    if not last.strip() or not current.strip():
        return ""
    try:
        from gkdesk.core.textsim import repetition_ratio
    except ImportError:
        return ""
    ratio = float(repetition_ratio(current, last))
    return f"与上年报告文字重复率：{ratio:.0%}"


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 15pt; font-weight: bold; margin: 4px 0 6px 0;")
    return label


def _hint(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


class _SubsectionBox(QGroupBox):
    """One subsection: its title, its text and the buttons that move or remove it."""

    def __init__(self, doc: Document, index: int, tab: OverviewTab) -> None:
        super().__init__()
        self.index = index
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.title_edit = BoundLineEdit(doc, str(Location.subsection(index, "title")), lambda r: r.overview[index].title,
                                   lambda v: SetSubsection(index, title=v), "小节标题，例如：（一）主动公开")
        self.title_edit.setStyleSheet("font-weight: bold;")
        row.addWidget(self.title_edit, 1)
        for text, tip, slot in (("上移", "把本小节向上移动", lambda: tab.move_subsection(index, -1)),
                                ("下移", "把本小节向下移动", lambda: tab.move_subsection(index, 1)),
                                ("删除", "删除本小节（可撤销）", lambda: tab.remove(index))):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
        layout.addLayout(row)
        self.text_edit = BoundPlainText(doc, str(Location.subsection(index, "text")), lambda r: r.overview[index].text,
                                   lambda v: SetSubsection(index, text=v), "本小节正文")
        self.text_edit.setMinimumHeight(150)
        layout.addWidget(self.text_edit)

    def refresh(self) -> None:
        self.title_edit.refresh()
        self.text_edit.refresh()


class OverviewTab(QScrollArea):
    """一、总体情况: an introduction and the subsections (add, remove, reorder)."""

    def __init__(self, doc: Document, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        self.setWidget(inner)
        self._layout = QVBoxLayout(inner)
        self._layout.setContentsMargins(24, 12, 24, 12)
        self._layout.addWidget(_heading(heading))
        self.repetition = _hint()
        self._layout.addWidget(self.repetition)
        self._layout.addWidget(QLabel("导语（可不填）："))
        self.intro = BoundPlainText(doc, INTRO, lambda r: r.overview_intro,
                                    lambda v: SetText("overview_intro", v), "概述本年度政府信息公开工作的总体情况")
        self.intro.setFixedHeight(90)
        self._layout.addWidget(self.intro)
        self._boxes_layout = QVBoxLayout()
        self._layout.addLayout(self._boxes_layout)
        add = QPushButton("添加小节")
        add.setToolTip("在末尾添加一个小节（可撤销）")
        add.clicked.connect(self.add)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addStretch(1)
        self._layout.addLayout(row)
        self._layout.addStretch(1)
        self.boxes: list[_SubsectionBox] = []
        doc.changed.connect(self.refresh)
        self.refresh()

    def add(self) -> None:
        n = len(self.doc.report.overview)
        numerals = "一二三四五六七八九十"
        title = f"（{numerals[n]}）" if n < len(numerals) else ""
        self.doc.apply(InsertSubsection(n, Subsection(title)))
        self.boxes[-1].title_edit.setFocus()
        self.boxes[-1].title_edit.end(False)

    def remove(self, index: int) -> None:
        self.doc.apply(RemoveSubsection(index))

    def move_subsection(self, index: int, delta: int) -> None:
        to = index + delta
        if 0 <= to < len(self.doc.report.overview):
            self.doc.apply(MoveSubsection(index, to))

    def refresh(self, touches: object = None) -> None:
        report = self.doc.report
        while len(self.boxes) > len(report.overview):
            box = self.boxes.pop()
            box.setParent(None)
            box.deleteLater()
        while len(self.boxes) < len(report.overview):
            box = _SubsectionBox(self.doc, len(self.boxes), self)
            self.boxes.append(box)
            self._boxes_layout.addWidget(box)
        self.intro.refresh()
        for box in self.boxes:
            box.refresh()
        last = report.last_year.overview if report.last_year else ""
        self.repetition.setText(repetition_text(report.overview_text(), last))
        self.repetition.setVisible(bool(self.repetition.text()))

    def field_widgets(self) -> dict[str, QWidget]:
        out: dict[str, QWidget] = {INTRO: self.intro, "overview": self.intro}
        for i, box in enumerate(self.boxes):
            out[str(Location.subsection(i, "title"))] = box.title_edit
            out[str(Location.subsection(i, "text"))] = box.text_edit
        return out

    def set_issues(self, by_field: dict[str, list[Issue]]) -> None:
        widgets = self.field_widgets()
        intro_issues = by_field.get(INTRO, []) + by_field.get("overview", [])
        for fid, widget in widgets.items():
            if fid == "overview":
                continue
            assert isinstance(widget, FieldMixin)
            widget.set_issues(intro_issues if fid == INTRO else by_field.get(fid, []))


class NarrativeTab(QWidget):
    """五 or 六: one text; 六 also states the 信息处理费 collected (元, optional)."""

    def __init__(self, doc: Document, heading: str, field_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.field_name = field_name
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addWidget(_heading(heading))
        self.repetition = _hint()
        layout.addWidget(self.repetition)
        self.text = BoundPlainText(doc, field_name, lambda r: getattr(r, field_name),
                                   lambda v: SetText(field_name, v), "在此填写本部分正文")
        layout.addWidget(self.text, 1)
        self.fee: FeeEdit | None = None
        if field_name == "section6":
            row = QHBoxLayout()
            row.addWidget(QLabel("本年度收取信息处理费："))
            self.fee = FeeEdit(doc)
            row.addWidget(self.fee)
            row.addWidget(QLabel("元"))
            self.fee_hint = _hint("（未收取请填 0；不填表示未说明。按《政府信息公开信息处理费管理办法》收取的，应在本部分说明。）")
            row.addWidget(self.fee_hint, 1)
            layout.addLayout(row)
        doc.changed.connect(self.refresh)
        self.refresh()

    def refresh(self, touches: object = None) -> None:
        self.text.refresh()
        if self.fee is not None:
            self.fee.refresh()
        if self.field_name == "section5":
            ly = self.doc.report.last_year
            self.repetition.setText(repetition_text(self.doc.report.section5, ly.section5 if ly else ""))
        self.repetition.setVisible(bool(self.repetition.text()))

    def field_widgets(self) -> dict[str, QWidget]:
        out: dict[str, QWidget] = {self.field_name: self.text}
        if self.fee is not None:
            out[FEE] = self.fee
        return out

    def set_issues(self, by_field: dict[str, list[Issue]]) -> None:
        for fid, widget in self.field_widgets().items():
            assert isinstance(widget, FieldMixin)
            widget.set_issues(by_field.get(fid, []))


class FeeEdit(QLineEdit, FieldMixin):
    """信息处理费 in 元: blank = not stated; refused input keeps the old amount and says why."""

    field_id = FEE

    def __init__(self, doc: Document) -> None:
        super().__init__()
        self.doc = doc
        self.setMaximumWidth(160)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setPlaceholderText("未说明")
        self._base_tip = "金额以元为单位，只填数字，最多两位小数；未收取填 0。"
        self.setToolTip(self._base_tip)
        self.editingFinished.connect(self.commit)
        self.refresh()

    def refresh(self) -> None:
        v = self.doc.report.processing_fee_yuan
        self.setText("" if v is None else format(v, "f"))

    def commit(self) -> str | None:
        """Apply the typed amount; return the Chinese reason when refused (the old amount is kept)."""
        try:
            value = parse_fee_yuan(self.text())
        except ValueError as exc:
            self.refresh()
            window = self.window()
            if hasattr(window, "show_message"):
                window.show_message(str(exc))
            self.setToolTip(str(exc))
            return str(exc)
        if not getattr(self, "_issue_state", ()):
            self.setToolTip(self._base_tip)  # the refusal reason no longer applies
        if value != self.doc.report.processing_fee_yuan:
            self.doc.apply(SetProcessingFee(value))
        return None


def parse_fee_yuan(text: str) -> Decimal | None:
    """'１２０.５' -> Decimal('120.5'); blank -> None; anything else ValueError with a Chinese reason."""
    t = normalize_text(text).replace(",", "")
    if t == "":
        return None
    if t.endswith("万元"):
        raise ValueError("信息处理费以元为单位填写，不要填“万元”。如收取1.2万元，请填 12000。")
    t = t.removesuffix("元").strip()
    if t.startswith("-"):
        raise ValueError("信息处理费不能为负数。")
    try:
        d = Decimal(t)
    except InvalidOperation:
        raise ValueError(f"“{text.strip()}”不是金额。信息处理费以元为单位，只填数字，例如 120 或 35.5。") from None
    if not d.is_finite():
        raise ValueError(f"“{text.strip()}”不是金额。")
    if -d.as_tuple().exponent > 2:  # type: ignore[operator]
        raise ValueError("信息处理费最多保留两位小数（精确到分）。")
    return d
