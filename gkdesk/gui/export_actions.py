"""导出 Excel / PDF / Word / 网页 from the window: file dialog, warning about errors, export off the GUI thread, result."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from gkdesk.core.errors import GkError
from gkdesk.core.issues import Issue
from gkdesk.core.report import Report
from gkdesk.gui.threads import PythonThread

KIND_NAME = {"xlsx": "Excel 工作簿", "pdf": "PDF 文件", "docx": "Word 文档", "html": "网页文件"}
KIND_FILTER = {"xlsx": "Excel 工作簿 (*.xlsx)", "pdf": "PDF 文件 (*.pdf)", "docx": "Word 文档 (*.docx)",
               "html": "网页 (*.html *.htm)"}
KIND_EXT = {"xlsx": ".xlsx", "pdf": ".pdf", "docx": ".docx", "html": ".html"}
KIND_TITLE = {"xlsx": "导出 Excel", "pdf": "导出 PDF", "docx": "导出 Word", "html": "导出网页"}


# --- questions and messages (module-level so tests can answer them) --------------------------------------
def ask_export_path(parent: QWidget | None, kind: str, suggested: Path) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, KIND_TITLE[kind], str(suggested), KIND_FILTER[kind])
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


def show_export_done(parent: QWidget | None, kind: str, path: Path) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "导出完成", f"{KIND_NAME[kind]}已导出到：\n{path}", parent=parent)
    open_file = box.addButton("打开文件", QMessageBox.ButtonRole.ActionRole)
    open_dir = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
    box.addButton("关闭", QMessageBox.ButtonRole.AcceptRole)
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


class ExportWorker(PythonThread):
    """Writes one export in its own thread and reports only through signals (it never touches a widget)."""

    progressed = Signal(int, int)
    succeeded = Signal()
    failed = Signal(str)

    def __init__(self, report: Report, kind: str, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report, self.kind, self.path = report, kind, path

    def work(self) -> None:
        try:
            _exporter(self.kind)(self.report, self.path, self.progressed.emit)
        except GkError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the user instead of vanishing; nothing was written
            self.failed.emit(f"导出时出现意外错误（{type(exc).__name__}：{exc}）。没有写出文件，报告本身没有改动。"
                             "请重试；如果问题依旧，请把报告文件发给技术支持人员。")
        else:
            self.succeeded.emit()


class _Receiver(QObject):
    """Lives in the GUI thread, so the worker's signals reach the progress dialog through queued calls."""

    def __init__(self, progress: QProgressDialog, loop: QEventLoop) -> None:
        super().__init__()
        self.progress, self.loop = progress, loop
        self.error: str | None = None

    @Slot(int, int)
    def on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.error = message

    @Slot()
    def on_finished(self) -> None:
        self.loop.quit()


def run_export(parent: QWidget | None, report: Report, kind: str, path: Path) -> str | None:
    """Export with a progress dialog while the window stays responsive; None when done, else the Chinese error."""
    worker = ExportWorker(report.copy(), kind, path)  # a snapshot: the user may go on editing meanwhile
    progress = QProgressDialog(f"正在导出{KIND_NAME[kind]}……", "", 0, 0, parent)
    progress.setWindowTitle("导出")
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    loop = QEventLoop()
    receiver = _Receiver(progress, loop)
    worker.progressed.connect(receiver.on_progress)
    worker.failed.connect(receiver.on_failed)
    worker.finished.connect(receiver.on_finished)
    worker.start()
    loop.exec()  # the queued on_finished ends it, even when the worker is already done
    worker.wait()
    progress.close()
    progress.deleteLater()
    return receiver.error


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
    error = run_export(parent, report, kind, path)
    if error is not None:
        show_export_error(parent, kind, error)
        return None
    show_export_done(parent, kind, path)
    return path
