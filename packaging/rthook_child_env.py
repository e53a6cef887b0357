"""PyInstaller runtime hook: programs gkdesk starts (xdg-open -> WPS, LibreOffice, a PDF viewer) get the user's
library path back instead of the bundle's, so they do not load our copies of libstdc++, GLib, fontconfig... and crash.

The bundle itself is unaffected: the dynamic loader read LD_LIBRARY_PATH when the process started.
"""

import os
import sys


def _restore_library_path() -> None:
    if not sys.platform.startswith("linux") or not getattr(sys, "frozen", False):
        return
    orig = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if orig is not None:
        os.environ["LD_LIBRARY_PATH"] = orig
        return
    bundle = os.path.normpath(getattr(sys, "_MEIPASS", ""))
    parts = [p for p in os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep)
             if p and os.path.normpath(p) != bundle]
    if parts:
        os.environ["LD_LIBRARY_PATH"] = os.pathsep.join(parts)
    else:
        os.environ.pop("LD_LIBRARY_PATH", None)


_restore_library_path()
