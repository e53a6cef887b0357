"""核实性审核: warnings a clerk has checked and explained (已核实 with a written 说明).

An explanation is kept in the report with the rule, the place and the figures the warning was about (its basis).
It applies while the same warning is raised about the same figures; when they change it lapses and the warning is
open again; when they change back it applies again. Errors (强制性审核) can never be explained away.
"""

from __future__ import annotations

from datetime import date

from gkdesk.core.issues import Issue
from gkdesk.core.record import Frozen, Record

#: a 说明 is a short written reason; longer texts belong in the report's narrative
MAX_NOTE = 500


class ExplanationError(ValueError):
    """An explanation that cannot be kept; ``str()`` is the Chinese reason."""


def location_key(issue: Issue) -> str:
    """Where the issue is, as a stable string: ``t3/new/total``, ``t3/carry_in``, ``t4``, ``field:section5``."""
    if issue.table is not None:
        return "/".join(p for p in (issue.table, issue.row, issue.column) if p is not None)
    if issue.field is not None:
        return f"field:{issue.field}"
    return "report"


def basis_of(issue: Issue) -> str:
    """The figures the issue is about. Every rule names its figures in its message, so the message is the basis:
    when a figure changes the message changes and an explanation of the old message no longer applies."""
    return issue.message


def can_explain(issue: Issue) -> bool:
    return issue.severity in ("warning", "hint")


class Explanation(Frozen):
    """The clerk's note that a reported issue has been checked and is right as it stands."""

    rule: str
    location: str
    basis: str
    note: str
    on: date | None  # the day it was written (shown to the reviewer)

    _fields = ("rule", "location", "basis", "note", "on")

    def __init__(self, rule: str, location: str, basis: str, note: str, on: date | None = None) -> None:
        self.__dict__.update(rule=rule, location=location, basis=basis, note=note, on=on)

    def matches(self, issue: Issue) -> bool:
        return (issue.rule == self.rule and location_key(issue) == self.location and basis_of(issue) == self.basis)

    def to_json(self) -> dict[str, str | None]:
        return {"rule": self.rule, "location": self.location, "basis": self.basis, "note": self.note,
                "date": self.on.isoformat() if self.on else None}


def clean_note(note: str) -> str:
    text = " ".join(note.split())
    if not text:
        raise ExplanationError("请写明核实说明（例如数据变化的原因），不能为空。")
    if len(text) > MAX_NOTE:
        raise ExplanationError(f"核实说明最多{MAX_NOTE}字（现有{len(text)}字），请精简；详细情况可写入报告正文。")
    return text


def explain(issue: Issue, note: str, on: date | None = None) -> Explanation:
    if not can_explain(issue):
        raise ExplanationError("错误（强制性审核）必须改正，不能以说明代替。只有警告和提示可以标记为已核实。")
    return Explanation(issue.rule, location_key(issue), basis_of(issue), clean_note(note), on)


class Reviewed(Record):
    """Issues split by the report's explanations."""

    open: list[Issue]
    explained: list[tuple[Issue, Explanation]]
    lapsed: list[Explanation]  # kept in the file, about figures that changed

    _fields = ("open", "explained", "lapsed")

    def __init__(self, open: list[Issue] | None = None, explained: list[tuple[Issue, Explanation]] | None = None,
                 lapsed: list[Explanation] | None = None) -> None:
        self.__dict__.update(open=[] if open is None else open, explained=[] if explained is None else explained,
                             lapsed=[] if lapsed is None else lapsed)


def review(issues: list[Issue], explanations: list[Explanation]) -> Reviewed:
    if not explanations:  # the usual report: every issue open, in order
        return Reviewed(open=list(issues))
    out = Reviewed()
    used: set[int] = set()
    for issue in issues:
        hit = None
        if can_explain(issue):
            for n, e in enumerate(explanations):
                if n not in used and e.matches(issue):
                    hit = n
                    break
        if hit is None:
            out.open.append(issue)
        else:
            used.add(hit)
            out.explained.append((issue, explanations[hit]))
    out.lapsed = [e for n, e in enumerate(explanations) if n not in used]
    return out


def with_explanation(explanations: list[Explanation], new: Explanation) -> list[Explanation]:
    """The list with ``new`` replacing any explanation of the same rule and place."""
    return [e for e in explanations if (e.rule, e.location) != (new.rule, new.location)] + [new]


def without(explanations: list[Explanation], issue: Issue) -> list[Explanation]:
    """The list with the explanation of ``issue`` removed (重新打开)."""
    return [e for e in explanations if not e.matches(issue)]


# --- file ---------------------------------------------------------------------------------------------
def to_json(explanations: list[Explanation]) -> list[dict[str, str | None]]:
    return [e.to_json() for e in explanations]


def from_json(raw: object) -> list[Explanation]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ExplanationError("explanations 应为列表。")
    out = []
    for item in raw:
        if not isinstance(item, dict):
            raise ExplanationError("explanations 的条目应为对象。")
        vals = [item.get(k) for k in ("rule", "location", "basis", "note")]
        if not all(isinstance(v, str) and v for v in vals):
            raise ExplanationError("核实说明缺少规则、位置、依据或说明文字。")
        d = item.get("date")
        on = None
        if d is not None:
            try:
                on = date.fromisoformat(d) if isinstance(d, str) else None
            except ValueError:
                on = None
            if on is None:
                raise ExplanationError(f"核实说明的日期“{d}”不是有效日期。")
        rule, loc, basis, note = vals
        out.append(Explanation(rule, loc, basis, clean_note(note), on))  # type: ignore[arg-type]
    return out
