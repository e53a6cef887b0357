"""Undo commands: each wraps one core edit (``edit.apply`` returns the inverse); typing in one field merges.

Merging is done here (``absorb``) rather than through ``QUndoCommand.id()/mergeWith()``: overriding ``id()`` in
PySide6 6.12 corrupts the reference count of None on every call and the process aborts after a few thousand edits.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from gkdesk.core.edits import Edit
    from gkdesk.core.report import Report

#: typing pauses longer than this start a new undo step
MERGE_WINDOW_S = 2.0


class EditCommand(QUndoCommand):
    """One undo step: the forward edit and, once done, its inverse."""

    def __init__(self, report_getter: Callable[[], Report], edit: Edit,
                 on_applied: Callable[[set[str]], None], merge_key: Hashable | None = None) -> None:
        super().__init__(edit.label)
        self._report = report_getter
        self._edit = edit
        self._inverse: Edit | None = None
        self._on_applied = on_applied
        self.merge_key = merge_key
        self._stamp = time.monotonic()

    def redo(self) -> None:
        self._inverse = self._edit.apply(self._report())
        self._on_applied(self._edit.touches())

    def undo(self) -> None:
        assert self._inverse is not None
        self._edit = self._inverse.apply(self._report())
        self._on_applied(self._inverse.touches())

    @property
    def edit(self) -> Edit:
        """The edit this step does (after an undo: the one a redo would do); it names what it changes."""
        return self._edit

    def can_absorb(self, merge_key: Hashable | None) -> bool:
        return (merge_key is not None and merge_key == self.merge_key
                and time.monotonic() - self._stamp <= MERGE_WINDOW_S)

    def absorb(self, edit: Edit) -> None:
        """Do ``edit`` as part of this step: undo still returns to the value before the first keystroke."""
        edit.apply(self._report())
        self._edit = edit
        self._stamp = time.monotonic()
        self._on_applied(edit.touches())
