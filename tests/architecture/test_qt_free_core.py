"""The core and the command line never load Qt (they run on servers, in CI and in batch jobs)."""

import subprocess
import sys

from import_graph import modules

CODE = """
import sys, importlib, pkgutil
import gkdesk.core, gkdesk.cli
mods = [m.name for m in pkgutil.walk_packages(gkdesk.core.__path__, prefix="gkdesk.core.")]
mods += [m.name for m in pkgutil.walk_packages(gkdesk.cli.__path__, prefix="gkdesk.cli.")]
for name in mods:
    importlib.import_module(name)
from gkdesk.cli.parser import build_parser
build_parser()
qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt')))
print(sorted(mods))
print(qt)
"""


def test_importing_every_core_and_cli_module_loads_no_qt():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    imported, qt = out.stdout.strip().splitlines()[-2:]
    assert qt == "[]", f"Qt loaded by the core or the command line: {qt}"
    # every module under gkdesk/core and gkdesk/cli (as found in the source tree) was imported
    expected = sorted(m for m in modules() if m.startswith(("gkdesk.core.", "gkdesk.cli.")))
    assert eval(imported) == expected  # noqa: S307 - our own subprocess's output
