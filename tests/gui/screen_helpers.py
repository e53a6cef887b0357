"""Helpers for the 1366×768 tests: does a window fit the screen, and which visible texts are not Chinese."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

#: words that are names, not English a clerk has to read (the program, file types, key names, units)
ALLOWED = re.compile(
    r"gkdesk|gkreport|Excel|WPS|PDF|Word|LibreOffice|Ctrl|Shift|Alt|Tab|PgDn|PgUp|Del(ete)?|Esc|F\d+|"
    r"Enter|xlsx|xlsm|docx|html?|xhtml|mhtml?|txt|csv|pdf|KB|MB|png|JSON|Linux|Windows|Qt|PySide|"
    r"GB|UTF|OK|Backspace|Home|End|Space|Num|Pg|Up|Down|Left|Right|Ins|Return")
ENGLISH = re.compile(r"[A-Za-z]{2,}")


def screen_area() -> QRect:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    return screen.availableGeometry()


def assert_fits(widget: QWidget) -> None:
    """The window, with its frame, lies inside the screen's available area."""
    area = screen_area()
    assert (area.width(), area.height()) == (1366, 768), "the tests expect the 1366×768 offscreen screen"
    frame = widget.frameGeometry()
    assert area.contains(frame), f"{type(widget).__name__} {frame} is not inside the screen {area}"


def english_in(text: str) -> list[str]:
    """English words left in a visible text (allowed names removed; file paths and file names are data)."""
    if not text:
        return []
    cleaned = ALLOWED.sub("", re.sub(r"<[^>]+>|&\w+;", "", text))  # rich text: its tags are not shown
    cleaned = re.sub(r"(/[\w.\-]+)+|[\w\-]*\.(gkreport|xlsx|pdf|txt|html?|log|docx)", "", cleaned)
    cleaned = re.sub(r"\(\*[^)]*\)|&\w|\*\.\w+", "", cleaned)
    cleaned = re.sub(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)+", "", cleaned)  # a rule code (only in tooltips)
    return ENGLISH.findall(cleaned)


def visible_texts(root: QWidget, tooltips: bool = True) -> list[tuple[str, str]]:
    """(where, text) of every text a user can see in ``root`` and its children: labels, buttons, titles, tab and
    menu entries, headers of lists and tables, combo entries, placeholders, tooltips."""
    out: list[tuple[str, str]] = [(f"{type(root).__name__}.windowTitle", root.windowTitle())]
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        name = type(w).__name__
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append((f"{name}.text", w.text()))
        if isinstance(w, QGroupBox):
            out.append((f"{name}.title", w.title()))
        if isinstance(w, QDockWidget):
            out.append((f"{name}.windowTitle", w.windowTitle()))
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            out.append((f"{name}.placeholder", w.placeholderText()))
        if isinstance(w, QComboBox):
            out.extend((f"{name}.item", w.itemText(i)) for i in range(w.count()))
        if isinstance(w, QTabWidget):
            out.extend((f"{name}.tab", w.tabText(i)) for i in range(w.count()))
        if isinstance(w, QMenu):
            out.append((f"{name}.title", w.title()))
            out.extend((f"{name}.action", a.text()) for a in w.actions())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list model: one column, no header
                columns = 0
            for c in range(columns):
                header = model.headerData(c, Qt.Orientation.Horizontal)
                if isinstance(header, str) and not header.isdigit():
                    out.append((f"{name}.header", header))
        if tooltips and w.toolTip():
            out.append((f"{name}.toolTip", w.toolTip()))
    return [(where, text) for where, text in out if text]


def english_texts(root: QWidget, tooltips: bool = True) -> list[tuple[str, str]]:
    return [(where, text) for where, text in visible_texts(root, tooltips) if english_in(text)]
