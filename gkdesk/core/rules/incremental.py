"""Validation after an edit: only the rules (and, for NUM-*, only the cells) that what changed can affect are run
again; every other rule's issues of the last run are kept. The result is always exactly ``validate(report,
settings)`` — same issues, same order (tests/core/test_rules_incremental.py compares the two after random edits).

What changed is found two ways. Cells: from the edit's ``touches`` (core/edits.py), the only channel a change of a
table cell is announced through (a row, a table or the whole report: every cell). Everything else a rule reads is
compared with what the last run saw, whatever the edit says: the meta fields, every narrative text and subsection
title (and their number), the fee, and — any change of which reruns everything — the settings, the date (the
DEADLINE reminder counts days), last year's report, the totals a source stated, the bindings, the source format and
the report's format. So a wrong or missing ``touches`` can only make a cell's NUM-* issue stale; ``touches=None``
(not known) reruns everything.
"""

from __future__ import annotations

import copy
from datetime import date

from gkdesk.core.issues import Issue, Settings
from gkdesk.core.location import Location
from gkdesk.core.report import Report
from gkdesk.core.rules import (
    RULE_FUNCTIONS,
    Rule,
    arithmetic,
    bound,
    cells,
    content,
    document,
    plausibility,
    sort_issues,
    text,
)
from gkdesk.core.rules.context import Ctx, format_info

__all__ = ["READS", "IncrementalValidator"]

_DEFAULT_SETTINGS = Settings()

#: what each rule reads besides the things whose change reruns everything (see the module docstring):
#: "meta" (any meta field), "text" (any narrative text or subsection title, their number), "fee", "cells"
READS: dict[Rule, frozenset[str]] = {
    document.meta: frozenset({"meta"}),
    document.sections: frozenset({"text"}),
    document.title: frozenset({"meta"}),
    document.period: frozenset({"meta", "text"}),
    document.deadline: frozenset({"meta"}),
    cells.cells: frozenset({"meta", "cells"}),  # by cell: see IncrementalValidator._cells
    cells.rule_making: frozenset({"meta", "cells"}),
    cells.format_2021: frozenset({"meta"}),
    arithmetic.t3_identity: frozenset({"cells"}),
    arithmetic.stated_totals: frozenset({"cells"}),
    arithmetic.t2_stock: frozenset({"cells"}),
    arithmetic.carry_over: frozenset({"meta", "cells"}),
    text.figures: frozenset({"meta", "text", "cells"}),
    text.years: frozenset({"meta", "text"}),
    text.misc: frozenset({"meta", "text"}),
    content.overview: frozenset({"meta", "text"}),
    content.section5: frozenset({"text"}),
    content.fee: frozenset({"meta", "text", "fee"}),
    content.repetition: frozenset({"text"}),
    plausibility.year_over_year: frozenset({"meta", "cells"}),
    plausibility.correction_rate: frozenset({"meta", "cells"}),
    bound.unfilled_references: frozenset({"text", "cells"}),
}
_EVERYTHING = frozenset({"meta", "text", "fee", "cells"})


def _meta_state(report: Report) -> tuple[object, ...]:
    m = report.meta
    return (m.org_name, m.level, m.year, m.written_date, m.publish_date, m.title_override, dict(m.extra))


def _typed(v: object) -> tuple[type, object]:
    return type(v), v


