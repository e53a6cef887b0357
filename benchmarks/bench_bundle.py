"""The frozen bundle: its size on disk (Linux: at most 130 MiB) and compressed, and its start-up against the unfrozen app.

Start-up is measured in the same run for both: the wall time of ``gkdesk --self-test --only window`` (start the
process, open the example in the main window offscreen, wait for the first paint, quit) and of the full
``--self-test``, frozen (dist/gkdesk) against ``python -m gkdesk`` from the source tree; medians of alternating runs.
When dist/gkdesk is missing or older than the sources it is built first (python packaging/build.py, about a minute).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
sys.path.insert(0, str(ROOT / "packaging"))

import smoke  # noqa: E402

MAX_BUNDLE_MIB = 130
MAX_RATIO = 1.2
RUNS = 5


def _newest_source() -> float:
    paths = [*(ROOT / "gkdesk").rglob("*.py"), *(ROOT / "resources").rglob("*"), *(ROOT / "packaging").glob("*.py"),
             ROOT / "packaging" / "gkdesk.spec"]
    return max(p.stat().st_mtime for p in paths if p.is_file())


def ensure_bundle() -> tuple[Path, str]:
    bundle = DIST / "gkdesk"
    exe = smoke.bundle_exe(bundle)
    if exe.is_file() and exe.stat().st_mtime >= _newest_source() and (DIST / "gkdesk-build.json").is_file():
        return bundle, "已有的构建"
    why = "没有构建" if not exe.is_file() else "构建比源代码旧"
    print(f"# bundle: {why}，先运行 python packaging/build.py（约一分钟）", file=sys.stderr)
    proc = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py")], capture_output=True, text=True)
    if not exe.is_file():
        raise RuntimeError(f"构建失败：{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return bundle, "本次新构建"


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, timeout=300)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} 失败：{proc.stdout.decode('utf-8', 'replace')[-2000:]}")
    return seconds


def compare(frozen: list[str], unfrozen: list[str]) -> tuple[float, float]:
    """Median wall times (frozen, unfrozen), alternating runs after one warm-up of each."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    _timed(frozen, env)
    _timed(unfrozen, env)
    f, u = [], []
    for _ in range(RUNS):
        f.append(_timed(frozen, env))
        u.append(_timed(unfrozen, env))
    return statistics.median(f), statistics.median(u)


def run() -> list[dict]:
    if not sys.platform.startswith(("linux", "win")):
        return [{"what": "打包：本平台不构建", "value": float("nan"), "unit": "", "ok": None}]
    bundle, origin = ensure_bundle()
    info = json.loads((DIST / "gkdesk-build.json").read_text(encoding="utf-8"))
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    rows: list[dict] = [{
        "what": f"程序文件夹大小（{origin}）", "value": size / 2**20, "unit": "MiB",
        "target": f"<= {MAX_BUNDLE_MIB} MiB", "ok": size <= MAX_BUNDLE_MIB * 2**20,
    }]
    for key, label in (("tarball", "压缩包 .tar.gz"), ("deb", "软件包 .deb（xz）"), ("installer", "安装程序 setup.exe")):
        path = DIST / info[key] if key in info else None
        if path is not None and path.is_file():
            rows.append({"what": label, "value": path.stat().st_size / 2**20, "unit": "MiB",
                         "reference": "程序文件夹", "ref_value": size / 2**20})
    if info.get("glibc_required"):
        rows.append({"what": f"需要的 glibc（{info['glibc_required_by']}）",
                     "value": float(info["glibc_required"]), "unit": "", "target": "构建机的 glibc"})
    exe = str(smoke.bundle_exe(bundle))
    src = [sys.executable, "-m", "gkdesk"]
    for args, label in ((["--self-test", "--only", "window"], "启动到窗口显示示例（进程总时间）"),
                        (["--self-test"], "完整自检 --self-test（进程总时间）")):
        frozen, unfrozen = compare([exe, *args], [*src, *args])
        rows.append({"what": f"{label}：打包版", "value": frozen * 1000, "unit": "ms",
                     "reference": "源码运行 python -m gkdesk", "ref_value": unfrozen * 1000,
                     "target": f"ratio <= {MAX_RATIO}", "ok": frozen <= unfrozen * MAX_RATIO})
    rows += old_glibc_rows(bundle, size)
    return rows


def old_glibc_rows(today: Path, today_size: int) -> list[dict]:
    """The release bundle built in Debian 11 (packaging/oldglibc.py → dist/glibc-2.28), when present: its sizes, the
    glibc audit, and its start-up against today's bundle (dist/gkdesk, built on this machine) in the same run."""
    old_dist = DIST / "glibc-2.28"
    manifest = old_dist / "gkdesk-build.json"
    if not manifest.is_file():
        return [{"what": "旧 glibc 版（dist/glibc-2.28）：没有构建，跳过（python packaging/oldglibc.py）",
                 "value": float("nan"), "unit": "", "ok": None}]
    info = json.loads(manifest.read_text(encoding="utf-8"))
    old = old_dist / "gkdesk"
    size = sum(p.stat().st_size for p in old.rglob("*") if p.is_file() and not p.is_symlink())
    rows: list[dict] = [{"what": "旧 glibc 版 程序文件夹大小", "value": size / 2**20, "unit": "MiB",
                         "reference": "本机构建的程序文件夹", "ref_value": today_size / 2**20}]
    for key, label in (("tarball", "旧 glibc 版 压缩包 .tar.gz"), ("deb", "旧 glibc 版 软件包 .deb（xz）")):
        if key in info and (old_dist / info[key]).is_file():
            rows.append({"what": label, "value": (old_dist / info[key]).stat().st_size / 2**20, "unit": "MiB"})
    audit = info.get("glibc_audit", {})
    for fam, limit in (("GLIBC", "2.28"), ("GLIBCXX", "3.4.25")):
        high = audit.get("highest", {}).get(fam)
        if high:
            own = fam == "GLIBCXX" and audit.get("own_libstdcxx")
            rows.append({"what": f"旧 glibc 版 最高需要 {fam}_{high['version']}（{high['file']}）",
                         "value": float("nan"), "unit": "", "target": f"<= {limit}" + ("（自带 libstdc++，不限）" if own else ""),
                         "ok": audit.get("ok")})
    exe_old, exe_today = str(smoke.bundle_exe(old)), str(smoke.bundle_exe(today))
    for args, label in ((["--self-test", "--only", "window"], "启动到窗口显示示例（进程总时间）"),
                        (["--self-test"], "完整自检 --self-test（进程总时间）")):
        t_old, t_today = compare([exe_old, *args], [exe_today, *args])
        rows.append({"what": f"{label}：旧 glibc 版（Debian 11 构建）", "value": t_old * 1000, "unit": "ms",
                     "reference": "本机（Debian 12）构建的打包版", "ref_value": t_today * 1000,
                     "target": f"ratio <= {MAX_RATIO}", "ok": t_old <= t_today * MAX_RATIO})
    return rows
