"""Issue marks in tab titles and the status bar's counts change without repainting the page under the tabs
(gui/quiet_updates.py), and a title or count that needs more room still gets it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QWidget

from gkdesk.gui.quiet_updates import TabTitles, set_growing_text


class _Paints(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _tabs(qtbot, document_mode: bool = True) -> tuple[QTabWidget, TabTitles, QWidget]:
    tabs = QTabWidget()
    tabs.setDocumentMode(document_mode)  # (not in document mode the tab bar is only as wide as its tabs)
    page = QWidget()
    tabs.addTab(page, "一、总体情况")
    tabs.addTab(QWidget(), "三、收到和处理政府信息公开申请情况")
    titles = TabTitles(tabs)
    qtbot.addWidget(tabs)
    tabs.resize(1400, 300)
    tabs.show()
    qtbot.waitExposed(tabs)
    QApplication.processEvents()
    return tabs, titles, page


def test_a_changed_count_repaints_the_tab_bar_not_the_page(qtbot) -> None:
    tabs, titles, page = _tabs(qtbot)
    titles.set_text(1, "三、收到和处理政府信息公开申请情况 ✖40")  # a longer title: laid out (and painted) once
    QApplication.processEvents()
    paints = _Paints(page)
    for n in (41, 42, 43, 42):
        titles.set_text(1, f"三、收到和处理政府信息公开申请情况 ✖{n}")
        QApplication.processEvents()
    assert tabs.tabText(1).endswith("✖42")
    assert paints.count == 0


def test_a_longer_title_still_gets_its_room(qtbot) -> None:
    tabs, titles, _page = _tabs(qtbot, document_mode=False)
    bar = tabs.tabBar()
    before = bar.width()
    titles.set_text(1, "三、收到和处理政府信息公开申请情况 ✖41 ⚠12 ✖41 ⚠12 ✖41 ⚠12")
    QApplication.processEvents()
    assert bar.width() > before
    assert bar.tabRect(1).right() < bar.width()  # the whole title is in the bar, not cut off
    tabs.resize(1500, 300)  # laid out again on a resize, and the next count change still repaints only the bar
    QApplication.processEvents()
    titles.set_text(1, "三、收到和处理政府信息公开申请情况 ✖42 ⚠12 ✖41 ⚠12 ✖41 ⚠12")
    QApplication.processEvents()
    assert bar.tabRect(1).right() < bar.width()


def test_the_counts_label_grows_and_keeps_its_room(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    label.show()
    set_growing_text(label, "错误 1 · 警告 2 · 提示 3")
    small = label.width()
    set_growing_text(label, "错误 100 · 警告 200 · 提示 300 · 待填 150")
    assert label.width() > small and label.width() >= label.sizeHint().width()
    wide = label.width()
    set_growing_text(label, "错误 1 · 警告 2 · 提示 3")
    assert label.text() == "错误 1 · 警告 2 · 提示 3" and label.width() == wide


class _PaintRects(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.rects: list[QRect] = []
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())  # type: ignore[attr-defined]
        return False


def _bar_on_screen(tabs: QTabWidget):
    """The tab bar's pixels as they are in the window's backing store (what the user sees)."""
    bar = tabs.tabBar()
    top_left = bar.mapTo(tabs, QPoint(0, 0))
    return QApplication.primaryScreen().grabWindow(tabs.winId(), top_left.x(), top_left.y(), bar.width(),
                                                   bar.height()).toImage()


def test_a_count_of_as_many_digits_repaints_that_tab_alone_and_the_pixels_equal_a_full_repaint(qtbot) -> None:
    assert Qt.WidgetAttribute  # PySide's Qt namespace built, as after the window's first paint (gui/window_view)
    for document_mode in (True, False):
        tabs, titles, _page = _tabs(qtbot, document_mode)
        tabs.addTab(QWidget(), "四、政府信息公开行政复议、行政诉讼情况")
        tabs.setCurrentIndex(1)
        QApplication.processEvents()
        bar = tabs.tabBar()
        rects = _PaintRects(bar)
        kept = 0
        for n in (41, 42, 43, 9, 8, 42, 100, 101, 7):
            for i in (0, 1, 2):
                rects.rects.clear()
                places = [bar.tabRect(j) for j in range(bar.count())]
                titles.set_text(i, f"{tabs.tabText(i).split(' ')[0]} ✖{n + i}")
                QApplication.processEvents()
                assert rects.rects, "the changed title is painted"
                if [bar.tabRect(j) for j in range(bar.count())] == places:  # no tab moved: that tab alone
                    assert all(r.width() < bar.width() for r in rects.rects), (rects.rects, bar.width(), n, i, document_mode)
                    kept += 1
                partly = _bar_on_screen(tabs)
                bar.repaint()  # everything painted afresh
                assert _bar_on_screen(tabs) == partly, (document_mode, n, i)
        assert tabs.tabText(2).endswith("✖9")
        assert kept >= 9  # (most changes keep every tab in its place)
