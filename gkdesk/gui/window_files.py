"""The window's document safety: new/open/save, unsaved-changes prompt, recovery copies, crash dialog, recent files."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from gkdesk.core import storage
from gkdesk.core.errors import FileChangedOnDiskError, GkError, ReportFileError, SaveError
from gkdesk.core.report import Report
from gkdesk.gui import settings as app_settings
from gkdesk.gui.document import Document

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget

    from gkdesk.gui.recovery import RecoveryStore

    _Base = QMainWindow
else:
    _Base = object


def _dialogs():  # noqa: ANN202 - the module, loaded when a question is first asked
    from gkdesk.gui import dialogs

    return dialogs


class DocumentActions(_Base):
    """Mixed into MainWindow: everything that reads or writes the report file or its recovery copy."""

    doc: Document
    settings: QSettings
    tabs: QTabWidget
    recent_menu: QMenu
    autosave_timer: QTimer
    _recovery: RecoveryStore | None
    _recovery_dir: Path | None
    _reporting_crash: bool

    def show_message(self, text: str) -> None:  # pragma: no cover - provided by MainWindow
        raise NotImplementedError

    @property
    def recovery(self) -> RecoveryStore:
        """This session's recovery copies (created when first needed: nothing to do at start-up)."""
        if self._recovery is None:
            from gkdesk.gui.recovery import RecoveryStore

            folder = self._recovery_dir if self._recovery_dir is not None else app_settings.recovery_dir()
            self._recovery = RecoveryStore(folder)
        return self._recovery

    def _drop_recovery_copy(self) -> None:
        if self._recovery is not None:
            self._recovery.remove()

    # --- document safety ----------------------------------------------------------------------------
    def flush_editing(self) -> None:
        """Finish what is being typed (a cell editor, a date, the fee) so that it is in the report before a save,
        an export or the unsaved-changes check: those commit when they lose focus."""
        from PySide6.QtWidgets import QApplication

        focus = QApplication.focusWidget()
        if focus is not None and self.isAncestorOf(focus):
            focus.clearFocus()

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current document (saved, discarded), False when cancelled."""
        self.flush_editing()
        if not self.doc.modified:
            return True
        answer = _dialogs().ask_unsaved(self, self.doc.display_name)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def _replace_document(self, report: Report, path: Path | None = None, fingerprint: str | None = None,
                          modified: bool = False, defer_validation: bool = False, calm: bool = False) -> None:
        self._drop_recovery_copy()
        self.doc.set_report(report, path, fingerprint, modified, defer_validation, calm=calm)
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
        self._replace_document(Report.new(org, level, year), calm=True)
        self.show_message("新报告：尚未填写的格子显示为“待填”，填写后才检查；导出前会检查全部内容。")

    def open_report(self, path: str | Path | None = None) -> bool:
        if not self.maybe_save():
            return False
        if path is None:
            from gkdesk.gui import file_dialogs

            chosen = file_dialogs.open_file(self, "打开年度报告", f"{file_dialogs.REPORT_FILTER};;{file_dialogs.ALL_FILES}")
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
            report, content = storage.load_with_content(path)
        except ReportFileError as exc:
            if not path.exists():
                app_settings.remove_recent(self.settings, path)
                self._rebuild_recent()
            _dialogs().show_error(self, "无法打开", str(exc))
            return False
        self._replace_document(report, path, None, defer_validation=defer_validation)
        self.doc.set_opened_content(content)  # hashed into the fingerprint when saving needs it
        self._remember(path)
        app_settings.remember_folder(self.settings, path)
        self.show_message(f"已打开 {path}")
        return True

    def save(self) -> bool:
        self.flush_editing()
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
        self.flush_editing()
        from gkdesk.gui import file_dialogs

        name = (self.doc.path.stem if self.doc.path is not None else file_dialogs.safe_name(self.doc.report.title))
        folder = self.doc.path.parent if self.doc.path is not None else None
        suggested = file_dialogs.suggested_path(self, name + storage.EXTENSION, folder)
        chosen = file_dialogs.save_file(self, "另存为", suggested, file_dialogs.REPORT_FILTER)
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
        """An export's proposed path: the report's title as the name, in the last folder used."""
        from gkdesk.gui import file_dialogs

        name = file_dialogs.safe_name(self.doc.report.title) + suffix
        return file_dialogs.suggested_path(self, name, self.doc.path.parent if self.doc.path is not None else None)

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
        self.settings.setValue("issues_beside", self.issues_beside())  # read at the next start (window_view)
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
        from PySide6.QtWidgets import QMessageBox

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

