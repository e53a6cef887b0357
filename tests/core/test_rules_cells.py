"""Spec §6.2: NUM-BLANK, NUM-INT, NUM-FEE, NUM-FEE-UNIT, T2-RULE-LEVEL, FMT-2021."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gkdesk.core.issues import Settings
from gkdesk.core.report import Report
from gkdesk.core.rules import validate

S = Settings(today=date(2025, 1, 10))


def of(report, rule, settings=S):
    return [i for i in validate(report, settings) if i.rule == rule]


def test_blank_cell_names_table_row_and_column(example_report):
    assert of(example_report, "NUM-BLANK") == []
    example_report.set_raw("t3", "deny_secret", "research", None)
    (issue,) = of(example_report, "NUM-BLANK")
    assert (issue.table, issue.row, issue.column, issue.severity) == ("t3", "deny_secret", "research", "error")
    assert issue.message == ("第三部分表格“（三）不予公开·1.属于国家秘密”一行“科研机构”一栏为空，没有数据的请填写0。")


def test_blank_markers_kept_as_text_are_blanks(example_report):
    example_report.set_raw("t2", "licensing", "decisions", "/")
    (issue,) = of(example_report, "NUM-BLANK")
    assert "“行政许可”一行“本年处理决定数量”一栏为“/”" in issue.message
    assert of(example_report, "NUM-INT") == []


def test_new_report_every_input_cell_blank():
    r = Report.new("秋渠乡", "township", 2024)
    issues = of(r, "NUM-BLANK")
    fmt = r.format
    assert len(issues) == sum(len(t.input_cells()) for t in fmt.tables.values())
    assert not any(fmt.table(i.table).is_computed(i.row, i.column) for i in issues)


def test_counts_must_be_non_negative_integers(example_report):
    r = example_report
    r.set_raw("t3", "new", "natural", -3)
    r.set_raw("t3", "open", "natural", Decimal("1.5"))
    r.set_raw("t4", "review", "pending", "2件")
    r.set_raw("t3", "partial", "natural", Decimal("2"))  # 2 written as a decimal: still an integer
    issues = of(r, "NUM-INT")
    assert [(i.table, i.row, i.column) for i in issues] == [
        ("t3", "new", "natural"), ("t3", "open", "natural"), ("t4", "review", "pending")]
    assert "“-3”" in issues[0].message and "非负整数（单位：件）" in issues[0].message
    assert "“1.5”" in issues[1].message and "“2件”" in issues[2].message
    assert all(i.severity == "error" for i in issues)


def test_fee_cell(example_report):
    r = example_report
    for bad, words in [("3万元", "“3万元”"), (Decimal("-1"), "负数"), (Decimal("1.23456"), "最多保留4位小数")]:
        r.set_raw("t2", "fees", "amount_wanyuan", bad)
        (issue,) = of(r, "NUM-FEE")
        assert (issue.row, issue.column) == ("fees", "amount_wanyuan") and words in issue.message
        assert of(r, "NUM-INT") == []
    for good in (Decimal("18.8710"), Decimal("0"), 7545):
        r.set_raw("t2", "fees", "amount_wanyuan", good)
        assert of(r, "NUM-FEE") == []


def test_processing_fee_amount(example_report):
    example_report.processing_fee_yuan = Decimal("-5")
    (issue,) = of(example_report, "NUM-FEE")
    assert issue.field == "processing_fee_yuan" and "负数" in issue.message
    example_report.processing_fee_yuan = Decimal("12.345")
    assert "2位小数" in of(example_report, "NUM-FEE")[0].message


def test_fee_unit_threshold_per_level_and_settings(example_report):
    r = example_report
    r.set_raw("t2", "fees", "amount_wanyuan", Decimal("3000"))
    (issue,) = of(r, "NUM-FEE-UNIT")
    assert issue.severity == "warning" and "3000万元（即30000000元）" in issue.message
    r.set_raw("t2", "fees", "amount_wanyuan", Decimal("3000.5"))  # has decimals: not an amount in 元
    assert of(r, "NUM-FEE-UNIT") == []
    r.set_raw("t2", "fees", "amount_wanyuan", Decimal("3000"))
    r.meta.level = "county_dept"  # threshold 100,000 for county departments
    assert of(r, "NUM-FEE-UNIT") == []
    assert of(r, "NUM-FEE-UNIT", Settings(today=date(2025, 1, 10), fee_unit_thresholds={"county_dept": 500}))


def test_rule_making_power(example_report):
    r = example_report
    r.set_raw("t2", "rules", "valid", 6)
    (issue,) = of(r, "T2-RULE-LEVEL")
    assert issue.severity == "error" and (issue.row, issue.column) == ("rules", "valid")
    assert "乡镇人民政府、街道办事处" in issue.message and "“规章”" in issue.message and "行政规范性文件" in issue.message
    r.meta.level = "county_dept"
    assert of(r, "T2-RULE-LEVEL")[0].severity == "warning"
    r.meta.level = "city_gov"  # 设区的市人民政府 may make 规章
    assert of(r, "T2-RULE-LEVEL") == []


def test_fmt_2021(example_report):
    r = example_report
    assert of(r, "FMT-2021") == []
    r.source_format = "2019"
    (issue,) = of(r, "FMT-2021")
    assert issue.severity == "error" and issue.table == "t2" and issue.row is None
    assert "国办公开办函〔2021〕30号" in issue.message and "本年制发件数" in issue.message and "（六）其他处理" in issue.message
    r.meta.year = 2020  # the 2019 trial format was still in use
    assert of(r, "FMT-2021") == []


def test_report_in_the_2019_layout_validates_and_is_flagged():
    from gkdesk.core.format import load_format

    r = Report.new("夜郎镇", "township", 2023, fmt=load_format("2019"))
    r.overview_intro = "本年制发行政规范性文件3件，收到政府信息公开申请2件。"
    issues = validate(r, S)
    (fmt_issue,) = [i for i in issues if i.rule == "FMT-2021"]
    assert "2023年度报告请使用国办公开办函〔2021〕30号" in fmt_issue.message
    assert len([i for i in issues if i.rule == "NUM-BLANK"]) == sum(len(t.input_cells()) for t in r.format.tables.values())
    r.meta.year = 2020
    assert [i for i in validate(r, S) if i.rule == "FMT-2021"] == []
