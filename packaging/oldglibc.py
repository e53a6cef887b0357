"""Release build of the Linux bundle for old glibc: inside a Debian 11 (bullseye) root made here by debootstrap.

    python packaging/oldglibc.py [--arch x86_64|aarch64] [--out dist/glibc-2.28] [--no-check]

1. build root: ``debootstrap --variant=minbase bullseye`` (Debian's registry only), plus compilers and the system
   libraries Qt links to — all from bullseye; cached under ~/.cache/gkdesk-build (GKDESK_BUILD_CACHE).
2. Python 3.11 built in that root from Debian 12's own source package python3.11 (packaging/linux/build-python.sh;
   why not bullseye's Python 3.9: docs/guide-install.md); cached inside the root.
3. a venv with the project's dependencies read from pyproject.toml (plus PyInstaller from its dev extra), pinned by
   packaging/linux/constraints-<arch>.txt to the Qt line whose wheels suit the old glibc (x86_64: PySide6-Essentials
   6.9.x, manylinux_2_28; aarch64: 6.7.x, manylinux_2_31). pip inside only accepts manylinux wheels up to that glibc.
4. packaging/build.py inside the root: the bundle, its --self-test, the glibc audit (fails over the limit), the
   tarball and the .deb; copied out to ``--out``.
5. unless --no-check: the proof on a plain Debian 11 (packaging/oldsystem.py): self-test with no network, no Python,
   no fonts, and the .deb installed with dpkg -i, self-tested and purged.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import debroot  # noqa: E402
from debroot import say  # noqa: E402

PY_PREFIX = "/opt/gkdesk-python"
SUITE = "bullseye"

#: per machine architecture: Debian arch, glibc/libstdc++ limits of the oldest target, the Qt pin
PROFILES: dict[str, dict] = {
    # UOS 20 (统信) has glibc 2.28 and gcc 8's libstdc++ (GLIBCXX_3.4.25); PySide6-Essentials 6.9.x is the last
    # x86_64 line tagged manylinux_2_28
    "x86_64": {"deb": "amd64", "glibc": "2.28", "glibcxx": "3.4.25", "manylinux": (2, 28)},
    # Kylin V10 (银河麒麟) on Phytium/Kunpeng has glibc 2.31; PySide6-Essentials 6.7.x is the last aarch64 line tagged
    # manylinux_2_31 (6.8+ need 2.39). NOT RUN on arm64 hardware: see docs/guide-install.md
    "aarch64": {"deb": "arm64", "glibc": "2.31", "glibcxx": "3.4.25", "manylinux": (2, 31)},
}

#: bullseye packages of the build root: a C compiler and Python's build dependencies, dpkg-source for
#: `apt-get source`, binutils for strip, and the system libraries PyInstaller follows from the Qt plugins
BUILD_PACKAGES = [
    "build-essential", "dpkg-dev", "ca-certificates", "pkg-config", "util-linux",
    "libssl-dev", "zlib1g-dev", "libffi-dev", "libbz2-dev", "liblzma-dev", "libsqlite3-dev", "libncursesw5-dev",
    "libreadline-dev", "libgdbm-dev", "uuid-dev", "libexpat1-dev",
    "libgl1", "libegl1", "libfontconfig1", "libfreetype6", "libglib2.0-0", "libdbus-1-3", "libx11-6",
    "libxkbcommon0", "libx11-xcb1", "libxcb1", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0",
    "libxcb-keysyms1", "libxcb-randr0", "libxcb-render0", "libxcb-render-util0", "libxcb-shape0", "libxcb-shm0",
    "libxcb-sync1", "libxcb-util1", "libxcb-xfixes0", "libxcb-xkb1", "libxkbcommon-x11-0",
]

#: restricts pip inside the build venv to manylinux wheels the oldest target can load (PEP 600's hook)
MANYLINUX_HOOK = '''"""gkdesk build: only manylinux wheels for glibc <= {major}.{minor} (PEP 600 hook read by pip)."""


def manylinux_compatible(tag_major, tag_minor, tag_arch):
    return (tag_major, tag_minor) <= ({major}, {minor})
'''


def host_arch() -> str:
    return platform.machine()


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode() if isinstance(p, str) else p)
    return h.hexdigest()[:16]


def build_root(arch: str) -> Path:
    """The bullseye build root with Python 3.11 built in it (cached; remade when the recipe changes)."""
    deb = PROFILES[arch]["deb"]
    recipe = _digest(" ".join(BUILD_PACKAGES), (HERE / "linux" / "build-python.sh").read_bytes(),
                     (HERE / "linux" / "glibc-compat.h").read_bytes(), PY_PREFIX)
    root = debroot.cache_dir() / f"{SUITE}-{deb}-build"
    stamp = root / debroot.STAMP
    if stamp.is_file() and stamp.read_text().strip() == recipe:
        say(f"使用缓存的构建根目录 {root}（Python {(root / PY_PREFIX.lstrip('/') / 'DEBIAN-SOURCE-VERSION').read_text().strip()}）")
        return root
    part = root.with_name(root.name + ".part")
    packages_done = part / ".gkdesk-packages"
    if not (packages_done.is_file() and packages_done.read_text() == " ".join(BUILD_PACKAGES)):
        # an interrupted earlier attempt that got past apt is resumed from here
        debroot.clone(debroot.base_root(SUITE, deb), part)
        debroot.apt_install(part, BUILD_PACKAGES)
        packages_done.write_text(" ".join(BUILD_PACKAGES), encoding="utf-8")
    build = part / "build"
    build.mkdir(exist_ok=True)
    shutil.copy(HERE / "linux" / "build-python.sh", build / "build-python.sh")
    shutil.copy(HERE / "linux" / "glibc-compat.h", build / "glibc-compat.h")
    say("在 Debian 11 根目录中用 Debian 12 的 python3.11 源码包构建 Python 3.11（只在第一次需要，几分钟）")
    t0 = time.perf_counter()
    mirror = debroot.MIRROR
    security = os.environ.get("GKDESK_DEBIAN_SECURITY", mirror.replace("/debian", "/debian-security"))
    debroot.run(part, f"sh /build/build-python.sh {PY_PREFIX} {mirror} {security}")
    say(f"Python 构建完成（{time.perf_counter() - t0:.0f} 秒）")
    stamp_part = part / debroot.STAMP
    stamp_part.write_text(recipe + "\n", encoding="utf-8")
    if root.exists():
        shutil.rmtree(root)
    part.rename(root)
    return root


def stage_source(root: Path) -> None:
    """The working tree (tracked and new files, not ignored ones) copied to /src inside the root."""
    src = root / "src"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir()
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard", "-z"],
                           capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        source = ROOT / rel
        if source.is_file():
            target = src / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def requirements(arch: str) -> tuple[list[str], Path]:
    """(the run-time dependencies from pyproject.toml + PyInstaller from its dev extra, the constraints file)."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    reqs += [r for r in project.get("optional-dependencies", {}).get("dev", []) if r.lower().startswith("pyinstaller")]
    return reqs, HERE / "linux" / f"constraints-{arch}.txt"


