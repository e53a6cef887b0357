"""The main window: a tab per section built from the format, menus, the 校验结果 dock, navigation to issues."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from gkdesk.core.fields import registry
from gkdesk.core.issues import Issue
from gkdesk.core.location import parse_location
from gkdesk.core.report import Report
from gkdesk.gui import screen, style
from gkdesk.gui import settings as app_settings
from gkdesk.gui.document import Document
from gkdesk.gui.issues_panel import IssuesPanel
from gkdesk.gui.lazy_tabs import LazyTab, LazyTabMap
from gkdesk.gui.meta_tab import MetaTab
from gkdesk.gui.quiet_updates import TabTitles, set_growing_text
from gkdesk.gui.window_files import DocumentActions
from gkdesk.gui.window_tools import ToolActions
from gkdesk.gui.window_view import ViewActions

if TYPE_CHECKING:
    from gkdesk.gui.recovery import RecoveryStore
    from gkdesk.gui.review_actions import ReviewActions
    from gkdesk.gui.table_tab import TableTab

BASIC_TAB = "基本信息"


class MainWindow(ViewActions, ToolActions, DocumentActions, QMainWindow):
    """The window: tabs from the format, menus, the issues dock; file and tool actions come from the mixins."""

    def __init__(self, settings: QSettings | None = None, recovery_dir: Path | None = None,
                 report: Report | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else app_settings.open_settings()
        self._recovery_dir = recovery_dir  # None: the user's (found when the first copy is written or looked for)
        self._recovery: RecoveryStore | None = None
        self._review: ReviewActions | None = None
        self.doc = Document(report, validate_now=False)
        self.doc.calm = report is None  # the blank report of a first start: a calm start too
        self.doc.settings_loader = self._load_validation_settings
        self._shown_once = False
        self._started = False
        self._tab_cache: tuple[object, dict[Issue, str]] | None = None  # see _tab_of_issue
        self._reporting_crash = False
        self.setAcceptDrops(True)
        self.setMinimumSize(900, 600)
        self._build_tabs()
        self.issues_panel = IssuesPanel(self)
        # placed by _restore_layout: the saved window state puts it where the clerk left it (the first start: below)
        self.issues_panel.issue_activated.connect(self.goto_issue)
        self.issues_panel.fill_zero_requested.connect(self.fill_zero)
        self.issues_panel.show_all_requested.connect(self.show_all_issues)
        self.doc.reset.connect(self.issues_panel.expand_groups)
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
        self._first_paint.then(self._after_start)
        # a window never shown (tests, scripts) checks anyway; once shown, the first paint starts the check (on a busy
        # machine the paint may come later than this timer, and the check must not delay it)
        self._check_anyway = QTimer(self)
        self._check_anyway.setSingleShot(True)
        self._check_anyway.setInterval(300)
        self._check_anyway.timeout.connect(self._after_start)
        self._check_anyway.start()
        self._restore_layout()

    def _after_start(self) -> None:
        """What the first paint does not need: the first check, then the 核实 commands (panel menu, marks), and
        following the panel when the clerk drags it (its signal carries a ``Qt.…`` value: see window_view)."""
        self.doc.revalidate_if_pending()
        _ = self.review
        if not self._started:
            self._started = True
            self.issues_panel.dockLocationChanged.connect(self.on_panel_moved)
            self._sync_side_action()

    @property
    def review(self) -> ReviewActions:
        """The 核实 and bound-figure commands (gui/review_actions): installed just after the first paint, or when one
        of their menu actions is used before that."""
        if self._review is None:
            from gkdesk.gui.review_actions import ReviewActions

            self._review = ReviewActions(self)
        return self._review

    def after_first_paint(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` just after the window is first painted (or now, if it already was)."""
        self._first_paint.then(callback)

    # --- construction -------------------------------------------------------------------------------
    def _build_tabs(self) -> None:
        """One tab per section of the format; pages are built when first shown (fast start)."""
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self._tab_titles = TabTitles(self.tabs)  # issue marks in the titles change without a full repaint
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

    def _build_actions(self) -> None:
        from gkdesk.gui.menus import build_menus

        build_menus(self)
        self._rebuild_recent()

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
        # the platform appends the application display name (" — gkdesk")
        self.setWindowTitle(f"{self.doc.display_name}[*] — 政府信息公开工作年度报告")

    def _on_issues(self, issues: list[Issue]) -> None:
        counts = self.doc.counts()
        if self.doc.validation_pending:
            self.issues_panel.set_checking()
            set_growing_text(self.counts_label, "正在检查…")
        else:
            self.issues_panel.set_issues(self.doc.report, issues, self.doc.explained)
            held = self.doc.held_back
            blanks = sum(1 for i in self.doc.all_issues if i.rule == "NUM-BLANK") if held else 0
            self.issues_panel.set_calm(held, blanks)
            set_growing_text(self.counts_label, f"错误 {counts['error']} · 警告 {counts['warning']} · "
                             f"提示 {counts['hint']}" + (f" · 待填 {blanks}" if blanks else ""))
        # per tab: [errors, warnings]; an issue's tab is remembered (the validator hands back the same objects)
        per_tab: dict[str, list[int]] = {}
        by_field: dict[str, list[Issue]] = {}
        tab_of = self._tab_of_issue(self.doc.report.format)
        for issue in issues:
            key = tab_of.get(issue)
            if key is None:
                sec = registry(self.doc.report.format).section_of(issue.location)
                key = tab_of[issue] = sec.key if sec is not None else "meta"
            if issue.field:
                by_field.setdefault(issue.field, []).append(issue)
            if issue.severity == "error":
                per_tab.setdefault(key, [0, 0])[0] += 1
            elif issue.severity == "warning":
                per_tab.setdefault(key, [0, 0])[1] += 1
        for i, key in enumerate(self.tab_keys):
            errors, warnings = per_tab.get(key, (0, 0))
            marks = (f" {style.SEVERITY_MARK['error']}{errors}" if errors else "") + (
                f" {style.SEVERITY_MARK['warning']}{warnings}" if warnings else "")
            if self.tabs.tabText(i) != self.tab_titles[i] + marks:
                self._tab_titles.set_text(i, self.tab_titles[i] + marks)
                self.tabs.setTabToolTip(i, f"{self.tab_titles[i]}：错误 {errors} 个，警告 {warnings} 个")
        self.meta_tab.set_issues(by_field)
        for tab in self.text_tabs.built_values():
            tab.set_issues(by_field)  # type: ignore[attr-defined]

    def _tab_of_issue(self, fmt: object) -> dict[Issue, str]:
        """Issue -> the key of its tab, for the report's format (kept while the format stays; bounded)."""
        cache = self._tab_cache
        if cache is None or cache[0] is not fmt or len(cache[1]) > 4096:
            cache = self._tab_cache = (fmt, {})
        return cache[1]

    def tab_key_for(self, issue: Issue) -> str:
        sec = registry(self.doc.report.format).section_of(issue.location)
        return sec.key if sec is not None else "meta"

    def section_of_field(self, f: str) -> str:
        """The tab key ('meta', 's1' …) of a text or meta field id (the string form of its Location)."""
        try:
            loc = parse_location(f, self.doc.report.format)
        except ValueError:
            return "meta"
        sec = registry(self.doc.report.format).section_of(loc)
        return sec.key if sec is not None else "meta"

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
            return widgets.get("overview.intro")
        return None

    def showEvent(self, event: object) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[arg-type]
        if not self._shown_once:
            self._shown_once = True
            self._check_anyway.stop()
            if not isinstance(self.settings.value("window_state"), QByteArray):
                self.place_issues_panel(screen.is_wide(self))

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
