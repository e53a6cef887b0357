"""Proof on an old system: a built Linux bundle and its .deb on a plain Debian 11 (glibc 2.31), made by debootstrap.

    python packaging/oldsystem.py DIST_DIR     (DIST_DIR holds gkdesk-*-linux-*.tar.gz and gkdesk_*.deb)

In a fresh copy of a bullseye minbase root with only the libraries the .deb depends on (no Python, no fonts):

1. the tarball unpacked, ``gkdesk --self-test`` with no network (``unshare -n``), PATH without Python, an empty
   fontconfig, offscreen;
2. ``dpkg -i`` of the .deb, ``/usr/bin/gkdesk --self-test`` the same way, ``dpkg --purge`` — and nothing of the
   package may be left on disk.
The root with the run-time libraries is cached (GKDESK_BUILD_CACHE); each check works on a new copy of it.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import debroot  # noqa: E402
from debroot import say  # noqa: E402

SUITE = "bullseye"
EMPTY_FONTS_CONF = '<?xml version="1.0"?>\n<fontconfig><cachedir>/tmp/fc-cache</cachedir></fontconfig>\n'
#: the environment of the self-test inside: no Python on PATH (checked), offscreen, no system fonts
SELFTEST_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/tmp/home", "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen",
                "FONTCONFIG_FILE": "/etc/gkdesk-test-fonts.conf"}


#: dpkg needs the administrator's folders (ldconfig, start-stop-daemon); the self-tests run without them
ADMIN_PATH = "export PATH=/usr/sbin:/usr/bin:/sbin:/bin;"


def deb_depends(deb: Path) -> list[str]:
    """Package names of the .deb's Depends field (versions and alternatives beyond the first dropped)."""
    field = subprocess.run(["dpkg-deb", "-f", str(deb), "Depends"], capture_output=True, text=True,
                           check=True).stdout
    return [re.split(r"[\s(|]", part.strip())[0] for part in field.split(",") if part.strip()]


def runtime_root(packages: list[str], deb_arch: str) -> Path:
    """The cached bullseye root with ``packages`` installed (remade when the list changes)."""
    key = " ".join(sorted(packages))
    root = debroot.cache_dir() / f"{SUITE}-{deb_arch}-runtime"
    stamp = root / debroot.STAMP
    if stamp.is_file() and stamp.read_text().strip() == key:
        return root
    part = debroot.clone(debroot.base_root(SUITE, deb_arch), root.with_name(root.name + ".part"))
    debroot.apt_install(part, packages)
    (part / "var" / "cache" / "apt" / "archives").mkdir(parents=True, exist_ok=True)
    debroot.run(part, "apt-get clean")
    stamp.with_name(stamp.name).parent.mkdir(parents=True, exist_ok=True)
    (part / debroot.STAMP).write_text(key + "\n", encoding="utf-8")
    if root.exists():
        subprocess.run(["rm", "-rf", str(root)], check=True)
    part.rename(root)
    return root


def _inside(root: Path, command: str, *, network: bool = False) -> tuple[int, str]:
    proc = debroot.run(root, command, env=SELFTEST_ENV, network=network, check=False, capture=True, timeout=900)
    return proc.returncode, (proc.stdout + proc.stderr).strip()


