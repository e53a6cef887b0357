"""The open document: the Report, its file, the fingerprint on disk, one undo stack and the current issues."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from gkdesk.core import storage
from gkdesk.core.bindings import refresh as refresh_bindings
from gkdesk.core.explain import Explanation, review
from gkdesk.core.issues import Issue, Settings, count_by_severity
from gkdesk.core.location import Location, parse_location
from gkdesk.core.report import Report
from gkdesk.gui.commands import EditCommand
from gkdesk.gui.validation import Validator

if TYPE_CHECKING:
    from gkdesk.core.edits import Edit


class Document(QObject):
    """Owns the report; every change goes through ``apply`` (one undo step) and is validated at once."""

    #: what changed: the Locations the edit touched (``Location.whole()``: everything, e.g. a new report)
    changed = Signal(set)
    #: the issues after the last change (already sorted by severity)
    issues_changed = Signal(list)
    #: the file name or the modified state changed (window title)
    title_changed = Signal()
    #: a whole new report was loaded (editors rebuild)
    reset = Signal()

    def __init__(self, report: Report | None = None, parent: QObject | None = None, validate_now: bool = True) -> None:
        super().__init__(parent)
        self.report: Report = report or Report.new()
        self.path: Path | None = None
        self._fingerprint: str | None = None
        self._content: bytes | None = None  # the bytes opened, hashed into the fingerprint when first needed
        self._settings: Settings | None = None
        #: gives the user's validation settings when first needed (the window reads them from QSettings then)
        self.settings_loader: Callable[[], Settings] | None = None
        #: the issues shown (panel, cells, tabs): all of them, except in a calm start (see ``calm``)
        self.issues: list[Issue] = []
        #: the places the last edit touched, while its issues are announced (None: anything may have changed)
        self.last_touches: set[Location] | None = None
        self.explained: list[tuple[Issue, Explanation]] = []
        #: every issue of the last check (exports and printing ask about these)
        self.all_issues: list[Issue] = []
        #: a calm start (new or next-year report): issues about places the clerk has not touched yet are held back
        #: (unfilled cells show as 待填, not as errors) until ``show_all`` — the export asks about all of them
        self.calm = False
        self.touched: set[tuple[str, ...]] = set()
        #: checks the report; after an edit only what the edit can affect (same issues as a full check)
        self.validator = Validator()
        self.stack = QUndoStack(self)
        self.stack.cleanChanged.connect(self.title_changed)
        self._pending = False
        if validate_now:
            self._revalidate()
        else:
            self.validate_soon()

    # --- state --------------------------------------------------------------------------------------
    @property
    def modified(self) -> bool:
        return not self.stack.isClean()

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        return "未命名报告"

    @property
    def fingerprint(self) -> str | None:
        """The fingerprint of the file as opened or last saved (None: no file, or it did not exist)."""
        if self._content is not None:
            self._fingerprint = storage.fingerprint_of(self._content)
            self._content = None
        return self._fingerprint

    @fingerprint.setter
    def fingerprint(self, value: str | None) -> None:
        self._fingerprint = value
        self._content = None

    def set_opened_content(self, data: bytes) -> None:
        """The file's bytes as just opened; their fingerprint is computed when first needed (fast start)."""
        self._fingerprint = None
        self._content = data

    @property
    def settings(self) -> Settings:
        """The validation settings (deadline, fee threshold, repetition); loaded on the first check."""
        if self._settings is None:
            self._settings = self.settings_loader() if self.settings_loader is not None else Settings()
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        self._settings = value

    def counts(self) -> dict[str, int]:
        return count_by_severity(self.issues)

    # --- edits --------------------------------------------------------------------------------------
    def apply(self, edit: Edit, merge_key: Hashable | None = None) -> None:
        """Do the edit as one undo step (consecutive edits with the same merge_key merge: typing)."""
        from gkdesk.core.review_edits import with_bindings  # edits load with the first one (after the first paint)

        edit = with_bindings(self.report, edit)  # bound figures move with the text around them
        if self.calm:
            from gkdesk.gui.reveal import places

            self.touched.update(places(edit))
        top = self._top_command() if merge_key is not None else None
        if top is not None and top.can_absorb(merge_key):
            top.absorb(edit)
            return
        self.stack.push(EditCommand(lambda: self.report, edit, self._applied, merge_key))

    def _top_command(self) -> EditCommand | None:
        """The last done step, if more typing may join it (nothing to redo, not the saved state)."""
        index = self.stack.index()
        if index == 0 or index != self.stack.count() or index == self.stack.cleanIndex():
            return None
        cmd = self.stack.command(index - 1)
        return cmd if isinstance(cmd, EditCommand) else None

    def end_merge(self) -> None:
        """The next text edit starts a new undo step (focus left the field)."""
        cmd = self.stack.command(self.stack.index() - 1) if self.stack.index() > 0 else None
        if isinstance(cmd, EditCommand):
            cmd.merge_key = None

    def _applied(self, touches: set[Location]) -> None:
        # bound figures follow the tables
        touches = touches | {parse_location(f, self.report.format) for f in refresh_bindings(self.report)}
        self._pending = False
        self.last_touches = touches
        self._revalidate(touches)
        self.changed.emit(touches)

    def revalidate(self) -> None:
        self._pending = False
        self.last_touches = None
        self._revalidate()

    def validate_soon(self) -> None:
        """Check later (the window paints first at start-up); ``revalidate_if_pending`` does it."""
        self._pending = True
        self.last_touches = None
        self.issues = []
        self.all_issues = []
        self.issues_changed.emit(self.issues)

    @property
    def validation_pending(self) -> bool:
        return self._pending

    def revalidate_if_pending(self) -> None:
        if self._pending:
            self.revalidate()

    def _revalidate(self, touches: set[Location] | None = None) -> None:
        """Check the report: everything, or (``touches``: what the last edit changed) only what that can affect."""
        reviewed = review(self.validator(self.report, self.settings, touches), self.report.explanations)
        self.all_issues = reviewed.open  # what is still to do: explained warnings (已核实) are listed apart
        self.explained = reviewed.explained
        self.issues = self._visible(self.all_issues)
        self.issues_changed.emit(self.issues)

    def _visible(self, issues: list[Issue]) -> list[Issue]:
        if not self.calm:
            return issues
        from gkdesk.gui.reveal import is_touched

        return [i for i in issues if is_touched(i, self.touched)]

    @property
    def held_back(self) -> int:
        """How many issues a calm start does not show yet (places not filled in yet)."""
        return len(self.all_issues) - len(self.issues)

    def show_all(self) -> None:
        """End the calm start: every issue is shown from now on."""
        if self.calm:
            self.calm = False
            self.issues = list(self.all_issues)
            self.issues_changed.emit(self.issues)

    # --- load / save --------------------------------------------------------------------------------
    def set_report(self, report: Report, path: Path | None = None, fingerprint: str | None = None,
                   modified: bool = False, defer_validation: bool = False, calm: bool = False) -> None:
        """Replace the document (new, open, import, restore); the undo history starts afresh.

        ``defer_validation``: check later (the window paints first at start-up); see ``validate_soon``.
        ``calm``: a new or next-year report; see ``calm``.
        """
        self.report = report
        self.calm = calm
        self.touched = set()
        self.path = Path(path) if path is not None else None
        self.fingerprint = fingerprint
        self.stack.clear()
        if modified:
            self.stack.resetClean()
        else:
            self.stack.setClean()
        if defer_validation:
            self.validate_soon()
        else:
            self._pending = False
            self.last_touches = None
            self._revalidate()
        self.reset.emit()
        self.changed.emit({Location.whole()})
        self.title_changed.emit()

    def save(self, path: Path | None = None) -> None:
        """Save to the document's file (refusing to overwrite a file changed on disk) or to ``path`` (另存为).

        Raises SaveError / FileChangedOnDiskError with Chinese messages; the report stays as it is.
        """
        if path is None:
            if self.path is None:
                raise ValueError("报告还没有文件名：请用“另存为”选择保存位置。")
            fp = storage.save(self.report, self.path, expected_fingerprint=self.fingerprint, check_changed=True)
        else:
            path = Path(path)
            fp = storage.save(self.report, path)
            self.path = path
        self.fingerprint = fp
        self.stack.setClean()
        self.title_changed.emit()
