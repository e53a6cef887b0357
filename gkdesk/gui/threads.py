"""Background work for the window: one helper (``Job``) for export, import and 汇总 alike.

A job is a plain function ``work(progress, cancelled) -> result`` from the Qt-free core. It runs on its own thread
and never touches a widget. The window learns of it only on its own thread: a timer reads the latest progress the
work recorded, and Qt's own ``QThread.finished`` signal delivers the outcome, so the worker thread emits no Python
signal at all (PySide6 6.12.0 lost a reference on every Python-side ``emit()``, which aborted a long 汇总).
Errors reach the caller as a Chinese message; unexpected ones are also written to the log with their traceback.

Python's cyclic garbage collector is paused while any worker runs. Destroying PySide wrappers of Qt objects can
release the GIL in the middle of a cyclic collection; if another thread runs Python at that moment the collector's
state is corrupted and the process crashes. It was seen in the test suite: a segmentation fault in
"Garbage-collecting" on the GUI thread while an export thread imported reportlab. So garbage is collected before a
worker starts and the collector stays off until every worker has ended; reference counting still frees almost all
memory meanwhile.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QThread, QTimer

from gkdesk.core.errors import GkError

log = logging.getLogger(__name__)

_lock = threading.Lock()
_running = 0

#: progress(done, total, text) as the work reports it; cancelled() as the work asks it
Progress = Callable[[int, int, str], None]
Work = Callable[[Progress, Callable[[], bool]], Any]


def pause_collector() -> None:
    global _running
    with _lock:
        if _running == 0:
            gc.collect()
            gc.disable()
        _running += 1


def resume_collector() -> None:
    global _running
    with _lock:
        _running = max(0, _running - 1)
        if _running == 0:
            gc.enable()


def workers_running() -> int:
    return _running


class PythonThread(QThread):
    """Subclasses put their work in ``work()``; ``start()`` and the end of the thread manage the collector."""

    def start(self, *args: Any) -> None:  # type: ignore[override]
        pause_collector()
        try:
            super().start(*args)
        except BaseException:
            resume_collector()
            raise

    def run(self) -> None:
        try:
            self.work()
        finally:
            resume_collector()

    def work(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class Job(PythonThread):
    """Runs ``work(progress, cancelled)`` off the GUI thread and reports back on the GUI thread.

    ``on_progress(done, total, text)`` is called by a timer while the work runs (only when the progress changed),
    then ``on_done(result)`` or ``on_failed(message)`` once, after the thread has ended. ``what`` names the work in
    the message of an unexpected error ("导出", "导入", "汇总"…). Create it on the GUI thread.
    """

    POLL_MS = 80

    def __init__(self, work: Work, parent: QObject | None = None, *, what: str = "操作",
                 on_progress: Progress | None = None, on_done: Callable[[Any], None] | None = None,
                 on_failed: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self._work, self.what = work, what
        self._on_progress, self._on_done, self._on_failed = on_progress, on_done, on_failed
        self._cancel = threading.Event()
        self._state: tuple[int, int, str] | None = None  # replaced whole (atomic under the GIL)
        self._shown: tuple[int, int, str] | None = None
        self.result: Any = None
        self.error: str | None = None
        self.ended = False
        self._waiting: list[QEventLoop] = []
        self._timer = QTimer(self)
        self._timer.setInterval(self.POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.finished.connect(self._end)

    # --- called from the work's thread ------------------------------------------------------------------
    def report_progress(self, done: int, total: int, text: str = "") -> None:
        self._state = (done, total, text)

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def work(self) -> None:
        try:
            self.result = self._work(self.report_progress, self.is_cancelled)
        except GkError as exc:  # says in Chinese what is wrong and what to do (cancelling included)
            self.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - shown to the user and logged instead of vanishing
            log.exception("background %s failed", self.what)
            self.error = (f"{self.what}时出现意外错误（{type(exc).__name__}：{exc}）。原有文件没有改动。请重试；"
                          "如果问题依旧，请通过“帮助 → 打开日志文件夹”把 gkdesk.log 发给技术支持人员。")

    # --- on the GUI thread -------------------------------------------------------------------------------
    def start(self, *args: Any) -> None:  # type: ignore[override]
        super().start(*args)
        self._timer.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def progress(self) -> tuple[int, int, str] | None:
        """The latest progress the work reported."""
        return self._state

    def _poll(self) -> None:
        state = self._state
        if state is not None and state != self._shown and self._on_progress is not None:
            self._shown = state
            self._on_progress(*state)

    def _end(self) -> None:
        self.wait()  # ``finished`` comes from the thread just before it exits: let it exit before anyone deletes it
        self._timer.stop()
        self._poll()
        self.ended = True
        try:
            self._deliver()
        finally:
            self._work = self._on_progress = self._on_done = self._on_failed = None  # type: ignore[assignment]
            for loop in self._waiting:
                loop.quit()

    def _deliver(self) -> None:
        if self.error is None and self._on_done is not None:
            self._on_done(self.result)
        elif self.error is not None and self._on_failed is not None:
            self._on_failed(self.error)

    def wait_ended(self) -> None:
        """Block until the work has ended and its outcome was delivered, keeping the window painted meanwhile."""
        if not self.ended:
            loop = QEventLoop()
            self._waiting.append(loop)
            try:
                loop.exec()  # the queued end of the thread (``_end``) quits it
            finally:
                self._waiting.remove(loop)
        self.wait()
