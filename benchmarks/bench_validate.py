"""Validation speed (issue 2: full validation of a complete report under 2 ms median; it runs after every keystroke).

Rows: the example report as is (the steady state: texts unchanged, caches warm); the example while typing (one
narrative field changes before every run, so its text is rescanned); a report with many issues (blank, text and
negative cells, stated totals that differ, figures in the narrative, last year's report attached so the cross-year
rules and the repetition ratio run), as is and while typing; and the same with a narrative three times as long as the
example's while typing (the worst case: the edited text is rescanned and compared with last year's each time); and
what the window runs after a keystroke, the incremental check (core/rules/incremental.py: only the rules a text
reaches run again, same issues as a full validate). Reference, measured in the same run: ``storage.loads`` of the
example file — what opening the report costs — so the figures have a scale.
"""

from __future__ import annotations

import statistics
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "qiuqu-township-2024.gkreport"
TARGET_MS = 2.0


def _median_ms(fn, runs: int) -> float:
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _many_issues(report):
    from gkdesk.core.lastyear import last_year_from

    r = report.copy()
    last = report.copy()
    last.meta.year = report.meta.year - 1
    for c in ("natural", "commercial"):
        last.set_raw("t3", "carry_out", c, 2)
    r.last_year = last_year_from(last)
    r.meta.title_override = f"{r.meta.org_name}{r.meta.year}年度工作报告"
    r.set_raw("t3", "new", "natural", 12)
    r.set_raw("t3", "open", "natural", 20)
    r.set_raw("t3", "carry_out", "commercial", -1)
    for row in ("deny_secret", "deny_law", "deny_3s1w", "np_create", "nd_pub", "ot_other"):
        r.set_raw("t3", row, "research", None)
    r.set_raw("t4", "review", "other", "/")
    r.set_raw("t2", "rules", "issued", 3)
    r.set_raw("t2", "fees", "amount_wanyuan", Decimal(20000))
    r.stated = {"t3": {"new": {"total": 13}, "total": {"natural": 19, "total": 19}}, "t4": {"review": {"total": 4}}}
    r.overview_intro = ("2023年，我乡共受理政府信息公开申请 15 件，答复 12 件（含上年度结转申请 3 件，另有 2 件顺延到下年度答复）。"
                        "其中，予以公开 9 件，不予公开 1 件。政府信息公开行政复议 2 件，行政诉讼 1 件。"
                        "依据国办公开办函〔2019〕60号编制。向市政府及市政府办公室提出的申请8宗。") + r.overview_intro
    r.section5 = "无"
    r.section6 = "本年度无其他事项。"
    return r


def run() -> list[dict]:
    from gkdesk.core import storage
    from gkdesk.core.issues import Settings
    from gkdesk.core.rules import validate

    data = EXAMPLE.read_bytes()
    example = storage.loads(data)
    settings = Settings(today=date(2025, 1, 10))
    many = _many_issues(example)
    n_issues = len(validate(many, settings))
    for _ in range(50):  # warm up imports, format caches
        validate(example, settings)
        validate(many, settings)

    typing = example.copy()
    base = typing.overview[1].text

    def keystroke(i: int) -> None:
        typing.overview[1].text = base + "政务公开"[: i % 4] + str(i)
        validate(typing, settings)

    typing_many = many.copy()
    base_many = typing_many.overview[1].text

    def keystroke_many(i: int) -> None:
        typing_many.overview[1].text = base_many + "政务公开"[: i % 4] + str(i)
        validate(typing_many, settings)

    long = _many_issues(example)
    for sub in long.overview:
        sub.text *= 3
    long.section5 = example.section5 * 3
    long.last_year.overview = long.overview_text()
    long.last_year.section5 = long.section5
    long_chars = len(long.overview_text()) + len(long.section5) + len(long.section6)
    base_long = long.overview[1].text

    def keystroke_long(i: int) -> None:
        long.overview[1].text = base_long + "政务公开"[: i % 4] + str(i)
        validate(long, settings)

    # what the window does after a keystroke: the incremental check (only the rules a text reaches run again; the
    # issues equal a full validate's, tests/core/test_rules_incremental.py)
    from gkdesk.core.location import Location
    from gkdesk.core.rules.incremental import IncrementalValidator

    window_many, window_long = many.copy(), long.copy()
    inc_many, inc_long = IncrementalValidator(), IncrementalValidator()
    inc_many.validate(window_many, settings)
    inc_long.validate(window_long, settings)
    typed = {Location.subsection(1, "text")}

    def window_keystroke(inc, report, base_text):
        def step(i: int) -> None:
            report.overview[1].text = base_text + "政务公开"[: i % 4] + str(i)
            inc.update(report, settings, typed)
        return step

    ref = _median_ms(lambda i: storage.loads(data), 300)
    rows = []
    for what, fn in [
        ("validate: example report", lambda i: validate(example, settings)),
        ("validate: example while typing (1 field changed)", keystroke),
        (f"validate: report with {n_issues} issues + last year", lambda i: validate(many, settings)),
        ("validate: same, while typing (1 field changed)", keystroke_many),
        (f"validate: {long_chars:,}-char narrative, typing, last year", keystroke_long),
        (f"window check (incremental): {n_issues} issues + last year, typing",
         window_keystroke(inc_many, window_many, base_many)),
        (f"window check (incremental): {long_chars:,}-char narrative, typing",
         window_keystroke(inc_long, window_long, base_long)),
    ]:
        ms = _median_ms(fn, 500)
        rows.append({"what": what, "value": ms, "unit": "ms", "reference": "storage.loads(example)",
                     "ref_value": ref, "target": f"< {TARGET_MS:g} ms", "ok": ms < TARGET_MS})
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
