"""Typing into table cells: valid values land, invalid ones are refused with a Chinese reason, keys move."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def t3(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    tab = window.table_tabs["t3"]
    window.tabs.setCurrentWidget(tab.parentWidget())
    return window, tab.view, tab.model


@pytest.mark.parametrize("typed, expected", [("12", 12), ("３４", 34), (" 7 ", 7), ("０８", 8)])
def test_valid_values_half_and_full_width(t3, type_cell, qtbot, typed, expected):
    window, view, model = t3
    idx = model.index_of("new", "natural")
    type_cell(view, idx, typed)
    qtbot.waitUntil(lambda: window.doc.report.raw("t3", "new", "natural") == expected)
    assert model.data(idx) == str(expected)
    assert window.doc.modified and window.isWindowModified()


@pytest.mark.parametrize("typed, reason", [
    ("abc", "不是数字"),
    ("-3", "正负号"),
    ("1.5", "不能有小数"),
    ("5件", "单位"),
    ("1,000", "千位分隔符"),
])
def test_invalid_values_refused_old_value_kept(t3, type_cell, qtbot, typed, reason):
    window, view, model = t3
    idx = model.index_of("new", "natural")
    before = window.doc.report.raw("t3", "new", "natural")
    with qtbot.waitSignal(model.input_refused, timeout=2000) as blocker:
        type_cell(view, idx, typed)
    assert reason in blocker.args[0]
    assert window.doc.report.raw("t3", "new", "natural") == before
    assert reason in window.statusBar().currentMessage()
    assert reason in model.data(idx, Qt.ItemDataRole.ToolTipRole)
    assert not window.doc.modified


def test_fee_cell_takes_decimals_but_not_units(window, type_cell, qtbot):
    window.show()
    tab = window.table_tabs["t2"]
    window.tabs.setCurrentWidget(tab.parentWidget())
    idx = tab.model.index_of("fees", "amount_wanyuan")
    type_cell(tab.view, idx, "１.２５")
    qtbot.waitUntil(lambda: str(window.doc.report.raw("t2", "fees", "amount_wanyuan")) == "1.25")
    with qtbot.waitSignal(tab.model.input_refused) as blocker:
        type_cell(tab.view, idx, "3元")
    assert "万元" in blocker.args[0]
    assert str(window.doc.report.raw("t2", "fees", "amount_wanyuan")) == "1.25"


def test_typing_starts_editing_like_a_spreadsheet(t3, qtbot):
    window, view, model = t3
    idx = model.index_of("carry_in", "commercial")
    view.setFocus()
    view.setCurrentIndex(idx)
    qtbot.keyClick(view, "9")
    editor = view.indexWidget(idx)
    assert editor is not None and editor.text() == "9"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.doc.report.raw("t3", "carry_in", "commercial") == 9)


def test_return_and_tab_go_to_the_next_input_cell_and_skip_computed(t3, type_cell, qtbot):
    window, view, model = t3
    type_cell(view, model.index_of("new", "natural"), "1")
    qtbot.waitUntil(lambda: view.currentIndex() == model.index_of("new", "commercial"))
    type_cell(view, model.index_of("new", "other"), "2", key=Qt.Key.Key_Tab)
    # Tab from the last input column goes past the computed 总计 to the next row's first cell
    qtbot.waitUntil(lambda: window.doc.report.raw("t3", "new", "other") == 2)
    qtbot.waitUntil(lambda: view.currentIndex() == model.index_of("carry_in", "natural"))
    type_cell(view, model.index_of("new", "other"), "2", key=Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.currentIndex() == model.index_of("carry_in", "natural"))
    view.setCurrentIndex(model.index_of("open", "natural"))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.currentIndex() == model.index_of("open", "commercial")
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex() == model.index_of("partial", "commercial")
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.currentIndex() == model.index_of("carry_in", "commercial")


def test_delete_makes_blank_not_zero(t3, qtbot):
    window, view, model = t3
    assert window.doc.report.raw("t3", "new", "natural") is not None
    view.setCurrentIndex(model.index_of("new", "natural"))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert window.doc.report.raw("t3", "new", "natural") is None
    assert model.data(model.index_of("new", "natural")) == ""
    window.doc.stack.undo()
    assert window.doc.report.raw("t3", "new", "natural") is not None


def test_paste_block_one_undo_step_and_refusals_named(t3, qtbot):
    window, view, model = t3
    report = window.doc.report
    before = {(r, c): report.raw("t3", r, c) for r in ("new", "carry_in") for c in ("natural", "commercial", "research")}
    view.setCurrentIndex(model.index_of("new", "natural"))
    depth = window.doc.stack.count()
    view.paste_text("5\t６\tx\r\n7\t-1\t9\r\n")
    assert report.raw("t3", "new", "natural") == 5
    assert report.raw("t3", "new", "commercial") == 6
    assert report.raw("t3", "carry_in", "natural") == 7
    assert report.raw("t3", "carry_in", "research") == 9
    # refused values keep the old value and are named
    assert report.raw("t3", "new", "research") == before[("new", "research")]
    assert report.raw("t3", "carry_in", "commercial") == before[("carry_in", "commercial")]
    message = window.statusBar().currentMessage()
    assert "2 个值未被接受" in message and "“x”" in message and "“-1”" in message
    assert window.doc.stack.count() == depth + 1
    window.doc.stack.undo()
    assert {k: report.raw("t3", *k) for k in before} == before


def test_paste_over_computed_total_is_not_taken(t3):
    window, view, model = t3
    view.setCurrentIndex(model.index_of("new", "legal_service"))
    view.paste_text("1\t2\t999\n")
    assert window.doc.report.raw("t3", "new", "other") == 2
    assert "合计单元格" in window.statusBar().currentMessage()
    assert window.doc.report.value("t3", "new", "total") != 999


def test_copy_selection_as_tab_separated(t3, qtbot):
    from PySide6.QtGui import QGuiApplication

    window, view, model = t3
    view.setCurrentIndex(model.index_of("new", "natural"))
    view.paste_text("1\t2\n3\t4\n")
    view.selectionModel().clear()
    view.setCurrentIndex(model.index_of("new", "natural"))
    view.selectionModel().select(model.index_of("new", "natural"), view.selectionModel().SelectionFlag.Select)
    view.selectionModel().select(model.index_of("carry_in", "commercial"), view.selectionModel().SelectionFlag.Select)
    assert view.selection_text() == "1\n4"
    qtbot.keyClick(view, "c", Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "1\n4"


def test_fill_blanks_with_zero_one_step(make_window, qtbot):
    from gkdesk.core.report import Report

    window = make_window()
    window.doc.set_report(Report.new("某镇人民政府", "township", 2024))
    window.doc.report.set_raw("t3", "new", "natural", 3)
    window.fill_zero()
    report = window.doc.report
    assert report.raw("t3", "new", "natural") == 3
    assert report.raw("t3", "new", "commercial") == 0
    assert report.raw("t4", "review", "maintain") == 0
    assert window.doc.stack.count() == 1 and "填0" in window.doc.stack.undoText()
    window.doc.stack.undo()
    assert report.raw("t3", "new", "commercial") is None
    assert report.raw("t3", "new", "natural") == 3


def test_typing_on_a_total_says_it_is_computed(t3, qtbot):
    window, view, model = t3
    view.setCurrentIndex(model.index_of("new", "total"))
    qtbot.keyClick(view, "5")
    assert view.indexWidget(model.index_of("new", "total")) is None
    assert "自动计算的合计" in window.statusBar().currentMessage()


def test_spans_survive_opening_another_file(window, report_file):
    view = window.table_tabs["t3"].view

    def shown_by(row):  # the header rows are drawn by the frozen header, the rest by the table
        return view.frozen if row < view.header_rows else view

    before = [(c.row, c.col, shown_by(c.row).rowSpan(c.row, c.col), shown_by(c.row).columnSpan(c.row, c.col))
              for c in window.table_tabs["t3"].model.spans()]
    assert window.open_path(report_file)
    after = [(r, c, shown_by(r).rowSpan(r, c), shown_by(r).columnSpan(r, c)) for r, c, _, _ in before]
    assert after == before and all(rs > 1 or cs > 1 for _, _, rs, cs in after)
