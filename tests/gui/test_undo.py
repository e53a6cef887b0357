"""Every kind of edit is one undo step on the window's single stack, and undo/redo refresh what is shown."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def test_cell_edit_undo_redo(window, type_cell, qtbot):
    tab = window.table_tabs["t4"]
    window.show()
    window.tabs.setCurrentWidget(tab.parentWidget())
    idx = tab.model.index_of("review", "maintain")
    type_cell(tab.view, idx, "4")
    qtbot.waitUntil(lambda: window.doc.report.raw("t4", "review", "maintain") == 4)
    assert tab.model.data(tab.model.index_of("review", "total")) == str(window.doc.report.value("t4", "review", "total"))
    window.act_undo.trigger()
    assert window.doc.report.raw("t4", "review", "maintain") == 0
    assert tab.model.data(idx) == "0"
    assert not window.doc.modified
    window.act_redo.trigger()
    assert window.doc.report.raw("t4", "review", "maintain") == 4 and tab.model.data(idx) == "4"
    assert window.doc.modified


def test_typing_text_is_merged_but_undoable(window, qtbot):
    tab5 = window.text_tabs["s5"]
    window.show()
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.tabs.setCurrentWidget(tab5.parentWidget())
    editor = tab5.text
    original = window.doc.report.section5
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, "abc")
    editor.insertPlainText("新增一句。")
    assert window.doc.report.section5 == original + "abc新增一句。"
    assert window.doc.stack.count() == 1, "typing a sentence is one undo step, not one per character"
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z in the field: window undo
    assert window.doc.report.section5 == original
    assert editor.toPlainText() == original
    window.act_redo.trigger()
    assert editor.toPlainText() == original + "abc新增一句。"


def test_leaving_the_field_starts_a_new_step(window, qtbot):
    tab6 = window.text_tabs["s6"]
    window.show()
    window.tabs.setCurrentWidget(tab6.parentWidget())
    tab6.text.insertPlainText("一")
    window.doc.end_merge()  # what focusing another field does
    tab6.text.insertPlainText("二")
    assert window.doc.stack.count() == 2
    window.doc.stack.undo()
    assert window.doc.report.section6.endswith("一") or window.doc.report.section6.startswith("一")
    assert "二" not in window.doc.report.section6


def test_meta_edits_undo(window, qtbot):
    meta = window.meta_tab
    report = window.doc.report
    old_name, old_level, old_year = report.meta.org_name, report.meta.level, report.meta.year
    meta.org_name.setFocus()
    meta.org_name.selectAll()
    qtbot.keyClicks(meta.org_name, "X")
    assert report.meta.org_name == "X"
    assert report.title.startswith("X")
    assert "X" in meta.preview.text()
    meta.level.setCurrentIndex(meta.level.findData("county_gov"))
    assert report.meta.level == "county_gov"
    meta.year.setValue(2030)
    assert report.meta.year == 2030
    meta.written_date.edit.setText("２０３１年1月20日")
    assert meta.written_date.edit.commit() is None
    assert report.meta.written_date == date(2031, 1, 20)
    assert meta.written_date.edit.text() == "2031年1月20日"
    for _ in range(4):
        window.act_undo.trigger()
    assert (report.meta.org_name, report.meta.level, report.meta.year) == (old_name, old_level, old_year)
    assert meta.org_name.text() == old_name
    assert meta.level.currentData() == old_level
    assert meta.year.value() == old_year
    assert meta.written_date.edit.text() == ""


@pytest.mark.parametrize("typed, expected", [
    ("2025年1月20日", date(2025, 1, 20)), ("2025-01-20", date(2025, 1, 20)), ("２０２５/1/5", date(2025, 1, 5)),
    ("2025.12.31", date(2025, 12, 31)), ("20250120", date(2025, 1, 20)), ("  ", None)])
def test_date_text_accepted(typed, expected):
    from gkdesk.gui.date_field import parse_date_text

    assert parse_date_text(typed) == expected


def test_bad_date_refused_old_kept(window):
    field = window.meta_tab.publish_date.edit
    field.setText("2025年2月30日")
    reason = field.commit()
    assert reason and "不存在" in reason and "不存在" in window.statusBar().currentMessage()
    assert window.doc.report.meta.publish_date is None and field.text() == ""
    field.setText("下周一")
    assert "不是日期" in field.commit()
    assert not window.doc.modified
    # the refusal stays marked at the field (red frame, reason in its tooltip) until a date is accepted
    assert field.refusal and "不是日期" in field.toolTip() and "#c0392b" in field.styleSheet()
    field.setText("2025-02-28")
    assert field.commit() is None and window.doc.report.meta.publish_date == date(2025, 2, 28)
    assert field.refusal is None and "未被接受" not in field.toolTip() and "#c0392b" not in field.styleSheet()


def test_title_override_and_clearing_it(window, qtbot):
    meta = window.meta_tab
    meta.title.setFocus()
    qtbot.keyClicks(meta.title, "Special title")
    assert window.doc.report.meta.title_override == "Special title"
    meta.title.selectAll()
    qtbot.keyClick(meta.title, Qt.Key.Key_Delete)
    assert window.doc.report.meta.title_override is None
    assert window.doc.report.title == window.doc.report.derived_title


def test_subsections_add_remove_move_undo(window, qtbot, monkeypatch):
    tab = window.text_tabs["s1"]
    report = window.doc.report
    titles = [s.title for s in report.overview]
    n = len(titles)
    tab.add()
    assert len(report.overview) == n + 1 and len(tab.boxes) == n + 1
    tab.boxes[-1].text_edit.insertPlainText("新小节正文")
    assert report.overview[-1].text == "新小节正文"
    tab.move_subsection(0, 1)
    # moved and renumbered in one step: the clerk's words and style of numbering stay
    moved = [s.title for s in report.overview][:2]
    assert moved == [titles[1].replace("二", "一", 1), titles[0].replace("一", "二", 1)]
    assert tab.boxes[0].title_edit.text() == moved[0]
    monkeypatch.setattr("gkdesk.gui.dialogs.ask_yes_no", lambda *a: True)  # 删除 asks first: the text is not empty
    tab.remove(1)
    assert len(report.overview) == n and moved[1] not in [s.title for s in report.overview]
    window.act_undo.trigger()  # remove
    assert [s.title for s in report.overview][:2] == moved
    window.act_undo.trigger()  # move
    assert [s.title for s in report.overview][:n] == titles
    window.act_undo.trigger()  # text
    window.act_undo.trigger()  # add
    assert [s.title for s in report.overview] == titles and len(tab.boxes) == n
    assert not window.doc.modified


def test_move_buttons_at_the_ends_do_nothing(window):
    tab = window.text_tabs["s1"]
    tab.move_subsection(0, -1)
    tab.move_subsection(len(window.doc.report.overview) - 1, 1)
    assert window.doc.stack.count() == 0


def test_processing_fee_entry_and_refusal(window, qtbot):
    tab6 = window.text_tabs["s6"]
    fee = tab6.fee
    original = fee.text()
    fee.setText("１２０.５")
    assert fee.commit() is None
    assert str(window.doc.report.processing_fee_yuan) == "120.5"
    fee.setText("3万元")
    reason = fee.commit()
    assert reason and "以元为单位" in reason
    assert str(window.doc.report.processing_fee_yuan) == "120.5" and fee.text() == "120.5"
    assert "以元为单位" in window.statusBar().currentMessage()
    assert "刚才的输入未被接受" in fee.toolTip() and "#c0392b" in fee.styleSheet()  # marked at the field too
    fee.setText("120.50")
    assert fee.commit() is None and "未被接受" not in fee.toolTip() and "#c0392b" not in fee.styleSheet()
    window.act_undo.trigger()
    assert fee.text() == original
    fee.setText("")
    fee.commit()
    assert window.doc.report.processing_fee_yuan is None  # blank = not stated


def test_accept_computed_totals(make_window, report_file):
    window = make_window(report_file)
    window.doc.report.stated = {"t4": {"review": {"total": 99}}}
    window.accept_totals()
    assert not window.doc.report.has_stated()
    window.act_undo.trigger()
    assert window.doc.report.stated_value("t4", "review", "total") == 99


def test_attach_last_year_undoable(window, report_file, tmp_path):
    from gkdesk.core import storage

    previous = storage.load(report_file)
    previous.meta.year = window.doc.report.meta.year - 1
    previous.section5 = window.doc.report.section5
    path = tmp_path / "上年.gkreport"
    storage.save(previous, path)
    assert window.attach_last_year_file(path)
    assert window.doc.report.last_year is not None
    assert "已附加" in window.meta_tab.last_year.text()
    tab5 = window.text_tabs["s5"]
    assert "重复率" in tab5.repetition.text() and "100%" in tab5.repetition.text()
    window.act_undo.trigger()
    assert window.doc.report.last_year is None
    assert not tab5.repetition.isVisibleTo(window)


def test_typing_after_save_is_a_new_step(window):
    from gkdesk.core.edits import set_text

    window.doc.apply(set_text("section5", "a"), merge_key="section5")
    assert window.save()
    window.doc.apply(set_text("section5", "ab"), merge_key="section5")
    assert window.doc.modified
    window.doc.stack.undo()
    assert window.doc.report.section5 == "a" and not window.doc.modified


def test_thousands_of_edits_do_not_crash(tmp_path):
    """Regression: overriding QUndoCommand.id() in PySide6 6.12 aborted the process after ~1000 edits."""
    import subprocess
    import sys

    code = (
        "import os; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from PySide6.QtWidgets import QApplication; app = QApplication([])\n"
        "from gkdesk.core.edits import set_text, set_cell\n"
        "from gkdesk.gui.document import Document\n"
        "d = Document()\n"
        "for i in range(3000):\n"
        "    d.apply(set_cell('t3', 'new', 'natural', i))\n"
        "    d.apply(set_text('section5', 'x' * (i % 40)), merge_key='section5')\n"
        "    d.end_merge() if i % 7 == 0 else None\n"
        "print('OK', d.stack.count())\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "OK" in proc.stdout, proc.stderr[-500:]


def test_calendar_pick_sets_date(window, qtbot):
    from PySide6.QtCore import QDate

    window.show()
    field = window.meta_tab.written_date
    field.button.click()
    calendar = field._popup
    assert calendar is not None and calendar.isVisible()
    calendar.clicked.emit(QDate(2025, 1, 18))
    assert window.doc.report.meta.written_date == date(2025, 1, 18)
    assert field.edit.text() == "2025年1月18日" and not calendar.isVisible()


def test_overview_repetition_follows_typing(window, report_file, tmp_path):
    from gkdesk.core import storage
    from gkdesk.core.edits import set_subsection

    previous = storage.load(report_file)
    previous.meta.year = window.doc.report.meta.year - 1
    path = tmp_path / "上年.gkreport"
    storage.save(previous, path)
    assert window.attach_last_year_file(path)
    tab1 = window.text_tabs["s1"]
    assert "100%" in tab1.repetition.text()
    for i, sub in enumerate(list(window.doc.report.overview)):
        window.doc.apply(set_subsection(i, text="本年度全新撰写的内容，与往年不同：" + "新" * i + sub.title))
    window.doc.apply(__import__("gkdesk.core.edits", fromlist=["set_text"]).set_text("overview_intro", "全新导语。"))
    ratio = int(tab1.repetition.text().split("：")[1].rstrip("%"))
    assert ratio < 100
