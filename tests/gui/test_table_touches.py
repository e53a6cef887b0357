"""Edits say what they touched; the table model repaints the touched cells, their totals and changed markings only."""

from __future__ import annotations

from gkdesk.core.edits import SetCells, set_meta, set_subsection, set_text
from gkdesk.core.location import Location
from gkdesk.gui.document import Document
from gkdesk.gui.table_model import TableModel


def test_edits_report_locations():
    assert SetCells({("t3", "new", "natural"): 1}).touches() == {Location.cell("t3", "new", "natural")}
    assert set_text("section5", "x").touches() == {Location.text("section5")}
    assert set_meta("title_override", "x").touches() == {Location.meta("title")}
    assert set_subsection(1, text="x").touches() == {Location.subsection(1, "text")}


def _repainted(model: TableModel, edit, doc: Document) -> set[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()

    def on_changed(top, _bottom, *_roles):
        cell = model.grid_cell(top.row(), top.column())
        if cell is not None and cell.ref is not None:
            seen.add(cell.ref)

    model.dataChanged.connect(on_changed)
    doc.apply(edit)
    model.dataChanged.disconnect(on_changed)
    return seen


def test_repaint_follows_touches_and_matches_the_full_comparison(example_report):
    doc = Document(example_report.copy())
    model = TableModel(doc, "t3")
    edit = SetCells({("t3", "new", "natural"): (example_report.raw("t3", "new", "natural") or 0) + 5})
    by_touches = _repainted(model, edit, doc)
    assert {("new", "natural"), ("new", "total")} <= by_touches  # the cell and its row's 总计
    doc.stack.undo()
    TableModel.repaint_by_touches = False
    try:
        full = _repainted(model, edit, doc)
    finally:
        TableModel.repaint_by_touches = True
    assert by_touches == full  # same cells as comparing every value


def test_text_edit_repaints_no_table_cell_whose_state_did_not_change(example_report):
    doc = Document(example_report.copy())
    model = TableModel(doc, "t3")
    assert _repainted(model, set_text("section6", example_report.section6 + "。"), doc) == set()
