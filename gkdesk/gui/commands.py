"""Undo commands: each wraps one core edit (``edit.apply`` returns the inverse); typing in one field merges."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable

from PySide6.QtGui import QUndoCommand

from gkdesk.core.edits import Edit
from gkdesk.core.report import Report

#: QUndoCommand.id() of commands that may merge (typing in one text field)
TEXT_MERGE_ID = 1
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

    def id(self) -> int:
        return TEXT_MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not isinstance(other, EditCommand) or other.merge_key != self.merge_key or self.merge_key is None:
            return False
        if other._stamp - self._stamp > MERGE_WINDOW_S:
            return False
        # keep our inverse (the value before the first keystroke), take the newest value as the forward edit
        self._edit = other._edit
        self._stamp = other._stamp
        return True
