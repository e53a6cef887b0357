"""Issue 14: a figure goes into a cell only when its place is certain. A real report (淮安市 2024, with blanks put in
cells) rendered into every shape offices copy it in, and imported back: every cell exact, or blank with the row
named in the log — none wrong."""

from __future__ import annotations

import random

import pytest

from gkdesk.core.importers import import_text

from . import shapes as S

SHAPES = {
    "layout": lambda r: S.pdf_text(r, "layout"),
    "raw": lambda r: S.pdf_text(r, "raw"),
    "plain": lambda r: S.pdf_text(r, "plain"),
    "labels_then_figures": S.labels_then_figures,
    "html": S.html_page,
    "html_empty_cells": S.html_empty_cells,
    "tab_blank_cells": lambda r: S.tab_text(r, ""),
    "tab_dashes": lambda r: S.tab_text(r, "–"),
    "pipe": lambda r: S.pipe_text(r, ""),
    "traditional": S.traditional,
    "gbk": S.gbk_bytes,
    "full_width": S.full_width_text,
    "one_line": S.one_line,
    "one_line_no_marks": lambda r: S.one_line(r, ""),
}
PDF_SHAPES = {"layout", "raw", "plain"}
#: shapes in which every cell's position is written: all cells must come back exactly
EXACT_SHAPES = {"html", "html_empty_cells", "tab_blank_cells", "tab_dashes", "pipe", "traditional", "gbk", "full_width",
                "one_line"}


@pytest.fixture(scope="module")
def real():
    if not S.SAMPLES.is_dir():
        pytest.skip(f"样例目录 {S.SAMPLES} 不存在")
    return S.real_report()


def with_blanks(rep, seed: int, k: int = 6):
    out = rep.copy()
    rnd = random.Random(seed)
    for t, rk, ck, _v in rnd.sample(list(out.iter_inputs()), k):
        out.set_raw(t, rk, ck, None)
    return out


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_cell_exact_or_blank_and_logged(real, shape):
    if shape in PDF_SHAPES and not S.has_pdftotext():
        pytest.skip("pdftotext（poppler-utils）未安装")
    total = S.Count()
    for seed in (0, 1, 2):
        orig = real if seed == 0 else with_blanks(real, seed)
        got = S.compare(orig, S.import_shape(SHAPES[shape](orig)))
        total = total + got
    assert total.wrong == 0, total.wrong_cells
    assert total.unlogged == []
    if shape in EXACT_SHAPES:
        assert total.blank == 0
    assert total.exact > 0


def test_t4_row_with_dashes_keeps_positions():
    """The issue's example: ``5,–,–,2,7 | 8,–,–,1,9 | –`` was read as 5 2 7 8 1 9."""
    row = "\t".join(["5", "–", "–", "2", "7", "8", "–", "–", "1", "9", "–", "–", "–", "–", "–"])
    rep = import_text(f"四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n{row}\n").report
    assert [rep.raw("t4", "review", c) for c in ("maintain", "correct", "other", "pending")] == [5, None, None, 2]
    assert [rep.raw("t4", "lit_direct", c) for c in ("maintain", "correct", "other", "pending")] == [8, None, None, 1]
    assert all(rep.raw("t4", "lit_after_review", c) is None for c in ("maintain", "correct", "other", "pending"))
    assert rep.stated == {}


def test_pipe_t4_row_with_an_empty_first_cell():
    rep = import_text("四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 行政诉讼 |\n未经复议直接起诉 | 复议后起诉 |\n"
                      " | 64 | 178 | 37 | 279 | 13 | 4 | 8 | 1 | 26 | 12 | 1 | 1 | 6 | 20 |\n").report
    assert rep.raw("t4", "review", "maintain") is None and rep.raw("t4", "review", "correct") == 64
    assert rep.raw("t4", "lit_after_review", "pending") == 6


def test_row_of_figures_without_positions_stays_blank_and_is_logged():
    text = ("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 3 1 0 0 0 0 4\n"
            "二、上年结转政府信息公开申请数量 34 0 0 0 0 34\n")
    result = import_text(text)
    rep = result.report
    assert [rep.raw("t3", "new", c) for c in ("natural", "commercial")] == [3, 1]
    assert all(rep.raw("t3", "carry_in", c) is None for c in ("natural", "commercial", "research", "other"))
    entry = next(e for e in result.log.entries if "无法确定位置" in e.text)
    assert "二、上年结转政府信息公开申请数量" in entry.text and "34 0 0 0 0 34" in entry.text


def test_sequence_with_a_gap_placed_by_the_rows_sum_when_only_one_placement_fits():
    """T4 as raw text with one figure missing in the first group: the two other groups are certain by their sums,
    the first group cannot be told apart and stays blank."""
    text = "四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n72 178 37 287 13 4 8 1 26 12 1 1 6 20\n"
    result = import_text(text)
    rep = result.report
    assert [rep.raw("t4", "lit_direct", c) for c in ("maintain", "correct", "other", "pending")] == [13, 4, 8, 1]
    assert [rep.raw("t4", "lit_after_review", c) for c in ("maintain", "correct", "other", "pending")] == [12, 1, 1, 6]
    assert all(rep.raw("t4", "review", c) is None for c in ("maintain", "correct", "other", "pending"))
    assert any("无法确定位置" in e.text and "行政复议·结果维持" in e.text for e in result.log.entries)


def test_labels_then_figures_placed_only_when_the_sums_confirm(real):
    text = S.labels_then_figures(real)
    result = import_text(text)
    rep = result.report
    for rk, ck in real.format.table("t3").input_cells():
        assert rep.raw("t3", rk, ck) == real.raw("t3", rk, ck)
    assert any("标签在前" in e.text and "每行合计都对得上" in e.text for e in result.log.of_kind("assumed"))
    # T2 has no sums to confirm an order: left blank and said why
    assert rep.raw("t2", "normative", "issued") is None
    assert any("标签在前" in e.text and "没有合计" in e.text for e in result.log.of_table("t2"))
    # a published total that does not fit: nothing placed
    bad = text.replace("\n3119\n", "\n3120\n", 1)
    rep2 = import_text(bad).report
    assert rep2.raw("t3", "new", "natural") is None


def test_traditional_labels_match(real):
    from gkdesk.core.importers.hanzi import to_traditional

    text = to_traditional(S.tab_text(real))
    assert "規章" in text and "許可" in text and "處罰" in text and "收費" in text
    result = import_text(text)
    assert result.report.tables == real.tables
    assert result.report.value("t3", "total", "natural") == 2932
    assert "規" in result.report.overview_text() or "規" not in text  # narrative stays as written


def test_whole_report_on_one_line(real):
    result = import_text(S.one_line(real))
    rep = result.report
    assert rep is not None and rep.tables == real.tables
    assert rep.meta.org_name == "淮安市人民政府" and rep.meta.year == 2024
    assert rep.section6.endswith("全年收取政府信息公开信息处理费 3940 元。")
    assert any("连成了一行" in e.text for e in result.log.entries)
