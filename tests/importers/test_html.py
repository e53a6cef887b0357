"""HTML pages saved from a portal: rowspan/colspan tables, paragraphs, portal chrome around the report."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gkdesk.core.importers import import_file, import_text
from gkdesk.core.importers.html import html_document

from .helpers import report_html


@pytest.fixture
def figures_report(example_report):
    """The example with distinct figures in every input cell, so a figure in the wrong cell is caught."""
    rep = example_report.copy()
    n = 1
    for tkey, row, col, _v in list(rep.iter_inputs()):
        rep.set_raw(tkey, row, col, Decimal("12.5") if (row, col) == ("fees", "amount_wanyuan") else n)
        n += 1
    return rep


def test_portal_page_imports_every_cell(tmp_path, figures_report):
    path = tmp_path / "报告.html"
    path.write_text(report_html(figures_report), encoding="utf-8")
    result = import_file(path)
    rep = result.report
    assert rep is not None, result.log.to_text()
    assert rep.tables == figures_report.tables
    assert rep.stated == {}
    assert rep.meta.org_name == "秋渠乡" and rep.meta.year == 2024
    assert rep.meta.publish_date is not None and rep.meta.publish_date.isoformat() == "2025-01-20"
    assert [(s.title, s.text) for s in rep.overview] == [(s.title, s.text) for s in figures_report.overview]
    assert rep.section5 == figures_report.section5 and rep.section6 == figures_report.section6
    assert "不是正文" not in rep.overview_text() and "主办" not in rep.section6
    assert result.log.source_kind == "网页（HTML）"


def test_gbk_encoded_page(tmp_path, example_report):
    path = tmp_path / "gbk.htm"
    path.write_bytes(report_html(example_report).replace("charset='utf-8'", "charset='gbk'").encode("gb18030"))
    rep = import_file(path).report
    assert rep is not None and rep.tables == example_report.tables and rep.section5 == example_report.section5


def test_wrong_stated_totals_in_html_are_kept_and_flagged(figures_report):
    t3_total = figures_report.value("t3", "new", "total")
    stated = {"t3": {("new", "total"): t3_total + 5}, "t4": {("review", "total"): 999}}
    result = import_text(report_html(figures_report, stated), "page.html")
    rep = result.report
    assert rep.stated_value("t3", "new", "total") == t3_total + 5
    assert rep.stated_value("t4", "review", "total") == 999
    assert rep.value("t3", "new", "total") == t3_total  # gkdesk's own sum is unchanged
    assert any("不一致" in e.text for e in result.log.of_table("t3"))
    rules = pytest.importorskip("gkdesk.core.rules")
    got = {i.rule for i in rules.validate(rep)}
    assert {"T3-COLSUM", "T4-SUM"} <= got


def test_nested_markup_and_broken_html_do_not_crash():
    doc = html_document("<p>一、总体情况<p>文字<table><tr><td rowspan=x>规章<td colspan=99999>1</table><td>", "x.html")
    assert any(ln.cells for ln in doc.lines)