def _env(profile: dict) -> dict[str, str]:
    env = {"PATH": f"/build/venv/bin:{PY_PREFIX}/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
           "HOME": "/root", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_CERT": "/build/ca.pem",
           "PIP_DEFAULT_TIMEOUT": "120"}
    # archives dated by the last commit (no git inside the root)
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True).stdout.strip()
    if epoch.isdigit():
        env["SOURCE_DATE_EPOCH"] = epoch
    return env


def prepare_venv(root: Path, arch: str) -> None:
    """/build/venv with the dependencies (remade when pyproject's dependencies or the constraints change)."""
    profile = PROFILES[arch]
    reqs, constraints = requirements(arch)
    build = root / "build"
    (build / "requirements.txt").write_text("\n".join(reqs) + "\n", encoding="utf-8")
    shutil.copy(constraints, build / "constraints.txt")
    ca = Path(os.environ.get("PIP_CERT") or os.environ.get("SSL_CERT_FILE") or "/etc/ssl/certs/ca-certificates.crt")
    if ca.is_file():
        shutil.copy(ca, build / "ca.pem")
    key = _digest("\n".join(reqs), constraints.read_bytes(), str(profile["manylinux"]))
    stamp = build / "venv" / ".gkdesk-requirements"
    if stamp.is_file() and stamp.read_text().strip() == key:
        say("使用缓存的构建虚拟环境（依赖没有变化）")
        return
    say(f"构建虚拟环境：{', '.join(reqs)}（约束 {constraints.name}）")
    if (build / "venv").exists():
        shutil.rmtree(build / "venv")
    major, minor = profile["manylinux"]
    hook = MANYLINUX_HOOK.format(major=major, minor=minor)
    pip_cache = debroot.cache_dir() / f"pip-{arch}"
    pip_cache.mkdir(exist_ok=True)
    debroot.run(root, f"{PY_PREFIX}/bin/python3.11 -m venv /build/venv && "
                f"printf '%s' {shlex_quote(hook)} > \"$(/build/venv/bin/python -c 'import sysconfig; "
                f"print(sysconfig.get_paths()[\"purelib\"])')/_manylinux.py\" && "
                "/build/venv/bin/python -m ensurepip -q 2>/dev/null || true; "
                "/build/venv/bin/python -m pip install -q --upgrade pip && "
                "/build/venv/bin/python -m pip install -q -r /build/requirements.txt -c /build/constraints.txt",
                env=_env(profile), binds={"/root/.cache/pip": pip_cache})
    stamp.write_text(key + "\n", encoding="utf-8")


