"""The variety of real published text: widths, spaces, typos, units, blank markers, wrong totals, cut-off text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gkdesk.core.importers import import_file, import_text

from .helpers import cell_text, report_tab_text


@pytest.fixture
def figures_report(example_report):
    rep = example_report.copy()
    n = 3
    for tkey, row, col, _v in list(rep.iter_inputs()):
        rep.set_raw(tkey, row, col, Decimal("7.25") if (row, col) == ("fees", "amount_wanyuan") else n)
        n += 2
    return rep


def _full_width(s: str) -> str:
    return s.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789."})


def test_tab_text_round_trip(figures_report):
    rep = import_text(report_tab_text(figures_report)).report
    assert rep.tables == figures_report.tables and rep.stated == {}


def test_full_width_digits(figures_report):
    rep = import_text(report_tab_text(figures_report, cell=lambda v: _full_width(cell_text(v)))).report
    assert rep.tables == figures_report.tables


def test_units_and_thousands_separators_in_cells(figures_report):
    def cell(v):
        if isinstance(v, Decimal):
            return f"{v}万元"
        return f"{v:,}件" if v is not None else ""
    big = figures_report.copy()
    big.set_raw("t2", "penalty", "decisions", 3985758)
    rep = import_text(report_tab_text(big, cell=cell)).report
    assert rep.tables == big.tables
    assert rep.raw("t2", "penalty", "decisions") == 3985758


@pytest.mark.parametrize("marker", ["/", "—", "无", "－", "", "--"])
def test_blank_markers_stay_blank(figures_report, marker):
    src = figures_report.copy()

    def cell(v):
        return marker if v in (9, 11) else cell_text(v)
    result = import_text(report_tab_text(src, cell=cell))
    rep = result.report
    blanks = [(t, r, c) for t, r, c, v in src.iter_inputs() if v in (9, 11)]
    assert blanks
    for t, r, c in blanks:
        assert rep.raw(t, r, c) is None, (t, r, c, marker)
    others = [(t, r, c, v) for t, r, c, v in src.iter_inputs() if v not in (9, 11)]
    assert all(rep.raw(t, r, c) == v for t, r, c, v in others)
    rules = pytest.importorskip("gkdesk.core.rules")
    assert "NUM-BLANK" in {i.rule for i in rules.validate(rep)}


def test_labels_with_spaces_typos_and_half_width_punctuation(figures_report):
    def label(text: str) -> str:
        return (text.replace("（", "(").replace("）", ")")
                .replace("本年新收政府信息公开申请数量", "本年新收政府信息公开申 请数")
                .replace("属于国家秘密", "属于国家秘蜜")
                .replace("行政规范性文件", "行政规范性文 件")
                .replace("3.危及“三安全一稳定”", "3、危及\"三安全一稳定\""))
    result = import_text(report_tab_text(figures_report, label=label))
    assert result.report.tables == figures_report.tables
    fuzzy = " ".join(e.text for e in result.log.of_kind("fuzzy"))
    assert "按“1.属于国家秘密”导入" in fuzzy and "按“一、本年新收政府信息公开申请数量”导入" in fuzzy


def test_wrong_published_totals_are_kept_as_stated_and_flagged(figures_report):
    right = figures_report.value("t3", "open", "total")
    stated = {"t3": {("open", "total"): right + 1, ("total", "natural"): 1}, "t4": {("lit_direct", "total"): 0}}
    result = import_text(report_tab_text(figures_report, stated=stated))
    rep = result.report
    assert rep.tables == figures_report.tables  # inputs unchanged: gkdesk computes the totals itself
    assert rep.stated_value("t3", "open", "total") == right + 1
    assert rep.stated_value("t3", "total", "natural") == 1
    assert rep.stated_value("t4", "lit_direct", "total") == 0
    assert rep.stated_value("t3", "new", "total") is None  # agreeing totals are not kept
    assert len([e for e in result.log.of_kind("assumed") if "不一致" in e.text]) == 3
    rules = pytest.importorskip("gkdesk.core.rules")
    got = {i.rule for i in rules.validate(rep)}
    assert {"T3-COLSUM", "T3-RESULT", "T4-SUM"} <= got


def test_text_cut_inside_a_number_does_not_invent_it(figures_report):
    text = report_tab_text(figures_report)
    cut = text[: text.index("\n", text.index("1.属于国家秘密"))]  # ends with the row's last figure, no line break
    cut = cut[:-1]  # and that figure loses its last digit
    result = import_text(cut)
    rep = result.report
    assert rep.raw("t3", "deny_secret", "natural") == figures_report.raw("t3", "deny_secret", "natural")
    assert rep.stated_value("t3", "deny_secret", "total") is None
    assert any("中断" in e.text for e in result.log.of_kind("missing"))
    assert rep.raw("t3", "deny_law", "natural") is None


def test_2019_other_processing_row_in_a_2021_text(figures_report):
    text = report_tab_text(figures_report)
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if "1.申请人无正当理由" in ln)
    lines[start:start + 3] = ["\t（六）其他处理\t\t1\t0\t0\t0\t0\t0\t1"]
    result = import_text("\n".join(lines))
    rep = result.report
    assert rep.source_format == "2019-t3"  # only T3's （六） row is in the old layout
    assert rep.raw("t3", "ot_other", "natural") is None  # not guessed into one of the three 2021 rows
    assert any("（六）其他处理" in e.text for e in result.log.entries if e.kind in ("assumed", "unmapped"))


@pytest.mark.parametrize("text", ["", "   \n\n", "今天天气很好。\n我们去公园。", "<html><body><p>网页</p></body></html>"])
def test_nothing_usable(text):
    result = import_text(text, "x.txt")
    assert result.report is None
    assert "导入记录" in result.log.to_text()


@pytest.mark.parametrize("name, data, words", [
    ("a.pdf", b"%PDF-1.4 ...", "PDF"),
    ("a.gkreport", b"{}", "打开"),
    ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Word"),
    ("a.txt", b"", "空文件"),
    ("a.xlsx", b"PK\x03\x04 not really a zip", "Excel"),
    ("b.txt", b"\x00\x01\x02\x03" * 200, "不是文本文件"),
])
def test_files_that_cannot_be_imported_get_a_chinese_reason(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    result = import_file(path)
    assert result.report is None
    assert words in result.log.to_text()


def test_missing_file_and_folder(tmp_path):
    r = import_file(tmp_path / "没有这个文件.txt")
    assert r.report is None and "找不到文件" in r.log.to_text()
    r = import_file(tmp_path)
    assert r.report is None and "文件夹" in r.log.to_text()


def test_pasted_page_layout_text_with_footers():
    text = ("        某某县某某局\n   2024 年政府信息公开工作年度报告\n\n   一、总体情况\n   今年我局认真贯彻落实\n条例，做了很多工作。\n"
            "                   -1-\n继续做好公开。\n   二、主动公开政府信息情况\n第二十条第（一）项\n"
            "信息内容          本年制发件数     本年废止件数   现行有效件数\n规章            0          0        0\n"
            "行政规范性文件       2          1       9\n")
    rep = import_text(text).report
    assert rep.meta.org_name == "某某县某某局" and rep.meta.year == 2024
    assert rep.overview_intro == "今年我局认真贯彻落实条例，做了很多工作。继续做好公开。"
    assert [rep.raw("t2", "normative", c) for c in ("issued", "repealed", "valid")] == [2, 1, 9]


def test_page_layout_blank_cell_stays_in_its_column():
    """pdftotext -layout leaves no mark for a blank cell: the figures go under the columns they stand in."""
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "                          自然人   商业企业  科研机构  社会公益组织  法律服务机构  其他   总计\n"
        "一、本年新收政府信息公开申请数量     12        3         0          0            1      0     16\n"
        "二、上年结转政府信息公开申请数量      2                  0          0            0      0      2\n"
        "      （一）予以公开                  5        1         0          0            0      0      6\n"
        "                                                    -3-\n"
        "四、政府信息公开行政复议、行政诉讼情况\n")
    result = import_text(text)
    rep = result.report
    assert [rep.raw("t3", "new", c) for c in ("natural", "commercial", "research")] == [12, 3, 0]
    assert rep.raw("t3", "carry_in", "natural") == 2
    assert rep.raw("t3", "carry_in", "commercial") is None  # the blank cell, not the next figure
    assert rep.raw("t3", "carry_in", "research") == 0
    assert rep.raw("t3", "open", "natural") == 5
    assert any("按它们在版面上所在的列放入" in e.text for e in result.log.of_kind("assumed"))


def test_figures_after_a_label_with_single_spaces():
    text = ("二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n"
            "规章 0 0 0\n行政规范性文件 3 1 12\n第二十条第（五）项\n行政许可 1,234件\n")
    rep = import_text(text).report
    assert [rep.raw("t2", "normative", c) for c in ("issued", "repealed", "valid")] == [3, 1, 12]
    assert rep.raw("t2", "licensing", "decisions") == 1234


def test_our_pdf_through_pdftotext_layout_comes_back(tmp_path, figures_report):
    """A PDF (our own export) turned into text by ``pdftotext -layout``: every figure and the narrative return."""
    import shutil
    import subprocess

    from gkdesk.core import storage

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext（poppler-utils）未安装")
    pdf = pytest.importorskip("gkdesk.core.exporters.pdf", reason="PDF 导出模块尚未安装")
    path = tmp_path / "r.pdf"
    pdf.export_pdf(figures_report, path)
    subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), str(tmp_path / "r.txt")], check=True,
                   timeout=60)
    result = import_file(tmp_path / "r.txt")
    a, b = storage.report_to_dict(result.report), storage.report_to_dict(figures_report)
    for d in (a, b):
        d.pop("saved_at")
    assert a == b, result.log.to_text()


@pytest.mark.parametrize("title, org, year", [
    ("2022年上海市政府信息公开工作年度报告", "上海市", 2022),
    ("某某区人民政府关于2023年度政府信息公开工作年度报告", "某某区人民政府", 2023),
    ("某某局政府信息公开工作年度报告（2023年）", "某某局", 2023),
    ("某某县人民政府办公室 2023 年度政府信息公开工作年度报告", "某某县人民政府办公室", 2023),
])
def test_title_variants(title, org, year):
    rep = import_text(f"{title}\n一、总体情况\n今年做了很多工作。\n").report
    assert (rep.meta.org_name, rep.meta.year) == (org, year)


def test_title_over_two_lines_and_heading_lines_for_subsections():
    text = ("宿州市人民政府2016年\n政府信息公开工作年度报告\n一、总体情况\n（一）主动公开方面\n第一段。\n第二段。\n"
            "（二）依申请公开方面\n第三段。\n五、存在的主要问题及改进情况\n问题和措施。\n")
    rep = import_text(text).report
    assert rep.meta.org_name == "宿州市人民政府" and rep.meta.year == 2016
    assert [(s.title, s.text) for s in rep.overview] == [("（一）主动公开方面", "第一段。\n第二段。"),
                                                          ("（二）依申请公开方面", "第三段。")]


def test_t4_data_row_wrapped_over_two_lines():
    text = ("四、政府信息公开行政复议、行政诉讼情况\n"
            "行政复议                    行政诉讼\n"
            "1    2    3    4    10   1    1    1    1    4\n"
            "2    2    2    2    8\n"
            "                          -5-\n五、存在的主要问题及改进情况\n无。\n")
    rep = import_text(text).report
    assert [rep.raw("t4", "lit_after_review", c) for c in ("maintain", "correct", "other", "pending")] == [2, 2, 2, 2]
    assert rep.value("t4", "review", "total") == 10 and rep.stated == {}


def test_hard_wrapped_copy_from_a_pdf_viewer_joins_lines_into_paragraphs(example_report):
    """Copied from a PDF viewer: every line cut at the page width, no indentation; paragraphs end on short lines."""
    def wrap(text: str, n: int = 21) -> str:  # (a paragraph whose last line exactly fills the width is joined)
        return "\n".join("\n".join(p[i:i + n] for i in range(0, len(p), n)) for p in text.split("\n"))
    text = "\n".join(["秋渠乡2024年政府信息公开工作年度报告", "一、总体情况", wrap(example_report.overview_intro)]
                     + [wrap(s.title + s.text) for s in example_report.overview]
                     + ["五、存在的主要问题及改进情况", wrap(example_report.section5)])
    rep = import_text(text).report
    assert rep.overview_intro == example_report.overview_intro
    assert [(s.title, s.text) for s in rep.overview] == [(s.title, s.text) for s in example_report.overview]
    assert rep.section5 == example_report.section5


def test_table_of_contents_is_not_taken_for_the_sections():
    text = ("某某镇2024年政府信息公开工作年度报告\n目录\n一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
            "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n\n"
            "一、总体情况\n今年做了很多工作。\n五、存在的主要问题及改进情况\n问题是……，措施是……。\n六、其他需要报告的事项\n本年度未收取信息处理费。\n")
    rep = import_text(text).report
    assert rep.overview_intro == "今年做了很多工作。"
    assert rep.section5 == "问题是……，措施是……。" and rep.section6 == "本年度未收取信息处理费。"


def test_fee_written_in_yuan_is_converted_to_wanyuan_and_logged():
    text = "二、主动公开政府信息情况\n第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t5000元\n"
    result = import_text(text)
    assert result.report.raw("t2", "fees", "amount_wanyuan") == Decimal("0.5")
    assert any("5000元" in e.text and "0.5 万元" in e.text for e in result.log.of_kind("assumed"))


def test_running_page_header_is_dropped(example_report):
    head = "秋渠乡2024年政府信息公开工作年度报告"
    paras = example_report.section5.split("\n")
    text = "\n".join([head, "一、总体情况", example_report.overview_intro, head, "五、存在的主要问题及改进情况",
                      paras[0], head, paras[1], head])
    result = import_text(text)
    assert result.report.section5 == example_report.section5
    assert result.report.meta.org_name == "秋渠乡"
    assert any("页眉" in e.text for e in result.log.of_kind("ignored"))
