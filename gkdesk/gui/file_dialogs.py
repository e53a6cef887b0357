"""Every file dialog of the window: one name per file type, starting in the last folder used, fitted to the screen.

Where the platform has native dialogs (Windows, a GNOME/KDE desktop) they are used and speak the system's language;
elsewhere Qt's own dialog is shown, in Chinese (qtbase_zh_CN.qm completed by resources/translations), with a
date column wide enough for its dates.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QTreeView, QWidget

from gkdesk.gui import screen
from gkdesk.gui import settings as app_settings

#: the one name of gkdesk's own file type, in every dialog
REPORT_FILTER = "gkdesk 年度报告 (*.gkreport)"
ALL_FILES = "所有文件 (*)"
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
PDF_FILTER = "PDF 文件 (*.pdf)"


def settings_of(widget: QWidget | None) -> QSettings | None:
    """The window's settings (tests give each window its own), found from any of its dialogs."""
    while widget is not None:
        value = getattr(widget, "settings", None)
        if isinstance(value, QSettings):
            return value
        widget = widget.parentWidget()
    return None


def start_folder(parent: QWidget | None) -> str:
    return app_settings.last_folder(settings_of(parent))


def make_dialog(parent: QWidget | None, title: str, start: str, filters: str) -> QFileDialog:
    """A file dialog, fitted to the screen; Qt's own dialog gets a date column that shows whole dates."""
    dlg = QFileDialog(parent, title, start, filters)
    screen.fit_to_screen(dlg, (960, 600), parent)
    tree = dlg.findChild(QTreeView, "treeView")
    if tree is not None:
        header = tree.header()
        metrics = tree.fontMetrics()
        header.resizeSection(0, 360)
        header.resizeSection(1, metrics.horizontalAdvance("1023.9 KB") + 24)
        header.resizeSection(2, metrics.horizontalAdvance("Excel 工作簿") + 24)
        header.resizeSection(3, metrics.horizontalAdvance("2026/12/31 23:59") + 32)
    sidebar = dlg.findChild(QWidget, "sidebar")
    if sidebar is not None:
        sidebar.setMinimumWidth(140)
    return dlg


def _run(dlg: QFileDialog, parent: QWidget | None) -> list[str]:
    if dlg.exec() != QFileDialog.DialogCode.Accepted:
        return []
    chosen = dlg.selectedFiles()
    if chosen:
        app_settings.remember_folder(settings_of(parent), chosen[0])
    return chosen


def open_file(parent: QWidget | None, title: str, filters: str) -> str:
    dlg = make_dialog(parent, title, start_folder(parent), filters)
    dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dlg.setFileMode(QFileDialog.FileMode.ExistingFile)
    chosen = _run(dlg, parent)
    return chosen[0] if chosen else ""


def open_files(parent: QWidget | None, title: str, filters: str) -> list[str]:
    dlg = make_dialog(parent, title, start_folder(parent), filters)
    dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dlg.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dlg, parent)


def choose_folder(parent: QWidget | None, title: str) -> str:
    dlg = make_dialog(parent, title, start_folder(parent), "")
    dlg.setFileMode(QFileDialog.FileMode.Directory)
    dlg.setOption(QFileDialog.Option.ShowDirsOnly, True)
    chosen = _run(dlg, parent)
    return chosen[0] if chosen else ""


def save_file(parent: QWidget | None, title: str, suggested: Path, filters: str) -> str:
    """Ask where to save; ``suggested`` is the proposed path (see ``suggested_path``)."""
    dlg = make_dialog(parent, title, str(suggested), filters)
    dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dlg.setFileMode(QFileDialog.FileMode.AnyFile)
    chosen = _run(dlg, parent)
    return chosen[0] if chosen else ""


def suggested_path(parent: QWidget | None, name: str, fallback_folder: Path | None = None) -> Path:
    """``name`` in the last folder used, else ``fallback_folder`` (the report's own), else 文档."""
    folder = start_folder(parent)
    if folder:
        return Path(folder) / name
    if fallback_folder is not None and fallback_folder.is_dir():
        return fallback_folder / name
    return default_folder() / name


def default_folder() -> Path:
    docs = Path.home() / "Documents"
    return docs if docs.is_dir() else Path.home()


def safe_name(title: str, fallback: str = "年度报告") -> str:
    """A file name from the report's title (characters Windows refuses removed)."""
    name = "".join(ch for ch in title if ch not in '\\/:*?"<>|\n\r\t').strip().strip(".")
    return name or fallback
