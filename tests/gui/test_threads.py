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


# --- the one helper for background jobs ---------------------------------------------------------------
def _run(qtbot, job):
    job.start()
    qtbot.waitUntil(lambda: job.ended, timeout=10000)


def test_job_delivers_progress_and_result_on_the_gui_thread(qtbot):
    import threading

    gate = threading.Event()
    seen, done, where = [], [], []

    def work(progress, cancelled):
        progress(1, 3, "甲")
        gate.wait(5)
        progress(3, 3, "丙")
        return "结果"

    def on_progress(d, t, text):
        seen.append((d, t, text))
        where.append(threading.current_thread() is threading.main_thread())
        gate.set()

    job = threads.Job(work, on_progress=on_progress, on_done=done.append, on_failed=pytest.fail)
    _run(qtbot, job)
    assert done == ["结果"] and job.result == "结果" and job.error is None
    assert seen[0] == (1, 3, "甲") and seen[-1] == (3, 3, "丙") and all(where)
    assert gc.isenabled() and threads.workers_running() == 0


def test_job_errors_come_back_in_chinese_and_unexpected_ones_are_logged(qtbot, caplog):
    from gkdesk.core.errors import GkError

    failed = []

    def known(progress, cancelled):
        raise GkError("文件夹不存在，请重新选择。")

    def unexpected(progress, cancelled):
        raise ZeroDivisionError("division by zero")

    _run(qtbot, threads.Job(known, on_done=pytest.fail, on_failed=failed.append))
    assert failed == ["文件夹不存在，请重新选择。"] and not caplog.records
    _run(qtbot, threads.Job(unexpected, what="导出", on_done=pytest.fail, on_failed=failed.append))
    assert failed[1].startswith("导出时出现意外错误（ZeroDivisionError：division by zero）") and "日志" in failed[1]
    assert caplog.records and caplog.records[-1].exc_info is not None  # the traceback is in the log


def test_job_can_be_cancelled_and_waited_for(qtbot):
    import threading

    started = threading.Event()
    failed = []

    def work(progress, cancelled):
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        from gkdesk.core.errors import GkError

        raise GkError("已取消。")

    job = threads.Job(work, on_failed=failed.append)
    job.start()
    assert started.wait(5)
    job.cancel()
    job.wait_ended()
    assert job.ended and failed == ["已取消。"] and not job.isRunning()
