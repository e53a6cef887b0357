"""Last year's figures taken from last year's report (for X-CARRY, X-REG-STOCK and TXT-DUP)."""

from __future__ import annotations

from gkdesk.core.report import LastYear, Report


def last_year_from(previous: Report, *, from_file: bool = True) -> LastYear:
    fmt = previous.format
    t3 = fmt.table("t3")
    return LastYear(
        year=previous.meta.year or None,
        carry_out={c: previous.value("t3", "carry_out", c) for c in t3.row("carry_out").columns},
        t2_valid={r: previous.value("t2", r, "valid") for r in ("rules", "normative")},
        overview=previous.overview_text(),
        section5=previous.section5,
        from_file=from_file,
        figures={tkey: {r.key: {c: v for c in r.columns if (v := previous.value(tkey, r.key, c)) is not None}
                        for r in tdef.rows}
                 for tkey, tdef in fmt.tables.items()},
    )
