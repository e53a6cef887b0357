"""Slow: the Inno Setup script compiles with Inno Setup's own compiler under Debian's Wine (on a stub payload), and the
compiled setup refuses Windows older than 10 with our Chinese message (packaging/windows/wine_check.py).

Wine runs in a Debian 11 root made by debootstrap (cached after the first run, a few minutes). Skipped with the
reason where such a root cannot be made, or when neither the cache nor Debian's and npm's registries are reachable.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import debroot
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging" / "windows"))

import wine_check  # noqa: E402


def _why_not() -> str | None:
    if not sys.platform.startswith("linux"):
        return "只在 Linux 上用 Wine 检查"
    why = debroot.why_not_possible()
    if why:
        return f"无法制作运行 Wine 的 Debian 根目录：{why}"
    if os.environ.get("GKDESK_ROOT_TESTS") != "1":
        return "制作运行 Wine 的 Debian 根目录要几分钟，默认不运行：设置 GKDESK_ROOT_TESTS=1（.ci/run 会设置）"
    cached = (debroot.cache_dir() / "bullseye-amd64-wine" / debroot.STAMP).is_file() and (
        debroot.cache_dir() / "innosetup" / "package" / "bin" / "ISCC.exe").is_file()
    if not cached:
        for host in ("deb.debian.org", "registry.npmjs.org"):
            try:
                socket.create_connection((host, 443 if "npm" in host else 80), timeout=5).close()
            except OSError:
                return f"没有缓存，且无法连接 {host}"
    return None


WHY = _why_not()
pytestmark = [pytest.mark.slow, pytest.mark.skipif(WHY is not None, reason=WHY or "")]


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> wine_check.WineCheck:
    return wine_check.check(tmp_path_factory.mktemp("wine"))


def test_script_compiles_with_inno_setup(result):
    assert result.compiled, result.compile_output[-4000:]
    assert result.setup is not None and result.setup.read_bytes()[:2] == b"MZ"
    assert result.setup.name.startswith("gkdesk-") and result.setup.name.endswith("-setup.exe")


def test_setup_refuses_windows_7_in_chinese(result):
    assert result.refused_old_windows, result.refusal_text
    assert "gkdesk 需要 Windows 10" in result.refusal_text


def test_setup_refuses_windows_10_before_1809(result):
    # Wine 5.0's "win10" is 10.0.17134 (1803); Qt 6 needs 1809 (10.0.17763), the script's MinVersion
    assert result.refused_windows_10_1803
