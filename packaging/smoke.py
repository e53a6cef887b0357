"""Run a built bundle's ``--self-test`` the way an office machine would: no network, no Python, no system fonts.

Used by build.py, the packaging tests and benchmarks/bench_bundle.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

IS_WIN = sys.platform == "win32"

#: fontconfig with no font folders: the bundle must show and export Chinese with its own fonts only
EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


@dataclass
class SmokeResult:
    returncode: int
    output: str
    seconds: float
    isolation: list[str]  # what was taken away: "无网络", "无 Python", "无系统字体"

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def bundle_exe(bundle: Path, console: bool = True) -> Path:
    """The executable inside a one-folder bundle (on Windows the console twin, which can print)."""
    if IS_WIN:
        return bundle / ("gkdesk-cli.exe" if console else "gkdesk.exe")
    return bundle / "gkdesk"


def network_isolation_works() -> bool:
    """True when ``unshare -n`` can run a program here (root, or user namespaces allowed)."""
    unshare = shutil.which("unshare")
    if not unshare or IS_WIN:
        return False
    try:
        return subprocess.run([unshare, "-n", "--", "true"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def clean_env(tmp: Path, *, no_system_fonts: bool = True) -> tuple[dict[str, str], list[str]]:
    """An environment without Python on PATH (an empty folder on Linux) and, on Linux, without system fonts."""
    isolation = ["无 Python（PATH 中没有 python）"]
    home = tmp / "home"
    home.mkdir(parents=True, exist_ok=True)
    empty_bin = tmp / "empty-bin"
    empty_bin.mkdir(exist_ok=True)
    if IS_WIN:
        keep = ("SYSTEMROOT", "WINDIR", "TEMP", "TMP", "USERPROFILE", "LOCALAPPDATA", "APPDATA", "COMSPEC",
                "PROCESSOR_ARCHITECTURE", "NUMBER_OF_PROCESSORS", "HOMEDRIVE", "HOMEPATH")
        env = {k: v for k, v in os.environ.items() if k.upper() in keep}
        system_root = os.environ.get("SYSTEMROOT", r"C:\Windows")
        env["PATH"] = os.pathsep.join([str(Path(system_root) / "System32"), system_root])
    else:
        env = {"HOME": str(home), "PATH": str(empty_bin), "LANG": "C.UTF-8", "TMPDIR": str(tmp)}
        if no_system_fonts:
            conf = tmp / "fonts.conf"
            conf.write_text(EMPTY_FONTCONFIG.format(cache=tmp / "fc-cache"), encoding="utf-8")
            env["FONTCONFIG_FILE"] = str(conf)
            isolation.append("无系统字体")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env, isolation


def run_self_test(bundle: Path, extra_args: list[str] | None = None, *, isolate_network: bool = True,
                  no_system_fonts: bool = True, timeout: float = 300) -> SmokeResult:
    """Run ``<bundle>/gkdesk --self-test`` in a clean environment; return its exit status, output and wall time."""
    exe = bundle_exe(bundle)
    if not exe.is_file():
        return SmokeResult(127, f"找不到 {exe}：请先构建（python packaging/build.py）。", 0.0, [])
    with tempfile.TemporaryDirectory(prefix="gkdesk-smoke-") as tmp:
        env, isolation = clean_env(Path(tmp), no_system_fonts=no_system_fonts)
        cmd = [str(exe), "--self-test", *(extra_args or [])]
        if isolate_network and network_isolation_works():
            cmd = [shutil.which("unshare") or "unshare", "-n", "--", *cmd]
            isolation.insert(0, "无网络（unshare -n）")
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, env=env, cwd=tmp, capture_output=True, timeout=timeout)
        seconds = time.perf_counter() - t0
    out = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
    return SmokeResult(proc.returncode, out, seconds, isolation)