class IncrementalValidator:
    """Holds the last run's issues, rule by rule; ``update`` gives the issues of the report as it is now."""

    def __init__(self) -> None:
        self._report: Report | None = None
        self._by_rule: dict[Rule, list[Issue]] = {}
        #: the NUM-* issues by input cell (table, row, column), of the last run
        self._by_cell: dict[tuple[str, str, str], list[Issue]] = {}
        self._global: tuple[object, ...] = ()
        self._last_year: object = None
        self._last_year_copy: object = object()  # a copy: last year's report changed in place is seen too
        self._meta: tuple[object, ...] = ()
        self._texts: list[tuple[str, str]] = []
        self._fee: tuple[type, object] = (type(None), None)
        #: how many rules the last ``update`` ran (for tests and the benchmark)
        self.rules_run = 0

    def reset(self) -> None:
        """Forget the last run (the next ``update`` checks everything)."""
        self._report = None

    def validate(self, report: Report, settings: Settings | None = None) -> list[Issue]:
        """Every issue, checking everything (and remembering it for the next ``update``)."""
        return self.update(report, settings, None)

    def update(self, report: Report, settings: Settings | None, touches: set[Location] | None) -> list[Issue]:
        """Every issue of ``report`` now; ``touches``: the places changed since the last run (None: not known)."""
        settings = settings or _DEFAULT_SETTINGS
        info = format_info(report.format_version)
        ctx = Ctx(report=report, settings=settings, info=info)
        glob = self._global_state(report, settings)
        texts = list(ctx.text_fields())
        meta = _meta_state(report)
        fee = _typed(report.processing_fee_yuan)
        same_last_year = report.last_year is self._last_year and report.last_year == self._last_year_copy
        full = (touches is None or report is not self._report or glob != self._global or not same_last_year
                or any(t.kind == "report" for t in touches))
        changed: set[str] = set()
        cells_touched: set[tuple[str, str, str]] | None = set()
        if full:
            changed = set(_EVERYTHING)
            cells_touched = None
            self._last_year, self._last_year_copy = report.last_year, copy.deepcopy(report.last_year)
        else:
            assert touches is not None
            if meta != self._meta:
                changed.add("meta")
            if texts != self._texts:
                changed.add("text")
            if fee != self._fee:
                changed.add("fee")
            for t in touches:
                if t.kind == "cell":
                    if cells_touched is not None:
                        cells_touched.add((t.key, t.row, t.column))
                elif t.kind in ("row", "table"):
                    cells_touched = None
            if cells_touched is None or cells_touched:
                changed.add("cells")
        self._report, self._global, self._meta, self._texts, self._fee = report, glob, meta, texts, fee
        run = 0
        for rule in RULE_FUNCTIONS:
            reads = READS.get(rule, _EVERYTHING)
            if not full and not (reads & changed):
                continue
            run += 1
            ctx.issues = []
            if rule is cells.cells:
                self._cells(ctx, None if full or "meta" in changed else cells_touched)
            else:
                rule(ctx)
                self._by_rule[rule] = ctx.issues
        self.rules_run = run
        found: list[Issue] = []
        for rule in RULE_FUNCTIONS:
            found += self._by_rule.get(rule, ())
        return sort_issues(found, info)

    # --- what rerunning depends on ------------------------------------------------------------------
    @staticmethod
    def _global_state(report: Report, settings: Settings) -> tuple[object, ...]:
        stated = {t: {r: dict(cols) for r, cols in rows.items()} for t, rows in report.stated.items()}
        return (report.format_version, settings, settings.today or date.today(), report.source_format,
                stated, tuple(report.bindings))

    # --- NUM-*, cell by cell ------------------------------------------------------------------------
    def _cells(self, ctx: Ctx, touched: set[tuple[str, str, str]] | None) -> None:
        """The cells rule for every input cell (``touched`` None) or only for ``touched``."""
        by_cell = self._by_cell
        if touched is None:
            cells.cells(ctx)
            by_cell.clear()
            for issue in ctx.issues:
                loc = issue.location
                by_cell.setdefault((loc.key, loc.row, loc.column), []).append(issue)
            self._by_rule[cells.cells] = ctx.issues
            return
        for tkey, row, col in touched:
            ti = ctx.info.tables.get(tkey)
            typ = ti.input_types.get((row, col)) if ti is not None else None
            if typ is None:
                continue  # a computed cell or none of this format: no NUM-* issue of its own
            ctx.issues = []
            v = ctx.report.tables.get(tkey, {}).get(row, {}).get(col)
            if type(v) is not int or v < 0:
                assert ti is not None
                cells.check_cell(ctx, ti, row, col, typ, v, cells.lacked_cells(ctx), cells.max_decimals(ctx))
            if ctx.issues:
                by_cell[(tkey, row, col)] = ctx.issues
            else:
                by_cell.pop((tkey, row, col), None)
        # (in any order of the cells: each NUM-* issue has a cell of its own, so the sort by severity and place
        # puts them where a full run does; ties with other rules' issues at the same cell follow the rule order)
        self._by_rule[cells.cells] = [issue for found in by_cell.values() for issue in found]
