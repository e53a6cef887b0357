"""The window's tools: 空白单元格填0, 采用计算的合计数, 附加上年报告, 校验设置, and the features other modules provide
(导入, 新建下一年度, 导出, 汇总), each loaded when first used."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gkdesk import __version__
from gkdesk.core import storage
from gkdesk.core.errors import ReportFileError
from gkdesk.core.issues import Issue, Settings
from gkdesk.core.report import Report
from gkdesk.gui.window_files import DocumentActions, _dialogs

if TYPE_CHECKING:
    from gkdesk.gui.settings_dialog import ValidationSettingsDialog
    from gkdesk.gui.validation_settings import ValidationChoices

    _Base = DocumentActions
else:
    _Base = object


class ToolActions(_Base):
    """Mixed into MainWindow after DocumentActions (uses its open/replace helpers)."""

    #: the open 校验设置 dialog, if any
    validation_settings_dialog: ValidationSettingsDialog | None = None

    # --- editing actions ----------------------------------------------------------------------------
    def fill_zero(self) -> None:
        from gkdesk.core.edits import fill_blanks_with_zero

        edit = fill_blanks_with_zero(self.doc.report)
        if not edit.changes:
            self.show_message("没有空白单元格。")
            return
        self.doc.apply(edit)
        self.show_message(f"已把 {len(edit.changes)} 个空白单元格填为 0（可撤销）。")

    def show_all_issues(self) -> None:
        """视图 → 显示全部问题: the end of a calm start."""
        if not self.doc.calm:
            self.show_message("已显示全部问题。")
            return
        self.doc.show_all()
        self.show_message(f"已显示全部问题：错误 {self.doc.counts()['error']} 个。")

    def accept_totals(self) -> None:
        if not self.doc.report.has_stated():
            self.show_message("本报告没有来源所列的合计数，合计已按各项之和计算。")
            return
        from gkdesk.core.edits import AcceptComputedTotals

        self.doc.apply(AcceptComputedTotals())
        self.show_message("已采用计算的合计数（可撤销）。")

    def attach_last_year(self) -> None:
        from gkdesk.gui import file_dialogs

        chosen = file_dialogs.open_file(self, "选择上年度报告", file_dialogs.REPORT_FILTER)
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
        from gkdesk.core.edits import SetLastYear

        self.doc.apply(SetLastYear(last_year_from(previous)))
        self.show_message(f"已附加 {previous.meta.year or ''} 年度报告，用于核对结转数、现行有效件数和文字重复率。")
        return True

    # --- validation settings (工具 → 校验设置…) ---------------------------------------------------------
    def _load_validation_settings(self) -> Settings:
        """The user's validation settings (read with the first check, after the first paint)."""
        from gkdesk.gui.validation_settings import load_validation_settings

        return load_validation_settings(self.settings, self.doc.report.format)

    def validate_with_settings(self, report: Report) -> list[Issue]:
        """Validation with the user's settings, for tools that check other reports (汇总)."""
        from gkdesk.gui.validation import validate

        return validate(report, self.doc.settings)

    def edit_validation_settings(self) -> ValidationSettingsDialog:
        """Open 校验设置 (window-modal); on 确定 the choices are saved and the report is checked again at once."""
        from PySide6.QtCore import Qt

        from gkdesk.gui.settings_dialog import ValidationSettingsDialog
        from gkdesk.gui.validation_settings import load_validation_choices

        fmt = self.doc.report.format
        dlg = ValidationSettingsDialog(fmt, load_validation_choices(self.settings, fmt),
                                       level_key=self.doc.report.meta.level, parent=self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.finished.connect(lambda result: self._validation_settings_done(dlg, result))
        self.validation_settings_dialog = dlg
        dlg.open()
        return dlg

    def _validation_settings_done(self, dlg: ValidationSettingsDialog, result: int) -> None:
        from PySide6.QtWidgets import QDialog

        self.validation_settings_dialog = None
        if result == QDialog.DialogCode.Accepted:
            self.apply_validation_choices(dlg.choices())

    def apply_validation_choices(self, choices: ValidationChoices) -> None:
        """Keep the choices in the settings and check the report again with them."""
        from gkdesk.gui.validation_settings import core_settings, save_validation_choices

        fmt = self.doc.report.format
        save_validation_choices(self.settings, choices, fmt)
        self.doc.settings = core_settings(choices, fmt, today=self.doc.settings.today)
        self.doc.revalidate()
        self.show_message("校验设置已保存，已按新的设置重新校验。")

    # --- features written in their own modules (loaded when used, always shipped) -------------------

    def import_from_clipboard(self) -> None:
        """文件 → 从剪贴板导入: what the clerk copied from last year's web page becomes a new report."""
        self.import_report("clipboard")

    def import_report(self, start: str = "choose") -> None:
        from gkdesk.gui.import_dialog import import_report

        if not self.maybe_save():
            return
        report = import_report(self, start=start)  # checks with this window's validation settings
        if report is not None:
            self._replace_document(report, None, None, modified=True)

    def new_next_year(self) -> None:
        from gkdesk.core.carryover import next_year

        if not self.maybe_save():
            return
        self._replace_document(next_year(self.doc.report), None, None, modified=True, calm=True)
        self.show_message("已新建下一年度报告，结转数据已带入。请填写本年度数据后保存。")

    def export(self, kind: str) -> None:
        self.flush_editing()
        self.doc.show_all()  # before an export every issue counts and is shown
        from gkdesk.gui.export_actions import export_report

        export_report(self, self.doc.report, kind, list(self.doc.all_issues), self._suggested_path(f".{kind}"))

    def print_report(self) -> None:
        """Ctrl+P: the report as it is published (the PDF export's pages), through the system's print dialog."""
        self.flush_editing()
        self.doc.show_all()
        from gkdesk.gui.printing import print_report

        print_report(self, self.doc.report, list(self.doc.all_issues))

    def consolidate(self) -> None:
        from gkdesk.gui.consolidate_dialog import ConsolidateDialog

        dlg = ConsolidateDialog(self, settings=self.doc.settings)
        dlg.open_requested.connect(lambda p: self.open_path(p))
        self.consolidate_dialog = dlg
        try:
            dlg.exec()
        finally:
            self.consolidate_dialog = None

    def open_log_folder(self) -> None:
        """帮助 → 打开日志文件夹: the folder in the system's file manager (made first, so there is one to show)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from gkdesk.gui.logfile import log_dir

        folder = log_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _dialogs().show_error(self, "无法打开日志文件夹", f"无法创建日志文件夹 {folder}（{exc.strerror or exc}）。")
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            _dialogs().show_info(self, "日志文件夹", f"日志文件在这个文件夹中，请在文件管理器中打开：\n{folder}")

    def about(self) -> None:
        fmt = self.doc.report.format
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, "关于 gkdesk",
                          f"<b>gkdesk {__version__}</b><br>政府信息公开工作年度报告 编写、校验与发布工具。<br>"
                          f"报告格式：{fmt.name}（{fmt.basis}）。<br>本程序完全离线运行，不联网。")


