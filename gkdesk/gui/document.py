"""The open document: the Report, its file, the fingerprint on disk, one undo stack and the current issues."""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from gkdesk.core import storage
from gkdesk.core.edits import Edit
from gkdesk.core.issues import Issue, Settings, count_by_severity
from gkdesk.core.report import Report
from gkdesk.gui.commands import EditCommand
from gkdesk.gui.validation import validate


class Document(QObject):
    """Owns the report; every change goes through ``apply`` (one undo step) and is validated at once."""

    #: what changed: {"table:t3", "field:section5", "overview", "meta", "all"}
    changed = Signal(set)
    #: the issues after the last change (already sorted by severity)
    issues_changed = Signal(list)
    #: the file name or the modified state changed (window title)
    title_changed = Signal()
    #: a whole new report was loaded (editors rebuild)
    reset = Signal()

    def __init__(self, report: Report | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report: Report = report or Report.new()
        self.path: Path | None = None
        self.fingerprint: str | None = None
        self.settings = Settings()
        self.issues: list[Issue] = []
        self.stack = QUndoStack(self)
        self.stack.cleanChanged.connect(self.title_changed)
        self._revalidate()

    # --- state --------------------------------------------------------------------------------------
    @property
    def modified(self) -> bool:
        return not self.stack.isClean()

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        return "未命名报告"

    def counts(self) -> dict[str, int]:
        return count_by_severity(self.issues)

    # --- edits --------------------------------------------------------------------------------------
    def apply(self, edit: Edit, merge_key: Hashable | None = None) -> None:
        """Do the edit as one undo step (consecutive edits with the same merge_key merge: typing)."""
        self.stack.push(EditCommand(lambda: self.report, edit, self._applied, merge_key))

    def end_merge(self) -> None:
        """The next text edit starts a new undo step (focus left the field)."""
        cmd = self.stack.command(self.stack.index() - 1) if self.stack.index() > 0 else None
        if isinstance(cmd, EditCommand):
            cmd.merge_key = None

    def _applied(self, touches: set[str]) -> None:
        self._revalidate()
        self.changed.emit(touches)

    def _revalidate(self) -> None:
        self.issues = validate(self.report, self.settings)
        self.issues_changed.emit(self.issues)

    # --- load / save --------------------------------------------------------------------------------
    def set_report(self, report: Report, path: Path | None = None, fingerprint: str | None = None,
                   modified: bool = False) -> None:
        """Replace the document (new, open, import, restore); the undo history starts afresh."""
        self.report = report
        self.path = Path(path) if path is not None else None
        self.fingerprint = fingerprint
        self.stack.clear()
        if modified:
            self.stack.resetClean()
        else:
            self.stack.setClean()
        self._revalidate()
        self.reset.emit()
        self.changed.emit({"all"})
        self.title_changed.emit()

    def open(self, path: Path) -> None:
        """Load a .gkreport (ReportFileError with a Chinese message when it cannot be read)."""
        report, fp = storage.load_with_fingerprint(Path(path))
        self.set_report(report, Path(path), fp)

    def save(self, path: Path | None = None) -> None:
        """Save to the document's file (refusing to overwrite a file changed on disk) or to ``path`` (另存为).

        Raises SaveError / FileChangedOnDiskError with Chinese messages; the report stays as it is.
        """
        if path is None:
            if self.path is None:
                raise ValueError("no path")
            fp = storage.save(self.report, self.path, expected_fingerprint=self.fingerprint, check_changed=True)
        else:
            path = Path(path)
            fp = storage.save(self.report, path)
            self.path = path
        self.fingerprint = fp
        self.stack.setClean()
        self.title_changed.emit()
