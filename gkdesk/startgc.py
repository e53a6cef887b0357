"""The garbage collector paused while the window starts (issue 16.1).

From process start to the window's first paint Python allocates hundreds of thousands of long-lived objects
(modules, classes, PySide6's wrappers) and almost no garbage, so the collections it triggers meanwhile (several of
them full ones) only walk objects that stay: ~2 % of the instructions to the first paint. ``gkdesk`` (``app.main``,
the window branch) calls ``pause()`` before it imports the window; ``gui/launch.open_main_window`` calls ``resume()``
just after the first paint, and ``app.main`` again when the window returns (or never opened). Only what ``pause()``
turned off is turned back on: a collector already off (a worker thread's pause, ``gui/threads``) is left to its owner.
Qt-free and stdlib-only: it is imported before anything else of the window.
"""

from __future__ import annotations

import gc
import sys

_paused = False


def pause() -> None:
    """Turn the collector off until ``resume()``, if it is on."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Turn the collector back on if ``pause()`` turned it off (and no worker thread keeps it off meanwhile)."""
    global _paused
    if not _paused:
        return
    _paused = False
    threads = sys.modules.get("gkdesk.gui.threads")
    if threads is not None and threads.workers_running():
        return  # the worker's resume_collector turns it on when the last one ends
    gc.enable()


def paused() -> bool:
    """Whether the collector is off because of ``pause()``."""
    return _paused
