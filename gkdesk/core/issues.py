"""What validation returns: an issue with rule id, severity, Chinese message and a location; and its settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from gkdesk.core.location import Location, parse_location

TYPE_CHECKING = False  # typing is not imported at run time: a cold command line start (issue 16.5)
if TYPE_CHECKING:
    from typing import Literal

    Severity = Literal["error", "warning", "hint"]
else:
    Severity = str
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "hint": 2}
SEVERITY_LABEL: dict[str, str] = {"error": "错误", "warning": "警告", "hint": "提示"}


@dataclass(frozen=True)
class Issue:
    """One finding of validation: rule, severity, a Chinese message and where it is."""

    rule: str
    severity: Severity
    message: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    #: a place that is not in a table: ``str(location)`` (“section5”, “overview.2.text”, “org_name”)
    field: str | None = None
    #: where the issue is; given, or derived from table/row/column/field (which are then filled from it)
    location: Location = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        loc = self.location
        if loc is None:
            loc = _legacy_location(self.table, self.row, self.column, self.field)
            object.__setattr__(self, "location", loc)
        if loc.kind in ("table", "row", "cell"):
            object.__setattr__(self, "table", loc.key)
            object.__setattr__(self, "row", loc.row or None)
            object.__setattr__(self, "column", loc.column or None)
            object.__setattr__(self, "field", None)
        elif loc.kind != "report":
            object.__setattr__(self, "field", str(loc))
        # issues are compared and looked up in sets often (the window after every edit): hash once
        object.__setattr__(self, "_hash", hash((self.rule, self.severity, self.message, self.table, self.row,
                                                self.column, self.field, loc)))

    def __hash__(self) -> int:
        return self._hash  # type: ignore[attr-defined,no-any-return]

    def __reduce__(self) -> tuple[object, ...]:
        # rebuilt through __init__: the stored hash is of this process (string hashes differ between processes)
        return Issue, (self.rule, self.severity, self.message, self.table, self.row, self.column, self.field,
                       self.location)

    def to_json(self) -> dict[str, str | None]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message, "location": str(self.location),
                "table": self.table, "row": self.row, "column": self.column, "field": self.field}


#: issue field names written before the one string form (kept so older callers and files read the same place)
_ALIASES = {"overview_intro": "overview.intro", "processing_fee": "processing_fee_yuan"}


def _legacy_location(table: str | None, row: str | None, column: str | None, field: str | None) -> Location:
    if table is not None:
        if row is None:
            return Location.table(table)
        return Location.row_of(table, row) if column is None else Location.cell(table, row, column)
    if field is None:
        return Location.whole()
    try:
        return parse_location(_ALIASES.get(field, field))
    except ValueError:
        return Location.meta(field)  # a field this format does not describe: still a place to name


@dataclass(frozen=True)
class Settings:
    """User-adjustable validation parameters (defaults from the spec)."""

    deadline_month: int = 1
    deadline_day: int = 31
    #: 县级以上地方人民政府 reports: their 主管部门 publishes them by 3月31日 (条例第四十九条); 乡镇、街道 and all
    #: departments use deadline_month/deadline_day above
    government_deadline_month: int = 3
    government_deadline_day: int = 31
    #: per-level override of the NUM-FEE-UNIT threshold (万元); levels not listed use the format's value
    fee_unit_thresholds: dict[str, int] = field(default_factory=dict)
    duplicate_ratio_warn: float = 0.5
    #: year-over-year 核实性 thresholds (None: the format's parameters.plausibility); see rules/plausibility.py
    yoy_ratio: float | None = None
    yoy_min_change: int | None = None
    yoy_correct_rate_points: int | None = None
    yoy_correct_min_cases: int | None = None
    today: date | None = None  # None: the real date (tests pin it)


def count_by_severity(issues: list[Issue]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "hint": 0}
    for i in issues:
        out[i.severity] += 1
    return out
