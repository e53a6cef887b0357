"""The issues panel's tree: an issue that appears or goes away out of sight does not repaint the rows in sight.

A QTreeView lays all its rows out again after any row is added or removed and then repaints everything in sight,
which with a hundred and more issues and long Chinese messages costs more than the whole check (a few ms every
edit). Whether anything in sight changed is known after that layout: the rows in sight, what they show (texts,
colours, fonts, selection, the current row, open or closed groups), where they are (scrolling, row and column
geometry, the view's size) and how the view is drawn (focus, active window, palette). When all of that is as it was
after the previous layout, the pixels on screen are still right and the repaint is left out; when the same rows are
in the same places and only some show something else (a group's count), only those are repainted; otherwise
everything in sight is repainted as before. The header above the rows, which Qt repaints across its whole width
after every layout, is repainted only when a layout moved or resized its sections or itself (anything else it shows
repaints it through its own path). Scrolling, selecting, hovering and changed texts repaint through their own paths,
which this does not touch; tests/gui/test_issue_tree.py compares the panel's picture with a freshly built one.
"""

from __future__ import annotations

import PySide6.QtCore
from PySide6.QtCore import QModelIndex, QPoint, QRect
from PySide6.QtWidgets import QTreeWidget, QWidget

#: what an item shows: Qt.ItemDataRole Display, Decoration, Font, TextAlignment, Background, Foreground, CheckState
#: (as numbers: no ``Qt.…`` value before the window's first paint, see gui/window_view.py)
_SHOWN_ROLES = (0, 1, 6, 7, 8, 9, 10)


class IssueTree(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._in_sight: tuple[object, ...] | None = None
        self._header_seen: tuple[object, ...] | None = None  # what the header showed after the last layout

    def doItemsLayout(self) -> None:  # noqa: N802 - Qt's name
        viewport = self.viewport()
        # (before the window's first paint PySide's ``Qt`` namespace is not built yet, and is not built for this:
        # see gui/window_view.py; the first layouts simply repaint everything)
        if (self._in_sight is None or not viewport.isVisible() or not viewport.updatesEnabled()
                or "Qt" not in PySide6.QtCore.__dict__):
            super().doItemsLayout()
            self._in_sight = self._sight() if viewport.isVisible() and viewport.updatesEnabled() else None
            self._header_seen = None
            return
        updates_disabled = PySide6.QtCore.Qt.WidgetAttribute.WA_UpdatesDisabled
        # the view's own full repaint after the layout is held back; everything else still repaints as usual
        viewport.setAttribute(updates_disabled, True)
        # so is the header's: it repaints all its width after every layout (its sections laid out again, mostly
        # to the same places); it is repainted when it shows otherwise than after the previous layout
        header_viewport = self.header().viewport()
        hold_header = self.header().isVisible() and header_viewport.updatesEnabled()
        if hold_header:
            header_viewport.setAttribute(updates_disabled, True)
        try:
            super().doItemsLayout()
            header_now = _header_key(self) if hold_header else None
        finally:
            viewport.setAttribute(updates_disabled, False)
            if hold_header:
                header_viewport.setAttribute(updates_disabled, False)
        if header_now is None or header_now != self._header_seen:
            header_viewport.update()
        self._header_seen = header_now
        now = self._sight()
        before = self._in_sight
        self._in_sight = now
        if now == before:
            return
        rows, old_rows = now[0], before[0]
        if now[1:] != before[1:] or [r[:2] for r in rows] != [r[:2] for r in old_rows]:
            viewport.update()  # moved, resized, scrolled or drawn otherwise: everything in sight
            return
        for row, old in zip(rows, old_rows, strict=True):  # the same rows in the same places: only those that show otherwise
            if row != old:
                viewport.update(QRect(0, row[0], viewport.width(), row[1]))

    def forget_sight(self) -> None:
        """The next layout repaints everything in sight (after a change this class does not follow)."""
        self._in_sight = None
        self._header_seen = None

    def _sight(self) -> tuple[object, ...]:
        """Everything that decides the pixels of the rows in sight."""
        viewport = self.viewport()
        header = self.header()
        height = viewport.height()
        rows: list[tuple[object, ...]] = []
        index = self.indexAt(QPoint(0, 0))
        columns = range(self.columnCount())
        current = self.currentIndex()
        while index.isValid():
            rect = self.visualRect(index)
            if rect.top() >= height:
                break
            item = self.itemFromIndex(index)
            if item is not None:
                rows.append((rect.top(), rect.height(), index == current, item.isSelected(), item.isExpanded(),
                             item.childCount() > 0, item.isDisabled(),
                             tuple(item.data(c, role) for c in columns for role in _SHOWN_ROLES)))
            index = self.indexBelow(index)
        geometry = tuple((header.sectionViewportPosition(c), header.sectionSize(c), header.isSectionHidden(c))
                         for c in columns)
        return (tuple(rows), geometry, viewport.size(), self.verticalScrollBar().value(),
                self.horizontalScrollBar().value(), self.indentation(), self.hasFocus(), self.isActiveWindow(),
                self.isEnabled(), self.palette().cacheKey(), self.font().key(), _root_key(self.rootIndex()))


def _header_key(tree: QTreeWidget) -> tuple[object, ...]:
    """What a layout can change of the header's pixels: its sections' places and sizes, its size and scrolling.
    (Texts, sort mark, palette, font, focus and the like repaint it through their own paths, outside a layout.)"""
    header = tree.header()
    return (header.count(), header.offset(), header.geometry(), header.viewport().size(),
            tuple((header.sectionViewportPosition(c), header.sectionSize(c)) for c in range(header.count())))


def _root_key(index: QModelIndex) -> tuple[int, int]:
    return (index.row(), index.column()) if index.isValid() else (-1, -1)
