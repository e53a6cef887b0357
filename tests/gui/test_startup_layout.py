"""Start-up without PySide's ``Qt`` namespace: the 校验结果 panel is placed by the saved window state, the side it is on
comes from a plain setting, and the values set by name (alignment, shortcut context, the issue role) are the right ones."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QMainWindow


def test_the_panel_goes_where_it_was_left_before_the_window_is_shown(make_window, qtbot, settings):
    first = make_window()
    first.show()
    qtbot.waitExposed(first)
    first.place_issues_panel(beside=True)
    first.close()  # saves the window state and the side
    assert isinstance(settings.value("window_state"), QByteArray)
    again = make_window()  # not shown yet: what the first paint will draw
    assert again.dockWidgetArea(again.issues_panel) == Qt.DockWidgetArea.RightDockWidgetArea
    assert again.act_issues_beside.isChecked() and again.issues_panel.tree.isColumnHidden(2)
    again.place_issues_panel(beside=False)
    again.close()
    third = make_window()
    assert third.dockWidgetArea(third.issues_panel) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert not third.act_issues_beside.isChecked() and not third.issues_panel.tree.isColumnHidden(2)


def test_first_start_and_a_state_without_the_panel_still_place_it(make_window, settings, qtbot):
    window = make_window()  # no settings at all: below the tables
    assert window.dockWidgetArea(window.issues_panel) == Qt.DockWidgetArea.BottomDockWidgetArea
    other = QMainWindow()  # a state saved by a window without the panel (damaged or foreign settings)
    qtbot.addWidget(other)
    settings.setValue("window_state", other.saveState())
    settings.setValue("issues_beside", "true")  # and a side that does not match: the placement wins after start
    window = make_window()
    assert window.dockWidgetArea(window.issues_panel) == Qt.DockWidgetArea.BottomDockWidgetArea
    window.show()
    qtbot.waitUntil(lambda: window._started)
    assert not window.act_issues_beside.isChecked() and settings.value("issues_beside") in (False, "false")


def test_values_set_by_name_are_the_intended_ones(window):
    from gkdesk.gui.issues_panel import ISSUE_ROLE

    assert Qt.ItemDataRole.UserRole + 1 == ISSUE_ROLE
    assert window.meta_tab.layout().itemAt(0).widget().layout().labelAlignment() == Qt.AlignmentFlag.AlignRight
    assert window.meta_tab.preview.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse
    widget_keys = {window.act_copy, window.act_paste, window.act_clear}
    for action in window.actions():
        expected = Qt.ShortcutContext.WidgetShortcut if action in widget_keys else Qt.ShortcutContext.WindowShortcut
        assert action.shortcutContext() == expected, action.text()
    assert window.act_issues.shortcut().toString() == "F8"



def test_a_review_shortcut_used_before_the_first_paint_loads_its_commands(make_window, report_file, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    window = make_window(report_file)  # never shown: the 核实 commands are not installed yet
    assert window._review is None
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    window.act_insert_figure.trigger()  # Ctrl+F9 with no text field focused: the command explains what to do
    assert window._review is not None and window.review.act_insert is window.act_insert_figure
    assert shown and "Ctrl+F9" in shown[0]
    assert window.act_insert_figure.shortcut().toString() == "Ctrl+F9"
