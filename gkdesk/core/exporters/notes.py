"""审核说明: the explained warnings of a report, with their 说明, for the 上级 who reviews it (PDF page or xlsx sheet).

Not part of the published report: a separate file that says so in its heading. It lists every explained item
(where, which check, what it said, the clerk's 说明 and its date) and, after them, the warnings still open, so the
reviewer sees both what was confirmed and what was left.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from gkdesk.core.explain import review
from gkdesk.core.exporters.common import date_text, printable, write_export
from gkdesk.core.issues import SEVERITY_LABEL, Issue, Settings
from gkdesk.core.locations import describe_location
from gkdesk.core.report import Report

HEADERS = ("序号", "位置", "审核项目", "问题", "核实说明", "日期")
NOTICE = "本说明随年度报告报送上级机关审核，不属于公开发布的年度报告内容。"


@dataclass(frozen=True)
class NoteRow:
    """One row of the 审核说明: where, which rule, the message and the clerk's note."""

    where: str
    rule: str
    message: str
    note: str  # empty for an open warning
    on: str


def note_rows(report: Report, settings: Settings | None = None) -> tuple[list[NoteRow], list[NoteRow]]:
    """(explained items, open warnings and hints) in report order."""
    from gkdesk.core.rules import validate

    reviewed = review(validate(report, settings), report.explanations)
    fmt = report.format

    def row(issue: Issue, note: str = "", on: str = "") -> NoteRow:
        return NoteRow(describe_location(issue, fmt, full_row_label=True), f"{SEVERITY_LABEL[issue.severity]} "
                       f"{issue.rule}", issue.message, note, on)

    explained = [row(i, e.note, date_text(e.on)) for i, e in reviewed.explained]
    still_open = [row(i) for i in reviewed.open if i.severity != "error"]
    return explained, still_open


def heading(report: Report) -> str:
    return f"{report.title}审核说明"


# --- xlsx ---------------------------------------------------------------------------------------------
def export_notes_xlsx(report: Report, path: Path, settings: Settings | None = None) -> None:
    explained, still_open = note_rows(report, settings)

    def writer(fh: BinaryIO) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        wb = Workbook()
        ws = wb.active
        ws.title = "审核说明"
        wrap = Alignment(wrap_text=True, vertical="top")

        def put(r: int, c: int, text: str, **style: Any) -> None:
            cell = ws.cell(row=r, column=c)
            cell.value = printable(text)
            cell.data_type = "s"  # never a formula, whatever the clerk typed
            cell.alignment = wrap
            for k, v in style.items():
                setattr(cell, k, v)

        put(1, 1, heading(report), font=Font(name="黑体", size=14))
        put(2, 1, NOTICE)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
        r = 4
        for title, rows in ((f"一、已核实的问题（{len(explained)}）", explained),
                            (f"二、尚未核实的警告和提示（{len(still_open)}）", still_open)):
            put(r, 1, title, font=Font(name="黑体", size=12))
            r += 1
            for c, h in enumerate(HEADERS, 1):
                put(r, c, h, font=Font(name="黑体"))
            r += 1
            if not rows:
                put(r, 1, "无")
                r += 1
            for n, item in enumerate(rows, 1):
                for c, text in enumerate((str(n), item.where, item.rule, item.message, item.note, item.on), 1):
                    put(r, c, text)
                r += 1
            r += 1
        for col, width in zip("ABCDEF", (6, 34, 16, 50, 40, 14), strict=True):
            ws.column_dimensions[col].width = width
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.print_options.gridLines = True
        wb.save(fh)

    write_export(Path(path), writer, "审核说明工作簿")


# --- pdf ----------------------------------------------------------------------------------------------
def export_notes_pdf(report: Report, path: Path, settings: Settings | None = None) -> None:
    from gkdesk.core.exporters.pdf_simple import table_pdf

    explained, still_open = note_rows(report, settings)
    sections = []
    for name, rows in ((f"一、已核实的问题（{len(explained)}）", explained),
                       (f"二、尚未核实的警告和提示（{len(still_open)}）", still_open)):
        data = [[str(n), item.where, item.rule, item.message, item.note, item.on] for n, item in enumerate(rows, 1)]
        sections.append((name, HEADERS, data or [["无", "", "", "", "", ""]]))
    table_pdf(Path(path), title=heading(report), notice=NOTICE, author="gkdesk", sections=sections,
              widths_mm=(12, 48, 36, 80, 70, 21), what="审核说明 PDF")


def export_notes(report: Report, path: Path, settings: Settings | None = None) -> None:
    """By the file's extension: .pdf or .xlsx."""
    if Path(path).suffix.lower() == ".xlsx":
        export_notes_xlsx(report, path, settings)
    else:
        export_notes_pdf(report, path, settings)
