"""The core and the command line never load Qt (they run on servers, in CI and in batch jobs)."""

import subprocess
import sys

CODE = """
import sys, importlib, pkgutil
import gkdesk.core, gkdesk.cli
mods = ['gkdesk.core.' + m.name for m in pkgutil.walk_packages(gkdesk.core.__path__) ]
for name in mods:
    importlib.import_module(name)
import gkdesk.cli.check
from gkdesk.cli.parser import build_parser
build_parser()
qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt')))
print(len(mods), qt)
assert not qt, qt
"""


def test_importing_core_and_cli_loads_no_qt():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("[]")
