"""gkdesk as a normal package: build the wheel, install it into a fresh venv, run the installed ``gkdesk --self-test``.

resources/ and examples/ must travel inside the wheel (setup.py maps them to gkdesk/resources and gkdesk/examples)
and be found there by gkdesk/paths.py, with no checkout anywhere on sys.path.
The fresh venv takes Qt and the other dependencies from the running environment through a path file (installing
PySide6 again would need the network and 250 MB); gkdesk itself comes only from the wheel.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _setuptools_new_enough() -> bool:
    try:
        from importlib.metadata import version

        return int(version("setuptools").split(".")[0]) >= 77
    except Exception:  # noqa: BLE001 - not installed or odd version: use build isolation
        return False


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)]
    if _setuptools_new_enough():
        cmd.insert(4, "--no-build-isolation")
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        if "--no-build-isolation" not in cmd and ("connection" in proc.stderr.lower() or "network" in
                                                 proc.stderr.lower() or "resolve" in proc.stderr.lower()):
            pytest.skip("构建轮子需要 setuptools>=77：本机没有，也无法联网下载")
        pytest.fail(f"pip wheel 失败：\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    wheels = list(out.glob("gkdesk-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_carries_resources_and_example(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in ("resources/formats/gov-annual-2021.json", "resources/icons/gkdesk.svg",
                "examples/qiuqu-township-2024.gkreport"):
        assert f"gkdesk/{rel}" in names, rel
    in_tree = sorted(p.relative_to(ROOT).as_posix() for d in ("resources", "examples")
                     for p in (ROOT / d).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    missing = [rel for rel in in_tree if f"gkdesk/{rel}" not in names]
    assert not missing, f"轮子里缺少：{missing}"
    assert not any(n.startswith(("resources/", "examples/", "tests/")) for n in names)


def test_installed_wheel_passes_self_test(wheel, tmp_path):
    venv = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", str(wheel)],
                   check=True, timeout=300, capture_output=True, env=env)
    # then the dependencies (Qt, openpyxl, reportlab ...) from this environment, after the venv's own folder (written
    # after the install, or pip would see this environment's gkdesk as already installed)
    (site / "zz_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"))
    where = subprocess.run([str(py), "-c", "import gkdesk, gkdesk.paths as p; print(gkdesk.__file__); "
                            "print(p.resources_dir()); print(p.example_report())"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert where.returncode == 0, where.stderr
    pkg, res, example = where.stdout.split("\n")[:3]
    assert Path(pkg).is_relative_to(site), f"gkdesk 没有从新安装的轮子加载：{pkg}"
    assert Path(res) == site / "gkdesk" / "resources" and Path(example).is_file()
    proc = subprocess.run([str(venv / "bin" / "gkdesk"), "--self-test"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "自检通过" in proc.stdout
