"""PySide6's ``__feature__`` import hook without reading the source of every module the window imports.

Importing PySide6 replaces ``builtins.__import__`` with a hook (shibokensupport/feature.py) that, the first time an
``import`` statement names a module, reads that module's whole source (``inspect.getsource``) to see whether the
text "PySide6" occurs in it, and records the answer in ``pyside_feature_dict``: 0 ("a PySide module, no feature
selected") or -1 ("ignore this module"). It does so also for modules imported long before PySide6 as soon as a
later ``import`` names them again: at the window's start about 90 modules (typing, logging, decimal, the core, the
window's own), ~10 ms of CPU, a tenth of the start, and the lines of all those files kept in ``linecache``.

The answer only matters to a module that selects a feature with ``from __feature__ import …``, which nothing in
gkdesk does (tests/gui/test_pyside_imports.py checks it): with no feature selected anywhere, 0 and -1 both leave
every Qt class as it is. :func:`register_modules` records the same answers up front, without reading any file:
0 for the window's modules (``gkdesk.gui``, which import PySide6), -1 for the Qt-free core and gkdesk's top-level
modules and for every other module already loaded (the standard library: loaded before PySide6 existed, so none
selected a feature). A module it does not know is still looked at by PySide as before; if PySide's hook ever
changes shape, nothing is recorded.
"""

from __future__ import annotations

import os
import sys

import PySide6  # noqa: F401  (installs the import hook and its table)

_WINDOW = "gkdesk.gui"


def register_modules() -> int:
    """Record PySide's answer for the loaded modules and the window's own; returns how many were recorded."""
    try:
        from shibokensupport import feature  # type: ignore[import-not-found]
    except ImportError:
        return 0
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return 0
    names = [name for name in sys.modules if name not in table]
    names += _own_modules()
    added = 0
    for name in names:
        if name not in table:
            table[name] = 0 if name == _WINDOW or name.startswith(_WINDOW + ".") else -1
            added += 1
    return added


def _own_modules() -> list[str]:
    """The names of gkdesk's, its core's and the window's modules (none where they are not files, e.g. inside a
    frozen bundle, where PySide finds no source to read either)."""
    package = os.path.dirname(os.path.dirname(__file__))
    names: list[str] = []
    for folder, prefix in ((package, "gkdesk."), (os.path.join(package, "core"), "gkdesk.core."),
                           (os.path.dirname(__file__), _WINDOW + ".")):
        try:
            files = os.listdir(folder)
        except OSError:
            continue
        names += [prefix + f[:-3] for f in files if f.endswith(".py") and f != "__init__.py"]
    return names


register_modules()
