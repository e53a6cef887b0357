"""Shared helpers for the packaging tests: the packaging/ scripts are importable, a fake one-folder bundle."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
if str(PACKAGING) not in sys.path:
    sys.path.insert(0, str(PACKAGING))


@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    """A stand-in for dist/gkdesk: a real ELF as the program (so libraries can be read), a shell script twin for
    --self-test, and the _internal tree with a Qt plugin path and a symlink like PyInstaller makes."""
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux 打包测试只在 Linux 上运行")
    bundle = tmp_path / "bundle" / "gkdesk"
    internal = bundle / "_internal"
    (internal / "PySide6" / "Qt" / "plugins" / "platforms").mkdir(parents=True)
    (internal / "resources" / "formats").mkdir(parents=True)
    (internal / "resources" / "formats" / "x.json").write_text("{}", encoding="utf-8")
    shutil.copy(shutil.which("true") or "/bin/true", internal / "libfake.so.1")
    (internal / "libalias.so.1").symlink_to("libfake.so.1")
    exe = bundle / "gkdesk"
    exe.write_text("#!/bin/sh\n[ \"$1\" = --self-test ] && { echo 自检通过; exit 0; }\nexit 3\n", encoding="utf-8")
    exe.chmod(0o755)
    return bundle
