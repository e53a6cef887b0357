"""The menu actions that hand over to other modules (import, next year, export, 汇总) and the 新建 dialog."""

from __future__ import annotations

from pathlib import Path

from gkdesk.core import storage
from gkdesk.core.report import Report


def test_menus_are_chinese_with_shortcuts(window):
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[:2] == ["文件(&F)", "编辑(&E)"] and "工具(&T)" in menus and "帮助(&H)" in menus
    file_items = [a.text() for a in window.menuBar().actions()[0].menu().actions() if a.text()]
    for wanted in ("新建(&N)…", "打开(&O)…", "最近打开(&R)", "保存(&S)", "另存为(&A)…", "导入(&I)…",
                   "以此为基础新建下一年度(&Y)…", "导出 Excel(&E)…", "导出 PDF(&D)…", "打印(&P)…", "从剪贴板导入(&B)", "附加上年报告(&L)…", "退出(&X)"):
        assert wanted in file_items
    assert window.act_save.shortcut().toString() == "Ctrl+S"
    assert window.act_undo.shortcut().toString() == "Ctrl+Z"
    assert window.act_undo.text().startswith("撤销")


def test_import_opens_as_untitled_modified(window, monkeypatch):
    import gkdesk.gui.import_dialog as import_dialog

    imported = Report.new("某区人民政府", "county_gov", 2024)
    monkeypatch.setattr(import_dialog, "import_report", lambda parent, **kw: imported)
    window.import_report()
    assert window.doc.path is None and window.doc.modified
    assert window.doc.report.meta.org_name == "某区人民政府"
    assert window.windowTitle().startswith("未命名报告")


def test_import_cancelled_keeps_document(window, report_file, monkeypatch):
    import gkdesk.gui.import_dialog as import_dialog

    monkeypatch.setattr(import_dialog, "import_report", lambda parent, **kw: None)
    window.import_report()
    assert window.doc.path == report_file and not window.doc.modified


def test_next_year_from_this_report(window):
    year = window.doc.report.meta.year
    window.new_next_year()
    assert window.doc.report.meta.year == year + 1
    assert window.doc.path is None and window.doc.modified


def test_export_hands_over_report_issues_and_suggested_path(window, report_file, monkeypatch):
    import gkdesk.gui.export_actions as export_actions

    calls = []
    monkeypatch.setattr(export_actions, "export_report",
                        lambda parent, report, kind, issues, suggested: calls.append((parent, report, kind, issues,
                                                                                      suggested)))
    window.doc.revalidate()
    window.export("pdf")
    window.export("xlsx")
    parent, report, kind, issues, suggested = calls[0]
    assert parent is window and report is window.doc.report and kind == "pdf"
    # every issue (a calm start holds some back from the panel, never from an export); the name is the title
    assert issues == window.doc.all_issues
    assert suggested == report_file.parent / "秋渠乡2024年政府信息公开工作年度报告.pdf"
    assert calls[1][2] == "xlsx" and calls[1][4].suffix == ".xlsx"


def test_consolidate_dialog_can_open_its_result(window, tmp_path, example_path, monkeypatch):
    import gkdesk.gui.consolidate_dialog as consolidate_dialog

    result = tmp_path / "汇总.gkreport"
    storage.save(storage.load(example_path), result)

    def fake_exec(dialog):
        dialog.open_requested.emit(str(result))
        return 0

    monkeypatch.setattr(consolidate_dialog.ConsolidateDialog, "exec", fake_exec)
    window.consolidate()
    assert window.doc.path == Path(result)


def test_new_report_dialog_requires_org_name(qtbot):
    from gkdesk.gui.dialogs import NewReportDialog

    dlg = NewReportDialog(None, year=2025)
    qtbot.addWidget(dlg)
    dlg.accept()
    assert dlg.result() == 0 and "请填写机关全称" in dlg.error.text()
    dlg.org_name.setText("某某街道办事处")
    dlg.level.setCurrentIndex(dlg.level.findData("township"))
    dlg.accept()
    assert dlg.result() == 1
    assert dlg.values() == ("某某街道办事处", "township", 2025)


def test_drop_a_report_file_opens_it(window, tmp_path, example_path):
    from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    other = tmp_path / "拖入.gkreport"
    storage.save(storage.load(example_path), other)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.doc.path == other


def test_missing_file_on_command_line_is_explained(make_window, tmp_path, monkeypatch):
    from gkdesk.gui import dialogs
    from gkdesk.gui.launch import open_main_window

    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, msg: shown.append(msg))
    monkeypatch.setenv("GKDESK_DATA_DIR", str(tmp_path / "data"))
    window = open_main_window(str(tmp_path / "不存在.gkreport"), offer_recovery=False)
    try:
        assert shown and "找不到文件" in shown[0]
        assert window.doc.path is None
    finally:
        window.close()


def test_table_right_click_menu(window):
    view = window.table_tabs["t3"].view
    assert [a.text() for a in view.actions()] == ["复制", "粘贴", "清除所选单元格"]


def test_error_while_error_dialog_is_up_does_not_stack_dialogs(window, monkeypatch):
    import sys

    from PySide6.QtWidgets import QMessageBox

    boxes: list[str] = []

    def fake_exec(box):
        boxes.append(box.text())
        if len(boxes) == 1:  # a second error while the first dialog is shown
            try:
                raise ValueError("second")
            except ValueError:
                window.report_crash(*sys.exc_info())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    try:
        raise RuntimeError("first")
    except RuntimeError:
        window.report_crash(*sys.exc_info())
    assert len(boxes) == 1
