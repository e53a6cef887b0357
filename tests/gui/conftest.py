"""GUI test fixtures: a main window with temporary settings and recovery folder (never the user's)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="PySide6 或其系统库未安装，跳过界面测试")

from PySide6.QtCore import QSettings  # noqa: E402


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def recovery_dir(tmp_path: Path) -> Path:
    return tmp_path / "recovery"


@pytest.fixture
def report_file(tmp_path: Path, example_path: Path) -> Path:
    """A copy of the example report the test may change."""
    target = tmp_path / "报告.gkreport"
    shutil.copy(example_path, target)
    return target


@pytest.fixture
def make_window(qtbot, settings, recovery_dir, monkeypatch):
    """Build windows; any unexpected dialog fails the test instead of blocking it."""
    from gkdesk.gui import dialogs
    from gkdesk.gui.main_window import MainWindow

    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:]}")

    for name in ("ask_unsaved", "ask_restore", "ask_save_as_after_conflict", "ask_yes_no", "show_error",
                 "show_info", "ask_new_report"):
        monkeypatch.setattr(dialogs, name, unexpected)

    def make(path: Path | None = None) -> MainWindow:
        window = MainWindow(settings=settings, recovery_dir=recovery_dir)
        qtbot.addWidget(window, before_close_func=lambda w: w.doc.stack.setClean())
        if path is not None:
            assert window.open_path(path, ask=False)
        return window

    return make


@pytest.fixture
def window(make_window, report_file):
    return make_window(report_file)


@pytest.fixture
def type_cell(qtbot):
    """Type text into a table cell the way a user does (open the editor, type, press Return)."""
    from PySide6.QtCore import Qt

    def type_(view, index, text: str, key=Qt.Key.Key_Return) -> None:
        view.setCurrentIndex(index)
        view.edit(index)
        editor = view.indexWidget(index)
        assert editor is not None, "the cell did not open an editor"
        editor.selectAll()
        if text.isascii():
            qtbot.keyClicks(editor, text)
        else:  # QTest can only synthesise ASCII keys; an input method inserts the rest like this
            editor.insert(text)
        qtbot.keyClick(editor, key)

    return type_



@pytest.fixture(autouse=True)
def _collect_garbage_between_tests(qapp):
    """Windows of a finished test are collected before the next test starts.

    The window and its tabs hold reference cycles (signal connections to bound methods), so their Python wrappers
    wait for the cyclic collector. Collecting them long after Qt deleted the C++ objects (at a random allocation in
    a later test) crashed the interpreter in PySide6; collecting them here, at a fixed point, does not.
    """
    yield
    import gc

    gc.collect()
