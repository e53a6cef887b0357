"""The runtime hook that gives programs started by the frozen app (WPS, LibreOffice, PDF viewers) the user's
library path back instead of the bundle's."""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

import pytest

HOOK = Path(__file__).resolve().parents[2] / "packaging" / "rthook_child_env.py"
BUNDLE = "/opt/gkdesk/_internal"
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="LD_LIBRARY_PATH 只在 Linux 上")


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", BUNDLE, raising=False)
    monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG", raising=False)
    return monkeypatch


def run_hook() -> None:
    runpy.run_path(str(HOOK))


def test_bundle_path_alone_is_removed(frozen):
    frozen.setenv("LD_LIBRARY_PATH", BUNDLE)
    run_hook()
    assert "LD_LIBRARY_PATH" not in os.environ


def test_user_entries_are_kept(frozen):
    frozen.setenv("LD_LIBRARY_PATH", f"{BUNDLE}/:/usr/local/lib/wps")
    run_hook()
    assert os.environ["LD_LIBRARY_PATH"] == "/usr/local/lib/wps"


def test_saved_original_is_restored(frozen):
    frozen.setenv("LD_LIBRARY_PATH", f"{BUNDLE}:/x")
    frozen.setenv("LD_LIBRARY_PATH_ORIG", "/x")
    run_hook()
    assert os.environ["LD_LIBRARY_PATH"] == "/x" and "LD_LIBRARY_PATH_ORIG" not in os.environ


def test_source_runs_are_untouched(monkeypatch):
    monkeypatch.setattr(sys, "frozen", False, raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", BUNDLE)
    run_hook()
    assert os.environ["LD_LIBRARY_PATH"] == BUNDLE


def test_self_test_notices_a_leaking_library_path(frozen, capsys):
    from gkdesk import selftest

    frozen.setenv("LD_LIBRARY_PATH", BUNDLE)
    assert selftest.run(["--only", "env"]) == 1
    assert "自带库的路径" in capsys.readouterr().out
