"""Spec §6.3 narrative figures and words: TXT-NUM, T4-LIT-TOTAL, TXT-YEAR, TXT-UNIT, TXT-BASIS, TXT-SELF —
on the real text of a published city report (01_huaian_city_2024.txt: spaces, line breaks, page footers)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gkdesk.core.issues import Settings
from gkdesk.core.rules import validate

S = Settings(today=date(2025, 1, 10))
COLS = ["natural", "commercial", "research", "public_interest", "legal_service", "other"]
HUAIAN_T3 = {
    "new": [3001, 53, 0, 0, 61, 4], "carry_in": [34, 0, 0, 0, 0, 0], "open": [1288, 21, 0, 0, 50, 3],
    "partial": [447, 7, 0, 0, 0, 0], "deny_secret": [2, 0, 0, 0, 0, 0], "deny_law": [30, 1, 0, 0, 0, 0],
    "deny_3s1w": [5, 0, 0, 0, 0, 0], "deny_3rd": [6, 0, 0, 0, 0, 0], "deny_internal": [7, 1, 0, 0, 0, 0],
    "deny_process": [12, 0, 0, 0, 0, 0], "deny_case": [9, 0, 0, 0, 0, 0], "deny_query": [105, 0, 0, 0, 0, 0],
    "np_nothold": [746, 12, 0, 0, 10, 1], "np_create": [11, 0, 0, 0, 0, 0], "np_unclear": [1, 0, 0, 0, 0, 0],
    "nd_petition": [56, 6, 0, 0, 0, 0], "nd_repeat": [25, 0, 0, 0, 0, 0], "nd_pub": [0] * 6, "nd_mass": [0] * 6,
    "nd_confirm": [1, 0, 0, 0, 0, 0], "ot_nofix": [67, 3, 0, 0, 1, 0], "ot_nofee": [6, 0, 0, 0, 0, 0],
    "ot_other": [108, 2, 0, 0, 0, 0], "carry_out": [103, 0, 0, 0, 0, 0],
}
HUAIAN_T4 = {"review": [72, 64, 178, 37], "lit_direct": [13, 4, 8, 1], "lit_after_review": [12, 1, 1, 6]}


def of(report, rule):
    return [i for i in validate(report, S) if i.rule == rule]


@pytest.fixture
def huaian(example_report, samples_dir):
    """淮安市人民政府 2024: the published narrative verbatim (as pdftotext left it) and its published figures."""
    text = (samples_dir / "published" / "01_huaian_city_2024.txt").read_text(encoding="utf-8")
    r = example_report
    r.meta.org_name, r.meta.level = "淮安市人民政府", "city_gov"
    i1, i2 = text.index("一、总体情况"), text.index("二、主动公开政府信息情况")
    i5, i6 = text.index("五、存在的主要问题及改进情况"), text.index("六、其他需要报告的事项")
    r.overview_intro, r.overview = text[i1 + len("一、总体情况"):i2], []
    r.section5, r.section6 = text[i5 + len("五、存在的主要问题及改进情况"):i6], text[i6 + len("六、其他需要报告的事项"):]
    for row, vals in HUAIAN_T3.items():
        for c, v in zip(COLS, vals, strict=True):
            r.set_raw("t3", row, c, v)
    for row, vals in HUAIAN_T4.items():
        for c, v in zip(["maintain", "correct", "other", "pending"], vals, strict=True):
            r.set_raw("t4", row, c, v)
    for (row, col), v in {("rules", "issued"): 1, ("rules", "valid"): 11, ("normative", "issued"): 8,
                          ("normative", "repealed"): 26, ("normative", "valid"): 66}.items():
        r.set_raw("t2", row, col, v)
    r.set_raw("t2", "fees", "amount_wanyuan", Decimal("96171.6"))
    r.processing_fee_yuan = Decimal(3940)
    return r


def test_published_city_report_is_consistent(huaian):
    issues = validate(huaian, S)
    assert [i for i in issues if i.rule in ("TXT-NUM", "T4-LIT-TOTAL", "TXT-SELF", "TXT-YEAR", "TXT-UNIT",
                                            "TXT-BASIS", "TXT-FEE")] == []
    assert not [i for i in issues if i.severity == "error"]


@pytest.mark.parametrize("row, col, old, phrase, what", [
    ("new", "natural", 3001, "受理政府信息公开申请3119件", "“一、本年新收政府信息公开申请数量”一行的总计（3118）"),
    ("carry_in", "natural", 34, "上年度结转申请34件", "“二、上年结转政府信息公开申请数量”一行的总计（33）"),
    ("open", "natural", 1288, "答复3050件", "“（七）总计”一行的总计（3049）"),
    ("carry_out", "natural", 103, "103件顺延到下年度", "“四、结转下年度继续办理”一行的总计（102）"),
])
def test_narrative_figure_differs_from_table(huaian, row, col, old, phrase, what):
    huaian.set_raw("t3", row, col, old - 1)
    (issue,) = of(huaian, "TXT-NUM")
    assert issue.severity == "warning" and issue.field == "overview.intro"
    assert issue.message == f"正文所述“{phrase}”与表格中第三部分{what}不一致。"


def test_litigation_and_review_totals(huaian):
    huaian.set_raw("t4", "lit_after_review", "pending", 5)
    huaian.set_raw("t4", "review", "maintain", 70)
    issues = of(huaian, "T4-LIT-TOTAL")
    assert [i.field for i in issues] == ["overview.intro", "overview.intro"]
    assert issues[0].message == "正文所述“行政复议351件”与表格中“行政复议”总计（349件）不一致。"
    assert issues[1].message == "正文所述“行政诉讼46件”与表格（未经复议直接起诉26件+复议后起诉19件）不一致。"
    assert of(huaian, "TXT-NUM") == []  # the same phrases are not reported twice


def test_block_and_t2_figures(example_report):
    r = example_report
    r.set_raw("t3", "open", "natural", 2)
    r.set_raw("t3", "np_nothold", "natural", 1)
    r.set_raw("t2", "normative", "issued", 3)
    r.overview[1].text = ("2024年，共收到政府信息公开申请3件。其中，予以公开2件，无法提供2件。"
                          "本年制发行政规范性文件3件，废止规范性文件1件。")
    issues = of(r, "TXT-NUM")
    msgs = [i.message for i in issues]
    assert all(i.field == "overview.2.text" for i in issues)
    assert "正文所述“收到政府信息公开申请3件”与表格中第三部分“一、本年新收政府信息公开申请数量”一行的总计（0）不一致。" in msgs
    assert "正文所述“无法提供2件”与表格中第三部分“（四）无法提供”各项的总计（1）不一致。" in msgs
    assert "正文所述“废止规范性文件1件”与表格中第二部分“行政规范性文件”的“本年废止件数”（0）不一致。" in msgs
    assert len(msgs) == 3  # 予以公开2件 and 制发…3件 agree


@pytest.mark.parametrize("text", [
    "较上年新收申请20件有所下降。",  # last year's figure
    "2023年受理政府信息公开申请12件，今年有所增加。",  # another year
    "因属于国家秘密不予公开2件。",  # a sub-item, not the block
    "本年不予受理申请5件。",
    "全年主动公开政府信息5500余条。",
    "其中按期答复2件，延期答复1件。",  # parts of the handled applications
    "全年未收到政府信息公开申请。",
])
def test_figures_not_about_this_years_table_are_ignored(example_report, text):
    example_report.overview[1].text = text
    assert of(example_report, "TXT-NUM") == []


def test_received_including_carried_over(example_report):
    r = example_report
    r.set_raw("t3", "new", "natural", 18)
    r.set_raw("t3", "carry_in", "natural", 2)
    r.overview[1].text = "全年共受理政府信息公开申请20件（含上年结转申请2件）。"
    assert of(r, "TXT-NUM") == []
    r.overview[1].text = "全年共受理政府信息公开申请21件（含上年结转申请2件）。"
    (issue,) = of(r, "TXT-NUM")
    assert "“受理政府信息公开申请21件”" in issue.message and "总计之和（20）" in issue.message


def test_full_width_digits_and_line_breaks(example_report):
    example_report.overview[1].text = "全年共受理政府信息公开申请\n ３ 件。"
    (issue,) = of(example_report, "TXT-NUM")
    assert "“受理政府信息公开申请3件”" in issue.message


def test_year_of_another_report(example_report):
    r = example_report
    r.overview[0].text = "2023年，我乡继续推进政务公开。" + r.overview[0].text
    (issue,) = of(r, "TXT-YEAR")
    assert issue.field == "overview.1.text" and "“2023年”" in issue.message and "2024" in issue.message
    r.overview[0].text = "2024年，我乡推进政务公开。2019年以来，我乡持续完善制度。"
    assert of(r, "TXT-YEAR") == []
    r.overview[0].text = "（二）依申请公开情况\n2023年，共收到申请0件。"  # a paragraph after a heading line
    assert len(of(r, "TXT-YEAR")) == 1
    r.overview[0].text = "本年度申请数量较\n2023年有所增加。"  # a line break inside a sentence (PDF text)
    assert of(r, "TXT-YEAR") == []
    r.overview[0].text = "2024年，我乡推进政务公开。"
    r.section5 = "2025年，我乡将继续加强培训，解决存在的问题。"  # plans in 五 are fine
    assert of(r, "TXT-YEAR") == []


def test_unit(example_report):
    example_report.overview[1].text = "2024年，区政府办公室共收到8份政府信息公开申请。"
    (issue,) = of(example_report, "TXT-UNIT")
    assert issue.severity == "hint" and "“8份政府信息公开申请”" in issue.message
    example_report.overview[1].text = "2024年，共收到政府信息公开申请8件。"
    assert of(example_report, "TXT-UNIT") == []


def test_basis(example_report):
    r = example_report
    r.overview_intro = "根据国办公开办函〔2019〕60号的要求，编制本报告。"
    (issue,) = of(r, "TXT-BASIS")
    assert issue.field == "overview.intro" and "国办公开办函〔2021〕30号" in issue.message and "〔2019〕60号" in issue.message
    r.overview_intro = "依据国办公开办函（2021）30号编制。"
    (issue,) = of(r, "TXT-BASIS")
    assert "六角括号" in issue.message and "〔2021〕30号" in issue.message
    r.overview_intro = "依据国办公开办函〔2021〕30号编制。"
    assert of(r, "TXT-BASIS") == []
    r.meta.year = 2020
    r.overview_intro = "根据国办公开办函〔2019〕60号的要求，编制本报告。"
    assert of(r, "TXT-BASIS") == []


def test_other_body(example_report):
    r = example_report
    r.overview[1].text = "本年度，向市政府及市政府办公室提出的政府信息公开申请共0件。"
    (issue,) = of(r, "TXT-SELF")
    assert issue.field == "overview.2.text" and "“市政府”" in issue.message and "秋渠乡" in issue.message
    r.overview[1].text = "编制《华阳街道2023年政府信息公开工作年度报告》。"
    assert "“华阳街道”" in of(r, "TXT-SELF")[0].message
    for ok in ("向本机关提出的申请均按时答复。", "向秋渠乡人民政府提出的申请均已答复。", "向县政务服务中心提出申请的，转交办理。",
               "向社会公众提出意见征集。"):
        r.overview[1].text = ok
        assert of(r, "TXT-SELF") == [], ok
    r.meta.org_name, r.meta.level = "淮安市人民政府办公室", "city_dept"
    r.overview[1].text = "向市政府及市政府办公室提出的政府信息公开申请共0件。"
    assert of(r, "TXT-SELF") == []


def test_township_calling_itself_by_another_kind(example_report):
    r = example_report  # 秋渠乡
    r.overview[0].text = "我镇坚持以公开为常态。"
    (issue,) = of(r, "TXT-SELF")
    assert issue.field == "overview.1.text" and "“我镇”" in issue.message
    for ok in ("我乡坚持以公开为常态。", "全乡各村公开栏统一更新。", "本乡镇各单位均按要求公开。", "助力乡村振兴。"):
        r.overview[0].text = ok
        assert of(r, "TXT-SELF") == [], ok
    r.meta.org_name = "华阳街道办事处"
    r.overview[0].text = "全乡各村公开栏统一更新。"
    assert "“全乡”" in of(r, "TXT-SELF")[0].message
    r.meta.org_name, r.meta.level = "淮安市人民政府", "city_gov"  # not a township: not compared
    assert of(r, "TXT-SELF") == []
