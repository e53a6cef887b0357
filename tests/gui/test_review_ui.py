"""核实 and bound figures in the window: 已核实 apart in the panel, undo; 插入表格数字 follows the table; 绑定."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog

from gkdesk.core import storage
from gkdesk.core.bindings import Ref
from gkdesk.core.edits import set_cell


def test_mark_explained_shows_apart_and_undoes(make_window, tmp_path, jumped_report, monkeypatch, qtbot):
    from gkdesk.gui import review_dialogs

    path = tmp_path / "2025.gkreport"
    storage.save(jumped_report, path)
    window = make_window(path)
    window.doc.revalidate()
    issue = next(i for i in window.doc.issues if i.rule == "YOY-NEW")
    warnings_before = window.doc.counts()["warning"]

    monkeypatch.setattr(review_dialogs.ExplainDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(review_dialogs.ExplainDialog, "text", lambda self: "土地确权，申请集中增加。")
    assert window.review.explain_issue(issue)
    assert issue not in window.doc.issues and window.doc.counts()["warning"] == warnings_before - 1
    items = window.issues_panel.explained_items()
    assert len(items) == 1 and items[0].text(0).startswith("【核实说明：土地确权")
    assert "已核实（1）" in window.issues_panel._groups["explained"].text(0)
    assert window.doc.modified

    window.act_undo.trigger()
    assert issue in window.doc.issues and window.issues_panel.explained_items() == []
    window.act_redo.trigger()
    assert len(window.issues_panel.explained_items()) == 1

    window.doc.apply(set_cell("t3", "new", "natural", 31))  # the figure changes: the warning is open again
    window.doc.apply(set_cell("t3", "open", "natural", 31))
    assert window.issues_panel.explained_items() == []
    assert any(i.rule == "YOY-NEW" for i in window.doc.issues)


def test_errors_cannot_be_marked(make_window, report_file, monkeypatch):
    from gkdesk.gui import review_actions

    window = make_window(report_file)
    window.doc.apply(set_cell("t3", "new", "natural", 5))
    err = next(i for i in window.doc.issues if i.severity == "error")
    shown = []
    monkeypatch.setattr(review_actions.QMessageBox, "information", lambda *a: shown.append(a[2]))
    assert not window.review.explain_issue(err)
    assert shown and "必须改正" in shown[0]


def test_insert_figure_follows_the_table_and_undo(make_window, report_file, monkeypatch, qtbot):
    from gkdesk.gui import review_dialogs

    window = make_window(report_file)
    window.show()
    page = window.select_section("s5")
    edit = page.field_widgets()["section5"]
    edit.setPlainText("全年共受理申请件。")
    qtbot.waitUntil(lambda: window.doc.report.section5 == "全年共受理申请件。")
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    cur = edit.textCursor()
    cur.setPosition(7)
    edit.setTextCursor(cur)
    monkeypatch.setattr(review_dialogs.FigurePicker, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(review_dialogs.FigurePicker, "chosen", lambda self: Ref((("t3", "new", "total"),)))
    window.review.act_insert.trigger()
    assert window.doc.report.section5 == "全年共受理申请0件。"
    assert edit.toPlainText() == "全年共受理申请0件。"
    assert len(edit.extraSelections()) == 1  # the subtle mark on the figure
    assert edit.textCursor().position() == 8  # after the figure

    window.doc.apply(set_cell("t3", "new", "natural", 12))
    assert edit.toPlainText() == "全年共受理申请12件。" and len(edit.extraSelections()) == 1
    window.act_undo.trigger()
    assert edit.toPlainText() == "全年共受理申请0件。"
    window.act_undo.trigger()  # the insertion
    assert edit.toPlainText() == "全年共受理申请件。" and edit.extraSelections() == []


def test_bind_literals_in_one_undoable_step(make_window, report_file, monkeypatch):
    from gkdesk.gui import review_dialogs

    window = make_window(report_file)
    window.doc.apply(set_cell("t3", "new", "natural", 21))
    window.doc.apply(set_cell("t3", "open", "natural", 21))
    from gkdesk.core.edits import set_text

    window.doc.apply(set_text("section5", "全年共受理政府信息公开申请21件，全部按时答复。"))
    monkeypatch.setattr(review_dialogs.BindDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    window.review.bind_literals()
    assert [b.ref.key for b in window.doc.report.bindings] == ["t3.new.total"]
    window.doc.apply(set_cell("t3", "new", "commercial", 1))
    assert "22件" in window.doc.report.section5
    window.act_undo.trigger()
    window.act_undo.trigger()
    assert window.doc.report.bindings == [] and "21件" in window.doc.report.section5
