"""The window's menus: every command with a shortcut that follows Windows/WPS habits.

文件: Ctrl+N 新建, Ctrl+O 打开, Ctrl+S 保存, F12 / Ctrl+Shift+S 另存为, Ctrl+Shift+I 从剪贴板导入, Ctrl+I 导入文件,
Ctrl+P 打印, Ctrl+E 导出 Excel, Ctrl+Shift+P 导出 PDF …; 编辑: Ctrl+Z / Ctrl+Y, Ctrl+C / Ctrl+V / Delete;
视图: F8 校验结果, Ctrl+Tab / Ctrl+PgDn 下一页; 帮助: F1 使用指南.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QPlainTextEdit, QWidget

if TYPE_CHECKING:
    from gkdesk.gui.main_window import MainWindow


def _action(window: MainWindow, text: str, slot: Callable[[], object], shortcuts: str | list[str] | None = None,
            tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcuts:
        keys = [shortcuts] if isinstance(shortcuts, str) else shortcuts
        # the key works anywhere in the window (a table, a text box …): QAction's default WindowShortcut context
        action.setShortcuts([QKeySequence(k) for k in keys])
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def _fill(menu: QMenu, actions: tuple[QAction | None, ...]) -> None:
    """Add the actions to the menu in order; None is a separator."""
    for act in actions:
        if act is None:
            menu.addSeparator()
        else:
            menu.addAction(act)


def build_menus(w: MainWindow) -> None:
    bar = w.menuBar()
    file_menu = bar.addMenu("文件(&F)")
    w.act_new = _action(w, "新建(&N)…", w.new_report, "Ctrl+N", "新建一份年度报告")
    w.act_open = _action(w, "打开(&O)…", lambda: w.open_report(), "Ctrl+O", "打开 gkdesk 年度报告（.gkreport 文件）")
    w.recent_menu = file_menu.addMenu("最近打开(&R)")
    w.act_save = _action(w, "保存(&S)", w.save, "Ctrl+S", "保存到当前文件")
    w.act_save_as = _action(w, "另存为(&A)…", w.save_as, ["F12", "Ctrl+Shift+S"], "保存到新的文件")
    w.act_import_clipboard = _action(w, "从剪贴板导入(&B)", w.import_from_clipboard, "Ctrl+Shift+I",
                                     "在网页或 PDF 阅读器中全选并复制去年的报告正文，再用此命令导入为新报告")
    w.act_import = _action(w, "导入(&I)…", w.import_report, "Ctrl+I",
                           "从剪贴板或已发布的年报文件（网页、Word、Excel、文本）导入为新报告")
    w.act_next_year = _action(w, "以此为基础新建下一年度(&Y)…", w.new_next_year, "Ctrl+Shift+N",
                              "用本报告的结转数、现行有效件数等新建下一年度报告")
    w.act_print = _action(w, "打印(&P)…", w.print_report, "Ctrl+P", "按发布格式（与导出的 PDF 相同）打印本报告")
    w.act_export_xlsx = _action(w, "导出 Excel(&E)…", lambda: w.export("xlsx"), "Ctrl+E", "导出为 Excel 工作簿")
    w.act_export_pdf = _action(w, "导出 PDF(&D)…", lambda: w.export("pdf"), "Ctrl+Shift+P", "导出为发布用的 PDF 文件")
    w.act_export_docx = _action(w, "导出 Word(&W)…", lambda: w.export("docx"), "Ctrl+Shift+W",
                                "导出 Word 文档（.docx），供 Word/WPS 审签修改")
    w.act_export_html = _action(w, "导出网页(&H)…", lambda: w.export("html"), "Ctrl+Alt+E",
                                "导出单个网页文件（.html），可发布到门户网站的年报栏目")
    w.act_attach = _action(w, "附加上年报告(&L)…", w.attach_last_year, "Ctrl+L",
                           "选择上一年度的 .gkreport 文件，用于核对结转数和文字重复率")
    w.act_quit = _action(w, "退出(&X)", w.close, "Ctrl+Q", "关闭窗口（有未保存的修改时会先询问）")
    file_menu.insertAction(w.recent_menu.menuAction(), w.act_new)
    file_menu.insertAction(w.recent_menu.menuAction(), w.act_open)
    _fill(file_menu, (w.act_save, w.act_save_as, None, w.act_import_clipboard, w.act_import, w.act_next_year, None,
                w.act_print, w.act_export_xlsx, w.act_export_pdf, w.act_export_docx, w.act_export_html, None,
                w.act_attach, None, w.act_quit))

    edit_menu = bar.addMenu("编辑(&E)")
    w.act_undo = _action(w, "撤销(&U)", w.undo, "Ctrl+Z", "撤销上一步修改")
    w.act_redo = _action(w, "重做(&R)", w.redo, ["Ctrl+Y", "Ctrl+Shift+Z"], "重做刚撤销的修改")
    w.doc.stack.canUndoChanged.connect(w.act_undo.setEnabled)
    w.doc.stack.canRedoChanged.connect(w.act_redo.setEnabled)
    w.doc.stack.undoTextChanged.connect(w.name_undo)
    w.doc.stack.redoTextChanged.connect(w.name_redo)
    w.act_undo.setEnabled(False)
    w.act_redo.setEnabled(False)
    w.act_copy = _action(w, "复制(&C)", lambda: edit_command(w, "copy"), "Ctrl+C", "复制所选单元格或文字")
    w.act_paste = _action(w, "粘贴(&P)", lambda: edit_command(w, "paste"), "Ctrl+V",
                          "从所选单元格起粘贴一块数字（WPS、Excel 中复制的），或把文字粘贴到文字框")
    w.act_clear = _action(w, "清除(&L)", lambda: edit_command(w, "clear"), "Del", "清除所选单元格（变为空白）")
    for act in (w.act_copy, w.act_paste, w.act_clear):
        # shown in the menu; the keys themselves go to the focused table or text box, which handle them
        # (Qt.ShortcutContext.WidgetShortcut, set by name: no ``Qt.…`` value before the first paint, see window_view)
        act.setProperty("shortcutContext", "WidgetShortcut")
    w.act_fill_zero = _action(w, "空白单元格填0(&0)", w.fill_zero, "Ctrl+0",
                              "把三张表中所有仍为空白的单元格填为 0（可一步撤销）")
    w.act_accept_totals = _action(w, "采用计算的合计数(&T)", w.accept_totals, "Ctrl+Shift+T",
                                  "放弃来源报告所列的合计数，以各项之和为准")
    _fill(edit_menu, (w.act_undo, w.act_redo, None, w.act_copy, w.act_paste, w.act_clear, None, w.act_fill_zero,
                w.act_accept_totals))

    view_menu = bar.addMenu("视图(&V)")
    w.act_issues = w.issues_panel.toggleViewAction()
    w.act_issues.setText("校验结果(&J)")
    w.act_issues.setShortcuts([QKeySequence("F8")])  # the list form: setShortcut(…) would weigh a Qt.Key overload
    w.act_issues.setStatusTip("显示或隐藏“校验结果”面板")
    w.addAction(w.act_issues)
    w.act_issues_beside = _action(w, "校验结果放在右侧(&B)", w.toggle_issues_side, "Ctrl+Shift+J",
                                  "把“校验结果”面板放在表格右侧（宽屏）或下方")
    w.act_issues_beside.setCheckable(True)
    w.act_show_all = _action(w, "显示全部问题(&A)", w.show_all_issues, "F9",
                             "新报告开始时只显示已填写部分的问题；此命令立即显示全部问题（导出前也会全部显示）")
    w.act_next_tab = _action(w, "下一页(&N)", lambda: w.switch_tab(1), ["Ctrl+Tab", "Ctrl+PgDown"], "切换到下一页")
    w.act_prev_tab = _action(w, "上一页(&P)", lambda: w.switch_tab(-1), ["Ctrl+Shift+Tab", "Ctrl+PgUp"],
                             "切换到上一页")
    _fill(view_menu, (w.act_issues, w.act_issues_beside, w.act_show_all, None, w.act_next_tab, w.act_prev_tab))

    tools_menu = bar.addMenu("工具(&T)")
    w.act_consolidate = _action(w, "汇总(&C)…", w.consolidate, "Ctrl+Shift+H", "把多个单位的报告汇总为一份")
    w.act_validation_settings = _action(w, "校验设置(&S)…", w.edit_validation_settings, "Ctrl+Alt+S",
                                        "修改公开截止日期、收费金额单位提醒阈值和重复率提醒阈值")
    tools_menu.addAction(w.act_consolidate)
    tools_menu.addSeparator()
    tools_menu.addAction(w.act_validation_settings)

    # 核实 and bound figures: the actions exist from the start (their keys work at once); gui/review_actions, the code
    # behind them, loads just after the first paint or when one is first used (``MainWindow.review``)
    w.act_insert_figure = _action(w, "插入表格数字(&F)…", lambda: w.review.insert_figure(), "Ctrl+F9",
                                  "在正文光标处插入表格中的数字（随表格自动更新）")
    w.act_unbind = _action(w, "取消引用", lambda: w.review.unbind(), "Ctrl+Shift+F9",
                           "光标处引用的数字改为普通文字（不再随表格更新）")
    w.act_bind = _action(w, "绑定正文中的数字(&B)…", lambda: w.review.bind_literals(), "Ctrl+Alt+B",
                         "找出正文中与表格一致的数字，绑定后随表格自动更新")
    w.act_notes = _action(w, "导出审核说明(&R)…", lambda: w.review.export_notes(), "Ctrl+Alt+R",
                          "导出已核实问题及其说明（PDF 或 Excel），供上级审核，不属于公开报告")
    edit_menu.addSeparator()
    edit_menu.addAction(w.act_insert_figure)
    edit_menu.addAction(w.act_unbind)
    tools_menu.insertAction(w.act_validation_settings, w.act_bind)
    tools_menu.insertSeparator(w.act_validation_settings)
    file_menu.insertAction(w.act_attach, w.act_notes)
    file_menu.insertSeparator(w.act_attach)

    help_menu = bar.addMenu("帮助(&H)")
    w.act_help = _action(w, "使用指南(&G)", w.show_help, "F1", "打开内置的使用指南（当前页的说明）")
    w.act_rules_help = _action(w, "校验规则说明(&R)", w.show_rules_help, "Shift+F1",
                               "每条校验规则检查什么、怎样改正（在“校验结果”中选中一条时，直接显示它的说明）")
    w.act_open_logs = _action(w, "打开日志文件夹(&L)", w.open_log_folder, "Ctrl+Alt+L",
                              "程序出错时，把其中的 gkdesk.log 发给技术支持人员（日志只保存在本机）")
    w.act_about = _action(w, "关于(&A)", w.about, "Ctrl+F1", "版本和报告格式")
    w.help_menu = help_menu
    _fill(help_menu, (w.act_help, w.act_rules_help, None, w.act_open_logs, None, w.act_about))


def edit_command(window: MainWindow, what: str) -> None:
    """复制 / 粘贴 / 清除 for whatever has the focus: a table (cells) or a text box (its text)."""
    from gkdesk.gui.table_view import ReportTableView

    focus = QApplication.focusWidget()
    if focus is None or not window.isAncestorOf(focus):  # nothing focused: the current page's table
        page = window.current_page()
        focus = getattr(page, "view", None)
    view = focus if isinstance(focus, ReportTableView) else None
    if view is None and isinstance(focus, QWidget) and isinstance(focus.parentWidget(), QWidget):
        parent = focus.parentWidget()
        while parent is not None and not isinstance(parent, ReportTableView):
            parent = parent.parentWidget()
        view = parent
        if view is not None and isinstance(focus, QLineEdit):  # the cell's editor: edit its text
            view = None
    if view is not None:
        if what == "copy":
            view.copy_selection()
        elif what == "paste":
            view.paste_clipboard()
        else:
            view.clear_selection_cells()
        return
    if isinstance(focus, (QLineEdit, QPlainTextEdit)):
        if what == "copy":
            focus.copy()
        elif what == "paste":
            focus.paste()
        elif isinstance(focus, QLineEdit):
            focus.del_()
        else:
            cursor = focus.textCursor()
            if cursor.hasSelection():
                cursor.removeSelectedText()
            else:
                cursor.deleteChar()
        return
    window.show_message("请先点选要复制、粘贴或清除的单元格或文字框。")
