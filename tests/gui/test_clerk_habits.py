"""Issue 13, one test per item: calm start, refusal at the cell, clipboard import first, renumbered subsections,
undo that shows what changed, groups reopened, file dialogs (last folder, one name, title as export name), the guide
(F1) and plain-Chinese issues, the 编辑 menu, the title preview, Esc on 导出完成."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

ROOT = Path(__file__).resolve().parents[2]


def test_new_report_starts_calm_with_one_visible_fill_zero(make_window, qtbot, type_cell):
    window = make_window()  # a new, blank report
    window.doc.revalidate()
    blanks = [i for i in window.doc.all_issues if i.rule == "NUM-BLANK"]
    assert len(blanks) > 100 and not [i for i in window.doc.issues if i.rule == "NUM-BLANK"]
    assert window.doc.counts()["error"] < 10  # not a wall of red
    panel = window.issues_panel
    assert not panel.calm_bar.isHidden() and panel.fill_zero_button.isVisibleTo(panel)
    assert f"还有 {len(blanks)} 个格子待填" in panel.calm_label.text()
    # a touched cell is checked: typing text there shows its error at once
    tab = window.select_section("s3")
    idx = tab.model.index_of("new", "natural")
    type_cell(tab.view, idx, "5")
    tab.view.setCurrentIndex(idx)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)  # cleared again: now it is the clerk's blank
    assert [i for i in window.doc.issues if i.rule == "NUM-BLANK" and i.row == "new" and i.column == "natural"]
    panel.fill_zero_button.click()  # the one visible action
    assert not [i for i in window.doc.all_issues if i.rule == "NUM-BLANK"]


def test_export_shows_every_issue_of_a_calm_start(make_window, monkeypatch):
    import gkdesk.gui.export_actions as export_actions

    window = make_window()
    window.doc.revalidate()
    hidden = window.doc.held_back
    assert hidden > 0
    seen = []
    monkeypatch.setattr(export_actions, "export_report", lambda parent, report, kind, issues, path: seen.append(issues))
    window.export("pdf")
    assert len(seen[0]) == len(window.doc.all_issues) and window.doc.held_back == 0 and not window.doc.calm


def test_refused_input_is_shown_at_the_cell_and_cleared_when_fixed(window, qtbot, type_cell):
    tab = window.select_section("s3")
    view, model = tab.view, tab.model
    messages = []
    view.message.connect(messages.append)
    idx = model.index_of("new", "natural")
    for bad in ("abc", "-1", "1.5"):
        type_cell(view, idx, bad)
        assert model.refusal_at(idx.row(), idx.column()), bad
        assert "刚才的输入未被接受" in model.data(idx, Qt.ItemDataRole.ToolTipRole)
    type_cell(view, idx, "3")
    assert model.refusal_at(idx.row(), idx.column()) is None and messages[-1] == ""
    QGuiApplication.clipboard().setText("2件")
    view.setCurrentIndex(idx)
    view.paste_clipboard()
    assert "2件" in (model.refusal_at(idx.row(), idx.column()) or "")


def test_clipboard_import_is_first_class_with_one_wording(window):
    from gkdesk.gui.import_dialog import ImportDialog

    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert texts.index("从剪贴板导入(&B)") < texts.index("导入(&I)…")
    dlg = ImportDialog(window)
    first = dlg.findChildren(type(dlg.btn_paste))[0]
    assert first is dlg.btn_paste and first.text() == "从剪贴板导入"
    dlg.deleteLater()
    sources = [p.read_text(encoding="utf-8") for p in (ROOT / "gkdesk").rglob("*.py")]
    assert not [s for s in sources if "粘贴文字导入" in s or "pdftotext" in s]


def test_subsections_renumber_after_add_move_delete_and_keep_bold(window, monkeypatch):
    from gkdesk.gui.text_tabs import renumbered

    assert renumbered(["（三）主动公开", "（五）依申请公开", "平台建设"]) == [
        "（一）主动公开", "（二）依申请公开", "（三）平台建设"]
    assert renumbered(["主动公开", "依申请公开"]) == ["主动公开", "依申请公开"]  # unnumbered titles stay
    tab = window.select_section("s1")
    report = window.doc.report
    tab.add()
    n = len(report.overview)
    assert report.overview[-1].title.startswith(f"({'一二三四五六七八九十'[n - 1]})") or report.overview[-1].title[1] \
        == "一二三四五六七八九十"[n - 1]
    asked = []
    monkeypatch.setattr("gkdesk.gui.dialogs.ask_yes_no", lambda parent, title, text: asked.append(text) or True)
    tab.remove(0)  # has text: asked first
    assert asked and "撤销" in asked[0]
    numbers = [t.title.lstrip("（(").strip()[0] for t in report.overview]
    assert numbers == list("一二三四五六七八九十"[: len(numbers)])
    box = tab.boxes[0]
    box.title_edit.set_issues([__import__("gkdesk.core.issues", fromlist=["Issue"]).Issue(
        "SEC-HEAD", "warning", "测试", field="overview.0.title")])
    assert "bold" in box.title_edit.styleSheet() and box.title_edit.font().bold()


def test_undo_goes_to_the_changed_cell_selects_it_and_says_what(window, type_cell):
    tab = window.select_section("s3")
    idx = tab.model.index_of("partial", "research")
    type_cell(tab.view, idx, "7")
    window.select_section("meta")
    window.act_undo.trigger()
    assert window.tabs.currentIndex() == window.tab_keys.index("s3")
    assert tab.view.currentIndex() == idx and tab.view.selectionModel().isSelected(idx)
    message = window.statusBar().currentMessage()
    assert message.startswith("已撤销") and "科研机构" in message
    window.act_redo.trigger()
    assert window.statusBar().currentMessage().startswith("已重做")


def test_a_collapsed_error_group_opens_again_in_the_next_report(window, report_file):
    window.doc.revalidate()
    top = window.issues_panel._groups["error"]
    top.setExpanded(False)
    assert window.open_path(report_file)
    assert top.isExpanded()


def test_file_dialogs_start_in_the_last_folder_and_name_exports_from_the_title(window, tmp_path, monkeypatch):
    from gkdesk.gui import file_dialogs

    seen = {}

    def fake_run(dlg, parent):
        seen["dir"] = dlg.directory().absolutePath()
        seen["filters"] = dlg.nameFilters()
        return [str(tmp_path / "选的" / "x.gkreport")]

    (tmp_path / "选的").mkdir()
    monkeypatch.setattr(file_dialogs, "_run", lambda dlg, parent: (file_dialogs.app_settings.remember_folder(
        file_dialogs.settings_of(parent), fake_run(dlg, parent)[0]) or fake_run(dlg, parent)))
    file_dialogs.open_file(window, "打开年度报告", file_dialogs.REPORT_FILTER)
    file_dialogs.open_file(window, "打开年度报告", file_dialogs.REPORT_FILTER)
    assert seen["dir"] == str(tmp_path / "选的") and seen["filters"] == ["gkdesk 年度报告 (*.gkreport)"]
    assert window._suggested_path(".pdf") == tmp_path / "选的" / f"{window.doc.report.title}.pdf"
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "gkdesk" / "gui").glob("*.py"))
    assert "gkdesk 报告 (" not in sources  # one name for the file type


def test_f1_opens_the_guide_at_the_current_page_and_issues_read_as_chinese(window):
    window.select_section("s3")
    help_window = window.show_help()
    assert help_window.page == "s3" and "键盘填表" in help_window.browser.toPlainText()
    help_window.show_page("rules")
    assert "第三部分各列收支平衡" in help_window.browser.toPlainText()
    help_window.close()
    window.doc.revalidate()
    items = window.issues_panel.issue_items()
    assert items
    for item in items:
        issue = item.data(0, Qt.ItemDataRole.UserRole + 1)
        shown = [item.text(c) for c in range(3)]
        assert issue.rule not in shown  # the code only in the tooltip
        assert f"规则代码 {issue.rule}" in item.toolTip(0) and "这项检查" in item.toolTip(0)


def test_edit_menu_copy_paste_clear(window):
    edit_menu = window.menuBar().actions()[1].menu()
    texts = [a.text() for a in edit_menu.actions()]
    assert {"复制(&C)", "粘贴(&P)", "清除(&L)"} <= set(texts)
    tab = window.select_section("s3")
    view, model = tab.view, tab.model
    view.setCurrentIndex(model.index_of("new", "natural"))
    tab.view.setFocus()
    value = window.doc.report.raw("t3", "new", "natural")
    window.act_copy.trigger()
    assert QGuiApplication.clipboard().text() == str(value)
    window.act_clear.trigger()
    assert window.doc.report.raw("t3", "new", "natural") is None
    window.act_paste.trigger()
    assert window.doc.report.raw("t3", "new", "natural") == value


def test_title_preview_shows_both_lines(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    preview = window.meta_tab.preview
    assert preview.height() >= 2 * preview.fontMetrics().lineSpacing()


def test_escape_closes_the_export_done_box(qtbot, tmp_path):
    from gkdesk.gui.export_actions import show_export_done

    def press_escape():
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(0, press_escape)
    show_export_done(None, "pdf", tmp_path / "报告.pdf")  # returns: Esc closed it


def test_shift_f1_explains_the_check_of_the_selected_issue(window):
    window.doc.revalidate()
    item = window.issues_panel.issue_items()[0]
    window.issues_panel.tree.setCurrentItem(item)
    issue = item.data(0, Qt.ItemDataRole.UserRole + 1)
    help_window = window.show_rules_help()
    assert help_window.page == "rules" and f"规则代码：{issue.rule}" in help_window.browser.toPlainText()
    help_window.close()


def test_every_rule_of_the_core_has_a_chinese_explanation():
    import re

    from gkdesk.gui.help_window import rule_texts

    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "gkdesk" / "core" / "rules").glob("*.py"))
    codes = set(re.findall(r'ctx\.add\(\s*"([A-Z][A-Z0-9-]+)"', sources)) | set(
        re.findall(r'_add\(ctx, "([A-Z][A-Z0-9-]+)"', sources))
    assert len(codes) > 20
    texts = rule_texts()
    missing = sorted(c for c in codes if c not in texts)
    assert missing == [], f"resources/help/rules.json lacks {missing}"
    assert all(re.search(r"[\u4e00-\u9fff]", t["name"] + t["what"]) for t in texts.values())
