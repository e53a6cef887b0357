"""Document safety: save → reopen, the unsaved-changes prompt, files changed on disk, save errors, recent files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gkdesk.core import storage
from gkdesk.core.edits import set_cell, set_text
from gkdesk.core.report import Report
from gkdesk.gui import dialogs


def test_save_and_reopen_round_trip(make_window, report_file, tmp_path, settings):
    window = make_window(report_file)
    window.doc.apply(set_cell("t3", "new", "natural", 41))
    window.doc.apply(set_text("section6", "其他事项：无。"))
    assert window.windowTitle().startswith("报告.gkreport") and window.isWindowModified()
    target = tmp_path / "另存" / "新报告"
    target.parent.mkdir()
    assert window.save_to(target)
    saved = target.with_name("新报告.gkreport")
    assert window.doc.path == saved and not window.doc.modified and not window.isWindowModified()
    other = make_window(saved)
    assert other.doc.report.raw("t3", "new", "natural") == 41
    assert other.doc.report.section6 == "其他事项：无。"
    assert other.table_tabs["t3"].model.data(other.table_tabs["t3"].model.index_of("new", "natural")) == "41"
    assert str(saved.resolve()) in [a.statusTip() for a in other.recent_menu.actions()]


def test_save_keeps_backup_and_stays_clean(window, report_file):
    window.doc.apply(set_cell("t4", "review", "other", 2))
    assert window.save()
    assert report_file.with_name(report_file.name + ".bak").is_file()
    assert storage.load(report_file).raw("t4", "review", "other") == 2


@pytest.mark.parametrize("answer, closes, saved", [("save", True, True), ("discard", True, False),
                                                    ("cancel", False, False)])
def test_unsaved_changes_prompt_on_close(window, report_file, monkeypatch, answer, closes, saved):
    window.doc.apply(set_cell("t3", "new", "natural", 77))
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: asked.append(name) or answer)
    window.show()
    assert window.close() is closes
    assert asked == ["报告.gkreport"]
    assert (storage.load(report_file).raw("t3", "new", "natural") == 77) is saved
    if not closes:
        assert window.isVisible() and window.doc.report.raw("t3", "new", "natural") == 77


def test_unsaved_prompt_before_open_and_new(window, report_file, tmp_path, monkeypatch):
    window.doc.apply(set_cell("t3", "new", "natural", 5))
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: "cancel")
    assert not window.open_path(report_file)
    window.new_report()
    assert window.doc.report.raw("t3", "new", "natural") == 5 and window.doc.path == report_file
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: "discard")
    monkeypatch.setattr(dialogs, "ask_new_report", lambda parent: ("某某县某某镇人民政府", "township", 2025))
    window.new_report()
    assert window.doc.path is None and window.doc.report.meta.org_name == "某某县某某镇人民政府"
    assert window.doc.report.meta.year == 2025 and not window.doc.modified
    assert window.windowTitle().startswith("未命名报告")


def test_no_prompt_when_nothing_changed(window):
    window.show()
    assert window.close()  # the fixture fails on any dialog


def test_changed_on_disk_is_not_overwritten(window, report_file, tmp_path, monkeypatch):
    other = storage.load(report_file)
    other.section5 = "同事修改的内容"
    storage.save(other, report_file)
    window.doc.apply(set_cell("t3", "new", "natural", 9))
    offered: list[str] = []
    monkeypatch.setattr(dialogs, "ask_save_as_after_conflict", lambda parent, msg: offered.append(msg) or False)
    assert not window.save()
    assert "被其他人或程序修改过" in offered[0] and "另存为" in offered[0]
    assert storage.load(report_file).section5 == "同事修改的内容"
    assert window.doc.modified and window.doc.report.raw("t3", "new", "natural") == 9
    # accepting the offer saves to a new file
    target = tmp_path / "我的版本.gkreport"
    monkeypatch.setattr(dialogs, "ask_save_as_after_conflict", lambda parent, msg: True)
    monkeypatch.setattr("gkdesk.gui.file_dialogs.save_file", lambda *a, **k: str(target))
    assert window.save()
    assert storage.load(target).raw("t3", "new", "natural") == 9
    assert storage.load(report_file).section5 == "同事修改的内容"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="需要非 root 用户才能模拟只读文件夹")
def test_save_error_shows_message_and_keeps_data(make_window, tmp_path, monkeypatch):
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o500)
    window = make_window()
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, msg: shown.append(msg))
    window.doc.apply(set_text("section5", "正文"))
    assert not window.save_to(folder / "a.gkreport")
    assert "没有写入权限" in shown[0] and "没有丢失" in shown[0]
    assert window.doc.modified and window.doc.report.section5 == "正文"


def test_save_error_from_storage_is_shown(make_window, tmp_path, monkeypatch):
    from gkdesk.core.errors import SaveError

    window = make_window()
    window.doc.apply(set_text("section5", "正文"))
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, msg: shown.append(msg))

    def fail(*args, **kwargs):
        raise SaveError("磁盘空间不足，无法保存“a.gkreport”。原文件没有改动。")

    monkeypatch.setattr(storage, "save", fail)
    assert not window.save_to(tmp_path / "a.gkreport")
    assert "磁盘空间不足" in shown[0] and "没有丢失" in shown[0]
    assert window.doc.modified and window.doc.report.section5 == "正文"


def test_open_bad_file_says_why_and_keeps_document(window, tmp_path, monkeypatch, report_file):
    bad = tmp_path / "坏.gkreport"
    bad.write_bytes(b'{"format": "gkdesk.report", "version": 1, "meta": ')
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, msg: shown.append(msg))
    assert not window.open_path(bad)
    assert "已损坏或不完整" in shown[0]
    assert window.doc.path == report_file


def test_recent_files_menu_opens(make_window, report_file, settings):
    first = make_window(report_file)
    assert first.recent_menu.actions()[0].statusTip() == str(report_file.resolve())
    second = make_window()
    action = second.recent_menu.actions()[0]
    action.trigger()
    assert second.doc.path == Path(str(report_file.resolve()))


def test_recent_file_that_is_gone_is_forgotten(make_window, report_file, tmp_path, monkeypatch):
    first = make_window(report_file)
    moved = tmp_path / "改名.gkreport"
    report_file.rename(moved)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, msg: shown.append(msg))
    first.recent_menu.actions()[0].trigger()
    assert shown and "找不到文件" in shown[0]
    assert [a.text() for a in first.recent_menu.actions()] == ["（无）"]


def test_geometry_remembered(make_window, settings):
    first = make_window()
    first.show()
    first.issues_panel.hide()
    first.close()
    assert settings.value("geometry") is not None
    second = make_window()
    second.show()
    assert not second.issues_panel.isVisible()  # the dock layout came back as it was left


def test_window_title_marks_modified(make_window):
    window = make_window()
    window.doc.set_report(Report.new("甲镇人民政府", "township", 2024))
    assert not window.isWindowModified()
    window.doc.apply(set_text("section5", "x"))
    assert window.isWindowModified()
    window.doc.stack.undo()
    assert not window.isWindowModified()


def test_value_still_in_the_cell_editor_is_saved(window, report_file, qtbot):
    from PySide6.QtWidgets import QApplication

    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    tab = window.table_tabs["t3"]
    window.tabs.setCurrentWidget(tab.parentWidget())
    idx = tab.model.index_of("new", "research")
    tab.view.setCurrentIndex(idx)
    tab.view.edit(idx)
    editor = tab.view.indexWidget(idx)
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    editor.setText("17")  # typed, Return not pressed, then Ctrl+S
    assert window.save()
    assert storage.load(report_file).raw("t3", "new", "research") == 17
    assert not window.doc.modified


def test_close_with_value_in_editor_asks(window, monkeypatch, qtbot):
    from PySide6.QtWidgets import QApplication

    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    field = window.meta_tab.publish_date.edit
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    field.setText("2025年1月20日")
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: asked.append(name) or "cancel")
    assert not window.close()
    assert asked and window.doc.report.meta.publish_date is not None
