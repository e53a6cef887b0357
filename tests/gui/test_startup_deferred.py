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
from gkdesk.gui.appsetup import make_app
from gkdesk.gui.launch import open_main_window

LATER = ("hashlib", "gkdesk.core.rules", "gkdesk.gui.validation_settings", "gkdesk.gui.settings_dialog")

class FirstPaint(QObject):
    seen = None
    def eventFilter(self, obj, event):
        if self.seen is None and event.type() == QEvent.Type.Paint:
            self.seen = [m for m in LATER if m in sys.modules]
        return False

app = make_app([])
hook = FirstPaint(); app.installEventFilter(hook)
w = open_main_window(sys.argv[2], offer_recovery=False)
w.show()
while hook.seen is None or w.doc.validation_pending:
    app.processEvents()
print("AT_FIRST_PAINT", hook.seen)
print("DEADLINE", [i.message for i in w.doc.issues if i.rule == "DEADLINE"])
print("FINGERPRINT", w.doc.fingerprint)
w.doc.stack.setClean(); w.close()
"""


def test_first_paint_needs_no_rules_settings_or_hashing_and_the_check_uses_the_settings(tmp_path, example_path):
    (tmp_path / "settings.ini").write_text("[validation]\ndeadline=2-20\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", CODE, str(tmp_path), str(example_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    assert "AT_FIRST_PAINT []" in out, out
    assert "2025年2月20日前" in out  # the user's deadline, read with the first check after the paint
    assert f"FINGERPRINT {fileio.fingerprint(example_path)}" in out


def test_fingerprint_of_an_opened_file_is_its_content_hash(window, report_file):
    assert window.doc.fingerprint == fileio.fingerprint(report_file)
    window.doc.fingerprint = None  # a new file name / saved elsewhere: what is set wins
    assert window.doc.fingerprint is None
