"""Spec §6.1: T3-ROW-SUM, T3-CARRY-NONNEG, T3-COLSUM, T3-RESULT, T4-SUM, T2-VALID, X-REG-STOCK, X-CARRY."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkdesk.core.issues import Settings
from gkdesk.core.lastyear import last_year_from
from gkdesk.core.report import LastYear
from gkdesk.core.rules import validate

S = Settings(today=date(2025, 1, 10))
COLS = ["natural", "commercial", "research", "public_interest", "legal_service", "other"]


def of(report, rule):
    return [i for i in validate(report, S) if i.rule == rule]


@pytest.fixture
def rep(example_report):
    """The example with real figures: 自然人 5 new + 1 carried = 3 open + 1 partial + 1 不掌握 + 1 carried out."""
    r = example_report
    for row, v in {"new": 5, "carry_in": 1, "open": 3, "partial": 1, "np_nothold": 1, "carry_out": 1}.items():
        r.set_raw("t3", row, "natural", v)
    return r


def test_example_and_consistent_figures_pass(example_report, rep):
    for r in (example_report, rep):
        issues = validate(r, S)
        assert not [i for i in issues if i.severity == "error"], issues
        assert not [i for i in issues if i.rule.startswith(("T3-", "T4-", "T2-"))]


def test_row_sum_names_column_and_figures(rep):
    rep.set_raw("t3", "carry_out", "natural", 3)
    (issue,) = of(rep, "T3-ROW-SUM")
    assert (issue.table, issue.row, issue.column) == ("t3", "carry_out", "natural")
    assert "【自然人】" in issue.message and "（6）" in issue.message and "（8）" in issue.message
    assert "应为1" in issue.message


def test_row_sum_skips_columns_with_blank_heads_and_all_blank_columns(rep):
    rep.set_raw("t3", "carry_out", "natural", None)
    assert of(rep, "T3-ROW-SUM") == []
    # a column entirely blank: only NUM-BLANK, no arithmetic flood
    for row in rep.format.table("t3").row_keys:
        rep.set_raw("t3", row, "commercial", None)
    assert of(rep, "T3-ROW-SUM") == [] and of(rep, "T3-CARRY-NONNEG") == []
    assert len([i for i in of(rep, "NUM-BLANK") if i.column == "commercial"]) == 24


def test_row_sum_counts_blank_result_rows_as_zero(rep):
    rep.set_raw("t3", "partial", "natural", None)  # 5 + 1 != 4 + 1
    issues = of(rep, "T3-ROW-SUM")
    assert len(issues) == 1 and "（6）" in issues[0].message and "（5）" in issues[0].message


def test_row_sum_skips_column_with_text_or_invalid_numbers(rep):
    rep.set_raw("t3", "open", "natural", "三")
    assert of(rep, "T3-ROW-SUM") == []
    assert [i.row for i in of(rep, "NUM-INT")] == ["open"]
    rep.set_raw("t3", "open", "natural", 3)
    rep.set_raw("t3", "carry_out", "natural", -1)  # NUM-INT only, not also an arithmetic error on the same cell
    assert [i.rule for i in validate(rep, S) if i.severity == "error"] == ["NUM-INT"]


def test_carry_nonneg_replaces_row_sum(rep):
    rep.set_raw("t3", "open", "natural", 9)  # handled 11 > 5 + 1
    (issue,) = of(rep, "T3-CARRY-NONNEG")
    assert issue.severity == "error" and (issue.row, issue.column) == ("carry_out", "natural")
    assert "“（七）总计”11件" in issue.message and "之和（6件）" in issue.message
    assert of(rep, "T3-ROW-SUM") == []


def test_stated_column_total_differs(rep):
    rep.stated = {"t3": {"new": {"total": 7}}}
    (issue,) = of(rep, "T3-COLSUM")
    assert (issue.table, issue.row, issue.column) == ("t3", "new", "total")
    assert "（5）" in issue.message and "当前为7" in issue.message and "一、本年新收政府信息公开申请数量" in issue.message
    rep.stated = {"t3": {"new": {"total": 5}}}
    assert of(rep, "T3-COLSUM") == []


def test_stated_result_total_differs_and_no_double_report(rep):
    rep.stated = {"t3": {"total": {"natural": 4, "total": 4}}}
    issues = of(rep, "T3-RESULT")
    assert [(i.row, i.column) for i in issues] == [("total", "natural"), ("total", "total")]
    assert "当前总计4，各项之和5" in issues[0].message
    assert of(rep, "T3-COLSUM") == []  # the (七)总计 × 总计 cell is reported once


def test_stated_total_with_blank_and_text_parts(rep):
    rep.set_raw("t3", "new", "commercial", None)
    rep.stated = {"t3": {"new": {"total": 5}}}
    assert of(rep, "T3-COLSUM") == []  # blank counts as 0 (NUM-BLANK reports it)
    rep.set_raw("t3", "new", "commercial", "若干")
    rep.stated = {"t3": {"new": {"total": 99}}}
    assert of(rep, "T3-COLSUM") == []  # unknown part: no comparison


def test_t4_sum(example_report):
    r = example_report
    for c, v in zip(["maintain", "correct", "other", "pending"], [1, 2, 3, 4], strict=True):
        r.set_raw("t4", "lit_direct", c, v)
    r.stated = {"t4": {"lit_direct": {"total": 9}, "review": {"total": 0}}}
    (issue,) = of(r, "T4-SUM")
    assert (issue.table, issue.row, issue.column) == ("t4", "lit_direct", "total")
    assert "未经复议直接起诉" in issue.message and "（10）" in issue.message and "（9）" in issue.message
    r.stated = {"t4": {"lit_direct": {"total": 10}}}
    assert of(r, "T4-SUM") == []


def test_t2_valid(example_report):
    r = example_report
    for c, v in {"issued": 5, "repealed": 1, "valid": 3}.items():
        r.set_raw("t2", "normative", c, v)
    (issue,) = of(r, "T2-VALID")
    assert issue.severity == "warning" and (issue.row, issue.column) == ("normative", "valid")
    assert "本年制发5件、废止1件，但现行有效仅3件" in issue.message
    r.set_raw("t2", "normative", "valid", 4)
    assert of(r, "T2-VALID") == []


def test_reg_stock_needs_last_year(example_report):
    r = example_report
    for c, v in {"issued": 2, "repealed": 1, "valid": 10}.items():
        r.set_raw("t2", "normative", c, v)
    assert of(r, "X-REG-STOCK") == []
    r.last_year = LastYear(year=2023, t2_valid={"rules": 0, "normative": 8}, carry_out={c: 0 for c in COLS})
    (issue,) = of(r, "X-REG-STOCK")
    assert (issue.row, issue.column) == ("normative", "valid")
    assert "（10）" in issue.message and "（8）" in issue.message and "应为9" in issue.message
    r.set_raw("t2", "normative", "valid", 9)
    assert of(r, "X-REG-STOCK") == []


def test_carry_over_error_from_file_warning_otherwise(example_report):
    r = example_report
    last = example_report.copy()
    last.meta.year = 2023
    last.set_raw("t3", "carry_out", "natural", 2)
    r.last_year = last_year_from(last)
    (issue,) = of(r, "X-CARRY")
    assert issue.severity == "error" and (issue.table, issue.row, issue.column) == ("t3", "carry_in", "natural")
    assert "（0）" in issue.message and "（2）" in issue.message and "上年结转政府信息公开申请数量" in issue.message
    r.last_year.from_file = False
    (issue,) = of(r, "X-CARRY")
    assert issue.severity == "warning" and "确认" in issue.message
    r.set_raw("t3", "carry_in", "natural", 2)
    assert of(r, "X-CARRY") == []


def test_carry_over_hint_without_last_year_and_wrong_year(example_report):
    (issue,) = of(example_report, "X-CARRY")
    assert issue.severity == "hint" and issue.row == "carry_in" and issue.column is None
    example_report.last_year = LastYear(year=2021, carry_out={c: 0 for c in COLS}, from_file=True)
    (issue,) = of(example_report, "X-CARRY")
    assert issue.severity == "warning" and "2021" in issue.message and "2023" in issue.message


def test_carry_over_compares_totals_when_only_a_total_is_known(example_report):
    example_report.last_year = LastYear(year=2023, carry_out={"total": 3}, from_file=False)
    (issue,) = of(example_report, "X-CARRY")
    assert issue.column == "total" and "（3）" in issue.message


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_consistent_table_passes_and_any_single_change_is_caught(example_report, data):
    r = example_report
    details = [row for row in r.format.table("t3").row_keys if row not in ("new", "carry_in", "total", "carry_out")]
    for c in COLS:
        parts = {row: data.draw(st.integers(0, 50)) for row in details}
        handled = sum(parts.values())
        carry_in = data.draw(st.integers(0, 20))
        carry_out = data.draw(st.integers(0, 20))
        new = handled + carry_out - carry_in
        if new < 0:
            carry_in, new = handled + carry_out, 0
        for row, v in {**parts, "new": new, "carry_in": carry_in, "carry_out": carry_out}.items():
            r.set_raw("t3", row, c, v)
    assert [i for i in validate(r, S) if i.severity == "error"] == []
    row = data.draw(st.sampled_from(["new", "carry_in", "carry_out", *details]))
    col = data.draw(st.sampled_from(COLS))
    delta = data.draw(st.sampled_from([-1, 1, 7]))
    old = r.raw("t3", row, col)
    if old + delta < 0:
        delta = 1
    r.set_raw("t3", row, col, old + delta)
    errors = [i for i in validate(r, S) if i.severity == "error"]
    assert len(errors) == 1 and errors[0].rule in ("T3-ROW-SUM", "T3-CARRY-NONNEG") and errors[0].column == col
