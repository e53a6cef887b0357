"""Validation: ``validate(report, settings=None) -> list[Issue]`` runs every rule of spec §6 (see docs/rules.md).

A pure function of the report (and its ``last_year``) and the settings: it never changes the report. Issues come
sorted by severity (error, warning, hint), then by their place in the report (meta and title, 一, the tables in reading
order, 五, 六: ``FieldRegistry.order``). Every issue carries a ``Location`` (core/location.py): a cell, a whole row
(X-CARRY when last year is unknown or of the wrong year), a whole table (FMT-2021), a meta field, a narrative text,
a subsection's title or text (``overview.N.text``, N from 1) or the fee.
"""

from __future__ import annotations

from collections.abc import Callable

from gkdesk.core.fields import registry
from gkdesk.core.issues import SEVERITY_ORDER, Issue, Settings
from gkdesk.core.report import Report
from gkdesk.core.rules import arithmetic, bound, cells, content, document, plausibility, text
from gkdesk.core.rules.context import Ctx, FormatInfo, format_info

__all__ = ["validate", "sort_issues", "RULE_FUNCTIONS", "Rule"]

#: a rule: reads the report through the context and adds its issues to it
Rule = Callable[[Ctx], None]

#: every rule function, in the order they run (the order of issues of equal severity and place)
RULE_FUNCTIONS: tuple[Rule, ...] = (*document.RULES, *cells.RULES, *arithmetic.RULES, *text.RULES, *content.RULES,
                  *plausibility.RULES, *bound.RULES)

_DEFAULT_SETTINGS = Settings()


def validate(report: Report, settings: Settings | None = None) -> list[Issue]:
    """Every issue of the report, sorted by severity, then by place in the report."""
    info = format_info(report.format_version)
    ctx = Ctx(report=report, settings=settings or _DEFAULT_SETTINGS, info=info)
    for rule in RULE_FUNCTIONS:
        rule(ctx)
    return sort_issues(ctx.issues, info)


def sort_issues(issues: list[Issue], info: FormatInfo) -> list[Issue]:
    """By severity, then by place in the report (``FieldRegistry.order``); a stable sort, so issues of equal
    severity and place keep the order the rules found them in."""
    order = registry(info.fmt).order
    known = info.order_keys

    def key(issue: Issue) -> tuple[int, tuple[int, int, int]]:
        # remembered on the issue (a cache beside its fields: equality, hash and pickling ignore it), for this
        # format; issues found again are the same objects (context.make_issue), so most runs only read it
        mine = issue.__dict__.get("_sort_key")
        if mine is not None and mine[0] is info:
            return mine[1]  # type: ignore[no-any-return]
        loc = issue.location
        place = known.get(loc)
        if place is None:
            place = known[loc] = order(loc)
        k = SEVERITY_ORDER[issue.severity], place
        issue.__dict__["_sort_key"] = (info, k)
        return k

    return sorted(issues, key=key)
