"""Build gkdesk for the machine it runs on: PyInstaller one-folder bundle, its self-test, and the packages.

Linux:   dist/gkdesk/ (the bundle), dist/gkdesk-<ver>-linux-<arch>.tar.gz, dist/gkdesk_<ver>_<arch>.deb
Windows: dist/gkdesk/ (gkdesk.exe + gkdesk-cli.exe), dist/gkdesk-<ver>-setup.exe when Inno Setup (iscc) is found
Every build ends with the bundle's --self-test in a clean environment (no network, no Python on PATH, on Linux no
system fonts) and writes dist/gkdesk-build.json (sizes, glibc needed, self-test result).

Usage: python packaging/build.py [--reuse] [--no-tarball] [--no-deb] [--no-installer] [--no-self-test]
                                 [--glibc-max 2.28 --glibcxx-max 3.4.25]
The release build for old glibc runs this inside a Debian 11 root: packaging/oldglibc.py.
"""

from __future__ import annotations

import argparse
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
sys.path.insert(0, str(ROOT))

import smoke  # noqa: E402

IS_WIN = sys.platform == "win32"
IS_LINUX = sys.platform.startswith("linux")
DIST = ROOT / "dist"
WORK = ROOT / "build"


def say(text: str) -> None:
    print(f">> {text}", flush=True)


def version() -> str:
    from gkdesk import __version__

    return __version__


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def check_tools() -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit("缺少 PyInstaller：请先运行  python -m pip install pyinstaller  （或 pip install -e .[dev]）")
    from importlib import metadata

    try:
        metadata.distribution("PySide6")
        say("提示：装的是完整的 PySide6；只有用到的 Qt 模块会被打包，但建议只装 PySide6-Essentials")
    except metadata.PackageNotFoundError:
        pass
    for f in ("gkdesk.ico", "gkdesk-256.png", "gkdesk.svg"):
        if not (ROOT / "resources" / "icons" / f).is_file():
            sys.exit(f"缺少图标 resources/icons/{f}：请运行  python packaging/make_icons.py")


def build_bundle(dist: Path, work: Path) -> Path:
    say("PyInstaller：构建单文件夹程序（需要几分钟）")
    cmd = [sys.executable, "-m", "PyInstaller", str(HERE / "gkdesk.spec"), "--noconfirm", "--clean",
           "--distpath", str(dist), "--workpath", str(work / "pyinstaller"), "--log-level", "WARN"]
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.run(cmd, cwd=ROOT, env=env)
    if proc.returncode != 0:
        sys.exit(f"PyInstaller 失败（退出码 {proc.returncode}），见上面的输出。")
    return dist / "gkdesk"


def glibc_audit_step(bundle: Path, glibc_max: str | None, glibcxx_max: str | None) -> dict:
    """Every ELF file against the glibc / libstdc++ limits (the old-glibc build gives them; the developer build on
    Debian 12 only reports). Over a limit the build stops and lists the files and symbols."""
    import glibc_audit

    result = glibc_audit.audit(bundle, glibc_max or "99.0", glibcxx_max or "99.0")
    say(("glibc 检查：" if glibc_max else "glibc 检查（开发版，不设上限）：") + result.summary())
    info = {"ok": result.ok, "limits": {"GLIBC": glibc_max, "GLIBCXX": glibcxx_max},
            "highest": {fam: {"version": glibc_audit.show(v), "file": who} for fam, (v, who) in result.highest.items()},
            "own_libstdcxx": result.own_libstdcxx, "violations": [list(v) for v in result.violations]}
    if not result.ok:
        print(result.report(), flush=True)
        sys.exit(f"glibc 检查没有通过：{len(result.violations)} 处超出 GLIBC_{glibc_max} / GLIBCXX_{glibcxx_max}"
                 "（见上面的文件和符号）。旧系统上会无法启动；请在更老的系统里构建，或换用要求更低的库。")
    return info


def check_bundle(bundle: Path, glibc_max: str | None = None, glibcxx_max: str | None = None) -> dict:
    """Sizes, and on Linux the glibc it needs and the system libraries it uses."""
    info: dict = {"bundle_bytes": dir_size(bundle), "files": sum(1 for p in bundle.rglob("*") if p.is_file())}
    say(f"程序文件夹 {bundle}：{info['bundle_bytes'] / 1e6:.1f} MB，{info['files']} 个文件")
    if IS_LINUX:
        import linux_dist

        glibc, who = linux_dist.glibc_required(bundle)
        info["glibc_required"], info["glibc_required_by"] = glibc, who
        info["glibc_audit"] = glibc_audit_step(bundle, glibc_max, glibcxx_max)
        info["system_libraries"] = sorted(linux_dist.system_libraries(bundle))
        say(f"需要 glibc ≥ {glibc}（{who}）；用到的系统库：{', '.join(info['system_libraries'])}")
        missing_qt = [n for n in info["system_libraries"] if "Qt6" in n]
        if missing_qt:
            sys.exit(f"打包规则去掉了仍然需要的 Qt 库：{', '.join(missing_qt)}（见 packaging/bundle_rules.py）")
    if IS_WIN:
        missing_qt = pe_missing_qt(bundle)
        if missing_qt:
            sys.exit(f"打包规则去掉了仍然需要的 Qt 库：{', '.join(missing_qt)}（见 packaging/bundle_rules.py）")
    return info


