"""Python work on a QThread, with Python's cyclic garbage collector paused while any such thread runs.

Destroying PySide wrappers of Qt objects can release the GIL in the middle of a cyclic collection; if another
thread runs Python at that moment the collector's state is corrupted and the process crashes. It was seen in the
test suite: a segmentation fault in "Garbage-collecting" on the GUI thread while an export thread imported
reportlab. So garbage is collected before a worker starts and the collector stays off until every worker has
ended; reference counting still frees almost all memory meanwhile, and the work lasts seconds at most.
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QThread

_lock = threading.Lock()
_running = 0


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

    def start(self, *args) -> None:  # type: ignore[override]
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
