"""Start-up: what the first paint does not need loads after it, and the result is the same (settings, fingerprint)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gkdesk.core import fileio

ROOT = Path(__file__).resolve().parents[2]

CODE = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"; os.environ["GKDESK_DATA_DIR"] = sys.argv[1]
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import PySide6.QtCore
EAGER = "Qt" in PySide6.QtCore.__dict__  # a PySide that builds its types at import: nothing to check
import gkdesk.app  # the entry point's own imports
from gkdesk.gui.appsetup import make_app
from gkdesk.gui.launch import open_main_window

LATER = ("hashlib", "gkdesk.core.rules", "gkdesk.gui.validation_settings", "gkdesk.gui.settings_dialog")

class FirstPaint(QObject):
    seen = None
    def eventFilter(self, obj, event):
        if self.seen is None and event.type() == QEvent.Type.Paint:
            self.seen = [m for m in LATER if m in sys.modules]
            self.modules = sorted(m for m in sys.modules if m.startswith("gkdesk"))
            self.review = w._review is not None
            self.qt_namespace = "Qt" in PySide6.QtCore.__dict__ and not EAGER
            self.settings_mtime = os.stat(os.path.join(sys.argv[1], "settings.ini")).st_mtime_ns
        return False

app = make_app([])
hook = FirstPaint(); app.installEventFilter(hook)
w = open_main_window(sys.argv[2], offer_recovery=False)
w.show()
while hook.seen is None or w.doc.validation_pending:
    app.processEvents()
print("AT_FIRST_PAINT", hook.seen)
print("MODULES_AT_FIRST_PAINT", " ".join(hook.modules))
print("REVIEW_AT_FIRST_PAINT", hook.review)
print("QT_NAMESPACE_AT_FIRST_PAINT", hook.qt_namespace)
print("SETTINGS_MTIME_AT_FIRST_PAINT", hook.settings_mtime)
while w._review is None:
    app.processEvents()
print("PANEL_MENU", w.issues_panel.tree.contextMenuPolicy().name)
print("DEADLINE", [i.message for i in w.doc.issues if i.rule == "DEADLINE"])
print("FINGERPRINT", w.doc.fingerprint)
w.doc.stack.setClean(); w.close()
"""


#: what the first paint does not need (prefixes of module names), and single modules
DEFERRED_PREFIXES = ("gkdesk.core.rules", "gkdesk.core.exporters", "gkdesk.core.importers", "gkdesk.core.consolidate",
                     "gkdesk.gui.consolidate_", "gkdesk.gui.review_", "gkdesk.gui.export_", "gkdesk.gui.import_",
                     "gkdesk.gui.table_", "gkdesk.cli.")
#: the entry point reads the subcommands' names (a dict) to tell ``gkdesk check …`` from ``gkdesk FILE``
ALLOWED = {"gkdesk.cli.commands"}
DEFERRED = {"gkdesk.core.edits", "gkdesk.core.review_edits", "gkdesk.core.carryover", "gkdesk.core.lastyear",
            "gkdesk.core.bindliterals", "gkdesk.gui.help_window", "gkdesk.gui.file_dialogs", "gkdesk.gui.printing",
            "gkdesk.gui.text_tabs", "gkdesk.gui.recovery", "gkdesk.gui.reveal", "gkdesk.gui.logfile",
            "gkdesk.gui.validation_settings", "gkdesk.gui.cell_delegate", "gkdesk.gui.frozen_header"}


def _start(tmp_path: Path, example_path: Path) -> str:
    proc = subprocess.run([sys.executable, "-c", CODE, str(tmp_path), str(example_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_first_paint_needs_no_rules_settings_or_hashing_and_the_check_uses_the_settings(tmp_path, example_path):
    (tmp_path / "settings.ini").write_text("[validation]\ndeadline=2-20\n", encoding="utf-8")
    first = _start(tmp_path, example_path)  # the first start of all (no window state yet)
    before = (tmp_path / "settings.ini").stat().st_mtime_ns
    out = _start(tmp_path, example_path)  # every later one
    for run in (first, out):
        assert "AT_FIRST_PAINT []" in run, run
        assert "2025年2月20日前" in run  # the user's deadline, read with the first check after the paint
        assert f"FINGERPRINT {fileio.fingerprint(example_path)}" in run
        assert "REVIEW_AT_FIRST_PAINT False" in run
        assert "PANEL_MENU CustomContextMenu" in run
    # nothing the first paint does not draw is loaded before it: rules, exporters, importers, dialogs, the help,
    # the editing and 核实 machinery, the other pages; the 核实 menu of the panel is installed right after, unasked
    line = next(x for x in out.splitlines() if x.startswith("MODULES_AT_FIRST_PAINT"))
    loaded = set(line.split()[1:])
    assert {"gkdesk.gui.main_window", "gkdesk.gui.meta_tab", "gkdesk.gui.issues_panel"} <= loaded, loaded
    later = [m for m in loaded - ALLOWED if m.startswith(DEFERRED_PREFIXES) or m in DEFERRED or "dialog" in m]
    assert later == [], later
    # PySide builds its whole ``Qt`` namespace (~1,500 enum members, ~25 ms) for the first ``Qt.…`` value: the window
    # sets such values by name or after the first paint; only the very first start places the panel with one
    assert "QT_NAMESPACE_AT_FIRST_PAINT False" in out
    # reopening the same file changes no setting: nothing is written (a write syncs the file to disk) before the paint
    assert f"SETTINGS_MTIME_AT_FIRST_PAINT {before}" in out


def test_fingerprint_of_an_opened_file_is_its_content_hash(window, report_file):
    assert window.doc.fingerprint == fileio.fingerprint(report_file)
    window.doc.fingerprint = None  # a new file name / saved elsewhere: what is set wins
    assert window.doc.fingerprint is None
