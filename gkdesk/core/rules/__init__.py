"""Validation: ``validate(report, settings=None) -> list[Issue]`` runs every rule of spec §6 (see docs/rules.md).

A pure function of the report (and its ``last_year``) and the settings: it never changes the report. Issues come
sorted by severity (error, warning, hint), then by their place in the report (meta and title, 一, the tables in reading
order, 五, 六). Locations: ``table``/``row``/``column`` for a cell; ``table``/``row`` without a column for a whole row
(X-CARRY when last year is unknown or of the wrong year); ``table`` alone for a whole table (FMT-2021); ``field`` for a
text or meta field (org_name, level, year, written_date, publish_date, title, overview_intro, overview.{i}.title,
overview.{i}.text with i from 0, section5, section6, processing_fee).
"""

from __future__ import annotations

from gkdesk.core.issues import SEVERITY_ORDER, Issue, Settings
from gkdesk.core.report import Report
from gkdesk.core.rules import arithmetic, bound, cells, content, document, plausibility, text
from gkdesk.core.rules.context import Ctx, FormatInfo, format_info

__all__ = ["validate", "RULE_FUNCTIONS"]

#: every rule function, in the order they run (the order of issues of equal severity and place)
RULE_FUNCTIONS = (*document.RULES, *cells.RULES, *arithmetic.RULES, *text.RULES, *content.RULES,
                  *plausibility.RULES, *bound.RULES)

_FIELD_RANK = {"title": (0, 0), "org_name": (0, 1), "level": (0, 2), "year": (0, 3), "written_date": (0, 4),
               "publish_date": (0, 5), "overview_intro": (1, 0)}
_DEFAULT_SETTINGS = Settings()


def _position(issue: Issue, info: FormatInfo) -> tuple[int, int, int]:
    if issue.table is not None:
        ti = info.tables.get(issue.table)
        rank = info.section_rank.get(issue.table, 9)
        if ti is None or issue.row is None:
            return rank, -1, -1
        if issue.column is None:
            return rank, ti.row_pos.get(issue.row, -1), -1
        return rank, ti.cell_pos.get((issue.row, issue.column), -1), 0
    f = issue.field or ""
    if f in _FIELD_RANK:
        a, b = _FIELD_RANK[f]
        return a, b, 0
    if f.startswith("overview."):
        _, idx, part = (f.split(".") + ["", ""])[:3]
        i = int(idx) if idx.isdigit() else 0
        return info.section_rank.get("overview", 1), 1 + 2 * i + (part == "text"), 0
    if f == "processing_fee":
        return info.section_rank.get("section6", 9), 1, 0
    return info.section_rank.get(f, 9), 0, 0


def validate(report: Report, settings: Settings | None = None) -> list[Issue]:
    """Every issue of the report, sorted by severity, then by place in the report."""
    info = format_info(report.format_version)
    ctx = Ctx(report=report, settings=settings or _DEFAULT_SETTINGS, info=info)
    for rule in RULE_FUNCTIONS:
        rule(ctx)
    return sorted(ctx.issues, key=lambda i: (SEVERITY_ORDER[i.severity], _position(i, info)))
