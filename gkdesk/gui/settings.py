"""Where the window keeps its settings (QSettings) and its recovery copies; both injectable for tests."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

ORGANIZATION = "gkdesk"
APPLICATION = "gkdesk"
#: appended by the platform to every window title (“尚未保存 — gkdesk”): short, so no dialog title is cut
DISPLAY_NAME = "gkdesk"
MAX_RECENT = 8
#: the recovery copy of unsaved work is written this often while there are unsaved changes
AUTOSAVE_INTERVAL_MS = 60_000
#: set to a folder to keep settings and recovery copies there (tests, portable use, benchmarks)
DATA_DIR_ENV = "GKDESK_DATA_DIR"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from PySide6.QtCore import QStandardPaths  # where GKDESK_DATA_DIR is not set (its type is built on first use)

    loc = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(loc) if loc else Path.home() / ".gkdesk"


def recovery_dir() -> Path:
    return data_dir() / "recovery"


def open_settings(path: Path | None = None) -> QSettings:
    if path is None and os.environ.get(DATA_DIR_ENV):
        path = data_dir() / "settings.ini"
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def recent_files(settings: QSettings) -> list[str]:
    value = settings.value("recent_files", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return []
    return [str(v) for v in value if v]


def add_recent(settings: QSettings, path: Path) -> list[str]:
    p = str(Path(path).resolve())
    before = recent_files(settings)
    files = ([p] + [f for f in before if f != p])[:MAX_RECENT]
    if files != before:  # reopening the last file changes nothing: no write (a write syncs the file to disk)
        settings.setValue("recent_files", files)
    return files


def remove_recent(settings: QSettings, path: Path) -> list[str]:
    """Forget a file that is gone (moved, renamed, deleted)."""
    p = str(Path(path).resolve())
    files = [f for f in recent_files(settings) if f != p]
    settings.setValue("recent_files", files)
    return files


def last_folder(settings: QSettings | None) -> str:
    """The folder the user last opened or saved a file in ('' at first: the platform's default)."""
    if settings is None:
        return _last_folder_fallback
    value = settings.value("last_folder", "")
    return value if isinstance(value, str) and value and Path(value).is_dir() else ""


def remember_folder(settings: QSettings | None, path: str | Path) -> None:
    """Keep the folder of a chosen file (or the chosen folder itself) for the next file dialog."""
    global _last_folder_fallback
    p = Path(path)
    folder = p if p.is_dir() else p.parent
    _last_folder_fallback = str(folder)
    if settings is not None and settings.value("last_folder") != str(folder):
        settings.setValue("last_folder", str(folder))


_last_folder_fallback = ""
