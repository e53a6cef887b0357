"""Live validation in the window: cells coloured, panel grouped by severity, counts, navigation to the place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gkdesk.core.issues import Issue
from gkdesk.gui import style

FAKE_MESSAGE = "自然人申请数超过100件，请核对。"


def fake_validate(report, settings=None):
    """A stand-in rule set with one cell rule and two text rules, to test the window's mechanics."""
    out = []
    v = report.raw("t3", "new", "natural")
    if isinstance(v, int) and v > 100:
        out.append(Issue("FAKE-CELL", "error", FAKE_MESSAGE, table="t3", row="new", column="natural"))
    if "待补充" in report.section5:
        out.append(Issue("FAKE-TXT", "warning", "第五部分还有“待补充”。", field="section5"))
    if len(report.overview) > 1 and not report.overview[1].text.strip():
        out.append(Issue("FAKE-SUB", "hint", "第二小节没有正文。", field="overview.2.text"))
    return out


@pytest.fixture
def fake_rules(monkeypatch):
    import gkdesk.gui.document as document

    # the document's checker (incremental in the real window) replaced by the stand-in rules, for every check
    monkeypatch.setattr(document, "Validator", lambda: lambda report, settings=None, touches=None:
                        fake_validate(report, settings))


def _shown(window, qtbot):
    window.show()
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_issue_appears_and_disappears_with_the_value(fake_rules, window, type_cell, qtbot):
    tab = window.table_tabs["t3"]
    model, view = tab.model, tab.view
    window.tabs.setCurrentWidget(tab.parentWidget())
    _shown(window, qtbot)
    idx = model.index_of("new", "natural")
    type_cell(view, idx, "150")
    qtbot.waitUntil(lambda: window.doc.report.raw("t3", "new", "natural") == 150)
    # same frame: no event loop turn needed after the edit for the issue to be everywhere
    assert model.data(idx, Qt.ItemDataRole.BackgroundRole).color() == style.SEVERITY_BG["error"]
    assert FAKE_MESSAGE in model.data(idx, Qt.ItemDataRole.ToolTipRole)
    assert [i.data(0, Qt.ItemDataRole.UserRole + 1).rule for i in window.issues_panel.issue_items()] == ["FAKE-CELL"]
    assert "●1" in window.tabs.tabText(window.tabs.indexOf(tab.parentWidget()))
    assert "错误 1" in window.counts_label.text()
    type_cell(view, idx, "5")
    qtbot.waitUntil(lambda: window.doc.report.raw("t3", "new", "natural") == 5)
    assert model.data(idx, Qt.ItemDataRole.BackgroundRole).color() == style.INPUT_BG
    assert window.issues_panel.issue_items() == []
    assert "●" not in window.tabs.tabText(window.tabs.indexOf(tab.parentWidget()))
    assert "错误 0" in window.counts_label.text()


def test_panel_navigates_to_cell(fake_rules, window, qtbot):
    window.doc.apply(__import__("gkdesk.core.edits", fromlist=["set_cell"]).set_cell("t3", "new", "natural", 500))
    window.tabs.setCurrentIndex(0)
    _shown(window, qtbot)
    item = window.issues_panel.issue_items()[0]
    window.issues_panel.tree.itemActivated.emit(item, 0)
    tab = window.table_tabs["t3"]
    assert window.current_page() is tab
    assert tab.view.currentIndex() == tab.model.index_of("new", "natural")
    assert FAKE_MESSAGE in window.statusBar().currentMessage()


def test_panel_navigates_to_text_fields(fake_rules, window, qtbot):
    from gkdesk.core.edits import set_subsection, set_text

    window.doc.apply(set_text("section5", "待补充"))
    window.doc.apply(set_subsection(1, text=""))
    _shown(window, qtbot)
    items = {i.data(0, Qt.ItemDataRole.UserRole + 1).rule: i for i in window.issues_panel.issue_items()}
    assert set(items) == {"FAKE-TXT", "FAKE-SUB"}
    window.issues_panel.tree.itemActivated.emit(items["FAKE-TXT"], 0)
    assert window.current_page() is window.text_tabs["s5"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.text_tabs["s5"].text)
    assert "待补充" in window.text_tabs["s5"].text.toolTip()
    window.issues_panel.tree.itemActivated.emit(items["FAKE-SUB"], 0)
    assert window.current_page() is window.text_tabs["s1"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.text_tabs["s1"].boxes[1].text_edit)
    # grouped by severity, with counts in the group titles
    tree = window.issues_panel.tree
    tops = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount()) if not tree.topLevelItem(i).isHidden()]
    assert tops == ["▲ 警告（1）", "○ 提示（1）"]


def test_real_rules_blank_cell_is_named(window, qtbot):
    rules = pytest.importorskip("gkdesk.core.rules")
    if not hasattr(rules, "validate"):
        pytest.skip("gkdesk.core.rules.validate 尚未完成")
    tab = window.table_tabs["t3"]
    window.tabs.setCurrentWidget(tab.parentWidget())
    _shown(window, qtbot)
    before = {(i.rule, i.row, i.column) for i in window.doc.issues}
    tab.view.setCurrentIndex(tab.model.index_of("carry_in", "research"))
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    new = [i for i in window.doc.issues if (i.rule, i.row, i.column) not in before]
    assert any(i.table == "t3" and i.row == "carry_in" and i.column == "research" for i in new)
    idx = tab.model.index_of("carry_in", "research")
    assert model_bg(tab.model, idx) != style.INPUT_BG
    window.act_undo.trigger()
    assert {(i.rule, i.row, i.column) for i in window.doc.issues} == before


def model_bg(model, idx):
    return model.data(idx, Qt.ItemDataRole.BackgroundRole).color()


def test_panel_follows_any_sequence_of_issue_lists(qtbot, example_report):
    """The panel updates rows in place; whatever the changes, it shows exactly the current issues in order."""
    import random

    from gkdesk.core.issues import SEVERITY_ORDER
    from gkdesk.gui.issues_panel import ISSUE_ROLE, IssuesPanel

    panel = IssuesPanel()
    qtbot.addWidget(panel)
    pool = [Issue(f"R{n}", ("error", "warning", "hint")[n % 3], f"问题{n}", field="section5") for n in range(30)]
    rng = random.Random(7)
    for _ in range(200):
        chosen = rng.sample(pool, rng.randint(0, 12))
        issues = sorted(chosen, key=lambda i: (SEVERITY_ORDER[i.severity], rng.random()))
        panel.set_issues(example_report, issues)
        assert [it.data(0, ISSUE_ROLE) for it in panel.issue_items()] == issues
        assert panel._empty.isHidden() == bool(issues)
        for severity, top in panel._groups.items():
            n = sum(1 for i in issues if i.severity == severity)
            assert top.isHidden() == (n == 0) and f"（{n}）" in top.text(0)
