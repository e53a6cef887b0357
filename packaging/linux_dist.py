"""Linux distribution of the one-folder bundle: glibc it needs, system libraries, the tarball and the .deb."""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

from bundle_rules import elf_needed

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LINUX = HERE / "linux"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

#: system libraries the bundle links to but does not carry -> Debian/UOS/Kylin package (the .deb's Depends)
SYSTEM_PACKAGES: dict[str, str] = {
    "libc.so.6": "libc6", "libm.so.6": "libc6", "libdl.so.2": "libc6", "libpthread.so.0": "libc6",
    "librt.so.1": "libc6", "libutil.so.1": "libc6", "ld-linux-x86-64.so.2": "libc6", "ld-linux-aarch64.so.1": "libc6",
    "libcrypt.so.1": "libcrypt1", "libnsl.so.1": "libc6", "libresolv.so.2": "libc6",
    "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libOpenGL.so.0": "libopengl0", "libGLX.so.0": "libglx0",
    "libxcb.so.1": "libxcb1", "libdbus-1.so.3": "libdbus-1-3", "libpng16.so.16": "libpng16-16",
}
#: what the window needs at run time besides libraries (fonts config for the bundled fontconfig)
RECOMMENDS = ["fontconfig", "fonts-noto-cjk | fonts-wqy-microhei"]


def is_elf(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def elf_files(bundle: Path) -> list[Path]:
    return sorted(p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p))


_GLIBC = re.compile(rb"GLIBC_(\d+)\.(\d+)(?:\.(\d+))?\x00")


def glibc_versions(path: Path) -> set[tuple[int, int]]:
    """GLIBC symbol versions an ELF file asks for (from its version-needed strings)."""
    data = path.read_bytes()
    return {(int(m.group(1)), int(m.group(2))) for m in _GLIBC.finditer(data)}


def glibc_required(bundle: Path) -> tuple[str, str]:
    """(highest GLIBC_x.y any file of the bundle needs, the file needing it)."""
    best, who = (0, 0), ""
    for f in elf_files(bundle):
        for v in glibc_versions(f):
            if v > best:
                best, who = v, str(f.relative_to(bundle))
    return f"{best[0]}.{best[1]}", who


def system_libraries(bundle: Path) -> dict[str, list[str]]:
    """Libraries that files of the bundle link to and that are not inside it -> which bundle files need them."""
    inside = {p.name for p in bundle.rglob("*") if p.is_file() or p.is_symlink()}
    out: dict[str, list[str]] = {}
    for f in elf_files(bundle):
        for name in elf_needed(str(f)):
            if name not in inside:
                out.setdefault(name, []).append(str(f.relative_to(bundle)))
    return out


def deb_depends(bundle: Path, glibc: str) -> list[str]:
    """The Depends field: one package per system library (unknown libraries stop the build rather than be missed)."""
    unknown = sorted(n for n in system_libraries(bundle) if n not in SYSTEM_PACKAGES)
    if unknown:
        raise RuntimeError(f"不知道这些系统库属于哪个软件包，请补充 SYSTEM_PACKAGES：{', '.join(unknown)}")
    pkgs = sorted({SYSTEM_PACKAGES[n] for n in system_libraries(bundle)})
    return [f"libc6 (>= {glibc})" if p == "libc6" else p for p in pkgs]


