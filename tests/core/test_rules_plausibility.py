"""核实性 rules against last year: each fires past its threshold and stays quiet at it (rules/plausibility.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gkdesk.core.carryover import next_year
from gkdesk.core.issues import Settings
from gkdesk.core.record import replace
from gkdesk.core.rules import validate

T3_COLS = ("natural", "commercial", "research", "public_interest", "legal_service", "other")


def _fill(rep, new, results=None):
    """Zeros everywhere, then 本年新收 = new (in 自然人) and the results given {row: n} (in 自然人)."""
    fmt = rep.format
    for t in ("t2", "t3", "t4"):
        for r, c in fmt.table(t).input_cells():
            if not (t == "t3" and r == "carry_in"):
                rep.set_raw(t, r, c, Decimal(0) if fmt.table(t).cell_type(r) == "decimal" else 0)
    rep.set_raw("t3", "new", "natural", new)
    for row, n in (results or {"open": new}).items():
        rep.set_raw("t3", row, "natural", n)
    return rep


@pytest.fixture
def last(example_report):
    rep = _fill(example_report.copy(), 20)
    rep.set_raw("t4", "review", "maintain", 8)
    rep.set_raw("t4", "review", "correct", 2)
    rep.set_raw("t2", "licensing", "decisions", 30)
    return rep


def _rules(rep, settings=None, prefix="YOY-NEW"):
    return [(i.rule, i.table, i.row, i.column) for i in validate(rep, settings) if i.rule.startswith(prefix)]


def test_new_applications_fire_past_a_doubling_and_stay_quiet_at_it(last):
    draft = next_year(last)
    assert _rules(_fill(draft, 40)) == []  # exactly doubled: at the threshold, quiet
    assert ("YOY-NEW", "t3", "new", "total") in _rules(_fill(draft, 41))
    assert ("YOY-NEW", "t3", "new", "total") not in _rules(_fill(draft, 10))  # halved: at the threshold
    assert ("YOY-NEW", "t3", "new", "total") in _rules(_fill(draft, 9))


def test_minimum_absolute_change(example_report):
    small = _fill(example_report.copy(), 2)
    draft = next_year(small)
    assert _rules(_fill(draft, 11)) == []  # +9 < 10
    assert ("YOY-NEW", "t3", "new", "total") in _rules(_fill(draft, 12))


def test_result_groups(last):
    draft = _fill(next_year(last), 20, {"open": 5, "deny_secret": 15})
    rules = _rules(draft, prefix="YOY")
    assert ("YOY-RESULT", "t3", "open", "total") in rules  # 予以公开 20 → 5
    assert ("YOY-RESULT", "t3", "deny_secret", "total") in rules  # 不予公开 0 → 15
    assert ("YOY-NEW", "t3", "new", "total") not in rules


def test_t4_and_t2(last):
    draft = _fill(next_year(last), 20)
    draft.set_raw("t4", "review", "maintain", 30)
    draft.set_raw("t2", "licensing", "decisions", 90)
    rules = _rules(draft, prefix="YOY")
    assert ("YOY-T4", "t4", "review", "total") in rules
    assert ("YOY-T2", "t2", "licensing", "decisions") in rules


def test_correction_rate(last):
    draft = _fill(next_year(last), 20)
    draft.set_raw("t4", "review", "maintain", 5)
    draft.set_raw("t4", "review", "correct", 4)  # 44% against last year's 20%: 24 points, under 30
    assert _rules(draft, prefix="YOY-CORRECT") == []
    draft.set_raw("t4", "review", "maintain", 4)
    draft.set_raw("t4", "review", "correct", 6)  # 60% against 20%: 40 points
    assert ("YOY-CORRECT", "t4", "review", "correct") in _rules(draft, prefix="YOY-CORRECT")
    draft.set_raw("t4", "review", "maintain", 0)
    draft.set_raw("t4", "review", "correct", 2)  # 100%, but only 2 cases decided
    assert _rules(draft, prefix="YOY-CORRECT") == []


def test_correction_rate_with_a_fraction_on_one_side(last):
    """A fraction this year (NUM-INT names it) against last year's whole numbers: compared, not a crash."""
    from decimal import Decimal

    draft = _fill(next_year(last), 20)
    draft.set_raw("t4", "review", "maintain", 4)
    draft.set_raw("t4", "review", "correct", Decimal("6.5"))  # 62% against 20%
    assert ("YOY-CORRECT", "t4", "review", "correct") in _rules(draft, prefix="YOY-CORRECT")


def test_thresholds_from_settings(last):
    draft = _fill(next_year(last), 35)
    assert _rules(draft) == []
    assert ("YOY-NEW", "t3", "new", "total") in _rules(draft, replace(Settings(), yoy_ratio=0.5))
    assert _rules(_fill(draft, 41), replace(Settings(), yoy_min_change=30)) == []


def test_quiet_without_last_year_or_with_another_year(last, example_report):
    assert _rules(_fill(example_report.copy(), 500), prefix="YOY") == []
    draft = _fill(next_year(last), 500)
    draft.meta.year += 1  # last year's figures are two years old now
    assert _rules(draft, prefix="YOY") == []


def test_message_names_both_figures(last):
    draft = _fill(next_year(last), 60)
    msg = next(i.message for i in validate(draft) if i.rule == "YOY-NEW")
    assert "60件" in msg and "上年（20件）" in msg and "增长200%" in msg
