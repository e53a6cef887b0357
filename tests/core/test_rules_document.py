"""Spec §6.3 for the document: META, SEC-SET, SEC-HEAD, TITLE, PERIOD, DEADLINE."""

from __future__ import annotations

from datetime import date

from gkdesk.core.issues import Settings
from gkdesk.core.report import Subsection
from gkdesk.core.rules import validate

S = Settings(today=date(2025, 1, 10))
PERIOD_2024 = "本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。"


def of(report, rule, settings=S):
    return [i for i in validate(report, settings) if i.rule == rule]


def test_meta_required(example_report):
    assert of(example_report, "META") == []
    example_report.meta.org_name = " "
    example_report.meta.year = 0
    example_report.meta.level = "village"
    issues = of(example_report, "META")
    assert [i.field for i in issues] == ["org_name", "level", "year"]
    assert all(i.severity == "error" for i in issues)
    assert "乡镇人民政府、街道办事处" in issues[1].message


def test_missing_narrative_section(example_report):
    assert of(example_report, "SEC-SET") == []
    example_report.section5 = "  \n"
    example_report.overview_intro = ""
    for s in example_report.overview:
        s.text = ""
    issues = of(example_report, "SEC-SET")
    assert [i.field for i in issues] == ["overview.intro", "section5"]
    assert "“五、存在的主要问题及改进情况”还没有内容" in issues[1].message
    assert "六、其他需要报告的事项" in issues[1].message  # lists the six parts


def test_heading_repeated_or_other_section_inside(example_report):
    r = example_report
    assert of(r, "SEC-HEAD") == []
    r.section5 = "五、存在的主要问题及改进情况\n" + r.section5
    (issue,) = of(r, "SEC-HEAD")
    assert issue.field == "section5" and "不必再写一遍" in issue.message
    r.section5 = r.section5.split("\n", 1)[1] + "\n六、其他需要报告的事项\n本年度未收取信息处理费。"
    (issue,) = of(r, "SEC-HEAD")
    assert issue.field == "section5" and "第六部分" in issue.message
    # the old (2019) wording of a heading is still recognised as that section's heading
    r.section5 = "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n无"
    assert any("第四部分" in i.message for i in of(r, "SEC-HEAD"))


def test_numbered_lists_inside_text_are_not_headings(example_report):
    example_report.section5 = "存在的问题：\n一、信息更新不及时。\n二、人员不足。\n改进措施：\n一、加强培训。"
    assert of(example_report, "SEC-HEAD") == []


def test_subsection_numbering_follows_order(example_report):
    r = example_report
    r.overview[1], r.overview[2] = r.overview[2], r.overview[1]  # moved without renumbering
    (issue,) = of(r, "SEC-HEAD")
    assert issue.field == "overview.2.title" and "（二）" in issue.message and "(三) 信息管理机制" in issue.message
    r.overview.append(Subsection("其他工作", "内容"))  # not all numbered: no check
    assert of(r, "SEC-HEAD") == []


def test_title(example_report):
    r = example_report
    assert of(r, "TITLE") == []
    r.meta.title_override = "秋渠乡2024年度政府信息公开工作报告"
    (issue,) = of(r, "TITLE")
    assert issue.field == "title" and "“秋渠乡2024年政府信息公开工作年度报告”" in issue.message
    r.meta.title_override = "秋渠乡2024年政府信息公开工作年度报告"
    assert of(r, "TITLE") == []


def test_period_missing_wrong_and_right(example_report):
    r = example_report
    (issue,) = of(r, "PERIOD")
    assert issue.field == "overview.intro" and PERIOD_2024 in issue.message
    assert issue.severity == "hint" and "自动加上" in issue.message  # the exports print the sentence
    r.overview_intro = "本报告所列数据的统计期限为2023年1月1日至2023年12月31日。" + r.overview_intro
    (issue,) = of(r, "PERIOD")
    assert "2023年1月1日至2023年12月31日" in issue.message and "2024" in issue.message
    r.overview_intro = "本报告所列数据统计期限自2024年1月1日起至6月30日止。"
    assert "至6月30日" in of(r, "PERIOD")[0].message
    for ok in (PERIOD_2024, "报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。",
               "报告中所列数据的统计期限自２０２４年１月１日起，至２０２４年１２月３１日止。",
               "本报告所列数据统计期限自2024年1月1日起至12月31日止。"):
        r.overview_intro = ok
        assert of(r, "PERIOD") == [], ok


def test_deadline(example_report):
    r = example_report
    (issue,) = of(r, "DEADLINE")
    assert issue.severity == "hint" and issue.field == "publish_date" and "2025年1月31日" in issue.message
    assert "还有21天" in issue.message
    (issue,) = of(r, "DEADLINE", Settings(today=date(2025, 2, 3)))
    assert issue.severity == "warning" and "已超过截止日期3天" in issue.message
    r.meta.publish_date = date(2025, 1, 20)
    assert of(r, "DEADLINE", Settings(today=date(2025, 3, 1))) == []
    r.meta.publish_date = date(2025, 2, 10)
    (issue,) = of(r, "DEADLINE")
    assert issue.severity == "warning" and "10天" in issue.message
    # a county sets 2月20日
    assert of(r, "DEADLINE", Settings(today=date(2025, 3, 1), deadline_month=2, deadline_day=20)) == []
    r.meta.publish_date = date(2024, 6, 1)
    assert "请核实发布日期" in of(r, "DEADLINE")[0].message


def test_deadline_for_county_governments_is_march_31(example_report):
    r = example_report
    r.meta.level = "county_gov"
    (issue,) = of(r, "DEADLINE", Settings(today=date(2025, 2, 3)))
    assert issue.severity == "hint" and "2025年3月31日" in issue.message
    r.meta.level = "county_dept"
    assert of(r, "DEADLINE", Settings(today=date(2025, 2, 3)))[0].severity == "warning"


def test_deadline_february_29_setting(example_report):
    (issue,) = of(example_report, "DEADLINE", Settings(today=date(2025, 1, 10), deadline_month=2, deadline_day=29))
    assert "2025年2月28日" in issue.message
