"""Test setup: headless Qt before any QApplication exists; shared fixtures."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "qiuqu-township-2024.gkreport"


@pytest.fixture
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture
def example_report():
    from gkdesk.core import storage

    return storage.load(EXAMPLE)


@pytest.fixture
def samples_dir() -> Path:
    path = SHARED / "samples"
    if not path.is_dir():
        pytest.skip(f"样例目录 {path} 不存在（shared/ 不在仓库旁边）")
    return path
