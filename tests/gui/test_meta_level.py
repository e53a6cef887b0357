"""基本信息 tab, 机关级别 undetermined: the combo prompts （未确定，请选择） and is marked; choosing is one undoable edit;
after 文件 → 导入 of a report whose level could not be told, the window opens on 基本信息 with LEVEL-UNSET in the panel."""

from __future__ import annotations

from gkdesk.core import storage
from gkdesk.core.importers import import_text
from gkdesk.core.report import LEVEL_UNDETERMINED
from gkdesk.gui.issues_panel import ISSUE_ROLE
from gkdesk.gui.main_window import BASIC_TAB
from gkdesk.gui.meta_tab import LEVEL_PROMPT

BODY = "一、总体情况\n今年做了很多工作。\n五、存在的主要问题及改进情况\n问题和措施。\n"


def _level_issues(combo):
    return [i.rule for i in combo._issue_state]


def test_undetermined_level_prompts_and_choosing_is_one_undo_step(make_window, tmp_path, example_report):
    example_report.meta.level = LEVEL_UNDETERMINED
    path = tmp_path / "x.gkreport"
    storage.save(example_report, path)
    window = make_window(path)
    combo = window.meta_tab.level
    assert combo.currentText() == LEVEL_PROMPT == "（未确定，请选择）"
    assert combo.count() == len(example_report.format.levels) + 1
    assert _level_issues(combo) == ["LEVEL-UNSET"] and "尚未确定机关级别" in combo.toolTip()
    combo.setCurrentIndex(combo.findData("county_dept"))
    assert window.doc.report.meta.level == "county_dept"
    assert window.doc.stack.count() == 1
    assert combo.findData(LEVEL_UNDETERMINED) == -1 and combo.currentText() == "县级政府部门"
    assert _level_issues(combo) == [] and "LEVEL-UNSET" not in {i.rule for i in window.doc.issues}
    window.doc.stack.undo()
    assert window.doc.report.meta.level == LEVEL_UNDETERMINED
    assert combo.currentText() == LEVEL_PROMPT and _level_issues(combo) == ["LEVEL-UNSET"]
    window.doc.stack.redo()
    assert combo.currentText() == "县级政府部门" and combo.count() == len(example_report.format.levels)


def test_other_edits_keep_the_level_undetermined(make_window, tmp_path, example_report):
    example_report.meta.level = LEVEL_UNDETERMINED
    path = tmp_path / "x.gkreport"
    storage.save(example_report, path)
    window = make_window(path)
    tab = window.meta_tab
    tab.year.setValue(2023)  # one edit; the tab refreshes with the prompt already there
    assert window.doc.stack.count() == 1 and window.doc.report.meta.level == LEVEL_UNDETERMINED
    assert tab.level.currentText() == LEVEL_PROMPT and tab.level.findData(LEVEL_UNDETERMINED) == 0
    assert tab.level.count() == len(example_report.format.levels) + 1  # one prompt, not one per refresh
    window.doc.stack.undo()
    assert window.doc.report.meta.level == LEVEL_UNDETERMINED and tab.level.currentText() == LEVEL_PROMPT


def test_known_level_has_no_prompt(window):
    combo = window.meta_tab.level
    assert combo.findData(LEVEL_UNDETERMINED) == -1 and combo.currentData() == window.doc.report.meta.level


def test_after_import_the_clerk_sees_the_prompt(make_window, monkeypatch):
    import gkdesk.gui.import_dialog as idlg

    imported = import_text("2022年上海市政府信息公开工作年度报告\n" + BODY).report
    assert imported.meta.level == LEVEL_UNDETERMINED
    monkeypatch.setattr(idlg, "import_report", lambda *args, **kwargs: imported)
    window = make_window()
    window.doc.stack.setClean()
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    window.import_report()
    assert window.tabs.currentWidget() is window.meta_tab
    assert window.tabs.tabText(window.tabs.currentIndex()).startswith(BASIC_TAB)
    combo = window.meta_tab.level
    assert combo.currentText() == LEVEL_PROMPT and _level_issues(combo) == ["LEVEL-UNSET"]
    panel = [it.data(0, ISSUE_ROLE) for it in window.issues_panel.issue_items()]
    assert "LEVEL-UNSET" in {i.rule for i in panel if i is not None}


def test_a_cell_edit_leaves_basic_info_alone_and_a_meta_edit_or_its_undo_shows(make_window, tmp_path,
                                                                              example_report) -> None:
    """基本信息 is not refreshed after an edit of table cells only (MetaTab.refresh), and still follows every edit
    that does touch it, undo included."""
    from gkdesk.core.edits import set_cell, set_meta

    path = tmp_path / "x.gkreport"
    storage.save(example_report, path)
    window = make_window(path)
    meta = window.meta_tab
    meta.preview.setText("sentinel")  # a refresh would overwrite it
    window.doc.apply(set_cell("t3", "new", "natural", 7))
    assert meta.preview.text() == "sentinel"
    window.doc.apply(set_meta("org_name", "某某县人民政府办公室"))
    assert "某某县人民政府办公室" in meta.preview.text() and meta.org_name.text() == "某某县人民政府办公室"
    window.doc.apply(set_cell("t3", "new", "natural", 8))
    window.doc.stack.undo()
    window.doc.stack.undo()  # the name's edit undone after a cell edit's undo
    assert meta.org_name.text() == example_report.meta.org_name
    assert example_report.meta.org_name in meta.preview.text()
