"""Colours and small formatting helpers shared by the editors (one place, so all tabs look alike)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QColor

from gkdesk.core.report import CellValue

HEADER_BG = QColor("#eef1f5")
LABEL_BG = QColor("#f6f7f9")
COMPUTED_BG = QColor("#e3eaf3")
INPUT_BG = QColor("#ffffff")
SEVERITY_BG = {"error": QColor("#f9d3d0"), "warning": QColor("#fcefc4"), "hint": QColor("#e2eefc")}
SEVERITY_FG = {"error": QColor("#a8251b"), "warning": QColor("#8a5a00"), "hint": QColor("#1f5fa8")}
#: marks every bundled CJK font has (GB2312 symbols), so they show even on a machine with no other font
SEVERITY_MARK = {"error": "●", "warning": "▲", "hint": "○"}
TEXT_FG = QColor("#1d1d1f")
COMPUTED_FG = QColor("#28476e")


def format_value(v: CellValue) -> str:
    """How a cell value is shown: blank stays blank (blank ≠ 0), decimals without exponent."""
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)
