"""Every change to a report is a named edit that knows how to undo itself.

``edit.apply(report)`` changes the report and returns the inverse edit. The GUI wraps each edit in one undo
command (one undo path); ``History`` is the same mechanism without Qt, for the CLI and tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gkdesk.core import record
from gkdesk.core.location import Location
from gkdesk.core.report import CellValue, LastYear, Report, Subsection

CellRef = tuple[str, str, str]  # (table, row, column)

#: text fields editable with set_text, and their Chinese names (field ids are used as issue locations too)
TEXT_FIELDS: dict[str, str] = {
    "overview_intro": "一、总体情况（导语）",
    "section5": "五、存在的主要问题及改进情况",
    "section6": "六、其他需要报告的事项",
}
META_FIELDS: dict[str, str] = {
    "org_name": "机关全称",
    "level": "机关级别",
    "year": "报告年度",
    "written_date": "成文日期",
    "publish_date": "发布日期",
    "title_override": "标题",
}


class Edit:
    label: str = "修改"

    def apply(self, report: Report) -> Edit:  # pragma: no cover - abstract
        raise NotImplementedError

    def touches(self) -> set[Location]:
        """The places the edit changes: cells, texts, meta fields (``Location.whole()``: anything). The table
        models repaint, and the window reveals, only these."""
        return set()


@dataclass
class SetCells(Edit):
    """Set one or many cells at once (a typed value, a pasted block, 空白单元格填0, 清除)."""

    changes: dict[CellRef, CellValue]
    label: str = "修改单元格"

    def apply(self, report: Report) -> Edit:
        before = {ref: report.raw(*ref) for ref in self.changes}
        for (t, r, c), v in self.changes.items():
            if report.format.table(t).is_computed(r, c):
                raise ValueError(f"计算单元格 {t}/{r}/{c} 不能直接修改")
            report.set_raw(t, r, c, v)
        return SetCells(before, self.label)

    def touches(self) -> set[Location]:
        return {Location.cell(t, r, c) for t, r, c in self.changes}


def set_cell(table: str, row: str, col: str, value: CellValue) -> SetCells:
    return SetCells({(table, row, col): value})


def fill_blanks_with_zero(report: Report) -> SetCells:
    """空白单元格填0: every blank input cell of the three tables becomes 0 (one edit)."""
    from decimal import Decimal

    changes: dict[CellRef, CellValue] = {}
    fmt = report.format
    for t, r, c, v in report.iter_inputs(fmt):
        if v is None:
            changes[(t, r, c)] = Decimal(0) if fmt.table(t).cell_type(r) == "decimal" else 0
    return SetCells(changes, "空白单元格填0")


@dataclass
class SetField(Edit):
    """Set any field the registry can write (a meta field — including ones the format adds —, a narrative text, a
    subsection's title or text, the fee, an input cell) at its Location."""

    loc: Location
    value: Any
    label: str = "修改"

    def apply(self, report: Report) -> Edit:
        from gkdesk.core.fields import registry_of

        reg = registry_of(report)
        before = reg.get(report, self.loc) if self.loc.kind != "cell" else report.raw(
            self.loc.key, self.loc.row, self.loc.column)
        reg.set(report, self.loc, self.value)
        return SetField(self.loc, before, self.label)

    def touches(self) -> set[Location]:
        return {self.loc}


def set_text(field_name: str, value: str, label: str = "修改正文") -> SetField:
    """A narrative text (``overview_intro``, ``section5``, ``section6``) as a SetField; KeyError for another name."""
    if field_name not in TEXT_FIELDS:
        raise KeyError(field_name)
    return SetField(Location.text(field_name), value, label)


def set_meta(field_name: str, value: Any, label: str = "修改基本信息") -> SetField:
    """A built-in 基本信息 field by its ``Meta`` attribute (``title_override`` is the 标题 field) as a SetField."""
    if field_name not in META_FIELDS:
        raise KeyError(field_name)
    return SetField(Location.meta("title" if field_name == "title_override" else field_name), value, label)


def set_fee(value: Any, label: str = "修改信息处理费") -> SetField:
    """信息处理费 in 元 (Decimal, or None: not stated) as a SetField."""
    return SetField(Location.fee(), value, label)


def set_subsection(index: int, title: str | None = None, text: str | None = None,
                   label: str = "修改总体情况") -> Edit:
    """The title and/or the text of one 总体情况 subsection: a SetField, or both in one Compound step."""
    parts = [SetField(Location.subsection(index, part), v, label)
             for part, v in (("title", title), ("text", text)) if v is not None]
    if not parts:
        raise ValueError("set_subsection: neither a title nor a text")
    return parts[0] if len(parts) == 1 else Compound(list(parts), label)


@dataclass
class InsertSubsection(Edit):
    """Insert a subsection of 总体情况 at ``index``."""

    index: int
    subsection: Subsection = field(default_factory=lambda: Subsection("（新小节）"))
    label: str = "添加小节"

    def apply(self, report: Report) -> Edit:
        report.overview.insert(self.index, record.replace(self.subsection))
        return RemoveSubsection(self.index, "删除小节" if self.label == "添加小节" else self.label)

    def touches(self) -> set[Location]:
        return {Location.overview()}


@dataclass
class RemoveSubsection(Edit):
    """Remove the subsection of 总体情况 at ``index``."""

    index: int
    label: str = "删除小节"

    def apply(self, report: Report) -> Edit:
        sub = report.overview.pop(self.index)
        return InsertSubsection(self.index, sub, self.label)

    def touches(self) -> set[Location]:
        return {Location.overview()}


@dataclass
class MoveSubsection(Edit):
    """Move the subsection at ``index`` to position ``to``."""

    index: int
    to: int
    label: str = "调整小节顺序"

    def apply(self, report: Report) -> Edit:
        sub = report.overview.pop(self.index)
        report.overview.insert(self.to, sub)
        return MoveSubsection(self.to, self.index, self.label)

    def touches(self) -> set[Location]:
        return {Location.overview()}


@dataclass
class SetLastYear(Edit):
    """Attach (or detach, with None) what is known of last year's report (附加上年报告)."""

    last_year: LastYear | None
    label: str = "附加上年报告"

    def apply(self, report: Report) -> Edit:
        before = report.last_year
        report.last_year = self.last_year
        return SetLastYear(before, self.label)

    def touches(self) -> set[Location]:
        return {Location.whole()}  # last year's figures: the X-rules look at many places


@dataclass
class AcceptComputedTotals(Edit):
    """Drop the totals a source stated, so the computed sums stand (T3-COLSUM/T3-RESULT/T4-SUM then pass)."""

    stated: dict[str, dict[str, dict[str, CellValue]]] | None = None
    label: str = "采用计算的合计数"

    def apply(self, report: Report) -> Edit:
        before = report.stated
        report.stated = self.stated if self.stated is not None else {}
        return AcceptComputedTotals(before, "恢复来源所列合计数")

    def touches(self) -> set[Location]:
        return {Location.table(t) for t in self.stated} if self.stated else {Location.whole()}


@dataclass
class ReplaceReport(Edit):
    """Replace the whole content (an import or carry-over into an open document) as one undoable step."""

    content: Report
    label: str = "导入"

    def apply(self, report: Report) -> Edit:
        before = report.copy()
        content = self.content.copy()
        for name in record.names(Report):
            setattr(report, name, getattr(content, name))
        return ReplaceReport(before, self.label)

    def touches(self) -> set[Location]:
        return {Location.whole()}


@dataclass
class Compound(Edit):
    """Several edits applied and undone as one step."""

    edits: list[Edit]
    label: str = "修改"

    def apply(self, report: Report) -> Edit:
        inverses = [e.apply(report) for e in self.edits]
        return Compound(list(reversed(inverses)), self.label)

    def touches(self) -> set[Location]:
        out: set[Location] = set()
        for e in self.edits:
            out |= e.touches()
        return out


class History:
    """Undo/redo of edits without Qt, with a clean mark (what is saved)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self._undo: list[Edit] = []
        self._redo: list[Edit] = []
        self._clean: int | None = 0

    def do(self, edit: Edit) -> None:
        self._undo.append(edit.apply(self.report))
        if self._clean is not None and self._clean > len(self._undo) - 1:
            self._clean = None
        self._redo.clear()

    def undo(self) -> bool:
        if not self._undo:
            return False
        self._redo.append(self._undo.pop().apply(self.report))
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        self._undo.append(self._redo.pop().apply(self.report))
        return True

    def set_clean(self) -> None:
        self._clean = len(self._undo)

    @property
    def is_clean(self) -> bool:
        return self._clean == len(self._undo)
