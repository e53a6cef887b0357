"""Check the Windows installer script on Linux: Inno Setup's own compiler (ISCC.exe, from the npm registry's
``innosetup`` package) compiles packaging/windows/gkdesk.iss under Debian's Wine, on a stub payload; then the compiled
setup is started on a Wine that says it is Windows 7, then Windows 10 1803 (Wine 5.0's "win10"), and must refuse
both with the Chinese message (MinVersion 10.0.17763: Qt 6 needs Windows 10 1809). That it installs on 1809 and later
is left to the Windows workflow (not run yet).

    python packaging/windows/wine_check.py [OUT_DIR]

Wine runs in a Debian 11 root made by debootstrap (wine + wine32 from Debian's registry; the machine's own package
configuration is not touched), cached under ~/.cache/gkdesk-build. Inno Setup 6.4 does not ship the Simplified
Chinese messages file: it is taken, as the Windows workflow does, from the Inno Setup sources (jrsoftware/issrc);
offline, Inno's English Default.isl stands in for it (our own Chinese texts, the version refusal included, are in
the script itself).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGING = HERE.parent
ROOT = PACKAGING.parent
sys.path.insert(0, str(PACKAGING))
sys.path.insert(0, str(ROOT))

import debroot  # noqa: E402
from debroot import say  # noqa: E402

INNO_NPM = "innosetup@6.4.1"
ISL_URLS = [f"https://raw.githubusercontent.com/jrsoftware/issrc/{ref}/Files/Languages/{sub}ChineseSimplified.isl"
            for ref in ("is-6_4_1", "main") for sub in ("", "Unofficial/")]
WINE_PACKAGES = ["wine", "wine64", "wine32", "xvfb", "xauth"]
WINE_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8", "WINEDEBUG": "-all", "WINEARCH": "win64",
            "WINEDLLOVERRIDES": "mscoree,mshtml="}


@dataclass
class WineCheck:
    compiled: bool
    setup: Path | None
    compile_output: str
    messages_file: str  # which Chinese messages file was used
    refused_old_windows: bool | None = None
    refusal_text: str = ""
    refused_windows_10_1803: bool | None = None


def inno_compiler() -> Path:
    """The folder holding ISCC.exe, from the npm registry (npm pack), cached."""
    cache = debroot.cache_dir() / "innosetup"
    bin_dir = cache / "package" / "bin"
    if (bin_dir / "ISCC.exe").is_file():
        return bin_dir
    if not shutil.which("npm"):
        raise RuntimeError("需要 npm 来取得 Inno Setup 编译器（npm 仓库的 innosetup 包）")
    cache.mkdir(parents=True, exist_ok=True)
    say(f"npm pack {INNO_NPM}")
    proc = subprocess.run(["npm", "pack", INNO_NPM, "--silent"], cwd=cache, capture_output=True, text=True,
                          timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"npm pack {INNO_NPM} 失败：{proc.stderr[-1000:]}")
    with tarfile.open(cache / proc.stdout.strip().splitlines()[-1]) as tar:
        tar.extractall(cache, filter="data")
    return bin_dir


def wine_root() -> Path:
    """A bullseye root with Debian's wine (64- and 32-bit: ISCC.exe is a 32-bit program, the setup is for x64 Windows) and Xvfb, cached."""
    root = debroot.cache_dir() / "bullseye-amd64-wine"
    key = " ".join(WINE_PACKAGES)
    if (root / debroot.STAMP).is_file() and (root / debroot.STAMP).read_text().strip() == key:
        return root
    part = debroot.clone(debroot.base_root("bullseye", "amd64"), root.with_name(root.name + ".part"))
    debroot.run(part, "dpkg --add-architecture i386")
    debroot.apt_install(part, WINE_PACKAGES)
    debroot.run(part, "apt-get clean && wineboot -i >/dev/null 2>&1; wineserver -w; true", env=WINE_ENV)
    (part / debroot.STAMP).write_text(key + "\n", encoding="utf-8")
    if root.exists():
        shutil.rmtree(root)
    part.rename(root)
    return root


def chinese_messages(dest: Path) -> bool:
    """Download ChineseSimplified.isl to ``dest`` (True), or False when it cannot be reached."""
    for url in ISL_URLS:
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:  # noqa: S310 - fixed https URLs
                data = resp.read()
        except OSError:
            continue
        if b"[LangOptions]" in data:
            dest.write_bytes(data)
            return True
    return False


def stub_payload(folder: Path) -> None:
    """What dist\\gkdesk holds on Windows, as small stand-in files."""
    (folder / "_internal" / "resources").mkdir(parents=True, exist_ok=True)
    for name in ("gkdesk.exe", "gkdesk-cli.exe"):
        (folder / name).write_bytes(b"MZ stub payload for the installer compile check\n")
    (folder / "_internal" / "resources" / "README.txt").write_text("stub\n", encoding="utf-8")


