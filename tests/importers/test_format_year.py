"""Issue 14.6: rules know the format year — a 2019-layout report of its time is judged by the rules of its time, and
FMT-2021 names exactly the parts in the old layout."""

from __future__ import annotations

from gkdesk.core.format import load_format
from gkdesk.core.importers import import_text
from gkdesk.core.report import Report
from gkdesk.core.rules import validate

from .helpers import report_html


def _old_report(year: int) -> Report:
    old = Report.new("某某镇人民政府", "township", year, fmt=load_format("2019"))
    for n, (t, r, c, _v) in enumerate(list(old.iter_inputs()), start=1):
        old.set_raw(t, r, c, n % 7)
    old.overview_intro = "总体情况。"
    old.section5 = "存在的问题和改进措施。"
    old.section6 = "无其他需要报告的事项。"
    return old


def test_2019_layout_report_of_2020_judged_by_its_time():
    rep = import_text(report_html(_old_report(2020)), "2020.html").report
    assert rep.source_format == "2019"
    issues = validate(rep)
    rules = {i.rule for i in issues}
    assert "TXT-FEE" not in rules and "FMT-2021" not in rules
    blank = [(i.table, i.row, i.column) for i in issues if i.rule == "NUM-BLANK"]
    assert ("t2", "rules", "valid") not in blank and ("t2", "fees", "amount_wanyuan") not in blank
    assert ("t3", "ot_nofix", "natural") not in blank


def test_2019_layout_in_a_2023_report_is_fmt_2021_naming_both_parts():
    rep = import_text(report_html(_old_report(2023)), "2023.html").report
    issues = validate(rep)
    fmt = [i for i in issues if i.rule == "FMT-2021"]
    assert len(fmt) == 1 and "第二、三部分" in fmt[0].message
    assert "TXT-FEE" in {i.rule for i in issues}
    assert ("t2", "rules", "valid") in [(i.table, i.row, i.column) for i in issues if i.rule == "NUM-BLANK"]


def test_fmt_2021_names_only_t3_when_only_its_other_row_is_old(example_report):
    from .helpers import report_tab_text

    text = report_tab_text(example_report)
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if "1.申请人无正当理由" in ln)
    lines[start:start + 3] = ["\t（六）其他处理\t\t0\t0\t0\t0\t0\t0\t0"]
    rep = import_text("\n".join(lines)).report
    assert rep.source_format == "2019-t3"
    fmt = [i for i in validate(rep) if i.rule == "FMT-2021"]
    assert len(fmt) == 1 and "第三部分" in fmt[0].message and "第二部分" not in fmt[0].message
    assert fmt[0].table == "t3"
