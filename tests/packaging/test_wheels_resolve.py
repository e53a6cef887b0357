"""Every run-time dependency of pyproject.toml resolves to binary wheels for the platforms we ship to.

``pip download --only-binary=:all: --platform ...`` with the dependencies read from pyproject.toml (not a hand list):
- arm64 Linux (Kylin V10 on Phytium/Kunpeng): manylinux_2_31_aarch64 (and older manylinux tags), Qt pinned by packaging/linux/constraints-aarch64.txt;
- old-glibc x86_64 Linux (UOS 20): manylinux_2_28_x86_64, Qt pinned by packaging/linux/constraints-x86_64.txt;
- Windows 10/11: win_amd64, the newest allowed Qt.
Needs the network to PyPI (skipped with the reason when it cannot be reached). The wheels are kept in the build cache
(~/.cache/gkdesk-build/wheels-*, GKDESK_BUILD_CACHE), so only the first run downloads them.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
pytestmark = pytest.mark.slow

def manylinux(arch: str, glibc_minor: int) -> list[str]:
    """manylinux_2_<glibc_minor>_<arch> and every older manylinux tag: with --platform pip takes only the tags it is
    given (it does not add the older ones a real machine of that glibc accepts)."""
    tags = [f"manylinux_2_{m}_{arch}" for m in range(glibc_minor, 4, -1)]
    return tags + [f"manylinux2014_{arch}"] + ([f"manylinux2010_{arch}", f"manylinux1_{arch}"] if arch == "x86_64" else [])


TARGETS = {
    "aarch64": (manylinux("aarch64", 31), LINUX / "constraints-aarch64.txt", r"manylinux_?2_?(\d+)?\w*_aarch64"),
    "x86_64-glibc2.28": (manylinux("x86_64", 28), LINUX / "constraints-x86_64.txt", r"manylinux\w*_x86_64"),
    "win_amd64": (["win_amd64"], None, r"win_amd64"),
}


def _pypi_reachable() -> bool:
    if os.environ.get("PIP_NO_INDEX"):
        return False
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


def runtime_requirements() -> list[str]:
    return list(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"])


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0].lower().replace("-", "_").replace(".", "_")


def _cache(target: str) -> Path:
    base = os.environ.get("GKDESK_BUILD_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "gkdesk-build")
    path = Path(base) / f"wheels-{target}"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.skipif(not _pypi_reachable(), reason="无法连接 PyPI（pypi.org:443）：离线时跳过")
@pytest.mark.parametrize("target", sorted(TARGETS))
def test_runtime_dependencies_resolve_to_wheels(target):
    platforms, constraints, tag = TARGETS[target]
    reqs = runtime_requirements()
    dest = _cache(target)
    common = ["-q", "--only-binary=:all:", "--python-version", "3.11", "--implementation", "cp",
              *[a for p in platforms for a in ("--platform", p)], *reqs]
    if constraints:
        common += ["-c", str(constraints)]
    cmd = [sys.executable, "-m", "pip", "download", "-d", str(dest), *common]
    env = {k: v for k, v in os.environ.items() if k != "PIP_FIND_LINKS"}  # PyPI only, not a local wheel folder
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, env=env)
    assert proc.returncode == 0, f"{target}：依赖无法全部以二进制轮子解析：\n{proc.stderr[-4000:]}"
    # the resolution pip just made, per project: a wheel for this platform (or pure Python) of every requirement
    report = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-index", "--find-links",
         str(dest), "--target", str(dest / "_dry"), "--report", "-", *common], capture_output=True, text=True, timeout=600,
        env=env)
    assert report.returncode == 0, report.stderr[-3000:]
    import json

    chosen = {item["metadata"]["name"].lower().replace("-", "_").replace(".", "_"): item["download_info"]["url"]
              for item in json.loads(report.stdout)["install"]}
    for req in reqs:
        assert _name(req) in chosen, f"{target}：{req} 没有解析到"
    for name, url in chosen.items():
        wheel = url.rsplit("/", 1)[-1]
        assert wheel.endswith(".whl"), f"{target}：{name} 不是轮子：{wheel}"
        assert wheel.endswith("-none-any.whl") or re.search(tag, wheel), f"{target}：{wheel} 不是该平台的轮子"
        if target == "x86_64-glibc2.28":
            m = re.search(r"manylinux_2_(\d+)", wheel)
            assert not m or int(m.group(1)) <= 28, f"{wheel} 需要比 2.28 新的 glibc"
    if target == "aarch64":
        assert re.search(r"pyside6_essentials-6\.7\.", " ".join(chosen.values()).lower())
    if target == "x86_64-glibc2.28":
        assert re.search(r"pyside6_essentials-6\.9\.", " ".join(chosen.values()).lower())
