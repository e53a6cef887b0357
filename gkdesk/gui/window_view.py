"""The window's view commands: its size and the 校验结果 panel's place (remembered), page switching, undo/redo that
show what changed, and the built-in guide (F1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize

from gkdesk.gui import screen

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow, QTabWidget

    from gkdesk.gui.document import Document
    from gkdesk.gui.help_window import HelpWindow
    from gkdesk.gui.issues_panel import IssuesPanel

    _Base = QMainWindow
else:
    _Base = object

#: the window's wish; ``screen.fit_to_screen`` keeps it inside the available area (1366×768 laptops)
PREFERRED_SIZE = QSize(1880, 1040)
#: the panel's share of the window: its height below the tables, its width beside them
PANEL_HEIGHT = 170
PANEL_WIDTH = 620
#: the panel's object name as a saved window state holds it (UTF-16 big-endian, written out: the codec would be one
#: more module to import before the first paint): such a state places the panel by itself
_PANEL_IN_STATE = "".join(f"\0{c}" for c in "issues_dock").encode("latin-1")
#: setting: the panel is beside the tables (kept with the window state, so the start need not ask Qt where the panel
#: is: any ``Qt.…`` value before the first paint makes PySide build its whole ``Qt`` namespace, ~25 ms)
BESIDE_KEY = "issues_beside"


class ViewActions(_Base):
    """Mixed into MainWindow."""

    doc: Document
    settings: QSettings
    tabs: QTabWidget
    tab_keys: list[str]
    issues_panel: IssuesPanel
    act_issues_beside: QAction
    act_undo: QAction
    act_redo: QAction
    help_window: HelpWindow | None = None

    def show_message(self, text: str) -> None:  # pragma: no cover - provided by MainWindow
        raise NotImplementedError

    # --- size and panel -----------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
            screen.keep_on_screen(self)
        else:
            screen.fit_to_screen(self, PREFERRED_SIZE)
        state = self.settings.value("window_state")
        saved = isinstance(state, QByteArray) and not state.isEmpty()
        if not (saved and _PANEL_IN_STATE in state.data() and self.restoreState(state)):
            from PySide6.QtCore import Qt  # the first start (or a state without the panel): place it below

            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.issues_panel)
            if saved:
                self.restoreState(state)
        beside = self.settings.value(BESIDE_KEY)
        if beside in ("true", "false", True, False):  # an .ini file gives the text
            self._show_side(beside in ("true", True))
        else:
            self._sync_side_action()

    def place_issues_panel(self, beside: bool) -> None:
        """The 校验结果 panel beside the tables (wide screen) or below them; the choice is kept with the window."""
        from PySide6.QtCore import Qt

        area = Qt.DockWidgetArea.RightDockWidgetArea if beside else Qt.DockWidgetArea.BottomDockWidgetArea
        self.issues_panel.setFloating(False)
        self.addDockWidget(area, self.issues_panel)
        self.issues_panel.show()
        self.issues_panel.set_beside(beside)
        if beside:
            self.resizeDocks([self.issues_panel], [PANEL_WIDTH], Qt.Orientation.Horizontal)
        else:
            self.resizeDocks([self.issues_panel], [PANEL_HEIGHT], Qt.Orientation.Vertical)
        self._sync_side_action()
        self.settings.setValue("window_state", self.saveState())

    def on_panel_moved(self, _area: object = None) -> None:
        """The clerk dragged the panel: it follows (narrow beside the tables) and the place is remembered."""
        self._sync_side_action()

    def issues_beside(self) -> bool:
        from PySide6.QtCore import Qt

        return self.dockWidgetArea(self.issues_panel) in (Qt.DockWidgetArea.RightDockWidgetArea,
                                                          Qt.DockWidgetArea.LeftDockWidgetArea)

    def toggle_issues_side(self) -> None:
        self.place_issues_panel(not self.issues_beside())
        self.show_message("“校验结果”已放在表格右侧。" if self.issues_beside() else "“校验结果”已放在表格下方。")

    def _sync_side_action(self) -> None:
        beside = self.issues_beside()
        self._show_side(beside)
        if self.settings.value(BESIDE_KEY) not in ((True, "true") if beside else (False, "false")):
            self.settings.setValue(BESIDE_KEY, beside)  # only a change is written (a write syncs the file to disk)

    def _show_side(self, beside: bool) -> None:
        self.issues_panel.set_beside(beside)
        action = getattr(self, "act_issues_beside", None)
        if action is not None:
            action.setChecked(beside)

    # --- pages --------------------------------------------------------------------------------------
    def switch_tab(self, step: int) -> None:
        """Ctrl+Tab / Ctrl+PgDn (step 1) and Ctrl+Shift+Tab / Ctrl+PgUp (step −1), from anywhere in the window."""
        n = self.tabs.count()
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % n)
        page = self.current_page()  # type: ignore[attr-defined]
        target = getattr(page, "view", None) or page
        target.setFocus()

    # --- undo / redo that show what changed ------------------------------------------------------------
    def name_undo(self, text: str) -> None:
        self.act_undo.setText(f"撤销“{text}”(&U)" if text else "撤销(&U)")

    def name_redo(self, text: str) -> None:
        self.act_redo.setText(f"重做“{text}”(&R)" if text else "重做(&R)")

    def undo(self) -> None:
        self._step(undo=True)

    def redo(self) -> None:
        self._step(undo=False)

    def _step(self, undo: bool) -> None:
        from gkdesk.gui.commands import EditCommand
        from gkdesk.gui.reveal import describe, reveal

        self.flush_editing()  # type: ignore[attr-defined]
        stack = self.doc.stack
        if not (stack.canUndo() if undo else stack.canRedo()):
            self.show_message("没有可撤销的修改。" if undo else "没有可重做的修改。")
            return
        command = stack.command(stack.index() - 1 if undo else stack.index())
        text = command.text() if command is not None else ""
        if undo:
            stack.undo()
        else:
            stack.redo()
        where = ""
        if isinstance(command, EditCommand):
            where = describe(self.doc.report, command.edit)
            reveal(self, command.edit)  # type: ignore[arg-type]
        verb = "已撤销" if undo else "已重做"
        self.show_message(f"{verb}：{text}" + (f"（{where}）" if where else "") + "。")

    # --- help ---------------------------------------------------------------------------------------
    def show_rules_help(self) -> HelpWindow:
        """Shift+F1: what the checks do — at the check of the issue selected in 校验结果, if one is."""
        issue = self.issues_panel.current_issue()
        window = self.show_help("rules")
        if issue is not None:
            window.show_page("rules", issue.rule)
        return window

    def show_help(self, page: str | None = None) -> HelpWindow:
        """F1: the built-in guide, at the page of the current tab (or ``page``)."""
        from gkdesk.gui.help_window import HelpWindow

        if page is None:
            page = self.tab_keys[self.tabs.currentIndex()]
        if self.help_window is None:
            self.help_window = HelpWindow(self)
        self.help_window.show_page(page)
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()
        return self.help_window
