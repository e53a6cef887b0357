"""The report model: derived title/period, computed totals, blank ≠ 0, strict and lenient cell parsing."""

from decimal import Decimal

import pytest

from gkdesk.core.report import CellInputError, Report, parse_cell_input, parse_loose_value


def test_new_report_defaults():
    rep = Report.new("某某镇人民政府", "township", 2025)
    assert rep.title == "某某镇人民政府2025年政府信息公开工作年度报告"
    assert rep.period_text == "本报告中所列数据的统计期限自2025年1月1日起至2025年12月31日止。"
    assert [s.title for s in rep.overview] == [
        "（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"]
    assert rep.value("t3", "new", "natural") is None  # blank, not 0
    assert rep.value("t3", "new", "total") is None


def test_title_override():
    rep = Report.new("甲乡", "township", 2024)
    rep.meta.title_override = "甲乡人民政府2024年政府信息公开工作年度报告"
    assert rep.title == "甲乡人民政府2024年政府信息公开工作年度报告"


def test_computed_totals():
    rep = Report.new("甲乡", "township", 2024)
    rep.set_raw("t3", "open", "natural", 3)
    rep.set_raw("t3", "open", "commercial", 2)
    rep.set_raw("t3", "deny_secret", "natural", 1)
    assert rep.value("t3", "open", "total") == 5
    assert rep.value("t3", "total", "natural") == 4
    assert rep.value("t3", "total", "total") == 6
    rep.set_raw("t4", "review", "maintain", 2)
    rep.set_raw("t4", "review", "pending", 1)
    assert rep.value("t4", "review", "total") == 3
    assert rep.value("t4", "lit_direct", "total") is None


def test_fee_stays_exact():
    rep = Report.new("甲乡", "township", 2024)
    rep.set_raw("t2", "fees", "amount_wanyuan", Decimal("18.8710"))
    assert str(rep.value("t2", "fees", "amount_wanyuan")) == "18.8710"


@pytest.mark.parametrize("text, typ, expected", [
    ("12", "int", 12), ("１２", "int", 12), (" 0 ", "int", 0), ("", "int", None),
    ("18.8710", "decimal", Decimal("18.8710")), ("０.５", "decimal", Decimal("0.5")), ("7545", "decimal", Decimal(7545)),
])
def test_parse_cell_input_accepts(text, typ, expected):
    assert parse_cell_input(text, typ) == expected


@pytest.mark.parametrize("text, typ, fragment", [
    ("a", "int", "不是数字"), ("-1", "int", "正负号"), ("1.5", "int", "小数"), ("3件", "int", "单位"),
    ("1,000", "int", "千位分隔符"), ("5元", "decimal", "万元"), ("1.23456", "decimal", "4位小数"),
    ("-2", "decimal", "负数"), ("abc", "decimal", "不是数字"),
])
def test_parse_cell_input_refuses_with_chinese_reason(text, typ, fragment):
    with pytest.raises(CellInputError) as err:
        parse_cell_input(text, typ)
    assert fragment in str(err.value)


@pytest.mark.parametrize("text, expected", [
    ("/", None), ("—", None), ("无", None), ("", None), ("3 件", 3), ("1,234", 1234), ("３９８５７５８", 3985758),
    ("若干", "若干"), ("2.5", Decimal("2.5")),
])
def test_parse_loose_value_keeps_blank_markers_blank(text, expected):
    assert parse_loose_value(text, "int") == expected
