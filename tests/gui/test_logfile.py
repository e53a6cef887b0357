"""The log file: errors with their traceback in the data folder, rotating; 帮助 → 打开日志文件夹 shows the folder."""

from __future__ import annotations

import logging
import sys

from gkdesk.gui import logfile


def test_errors_are_logged_with_traceback_in_a_rotating_file(tmp_path):
    path = logfile.start_logging(tmp_path / "logs")
    try:
        assert path == tmp_path / "logs" / "gkdesk.log"
        try:
            {}["没有这一项"]
        except KeyError:
            logfile.log_exception(*sys.exc_info())  # type: ignore[arg-type]
        logging.getLogger("gkdesk.core.consolidate.inputs").error("校验失败")
        handler = logging.getLogger("gkdesk").handlers[-1]
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        assert handler.maxBytes == logfile.MAX_BYTES and handler.backupCount == logfile.BACKUPS
        handler.flush()
        text = path.read_text(encoding="utf-8")
    finally:
        logfile.stop_logging()
    assert "started" in text and "Traceback (most recent call last)" in text and "KeyError: '没有这一项'" in text
    assert "ERROR gkdesk.core.consolidate.inputs" in text and "校验失败" in text


def test_log_folder_that_cannot_be_made_is_said_in_chinese(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert logfile.start_logging(blocker / "logs") is None
    assert "无法创建日志文件" in capsys.readouterr().err


def test_help_menu_opens_the_log_folder(window, monkeypatch, tmp_path):
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setenv("GKDESK_DATA_DIR", str(tmp_path / "data"))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    help_actions = [a.text() for a in window.menuBar().actions()[-1].menu().actions()]
    assert "打开日志文件夹(&L)" in help_actions
    window.act_open_logs.trigger()
    assert opened == [str(tmp_path / "data" / "logs")] and (tmp_path / "data" / "logs").is_dir()
