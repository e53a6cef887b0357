"""Linux desktop integration: the .desktop entry, the .gkreport MIME type, install.sh/uninstall.sh, tarball and .deb.

These use a small fake bundle (fast); test_bundle_build.py does the same with the real one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import linux_dist
import pytest
from defusedxml import ElementTree

LINUX = Path(__file__).resolve().parents[2] / "packaging" / "linux"
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux 打包文件只在 Linux 上测试")


def desktop_entry(text: str) -> dict[str, str]:
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    assert lines[0] == "[Desktop Entry]"
    return dict(ln.split("=", 1) for ln in lines[1:])


def test_desktop_entry_fields():
    entry = desktop_entry((LINUX / "gkdesk.desktop").read_text(encoding="utf-8"))
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "gkdesk %f"
    assert entry["Icon"] == "gkdesk"
    assert entry["Name[zh_CN]"] == "政务公开年报"
    assert entry["MimeType"] == "application/x-gkreport;"
    assert "Office;" in entry["Categories"]


def test_desktop_entry_validates():
    tool = shutil.which("desktop-file-validate")
    if not tool:
        pytest.skip("desktop-file-validate 未安装（apt-get install desktop-file-utils）")
    proc = subprocess.run([tool, str(LINUX / "gkdesk.desktop")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mime_type_matches_desktop_entry():
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    root = ElementTree.parse(LINUX / "gkdesk-mime.xml").getroot()
    mime = root.find(f"{ns}mime-type")
    assert mime.get("type") == "application/x-gkreport"
    assert [g.get("pattern") for g in mime.findall(f"{ns}glob")] == ["*.gkreport"]
    comments = {c.get("{http://www.w3.org/XML/1998/namespace}lang"): c.text for c in mime.findall(f"{ns}comment")}
    assert "年度报告" in comments["zh_CN"]


@pytest.mark.parametrize("script", ["install.sh", "uninstall.sh"])
def test_scripts_are_posix_sh(script):
    proc = subprocess.run(["sh", "-n", str(LINUX / script)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert os.access(LINUX / script, os.X_OK)


def unpack_tarball(fake_bundle: Path, tmp_path: Path) -> Path:
    tgz = linux_dist.make_tarball(fake_bundle, tmp_path, "9.9.9", "x86_64")
    with tarfile.open(tgz) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    return tmp_path / "unpacked" / "gkdesk-9.9.9-linux-x86_64"


def test_tarball_layout_and_reproducible(fake_bundle, tmp_path):
    tgz = linux_dist.make_tarball(fake_bundle, tmp_path, "9.9.9", "x86_64")
    assert tgz.name == "gkdesk-9.9.9-linux-x86_64.tar.gz"
    with tarfile.open(tgz) as tar:
        members = {m.name: m for m in tar.getmembers()}
    top = "gkdesk-9.9.9-linux-x86_64"
    for name in ("gkdesk", "install.sh", "uninstall.sh", "使用说明.txt", "_internal/resources/formats/x.json",
                 "share/applications/gkdesk.desktop", "share/mime/packages/gkdesk.xml",
                 "share/icons/hicolor/48x48/apps/gkdesk.png", "share/icons/hicolor/scalable/apps/gkdesk.svg",
                 "share/icons/hicolor/48x48/mimetypes/application-x-gkreport.png"):
        assert f"{top}/{name}" in members, name
    assert members[f"{top}/gkdesk"].mode == 0o755
    assert members[f"{top}/install.sh"].mode == 0o755
    assert members[f"{top}/share/applications/gkdesk.desktop"].mode == 0o644
    link = members[f"{top}/_internal/libalias.so.1"]
    assert link.issym() and link.linkname == "libfake.so.1"
    assert all(m.uid == 0 and m.uname == "root" for m in members.values())
    # same input, same bytes (fixed timestamps, sorted names)
    first = tgz.read_bytes()
    again = linux_dist.make_tarball(fake_bundle, tmp_path, "9.9.9", "x86_64").read_bytes()
    assert first == again
    assert not list(tmp_path.glob("*.part"))


def run_install(folder: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
           "XDG_DATA_HOME": str(home / ".local" / "share"), "XDG_CONFIG_HOME": str(home / ".config")}
    return subprocess.run(["sh", str(folder / "install.sh"), *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_install_and_uninstall_per_user(fake_bundle, tmp_path):
    folder = unpack_tarball(fake_bundle, tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    proc = run_install(folder, home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "安装完成" in proc.stdout and "自检通过" in proc.stdout
    local = home / ".local"
    app = local / "lib" / "gkdesk"
    assert (app / "gkdesk").is_file() and (app / "_internal" / "resources" / "formats" / "x.json").is_file()
    assert (app / "uninstall.sh").is_file()
    assert os.readlink(local / "bin" / "gkdesk") == str(app / "gkdesk")
    entry = desktop_entry((local / "share" / "applications" / "gkdesk.desktop").read_text(encoding="utf-8"))
    assert entry["Exec"] == f'"{app}/gkdesk" %f'
    assert entry["TryExec"] == f"{app}/gkdesk"
    assert (local / "share" / "mime" / "packages" / "gkdesk.xml").is_file()
    assert (local / "share" / "icons" / "hicolor" / "256x256" / "apps" / "gkdesk.png").is_file()
    if shutil.which("update-mime-database"):
        globs = (local / "share" / "mime" / "globs2").read_text(encoding="utf-8")
        assert "application/x-gkreport:*.gkreport" in globs
    # installing again (an upgrade) replaces the folder
    (folder / "_internal" / "resources" / "formats" / "new.json").write_text("{}", encoding="utf-8")
    again = run_install(folder, home)
    assert again.returncode == 0, again.stderr
    assert (app / "_internal" / "resources" / "formats" / "new.json").is_file()
    assert not (local / "lib" / "gkdesk.old").exists()
    # uninstall removes everything it put there, and nothing else
    (home / "报告.gkreport").write_text("{}", encoding="utf-8")
    un = subprocess.run(["sh", str(app / "uninstall.sh")], capture_output=True, text=True,
                        env={"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    assert un.returncode == 0, un.stderr
    assert "已卸载" in un.stdout
    assert not app.exists()
    assert not (local / "bin" / "gkdesk").exists()
    assert not (local / "share" / "applications" / "gkdesk.desktop").exists()
    assert not list((local / "share" / "icons").rglob("gkdesk.png"))
    assert (home / "报告.gkreport").is_file()


def test_install_refuses_a_foreign_folder(fake_bundle, tmp_path):
    folder = unpack_tarball(fake_bundle, tmp_path)
    home = tmp_path / "home"
    foreign = home / ".local" / "lib" / "gkdesk"
    foreign.mkdir(parents=True)
    (foreign / "important.txt").write_text("keep me", encoding="utf-8")
    proc = run_install(folder, home)
    assert proc.returncode == 1
    assert "不是 gkdesk 的安装目录" in proc.stderr
    assert (foreign / "important.txt").read_text(encoding="utf-8") == "keep me"


def test_install_from_an_incomplete_folder(tmp_path):
    folder = tmp_path / "half"
    folder.mkdir()
    shutil.copy(LINUX / "install.sh", folder / "install.sh")
    proc = run_install(folder, tmp_path)
    assert proc.returncode == 1 and "请先把压缩包完整解压" in proc.stderr


def test_install_bad_argument(fake_bundle, tmp_path):
    folder = unpack_tarball(fake_bundle, tmp_path)
    proc = run_install(folder, tmp_path, "--frobnicate")
    assert proc.returncode == 2 and "不认识" in proc.stderr
    helped = run_install(folder, tmp_path, "--help")
    assert helped.returncode == 0 and "--prefix" in helped.stdout


def test_glibc_and_system_libraries(fake_bundle):
    glibc, who = linux_dist.glibc_required(fake_bundle)
    major, minor = (int(x) for x in glibc.split("."))
    assert major == 2 and minor >= 2
    assert who == "_internal/libfake.so.1"
    libs = linux_dist.system_libraries(fake_bundle)
    assert "libc.so.6" in libs
    assert linux_dist.deb_depends(fake_bundle, glibc) == [f"libc6 (>= {glibc})"]


def test_unknown_system_library_stops_the_deb(fake_bundle, monkeypatch):
    monkeypatch.setattr(linux_dist, "system_libraries", lambda b: {"libweird.so.9": ["x"]})
    with pytest.raises(RuntimeError, match="libweird.so.9"):
        linux_dist.deb_depends(fake_bundle, "2.34")


def test_deb_package(fake_bundle, tmp_path):
    if not shutil.which("dpkg-deb"):
        pytest.skip("dpkg-deb 未安装")
    deb = linux_dist.make_deb(fake_bundle, tmp_path, "9.9.9", tmp_path / "work", "2.34")
    info = subprocess.run(["dpkg-deb", "--field", str(deb)], capture_output=True, text=True, check=True).stdout
    fields = dict(ln.split(": ", 1) for ln in info.splitlines() if ": " in ln and not ln.startswith(" "))
    assert fields["Package"] == "gkdesk" and fields["Version"] == "9.9.9"
    assert fields["Depends"] == "libc6 (>= 2.34)"
    listing = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True).stdout
    for path in ("./opt/gkdesk/gkdesk", "./opt/gkdesk/_internal/resources/formats/x.json",
                 "./usr/share/applications/gkdesk.desktop", "./usr/share/mime/packages/gkdesk.xml",
                 "./usr/share/icons/hicolor/128x128/apps/gkdesk.png", "./usr/share/doc/gkdesk/copyright"):
        assert path in listing, path
    assert "./usr/bin/gkdesk -> /opt/gkdesk/gkdesk" in listing
    assert "root/root" in listing and "-rwxr-xr-x root/root" in listing
    root = tmp_path / "x"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    entry = desktop_entry((root / "usr/share/applications/gkdesk.desktop").read_text(encoding="utf-8"))
    assert entry["Exec"] == "gkdesk %f"
    proc = subprocess.run([str(root / "opt/gkdesk/gkdesk"), "--self-test"], capture_output=True, text=True)
    assert proc.returncode == 0


def test_desktop_icon_on_a_chinese_desktop_folder(fake_bundle, tmp_path):
    folder = unpack_tarball(fake_bundle, tmp_path)
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    (home / ".config" / "user-dirs.dirs").write_text('XDG_DESKTOP_DIR="$HOME/桌面"\n', encoding="utf-8")
    desk = home / ("桌面" if shutil.which("xdg-user-dir") else "Desktop")
    desk.mkdir()
    proc = run_install(folder, home, "--desktop")
    assert proc.returncode == 0, proc.stderr
    assert f"已在桌面放置图标：{desk}/gkdesk.desktop" in proc.stdout
    assert os.access(desk / "gkdesk.desktop", os.X_OK)
    un = subprocess.run(["sh", str(home / ".local" / "lib" / "gkdesk" / "uninstall.sh")], capture_output=True,
                        text=True, env={"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    assert un.returncode == 0 and not (desk / "gkdesk.desktop").exists()


def test_desktop_icon_without_a_desktop_folder(fake_bundle, tmp_path):
    folder = unpack_tarball(fake_bundle, tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    proc = run_install(folder, home, "--desktop")
    assert proc.returncode == 0
    assert "没有找到桌面文件夹" in proc.stdout and "安装完成" in proc.stdout
