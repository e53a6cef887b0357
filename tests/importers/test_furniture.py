"""Issue 14.5: the page around the report — title, dates, breadcrumbs, page marks, 机关级别, the year."""

from __future__ import annotations

import pytest

from gkdesk.core.importers import import_text
from gkdesk.core.report import LEVEL_UNDETERMINED

BODY = "一、总体情况\n今年做了很多工作。\n五、存在的主要问题及改进情况\n问题和措施。\n"


def test_published_title_kept_verbatim_even_when_not_parsed():
    rep = import_text("某某镇政务公开工作年报（2023）\n" + BODY).report
    assert rep.meta.title_override == "某某镇政务公开工作年报（2023）"
    assert rep.title == "某某镇政务公开工作年报（2023）"


def test_non_standard_title_is_judged_by_title_rule():
    rep = import_text("某某区人民政府关于2023年度政府信息公开工作年度报告\n" + BODY).report
    assert rep.meta.title_override == "某某区人民政府关于2023年度政府信息公开工作年度报告"
    rules = pytest.importorskip("gkdesk.core.rules")
    assert "TITLE" in {i.rule for i in rules.validate(rep)}


@pytest.mark.parametrize("furniture", ["时间:2024-01-31", "发布日期：2024-01-31 08:51 来源：办公室",
                                       "日期：2024年1月31日 浏览次数：12", "发布时间: 2024-1-31"])
def test_publish_date_from_page_furniture(furniture):
    rep = import_text(f"某某县某某局2023年政府信息公开工作年度报告\n{furniture}\n" + BODY).report
    assert rep.meta.publish_date is not None and rep.meta.publish_date.isoformat() == "2024-01-31"
    assert "2024" not in rep.overview_intro


def test_unknown_level_is_left_undetermined_not_township():
    result = import_text("2022年上海市政府信息公开工作年度报告\n" + BODY)
    rep = result.report
    assert rep.meta.org_name == "上海市" and rep.meta.level == LEVEL_UNDETERMINED
    assert any("机关级别未确定" in e.text for e in result.log.of_kind("missing"))
    rules = pytest.importorskip("gkdesk.core.rules")
    rules.validate(rep)  # runs without a level


def test_known_level_from_the_name():
    rep = import_text("某某县某某镇人民政府2023年政府信息公开工作年度报告\n" + BODY).report
    assert rep.meta.level == "township"


def test_year_from_the_opening_sentence():
    rep = import_text("一、总体情况\n2023年，我局认真贯彻落实条例。\n五、存在的主要问题及改进情况\n问题。\n").report
    assert rep.meta.year == 2023


def test_breadcrumbs_and_page_marks_stay_out_of_name_and_narrative():
    text = ("首页 > 政府信息公开 > 年度报告 某某县某某局2023年政府信息公开工作年度报告\n"
            "一、总体情况\n今年做了很多工作，\nPage8-\n继续做好公开。\nP. 9\n五、存在的主要问题及改进情况\n问题。\n")
    rep = import_text(text).report
    assert rep.meta.org_name == "某某县某某局" and rep.meta.year == 2023
    assert "Page" not in rep.overview_text() and "P. 9" not in rep.overview_text()
    assert "首页" not in rep.overview_text()


def test_sentence_inside_a_subsection_heading_line_is_text_and_checked():
    text = ("某某镇2023年政府信息公开工作年度报告\n一、总体情况\n（一）主动公开\n今年公开了信息。\n"
            "（三）政府信息管理情况 2022年,我镇规范审查程序。加强源头管理。\n五、存在的主要问题及改进情况\n问题。\n")
    rep = import_text(text).report
    sub = rep.overview[1]
    assert sub.title == "（三）政府信息管理情况" and sub.text.startswith("2022年,我镇")
    rules = pytest.importorskip("gkdesk.core.rules")
    assert any(i.rule == "TXT-YEAR" and i.field == "overview.2.text" for i in rules.validate(rep))
