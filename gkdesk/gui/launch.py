"""Starts the window: ``gkdesk [FILE]`` and ``gkdesk --screenshot DIR [FILE]`` (one PNG per tab, then exits)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from gkdesk import startgc
from gkdesk.gui.appsetup import install_excepthook, install_icon, make_app
from gkdesk.gui.main_window import MainWindow

USAGE = "用法：gkdesk [报告文件.gkreport]  或  gkdesk --screenshot 输出文件夹 [报告文件.gkreport]"


def open_main_window(file: str | None, settings: QSettings | None = None, recovery_dir: Path | None = None,
                     offer_recovery: bool = True) -> MainWindow:
    window = MainWindow(settings=settings, recovery_dir=recovery_dir)
    window.after_first_paint(startgc.resume)  # collected again from the first paint on (paused by app.main)
    if file:
        window.open_path(Path(file), ask=False, defer_validation=True)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        window.after_first_paint(lambda: install_icon(app))
    if offer_recovery:  # asked once the window is on screen; a restored copy replaces the (unchanged) file
        window.after_first_paint(window.offer_recovery)
    return window


def screenshot(window: MainWindow, folder: Path) -> list[Path]:
    """Render every tab of the window to ``folder`` (works offscreen)."""
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance()
    window.resize(1440, 940)
    window.show()
    out: list[Path] = []
    if app is not None:
        app.processEvents()
    window.doc.revalidate_if_pending()  # the pictures show the issues
    for i, key in enumerate(window.tab_keys):
        window.tabs.setCurrentIndex(i)
        if app is not None:
            app.processEvents()
        path = folder / f"{i}-{key}.png"
        if not window.grab().save(str(path)):
            raise OSError(f"无法写入截图 {path}")
        out.append(path)
    return out


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(argv: list[str]) -> int:
    args = list(argv)
    shot_dir: Path | None = None
    if args and args[0] == "--screenshot":
        if len(args) < 2:
            print(USAGE, file=sys.stderr)
            return 2
        shot_dir = Path(args[1])
        args = args[2:]
    if len(args) > 1 or (args and args[0].startswith("-")):
        print(USAGE, file=sys.stderr)
        return 2
    file = args[0] if args else None
    if file and shot_dir is not None and not Path(file).exists() and not Path(file).is_symlink():
        print(f"找不到报告文件“{file}”。", file=sys.stderr)
        return 2
    if file and shot_dir is not None:  # no one can close a dialog in a screenshot run: check the file first
        from gkdesk.core import storage
        from gkdesk.core.errors import GkError

        try:
            storage.load(Path(file))
        except GkError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return 2
    if shot_dir is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # pictures need no screen
    elif not _has_display():
        print("没有可用的图形显示，无法打开窗口。请在桌面环境中运行；没有屏幕时可使用命令行功能（gkdesk --help）"
              "或 gkdesk --screenshot 文件夹 报告文件 生成界面截图。", file=sys.stderr)
        return 2
    app = make_app([])
    if shot_dir is not None:
        with tempfile.TemporaryDirectory(prefix="gkdesk-shot-") as tmp:
            settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
            window = open_main_window(file, settings, Path(tmp) / "recovery", offer_recovery=False)
            window.doc.stack.setClean()
            try:
                paths = screenshot(window, shot_dir)
            except OSError as exc:
                from gkdesk.core.fileio import describe_os_error

                print(f"错误：{describe_os_error(exc, shot_dir) if exc.errno else exc}", file=sys.stderr)
                return 2
            window.close()
        for p in paths:
            print(p)
        return 0
    window = open_main_window(file)  # a missing or unreadable file is explained in a message box

    def crashed(exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
        from gkdesk.gui.logfile import log_exception

        log_exception(exc_type, exc, tb)  # type: ignore[arg-type]
        window.report_crash(exc_type, exc, tb)

    install_excepthook(crashed)
    window.after_first_paint(_start_logging)  # the log file is not needed for the first paint
    window.show()
    code = app.exec()
    import logging

    logging.getLogger("gkdesk").info("gkdesk exited (%s)", code)
    return code


def _start_logging() -> None:
    from gkdesk.gui.logfile import start_logging

    start_logging()
