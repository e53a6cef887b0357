"""Text widgets bound to one report field: typing becomes merged undo steps, undo/redo refresh the widget."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from gkdesk.core.issues import SEVERITY_LABEL, SEVERITY_ORDER, Issue
from gkdesk.core.limits import clean_text, cleaned_note

if TYPE_CHECKING:
    from gkdesk.core.edits import Edit
    from gkdesk.core.report import Report
    from gkdesk.gui.document import Document

_BORDER = {"error": "#c0392b", "warning": "#d69e00", "hint": "#4a7fc1"}


class GlobalUndoFilter(QObject):
    """Let Ctrl+Z / Ctrl+Y reach the window's undo (one undo path) instead of the widget's own undo."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and (
                event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)):
            event.ignore()
            return True
        return False


def _tell_cleaned(widget: QWidget, removed: int) -> None:
    """Pasted text lost characters a report cannot hold: say so in the status bar (never silently)."""
    window = widget.window()
    note = cleaned_note("粘贴的文字", removed)
    if hasattr(window, "show_message"):
        window.show_message(note)


class FieldMixin:
    """Issue marking shared by the bound widgets, and the mark of refused input (a red frame and the reason in the
    tooltip, like a refused table cell) until an accepted value replaces it."""

    field_id: str
    _base_tip: str = ""
    #: the widget's own style (a bold title): kept when an issue frame is added or removed
    _base_style: str = ""
    _issue_state: tuple[Issue, ...] = ()  # no issues shown yet: nothing to restyle
    _refusal: str | None = None  # the reason the last typed input was refused, while it stands

    def set_issues(self, issues: list[Issue]) -> None:
        state = tuple(issues)
        if getattr(self, "_issue_state", None) == state:
            return  # restyling a widget is slow (style sheet): only when its issues changed
        self._issue_state = state
        self._restyle()

    def set_refused(self, reason: str | None) -> None:
        """Mark (``reason``) or clear (None) refused input at the field itself, not only in the status bar."""
        if reason == self._refusal:
            return
        self._refusal = reason
        self._restyle()

    @property
    def refusal(self) -> str | None:
        return self._refusal

    def _restyle(self) -> None:
        widget: QWidget = self  # type: ignore[assignment]
        issues, refusal = self._issue_state, self._refusal
        cls = type(widget).__name__
        if not issues and not refusal:
            widget.setStyleSheet(f"{cls} {{ {self._base_style} }}" if self._base_style else "")
            widget.setToolTip(self._base_tip)
            return
        worst = "error" if refusal else min(issues, key=lambda i: SEVERITY_ORDER[i.severity]).severity
        widget.setStyleSheet(f"{cls} {{ {self._base_style} border: 2px solid {_BORDER[worst]}; border-radius: 3px; }}")
        lines = [f"刚才的输入未被接受：{refusal}"] if refusal else []
        lines += [f"{SEVERITY_LABEL[i.severity]}：{i.message}" for i in issues]
        widget.setToolTip("\n".join(lines))


class BoundPlainText(QPlainTextEdit, FieldMixin):
    """A multi-line text field (正文)."""

    def __init__(self, doc: Document, field_id: str, getter: Callable[[Report], str],
                 make_edit: Callable[[str], Edit], placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc, self.field_id, self._get, self._make = doc, field_id, getter, make_edit
        self._updating = False
        self.setUndoRedoEnabled(False)
        self._undo_filter = GlobalUndoFilter(self)
        self.installEventFilter(self._undo_filter)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        # lines wrap at the field's width, so sideways scrolling is never needed (and a stale bar looked broken)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        from PySide6.QtCore import Qt  # text pages are built after the first paint (no ``Qt.…`` before it)

        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.refresh()
        self.textChanged.connect(self._on_text)

    def refresh(self) -> None:
        value = self._get(self.doc.report)
        if value == self.toPlainText():
            return
        self._updating = True
        try:
            pos = self.textCursor().position()
            self.setPlainText(value)
            cursor = self.textCursor()
            cursor.setPosition(min(pos, len(value)))
            self.setTextCursor(cursor)
        finally:
            self._updating = False

    def _on_text(self) -> None:
        if self._updating:
            return
        text, removed = clean_text(self.toPlainText())
        if text != self._get(self.doc.report):
            self.doc.apply(self._make(text), merge_key=self.field_id)
        if removed:
            self.refresh()
            _tell_cleaned(self, removed)

    def focusOutEvent(self, event: object) -> None:  # noqa: N802
        self.doc.end_merge()
        super().focusOutEvent(event)  # type: ignore[arg-type]


class BoundLineEdit(QLineEdit, FieldMixin):
    """A one-line text field (机关名称, 小节标题, 标题)."""

    def __init__(self, doc: Document, field_id: str, getter: Callable[[Report], str],
                 make_edit: Callable[[str], Edit], placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc, self.field_id, self._get, self._make = doc, field_id, getter, make_edit
        self._undo_filter = GlobalUndoFilter(self)
        self.installEventFilter(self._undo_filter)
        self.setPlaceholderText(placeholder)
        self.refresh()
        self.textEdited.connect(self._on_text)

    def refresh(self) -> None:
        value = self._get(self.doc.report)
        if value != self.text():
            pos = self.cursorPosition()
            self.setText(value)
            self.setCursorPosition(min(pos, len(value)))

    def _on_text(self, text: str) -> None:
        text, removed = clean_text(text)
        if text != self._get(self.doc.report):
            self.doc.apply(self._make(text), merge_key=self.field_id)
        if removed:
            self.refresh()
            _tell_cleaned(self, removed)

    def focusOutEvent(self, event: object) -> None:  # noqa: N802
        self.doc.end_merge()
        super().focusOutEvent(event)  # type: ignore[arg-type]
