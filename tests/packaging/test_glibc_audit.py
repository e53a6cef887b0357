"""The glibc audit reads the same symbol versions as objdump -T, names the symbols, and fails over the limits."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import glibc_audit
import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF 文件只在 Linux 上检查")


def _libstdcxx() -> Path:
    for base in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"):
        p = Path(base) / "libstdc++.so.6"
        if p.exists():
            return p.resolve()
    pytest.skip("本机没有 libstdc++.so.6")


def _objdump_versions(path: Path) -> dict[str, set[str]]:
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=True).stdout
    found: dict[str, set[str]] = {}
    for line in out.splitlines():
        m = re.search(r"\*UND\*\s+\S+\s+(?:\(([A-Z]+_[\d.]+)\)|([A-Z]+_[\d.]+))\s+(\S+)$", line)
        if m:
            found.setdefault(m.group(1) or m.group(2), set()).add(m.group(3))
    return found


@pytest.mark.skipif(not shutil.which("objdump"), reason="objdump 未安装（binutils）")
@pytest.mark.parametrize("which", ["python", "libstdc++"])
def test_same_versions_and_symbols_as_objdump(which):
    path = Path(sys.executable).resolve() if which == "python" else _libstdcxx()
    ours = {v: s for v, s in glibc_audit.needed_versions(path.read_bytes()).items() if v.startswith("GLIBC")}
    theirs = {v: s for v, s in _objdump_versions(path).items() if v.startswith("GLIBC")}
    assert set(ours) == set(theirs)
    for ver, syms in theirs.items():
        assert syms <= ours[ver], ver


def test_not_elf_needs_nothing():
    assert glibc_audit.needed_versions(b"#!/bin/sh\necho hi\n") == {}


def test_over_the_limit_fails_and_lists_files_and_symbols(tmp_path):
    lib = _libstdcxx()
    bundle = tmp_path / "b"
    bundle.mkdir()
    shutil.copy(lib, bundle / "libfoo.so.1")  # needs a recent glibc (this machine's), but is not named libstdc++
    result = glibc_audit.audit(bundle, glibc="2.2", glibcxx="3.4")
    assert not result.ok and result.own_libstdcxx is None
    files = {f for f, _v, _s in result.violations}
    assert files == {"libfoo.so.1"}
    text = result.report()
    assert "超出：libfoo.so.1 需要 GLIBC_" in text and any(s for _f, _v, s in result.violations)
    assert result.highest["GLIBC"][1] == "libfoo.so.1"


def test_a_bundled_libstdcxx_lifts_the_glibcxx_limit_but_not_glibc(tmp_path):
    bundle = tmp_path / "b"
    bundle.mkdir()
    shutil.copy(_libstdcxx(), bundle / "libstdc++.so.6")
    high = glibc_audit.audit(bundle, glibc="99.0", glibcxx="3.4")
    assert high.ok and high.own_libstdcxx == "libstdc++.so.6"
    low = glibc_audit.audit(bundle, glibc="2.2", glibcxx="3.4")
    assert not low.ok and all(v.startswith("GLIBC_") for _f, v, _s in low.violations)


def test_within_the_limits_passes(tmp_path):
    bundle = tmp_path / "b"
    bundle.mkdir()
    shutil.copy(Path(sys.executable).resolve(), bundle / "prog")
    needed = glibc_audit.needed_versions((bundle / "prog").read_bytes())
    top = max(glibc_audit.parse_version(v.split("_", 1)[1]) for v in needed if v.startswith("GLIBC_"))
    assert glibc_audit.audit(bundle, glibc=glibc_audit.show(top)).ok
    assert glibc_audit.main([str(bundle), "--glibc", glibc_audit.show(top)]) == 0
    assert glibc_audit.main([str(bundle), "--glibc", "2.0"]) == 1
