"""The narrative tabs: 一、总体情况 (intro + subsections), 五 and 六 (with the 信息处理费 amount)."""

from __future__ import annotations

import re
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
    Compound,
    Edit,
    InsertSubsection,
    MoveSubsection,
    RemoveSubsection,
    set_fee,
    set_subsection,
    set_text,
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
    from gkdesk.core.textsim import repetition_ratio

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
                                        lambda v: set_subsection(index, title=v), "小节标题，例如：（一）主动公开")
        self.title_edit._base_style = "font-weight: bold;"
        self.title_edit.setStyleSheet("QLineEdit { font-weight: bold; }")
        font = self.title_edit.font()
        font.setBold(True)
        self.title_edit.setFont(font)
        row.addWidget(self.title_edit, 1)
        self.buttons: list[QPushButton] = []
        for text, tip, slot in (("上移", "把本小节向上移动（编号自动更新）", lambda: tab.move_subsection(index, -1)),
                                ("下移", "把本小节向下移动（编号自动更新）", lambda: tab.move_subsection(index, 1)),
                                ("删除", "删除本小节（会先询问；可撤销）", lambda: tab.remove(index))):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons.append(button)
        layout.addLayout(row)
        self.text_edit = BoundPlainText(doc, str(Location.subsection(index, "text")), lambda r: r.overview[index].text,
                                        lambda v: set_subsection(index, text=v), "本小节正文")
        self.text_edit.setMinimumHeight(150)
        layout.addWidget(self.text_edit)
        # Tab from the title goes to its text; the buttons come after
        QWidget.setTabOrder(self.title_edit, self.text_edit)
        previous: QWidget = self.text_edit
        for button in self.buttons:
            QWidget.setTabOrder(previous, button)
            previous = button

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
                                    lambda v: set_text("overview_intro", v), "概述本年度政府信息公开工作的总体情况")
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
        titles = [sub.title for sub in self.doc.report.overview] + [""]
        first = InsertSubsection(n, Subsection(renumbered(titles, force=True)[n]))
        self._apply(first, titles, "添加小节")
        self.boxes[-1].title_edit.setFocus()
        self.boxes[-1].title_edit.end(False)

    def remove(self, index: int) -> None:
        sub = self.doc.report.overview[index]
        name = sub.title.strip() or f"第{index + 1}小节"
        if sub.text.strip() and not _dialogs().ask_yes_no(
                self, "删除小节", f"删除小节“{name}”及其正文吗？\n删除后可用“编辑 → 撤销”（Ctrl+Z）恢复。"):
            return
        titles = [s.title for i, s in enumerate(self.doc.report.overview) if i != index]
        self._apply(RemoveSubsection(index), titles, "删除小节")
        window = self.window()
        if hasattr(window, "show_message"):
            window.show_message(f"已删除小节“{name}”（Ctrl+Z 可撤销）。")

    def move_subsection(self, index: int, delta: int) -> None:
        to = index + delta
        if 0 <= to < len(self.doc.report.overview):
            titles = [s.title for s in self.doc.report.overview]
            titles.insert(to, titles.pop(index))
            self._apply(MoveSubsection(index, to), titles, "上移小节" if delta < 0 else "下移小节")
            self.boxes[to].title_edit.setFocus()

    def _apply(self, first: Edit, titles_after: list[str], label: str) -> None:
        """The change and the renumbering of the titles （一）（二）… as one undo step."""
        numbered = renumbered(titles_after)
        fixes: list[Edit] = [set_subsection(i, title=t) for i, (t, old) in enumerate(zip(numbered, titles_after, strict=True))
                             if t != old and not (isinstance(first, InsertSubsection) and i == first.index)]
        self.doc.apply(Compound([first, *fixes], label) if fixes else _labelled(first, label))

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
                                   lambda v: set_text(field_name, v), "在此填写本部分正文")
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
            self.set_refused(str(exc))
            return str(exc)
        self.set_refused(None)  # the refusal reason no longer applies
        if value != self.doc.report.processing_fee_yuan:
            self.doc.apply(set_fee(value))
        return None


_NUMERALS = "一二三四五六七八九十"
_NUMBER_PREFIX = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十百零〇两]+|\d+)\s*[）)]\s*")


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (subsection numbers)."""
    if n <= 10:
        return _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (_NUMERALS[ones - 1] if ones else "")


def renumbered(titles: list[str], force: bool = False) -> list[str]:
    """The titles numbered （一）（二）… in order, keeping their words. Titles are left as typed when none of them is
    numbered (unless ``force``): a clerk who writes unnumbered titles keeps them."""
    if not force and not any(_NUMBER_PREFIX.match(t) for t in titles):
        return list(titles)
    out = []
    for i, title in enumerate(titles, 1):
        m = _NUMBER_PREFIX.match(title)
        if m is None:
            out.append(f"（{cn_number(i)}）{title.strip()}")
        else:  # only the number changes: the clerk's brackets and spacing stay
            number = str(i) if m.group(1).isdigit() else cn_number(i)
            out.append(title[: m.start(1)] + number + title[m.end(1):])
    return out


def _labelled(edit: Edit, label: str) -> Edit:
    edit.label = label  # type: ignore[misc]
    return edit


def _dialogs():  # noqa: ANN202 - the module, loaded when a question is first asked
    from gkdesk.gui import dialogs

    return dialogs


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
