"""Issue 13, keyboard first: Tab/Enter visit only the cells to fill, in reading order, row after row (表三 filled with
one key per cell beyond the digits); Ctrl+Tab / Ctrl+PgDn switch pages from anywhere; every menu command has a key."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def _focused(view):
    return QApplication.focusWidget() or view


def _ready(window, qtbot, key="s3"):
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.select_section(key)
    tab = window.current_page()
    tab.view.setFocus()
    qtbot.waitUntil(lambda: tab.view.hasFocus())
    return tab


def test_filling_table_three_takes_one_key_per_cell_beyond_the_digits(make_window, qtbot):
    window = make_window()  # a new, blank report
    tab = _ready(window, qtbot)
    view, model = tab.view, tab.model
    cells = view.input_cells()
    assert len(cells) == 24 * 6  # six applicant columns × 24 rows; the 总计 column and （七）总计 row are computed
    first = cells[0]
    assert view.currentIndex() == model.index(first.row, first.col)
    extra_keys = 0
    for n, cell in enumerate(cells):
        digits = str(n % 7 + 1)
        assert view.currentIndex() == model.index(cell.row, cell.col), f"cell {n} is not the current one"
        qtbot.keyClicks(_focused(view), digits)
        qtbot.keyClick(_focused(view), Qt.Key.Key_Tab if n % 2 else Qt.Key.Key_Return)  # Tab and Enter alike
        extra_keys += 1
    assert extra_keys == len(cells)
    report = window.doc.report
    for n, cell in enumerate(cells):
        assert report.raw("t3", *cell.ref) == n % 7 + 1, cell.ref
    # the computed 总计 cells were never visited, and they add up
    assert report.value("t3", "new", "total") == sum(n % 7 + 1 for n, c in enumerate(cells) if c.ref[0] == "new")


def test_tab_skips_totals_and_shift_tab_goes_back(make_window, qtbot):
    window = make_window()
    tab = _ready(window, qtbot)
    view, model = tab.view, tab.model
    view.setCurrentIndex(model.index_of("new", "other"))
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.currentIndex() == model.index_of("carry_in", "natural")  # not the computed 总计
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert view.currentIndex() == model.index_of("new", "other")


def test_ctrl_tab_and_ctrl_pgdn_switch_pages_while_a_table_has_the_focus(make_window, qtbot):
    window = make_window()
    tab = _ready(window, qtbot)
    start = window.tabs.currentIndex()
    qtbot.keyClick(tab.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == start + 1
    qtbot.keyClick(_focused(window), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == start
    qtbot.keyClick(_focused(window), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == start + 1


def test_every_menu_command_has_a_shortcut_and_ctrl_p_prints(window):
    keys: dict[str, str] = {}
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.isSeparator() or action.menu() is not None:
                continue  # 最近打开 is a submenu (its files are numbered &1 … &8)
            key = action.shortcut().toString()
            assert key, f"“{action.text()}” has no shortcut"
            assert key not in keys, f"{key} is used by “{keys.get(key)}” and “{action.text()}”"
            keys[key] = action.text()
    assert keys["Ctrl+P"].startswith("打印") and keys["Ctrl+Shift+P"].startswith("导出 PDF")
    assert keys["F8"].startswith("校验结果") and keys["F1"].startswith("使用指南")
    assert keys["F12"].startswith("另存为") and keys["Ctrl+Shift+I"].startswith("从剪贴板导入")
    assert {"Ctrl+C", "Ctrl+V", "Del"} <= set(keys)


def test_tab_from_a_subsection_title_goes_to_its_text(make_window, example_path, qtbot):
    window = make_window(example_path)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    overview = window.select_section("s1")
    box = overview.boxes[0]
    box.title_edit.setFocus()
    qtbot.waitUntil(box.title_edit.hasFocus)
    qtbot.keyClick(box.title_edit, Qt.Key.Key_Tab)
    assert box.text_edit.hasFocus()


def test_print_goes_through_the_pdf_and_the_system(window, monkeypatch, tmp_path):
    from gkdesk.gui import printing

    sent = []
    monkeypatch.setattr(printing, "print_folder", lambda: tmp_path)
    monkeypatch.setattr(printing, "ask_print_despite_errors", lambda parent, n: True)
    monkeypatch.setattr(printing, "send_to_printer", lambda parent, pdf: sent.append(pdf) or "已发送到打印机“测试”。")
    window.act_print.trigger()
    assert sent and sent[0].suffix == ".pdf" and sent[0].read_bytes().startswith(b"%PDF")
    assert sent[0].stem == window.doc.report.title


def test_ctrl_tab_switches_pages_from_a_text_box_too(make_window, example_path, qtbot):
    window = make_window(example_path)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    page = window.select_section("s5")
    page.text.setFocus()
    qtbot.waitUntil(page.text.hasFocus)
    qtbot.keyClick(page.text, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tab_keys[window.tabs.currentIndex()] == "s6"
    qtbot.keyClick(_focused(window), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.tab_keys[window.tabs.currentIndex()] == "s5"
    assert page.text.toPlainText() == window.doc.report.section5  # no tab character typed
