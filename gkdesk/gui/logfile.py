"""The log file: ``logs/gkdesk.log`` in the user's data folder, rotating, kept on this machine only.

Nothing is ever sent anywhere: when something goes wrong a clerk opens the folder (帮助 → 打开日志文件夹) and hands
the file to whoever supports them. Errors are written with their tracebacks; an ordinary session writes a line at
start and at exit. The file handler opens the file only when the first record is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
import threading
from pathlib import Path
from types import TracebackType

from gkdesk import __version__

LOG_NAME = "gkdesk.log"
MAX_BYTES = 1_000_000  # about 1 MB a file, the current one and three older: a few MB at most
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger("gkdesk")
_handler: logging.Handler | None = None


def log_dir() -> Path:
    from gkdesk.gui.settings import data_dir

    return data_dir() / "logs"


def start_logging(folder: Path | None = None) -> Path | None:
    """Send gkdesk's log records (INFO and above) to the rotating file; its path, or None when it cannot be made."""
    global _handler
    folder = folder if folder is not None else log_dir()
    path = folder / LOG_NAME
    if _handler is not None:
        stop_logging()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                       encoding="utf-8", delay=True)
    except OSError as exc:
        print(f"无法创建日志文件 {path}（{exc.strerror or exc}），本次运行不记录日志。", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(logging.INFO)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    _handler = handler
    threading.excepthook = _thread_excepthook
    from PySide6 import __version__ as qt_version

    log.info("gkdesk %s started: Python %s, PySide6 %s, %s %s", __version__, platform.python_version(), qt_version,
             platform.system(), platform.release())
    return path


def stop_logging() -> None:
    global _handler
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
        _handler = None
        threading.excepthook = threading.__excepthook__


def log_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """An unexpected error, with its traceback."""
    log.critical("unexpected error", exc_info=(exc_type, exc, tb))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        log.critical("unexpected error in thread %s", getattr(args.thread, "name", "?"),
                     exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
    sys.__excepthook__(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)
