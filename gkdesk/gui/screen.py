"""Fitting windows and dialogs to the clerk's screen (a 1366×768 laptop as well as a 1920×1080 monitor).

Every window and dialog of gkdesk sizes itself through ``fit_to_screen``: the wanted size, never larger than the
screen's available area (the taskbar excluded), centred on its parent or the screen. ``is_wide`` decides whether
there is room to put the 校验结果 panel beside the tables.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

#: room kept around a fitted window for its frame and title bar (the window manager draws them outside the size)
FRAME_MARGIN = QSize(16, 48)
#: from this available width on, the 校验结果 panel goes beside the tables instead of below them
WIDE_SCREEN_WIDTH = 1600


def screen_of(widget: QWidget | None) -> QScreen | None:
    """The screen the widget (or its parent) is on, else the primary screen."""
    while widget is not None:
        screen = widget.screen()
        if screen is not None:
            return screen
        widget = widget.parentWidget()
    return QGuiApplication.primaryScreen()


def available_area(widget: QWidget | None = None) -> QRect:
    screen = screen_of(widget)
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def fitted_size(wanted: QSize, area: QRect) -> QSize:
    """``wanted`` shrunk so that, with its frame, it fits in ``area``."""
    return QSize(max(200, min(wanted.width(), area.width() - FRAME_MARGIN.width())),
                 max(150, min(wanted.height(), area.height() - FRAME_MARGIN.height())))


def fit_to_screen(widget: QWidget, wanted: QSize | tuple[int, int], anchor: QWidget | None = None) -> QSize:
    """Resize ``widget`` to ``wanted`` or less so it fits the available screen area, and centre it on ``anchor``
    (its parent by default) or on the screen. Returns the size used."""
    if isinstance(wanted, tuple):
        wanted = QSize(*wanted)
    anchor = anchor if anchor is not None else widget.parentWidget()
    area = available_area(anchor or widget)
    size = fitted_size(wanted, area)
    minimum = widget.minimumSize()
    if minimum.width() > size.width() or minimum.height() > size.height():
        widget.setMinimumSize(min(minimum.width(), size.width()), min(minimum.height(), size.height()))
    widget.resize(size)
    centre = anchor.frameGeometry().center() if anchor is not None and anchor.isVisible() else area.center()
    x = min(max(area.left(), centre.x() - size.width() // 2), area.right() - size.width() - FRAME_MARGIN.width() // 2)
    y = min(max(area.top(), centre.y() - size.height() // 2), area.bottom() - size.height() - FRAME_MARGIN.height() + 8)
    widget.move(max(area.left(), x), max(area.top(), y))
    return size


def keep_on_screen(widget: QWidget) -> None:
    """After restoring a remembered geometry: if the window no longer fits (a smaller screen now), fit it again."""
    area = available_area(widget)
    frame = widget.frameGeometry()
    if frame.width() > area.width() or frame.height() > area.height() or not area.intersects(frame):
        fit_to_screen(widget, widget.size())
    elif not area.contains(frame):
        dx = min(0, area.right() - frame.right()) + max(0, area.left() - frame.left())
        dy = min(0, area.bottom() - frame.bottom()) + max(0, area.top() - frame.top())
        widget.move(widget.x() + dx, widget.y() + dy)


def is_wide(widget: QWidget | None = None) -> bool:
    """Is there room for the 校验结果 panel beside the tables (a 1920×1080 monitor, not a 1366×768 laptop)?"""
    return available_area(widget).width() >= WIDE_SCREEN_WIDTH
