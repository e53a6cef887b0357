"""The cold command line stays lean (issue 16.5): ``gkdesk check`` imports what checking needs and nothing else.

Each check runs a fresh interpreter (what a user's shell does) and lists the modules it ended with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "qiuqu-township-2024.gkreport"

_LIST = """
import io, json, sys, contextlib
before = set(sys.modules)
out = io.StringIO()
with contextlib.redirect_stdout(out):
    {run}
loaded = sorted(m for m, mod in sys.modules.items()
                if m not in before and type(mod).__name__ == "module")  # a deferred stand-in is not loaded
print(json.dumps({{"loaded": loaded, "out": out.getvalue()}}))
"""


def _modules(run: str, tmp_path: Path, **env: str) -> tuple[set[str], str]:
    e = {**os.environ, "PYTHONPATH": str(ROOT), "GKDESK_CACHE_DIR": str(tmp_path / "cache"), **env}
    done = subprocess.run([sys.executable, "-c", _LIST.format(run=run)], capture_output=True, text=True, env=e,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return set(data["loaded"]), data["out"]


#: what a check never needs: other commands' code, the window, heavy standard modules, and dataclasses (a check
#: makes no dataclass: core/record.py; the decorator's work was ~20 M of its instructions)
_NEVER = ("argparse", "dataclasses", "inspect", "ast", "dis", "tokenize", "copy", "weakref", "encodings.utf_8_sig", "typing",
          "zipfile", "tempfile", "shutil", "threading", "openpyxl", "xlsxwriter", "PySide6", "gettext")
_NEVER_PREFIX = ("gkdesk.core.exporters", "gkdesk.core.importers", "gkdesk.core.consolidate", "gkdesk.gui")


@pytest.mark.parametrize("cache", ["1", "0"])
def test_check_imports_only_what_checking_needs(tmp_path, cache):
    # as the command runs it (the code cache keeps one file per command, read from sys.argv)
    run = f"import sys; sys.argv = ['gkdesk', 'check', {str(EXAMPLE)!r}]; from gkdesk.app import main; main()"
    loaded, out = _modules(run, tmp_path, GKDESK_CODE_CACHE=cache)
    assert "共 0 个错误" in out  # it did check the report
    heavy = sorted(m for m in loaded if m in _NEVER or m.startswith(_NEVER_PREFIX))
    assert not heavy, f"gkdesk check imported {heavy}"


def test_a_warm_check_of_a_report_without_explanations_loads_no_more(tmp_path):
    """With the caches filled (every run after the first): the format is not built (format_build), and what the
    example does not need is not loaded: explanations (it has none), last year's loader (no --last)."""
    run = f"import sys; sys.argv = ['gkdesk', 'check', {str(EXAMPLE)!r}]; from gkdesk.app import main; main()"
    first, _ = _modules(run, tmp_path)
    loaded, out = _modules(run, tmp_path)
    assert "共 0 个错误" in out and "gkdesk.core.format_build" in first  # the first run built the format
    assert not {"gkdesk.core.format_build", "gkdesk.core.explain", "gkdesk.core.lastyear"} & loaded


def test_check_with_options_still_reads_them_and_stays_lean(tmp_path):
    """``--deadline`` goes through the full parser (argparse), and the result is the same check."""
    run = f"from gkdesk.app import main; main(['check', {str(EXAMPLE)!r}, '--deadline', '2-20'])"
    loaded, out = _modules(run, tmp_path)
    assert "argparse" in loaded and "共 0 个错误" in out
    assert not [m for m in loaded if m.startswith(_NEVER_PREFIX)]


def test_import_gkdesk_is_the_package_alone(tmp_path):
    """The benchmark's reference, ``python -c "import gkdesk"``, costs what the package's own import costs."""
    loaded, _ = _modules("import gkdesk", tmp_path)
    assert loaded == {"gkdesk"}


def test_pdf_export_reads_its_arguments_without_argparse(tmp_path):
    run = (f"from gkdesk.app import main; main(['export', {str(EXAMPLE)!r}, '--pdf', "
           f"{str(tmp_path / 'r.pdf')!r}, '--undated'])")
    loaded, out = _modules(run, tmp_path, GKDESK_PDF_FONTS="bundled")
    assert "已导出 PDF" in out and (tmp_path / "r.pdf").stat().st_size > 10_000
    heavy = sorted(m for m in loaded if m in ("argparse", "inspect", "ast", "typing", "threading", "xlsxwriter")
                   or m.startswith(("gkdesk.core.importers", "gkdesk.core.consolidate", "gkdesk.gui")))
    assert not heavy, f"gkdesk export --pdf imported {heavy}"


def test_check_pauses_the_collector_only_while_it_runs(capsys):
    """``gkdesk check`` runs with the collector paused (a bounded run that ends) and gives it back to its caller;
    the output is the same as with the collector running (the text of the check does not depend on it)."""
    import gc

    from gkdesk.cli import main

    assert gc.isenabled()
    assert main(["check", str(EXAMPLE)]) == 0
    paused_out = capsys.readouterr().out
    assert gc.isenabled()
    gc.disable()  # a caller that paused it itself keeps it paused
    try:
        main(["check", str(EXAMPLE)])
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert capsys.readouterr().out == paused_out and "共 0 个错误" in paused_out


def test_a_check_process_freezes_its_objects_at_exit_only(tmp_path):
    """The collection Python makes when a process ends is skipped for a check (everything frozen at exit, after the
    output is written): an atexit handler registered before the check runs after gkdesk's and sees it frozen; the
    collector itself was given back while the process still ran."""
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('AT EXIT', gc.get_freeze_count() > after + 1000, gc.isenabled()))\n"
            f"sys.argv = ['gkdesk', 'check', {str(EXAMPLE)!r}]\n"
            "from gkdesk.app import main\n"
            "code = main()\n"
            "after = gc.get_freeze_count()  # what the check made since it froze the start-up objects: not frozen yet\n"
            "print('AFTER', gc.isenabled())\n")
    e = {**os.environ, "PYTHONPATH": str(ROOT), "GKDESK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=e, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "共 0 个错误，3 个警告，3 个提示。" in lines and lines[-2:] == ["AFTER True", "AT EXIT True True"]
