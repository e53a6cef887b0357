"""PySide's ``__feature__`` import hook reads no source file of the window's start (gui/pyside_imports.py), and the
shortcut stays right: no gkdesk module selects a PySide feature, so every module's answer means "no feature"."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CODE = r"""
import linecache, sys
import gkdesk.app  # the entry point's imports, in its order
from gkdesk.gui.launch import open_main_window
from gkdesk.gui.appsetup import make_app
from gkdesk.gui import main_window, issues_panel, text_tabs  # a page built after the first paint too
from shibokensupport import feature
read = sorted(f for f in linecache.cache if "gkdesk" in f)
print("READ", read)
table = feature.pyside_feature_dict
print("GUI", {table.get(m) for m in sys.modules if m.startswith("gkdesk.gui.")})
print("CORE", {table.get(m) for m in sys.modules if m.startswith("gkdesk.core.") or m == "gkdesk.app"})
print("STDLIB", table.get("typing"), table.get("logging"), table.get("decimal"))
"""


def test_the_window_start_reads_no_source_for_pysides_import_hook():
    proc = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "READ []" in out, out  # before: the source of ~90 modules, ~10 ms of every start
    assert "GUI {0}" in out, out  # the window's modules: "uses PySide, no feature selected"
    assert "CORE {-1}" in out, out  # the Qt-free core: "ignore this module", as PySide itself answers for it
    assert "STDLIB -1 -1 -1" in out, out


def test_no_gkdesk_module_selects_a_pyside_feature():
    """With a ``from __feature__ import …`` anywhere, answering 0 or -1 without reading the source would matter."""
    users = []
    for path in (ROOT / "gkdesk").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "__feature__" or isinstance(node, ast.Import) and any(a.name == "__feature__" for a in node.names):
                users.append(str(path))
    assert users == []
