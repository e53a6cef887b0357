"""基本信息 tab: 机关名称, 级别, 年度, dates, the title (preview of the derived one) and last year's file."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gkdesk.core.fields import registry
from gkdesk.core.issues import Issue
from gkdesk.core.location import Location
from gkdesk.core.report import LEVEL_UNDETERMINED
from gkdesk.gui.date_field import DateField
from gkdesk.gui.document import Document
from gkdesk.gui.fields import BoundLineEdit, FieldMixin

if TYPE_CHECKING:
    from gkdesk.core.edits import Edit

_NO_YEAR = 2000
#: the 机关级别 combo's first item while the level is undetermined (LEVEL-UNSET marks it); gone once a level is chosen
LEVEL_PROMPT = "（未确定，请选择）"


class _MarkedCombo(QComboBox, FieldMixin):
    pass


class _MarkedSpin(QSpinBox, FieldMixin):
    pass


class MetaTab(QWidget):
    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        fmt = doc.report.format
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        box = QWidget()
        box.setMaximumWidth(900)
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        # Qt.AlignmentFlag.AlignRight and, below, TextSelectableByMouse, set by name: no ``Qt.…`` value before the
        # first paint (PySide would build its whole ``Qt`` namespace for it, ~25 ms; see window_view)
        form.setProperty("labelAlignment", "AlignRight")
        form.setVerticalSpacing(12)
        outer.addWidget(box)

        self.org_name = BoundLineEdit(doc, "org_name", lambda r: r.meta.org_name,
                                      lambda v: _set_meta("org_name", v), "例如：某某县某某镇人民政府")
        self.org_name.setMinimumWidth(420)
        self.level = _MarkedCombo()
        self.level.field_id = "level"
        for lv in fmt.levels:
            self.level.addItem(lv.label, lv.key)
        self.year = _MarkedSpin()
        self.year.field_id = "year"
        self.year.setRange(_NO_YEAR, 2099)
        self.year.setSpecialValueText("未填写")
        self.year.setKeyboardTracking(False)
        self.year.setSuffix(" 年")
        self.written_date = self._date_field("written_date")
        self.publish_date = self._date_field("publish_date")
        self.title = BoundLineEdit(doc, "title", lambda r: r.meta.title_override or "",
                                   lambda v: _set_meta("title_override", v or None), "")
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        # two lines (title, period) always fully visible: a form row does not grow a wrapped label by itself
        self.preview.setMinimumHeight(self.preview.fontMetrics().lineSpacing() * 2 + 8)
        self.preview.setProperty("textInteractionFlags", "TextSelectableByMouse")
        self.last_year = QLabel()
        self.last_year.setWordWrap(True)

        # the rows in the format's order and with its labels; fields the format adds get a text box (SetField)
        built_in = {"org_name": self.org_name, "level": self.level, "year": self.year,
                    "written_date": self.written_date, "publish_date": self.publish_date, "title": self.title}
        self.extra_fields: dict[str, BoundLineEdit] = {}
        for f in registry(fmt).meta_fields:
            widget = built_in.get(f.key)
            if widget is None and f.attribute is None:
                widget = self.extra_fields[f.key] = BoundLineEdit(
                    doc, f.key, lambda r, k=f.key: str(r.meta.extra.get(k) or ""),
                    lambda v, k=f.key: _set_field(Location.meta(k), v or None), f.placeholder)
            if widget is not None:
                form.addRow(f"{f.label}：", widget)
        form.addRow("标题预览：", self.preview)
        form.addRow("上年报告：", self.last_year)
        outer.addStretch(1)

        self.level.currentIndexChanged.connect(self._on_level)
        self.year.valueChanged.connect(self._on_year)
        doc.changed.connect(self.refresh)
        self.refresh()

    def _date_field(self, field_id: str) -> DateField:
        return DateField(field_id, lambda: getattr(self.doc.report.meta, field_id),
                         lambda value: self._on_date(field_id, value), self._refused)

    def _refused(self, message: str) -> None:
        window = self.window()
        if hasattr(window, "show_message"):
            window.show_message(message)

    # --- widget -> report ---------------------------------------------------------------------------
    def _on_level(self, _i: int) -> None:
        key = self.level.currentData()
        if key and key != self.doc.report.meta.level:
            self.doc.apply(_set_meta("level", key))

    def _on_year(self, value: int) -> None:
        year = 0 if value == _NO_YEAR else value
        if year != self.doc.report.meta.year:
            self.doc.apply(_set_meta("year", year))

    def _on_date(self, field_id: str, value: date | None) -> None:
        if value != getattr(self.doc.report.meta, field_id):
            self.doc.apply(_set_meta(field_id, value))

    # --- report -> widget ---------------------------------------------------------------------------
    def refresh(self, touches: set[Location] | None = None) -> None:
        """Show the report's 基本信息; nothing to do after an edit that touched only table cells, rows or tables
        (no widget of this tab, nor the title preview or 上年报告, shows any of them)."""
        if touches and all(t.kind in _TABLE_KINDS for t in touches):
            return
        report = self.doc.report
        m = report.meta
        self.org_name.refresh()
        self.title.refresh()
        for widget in self.extra_fields.values():
            widget.refresh()
        self.title.setPlaceholderText(f"不填则使用：{report.derived_title}")
        for widget, _value in ((self.level, None), (self.year, None)):
            widget.blockSignals(True)
            if widget is self.level:
                self._show_level(m.level)
            else:
                self.year.setValue(m.year if m.year else _NO_YEAR)
            widget.blockSignals(False)
        self.written_date.edit.refresh()
        self.publish_date.edit.refresh()
        self.preview.setText(f"<b>{_esc(report.title)}</b><br>{_esc(report.period_text)}")
        ly = report.last_year
        if ly is None or not (ly.overview or ly.section5 or ly.carry_out):
            self.last_year.setText("未附加。可用“文件 → 附加上年报告…”选择上年的 .gkreport 文件，"
                                   "以核对结转数、现行有效件数和文字重复率。")
        else:
            src = "来自上年报告文件" if ly.from_file else "来自上年数据"
            self.last_year.setText(f"已附加 {ly.year or '上一'} 年度报告（{src}）。")

    def _show_level(self, key: str) -> None:
        """The level, or the prompt item while it is undetermined (never the first real level as a silent default)."""
        prompting = self.level.count() > 0 and self.level.itemData(0) == LEVEL_UNDETERMINED
        if key == LEVEL_UNDETERMINED and not prompting:
            self.level.insertItem(0, LEVEL_PROMPT, LEVEL_UNDETERMINED)
        elif key != LEVEL_UNDETERMINED and prompting:
            self.level.removeItem(0)
        self.level.setCurrentIndex(max(0, self.level.findData(key)))

    def field_widgets(self) -> dict[str, QWidget]:
        return {"org_name": self.org_name, "level": self.level, "year": self.year,
                "written_date": self.written_date.edit, "publish_date": self.publish_date.edit, "title": self.title,
                **self.extra_fields}

    def set_issues(self, by_field: dict[str, list[Issue]]) -> None:
        for fid, widget in self.field_widgets().items():
            assert isinstance(widget, FieldMixin)
            widget.set_issues(by_field.get(fid, []))


#: places an edit can touch that 基本信息 does not show
_TABLE_KINDS = frozenset(("table", "row", "cell"))


def _set_meta(key: str, value: object) -> Edit:
    from gkdesk.core.edits import set_meta  # edits load with the first one (nothing is edited before the first paint)

    return set_meta(key, value)


def _set_field(loc: Location, value: object) -> Edit:
    from gkdesk.core.edits import SetField

    return SetField(loc, value, "修改基本信息")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
