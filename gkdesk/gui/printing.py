"""文件 → 打印 (Ctrl+P): the report exactly as published — the PDF export's pages — sent through the system.

The PDF is written to a temporary folder, then: on Windows the PDF's own program prints it (the system's 打印 verb);
elsewhere, when printers are set up (CUPS), Qt's print dialog chooses the printer and copies and ``lp`` prints the
PDF; with no printer at all the PDF opens in the PDF reader so the clerk can print from there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from gkdesk.core.issues import Issue
from gkdesk.core.report import Report


# --- questions (module-level so tests can answer them) ------------------------------------------------------
def ask_print_despite_errors(parent: QWidget | None, n_errors: int) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, "报告还有错误",
                      f"报告还有{n_errors}个错误，仍要打印吗？\n\n建议先在“校验结果”中逐条改正后再打印。", parent=parent)
    go = box.addButton("仍要打印", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is go


def send_to_printer(parent: QWidget | None, pdf: Path) -> str:
    """Hand the PDF to the system; returns what happened, for the status bar."""
    if sys.platform == "win32":
        try:
            os.startfile(str(pdf), "print")  # type: ignore[attr-defined]  # the PDF program's own 打印
            return "已交给系统打印（由电脑上的 PDF 阅读程序打印）。"
        except OSError:
            pass
    else:
        lp = shutil.which("lp")
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo

        if lp and QPrinterInfo.availablePrinters():
            printer = QPrinter(QPrinterInfo.defaultPrinter())
            dialog = QPrintDialog(printer, parent)
            dialog.setWindowTitle("打印")
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                return "已取消打印。"
            result = subprocess.run([lp, "-d", printer.printerName(), "-n", str(max(1, printer.copyCount())),
                                     str(pdf)], capture_output=True, text=True, check=False)
            if result.returncode == 0:
                return f"已发送到打印机“{printer.printerName()}”。"
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(pdf)))
    return "没有找到可直接使用的打印机，已在 PDF 阅读器中打开报告，请在其中打印（Ctrl+P）。"


def print_folder() -> Path:
    folder = Path(tempfile.gettempdir()) / "gkdesk-print"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def print_report(parent: QWidget | None, report: Report, issues: list[Issue]) -> str | None:
    """Print the report; returns the status message (None when cancelled)."""
    from gkdesk.gui.export_actions import run_export, show_export_error
    from gkdesk.gui.file_dialogs import safe_name

    n_errors = sum(1 for i in issues if i.severity == "error")
    if n_errors and not ask_print_despite_errors(parent, n_errors):
        return None
    pdf = print_folder() / f"{safe_name(report.title)}.pdf"
    error = run_export(parent, report, "pdf", pdf)
    if error is not None:
        show_export_error(parent, "pdf", error)
        return None
    message = send_to_printer(parent, pdf)
    window = parent.window() if parent is not None else None
    if window is not None and hasattr(window, "show_message"):
        window.show_message(message)
    return message
