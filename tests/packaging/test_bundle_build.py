"""Slow: build the real Linux bundle with packaging/build.py and run it the way an office machine would.

One build (about a minute on 2 cores) into a temporary folder serves every test here. Skipped with a reason when
PyInstaller is not installed (pip install pyinstaller, or pip install -e .[dev]).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import smoke

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux 程序包只在 Linux 上构建"),
]
MAX_BUNDLE_MIB = 130


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    pytest.importorskip("PyInstaller", reason="PyInstaller 未安装：pip install pyinstaller（或 pip install -e .[dev]）")
    dist = tmp_path_factory.mktemp("dist")
    # the fastest compression: these tests check contents, and xz -6 of 130 MB costs minutes of CPU on a shared machine
    proc = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(dist), "--fast-compression"],
                          capture_output=True, text=True, encoding="utf-8", timeout=1800)
    if proc.returncode != 0:
        pytest.fail(f"build.py 失败（{proc.returncode}）：\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}")
    return dist


def manifest(dist: Path) -> dict:
    return json.loads((dist / "gkdesk-build.json").read_text(encoding="utf-8"))


def test_bundle_self_test_offline_without_python_or_fonts(built):
    info = manifest(built)
    assert info["self_test"]["ok"] is True
    result = smoke.run_self_test(built / "gkdesk")
    assert result.ok, result.output
    from gkdesk.selftest import STEPS

    assert f"自检通过：{len(STEPS)} 项全部正常" in result.output
    assert "没有任何联网尝试" in result.output
    assert "打包版" in result.output
    if smoke.network_isolation_works():
        assert result.isolation[0].startswith("无网络")


def test_bundle_size_and_contents(built):
    bundle = built / "gkdesk"
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    assert size <= MAX_BUNDLE_MIB * 1024 * 1024, f"程序文件夹 {size / 2**20:.1f} MiB，超过 {MAX_BUNDLE_MIB} MiB"
    internal = bundle / "_internal"
    plugins = {p.relative_to(internal / "PySide6" / "Qt" / "plugins").as_posix()
               for p in (internal / "PySide6" / "Qt" / "plugins").rglob("*.so")}
    assert "platforms/libqxcb.so" in plugins and "platforms/libqoffscreen.so" in plugins
    assert "imageformats/libqsvg.so" in plugins
    assert not any("wayland" in p or "gtk3" in p or "tls/" in p for p in plugins), plugins
    qms = sorted(p.name for p in internal.rglob("*.qm"))
    # Qt's own Chinese translations only, plus gkdesk's completion of them (resources/translations)
    assert qms == ["gkdesk_qt_zh_CN.qm", "qt_zh_CN.qm", "qtbase_zh_CN.qm"]
    assert not list(internal.rglob("libQt6Network*")) and not list(internal.rglob("libQt6Qml*"))
    assert not list(internal.glob("libgtk*")) and not list(internal.glob("libcairo*"))
    for needed in ("resources/formats/gov-annual-2021.json", "resources/icons/gkdesk.svg",
                   "examples/qiuqu-township-2024.gkreport"):
        assert (internal / needed).is_file(), needed
    assert list((internal / "resources" / "fonts").glob("*.tt*")), "自带字体没有打包"


def test_bundle_needs_only_common_system_libraries(built):
    info = manifest(built)
    import linux_dist

    assert set(info["system_libraries"]) <= set(linux_dist.SYSTEM_PACKAGES)
    major, minor = (int(x) for x in info["glibc_required"].split("."))
    assert (major, minor) >= (2, 17)


def test_bundle_cli_works(built, example_path, tmp_path):
    exe = built / "gkdesk" / "gkdesk"
    env, _ = smoke.clean_env(tmp_path)
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env, timeout=120)
    assert version.returncode == 0 and "gkdesk" in version.stdout
    check = subprocess.run([str(exe), "check", str(example_path)], capture_output=True, text=True, env=env,
                           timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "秋渠乡" in check.stdout


def test_tarball_unpacks_and_runs(built, tmp_path):
    info = manifest(built)
    with tarfile.open(built / info["tarball"]) as tar:
        tar.extractall(tmp_path, filter="tar")
    folder = tmp_path / info["tarball"].removesuffix(".tar.gz")
    result = smoke.run_self_test(folder, ["--skip", "window"])
    assert result.ok, result.output
    assert (folder / "install.sh").stat().st_mode & 0o111


def test_deb_installs_and_runs(built, tmp_path):
    info = manifest(built)
    if "deb" not in info:
        pytest.skip("没有 dpkg-deb，未生成 .deb")
    deb = built / info["deb"]
    fields = subprocess.run(["dpkg-deb", "--field", str(deb), "Depends"], capture_output=True, text=True,
                            check=True).stdout
    assert f"libc6 (>= {info['glibc_required']})" in fields and "libxcb1" in fields
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    result = smoke.run_self_test(root / "opt" / "gkdesk", ["--skip", "window"])
    assert result.ok, result.output


def test_no_python_needed_at_all(built, tmp_path):
    """The bundle starts even when the python found by the loader would be broken."""
    exe = built / "gkdesk" / "gkdesk"
    env, _ = smoke.clean_env(tmp_path)
    env.update(PYTHONHOME="/nonexistent", PYTHONPATH="/nonexistent")
    proc = subprocess.run([str(exe), "--self-test", "--only", "format,example"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert shutil.which("python", path=env["PATH"]) is None


def test_bundle_on_a_real_x_display(built, tmp_path):
    """The bundled xcb plugin and its libraries work on an X server (what UOS/Kylin desktops run), not only offscreen."""
    xvfb = shutil.which("xvfb-run")
    if not xvfb:
        pytest.skip("xvfb-run 未安装（apt-get install xvfb xauth），跳过真实 X 显示的检查")
    env, _ = smoke.clean_env(tmp_path, no_system_fonts=False)
    env.update(QT_QPA_PLATFORM="xcb", PATH="/usr/local/bin:/usr/bin:/bin")  # xvfb-run needs Xvfb and xauth
    proc = subprocess.run([xvfb, "-a", "-s", "-screen 0 1600x1000x24", str(built / "gkdesk" / "gkdesk"),
                           "--self-test", "--only", "qt,window"], capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "平台 xcb" in proc.stdout


def test_tarball_install_sh_with_the_real_bundle(built, tmp_path):
    info = manifest(built)
    with tarfile.open(built / info["tarball"]) as tar:
        tar.extractall(tmp_path, filter="tar")
    folder = tmp_path / info["tarball"].removesuffix(".tar.gz")
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(["sh", str(folder / "install.sh")], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "自检通过" in proc.stdout and "缺少" not in proc.stdout
    installed = home / ".local" / "bin" / "gkdesk"
    run = subprocess.run([str(installed), "--self-test", "--only", "format,example"], capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
