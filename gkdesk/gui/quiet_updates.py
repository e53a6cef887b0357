"""Texts that change after every edit (the issue marks in the tab titles “✖3 ⚠1”, the counts in the status bar)
without laying out and repainting the whole window: a size change of a widget inside the main window makes the main
window lay itself out again, and that repaints everything (the table under the tabs included).

``QTabWidget.setTabText`` lays the tab widget out again and repaints all of it — the table under the tabs included
(about 2.5 ms a change on the reference machine). Setting the text on the tab bar repaints the tab bar; the layout
request the tab bar then sends is passed on only when something the tab widget's layout depends on changed (the tab
bar's size hints, the tab widget's size and size hints, which follow its pages'), so a longer title still gets its
room and the window still learns a new minimum size.
"""

from __future__ import annotations

import PySide6.QtCore
from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtWidgets import QLabel, QStyle, QTabBar, QTabWidget


def set_growing_text(label: QLabel, text: str) -> None:
    """Set a one-line label's text; its size only ever grows (a shorter text leaves the room it had), so most
    changes repaint the label alone instead of laying out the window around it."""
    label.setText(text)
    hint = label.sizeHint()
    if hint.width() > label.minimumWidth() or hint.height() != label.minimumHeight():
        label.setFixedSize(max(hint.width(), label.minimumWidth()), hint.height())


class TabTitles(QObject):
    """Sets the titles of ``tabs``; the tab widget is laid out again only when its layout could change."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self._tabs = tabs
        self._laid_out: tuple[QSize, ...] | None = None
        tabs.installEventFilter(self)

    def set_text(self, index: int, text: str) -> None:
        """Set tab ``index``'s title. When every tab keeps its place and size (a count with as many digits), only
        that tab is repainted (with its neighbours' edges: tabs may overlap); otherwise the whole bar, as Qt does."""
        bar = self._tabs.tabBar()
        # (before the window's first paint PySide's ``Qt`` namespace is not built, and not for this: gui/window_view)
        if not bar.isVisible() or not bar.updatesEnabled() or "Qt" not in PySide6.QtCore.__dict__:
            bar.setTabText(index, text)
            return
        before = _bar_layout(bar)
        updates_disabled = _updates_disabled()
        bar.setAttribute(updates_disabled, True)  # Qt's repaint of the whole bar is held back…
        try:
            bar.setTabText(index, text)
        finally:
            bar.setAttribute(updates_disabled, False)
        if _bar_layout(bar) != before:
            bar.update()  # …and done when any tab moved or changed size
            return
        margin = bar.style().pixelMetric(QStyle.PixelMetric.PM_TabBarTabOverlap, None, bar) + 2
        bar.update(bar.tabRect(index).adjusted(-margin, -margin, margin, margin))

    def _layout_inputs(self) -> tuple[QSize, ...]:
        """What the tab widget's layout (the tab bar's and the pages' places) and the size it asks of the window
        depend on."""
        bar, tabs = self._tabs.tabBar(), self._tabs
        return bar.sizeHint(), bar.minimumSizeHint(), tabs.size(), tabs.sizeHint(), tabs.minimumSizeHint()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is not self._tabs:
            return False
        kind = event.type()
        if kind == QEvent.Type.LayoutRequest:
            now = self._layout_inputs()
            if now == self._laid_out:
                return True  # the same layout again: nothing to move, nothing to repaint
            self._laid_out = now
        elif kind in (QEvent.Type.Resize, QEvent.Type.Show):
            self._laid_out = self._layout_inputs()  # the tab widget lays itself out with what it has now
        elif kind in _RELAYOUT or (kind in _CHILD and event.child().isWidgetType()):  # type: ignore[attr-defined]
            self._laid_out = None  # laid out by rules we do not follow here: let the next request through
        return False


_RELAYOUT = (QEvent.Type.StyleChange, QEvent.Type.FontChange, QEvent.Type.LayoutDirectionChange,
             QEvent.Type.PolishRequest, QEvent.Type.Polish)
#: a child widget (a corner widget) added or removed; other children (the main window's geometry animation of the
#: tab widget) do not take part in its layout
_CHILD = (QEvent.Type.ChildAdded, QEvent.Type.ChildRemoved)


def _bar_layout(bar: QTabBar) -> tuple[object, ...]:
    """Where the tab bar's tabs are (scrolling included), which one is current, and its size."""
    return (tuple(bar.tabRect(i) for i in range(bar.count())), bar.currentIndex(), bar.size())


def _updates_disabled() -> object:
    return PySide6.QtCore.Qt.WidgetAttribute.WA_UpdatesDisabled
