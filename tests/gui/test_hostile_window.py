"""The window's boundaries with broken input (issue 15): --screenshot of a bad file exits with a message instead of
waiting on a dialog; a file the loader refuses leaves the open document as it was; pasted characters a report
cannot hold are removed with a note; a fault in validation is one issue, not a crash on every edit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _bad(tmp_path: Path, example_path: Path) -> Path:
    doc = json.loads(example_path.read_text(encoding="utf-8"))
    doc["processing_fee_yuan"] = "PLACEHOLDER"
    bad = tmp_path / "bad.gkreport"
    bad.write_text(json.dumps(doc, ensure_ascii=False).replace('"PLACEHOLDER"', "NaN"), encoding="utf-8")
    return bad


def test_screenshot_of_a_bad_file_does_not_wait_on_a_dialog(tmp_path, example_path):
    bad = _bad(tmp_path, example_path)
    proc = subprocess.run([sys.executable, "-m", "gkdesk", "--screenshot", str(tmp_path / "shots"), str(bad)],
                          capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
                               "HOME": str(tmp_path)})
    assert proc.returncode == 2
    assert "错误" in proc.stderr and ".bak" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "shots").exists() or not list((tmp_path / "shots").glob("*.png"))


def test_refused_file_leaves_the_window_as_it_was(window, tmp_path, example_path, monkeypatch):
    from gkdesk.gui import dialogs

    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    before = window.doc.report
    assert window.open_path(_bad(tmp_path, example_path), ask=False) is False
    assert window.doc.report is before and shown and "NaN" in shown[0]


def test_pasted_control_characters_are_removed_with_a_note(window, qtbot):
    from gkdesk.gui.fields import BoundLineEdit, BoundPlainText

    for i in range(window.tabs.count()):  # the tabs are built when first shown
        window.tabs.setCurrentIndex(i)
    plain = next(w for w in window.findChildren(BoundPlainText) if w.field_id == "section5")
    plain.setPlainText("甲\x00乙\x1b丙\ufffe丁")
    assert window.doc.report.section5 == "甲乙丙丁"
    assert plain.toPlainText() == "甲乙丙丁"
    assert "无法保存的字符" in window.statusBar().currentMessage()
    line = next(w for w in window.findChildren(BoundLineEdit) if w.field_id == "org_name")
    line.setFocus()
    qtbot.keyClicks(line, "x")
    line.textEdited.emit("某镇\x07人民政府")
    assert window.doc.report.meta.org_name == "某镇人民政府"


def test_a_fault_in_validation_is_one_issue_not_a_crash(window, monkeypatch):
    import gkdesk.core.rules as rules
    from gkdesk.core.rules.incremental import IncrementalValidator
    from gkdesk.gui.validation import validate

    # the document checks through the incremental validator; tools that check other reports through validate()
    monkeypatch.setattr(IncrementalValidator, "update", lambda *a, **k: {}["boom"])
    window.doc.revalidate()
    assert [i.rule for i in window.doc.issues] == ["CHECK-FAILED"]
    assert "KeyError" in window.doc.issues[0].message
    monkeypatch.setattr(rules, "validate", lambda *a, **k: {}["boom"])
    assert [i.rule for i in validate(window.doc.report)] == ["CHECK-FAILED"]