def shlex_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def build_inside(root: Path, arch: str, out: Path) -> dict:
    """packaging/build.py inside the root with the glibc limits; the results copied to ``out``."""
    profile = PROFILES[arch]
    stage_source(root)
    debroot.run(root, "rm -rf /build/dist /build/work && cd /src && python packaging/build.py --dist /build/dist "
                f"--glibc-max {profile['glibc']} --glibcxx-max {profile['glibcxx']}", env=_env(profile))
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(root / "build" / "dist", out, symlinks=True)
    return json.loads((out / "gkdesk-build.json").read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python packaging/oldglibc.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--arch", default=host_arch(), choices=sorted(PROFILES), help="只能是本机的架构（不交叉编译）")
    p.add_argument("--out", help="输出文件夹（默认 dist/glibc-<版本>）")
    p.add_argument("--no-check", action="store_true", help="不在干净的 Debian 11 中验证")
    args = p.parse_args(argv)
    if args.arch != host_arch():
        sys.exit(f"不能在 {host_arch()} 上构建 {args.arch} 版：请在 {args.arch} 机器（或 CI 的 {args.arch} 运行器）上运行。")
    why = debroot.why_not_possible()
    if why:
        sys.exit(f"无法构建旧 glibc 版：{why}")
    profile = PROFILES[args.arch]
    out = Path(args.out or ROOT / "dist" / f"glibc-{profile['glibc']}").resolve()
    t0 = time.perf_counter()
    root = build_root(args.arch)
    prepare_venv(root, args.arch)
    manifest = build_inside(root, args.arch, out)
    say(f"旧 glibc 版构建完成（{time.perf_counter() - t0:.0f} 秒）：{out}")
    ok = manifest.get("self_test", {}).get("ok", False) and manifest.get("glibc_audit", {}).get("ok", False)
    if ok and not args.no_check:
        import oldsystem

        report = oldsystem.check(out, PROFILES[args.arch]["deb"])
        manifest["debian11_check"] = report
        (out / "gkdesk-build.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        ok = report["ok"]
    say(f"全部完成（{time.perf_counter() - t0:.0f} 秒）{'' if ok else '，但有失败，见上面的输出'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
