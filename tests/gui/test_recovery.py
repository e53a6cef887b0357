"""Autosave of a recovery copy (never over the user's file), restore after a crash, the error dialog hook."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gkdesk.core import storage
from gkdesk.core.edits import set_cell, set_text
from gkdesk.gui import dialogs

ROOT = Path(__file__).resolve().parents[2]

CRASHING_SESSION = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from gkdesk.core.edits import set_cell
    from gkdesk.gui.main_window import MainWindow
    recovery, settings, report = sys.argv[1:4]
    window = MainWindow(QSettings(settings, QSettings.Format.IniFormat), Path(recovery))
    assert window.open_path(Path(report), ask=False)
    window.doc.apply(set_cell("t3", "new", "natural", 321))
    assert window.autosave()   # what the one-minute timer does
    os._exit(3)                # the process dies: no close, no cleanup
""")


def test_autosave_writes_copy_not_the_users_file(window, report_file, recovery_dir):
    original = report_file.read_bytes()
    assert not window.autosave()  # nothing to keep while unmodified
    window.doc.apply(set_cell("t3", "new", "natural", 12))
    assert window.autosave_timer.isActive() and window.autosave_timer.interval() == 60_000
    assert window.autosave()
    copies = list(recovery_dir.glob("*.gkreport"))
    assert len(copies) == 1
    assert storage.load(copies[0]).raw("t3", "new", "natural") == 12
    assert report_file.read_bytes() == original
    assert window.save()
    assert list(recovery_dir.glob("*.gkreport")) == []  # removed on a clean save


def test_copy_removed_when_closed_without_saving(window, recovery_dir, monkeypatch):
    window.doc.apply(set_text("section5", "草稿"))
    window.autosave()
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: "discard")
    window.show()
    assert window.close()
    assert list(recovery_dir.glob("*.gkreport")) == []


def test_running_session_copy_is_not_offered(make_window, recovery_dir):
    first = make_window()
    first.doc.apply(set_text("section5", "另一个窗口的草稿"))
    first.autosave()
    second = make_window()  # the fixture fails the test if a restore question were asked
    assert not second.offer_recovery()


def _crash(tmp_path: Path, recovery_dir: Path, report_file: Path) -> None:
    script = tmp_path / "crash.py"
    script.write_text(CRASHING_SESSION, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script), str(recovery_dir), str(tmp_path / "crash.ini"),
                           str(report_file)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3, proc.stderr


def test_restore_after_crash(make_window, tmp_path, recovery_dir, report_file, monkeypatch):
    _crash(tmp_path, recovery_dir, report_file)
    assert storage.load(report_file).raw("t3", "new", "natural") != 321  # the user's file was never touched
    asked: list[tuple[str, str | None]] = []
    monkeypatch.setattr(dialogs, "ask_restore",
                        lambda parent, title, saved_at, original: asked.append((title, original)) or "restore")
    window = make_window()
    assert window.offer_recovery()
    assert asked and asked[0][1] == str(report_file)
    assert window.doc.report.raw("t3", "new", "natural") == 321
    assert window.doc.modified and window.doc.path == report_file
    assert "恢复" in window.statusBar().currentMessage()
    # the crashed session's copy is gone; this session keeps its own until saved
    assert len(list(recovery_dir.glob("*.gkreport"))) == 1
    assert window.save()
    assert storage.load(report_file).raw("t3", "new", "natural") == 321
    assert list(recovery_dir.glob("*.gkreport")) == []