def check(dist: Path, deb_arch: str = "amd64") -> dict:
    """Run the proof; print it as it goes and return what happened (``ok`` only when every part passed)."""
    tarballs = sorted(dist.glob("gkdesk-*-linux-*.tar.gz"))
    debs = sorted(dist.glob("gkdesk_*.deb"))
    if not tarballs or not debs:
        raise FileNotFoundError(f"{dist} 中没有 gkdesk-*-linux-*.tar.gz 和 gkdesk_*.deb：请先构建")
    tarball, deb = tarballs[-1], debs[-1]
    packages = deb_depends(deb)
    say(f"Debian 11 验证：{tarball.name}、{deb.name}；只装 .deb 依赖的库：{' '.join(packages)}")
    root = debroot.clone(runtime_root(packages, deb_arch), debroot.cache_dir() / f"{SUITE}-{deb_arch}-check")
    report: dict = {"system": "", "tarball": {}, "deb": {}}
    try:
        (root / "etc" / "gkdesk-test-fonts.conf").write_text(EMPTY_FONTS_CONF, encoding="utf-8")
        (root / "opt" / "test").mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as tar:
            tar.extractall(root / "opt" / "test", filter="tar")
        top = tarball.name.removesuffix(".tar.gz")
        shutil_copy(deb, root / "tmp-deb" / deb.name)
        _, report["system"] = _inside(root, "cat /etc/debian_version; ldd --version | head -1")
        code, out = _inside(root, "for p in python python3 python3.9 python3.11; do command -v $p && exit 1; done; "
                                  "ls /usr/share/fonts 2>/dev/null | head -1 | grep -q . && exit 2; exit 0")
        report["clean"] = {"no_python": code != 1, "no_fonts": code != 2}
        say(f"系统：{report['system'].replace(chr(10), '，')}；PATH 中没有 Python：{code != 1}；没有系统字体：{code != 2}")
        code, out = _inside(root, f"mkdir -p /tmp/home && cd /tmp && /opt/test/{top}/gkdesk --self-test")
        report["tarball"] = {"returncode": code, "output": out}
        say(f"压缩包中的程序，--self-test（无网络、无 Python、无字体）：退出码 {code}")
        print(out, flush=True)
        code, out = _inside(root, f"{ADMIN_PATH} dpkg -i /tmp-deb/{shlex.quote(deb.name)} && dpkg -L gkdesk > /tmp-deb/files.txt"
                                  " && dpkg -s gkdesk | grep -E '^(Status|Version|Depends):'")
        report["deb"]["install"] = {"returncode": code, "output": out}
        say(f"dpkg -i：退出码 {code}\n{out}")
        files = [f for f in (root / "tmp-deb" / "files.txt").read_text().split("\n") if f.strip()] if code == 0 else []
        code, out = _inside(root, "mkdir -p /tmp/home && cd /tmp && gkdesk --self-test")
        report["deb"]["self_test"] = {"returncode": code, "output": out}
        say(f"安装后的 /usr/bin/gkdesk --self-test：退出码 {code}（{out.splitlines()[-1] if out else ''}）")
        code, out = _inside(root, f"{ADMIN_PATH} dpkg --purge gkdesk && ! dpkg -s gkdesk >/dev/null 2>&1")
        # every file and link the package installed must be gone; folders may stay only if shared (/usr/share/...)
        left = [f for f in files if ((root / f.lstrip("/")).is_symlink() or (root / f.lstrip("/")).exists())
                and (not (root / f.lstrip("/")).is_dir() or f.startswith("/opt/gkdesk"))]
        report["deb"]["purge"] = {"returncode": code, "output": out, "files_installed": len(files), "left": left[:20]}
        say(f"dpkg --purge：退出码 {code}；安装了 {len(files)} 个路径，卸载后留下 {len(left)} 个"
            f"{'：' + ', '.join(left[:10]) if left else ''}")
    finally:
        subprocess.run(["rm", "-rf", str(root)], check=False)
    report["ok"] = (report["clean"]["no_python"] and report["clean"]["no_fonts"]
                    and report["tarball"]["returncode"] == 0 and report["deb"]["install"]["returncode"] == 0
                    and report["deb"]["self_test"]["returncode"] == 0 and report["deb"]["purge"]["returncode"] == 0
                    and not report["deb"]["purge"]["left"] and report["deb"]["purge"]["files_installed"] > 0)
    say("Debian 11 验证" + ("通过" if report["ok"] else "没有通过"))
    return report


def shutil_copy(src: Path, dest: Path) -> None:
    import shutil

    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(src, dest)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    why = debroot.why_not_possible()
    if why:
        print(f"无法验证：{why}")
        return 2
    import platform

    arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())
    return 0 if check(Path(argv[0]).resolve(), arch)["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
