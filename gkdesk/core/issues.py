"""What validation returns: an issue with rule id, severity, Chinese message and a location; and its settings."""

from __future__ import annotations

from datetime import date

from gkdesk.core.location import Location, parse_location
from gkdesk.core.record import Frozen

TYPE_CHECKING = False  # typing is not imported at run time: a cold command line start (issue 16.5)
if TYPE_CHECKING:
    from typing import Literal

    Severity = Literal["error", "warning", "hint"]
else:
    Severity = str
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "hint": 2}
SEVERITY_LABEL: dict[str, str] = {"error": "错误", "warning": "警告", "hint": "提示"}


class Issue(Frozen):
    """One finding of validation: rule, severity, a Chinese message and where it is."""

    rule: str
    severity: Severity
    message: str
    table: str | None
    row: str | None
    column: str | None
    #: a place that is not in a table: ``str(location)`` (“section5”, “overview.2.text”, “org_name”)
    field: str | None
    #: where the issue is; given, or derived from table/row/column/field (which are then filled from it)
    location: Location

    _fields = ("rule", "severity", "message", "table", "row", "column", "field", "location")

    def __init__(self, rule: str, severity: Severity, message: str, table: str | None = None, row: str | None = None,
                 column: str | None = None, field: str | None = None, location: Location | None = None) -> None:
        loc = location
        if loc is None:
            loc = _legacy_location(table, row, column, field)
        if loc.kind in ("table", "row", "cell"):
            table, row, column, field = loc.key, loc.row or None, loc.column or None, None
        elif loc.kind != "report":
            field = str(loc)
        # issues are compared and looked up in sets often (the window after every edit): hash once
        self.__dict__.update(rule=rule, severity=severity, message=message, table=table, row=row, column=column,
                             field=field, location=loc,
                             _hash=hash((rule, severity, message, table, row, column, field, loc)))

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


class Settings(Frozen):
    """User-adjustable validation parameters (defaults from the spec)."""

    deadline_month: int
    deadline_day: int
    #: 县级以上地方人民政府 reports: their 主管部门 publishes them by 3月31日 (条例第四十九条); 乡镇、街道 and all
    #: departments use deadline_month/deadline_day above
    government_deadline_month: int
    government_deadline_day: int
    #: per-level override of the NUM-FEE-UNIT threshold (万元); levels not listed use the format's value
    fee_unit_thresholds: dict[str, int]
    duplicate_ratio_warn: float
    #: year-over-year 核实性 thresholds (None: the format's parameters.plausibility); see rules/plausibility.py
    yoy_ratio: float | None
    yoy_min_change: int | None
    yoy_correct_rate_points: int | None
    yoy_correct_min_cases: int | None
    today: date | None  # None: the real date (tests pin it)

    _fields = ("deadline_month", "deadline_day", "government_deadline_month", "government_deadline_day",
               "fee_unit_thresholds", "duplicate_ratio_warn", "yoy_ratio", "yoy_min_change", "yoy_correct_rate_points",
               "yoy_correct_min_cases", "today")

    def __init__(self, deadline_month: int = 1, deadline_day: int = 31, government_deadline_month: int = 3,
                 government_deadline_day: int = 31, fee_unit_thresholds: dict[str, int] | None = None,
                 duplicate_ratio_warn: float = 0.5, yoy_ratio: float | None = None, yoy_min_change: int | None = None,
                 yoy_correct_rate_points: int | None = None, yoy_correct_min_cases: int | None = None,
                 today: date | None = None) -> None:
        self.__dict__.update(deadline_month=deadline_month, deadline_day=deadline_day,
                             government_deadline_month=government_deadline_month,
                             government_deadline_day=government_deadline_day,
                             fee_unit_thresholds={} if fee_unit_thresholds is None else fee_unit_thresholds,
                             duplicate_ratio_warn=duplicate_ratio_warn, yoy_ratio=yoy_ratio,
                             yoy_min_change=yoy_min_change, yoy_correct_rate_points=yoy_correct_rate_points,
                             yoy_correct_min_cases=yoy_correct_min_cases, today=today)


def count_by_severity(issues: list[Issue]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "hint": 0}
    for i in issues:
        out[i.severity] += 1
    return out
