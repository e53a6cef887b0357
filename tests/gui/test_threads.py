"""Worker threads pause Python's cyclic collector while they run and restore it when they end."""

import gc

import pytest

from gkdesk.gui import threads


class _Probe(threads.PythonThread):
    def work(self) -> None:
        self.gc_enabled_inside = gc.isenabled()
        self.running_inside = threads.workers_running()


class _Failing(threads.PythonThread):
    def work(self) -> None:
        raise RuntimeError("boom")


def test_collector_paused_during_work_and_restored_after(qtbot):
    assert gc.isenabled()
    probe = _Probe()
    with qtbot.waitSignal(probe.finished, timeout=5000):
        probe.start()
    probe.wait()
    assert probe.gc_enabled_inside is False and probe.running_inside == 1
    assert gc.isenabled() and threads.workers_running() == 0


@pytest.mark.qt_no_exception_capture
def test_collector_restored_when_work_raises(qtbot, capsys):
    worker = _Failing()
    with qtbot.waitSignal(worker.finished, timeout=5000):
        worker.start()
    worker.wait()
    assert gc.isenabled() and threads.workers_running() == 0


def test_nested_workers_count(qtbot):
    threads.pause_collector()
    threads.pause_collector()
    threads.resume_collector()
    assert not gc.isenabled()
    threads.resume_collector()
    assert gc.isenabled()