def _remove_installed(root: Path) -> int:
    """Remove what an earlier run installed inside Wine (the root is kept between runs); returns how many copies."""
    found = [p.parent for p in (root / "root" / ".wine" / "drive_c").rglob("gkdesk-cli.exe")]
    for folder in found:
        shutil.rmtree(folder, ignore_errors=True)
    return len(found)


def check(out: Path, *, try_old_windows: bool = True) -> WineCheck:
    from bundle_rules import version_tuple

    from gkdesk import __version__

    out.mkdir(parents=True, exist_ok=True)
    inno = inno_compiler()
    root = wine_root()
    work = root / "work"
    if work.exists():
        shutil.rmtree(work)
    (work / "out").mkdir(parents=True)
    stub_payload(work / "stub")
    if chinese_messages(work / "ChineseSimplified.isl"):
        isl, isl_used = r"Z:\work\ChineseSimplified.isl", "ChineseSimplified.isl（Inno Setup 源码，与工作流相同）"
    else:
        isl, isl_used = r"compiler:Default.isl", "Default.isl（离线，英文代替）"
    numeric = ".".join(str(n) for n in version_tuple(__version__))
    cmd = (rf"cd /work && wine 'Z:\inno\ISCC.exe' /Q '/DAppVersion={__version__}' '/DAppNumericVersion={numeric}' "
           rf"'/DSourceDir=Z:\work\stub' '/DOutputDir=Z:\work\out' '/DRepoRoot=Z:\repo' "
           rf"'/DChineseMessagesFile={isl}' 'Z:\repo\packaging\windows\gkdesk.iss'")
    say(f"Wine 中用 Inno Setup 编译 gkdesk.iss（占位程序文件；中文消息：{isl_used}）")
    proc = debroot.run(root, cmd, env=WINE_ENV, binds={"/inno": inno, "/repo": ROOT}, check=False, capture=True,
                       timeout=900)
    output = (proc.stdout + proc.stderr).strip()
    setups = sorted((work / "out").glob("gkdesk-*-setup.exe"))
    result = WineCheck(proc.returncode == 0 and bool(setups), None, output, isl_used)
    if setups:
        result.setup = out / setups[0].name
        shutil.copy(setups[0], result.setup)
    if result.compiled and try_old_windows:
        _remove_installed(root)
        # Wine says it is Windows 7: Setup must stop before installing anything, with our Chinese message
        run = (r"wine reg add 'HKCU\Software\Wine' /v Version /d win7 /f >/dev/null 2>&1; wineserver -w; "
               rf"xvfb-run -a wine 'Z:\work\out\{setups[0].name}' /VERYSILENT /SUPPRESSMSGBOXES /NORESTART "
               r"'/LOG=Z:\work\out\setup.log'; echo exit=$?; wineserver -k; "
               r"wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1; wineserver -w; true")
        proc = debroot.run(root, run, env=WINE_ENV, check=False, capture=True, timeout=600)
        log_file = work / "out" / "setup.log"
        log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.is_file() else ""
        match = re.search(r"gkdesk 需要 Windows 10[^\r\n]*", log)
        installed = (root / "root" / ".wine" / "drive_c" / "users").exists() and any(
            (root / "root" / ".wine" / "drive_c").rglob("gkdesk-cli.exe"))
        result.refused_old_windows = bool(match) and not installed
        result.refusal_text = match.group(0) if match else (log[-1500:] or proc.stdout[-1500:])
        # Debian 11's Wine 5.0 presents "win10" as 10.0.17134 (version 1803), still older than Qt 6's 1809
        run10 = (r"wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1; wineserver -w; "
                 rf"xvfb-run -a wine 'Z:\work\out\{setups[0].name}' /VERYSILENT /SUPPRESSMSGBOXES /NORESTART "
                 r"/CURRENTUSER '/LOG=Z:\work\out\setup10.log'; wineserver -w; true")
        debroot.run(root, run10, env=WINE_ENV, check=False, capture=True, timeout=600)
        log10 = work / "out" / "setup10.log"
        text10 = log10.read_text(encoding="utf-8", errors="replace") if log10.is_file() else ""
        result.refused_windows_10_1803 = ("Windows version: 10.0.17134" in text10 and "gkdesk 需要 Windows 10" in text10
                                          and _remove_installed(root) == 0)
    return result


def main(argv: list[str]) -> int:
    why = debroot.why_not_possible()
    if why:
        print(f"无法检查：{why}")
        return 2
    out = Path(argv[0]) if argv else ROOT / "dist" / "wine-check"
    res = check(out.resolve())
    print(res.compile_output[-3000:])
    say(f"编译{'成功：' + str(res.setup) if res.compiled else '失败'}；中文消息文件：{res.messages_file}")
    if res.refused_old_windows is not None:
        say(f"在“Windows 7”上运行安装程序：{'拒绝安装' if res.refused_old_windows else '没有拒绝'}：{res.refusal_text}")
        say(f"在 Wine 的“Windows 10 1803”上：{'拒绝安装（Qt 6 需要 1809）' if res.refused_windows_10_1803 else '没有拒绝'}")
    return 0 if res.compiled and res.refused_old_windows is not False and res.refused_windows_10_1803 is not False else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
