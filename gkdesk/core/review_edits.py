"""Undoable edits of issue 17: 已核实 explanations, and figures in the narrative bound to table cells."""

from __future__ import annotations

from dataclasses import dataclass

from gkdesk.core import bindings as bnd
from gkdesk.core.bindings import Binding, Ref
from gkdesk.core.edits import Edit
from gkdesk.core.explain import Explanation
from gkdesk.core.location import Location, parse_location
from gkdesk.core.record import replace
from gkdesk.core.report import Report


@dataclass
class SetExplanations(Edit):
    """Mark warnings 已核实 (or reopen them): the whole list of explanations, so the inverse is the list before."""

    explanations: list[Explanation]
    label: str = "标记为已核实"

    def apply(self, report: Report) -> Edit:
        before = list(report.explanations)
        report.explanations = list(self.explanations)
        return SetExplanations(before, self.label)

    def touches(self) -> set[Location]:
        return set()  # no value changes; which issues are open does (the issues are compared after every edit)


@dataclass
class SetBoundText(Edit):
    """A narrative field's text together with its bindings (typing around a bound figure, inserting one, 绑定).

    ``bindings`` are the field's spans only; the other fields' bindings stay as they are."""

    field_id: str
    text: str
    bindings: list[Binding]
    label: str = "修改正文"

    def apply(self, report: Report) -> Edit:
        before_text = bnd.get_text(report, self.field_id)
        before = [b for b in report.bindings if b.field == self.field_id]
        others = [b for b in report.bindings if b.field != self.field_id]
        bnd.set_text(report, self.field_id, self.text)
        report.bindings = others + [replace(b, field=self.field_id) for b in self.bindings]
        bnd.refresh(report)
        return SetBoundText(self.field_id, before_text, before, self.label)

    def touches(self) -> set[Location]:
        return {parse_location(self.field_id)}


@dataclass
class SetAllBindings(Edit):
    """All bindings at once (绑定正文中的数字; and around moving or deleting a subsection)."""

    bindings: list[Binding]
    label: str = "绑定正文中的数字"
    #: False inside a compound edit that also rearranges the texts (refreshing halfway would write figures into
    #: the wrong subsection); the document refreshes after every edit anyway
    refresh: bool = True

    def apply(self, report: Report) -> Edit:
        before = list(report.bindings)
        report.bindings = list(self.bindings)
        if self.refresh:
            bnd.refresh(report)
        return SetAllBindings(before, self.label, self.refresh)

    def touches(self) -> set[Location]:
        return {Location.overview()} | {parse_location(b.field) for b in self.bindings}


def typed(report: Report, field_id: str, new_text: str, label: str = "修改正文") -> SetBoundText:
    """The edit for a clerk's change of a narrative text: bound figures around the change move along, a bound
    figure the change cuts into becomes plain text."""
    old = bnd.get_text(report, field_id)
    return SetBoundText(field_id, new_text, bnd.remap(old, new_text, bnd.of_field(report, field_id)), label)


def insert_figure(report: Report, field_id: str, pos: int, ref: Ref) -> SetBoundText:
    """插入表格数字 at ``pos`` (a bound figure showing the cells' current value)."""
    ref.check(report)
    old = bnd.get_text(report, field_id)
    pos = max(0, min(pos, len(old)))
    if bnd.binding_at(report, field_id, pos) is not None and bnd.binding_at(report, field_id, pos).start != pos:
        raise bnd.BindingError("不能在已引用的数字中间再插入数字，请把光标移到数字前后。")
    shown = ref.render(report)
    new = old[:pos] + shown + old[pos:]
    spans = [b if b.end <= pos else replace(b, start=b.start + len(shown), end=b.end + len(shown))
             for b in bnd.of_field(report, field_id)]
    spans.append(Binding(field_id, pos, pos + len(shown), ref))
    return SetBoundText(field_id, new, sorted(spans, key=lambda b: b.start), "插入表格数字")


def unbind(report: Report, field_id: str, pos: int) -> SetBoundText | None:
    """取消引用: the figure at ``pos`` stays as plain text."""
    hit = bnd.binding_at(report, field_id, pos)
    if hit is None:
        return None
    spans = [b for b in bnd.of_field(report, field_id) if b != hit]
    return SetBoundText(field_id, bnd.get_text(report, field_id), spans, "取消引用")


def _subsection_bindings(report: Report, order: list[int | None]) -> list[Binding]:
    """The bindings after the subsections are rearranged: ``order[new_index]`` is the old index (None: a new one);
    bindings of a subsection that is gone go with it."""
    where = {old: new for new, old in enumerate(order) if old is not None}
    out = []
    for b in report.bindings:
        loc = parse_location(b.field, report.format)
        if loc.kind == "subsection":
            new = where.get(loc.index)
            if new is None:
                continue
            out.append(replace(b, field=str(Location.subsection(new, loc.part))))
        else:
            out.append(b)
    return out


def with_bindings(report: Report, edit: Edit) -> Edit:
    """``edit`` made to keep the bound figures right: a clerk's change of a narrative text moves (or, where it cuts
    into a figure, drops) the bindings of that text; adding, moving or deleting a subsection renumbers the bindings
    of the subsections after it — both in the same undo step. Other edits, and reports with no bindings, as they are."""
    from gkdesk.core.edits import Compound, InsertSubsection, MoveSubsection, RemoveSubsection, SetField

    if not report.bindings:
        return edit
    if isinstance(edit, SetField) and edit.loc.kind in ("text", "subsection"):
        field_id = str(edit.loc)
        if bnd.is_text_field(report, field_id):
            return typed(report, field_id, edit.value or "", edit.label)
        return edit
    if isinstance(edit, Compound) and any(isinstance(e, SetField) and e.loc.kind in ("text", "subsection")
                                          for e in edit.edits):
        parts = [with_bindings(report, e) for e in edit.edits]
        if any(p is not e for p, e in zip(parts, edit.edits, strict=True)):
            return Compound(parts, edit.label)
        return edit
    n = len(report.overview)
    order: list[int | None] = list(range(n))
    if isinstance(edit, InsertSubsection):
        order.insert(edit.index, None)
    elif isinstance(edit, RemoveSubsection):
        order.pop(edit.index)
    elif isinstance(edit, MoveSubsection):
        order.insert(edit.to, order.pop(edit.index))
    else:
        return edit
    return Compound([edit, SetAllBindings(_subsection_bindings(report, order), edit.label, refresh=False)], edit.label)
