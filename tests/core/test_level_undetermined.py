"""机关级别 undetermined ("" = LEVEL_UNDETERMINED): kept by storage, LEVEL-UNSET in validation, no rule guesses a level."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from gkdesk.core import storage
from gkdesk.core.errors import ReportFileError
from gkdesk.core.issues import Settings
from gkdesk.core.report import LEVEL_UNDETERMINED, LEVEL_UNDETERMINED_LABEL
from gkdesk.core.rules import validate

S = Settings(today=date(2025, 1, 10))


def of(report, rule, settings=S):
    return [i for i in validate(report, settings) if i.rule == rule]


@pytest.fixture
def undetermined(example_report):
    example_report.meta.level = LEVEL_UNDETERMINED
    return example_report


# --- storage ----------------------------------------------------------------------------------------------------
def test_empty_level_loads_as_undetermined_and_saves_back_as_empty(tmp_path, undetermined):
    path = tmp_path / "x.gkreport"
    storage.save(undetermined, path)
    assert json.loads(path.read_text(encoding="utf-8"))["meta"]["level"] == ""
    again = storage.load(path)
    assert again.meta.level == LEVEL_UNDETERMINED
    storage.save(again, path)
    assert json.loads(path.read_text(encoding="utf-8"))["meta"]["level"] == ""


def test_absent_level_is_undetermined_not_township(tmp_path, example_path):
    doc = json.loads(example_path.read_text(encoding="utf-8"))
    del doc["meta"]["level"]
    path = tmp_path / "x.gkreport"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert storage.load(path).meta.level == LEVEL_UNDETERMINED


@pytest.mark.parametrize("bad", ["village", "未确定", 3])
def test_unknown_level_is_still_an_error(tmp_path, example_path, bad):
    doc = json.loads(example_path.read_text(encoding="utf-8"))
    doc["meta"]["level"] = bad
    path = tmp_path / "x.gkreport"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ReportFileError, match="机关级别"):
        storage.load(path)


def test_level_label(undetermined):
    assert undetermined.level_label == LEVEL_UNDETERMINED_LABEL == "未确定"
    undetermined.meta.level = "township"
    assert undetermined.level_label == "乡镇人民政府、街道办事处"


# --- validation -------------------------------------------------------------------------------------------------
def test_level_unset_is_one_error_at_the_level_field(undetermined):
    issues = validate(undetermined, S)
    level_issues = [i for i in issues if i.field == "level"]
    assert [(i.rule, i.severity) for i in level_issues] == [("LEVEL-UNSET", "error")]
    assert level_issues[0].message == ("尚未确定机关级别。请在“基本信息”中选择本机关的级别：截止日期、收费金额提醒等按级别判断。")
    assert issues[0].rule == "LEVEL-UNSET"  # the first error: everything level-dependent waits for it
    undetermined.meta.level = "township"
    assert of(undetermined, "LEVEL-UNSET") == []


def test_unknown_key_in_memory_is_still_meta(undetermined):
    undetermined.meta.level = "village"
    assert of(undetermined, "LEVEL-UNSET") == [] and [i.field for i in of(undetermined, "META")] == ["level"]


def test_level_dependent_rules_do_not_guess(undetermined):
    undetermined.set_raw("t2", "fees", "amount_wanyuan", Decimal(5000))  # 乡镇: NUM-FEE-UNIT
    undetermined.set_raw("t2", "rules", "issued", 1)  # 乡镇: T2-RULE-LEVEL error
    township = undetermined.copy()
    township.meta.level = "township"
    rules_township = {i.rule for i in validate(township, S)}
    assert {"NUM-FEE-UNIT", "T2-RULE-LEVEL", "TXT-SUPERVISION"} <= rules_township
    rules = {i.rule for i in validate(undetermined, S)}
    assert not {"NUM-FEE-UNIT", "T2-RULE-LEVEL", "TXT-SUPERVISION"} & rules
    assert "LEVEL-UNSET" in rules


def test_generic_body_is_not_foreign_while_level_is_undetermined(undetermined):
    undetermined.section6 += "本年度收到向市人民政府提出的申请0件。"
    township = undetermined.copy()
    township.meta.level = "township"
    assert any("市人民政府" in i.message for i in of(township, "TXT-SELF"))
    assert of(undetermined, "TXT-SELF") == []


@pytest.mark.parametrize(("publish", "today", "expected"), [
    (date(2025, 2, 20), None, None),  # late for a 乡镇 (1月31日), in time for a 县级政府 (3月31日): cannot say
    (date(2025, 4, 2), None, "无论本机关是哪一级别，都应于2025年3月31日前公开本年度报告，发布日期2025年4月2日已超过2天。"),
    (date(2024, 12, 1), None, "发布日期2024年12月1日在统计期限结束（2024年12月31日）之前，请核实发布日期。"),
    (None, date(2025, 1, 10), None),  # no reminder that would name one level's deadline
    (None, date(2025, 2, 20), None),
    (None, date(2025, 4, 1), "无论本机关是哪一级别，都应于2025年3月31日前公开本年度报告，已超过1天。如已发布，请填写发布日期。"),
])
def test_deadline_only_says_what_holds_for_every_level(undetermined, publish, today, expected):
    undetermined.meta.publish_date = publish
    issues = of(undetermined, "DEADLINE", Settings(today=today or date(2025, 5, 1)))
    assert [i.message for i in issues] == ([expected] if expected else [])
    assert all(i.severity == "warning" and i.field == "publish_date" for i in issues)


def test_deadline_with_equal_settings_is_the_usual_rule(undetermined):
    same = Settings(today=date(2025, 1, 10), government_deadline_month=1, government_deadline_day=31)
    (hint,) = of(undetermined, "DEADLINE", same)
    assert hint.severity == "hint" and "2025年1月31日" in hint.message
