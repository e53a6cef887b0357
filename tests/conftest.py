"""Test setup: headless Qt before any QApplication exists; shared fixtures."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the headless screen is a 1366×768 laptop screen (Qt's offscreen default is 800×600): the GUI tests check that every
# window and dialog fits the clerk's screen (issue 13)
_SCREEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gui", "screen-1366x768.json")
if os.environ["QT_QPA_PLATFORM"] == "offscreen" and os.name != "nt" and ":" not in _SCREEN:
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"

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


@pytest.fixture
def jumped_report(example_report):
    """Next year's draft of the example with this year's figures as last year's, but 本年新收 and 予以公开 at 30
    (last year 0): YOY-NEW and YOY-RESULT (予以公开, 总计) fire — the 核实性 tests' report."""
    from gkdesk.core.carryover import next_year

    rep = next_year(example_report)
    for t in ("t2", "t3", "t4"):
        for r, c in rep.format.table(t).input_cells():
            if not (t == "t3" and r == "carry_in"):
                rep.set_raw(t, r, c, example_report.raw(t, r, c))
    rep.set_raw("t3", "new", "natural", 30)
    rep.set_raw("t3", "open", "natural", 30)
    return rep
