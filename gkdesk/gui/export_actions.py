"""导出 Excel / PDF / Word / 网页 from the window: file dialog, warning about errors, export off the GUI thread, result."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from gkdesk.core.issues import Issue
from gkdesk.core.report import Report
from gkdesk.gui.threads import Job, Progress

KIND_NAME = {"xlsx": "Excel 工作簿", "pdf": "PDF 文件", "docx": "Word 文档", "html": "网页文件"}
KIND_FILTER = {"xlsx": "Excel 工作簿 (*.xlsx)", "pdf": "PDF 文件 (*.pdf)", "docx": "Word 文档 (*.docx)",
               "html": "网页 (*.html *.htm)"}
KIND_EXT = {"xlsx": ".xlsx", "pdf": ".pdf", "docx": ".docx", "html": ".html"}
KIND_TITLE = {"xlsx": "导出 Excel", "pdf": "导出 PDF", "docx": "导出 Word", "html": "导出网页"}


# --- questions and messages (module-level so tests can answer them) --------------------------------------
def ask_export_path(parent: QWidget | None, kind: str, suggested: Path) -> Path | None:
    from gkdesk.gui import file_dialogs

    chosen = file_dialogs.save_file(parent, KIND_TITLE[kind], suggested, KIND_FILTER[kind])
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != KIND_EXT[kind] and not (kind == "html" and path.suffix.lower() == ".htm"):
        path = path.with_name(path.name + KIND_EXT[kind])
    return path


def ask_export_despite_errors(parent: QWidget | None, n_errors: int) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, "报告还有错误",
                      f"报告还有{n_errors}个错误，仍要导出吗？\n\n导出的文件会照原样写出这些内容。"
                      "建议先在窗口下方的“校验结果”中逐条改正。", parent=parent)
    go = box.addButton("仍要导出", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is go


def ask_export_undated(parent: QWidget | None) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, "没有成文日期",
                      "报告没有填写成文日期，PDF 的落款将只有机关名称，没有日期。仍要导出吗？\n\n"
                      "建议先在“基本信息”中填写成文日期（如 2025年1月20日）。", parent=parent)
    go = box.addButton("仍要导出", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is go


def show_export_done(parent: QWidget | None, kind: str, path: Path) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "导出完成", f"{KIND_NAME[kind]}已导出到：\n{path}", parent=parent)
    open_file = box.addButton("打开文件", QMessageBox.ButtonRole.ActionRole)
    open_dir = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
    close = box.addButton("关闭", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(close)
    box.setEscapeButton(close)  # Esc closes it
    box.exec()
    if box.clickedButton() is open_file:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    elif box.clickedButton() is open_dir:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def show_export_error(parent: QWidget | None, kind: str, message: str) -> None:
    QMessageBox.warning(parent, "导出失败", f"{KIND_NAME[kind]}没有导出。\n\n{message}")


# --- the work, off the GUI thread -----------------------------------------------------------------------
def _exporter(kind: str) -> Callable[[Report, Path, Callable[[int, int], None]], None]:
    if kind in ("xlsx", "docx", "html"):
        from gkdesk.core.exporters import export as export_one

        def one_step(report: Report, path: Path, progress: Callable[[int, int], None]) -> None:
            progress(0, 1)
            export_one(report, kind, path)
            progress(1, 1)

        return one_step
    from gkdesk.core.exporters.pdf import export_pdf

    return lambda report, path, progress: export_pdf(report, path, progress)


def run_export(parent: QWidget | None, report: Report, kind: str, path: Path) -> str | None:
    """Export with a progress dialog while the window stays responsive; None when done, else the Chinese error."""
    snapshot = report.copy()  # the user may go on editing meanwhile
    progress = QProgressDialog(f"正在导出{KIND_NAME[kind]}……", "", 0, 0, parent)
    progress.setWindowTitle("导出")
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)
    progress.setAutoClose(False)
    progress.setAutoReset(False)

    def show(done: int, total: int, _text: str) -> None:
        progress.setMaximum(total)
        progress.setValue(done)

    def work(report_progress: Progress, _cancelled: Callable[[], bool]) -> None:
        # the exporter (reportlab, openpyxl) is loaded here, off the GUI thread
        _exporter(kind)(snapshot, path, lambda done, total: report_progress(done, total, ""))

    job = Job(work, what="导出", on_progress=show)
    job.start()
    job.wait_ended()
    progress.close()
    progress.deleteLater()
    job.deleteLater()
    return job.error


def export_report(parent: QWidget | None, report: Report, kind: str, issues: list[Issue],
                  suggested_path: Path) -> Path | None:
    """导出 Excel/PDF/Word/网页 (kind "xlsx"/"pdf"/"docx"/"html"); the written path, or None when cancelled or failed."""
    if kind not in KIND_EXT:
        raise ValueError(kind)
    path = ask_export_path(parent, kind, Path(suggested_path))
    if path is None:
        return None
    n_errors = sum(1 for i in issues if i.severity == "error")
    if n_errors and not ask_export_despite_errors(parent, n_errors):
        return None
    if kind == "pdf" and not report.meta.written_date and not ask_export_undated(parent):
        return None  # the 落款 would print without its date (rule SIGN-DATE)
    error = run_export(parent, report, kind, path)
    if error is not None:
        show_export_error(parent, kind, error)
        return None
    show_export_done(parent, kind, path)
    return path
