"""Spec §6.3 content: TXT-OVERVIEW, TXT-SUPERVISION, LEN-OVERVIEW, TXT-SEC5, TXT-FEE, TXT-DUP."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gkdesk.core.issues import Settings
from gkdesk.core.lastyear import last_year_from
from gkdesk.core.report import LastYear
from gkdesk.core.rules import validate

S = Settings(today=date(2025, 1, 10))


def of(report, rule, settings=S):
    return [i for i in validate(report, settings) if i.rule == rule]


def test_overview_topics(example_report):
    r = example_report
    (issue,) = of(r, "TXT-OVERVIEW")
    assert issue.severity == "hint" and "尚未涉及：政府信息公开平台建设" in issue.message
    r.overview[2].text += "同时加强政府网站等政府信息公开平台建设。"
    assert of(r, "TXT-OVERVIEW") == []


def test_overview_topics_short_forms_count_but_scattered_words_do_not(example_report):
    r = example_report
    r.overview = r.overview[:1]
    r.overview_intro = ("本年度做好主动公开和依申请公开，规范信息管理，完善网站平台，强化监督与保障。" * 8)
    assert of(r, "TXT-OVERVIEW") == []
    r.overview_intro = ("本年度做好主动公开和依申请公开。信息发布及时，档案管理规范。" * 8)
    (issue,) = of(r, "TXT-OVERVIEW")
    assert issue.message.endswith("（尚未涉及：政府信息管理、政府信息公开平台建设、监督保障）。")


def test_supervision_results_for_governments_only(example_report):
    r = example_report
    (issue,) = of(r, "TXT-SUPERVISION")
    assert issue.field == "overview.4.text"  # the “监督与保障措施” subsection
    assert "工作考核、社会评议、责任追究" in issue.message.split("尚未写到：")[1]
    r.overview[3].text += "全年开展工作考核1次，社会评议满意度良好，未发生责任追究情况。"
    assert of(r, "TXT-SUPERVISION") == []
    r.overview[3].text = "成立监督小组。"
    r.meta.level = "county_dept"  # a department: 条例第五十条 asks this of governments only
    assert of(r, "TXT-SUPERVISION") == []


def test_overview_length_and_empty_subsections(example_report):
    r = example_report
    assert of(r, "LEN-OVERVIEW") == []
    r.overview_intro = "做好信息公开。"
    for s in r.overview:
        s.text = ""
    r.overview[0].text = "按要求公开。"
    issues = of(r, "LEN-OVERVIEW")
    assert issues[0].field == "overview.intro" and "约11字" in issues[0].message
    assert [i.field for i in issues[1:]] == ["overview.2.text", "overview.3.text", "overview.4.text"]
    assert "“(二) 依申请公开流程：”还没有内容" in issues[1].message


def test_section5(example_report):
    r = example_report
    assert of(r, "TXT-SEC5") == []
    for empty in ("无", "无。", "暂无"):
        r.section5 = empty
        (issue,) = of(r, "TXT-SEC5")
        assert issue.field == "section5" and f"仅写“{empty}”" in issue.message
    r.section5 = "下一步，我乡将加强培训，提升信息公开水平。"
    (issue,) = of(r, "TXT-SEC5")
    assert "存在的主要问题" in issue.message.split("缺少")[1] and "改进情况" not in issue.message.split("缺少")[1]
    r.section5 = "存在信息更新不及时的问题。"
    assert "改进情况" in of(r, "TXT-SEC5")[0].message.split("缺少")[1]


def test_processing_fee_statement(example_report):
    r = example_report
    assert of(r, "TXT-FEE") == []
    r.section6 = "本年度无其他需要报告的事项。"
    (issue,) = of(r, "TXT-FEE")
    assert issue.field == "section6" and "六、其他需要报告的事项" in issue.message and "未收取的也应说明" in issue.message
    r.section6 = "本年度未收取信息处理费。"
    r.processing_fee_yuan = Decimal("300")
    assert "300元" in of(r, "TXT-FEE")[0].message
    r.section6 = "全年收取政府信息公开信息处理费 3940 元。"
    r.processing_fee_yuan = Decimal("3940")
    assert of(r, "TXT-FEE") == []
    r.processing_fee_yuan = Decimal("394")
    assert "3940元与填写的金额394元不一致" in of(r, "TXT-FEE")[0].message


def test_repetition_against_last_year(example_report):
    r = example_report
    assert of(r, "TXT-DUP") == []  # no last year: X-CARRY's hint says what attaching it enables
    last = r.copy()
    last.meta.year = 2023
    r.last_year = last_year_from(last)
    issues = of(r, "TXT-DUP")
    assert [i.field for i in issues] == ["overview.intro", "section5"]
    assert "“一、总体情况”与上年度报告重复率约100%" in issues[0].message
    assert all(i.severity == "warning" for i in issues)
    r.section5 = "本年度存在的主要问题是政务新媒体更新频率偏低、依申请公开答复质量不稳定。下一步将建立周更机制、开展案例培训。"
    assert [i.field for i in of(r, "TXT-DUP")] == ["overview.intro"]
    assert of(r, "TXT-DUP", Settings(today=date(2025, 1, 10), duplicate_ratio_warn=1.0)) == []


def test_repetition_skips_empty_last_year_text(example_report):
    example_report.last_year = LastYear(year=2023, overview="", section5="")
    assert of(example_report, "TXT-DUP") == []


def test_overview_length_stops_early_with_the_same_answer():
    """LEN-OVERVIEW's length: exact below the minimum, at least the minimum otherwise (content._length)."""
    import random

    from gkdesk.core.rules import content

    rng = random.Random(5)
    pieces = ["信息公开", "，", "。", "  ", "\n", "（一）", "ＡＢＣ", "１２３", "_", "—", "a b", "《条例》", "、", "①", "ﬁ"]
    for _ in range(3000):
        texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 60))) for _ in range(rng.randint(1, 6))]
        minimum = rng.choice([0, 1, 20, 50, 200])
        exact = sum(content._len(t) for t in texts)
        got = content._length(texts, minimum)
        assert (got < minimum) == (exact < minimum)
        if exact < minimum:
            assert got == exact
