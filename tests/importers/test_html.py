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


def _docx_from(report) -> bytes:
    """A minimal Word document: paragraphs and the three tables with gridSpan/vMerge, as Word writes them."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    from .helpers import cell_text

    def para(t):
        return f"<w:p><w:r><w:t xml:space='preserve'>{escape(t)}</w:t></w:r></w:p>"

    body = [para(report.title), para("一、总体情况"), para(report.overview_intro)]
    body += [para(s.title + s.text) for s in report.overview]
    for sec, tkey in (("二、主动公开政府信息情况", "t2"), ("三、收到和处理政府信息公开申请情况", "t3"),
                      ("四、政府信息公开行政复议、行政诉讼情况", "t4")):
        body.append(para(sec))
        lay = report.format.table(tkey).layout
        start = {(c.row, c.col): c for c in lay.cells}
        cover = {}
        for c in lay.cells:
            for dr in range(1, c.rowspan):
                cover[(c.row + dr, c.col)] = c
        rows = []
        for r in range(lay.n_rows):
            tcs, col = [], 0
            while col < lay.n_cols:
                if (r, col) in start:
                    c = start[(r, col)]
                    text = cell_text(report.value(tkey, *c.ref)) if c.ref else (c.text or "")
                    pr = (f"<w:gridSpan w:val='{c.colspan}'/>" if c.colspan > 1 else "") + \
                         ("<w:vMerge w:val='restart'/>" if c.rowspan > 1 else "")
                    tcs.append(f"<w:tc><w:tcPr>{pr}</w:tcPr>{para(text)}</w:tc>")
                    col += c.colspan
                else:
                    c = cover[(r, col)]
                    pr = (f"<w:gridSpan w:val='{c.colspan}'/>" if c.colspan > 1 else "") + "<w:vMerge/>"
                    tcs.append(f"<w:tc><w:tcPr>{pr}</w:tcPr><w:p/></w:tc>")
                    col += c.colspan
            rows.append("<w:tr>" + "".join(tcs) + "</w:tr>")
        body.append("<w:tbl>" + "".join(rows) + "</w:tbl>")
    body += [para("五、存在的主要问题及改进情况")] + [para(x) for x in report.section5.split("\n")]
    body += [para("六、其他需要报告的事项"), para(report.section6)]
    xml = ("<?xml version='1.0' encoding='UTF-8'?><w:document xmlns:w='http://schemas.openxmlformats.org/"
           "wordprocessingml/2006/main'><w:body>" + "".join(body) + "</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def test_word_document_with_merged_cells(tmp_path, figures_report):
    path = tmp_path / "年报.docx"
    path.write_bytes(_docx_from(figures_report))
    result = import_file(path)
    rep = result.report
    assert rep is not None, result.log.to_text()
    assert rep.tables == figures_report.tables
    assert rep.section5 == figures_report.section5 and rep.meta.org_name == "秋渠乡"
    assert result.log.source_kind == "Word 文档（.docx）"


def test_broken_word_document(tmp_path):
    import zipfile

    path = tmp_path / "坏.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("x.txt", "x")
    result = import_file(path)
    assert result.report is None and "Word" in result.log.to_text()


def test_single_file_web_page_mht(tmp_path, figures_report):
    import quopri

    html = report_html(figures_report).encode("utf-8")
    mht = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"XX\"\r\n\r\n--XX\r\n"
           b"Content-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
           + quopri.encodestring(html) + b"\r\n--XX--\r\n")
    path = tmp_path / "年报.mht"
    path.write_bytes(mht)
    rep = import_file(path).report
    assert rep is not None and rep.tables == figures_report.tables


def test_csv_saved_from_a_workbook(tmp_path, figures_report):
    import csv
    import io

    from .helpers import report_tab_text

    buf = io.StringIO()
    w = csv.writer(buf)
    for line in report_tab_text(figures_report).split("\n"):
        w.writerow(line.split("\t"))
    path = tmp_path / "年报.csv"
    path.write_text(buf.getvalue(), encoding="utf-8-sig")
    rep = import_file(path).report
    assert rep is not None and rep.tables == figures_report.tables and rep.section5 == figures_report.section5


def test_page_laid_out_with_an_outer_table(figures_report):
    """Older portals put the whole page in a layout table; the report's own tables sit inside one of its cells."""
    page = report_html(figures_report)
    body_start = page.index("<div class='content'>")
    body_end = page.index("<div class='footer'>")
    wrapped = (page[:body_start] + "<table width='100%'><tr><td class='left'>栏目导航</td><td>"
               + page[body_start:body_end] + "</td></tr></table>" + page[body_end:])
    rep = import_text(wrapped, "layout.html").report
    assert rep is not None
    assert rep.tables == figures_report.tables
    assert rep.section5 == figures_report.section5
    assert [(s.title, s.text) for s in rep.overview] == [(s.title, s.text) for s in figures_report.overview]


def test_whole_report_in_one_cell_with_paragraphs(example_report):
    paras = "".join(f"<p>{x}</p>" for x in ["秋渠乡2024年政府信息公开工作年度报告", "一、总体情况",
                                               example_report.overview_intro, "五、存在的主要问题及改进情况",
                                               *example_report.section5.split("\n")])
    rep = import_text(f"<html><body><table><tr><td>{paras}</td></tr></table></body></html>").report
    assert rep.overview_intro == example_report.overview_intro and rep.section5 == example_report.section5


def test_2019_layout_page_maps_what_maps():
    from gkdesk.core.format import load_format
    from gkdesk.core.report import Report

    old = Report.new("某某镇人民政府", "township", 2020, fmt=load_format("2019"))
    n = 1
    for t, r, c, _v in list(old.iter_inputs()):
        old.set_raw(t, r, c, n)
        n += 1
    old.overview_intro = "总体情况。"
    old.section5 = "问题和改进。"
    old.section6 = "无。"
    result = import_text(report_html(old), "2019.html")
    rep = result.report
    assert rep.source_format == "2019" and rep.format_version == "2021"
    assert rep.raw("t2", "rules", "issued") == old.raw("t2", "rules", "new_made")
    assert rep.raw("t2", "normative", "issued") == old.raw("t2", "normative", "new_made")
    assert rep.raw("t2", "licensing", "decisions") == old.raw("t2", "licensing", "decisions")
    assert rep.raw("t2", "penalty", "decisions") == old.raw("t2", "penalty", "decisions")
    assert rep.raw("t2", "rules", "valid") is None and rep.raw("t2", "fees", "amount_wanyuan") is None
    for rk in ("new", "carry_in", "open", "deny_secret", "nd_confirm", "carry_out"):
        assert rep.raw("t3", rk, "natural") == old.raw("t3", rk, "natural"), rk
    for rk in ("ot_nofix", "ot_nofee", "ot_other"):
        assert rep.raw("t3", rk, "natural") is None
    for rk in ("review", "lit_direct", "lit_after_review"):
        assert rep.raw("t4", rk, "maintain") == old.raw("t4", rk, "maintain")
    unmapped = " ".join(e.text for e in result.log.of_kind("unmapped"))
    assert "（六）其他处理" in unmapped and "三种情形" in unmapped
    assert "政府集中采购" in unmapped and "其他对外管理服务事项" in unmapped
    # the 2019 stated totals include （六）: their disagreement with the 2021 sums is kept for validation
    assert rep.stated_value("t3", "total", "natural") == old.value("t3", "total", "natural")