def test_work_typed_past_a_length_limit_survives_a_crash(make_window, recovery_dir, monkeypatch):
    """Text over a length limit cannot be saved (the message names it) but its recovery copy restores it whole."""
    from gkdesk.core.errors import ReportFileError
    from gkdesk.core.limits import LIMITS

    long_text = "长" * (LIMITS["field_chars"].value + 5)
    first = make_window()
    first.doc.apply(set_text("section5", long_text))
    assert first.autosave()
    copy = next(recovery_dir.glob("*.gkreport"))
    with pytest.raises(ReportFileError):  # an ordinary open still refuses it
        storage.load(copy)
    first.recovery._lock.unlock()  # the first session dies without cleaning up
    first.recovery._lock = None
    monkeypatch.setattr(dialogs, "ask_restore", lambda *a: "restore")
    window = make_window()
    assert window.offer_recovery()
    assert window.doc.report.section5 == long_text and window.doc.modified
    assert LIMITS["field_chars"].value == 100_000  # the limits are back to normal after the copy was read
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    target = recovery_dir.parent / "长文.gkreport"
    assert not window.save_to(target) and not target.exists()
    assert shown and "上限" in shown[0] and "没有丢失" in shown[0]  # saving says what is too long; the work stays
    assert window.doc.report.section5 == long_text


def test_restore_declined_or_postponed(make_window, tmp_path, recovery_dir, report_file, monkeypatch):
    _crash(tmp_path, recovery_dir, report_file)
    monkeypatch.setattr(dialogs, "ask_restore", lambda *a: "later")
    assert not make_window().offer_recovery()
    assert len(list(recovery_dir.glob("*.gkreport"))) == 1  # still offered next time
    monkeypatch.setattr(dialogs, "ask_restore", lambda *a: "discard")
    assert not make_window().offer_recovery()
    assert list(recovery_dir.glob("*.gkreport")) == []


def test_unexpected_exception_shows_dialog_and_keeps_work(window, recovery_dir, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(
        (box.text(), box.informativeText(), box.detailedText())) or 0)
    window.doc.apply(set_text("section5", "未保存的正文"))
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        window.report_crash(*sys.exc_info())
    text, info, detail = shown[0]
    assert "意外错误" in text and "恢复副本" in info and "RuntimeError: boom" in detail
    copies = list(recovery_dir.glob("*.gkreport"))
    assert copies and storage.load(copies[0]).section5 == "未保存的正文"


def test_excepthook_routes_to_handler(monkeypatch):
    from gkdesk.gui.appsetup import install_excepthook

    seen: list[str] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(lambda t, e, tb: seen.append(str(e)))
    sys.excepthook(ValueError, ValueError("x"), None)
    assert seen == ["x"]


@pytest.mark.parametrize("name", ["ask_unsaved", "ask_restore"])
def test_question_dialogs_have_chinese_buttons(qtbot, monkeypatch, name):
    from PySide6.QtWidgets import QMessageBox

    texts: list[list[str]] = []

    def fake_exec(box):
        texts.append([b.text() for b in box.buttons()])
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    if name == "ask_unsaved":
        assert dialogs.ask_unsaved(None, "a.gkreport") == "cancel"
        assert sorted(texts[0]) == sorted(["保存", "不保存", "取消"])
    else:
        assert dialogs.ask_restore(None, "t", "2025-01-01 10:00", None) == "later"
        assert sorted(texts[0]) == sorted(["恢复", "丢弃", "以后再说"])


def test_start_offers_restore_once_window_is_shown(qtbot, tmp_path, recovery_dir, report_file, settings, monkeypatch):
    from gkdesk.gui.launch import open_main_window

    _crash(tmp_path, recovery_dir, report_file)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_restore", lambda parent, title, saved_at, original: asked.append(title)
                        or "restore")
    window = open_main_window(str(report_file), settings, recovery_dir)
    qtbot.addWidget(window, before_close_func=lambda w: w.doc.stack.setClean())
    assert asked == []  # nothing asked before the window is on screen
    window.show()
    qtbot.waitUntil(lambda: window.doc.report.raw("t3", "new", "natural") == 321)
    assert len(asked) == 1 and window.doc.modified and window.doc.path == report_file
    qtbot.waitUntil(lambda: not window.doc.validation_pending)
