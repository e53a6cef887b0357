"""Where an edit changed the report, in words and on screen: undo/redo scroll to and select what changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gkdesk.core import edits as core_edits
from gkdesk.core.location import Location
from gkdesk.core.report import Report

if TYPE_CHECKING:
    from gkdesk.gui.main_window import MainWindow

Place = tuple[str, ...]  # ("cell", table, row, column) | ("field", field id) | ("section", key)


def places(edit: core_edits.Edit) -> list[Place]:
    """The places an edit changes, most telling first."""
    changes = getattr(edit, "changes", None)
    if isinstance(changes, dict) and changes:
        return [("cell", *ref) for ref in changes if isinstance(ref, tuple) and len(ref) == 3]
    if isinstance(edit, core_edits.Compound):
        out: list[Place] = []
        for part in edit.edits:
            out.extend(p for p in places(part) if p not in out)
        return out
    if isinstance(edit, core_edits.SetField):  # any field the registry writes: texts, 基本信息, the fee, a cell
        loc = edit.loc
        if loc.kind == "cell":
            return [("cell", loc.key, loc.row or "", loc.column or "")]
        return [("field", str(loc))]
    if isinstance(edit, core_edits.InsertSubsection | core_edits.RemoveSubsection):
        return [("field", str(Location.subsection(edit.index, "title")))]
    if isinstance(edit, core_edits.MoveSubsection):
        return [("field", str(Location.subsection(edit.to, "title")))]
    if isinstance(edit, core_edits.SetLastYear):
        return [("section", "meta")]
    if isinstance(edit, core_edits.AcceptComputedTotals):
        return [("section", "s3")]
    return []


def is_touched(issue: object, touched: set[Place]) -> bool:
    """Does the issue concern a place the clerk has changed (a calm start shows only those)?"""
    table, row, col = getattr(issue, "table", None), getattr(issue, "row", None), getattr(issue, "column", None)
    field_id = getattr(issue, "field", None)
    if table:
        return any(p[0] == "cell" and p[1] == table and (row is None or p[2] == row) and (col is None or p[3] == col)
                   for p in touched)
    if field_id:
        if field_id == "overview":
            return any(p[0] == "field" and p[1].startswith("overview") for p in touched)
        return ("field", field_id) in touched
    return True  # about the whole report: always shown


def describe(report: Report, edit: core_edits.Edit) -> str:
    """'三、表 → （一）予以公开 → 自然人' or '五、存在的主要问题…' — where the edit changed the report."""
    from gkdesk.core.issues import Issue
    from gkdesk.core.locations import describe_location

    found = places(edit)
    if not found or found[0][0] == "section":
        return ""
    first = found[0]
    if first[0] == "cell":
        issue = Issue("", "hint", "", table=first[1], row=first[2], column=first[3])
        more = f"等 {len(found)} 个单元格" if len(found) > 1 else ""
        return describe_location(issue, report.format) + more
    return describe_location(Issue("", "hint", "", field=first[1]), report.format)


def reveal(window: MainWindow, edit: core_edits.Edit) -> None:
    """Show the page of what the edit changed and select it (cells) or put the cursor in it (text)."""
    found = places(edit)
    if not found:
        return
    first = found[0]
    if first[0] == "cell":
        _, table, row, col = first
        if table not in window.table_tabs:
            return
        window.select_section(window.doc.report.format.section_for_table(table).key)
        tab = window.table_tabs[table]
        cells = [p for p in found if p[1] == table]
        tab.view.select_refs([(p[2], p[3]) for p in cells])
        tab.view.setFocus()
        return
    if first[0] == "section":
        window.select_section(first[1])
        return
    field_id = first[1]
    section = window.section_of_field(field_id)
    window.select_section(section)
    widget = window.field_widget(field_id)
    if widget is None:
        return
    page = window.current_page()
    if hasattr(page, "ensureWidgetVisible"):
        page.ensureWidgetVisible(widget)
    widget.setFocus()