# --- the share/ tree (desktop entry, MIME type, icons), same for the tarball and the .deb --------------------------
def share_files(desktop_exec: str | None = None) -> dict[str, tuple[bytes, int]]:
    """Relative path under share/ -> (content, mode)."""
    icons = ROOT / "resources" / "icons"
    desktop = (LINUX / "gkdesk.desktop").read_text(encoding="utf-8")
    if desktop_exec:
        desktop = desktop.replace("Exec=gkdesk", f"Exec={desktop_exec}").replace("TryExec=gkdesk",
                                                                                    f"TryExec={desktop_exec}")
    files: dict[str, tuple[bytes, int]] = {
        "applications/gkdesk.desktop": (desktop.encode("utf-8"), 0o644),
        "mime/packages/gkdesk.xml": ((LINUX / "gkdesk-mime.xml").read_bytes(), 0o644),
        "icons/hicolor/scalable/apps/gkdesk.svg": ((icons / "gkdesk.svg").read_bytes(), 0o644),
        "icons/hicolor/scalable/mimetypes/application-x-gkreport.svg": ((icons / "gkdesk.svg").read_bytes(), 0o644),
    }
    for size in ICON_SIZES:
        png = (icons / f"gkdesk-{size}.png").read_bytes()
        files[f"icons/hicolor/{size}x{size}/apps/gkdesk.png"] = (png, 0o644)
        files[f"icons/hicolor/{size}x{size}/mimetypes/application-x-gkreport.png"] = (png, 0o644)
    return files


def _source_date() -> int:
    """A fixed timestamp for reproducible archives: SOURCE_DATE_EPOCH, else the last commit's time."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True,
                             timeout=20)
        return int(out.stdout.strip())
    except (OSError, ValueError, subprocess.SubprocessError):
        return 1700000000


def _tarinfo(name: str, mode: int, mtime: int, kind: bytes = tarfile.REGTYPE, size: int = 0) -> tarfile.TarInfo:
    ti = tarfile.TarInfo(name)
    ti.type, ti.mode, ti.mtime, ti.size = kind, mode, mtime, size
    ti.uid = ti.gid = 0
    ti.uname = ti.gname = "root"
    return ti


def _walk(bundle: Path):
    yield bundle
    yield from sorted(bundle.rglob("*"))


def make_tarball(bundle: Path, out: Path, version: str, arch: str, fast: bool = False) -> Path:
    """gkdesk-<version>-linux-<arch>.tar.gz: the bundle, install.sh/uninstall.sh, share/ and a Chinese readme."""
    top = f"gkdesk-{version}-linux-{arch}"
    mtime = _source_date()
    target = out / f"{top}.tar.gz"
    tmp = target.with_name(target.name + ".part")
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=1 if fast else 9,
                                               mtime=mtime) as gz, tarfile.open(fileobj=gz, mode="w",
                                                                                format=tarfile.GNU_FORMAT) as tar:
        tar.addfile(_tarinfo(top, 0o755, mtime, tarfile.DIRTYPE))
        for p in _walk(bundle):
            rel = p.relative_to(bundle)
            if str(rel) == ".":
                continue
            name = f"{top}/{rel.as_posix()}"
            if p.is_symlink():
                ti = _tarinfo(name, 0o777, mtime, tarfile.SYMTYPE)
                ti.linkname = os.readlink(p)
                tar.addfile(ti)
            elif p.is_dir():
                tar.addfile(_tarinfo(name, 0o755, mtime, tarfile.DIRTYPE))
            else:
                mode = 0o755 if os.access(p, os.X_OK) else 0o644
                with open(p, "rb") as fh:
                    tar.addfile(_tarinfo(name, mode, mtime, size=p.stat().st_size), fh)
        extra = {f"share/{k}": v for k, v in share_files().items()}
        extra["install.sh"] = ((LINUX / "install.sh").read_bytes(), 0o755)
        extra["uninstall.sh"] = ((LINUX / "uninstall.sh").read_bytes(), 0o755)
        extra["使用说明.txt"] = (readme_text(version).encode("utf-8"), 0o644)
        made_dirs: set[str] = set()
        for rel_name in sorted(extra):
            data, mode = extra[rel_name]
            parts = rel_name.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                d = "/".join(parts[:i])
                if d not in made_dirs:
                    made_dirs.add(d)
                    tar.addfile(_tarinfo(f"{top}/{d}", 0o755, mtime, tarfile.DIRTYPE))
            tar.addfile(_tarinfo(f"{top}/{rel_name}", mode, mtime, size=len(data)), io.BytesIO(data))
    os.replace(tmp, target)
    return target


def readme_text(version: str) -> str:
    return f"""gkdesk {version} —— 政府信息公开工作年度报告 编写、校验与发布工具

