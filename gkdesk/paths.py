"""The one place that finds bundled resources: an installed wheel, an editable or plain checkout, the frozen bundle.

Where ``resources/`` (formats/, fonts/, icons/ ...) and ``examples/`` are:

- installed wheel: inside the package, ``.../site-packages/gkdesk/resources`` (setup.py maps the top-level folders
  of the source tree to the package data ``gkdesk.resources`` / ``gkdesk.examples``);
- checkout (``PYTHONPATH=.`` or ``pip install -e .``): the top-level ``resources/`` beside the ``gkdesk/`` package;
- frozen PyInstaller bundle: ``<bundle>/_internal/resources`` (``sys._MEIPASS``; see packaging/gkdesk.spec).

The same order is tried everywhere: the bundle, then inside the package, then beside it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_MISSING = "找不到程序资源文件夹 resources/（报告格式、字体、图标），请重新安装 gkdesk。"


def _candidates(name: str) -> list[Path]:
    here = Path(__file__).resolve().parent
    found = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        found.append(Path(frozen_root) / name)
    found += [here / name, here.parent / name]
    return found


_FOUND: list[Path] = []  # the resources folder once found (it does not move while the program runs)


def resources_dir() -> Path:
    """Return the folder holding formats/, fonts/, icons/."""
    if _FOUND:
        return _FOUND[0]
    for candidate in _candidates("resources"):
        if (candidate / "formats").is_dir():
            _FOUND.append(candidate)
            return candidate
    raise FileNotFoundError(_MISSING)


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def examples_dir() -> Path:
    """Return the folder holding the example report (the first candidate when none exists, for the message)."""
    candidates = _candidates("examples")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def example_report() -> Path:
    return examples_dir() / "qiuqu-township-2024.gkreport"


def user_cache_dir() -> Path:
    """gkdesk's cache folder for this user (GKDESK_CACHE_DIR overrides it)."""
    env = os.environ.get("GKDESK_CACHE_DIR")
    if env:
        return Path(env)
    home = Path.home()
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return base / "gkdesk" / "cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "gkdesk"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "gkdesk"
