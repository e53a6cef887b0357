"""Issue 13: on a 1366×768 screen every window and dialog opens inside the available area (the 汇总 dialog after a
run included), a wide screen puts 校验结果 beside the tables, and no English is left in any of them."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QSize, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "consolidate"))

from consolidate_helpers import fake_validate, make_unit, save_units  # noqa: E402
from screen_helpers import assert_fits, english_in, english_texts, screen_area  # noqa: E402


def _show(qtbot, widget):
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_test_screen_is_1366x768(qapp):
    area = screen_area()
    assert (area.width(), area.height()) == (1366, 768)


def test_main_window_fits_and_shows_panel_and_status_bar(window, qtbot):
    _show(qtbot, window)
    assert_fits(window)
    area = screen_area()
    for part in (window.issues_panel, window.statusBar()):
        bottom_right = part.mapToGlobal(QPoint(part.width() - 1, part.height() - 1))
        assert area.contains(bottom_right), type(part).__name__
    assert not window.issues_beside()  # a laptop screen: the panel goes below the tables


def test_wide_screen_puts_the_panel_beside_and_the_choice_is_remembered(make_window, qtbot, settings, monkeypatch):
    from gkdesk.gui import screen

    monkeypatch.setattr(screen, "is_wide", lambda widget=None: True)
    window = _show(qtbot, make_window())
    assert window.issues_beside() and window.act_issues_beside.isChecked()
    window.toggle_issues_side()  # the clerk prefers it below
    assert not window.issues_beside()
    window.close()
    again = _show(qtbot, make_window())
    assert not again.issues_beside() and settings.value("window_state") is not None


def test_fit_to_screen_shrinks_a_big_wish_and_a_remembered_oversize_window(qtbot):
    from PySide6.QtWidgets import QWidget

    from gkdesk.gui import screen

    w = QWidget()
    qtbot.addWidget(w)
    size = screen.fit_to_screen(w, QSize(3000, 2000))
    assert size.width() <= 1366 - 16 and size.height() <= 768 - 48
    w.setGeometry(500, 400, 1800, 1000)  # remembered from a bigger monitor
    screen.keep_on_screen(w)
    assert w.width() <= 1366 and w.height() <= 768


def _dialogs_of_the_window(window, qtbot, tmp_path):
    """Every dialog the window opens, built as the window builds it (the modal ones are shown, not exec'd)."""
    from gkdesk.core.format import load_format
    from gkdesk.gui.consolidate_dialog import ConsolidateDialog
    from gkdesk.gui.dialogs import NewReportDialog
    from gkdesk.gui.file_dialogs import make_dialog
    from gkdesk.gui.import_dialog import ImportDialog
    from gkdesk.gui.settings_dialog import ValidationSettingsDialog
    from gkdesk.gui.validation_settings import load_validation_choices

    fmt = load_format()
    made = {
        "新建": NewReportDialog(window),
        "导入": ImportDialog(window),
        "校验设置": ValidationSettingsDialog(fmt, load_validation_choices(window.settings, fmt), level_key="township",
                                         parent=window),
        "使用指南": window.show_help(),
    }
    file_dialog = make_dialog(window, "打开年度报告", str(tmp_path), "gkdesk 年度报告 (*.gkreport);;所有文件 (*)")
    file_dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    made["文件"] = file_dialog
    # 汇总 after a run: its result table and its bottom buttons
    rng = random.Random(5)
    save_units(tmp_path / "各单位", [make_unit(rng, "甲镇"), make_unit(rng, "乙镇"), make_unit(rng, "丙乡")])
    consolidate = ConsolidateDialog(window, validate=fake_validate)
    consolidate.add_inputs([str(tmp_path / "各单位")])
    made["汇总"] = consolidate
    for dlg in made.values():
        qtbot.addWidget(dlg)
    return made


def test_every_dialog_fits_the_screen_and_speaks_chinese(window, qtbot, tmp_path, qapp):
    from gkdesk.gui.appsetup import install_translator

    assert install_translator(qapp)  # as the program does at start: Qt's own texts (file dialogs) in Chinese
    _show(qtbot, window)
    dialogs = _dialogs_of_the_window(window, qtbot, tmp_path)
    consolidate = dialogs["汇总"]
    _show(qtbot, consolidate)
    with qtbot.waitSignal(consolidate.consolidated, timeout=20000):
        consolidate.start()
    qtbot.waitUntil(lambda: not consolidate.is_running())
    assert consolidate.units_table.rowCount() == 3
    for name, dlg in dialogs.items():
        _show(qtbot, dlg)
        assert_fits(dlg)
        assert english_texts(dlg) == [], name
    area = screen_area()
    for button in consolidate.findChildren(QPushButton):  # 保存汇总报告 … 关闭 reachable without maximising
        if button.isVisible():
            corner = button.mapToGlobal(QPoint(button.width() - 1, button.height() - 1))
            assert area.contains(corner), button.text()


def test_main_window_has_no_english_on_any_page(window, qtbot):
    _show(qtbot, window)
    window.doc.revalidate()
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        window.current_page()
    QApplication.processEvents()
    assert english_texts(window) == []
    for action in window.findChildren(type(window.act_save)):
        assert not [t for t in (action.text(), action.statusTip()) if english_in(t)], action.text()


def test_window_titles_are_short_enough_not_to_be_cut(qapp, monkeypatch):
    from gkdesk.gui import appsetup

    monkeypatch.setattr(appsetup, "install_translator", lambda app: True)
    monkeypatch.setattr(appsetup, "ensure_cjk_font", lambda: [])
    before = (qapp.organizationName(), qapp.applicationName(), qapp.applicationDisplayName())
    try:
        appsetup.make_app([])
        # the platform appends the display name to every title: “尚未保存 — gkdesk”, never “尚未保存 — gkdes…”
        assert qapp.applicationDisplayName() == "gkdesk"
    finally:
        qapp.setOrganizationName(before[0])
        qapp.setApplicationName(before[1])
        qapp.setApplicationDisplayName(before[2])


def test_table_three_header_stays_while_rows_scroll_and_nothing_scrolls_sideways(window, qtbot):
    _show(qtbot, window)
    tab = window.select_section("s3")
    view = tab.view
    qtbot.waitUntil(lambda: view.frozen is not None and view.frozen.isVisible())
    header = view.frozen
    assert view.header_rows == 3
    # the header sits above the rows (never over them), with the same merges and column widths
    assert view.viewport().geometry().top() >= header.geometry().bottom()
    assert header.columnSpan(0, 3) == 7 and header.rowSpan(1, 3) == 2  # 申请人情况 / 自然人
    assert [header.columnWidth(c) for c in range(10)] == [view.columnWidth(c) for c in range(10)]
    assert view.verticalScrollBar().maximum() > 0  # at 1366×768 the rows scroll …
    view.scrollToBottom()
    assert header.isVisible() and header.geometry().top() <= view.frameWidth()  # … the header stays
    last = view.input_cells()[-1]
    view.setCurrentIndex(view.model().index(last.row, last.col))
    # no sideways scrolling: the columns fit, and the last column (总计) is inside the viewport
    assert view.horizontalScrollBar().maximum() == 0
    assert sum(view.columnWidth(c) for c in range(10)) <= view.viewport().width()
    first_label = view.visualRect(view.model().index(3, 0))
    assert first_label.left() >= 0


def test_message_boxes_fit_and_speak_chinese(window, qtbot, qapp, tmp_path):
    import importlib.util

    from gkdesk.gui import dialogs as patched
    from gkdesk.gui import export_actions, printing
    from gkdesk.gui.appsetup import install_translator

    # the window fixture answers the dialogs module's questions; here the real boxes are wanted: a fresh copy
    spec = importlib.util.spec_from_file_location("gkdesk_dialogs_copy", patched.__file__)
    dialogs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dialogs)

    install_translator(qapp)
    seen = []

    def inspect_and_close():
        box = QApplication.activeModalWidget()
        assert box is not None
        box.show()
        seen.append((box.windowTitle(), english_texts(box), box.frameGeometry()))
        box.reject()

    asks = [lambda: dialogs.ask_unsaved(window, "报告.gkreport"),
            lambda: dialogs.ask_restore(window, "秋渠乡2024年报告", "2025-01-20 10:00", None),
            lambda: dialogs.ask_save_as_after_conflict(window, "文件已被其他程序修改。"),
            lambda: export_actions.ask_export_despite_errors(window, 3),
            lambda: export_actions.show_export_done(window, "pdf", tmp_path / "报告.pdf"),
            lambda: printing.ask_print_despite_errors(window, 3)]
    for ask in asks:
        QTimer.singleShot(0, inspect_and_close)
        ask()
    assert len(seen) == len(asks)
    for title, english, frame in seen:
        assert english == [], title
        assert screen_area().contains(frame), title
