"""The main window: a tab per section built from the format, menus, the 校验结果 dock, document safety."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from gkdesk import __version__
from gkdesk.core import storage
from gkdesk.core.edits import AcceptComputedTotals, SetLastYear, fill_blanks_with_zero
from gkdesk.core.errors import FileChangedOnDiskError, GkError, ReportFileError, SaveError
from gkdesk.core.issues import Issue
from gkdesk.core.report import Report
from gkdesk.gui import settings as app_settings
from gkdesk.gui.document import Document
from gkdesk.gui.issues_panel import IssuesPanel
from gkdesk.gui.lazy_tabs import LazyTab, LazyTabMap
from gkdesk.gui.meta_tab import MetaTab

if TYPE_CHECKING:
    from gkdesk.gui.recovery import RecoveryStore
    from gkdesk.gui.table_tab import TableTab

FILE_FILTER = "gkdesk 年度报告 (*.gkreport)"
BASIC_TAB = "基本信息"


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, recovery_dir: Path | None = None,
                 report: Report | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else app_settings.open_settings()
        self._recovery_dir = recovery_dir if recovery_dir is not None else app_settings.recovery_dir()
        self._recovery: RecoveryStore | None = None
        self.doc = Document(report, validate_now=False)
        self._shown_once = False
        self._reporting_crash = False
        self.setAcceptDrops(True)
        self.setMinimumSize(900, 600)
        self._build_tabs()
        self.issues_panel = IssuesPanel(self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.issues_panel)
        self.issues_panel.issue_activated.connect(self.goto_issue)
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self._build_actions()
        self.doc.issues_changed.connect(self._on_issues)
        self.doc.title_changed.connect(self._update_title)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(app_settings.AUTOSAVE_INTERVAL_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self._on_issues(self.doc.issues)
        self._update_title()
        # the first check of a document runs just after the window's first paint (start-up speed)
        self._first_paint = _FirstPaintWatch(self.tabs.tabBar())
        self._first_paint.then(self.doc.revalidate_if_pending)
        QTimer.singleShot(300, self.doc, self.doc.revalidate_if_pending)  # never shown (tests, scripts): check anyway
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 900)
        state = self.settings.value("window_state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    @property
    def recovery(self) -> RecoveryStore:
        """This session's recovery copies (created when first needed: nothing to do at start-up)."""
        if self._recovery is None:
            from gkdesk.gui.recovery import RecoveryStore

            self._recovery = RecoveryStore(self._recovery_dir)
        return self._recovery

    def _drop_recovery_copy(self) -> None:
        if self._recovery is not None:
            self._recovery.remove()

    def after_first_paint(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` just after the window is first painted (or now, if it already was)."""
        self._first_paint.then(callback)

    # --- construction -------------------------------------------------------------------------------
    def _build_tabs(self) -> None:
        """One tab per section of the format; pages are built when first shown (fast start)."""
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.setCentralWidget(self.tabs)
        fmt = self.doc.report.format
        self.meta_tab = MetaTab(self.doc)
        self.tab_keys: list[str] = ["meta"]
        self.tab_titles: list[str] = [BASIC_TAB]
        self.tabs.addTab(self.meta_tab, BASIC_TAB)
        self.table_tabs: LazyTabMap[TableTab] = LazyTabMap()
        self.text_tabs: LazyTabMap[QWidget] = LazyTabMap()
        for section in fmt.sections:
            page: LazyTab
            if section.kind == "table" and section.table:
                page = LazyTab(partial(_table_tab, self.doc, section.table), self._table_built)
                self.table_tabs.add(section.table, page)
            elif section.field == "overview":
                page = LazyTab(partial(_overview_tab, self.doc, section.heading), self._text_built)
                self.text_tabs.add(section.key, page)
            else:
                page = LazyTab(partial(_narrative_tab, self.doc, section.heading, section.field or section.key),
                               self._text_built)
                self.text_tabs.add(section.key, page)
            self.tab_keys.append(section.key)
            self.tab_titles.append(section.heading)
            self.tabs.addTab(page, section.heading)
        self.tabs.currentChanged.connect(self._ensure_page)

    def _ensure_page(self, index: int) -> None:
        page = self.tabs.widget(index)
        if isinstance(page, LazyTab):
            page.content()

    def _table_built(self, tab: TableTab) -> None:
        tab.view.message.connect(self.show_message)
        if self.tabs.currentWidget() is tab.parentWidget():
            tab.view.setFocus()

    def _text_built(self, tab: QWidget) -> None:
        tab.set_issues(self._issues_by_field())  # type: ignore[attr-defined]

    def _issues_by_field(self) -> dict[str, list[Issue]]:
        by_field: dict[str, list[Issue]] = {}
        for issue in self.doc.issues:
            if issue.field:
                by_field.setdefault(issue.field, []).append(issue)
        return by_field

    def _action(self, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        sk = QKeySequence.StandardKey
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        self.act_new = self._action("新建(&N)…", self.new_report, sk.New, "新建一份年度报告")
        self.act_open = self._action("打开(&O)…", lambda: self.open_report(), sk.Open, "打开 .gkreport 报告文件")
        self.recent_menu = file_menu.addMenu("最近打开(&R)")
        self.act_save = self._action("保存(&S)", self.save, sk.Save, "保存到当前文件")
        self.act_save_as = self._action("另存为(&A)…", self.save_as, "Ctrl+Shift+S", "保存到新的文件")
        self.act_import = self._action("导入(&I)…", self.import_report, "Ctrl+I",
                                       "从已发布的年报（网页、文本、Excel）导入为新报告")
        self.act_next_year = self._action("以此为基础新建下一年度(&Y)…", self.new_next_year, None,
                                          "用本报告的结转数、现行有效件数等新建下一年度报告")
        self.act_export_xlsx = self._action("导出 Excel(&E)…", lambda: self.export("xlsx"), "Ctrl+E")
        self.act_export_pdf = self._action("导出 PDF(&P)…", lambda: self.export("pdf"), "Ctrl+P")
        self.act_attach = self._action("附加上年报告(&L)…", self.attach_last_year, None,
                                       "选择上一年度的 .gkreport 文件，用于核对结转数和文字重复率")
        self.act_quit = self._action("退出(&X)", self.close, sk.Quit)
        file_menu.insertAction(self.recent_menu.menuAction(), self.act_new)
        file_menu.insertAction(self.recent_menu.menuAction(), self.act_open)
        for act in (self.act_save, self.act_save_as, None, self.act_import, self.act_next_year, None,
                    self.act_export_xlsx, self.act_export_pdf, None, self.act_attach, None, self.act_quit):
            if act is None:
                file_menu.addSeparator()
            else:
                file_menu.addAction(act)
        self._rebuild_recent()

        edit_menu = bar.addMenu("编辑(&E)")
        self.act_undo = self.doc.stack.createUndoAction(self, "撤销")
        self.act_undo.setShortcut(QKeySequence(sk.Undo))
        self.act_redo = self.doc.stack.createRedoAction(self, "重做")
        self.act_redo.setShortcuts([QKeySequence(sk.Redo), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.act_undo)
        edit_menu.addAction(self.act_redo)
        edit_menu.addSeparator()
        self.act_fill_zero = self._action("空白单元格填0", self.fill_zero, None,
                                          "把三张表中所有仍为空白的单元格填为 0（可一步撤销）")
        self.act_accept_totals = self._action("采用计算的合计数", self.accept_totals, None,
                                              "放弃来源报告所列的合计数，以各项之和为准")
        edit_menu.addAction(self.act_fill_zero)
        edit_menu.addAction(self.act_accept_totals)

        view_menu = bar.addMenu("视图(&V)")
        view_menu.addAction(self.issues_panel.toggleViewAction())

        tools_menu = bar.addMenu("工具(&T)")
        self.act_consolidate = self._action("汇总(&C)…", self.consolidate, None, "把多个单位的报告汇总为一份")
        tools_menu.addAction(self.act_consolidate)
        help_menu = bar.addMenu("帮助(&H)")
        self.act_about = self._action("关于(&A)", self.about)
        help_menu.addAction(self.act_about)

    # --- feedback -----------------------------------------------------------------------------------
    def select_section(self, key: str) -> QWidget:
        """Show the tab of a section ('meta', 's1' … 's6') and return its page."""
        self.tabs.setCurrentIndex(self.tab_keys.index(key))
        return self.current_page()

    def current_page(self) -> QWidget:
        page = self.tabs.currentWidget()
        return page.content() if isinstance(page, LazyTab) else page

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    def _update_title(self) -> None:
        self.setWindowModified(self.doc.modified)
        self.setWindowTitle(f"{self.doc.display_name}[*] — 政府信息公开工作年度报告 gkdesk")

    def _on_issues(self, issues: list[Issue]) -> None:
        counts = self.doc.counts()
        if self.doc.validation_pending:
            self.issues_panel.set_checking()
            self.counts_label.setText("正在检查…")
        else:
            self.issues_panel.set_issues(self.doc.report, issues)
            self.counts_label.setText(f"错误 {counts['error']} · 警告 {counts['warning']} · 提示 {counts['hint']}")
        per_tab: dict[str, list[Issue]] = {}
        for issue in issues:
            per_tab.setdefault(self.tab_key_for(issue), []).append(issue)
        by_field = self._issues_by_field()
        for i, key in enumerate(self.tab_keys):
            group = per_tab.get(key, [])
            errors = sum(1 for x in group if x.severity == "error")
            warnings = sum(1 for x in group if x.severity == "warning")
            marks = (f" ✖{errors}" if errors else "") + (f" ▲{warnings}" if warnings else "")
            if self.tabs.tabText(i) != self.tab_titles[i] + marks:
                self.tabs.setTabText(i, self.tab_titles[i] + marks)
                self.tabs.setTabToolTip(i, f"{self.tab_titles[i]}：错误 {errors} 个，警告 {warnings} 个")
        self.meta_tab.set_issues(by_field)
        for tab in self.text_tabs.built_values():
            tab.set_issues(by_field)  # type: ignore[attr-defined]

    def tab_key_for(self, issue: Issue) -> str:
        fmt = self.doc.report.format
        if issue.table:
            try:
                return fmt.section_for_table(issue.table).key
            except KeyError:
                return "meta"
        f = issue.field or ""
        for section in fmt.sections:
            if section.kind == "narrative" and section.field and (
                    f == section.field or f.startswith(section.field + ".")
                    or (section.field == "overview" and f == "overview_intro")
                    or (section.field == "section6" and f == "processing_fee")):
                return section.key
        return "meta"

    def goto_issue(self, issue: Issue) -> None:
        """Switch to the issue's tab and select its cell or focus its text field."""
        key = self.tab_key_for(issue)
        self.tabs.setCurrentIndex(self.tab_keys.index(key))
        if issue.table and issue.table in self.table_tabs:
            tab = self.table_tabs[issue.table]
            tab.view.setFocus()
            tdef = tab.model.tdef
            row = issue.row or (tdef.rows[0].key if issue.column else None)
            if row is None:
                tab.view.setFocus()
                return
            try:
                col = issue.column or tdef.row(row).columns[0]
                index = tab.model.index_of(row, col)
            except KeyError:
                return
            tab.view.move_cursor_to(index)
            tab.view.setFocus()
        elif issue.field:
            widget = self.field_widget(issue.field)
            if widget is not None:
                page = self.tabs.currentWidget()
                scroller = page.content() if isinstance(page, LazyTab) else page
                if hasattr(scroller, "ensureWidgetVisible"):
                    scroller.ensureWidgetVisible(widget)
                widget.setFocus()
        self.show_message(issue.message)

    def field_widget(self, field_id: str) -> QWidget | None:
        widgets: dict[str, QWidget] = dict(self.meta_tab.field_widgets())
        for tab in self.text_tabs.values():
            widgets.update(tab.field_widgets())  # type: ignore[attr-defined]
        if field_id in widgets:
            return widgets[field_id]
        if field_id.startswith("overview"):
            return widgets.get("overview_intro")
        return None

    # --- document safety ----------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to drop the current document (saved, discarded), False when cancelled."""
        if not self.doc.modified:
            return True
        answer = _dialogs().ask_unsaved(self, self.doc.display_name)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def _replace_document(self, report: Report, path: Path | None = None, fingerprint: str | None = None,
                          modified: bool = False, defer_validation: bool = False) -> None:
        self._drop_recovery_copy()
        self.doc.set_report(report, path, fingerprint, modified, defer_validation)
        self.tabs.setCurrentIndex(0)
        if modified:
            self.autosave()

    def new_report(self) -> None:
        if not self.maybe_save():
            return
        values = _dialogs().ask_new_report(self)
        if values is None:
            return
        org, level, year = values
        self._replace_document(Report.new(org, level, year))

    def open_report(self, path: str | Path | None = None) -> bool:
        if not self.maybe_save():
            return False
        if path is None:
            start = str(self.doc.path.parent) if self.doc.path else ""
            chosen, _ = QFileDialog.getOpenFileName(self, "打开年度报告", start, FILE_FILTER + ";;所有文件 (*)")
            if not chosen:
                return False
            path = chosen
        return self.open_path(Path(path), ask=False)

    def open_path(self, path: str | Path, ask: bool = True, defer_validation: bool = False) -> bool:
        """Open a .gkreport; a file that cannot be read leaves the current document as it is."""
        if ask and not self.maybe_save():
            return False
        path = Path(path)
        try:
            report, fp = storage.load_with_fingerprint(path)
        except ReportFileError as exc:
            _dialogs().show_error(self, "无法打开", str(exc))
            return False
        self._replace_document(report, path, fp, defer_validation=defer_validation)
        self._remember(path)
        self.show_message(f"已打开 {path}")
        return True

    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        try:
            self.doc.save()
        except FileChangedOnDiskError as exc:
            if _dialogs().ask_save_as_after_conflict(self, str(exc)):
                return self.save_as()
            return False
        except SaveError as exc:
            _dialogs().show_error(self, "保存失败", f"{exc}\n\n您的修改仍在窗口中，没有丢失。")
            return False
        self._saved()
        return True

    def save_as(self) -> bool:
        suggested = self._suggested_path(".gkreport")
        chosen, _ = QFileDialog.getSaveFileName(self, "另存为", str(suggested), FILE_FILTER)
        if not chosen:
            return False
        return self.save_to(Path(chosen))

    def save_to(self, path: Path) -> bool:
        if path.suffix.lower() != storage.EXTENSION:
            path = path.with_name(path.name + storage.EXTENSION)
        try:
            self.doc.save(path)
        except SaveError as exc:
            _dialogs().show_error(self, "保存失败", f"{exc}\n\n您的修改仍在窗口中，没有丢失。")
            return False
        self._saved()
        return True

    def _saved(self) -> None:
        self._drop_recovery_copy()
        if self.doc.path is not None:
            self._remember(self.doc.path)
        self.show_message(f"已保存到 {self.doc.path}")

    def _suggested_path(self, suffix: str) -> Path:
        if self.doc.path is not None:
            return self.doc.path.with_suffix(suffix)
        name = "".join(ch for ch in self.doc.report.title if ch not in '\\/:*?"<>|') or "年度报告"
        folder = Path.home() / "Documents"
        return (folder if folder.is_dir() else Path.home()) / f"{name}{suffix}"

    def autosave(self) -> bool:
        """Write the recovery copy while there are unsaved changes (never over the user's file)."""
        if not self.doc.modified:
            return False
        try:
            self.recovery.write(self.doc.report, self.doc.path, self.doc.fingerprint)
        except GkError as exc:
            self.show_message(f"自动保存恢复副本失败：{exc}")
            return False
        return True

    def showEvent(self, event: object) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[arg-type]
        if not self._shown_once:
            self._shown_once = True
            if not isinstance(self.settings.value("window_state"), QByteArray):
                self.resizeDocks([self.issues_panel], [180], Qt.Orientation.Vertical)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if any(u.toLocalFile().lower().endswith(storage.EXTENSION) for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if url.toLocalFile().lower().endswith(storage.EXTENSION):
                event.acceptProposedAction()
                self.open_path(url.toLocalFile())
                return

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.maybe_save():
            event.ignore()
            return
        self._drop_recovery_copy()
        self.autosave_timer.stop()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.settings.sync()
        event.accept()

    def offer_recovery(self) -> bool:
        """At start: offer to restore copies that a crashed session left; True when one was restored."""
        for rec in self.recovery.orphans():
            answer = _dialogs().ask_restore(self, rec.title, rec.saved_at, str(rec.original) if rec.original else None)
            if answer == "later":
                continue
            if answer == "discard":
                rec.discard()
                continue
            try:
                report = rec.load()
            except ReportFileError as exc:
                _dialogs().show_error(self, "无法恢复", str(exc))
                continue
            self._replace_document(report, rec.original, rec.original_fingerprint, modified=True)
            rec.discard()
            self.show_message("已恢复上次未保存的工作，请检查后保存。")
            return True
        return False

    def report_crash(self, exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
        """An unexpected error: keep the work in the recovery copy and say so, instead of vanishing."""
        if self._reporting_crash:  # an error while the dialog is up: the first dialog already says it
            traceback.print_exception(exc_type, exc, tb)  # type: ignore[arg-type,call-overload]
            return
        self._reporting_crash = True
        try:
            self._show_crash(exc_type, exc, tb)
        finally:
            self._reporting_crash = False

    def _show_crash(self, exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
        kept = self.autosave()
        detail = "".join(traceback.format_exception(exc_type, exc, tb))  # type: ignore[arg-type,call-overload]
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("程序出错")
        box.setText("程序遇到了一个意外错误，刚才的操作可能没有完成。")
        saved = ("您的修改已保存为恢复副本；如果程序关闭，下次启动时会提示恢复。" if kept
                 else "请尽快保存您的工作（文件 → 另存为）。")
        box.setInformativeText(f"{saved}\n如问题反复出现，请把“详细信息”中的内容发给技术支持人员。")
        box.setDetailedText(detail)
        box.exec()

    # --- recent files -------------------------------------------------------------------------------
    def _remember(self, path: Path) -> None:
        app_settings.add_recent(self.settings, path)
        self._rebuild_recent()

    def _rebuild_recent(self) -> None:
        self.recent_menu.clear()
        files = app_settings.recent_files(self.settings)
        if not files:
            empty = self.recent_menu.addAction("（无）")
            empty.setEnabled(False)
            return
        for i, f in enumerate(files, 1):
            action = self.recent_menu.addAction(f"&{i} {Path(f).name}")
            action.setStatusTip(f)
            action.triggered.connect(lambda _=False, p=f: self.open_path(p))

    # --- editing actions ----------------------------------------------------------------------------
    def fill_zero(self) -> None:
        edit = fill_blanks_with_zero(self.doc.report)
        if not edit.changes:
            self.show_message("没有空白单元格。")
            return
        self.doc.apply(edit)
        self.show_message(f"已把 {len(edit.changes)} 个空白单元格填为 0（可撤销）。")

    def accept_totals(self) -> None:
        if not self.doc.report.has_stated():
            self.show_message("本报告没有来源所列的合计数，合计已按各项之和计算。")
            return
        self.doc.apply(AcceptComputedTotals())
        self.show_message("已采用计算的合计数（可撤销）。")

    def attach_last_year(self) -> None:
        start = str(self.doc.path.parent) if self.doc.path else ""
        chosen, _ = QFileDialog.getOpenFileName(self, "选择上年度报告", start, FILE_FILTER)
        if chosen:
            self.attach_last_year_file(Path(chosen))

    def attach_last_year_file(self, path: Path) -> bool:
        from gkdesk.core.lastyear import last_year_from

        try:
            previous = storage.load(path)
        except ReportFileError as exc:
            _dialogs().show_error(self, "无法读取上年报告", str(exc))
            return False
        year = self.doc.report.meta.year
        if year and previous.meta.year and previous.meta.year != year - 1 and not _dialogs().ask_yes_no(
                self, "年度不符", f"所选报告是 {previous.meta.year} 年度的，而本报告是 {year} 年度。仍要附加吗？"):
            return False
        self.doc.apply(SetLastYear(last_year_from(previous)))
        self.show_message(f"已附加 {previous.meta.year or ''} 年度报告，用于核对结转数、现行有效件数和文字重复率。")
        return True

    # --- features written in their own modules (loaded when used) -----------------------------------
    def _missing(self, what: str) -> None:
        _dialogs().show_info(self, "此功能尚未安装", f"“{what}”功能尚未安装在本程序中。请更新 gkdesk 后再试。")

    def import_report(self) -> None:
        try:
            from gkdesk.gui.import_dialog import import_report
        except ImportError:
            self._missing("导入")
            return
        if not self.maybe_save():
            return
        report = import_report(self)
        if report is not None:
            self._replace_document(report, None, None, modified=True)

    def new_next_year(self) -> None:
        try:
            from gkdesk.core.carryover import next_year
        except ImportError:
            self._missing("新建下一年度")
            return
        if not self.maybe_save():
            return
        self._replace_document(next_year(self.doc.report), None, None, modified=True)
        self.show_message("已新建下一年度报告，结转数据已带入。请填写本年度数据后保存。")

    def export(self, kind: str) -> None:
        try:
            from gkdesk.gui.export_actions import export_report
        except ImportError:
            self._missing("导出 Excel" if kind == "xlsx" else "导出 PDF")
            return
        export_report(self, self.doc.report, kind, list(self.doc.issues), self._suggested_path(f".{kind}"))

    def consolidate(self) -> None:
        try:
            from gkdesk.gui.consolidate_dialog import ConsolidateDialog
        except ImportError:
            self._missing("汇总")
            return
        dlg = ConsolidateDialog(self)
        dlg.open_requested.connect(lambda p: self.open_path(p))
        dlg.exec()

    def about(self) -> None:
        fmt = self.doc.report.format
        QMessageBox.about(self, "关于 gkdesk",
                          f"<b>gkdesk {__version__}</b><br>政府信息公开工作年度报告 编写、校验与发布工具。<br>"
                          f"报告格式：{fmt.name}（{fmt.basis}）。<br>本程序完全离线运行，不联网。")


class _FirstPaintWatch(QObject):
    """Runs callbacks on the next turn of the event loop after ``widget`` first paints."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callbacks: list[Callable[[], object]] = []
        self._painted = False
        widget.installEventFilter(self)

    def then(self, callback: Callable[[], object]) -> None:
        if self._painted:
            QTimer.singleShot(0, self, callback)
        else:
            self._callbacks.append(callback)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self._widget.removeEventFilter(self)
            for callback in self._callbacks:
                QTimer.singleShot(0, self, callback)
            self._callbacks.clear()
        return False


def _dialogs():  # noqa: ANN202 - the module, loaded when a question is first asked
    from gkdesk.gui import dialogs

    return dialogs


# --- page factories: their modules load when a page is first shown ------------------------------------
def _table_tab(doc: Document, table_key: str) -> TableTab:
    from gkdesk.gui.table_tab import TableTab

    return TableTab(doc, table_key)


def _overview_tab(doc: Document, heading: str) -> QWidget:
    from gkdesk.gui.text_tabs import OverviewTab

    return OverviewTab(doc, heading)


def _narrative_tab(doc: Document, heading: str, field_name: str) -> QWidget:
    from gkdesk.gui.text_tabs import NarrativeTab

    return NarrativeTab(doc, heading, field_name)
