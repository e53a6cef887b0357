"""工具 → 校验设置…: deadlines, fee threshold and repetition change the issues at once, are kept, 恢复默认, bad dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from gkdesk.core.record import replace
from gkdesk.gui import style
from gkdesk.gui import validation_settings as vs

TODAY = date(2025, 1, 10)  # 21 days before the default deadline of the 2024 example


def deadline_message(window) -> str:
    (issue,) = [i for i in window.doc.issues if i.rule == "DEADLINE"]
    return issue.message


def fee_issues(window) -> list:
    return [i for i in window.doc.issues if i.rule == "NUM-FEE-UNIT"]


@pytest.fixture
def pinned(window):
    """The example window, checked as on TODAY (the user's settings loaded first)."""
    window.doc.settings = replace(window.doc.settings, today=TODAY)
    window.doc.revalidate()
    return window


def open_dialog(window, qtbot):
    window.act_validation_settings.trigger()
    dlg = window.validation_settings_dialog
    assert dlg is not None and dlg.isVisible()
    qtbot.waitExposed(dlg)
    return dlg


def click(dlg, button) -> None:
    dlg.buttons.button(button).click()


def test_menu_entry_under_tools(window):
    tools = next(a.menu() for a in window.menuBar().actions() if a.text() == "工具(&T)")
    assert window.act_validation_settings in tools.actions()
    assert window.act_validation_settings.text() == "校验设置(&S)…"


def test_dialog_shows_the_spec_defaults_and_the_format_note(pinned, qtbot):
    dlg = open_dialog(pinned, qtbot)
    assert dlg.windowTitle() == "校验设置"
    assert dlg.deadline.value() == (1, 31)
    assert dlg.government_deadline.value() == (3, 31)
    assert dlg.fee_township.value() == 1000 and dlg.fee_other.value() == 100000
    assert dlg.duplicate.value() == 50
    texts = [lbl.text() for lbl in dlg.findChildren(type(dlg.error_label))]
    fmt = pinned.doc.report.format
    assert fmt.parameters["deadline_note"] in texts
    assert "当前报告的机关级别是“乡镇人民政府、街道办事处”：截止日期适用“部门和乡镇、街道”，" \
           "收费金额提醒适用“乡镇人民政府、街道办事处”。" in texts
    click(dlg, QDialogButtonBox.StandardButton.Cancel)


def test_changing_the_deadline_changes_the_issue_at_once(pinned, qtbot):
    assert "2025年1月31日前" in deadline_message(pinned) and "还有21天" in deadline_message(pinned)
    dlg = open_dialog(pinned, qtbot)
    dlg.deadline.month.setValue(2)
    dlg.deadline.day.setValue(20)
    click(dlg, QDialogButtonBox.StandardButton.Ok)
    assert not dlg.isVisible()
    assert "2025年2月20日前" in deadline_message(pinned) and "还有41天" in deadline_message(pinned)
    # the panel and the status bar follow
    messages = [item.data(0, Qt.ItemDataRole.UserRole + 1).message for item in pinned.issues_panel.issue_items()]
    assert any("2025年2月20日前" in m for m in messages)
    assert "重新校验" in pinned.statusBar().currentMessage()


def test_a_late_report_becomes_in_time(pinned, qtbot):
    pinned.doc.settings = replace(pinned.doc.settings, today=date(2025, 2, 10))
    pinned.doc.revalidate()
    assert "已超过截止日期10天" in deadline_message(pinned)
    before = pinned.doc.counts()["warning"]
    dlg = open_dialog(pinned, qtbot)
    dlg.deadline.month.setValue(2)
    dlg.deadline.day.setValue(20)
    click(dlg, QDialogButtonBox.StandardButton.Ok)
    assert "距截止日还有10天" in deadline_message(pinned)
    assert pinned.doc.counts()["warning"] == before - 1
    assert f"警告 {before - 1}" in pinned.counts_label.text()


def test_fee_threshold_adds_and_removes_the_warning_and_the_cell_colour(pinned, qtbot):
    pinned.doc.report.set_raw("t2", "fees", "amount_wanyuan", Decimal("500"))
    pinned.doc.revalidate()
    tab = pinned.table_tabs["t2"]
    idx = tab.model.index_of("fees", "amount_wanyuan")
    assert fee_issues(pinned) == []
    assert tab.model.data(idx, Qt.ItemDataRole.BackgroundRole).color() == style.INPUT_BG

    dlg = open_dialog(pinned, qtbot)
    dlg.fee_township.setValue(500)
    click(dlg, QDialogButtonBox.StandardButton.Ok)
    (warn,) = fee_issues(pinned)
    assert "500万元" in warn.message and warn.table == "t2"
    assert tab.model.data(idx, Qt.ItemDataRole.BackgroundRole).color() == style.SEVERITY_BG["warning"]
    assert "500万元" in tab.model.data(idx, Qt.ItemDataRole.ToolTipRole)

    dlg = open_dialog(pinned, qtbot)
    assert dlg.fee_township.value() == 500  # the dialog shows what is in force
    dlg.fee_township.setValue(501)
    click(dlg, QDialogButtonBox.StandardButton.Ok)
    assert fee_issues(pinned) == []
    assert tab.model.data(idx, Qt.ItemDataRole.BackgroundRole).color() == style.INPUT_BG


def test_other_levels_threshold_applies_to_a_department(pinned, qtbot):
    pinned.doc.report.meta.level = "county_dept"
    pinned.doc.report.set_raw("t2", "fees", "amount_wanyuan", Decimal("2000"))
    pinned.doc.revalidate()
    assert fee_issues(pinned) == []  # below 100000 万元
    dlg = open_dialog(pinned, qtbot)
    dlg.fee_other.setValue(2000)
    click(dlg, QDialogButtonBox.StandardButton.Ok)
    assert len(fee_issues(pinned)) == 1


def test_repetition_threshold(pinned, qtbot, example_report):
    from gkdesk.core.edits import SetLastYear
    from gkdesk.core.lastyear import last_year_from

    pinned.doc.apply(SetLastYear(last_year_from(example_report)))  # the same text: 100 % repeated
    assert any(i.rule == "TXT-DUP" for i in pinned.doc.issues)
    dlg = open_dialog(pinned, qtbot)
    dlg.duplicate.setValue(100)
    click(dlg, QDialogButtonBox.StandardButton.Ok)
    assert not any(i.rule == "TXT-DUP" for i in pinned.doc.issues)


def test_settings_are_kept_for_the_next_window(pinned, qtbot, make_window, report_file, settings):
    dlg = open_dialog(pinned, qtbot)
    dlg.deadline.month.setValue(2)
    dlg.deadline.day.setValue(20)
    dlg.government_deadline.set_value((4, 30))
    dlg.fee_township.setValue(500)
    dlg.duplicate.setValue(70)
    click(dlg, QDialogButtonBox.StandardButton.Ok)
    assert not dlg.isVisible()
    settings.sync()

    second = make_window(report_file)  # same QSettings file, a new window (the next start of the program)
    s = second.doc.settings
    assert (s.deadline_month, s.deadline_day) == (2, 20)
    assert (s.government_deadline_month, s.government_deadline_day) == (4, 30)
    assert s.fee_unit_thresholds == {"township": 500}
    assert s.duplicate_ratio_warn == pytest.approx(0.7)
    dlg2 = open_dialog(second, qtbot)
    assert dlg2.deadline.value() == (2, 20) and dlg2.fee_township.value() == 500 and dlg2.duplicate.value() == 70
    click(dlg2, QDialogButtonBox.StandardButton.Cancel)


def test_restore_defaults(pinned, qtbot, settings):
    pinned.apply_validation_choices(vs.ValidationChoices((2, 20), (4, 30), 500, 800, 70))
    assert "2025年2月20日前" in deadline_message(pinned)
    dlg = open_dialog(pinned, qtbot)
    assert dlg.deadline.value() == (2, 20)
    dlg.restore_button.click()
    assert dlg.isVisible()  # only the fields change; 确定 keeps them
    assert dlg.deadline.value() == (1, 31) and dlg.government_deadline.value() == (3, 31)
    assert (dlg.fee_township.value(), dlg.fee_other.value(), dlg.duplicate.value()) == (1000, 100000, 50)
    click(dlg, QDialogButtonBox.StandardButton.Ok)
    assert "2025年1月31日前" in deadline_message(pinned)
    settings.sync()
    settings.beginGroup(vs.VALIDATION_GROUP)
    assert settings.childKeys() == []  # nothing but the defaults: nothing stored
    settings.endGroup()


def test_invalid_date_is_refused_with_a_message(pinned, qtbot, settings):
    dlg = open_dialog(pinned, qtbot)
    dlg.deadline.month.setValue(2)
    dlg.deadline.day.setValue(30)
    click(dlg, QDialogButtonBox.StandardButton.Ok)
    assert dlg.isVisible()
    assert dlg.error_label.isVisible()
    assert "“2月30日”不存在：2月没有30日" in dlg.error_label.text()
    assert "部门和乡镇、街道" in dlg.error_label.text()
    assert dlg.focusWidget() is dlg.deadline.day  # the wrong day is selected for retyping
    assert "2025年1月31日前" in deadline_message(pinned)  # nothing applied
    assert vs.load_validation_choices(settings, pinned.doc.report.format).deadline == (1, 31)
    dlg.government_deadline.day.setValue(31)
    dlg.government_deadline.month.setValue(4)  # 4月31日 does not exist either
    dlg.deadline.day.setValue(28)
    assert not dlg.error_label.isVisible()  # changing a date clears the message
    click(dlg, QDialogButtonBox.StandardButton.Ok)
    assert dlg.isVisible() and "“4月31日”不存在" in dlg.error_label.text()
    assert "县级以上人民政府" in dlg.error_label.text()
    dlg.government_deadline.day.setValue(30)
    click(dlg, QDialogButtonBox.StandardButton.Ok)
    assert not dlg.isVisible()
    assert "2025年2月28日前" in deadline_message(pinned)


def test_cancel_changes_nothing(pinned, qtbot, settings):
    dlg = open_dialog(pinned, qtbot)
    dlg.deadline.day.setValue(5)
    click(dlg, QDialogButtonBox.StandardButton.Cancel)
    assert "2025年1月31日前" in deadline_message(pinned)
    assert vs.load_validation_choices(settings, pinned.doc.report.format).deadline == (1, 31)


def test_keyboard_only(pinned, qtbot):
    dlg = open_dialog(pinned, qtbot)
    dlg.activateWindow()
    qtbot.waitUntil(lambda: dlg.deadline.month.hasFocus())
    month = dlg.deadline.month
    month.selectAll()
    qtbot.keyClicks(month, "2")
    qtbot.keyClick(month, Qt.Key.Key_Tab)
    assert dlg.focusWidget() is dlg.deadline.day  # the wrong day is selected for retyping
    dlg.deadline.day.selectAll()
    qtbot.keyClicks(dlg.deadline.day, "20")
    qtbot.keyClick(dlg.deadline.day, Qt.Key.Key_Return)  # Enter is 确定
    assert not dlg.isVisible()
    assert "2025年2月20日前" in deadline_message(pinned)


def test_damaged_settings_fall_back_to_defaults(make_window, report_file, settings):
    settings.beginGroup(vs.VALIDATION_GROUP)
    for key, value in {"deadline": "2-30", "government_deadline": "junk", "fee_threshold_township": "-1",
                       "fee_threshold_other": "abc", "duplicate_percent": "500"}.items():
        settings.setValue(key, value)
    settings.endGroup()
    settings.sync()
    window = make_window(report_file)
    s = window.doc.settings
    assert (s.deadline_month, s.deadline_day, s.government_deadline_month, s.government_deadline_day) == (1, 31, 3, 31)
    assert s.fee_unit_thresholds == {} and s.duplicate_ratio_warn == 0.5


def test_settings_are_read_only_when_first_checked(make_window, report_file, monkeypatch):
    calls = []
    real = vs.load_validation_settings
    monkeypatch.setattr(vs, "load_validation_settings", lambda *a, **k: calls.append(1) or real(*a, **k))
    window = make_window()
    assert calls == []  # building the window does not read them
    window.doc.revalidate()
    window.doc.revalidate()
    assert calls == [1]


def test_consolidation_and_import_check_with_the_same_settings(pinned, example_report):
    example_report.set_raw("t2", "fees", "amount_wanyuan", Decimal("500"))
    assert not any(i.rule == "NUM-FEE-UNIT" for i in pinned.validate_with_settings(example_report))
    pinned.apply_validation_choices(vs.ValidationChoices((1, 31), (3, 31), 500, 100000, 50))
    assert any(i.rule == "NUM-FEE-UNIT" for i in pinned.validate_with_settings(example_report))


def test_dialog_says_which_rows_apply_to_a_county_government(pinned, qtbot):
    pinned.doc.report.meta.level = "county_gov"
    dlg = open_dialog(pinned, qtbot)
    texts = [lbl.text() for lbl in dlg.findChildren(type(dlg.error_label))]
    assert "当前报告的机关级别是“县级人民政府”：截止日期适用“县级以上人民政府”，收费金额提醒适用“其他各级机关”。" in texts
    click(dlg, QDialogButtonBox.StandardButton.Cancel)


def test_year_over_year_thresholds_saved_and_used(tmp_path):
    from dataclasses import replace as dc_replace

    from PySide6.QtCore import QSettings

    from gkdesk.core.format import load_format
    from gkdesk.gui.validation_settings import (
        core_settings,
        default_validation_choices,
        load_validation_choices,
        save_validation_choices,
    )

    fmt = load_format()
    d = default_validation_choices(fmt)
    assert (d.yoy_percent, d.yoy_min_change, d.correct_points) == (100, 10, 30)  # the format's plausibility
    qs = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    save_validation_choices(qs, dc_replace(d, yoy_percent=50, yoy_min_change=5), fmt)
    got = load_validation_choices(qs, fmt)
    assert (got.yoy_percent, got.yoy_min_change, got.correct_points) == (50, 5, 30)
    s = core_settings(got, fmt)
    assert (s.yoy_ratio, s.yoy_min_change, s.yoy_correct_rate_points) == (0.5, 5, 30)
