"""What validation returns: an issue with rule id, severity, Chinese message and a location; and its settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Severity = Literal["error", "warning", "hint"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "hint": 2}
SEVERITY_LABEL: dict[str, str] = {"error": "错误", "warning": "警告", "hint": "提示"}


@dataclass(frozen=True)
class Issue:
    rule: str
    severity: Severity
    message: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    field: str | None = None  # text/meta field id, e.g. "section5", "overview.2.text", "org_name"

    @property
    def is_cell(self) -> bool:
        return self.table is not None

    def to_json(self) -> dict[str, str | None]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message, "table": self.table,
                "row": self.row, "column": self.column, "field": self.field}


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
