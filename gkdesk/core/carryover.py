"""Next year's report from this year's: same unit, year + 1, 上年结转 = 结转下年度, last year's figures kept."""

from __future__ import annotations

import re

from gkdesk.core.bindings import refresh as refresh_bindings
from gkdesk.core.fields import registry
from gkdesk.core.format import load_format
from gkdesk.core.lastyear import last_year_from
from gkdesk.core.report import Report, Subsection


def next_year(report: Report) -> Report:
    """A new report for the following year, built from ``report`` (which is not changed).

    Same meta (organisation, level), year + 1, dates cleared; T3 二、上年结转 = last year's 四、结转下年度继续办理
    column by column; ``last_year`` taken from the report (from_file=True, so X-CARRY is an error); every other
    figure blank; the narrative kept as a starting draft (TXT-DUP shows how much of it is still last year's)."""
    fmt = load_format()
    year = report.meta.year + 1 if report.meta.year else 0
    new = Report.new(org_name=report.meta.org_name, level=report.meta.level, year=year, fmt=fmt)
    new.meta.written_date = None
    new.meta.publish_date = None
    if report.meta.title_override and report.meta.year:
        new.meta.title_override = re.sub(str(report.meta.year), str(year), report.meta.title_override)
        if new.meta.title_override == new.derived_title:
            new.meta.title_override = None
    reg = registry(fmt)
    t3, carry_in, carry_out = reg.table_key("requests"), reg.row("requests", "carry_in"), reg.row("requests", "carry_out")
    if t3 and carry_in and carry_out:
        tdef = fmt.table(t3)
        for col in tdef.row(carry_in).columns:
            if not tdef.is_computed(carry_in, col):
                new.set_raw(t3, carry_in, col, report.value(t3, carry_out, col))
    new.last_year = last_year_from(report, from_file=True)
    new.overview_intro = report.overview_intro
    new.overview = [Subsection(s.title, s.text) for s in report.overview] or new.overview
    new.section5 = report.section5
    new.section6 = report.section6
    new.processing_fee_yuan = None
    new.stated = {}
    new.source_format = None
    # figures bound to cells stay bound: the draft quotes the new year's figures (“（未填）” until they are filled);
    # explanations were about this year's figures and are not carried over
    new.bindings = list(report.bindings)
    new.explanations = []
    refresh_bindings(new)
    return new
