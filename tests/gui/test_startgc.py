"""Start-up: the garbage collector paused until the first paint (gkdesk/startgc.py) is turned back on."""

from __future__ import annotations

import gc

import pytest

from gkdesk import startgc


@pytest.fixture(autouse=True)
def _collector_on():
    """Every test starts and ends with the collector on and nothing paused."""
    gc.enable()
    startgc._paused = False
    yield
    startgc._paused = False
    gc.enable()


def test_pause_and_resume():
    startgc.pause()
    assert not gc.isenabled() and startgc.paused()
    startgc.resume()
    assert gc.isenabled() and not startgc.paused()
    startgc.resume()  # a second resume changes nothing
    assert gc.isenabled()


def test_resume_leaves_a_collector_it_did_not_turn_off():
    gc.disable()  # someone else's pause, e.g. a worker thread's
    startgc.pause()
    assert not startgc.paused()
    startgc.resume()
    assert not gc.isenabled()


def test_resume_leaves_the_collector_to_a_running_worker(monkeypatch):
    from gkdesk.gui import threads

    startgc.pause()
    monkeypatch.setattr(threads, "_running", 1)
    startgc.resume()
    assert not gc.isenabled() and not startgc.paused()  # the worker's resume_collector turns it on
    monkeypatch.setattr(threads, "_running", 1)
    threads.resume_collector()
    assert gc.isenabled()


def test_collector_on_again_after_the_first_paint(qtbot, example_path, tmp_path, monkeypatch):
    from gkdesk.gui.launch import open_main_window

    monkeypatch.setenv("GKDESK_DATA_DIR", str(tmp_path))

    startgc.pause()
    window = open_main_window(str(example_path), offer_recovery=False)
    qtbot.addWidget(window)
    assert not gc.isenabled()  # still off while the window is built
    window.show()
    qtbot.waitUntil(gc.isenabled)
    assert not startgc.paused()
    qtbot.waitUntil(lambda: not window.doc.validation_pending)
    window.doc.stack.setClean()


@pytest.mark.parametrize("outcome", ["returns", "raises", "no window"])
def test_main_turns_the_collector_back_on(monkeypatch, outcome):
    import gkdesk.app
    from gkdesk.gui import launch

    seen = []

    def run_gui(argv):
        seen.append(gc.isenabled())
        if outcome == "raises":
            raise RuntimeError("boom")
        if outcome == "no window":
            return 2
        return 0

    monkeypatch.setattr(launch, "run_gui", run_gui)
    if outcome == "raises":
        with pytest.raises(RuntimeError):
            gkdesk.app.main(["x.gkreport"])
    else:
        gkdesk.app.main(["x.gkreport"])
    assert seen == [False]  # paused while the window starts
    assert gc.isenabled() and not startgc.paused()