直接使用（不安装）：双击或在终端运行本文件夹里的 gkdesk。

安装到当前用户（不需要管理员权限）：在本文件夹中打开终端，运行
    ./install.sh
安装后可在开始菜单“办公”类中找到“政务公开年报”，双击 .gkreport 文件也会用它打开。
加上 --desktop 会在桌面放一个图标。卸载：运行 ~/.local/lib/gkdesk/uninstall.sh（报告文件不会被删除）。

检查本机能否正常使用：运行  ./gkdesk --self-test
程序完全离线工作，不需要联网，也不需要安装 Python。
"""


# --- .deb ---------------------------------------------------------------------------------------------------------
def deb_arch() -> str:
    try:
        out = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, timeout=20)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)


POSTINST = """#!/bin/sh
# refresh the menus, file types and icons (Debian triggers also do this; older systems may not have them)
set -e
if [ "$1" = configure ] || [ "$1" = remove ] || [ "$1" = purge ]; then
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
  command -v update-mime-database >/dev/null 2>&1 && update-mime-database /usr/share/mime || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
"""


def make_deb(bundle: Path, out: Path, version: str, work: Path, glibc: str, fast: bool = False) -> Path:
    """gkdesk_<version>_<arch>.deb: /opt/gkdesk, /usr/bin/gkdesk, menu entry, .gkreport type, icons."""
    if not shutil.which("dpkg-deb"):
        raise RuntimeError("没有 dpkg-deb，无法生成 .deb（Debian/Ubuntu/UOS/麒麟上：apt-get install dpkg）")
    arch = deb_arch()
    root = work / "deb-root"
    if root.exists():
        shutil.rmtree(root)
    opt = root / "opt" / "gkdesk"
    shutil.copytree(bundle, opt, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    os.symlink("/opt/gkdesk/gkdesk", root / "usr" / "bin" / "gkdesk")
    for rel, (data, mode) in share_files().items():
        path = root / "usr" / "share" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(mode)
    doc = root / "usr" / "share" / "doc" / "gkdesk"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "gkdesk — MIT License.\nBundled: Qt 6 / PySide6 (LGPLv3), Python (PSF), openpyxl (MIT), XlsxWriter (BSD-2-Clause),\n"
        "reportlab (BSD), fonts under /opt/gkdesk/_internal/resources/fonts with their own licence files.\n",
        encoding="utf-8")
    for d in [root, *root.rglob("*")]:
        if d.is_dir() and not d.is_symlink():
            d.chmod(0o755)
    installed_kb = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    debian = root / "DEBIAN"
    debian.mkdir()
    control = f"""Package: gkdesk
Version: {version}
Architecture: {arch}
Maintainer: gkdesk <gkdesk@localhost>
Installed-Size: {installed_kb}
Depends: {", ".join(deb_depends(bundle, glibc))}
Recommends: {", ".join(RECOMMENDS)}
Section: misc
Priority: optional
Description: 政府信息公开工作年度报告 编写、校验与发布工具
 gkdesk writes, checks and publishes the annual report on government
 information disclosure in the national 2021 format, fully offline.
 编写、校验并导出（Excel、PDF）政府信息公开工作年度报告，完全离线使用。
"""
    (debian / "control").write_text(control, encoding="utf-8")
    for script in ("postinst", "postrm"):
        (debian / script).write_text(POSTINST, encoding="utf-8")
        (debian / script).chmod(0o755)
    target = out / f"gkdesk_{version}_{arch}.deb"
    # xz for downloads (every Debian-based system reads it); fast: gzip -1, for tests that check the contents only
    compression = ["-Zgzip", "-z1"] if fast else ["-Zxz"]
    proc = subprocess.run(["dpkg-deb", "--root-owner-group", *compression, "--build", str(root), str(target)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"dpkg-deb 失败：{proc.stderr.strip()}")
    return target
