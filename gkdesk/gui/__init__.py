"""The window (PySide6).

The Qt-free core is imported here, before anything imports PySide6: the code cache it installs (core/codecache.py)
then also keeps the regular expressions PySide6 compiles when it is imported (~100M instructions, ~20 ms of every
start of the window), and shiboken's import hook, which reads the source of every module imported after PySide6,
does not read the core modules the window opens a report with.
"""

import gkdesk.core.fields  # noqa: F401
import gkdesk.core.storage  # noqa: F401
