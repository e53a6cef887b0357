"""Last year's figures taken from last year's report (for X-CARRY, X-REG-STOCK and TXT-DUP)."""

from __future__ import annotations

from gkdesk.core.fields import registry
from gkdesk.core.report import LastYear, Report


def last_year_from(previous: Report, *, from_file: bool = True) -> LastYear:
    fmt = previous.format
    reg = registry(fmt)
    t3, carry_out = reg.table_key("requests"), reg.row("requests", "carry_out")
    t2, valid = reg.table_key("proactive"), reg.column("proactive", "valid")
    return LastYear(
        year=previous.meta.year or None,
        carry_out={c: previous.value(t3, carry_out, c) for c in fmt.table(t3).row(carry_out).columns}
        if t3 and carry_out else {},
        t2_valid={r.key: previous.value(t2, r.key, valid) for r in fmt.table(t2).rows if valid in r.columns}
        if t2 and valid else {},
        overview=previous.overview_text(),
        section5=previous.section5,
        from_file=from_file,
        figures={tkey: {r.key: {c: v for c in r.columns if (v := previous.value(tkey, r.key, c)) is not None}
                        for r in tdef.rows}
                 for tkey, tdef in fmt.tables.items()},
    )
