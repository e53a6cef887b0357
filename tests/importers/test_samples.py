"""Every file in shared/samples imports; the township text equals the example; the city's figures land right."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gkdesk.core.importers import import_file


def _published(samples_dir, prefix: str):
    found = sorted((samples_dir / "published").glob(f"{prefix}*"))
    assert found, f"样例 {prefix}… 不存在"
    return found[0]


def test_every_sample_imports_with_a_log(samples_dir):
    files = [samples_dir / "qiuqu-township-2024.txt", *sorted((samples_dir / "published").glob("*.txt"))]
    assert len(files) >= 9
    for f in files:
        result = import_file(f)
        assert result.report is not None, f.name
        text = result.log.to_text()
        assert text.startswith("导入记录") and f.name in text
        # every table section is either read or reported missing
        for part in ("t2", "t3", "t4"):
            assert result.log.of_table(part), (f.name, part)


def test_township_text_equals_the_example(samples_dir, example_report):
    rep = import_file(samples_dir / "qiuqu-township-2024.txt").report
    assert rep is not None
    assert rep.tables == example_report.tables
    assert rep.overview_intro == example_report.overview_intro
    assert [(s.title, s.text) for s in rep.overview] == [(s.title, s.text) for s in example_report.overview]
    assert rep.section5 == example_report.section5
    assert rep.section6 == example_report.section6
    assert rep.meta.org_name == example_report.meta.org_name == "秋渠乡"
    assert rep.meta.year == example_report.meta.year == 2024
    assert rep.meta.title_override is None
    assert rep.processing_fee_yuan == example_report.processing_fee_yuan == Decimal(0)
    assert rep.stated == {}  # all stated totals agree with the sums
    assert rep.source_format is None


def test_township_rows_that_lost_indentation_still_match(samples_dir):
    log = import_file(samples_dir / "qiuqu-township-2024.txt").log
    texts = [e.text for e in log.of_table("t3")]
    assert any("5.要求行政机关确认或重新出具已获取信息" in t for t in texts)
    assert any("（七）总计" in t for t in texts)
    assert not log.of_kind("missing") and not log.of_kind("unmapped")


def test_city_report_figures_land_in_the_right_cells(samples_dir):
    result = import_file(_published(samples_dir, "01_"))
    rep = result.report
    assert rep is not None
    assert rep.meta.org_name == "淮安市人民政府" and rep.meta.year == 2024 and rep.meta.level == "city_gov"
    assert rep.raw("t2", "rules", "issued") == 1 and rep.raw("t2", "rules", "valid") == 11
    assert [rep.raw("t2", "normative", c) for c in ("issued", "repealed", "valid")] == [8, 26, 66]
    assert rep.raw("t2", "licensing", "decisions") == 447228
    assert rep.raw("t2", "penalty", "decisions") == 3985758
    assert rep.raw("t2", "coercion", "decisions") == 88283
    assert rep.raw("t2", "fees", "amount_wanyuan") == Decimal("96171.6")
    cols = ("natural", "commercial", "research", "public_interest", "legal_service", "other")
    assert [rep.raw("t3", "new", c) for c in cols] == [3001, 53, 0, 0, 61, 4]
    assert rep.value("t3", "new", "total") == 3119
    assert [rep.raw("t3", "carry_in", c) for c in cols] == [34, 0, 0, 0, 0, 0]
    assert [rep.raw("t3", "partial", c) for c in cols] == [447, 7, 0, 0, 0, 0]  # label wrapped round the figures
    assert rep.raw("t3", "deny_query", "natural") == 105
    assert [rep.raw("t3", "np_nothold", c) for c in cols] == [746, 12, 0, 0, 10, 1]
    assert rep.raw("t3", "np_create", "natural") == 11  # after a page footer
    assert rep.raw("t3", "nd_confirm", "natural") == 1
    assert [rep.raw("t3", "ot_nofix", c) for c in cols] == [67, 3, 0, 0, 1, 0]
    assert rep.raw("t3", "ot_nofee", "natural") == 6
    assert [rep.raw("t3", "ot_other", c) for c in cols] == [108, 2, 0, 0, 0, 0]
    assert rep.value("t3", "total", "total") == 3050
    assert rep.value("t3", "carry_out", "total") == 103
    # 行政复议 72/64/178/37 = 351, 直接起诉 13/4/8/1 = 26, 复议后起诉 12/1/1/6 = 20
    assert [rep.raw("t4", "review", c) for c in ("maintain", "correct", "other", "pending")] == [72, 64, 178, 37]
    assert rep.value("t4", "review", "total") == 351
    assert rep.value("t4", "lit_direct", "total") == 26
    assert rep.value("t4", "lit_after_review", "total") == 20
    assert rep.stated == {}  # the city's stated totals are all right
    assert len(rep.overview) == 5 and rep.overview[0].title == "（一）主动公开情况。"
    assert rep.overview[1].text.startswith("定期对政府信息公开申请集中的领域")
    assert "-2-" not in rep.overview_text() and "-3-" not in rep.overview_text()
    assert rep.section5.startswith("对照上级新要求和公众新期待，还有一些需要加强和改进的地方。")
    assert rep.section6.endswith("全年收取政府信息公开信息处理费 3940 元。")
    assert rep.processing_fee_yuan == Decimal(3940)
    # every input cell of every table is filled
    assert all(v is not None for _t, _r, _c, v in rep.iter_inputs())
    fuzzy = [e.text for e in result.log.of_kind("fuzzy")]
    assert any("按“（二）部分公开" in t for t in fuzzy)  # the match is shown when not exact


def test_2019_layout_is_recognised_and_mapped(samples_dir):
    result = import_file(_published(samples_dir, "10_"))
    rep = result.report
    assert rep is not None and rep.source_format == "2019-t2"  # T3 is cut before its （六） row
    assert rep.meta.org_name == "桐梓县夜郎镇" and rep.meta.year == 2023
    assert rep.raw("t2", "licensing", "decisions") == 0
    assert rep.raw("t2", "fees", "amount_wanyuan") is None  # 2019 counted fee items, not an amount
    assert rep.raw("t2", "rules", "valid") is None
    unmapped = " ".join(e.text for e in result.log.of_kind("unmapped"))
    assert "其他对外管理服务事项" in unmapped and "政府集中采购" in unmapped and "本年新公开数量" in unmapped
    assert "行政事业性收费·上一年项目数量”= 2" in unmapped
    rules = pytest.importorskip("gkdesk.core.rules")
    assert "FMT-2021" in {i.rule for i in rules.validate(rep)}


@pytest.mark.parametrize("prefix, last_row", [
    ("05_", "deny_case"), ("06_", "carry_in"), ("07_", "deny_internal"), ("12_", "deny_3s1w")])
def test_excerpts_report_what_is_missing_and_invent_nothing(samples_dir, prefix, last_row):
    result = import_file(_published(samples_dir, prefix))
    rep = result.report
    assert rep is not None
    t3 = rep.format.table("t3")
    keys = t3.row_keys
    after = keys[keys.index(last_row) + 1:]
    for rk in after:
        for ck in t3.row(rk).columns:
            assert rep.raw("t3", rk, ck) is None, (rk, ck)
    assert all(rep.raw("t4", r, c) is None for r in ("review", "lit_direct") for c in ("maintain", "pending"))
    missing = " ".join(e.text for e in result.log.of_kind("missing"))
    assert "没有找到以下" in missing and "四、结转下年度继续办理" in missing
    assert "五、存在的主要问题及改进情况" in missing
    assert "原文可能不完整" in missing
    assert rep.section5 == "" and rep.section6 == ""


def test_excerpt_row_cut_short_keeps_what_is_there(samples_dir):
    result = import_file(_published(samples_dir, "05_"))
    rep = result.report
    assert [rep.raw("t2", "normative", c) for c in ("issued", "repealed", "valid")] == [5, 1, 25]
    assert rep.raw("t3", "new", "natural") == 58 and rep.value("t3", "new", "total") == 66
    assert rep.raw("t3", "deny_internal", "natural") == 1
    assert [rep.raw("t3", "deny_case", c) for c in t_cols()] == [0, 0, 0, 0, 0, 0]
    assert rep.stated_value("t3", "deny_case", "total") is None
    assert any("“7.属于行政执法案卷”这一行只找到 6 个数" in e.text for e in result.log.of_kind("missing"))
    assert rep.meta.year == 2024 and rep.meta.org_name == ""
    assert any("机关名称" in e.text for e in result.log.of_kind("missing"))


def t_cols() -> list[str]:
    return ["natural", "commercial", "research", "public_interest", "legal_service", "other"]


def test_blank_cell_and_altered_column_label(samples_dir):
    result = import_file(_published(samples_dir, "06_"))
    rep = result.report
    assert rep.raw("t2", "rules", "issued") == 0 and rep.raw("t2", "rules", "repealed") == 0
    assert rep.raw("t2", "rules", "valid") is None  # blank in the source stays blank
    assert [rep.raw("t2", "normative", c) for c in ("issued", "repealed", "valid")] == [5, 12, 8]
    assert any("现行有效件数(历史累计)" in e.text and "现行有效件数" in e.text for e in result.log.of_kind("fuzzy"))
    rules = pytest.importorskip("gkdesk.core.rules")
    blank = [i for i in rules.validate(rep) if i.rule == "NUM-BLANK"]
    assert any("规章" in i.message and "现行有效件数" in i.message for i in blank)


def test_fee_with_four_decimals(samples_dir):
    result = import_file(_published(samples_dir, "15_"))
    rep = result.report
    assert rep.meta.org_name == "阿巴嘎旗自然资源局"  # no title: taken from "请与…联系", logged for checking
    assert any("阿巴嘎旗自然资源局" in e.text and "请核对" in e.text for e in result.log.of_kind("assumed"))
    assert rep.raw("t2", "fees", "amount_wanyuan") == Decimal("18.8710")
    assert str(rep.raw("t2", "fees", "amount_wanyuan")) == "18.8710"
    assert rep.raw("t2", "licensing", "decisions") == 182 and rep.raw("t2", "penalty", "decisions") == 10
    assert [s.title for s in rep.overview][:2] == ["(一)主动公开情况。", "(二)依申请公开情况。"]
    assert rep.overview_intro.startswith("本报告根据《中华人民共和国政府信息公开条例》")


def test_one_cell_per_line_with_pipes(samples_dir):
    rep = import_file(_published(samples_dir, "07_")).report
    assert [rep.raw("t2", "rules", c) for c in ("issued", "repealed", "valid")] == [0, 0, 6]
    assert rep.raw("t3", "open", "natural") == 0 and rep.raw("t3", "deny_internal", "other") == 0


def test_portal_page_title_and_publish_date(samples_dir):
    rep = import_file(_published(samples_dir, "17_")).report
    assert rep.meta.org_name == "四川省自然资源厅" and rep.meta.year == 2023
    assert rep.meta.publish_date is not None and rep.meta.publish_date.isoformat() == "2024-01-31"
    assert "发布日期" not in rep.overview_intro and "首页" not in rep.overview_intro
    assert [s.title for s in rep.overview] == ["(一)扎实做好主动公开。", "(二)切实做好依申请公开办理。"]