def pe_missing_qt(bundle: Path) -> list[str]:
    """Qt DLLs that a .dll/.pyd/.exe of a Windows bundle imports but that are not in the bundle."""
    import pefile  # installed with PyInstaller on Windows

    present = {p.name.lower() for p in bundle.rglob("*") if p.is_file()}
    missing: set[str] = set()
    for f in bundle.rglob("*"):
        if f.suffix.lower() not in (".dll", ".pyd", ".exe"):
            continue
        try:
            pe = pefile.PE(str(f), fast_load=True)
            pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"]])
        except pefile.PEFormatError:
            continue
        for entry in getattr(pe, "DIRECTORY_ENTRY_IMPORT", []):
            name = entry.dll.decode("ascii", "replace")
            if name.lower().startswith("qt6") and name.lower() not in present:
                missing.add(name)
        pe.close()
    return sorted(missing)


def self_test(bundle: Path) -> dict:
    say("在干净环境中运行打包程序的 --self-test")
    result = smoke.run_self_test(bundle)
    print(result.output, end="" if result.output.endswith("\n") else "\n")
    say(f"自检{'通过' if result.ok else '失败'}（{result.seconds:.2f} 秒；条件：{'、'.join(result.isolation)}）")
    return {"ok": result.ok, "returncode": result.returncode, "seconds": round(result.seconds, 3),
            "isolation": result.isolation}


def find_iscc() -> str | None:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES"),
                 os.environ.get("LOCALAPPDATA") and str(Path(os.environ["LOCALAPPDATA"]) / "Programs")):
        if base:
            cand = Path(base) / "Inno Setup 6" / "ISCC.exe"
            if cand.is_file():
                return str(cand)
    return None


def make_installer(bundle: Path, dist: Path, ver: str) -> Path | None:
    iscc = find_iscc()
    if not iscc:
        say("没有找到 Inno Setup（ISCC.exe），跳过安装程序。安装 Inno Setup 6 后重新运行即可生成。")
        return None
    say("Inno Setup：生成安装程序")
    from bundle_rules import version_tuple

    numeric = ".".join(str(n) for n in version_tuple(ver))
    cmd = [iscc, f"/DAppVersion={ver}", f"/DAppNumericVersion={numeric}", f"/DSourceDir={bundle}", f"/DOutputDir={dist}",
           f"/DRepoRoot={ROOT}", str(HERE / "windows" / "gkdesk.iss")]
    proc = subprocess.run(cmd)
    if proc.returncode != 0:
        sys.exit(f"Inno Setup 失败（退出码 {proc.returncode}）")
    return dist / f"gkdesk-{ver}-setup.exe"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python packaging/build.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--reuse", action="store_true", help="不重新运行 PyInstaller，使用已有的 dist/gkdesk")
    p.add_argument("--no-tarball", action="store_true", help="Linux：不生成 .tar.gz")
    p.add_argument("--no-deb", action="store_true", help="Linux：不生成 .deb")
    p.add_argument("--no-installer", action="store_true", help="Windows：不生成安装程序")
    p.add_argument("--no-self-test", action="store_true", help="不运行打包程序的自检")
    p.add_argument("--dist", default=str(DIST), help="输出文件夹（默认 dist/）")
    p.add_argument("--fast-compression", action="store_true",
                   help="Linux：压缩包和 .deb 用最快的压缩（文件更大；测试用，发布时不要用）")
    p.add_argument("--glibc-max", help="Linux：程序包中任何文件需要的 GLIBC 版本上限（如 2.28），超出则构建失败")
    p.add_argument("--glibcxx-max", help="Linux：GLIBCXX 版本上限（如 3.4.25；程序包自带 libstdc++ 时不限）")
    args = p.parse_args(argv)
    dist, work = Path(args.dist).resolve(), WORK
    dist.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    ver = version()
    t0 = time.perf_counter()
    check_tools()
    bundle = dist / "gkdesk"
    if args.reuse and smoke.bundle_exe(bundle).is_file():
        say(f"使用已有的 {bundle}")
    else:
        bundle = build_bundle(dist, work)
    manifest: dict = {"version": ver, "platform": platform.platform(), "python": platform.python_version(),
                      "bundle": str(bundle)}
    manifest.update(check_bundle(bundle, args.glibc_max, args.glibcxx_max))
    if not args.no_self_test:
        manifest["self_test"] = self_test(bundle)
    if IS_LINUX:
        import linux_dist

        arch = platform.machine()
        if not args.no_tarball:
            tgz = linux_dist.make_tarball(bundle, dist, ver, arch, fast=args.fast_compression)
            manifest["tarball"], manifest["tarball_bytes"] = tgz.name, tgz.stat().st_size
            say(f"压缩包 {tgz.name}：{tgz.stat().st_size / 1e6:.1f} MB")
        if not args.no_deb:
            if shutil.which("dpkg-deb"):
                deb = linux_dist.make_deb(bundle, dist, ver, work, manifest.get("glibc_required", "2.17"),
                                          fast=args.fast_compression)
                manifest["deb"], manifest["deb_bytes"] = deb.name, deb.stat().st_size
                say(f"软件包 {deb.name}：{deb.stat().st_size / 1e6:.1f} MB")
            else:
                say("没有 dpkg-deb，跳过 .deb")
    if IS_WIN and not args.no_installer:
        setup = make_installer(bundle, dist, ver)
        if setup:
            manifest["installer"], manifest["installer_bytes"] = setup.name, setup.stat().st_size
    manifest["build_seconds"] = round(time.perf_counter() - t0, 1)
    (dist / "gkdesk-build.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    ok = manifest.get("self_test", {}).get("ok", True)
    say(f"完成（{manifest['build_seconds']} 秒）。{'' if ok else '但打包程序的自检没有通过，见上面的输出。'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
