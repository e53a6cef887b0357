"""The issues panel repaints only what changed in sight (gui/issue_tree.py): after every change of the issues the
pixels on screen — the backing store itself, not a fresh rendering — equal those of a panel built afresh with the
same issues, size, scroll position, selection and column widths — the rows in sight and the header above them."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from gkdesk.core.explain import Explanation
from gkdesk.core.issues import Issue
from gkdesk.core.report import Report
from gkdesk.gui.issues_panel import ISSUE_ROLE, IssuesPanel

SEVERITIES = ("error", "warning", "hint")


def _issues(n: int, seed: int) -> list[Issue]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        sev = rng.choice(SEVERITIES)
        if rng.random() < 0.5:
            out.append(Issue("NUM-BLANK", sev, f"第三部分表格第{i}行{'很长的说明' * rng.randint(1, 6)}为空，没有数据的请填写0。",
                             table="t3", row="new", column="natural"))
        else:
            out.append(Issue("TXT-NUM", sev, f"正文所述第{i}项与表格不一致（{rng.randint(0, 99)}）。", field="section5"))
    order = {"error": 0, "warning": 1, "hint": 2}
    return sorted(out, key=lambda x: order[x.severity])


def _on_screen(panel: IssuesPanel):
    """The tree's pixels as they are in the window's backing store (what the user sees)."""
    vp = panel.tree.viewport()
    top_left = vp.mapTo(panel, QPoint(0, 0))
    screen = QApplication.primaryScreen()
    return screen.grabWindow(panel.winId(), top_left.x(), top_left.y(), vp.width(), vp.height()).toImage()


def _header_on_screen(panel: IssuesPanel):
    """The tree header's pixels as they are in the window's backing store."""
    vp = panel.tree.header().viewport()
    top_left = vp.mapTo(panel, QPoint(0, 0))
    screen = QApplication.primaryScreen()
    return screen.grabWindow(panel.winId(), top_left.x(), top_left.y(), vp.width(), vp.height()).toImage()


def _shown(qtbot, panel: IssuesPanel) -> None:
    panel.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)  # the two panels drawn alike (not focused)
    panel.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    panel.setFloating(True)
    panel.resize(640, 320)
    panel.show()
    qtbot.waitExposed(panel)
    QApplication.processEvents()


def _same_selection(panel: IssuesPanel, fresh: IssuesPanel) -> None:
    """The fresh panel's current and selected rows as the panel's (whatever the panel's own rules made of them)."""
    from PySide6.QtCore import QItemSelectionModel

    current = panel.current_issue()
    model = fresh.tree.selectionModel()
    if current is not None:
        model.setCurrentIndex(fresh.tree.indexFromItem(fresh.item_for(current)), QItemSelectionModel.SelectionFlag.NoUpdate)
    fresh.tree.clearSelection()
    for item in panel.tree.selectedItems():
        issue = item.data(0, ISSUE_ROLE)
        match = fresh.item_for(issue) if isinstance(issue, Issue) else None
        if match is not None:
            match.setSelected(True)


def test_panel_pixels_equal_a_fresh_panel_after_random_changes(qtbot) -> None:
    if QApplication.platformName() != "offscreen":
        pytest.skip("reads the offscreen platform's backing store")
    report = Report.new("某镇人民政府", "township", 2024)
    rng = random.Random(3)
    pool = _issues(260, seed=1)
    shown = sorted(rng.sample(pool, 150), key=pool.index)
    panel = IssuesPanel()
    qtbot.addWidget(panel)
    _shown(qtbot, panel)
    panel.set_issues(report, shown, [])
    QApplication.processEvents()
    for step in range(80):
        kind = rng.choice(["add", "remove", "remove", "scroll", "select", "explain", "several", "columns"])
        if kind == "add":
            missing = [i for i in pool if i not in shown]
            shown = sorted(shown + [rng.choice(missing)], key=pool.index)
        elif kind == "remove" and shown:
            shown.remove(rng.choice(shown))
        elif kind == "several":
            shown = sorted(rng.sample(pool, rng.randint(100, 180)), key=pool.index)
        elif kind == "scroll":
            bar = panel.tree.verticalScrollBar()
            bar.setValue(rng.randint(0, bar.maximum()))
        elif kind == "columns":  # the header's sections move: the header is repainted
            panel.tree.header().resizeSection(1, rng.randint(120, 260))
        elif kind == "select":
            items = panel.issue_items()
            if items:
                panel.tree.setCurrentItem(rng.choice(items))
        explained = [(i, Explanation(i.rule, "x", "", "已核实")) for i in shown if i.severity != "error"][:3] \
            if kind == "explain" else []
        panel.set_issues(report, shown, explained)
        QApplication.processEvents()
        fresh = IssuesPanel()
        qtbot.addWidget(fresh)
        _shown(qtbot, fresh)
        fresh.set_issues(report, shown, explained)
        QApplication.processEvents()
        _same_selection(panel, fresh)
        fresh.tree.header().resizeSection(1, panel.tree.header().sectionSize(1))
        fresh.tree.verticalScrollBar().setValue(panel.tree.verticalScrollBar().value())  # after: selecting scrolls
        QApplication.processEvents()
        assert _on_screen(panel) == _on_screen(fresh), f"step {step} ({kind}): the panel shows stale rows"
        assert _header_on_screen(panel) == _header_on_screen(fresh), f"step {step} ({kind}): stale header"
        fresh.close()


def test_header_pixels_follow_the_scroll_bar_coming_and_going(qtbot) -> None:
    """Few issues (no scroll bar), many (a scroll bar narrows the rows and the header's stretched column), few again:
    the header on screen is the fresh panel's each time."""
    if QApplication.platformName() != "offscreen":
        pytest.skip("reads the offscreen platform's backing store")
    report = Report.new("某镇人民政府", "township", 2024)
    pool = _issues(200, seed=2)
    panel = IssuesPanel()
    qtbot.addWidget(panel)
    _shown(qtbot, panel)
    for n in (2, 150, 3, 120, 1):
        panel.set_issues(report, pool[:n], [])
        QApplication.processEvents()
        fresh = IssuesPanel()
        qtbot.addWidget(fresh)
        _shown(qtbot, fresh)
        fresh.set_issues(report, pool[:n], [])
        QApplication.processEvents()
        fresh.tree.verticalScrollBar().setValue(panel.tree.verticalScrollBar().value())
        QApplication.processEvents()
        assert _header_on_screen(panel) == _header_on_screen(fresh), f"{n} issues: stale header"
        assert _on_screen(panel) == _on_screen(fresh), f"{n} issues: stale rows"
        fresh.close()
