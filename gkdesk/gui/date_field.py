"""A date typed as text (blank = 未填写), with a calendar to pick from; refused text keeps the old date."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from gkdesk.core.report import normalize_text
from gkdesk.gui.fields import FieldMixin, GlobalUndoFilter

_PATTERNS = (
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"),
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def parse_date_text(text: str) -> date | None:
    """'2025年1月20日', '2025-01-20', '２０２５/1/20', '20250120' -> date; blank -> None; else ValueError (Chinese)."""
    t = normalize_text(text)
    if not t:
        return None
    for pattern in _PATTERNS:
        m = pattern.fullmatch(t)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return date(y, mo, d)
            except ValueError:
                raise ValueError(f"{y}年{mo}月{d}日不存在，请检查月份和日期。") from None
    raise ValueError(f"“{text.strip()}”不是日期。请按“2025年1月20日”或“2025-01-20”的格式填写，也可点“日历”选择。")


def format_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


class DateEdit(QLineEdit, FieldMixin):
    """The text part: commits on Enter or leaving the field."""

    def __init__(self, field_id: str, getter: Callable[[], date | None], setter: Callable[[date | None], None],
                 on_refused: Callable[[str], None]) -> None:
        super().__init__()
        self.field_id = field_id
        self._get, self._set, self._refused = getter, setter, on_refused
        self.setPlaceholderText("未填写（例如 2025年1月20日）")
        self._base_tip = "可输入“2025年1月20日”或“2025-01-20”，也可点“日历”选择；不填表示尚未确定。"
        self.setToolTip(self._base_tip)
        self._undo_filter = GlobalUndoFilter(self)
        self.installEventFilter(self._undo_filter)
        self.editingFinished.connect(self.commit)

    def refresh(self) -> None:
        shown = format_date(self._get())
        if self.text() != shown and not self.isModified():  # never overwrite what is being typed
            self.setText(shown)

    def commit(self) -> str | None:
        """Apply the typed date; return the Chinese reason when refused (the old date is kept)."""
        try:
            value = parse_date_text(self.text())
        except ValueError as exc:
            self.setText(format_date(self._get()))
            self.set_refused(str(exc))
            self._refused(str(exc))
            return str(exc)
        self.set_refused(None)
        self.setText(format_date(value))
        if value != self._get():
            self._set(value)
        return None


class DateField(QWidget):
    """DateEdit plus a 日历 button whose calendar is created when first used."""

    def __init__(self, field_id: str, getter: Callable[[], date | None], setter: Callable[[date | None], None],
                 on_refused: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = DateEdit(field_id, getter, setter, on_refused)
        self.button = QPushButton("日历")
        self.button.setToolTip("从日历中选择日期")
        self.button.clicked.connect(self.pick)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self._popup: QWidget | None = None

    def pick(self) -> None:
        from PySide6.QtCore import QDate, Qt
        from PySide6.QtWidgets import QCalendarWidget

        current = self.edit._get() or date.today()
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        calendar.setGridVisible(True)

        def chosen(qd: QDate) -> None:
            calendar.close()
            self.edit.setText(format_date(date(qd.year(), qd.month(), qd.day())))
            self.edit.commit()

        calendar.activated.connect(chosen)
        calendar.clicked.connect(chosen)
        calendar.move(self.mapToGlobal(self.edit.geometry().bottomLeft()))
        calendar.show()
        self._popup = calendar
