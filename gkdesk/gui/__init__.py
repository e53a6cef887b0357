"""The window (PySide6).

The Qt-free core is imported here, before anything imports PySide6: the code cache it installs (core/codecache.py)
then also keeps the regular expressions PySide6 compiles when it is imported (~100M instructions, ~20 ms of every
start of the window). PySide6 is then imported through gui/pyside_imports.py, which spares its import hook
reading the source of every module an ``import`` statement names afterwards (~10 ms of every start).
"""

import gkdesk.core.fields  # noqa: F401
import gkdesk.core.storage  # noqa: F401
import gkdesk.gui.pyside_imports  # noqa: F401  (PySide6, after the core)
