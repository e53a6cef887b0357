"""The report as an Excel workbook in the official layout (see docs/xlsx-layout.md: the contract with the importer)."""

from __future__ import annotations

import math
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from gkdesk.core.errors import ExportError
from gkdesk.core.exporters.common import (
    decimal_places,
    overview_items,
    paragraphs,
    printable,
    section_text,
    write_export,
)
from gkdesk.core.format import Section, TableDef
from gkdesk.core.limits import number_in_range
from gkdesk.core.report import Report
from gkdesk.core.workbook_layout import GRID_TOP, META_SHEET
from gkdesk.core.workbook_layout import keywords as layout_keywords

MAX_CELL_CHARS = 32_767

#: column widths (Excel units, ≈ one Latin digit; a hanzi is ≈ 2) per table; other tables get DEFAULT_WIDTH
TABLE_WIDTHS: dict[str, list[float]] = {
    "t2": [24, 17, 17, 17],
    "t3": [5, 12, 27] + [6.5] * 7,
    "t4": [7.5] * 15,
}
DEFAULT_WIDTH = 12.0
TEXT_WIDTH = 80.0  # the text column of the narrative sheets

FONT_TITLE = ("宋体", 16.0)
FONT_HEADING = ("黑体", 14.0)
FONT_SUBTITLE = ("楷体", 12.0)
FONT_BODY = ("仿宋", 12.0)
FONT_TABLE = ("宋体", 11.0)

# page margins in inches, after GB/T 9704 (top 37 mm, left 28 mm, bottom 35 mm, right 26 mm)
MARGINS_PORTRAIT = dict(top=1.46, left=1.10, bottom=1.38, right=1.02, header=0.5, footer=0.6)
MARGINS_LANDSCAPE = dict(top=0.9, left=0.8, bottom=0.9, right=0.8, header=0.4, footer=0.4)


def export_xlsx(report: Report, path: Path) -> None:
    """Write the report as a workbook; SaveError/ExportError (Chinese) on failure, never a partial file."""
    wb = build_workbook(report)

    def writer(fh: BinaryIO) -> None:
        wb.save(fh)

    write_export(Path(path), writer, "Excel 文件")


def sheet_name(heading: str) -> str:
    bad = '[]:*?/\\'
    return "".join("_" if ch in bad else ch for ch in heading)[:31]


def build_workbook(report: Report) -> Any:
    """The openpyxl Workbook (not saved), for export and for tests."""
    from openpyxl import Workbook

    wb = Workbook()
    meta_ws = wb.active
    meta_ws.title = META_SHEET
    _meta_sheet(meta_ws, report)
    fmt = report.format
    for sec in fmt.sections:
        ws = wb.create_sheet(sheet_name(sec.heading))
        if sec.kind == "table" and sec.table:
            _table_sheet(ws, report, sec, fmt.table(sec.table))
        else:
            _text_sheet(ws, report, sec)
    props = wb.properties
    props.creator = "gkdesk"
    props.lastModifiedBy = "gkdesk"
    props.title = _safe(report.title, "报告标题")
    props.subject = "政府信息公开工作年度报告"
    props.keywords = layout_keywords(report.format_version)
    return wb


# --- cells -----------------------------------------------------------------------------------------------
def _style() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin", color="000000")
    return {
        "Font": Font, "Alignment": Alignment,
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
    }


def _font(spec: tuple[str, float], bold: bool = False) -> Any:
    from openpyxl.styles import Font

    return Font(name=spec[0], size=spec[1], bold=bold)


def _safe(text: str, where: str) -> str:
    text = printable(text)
    if len(text) > MAX_CELL_CHARS:
        raise ExportError(f"{where}的一段文字超过了 Excel 单元格的上限（32767 字），无法导出。请把它分成几段（按回车换行）后再导出。")
    return text


def _put_text(ws: Any, row: int, col: int, text: str, where: str) -> Any:
    """A string cell that is always text (never a formula, whatever it starts with)."""
    cell = ws.cell(row=row, column=col)
    cell.value = _safe(text, where)
    cell.data_type = "s"
    return cell


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _lines(text: str, width_units: float, font_size: float) -> int:
    """How many lines a wrapped text takes in a column of that width (an estimate good enough for row heights)."""
    cap = max(1.0, width_units * 11.0 / font_size - 1)
    return sum(max(1, math.ceil(_display_width(p) / cap)) for p in text.split("\n"))


def _height(lines: int, font_size: float) -> float:
    return min(409.0, lines * font_size * 1.45 + 6)


def _hide_key_column(ws: Any) -> None:
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["A"].width = 22


def _page_setup(ws: Any, landscape: bool = False, title_rows: str | None = None) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    for k, v in (MARGINS_LANDSCAPE if landscape else MARGINS_PORTRAIT).items():
        setattr(ws.page_margins, k, v)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "— &P —"
    ws.oddFooter.center.size = 12
    if title_rows:
        ws.print_title_rows = title_rows


# --- sheets ----------------------------------------------------------------------------------------------
def _meta_sheet(ws: Any, report: Report) -> None:
    from openpyxl.styles import Alignment

    _hide_key_column(ws)
    ws.column_dimensions["B"].width = 20
    ws.column_dimensions["C"].width = 64
    title = _put_text(ws, 1, 2, report.title, "报告标题")
    title.font = _font(FONT_TITLE, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=1, start_column=2, end_row=1, end_column=3)
    ws.row_dimensions[1].height = _height(_lines(report.title, 84, FONT_TITLE[1]), FONT_TITLE[1])
    m = report.meta
    try:
        level_label = report.format.level(m.level).label
    except KeyError:
        level_label = m.level
    rows: list[tuple[str, str, Any]] = [
        ("org_name", "机关全称", m.org_name),
        ("level", "机关级别", level_label),
        ("year", "报告年度", m.year or None),
        ("written_date", "成文日期", m.written_date),
        ("publish_date", "发布日期", m.publish_date),
        ("title", "报告标题", report.title),
        ("period", "统计期限", report.period_text),
        ("processing_fee_yuan", "信息处理费（元）", report.processing_fee_yuan),
        ("format_version", "报告格式", report.format_version),
    ]
    st = _style()
    for i, (key, label, value) in enumerate(rows):
        r = 2 + i
        _put_text(ws, r, 1, key, "")
        lab = _put_text(ws, r, 2, label, "")
        lab.font = _font(FONT_TABLE, bold=True)
        cell = ws.cell(row=r, column=3)
        if isinstance(value, str):
            _put_text(ws, r, 3, value, label)
        elif isinstance(value, date):
            cell.value = value
            cell.number_format = 'yyyy"年"m"月"d"日"'
        elif isinstance(value, Decimal):
            cell.value = value
            places = decimal_places(value)
            cell.number_format = "0." + "0" * places if places else "0"
        elif value is not None:
            cell.value = value
            cell.number_format = "0"
        cell.font = _font(FONT_TABLE)
        cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
        lab.alignment = Alignment(horizontal="left", vertical="center")
        for c in (lab, cell):
            c.border = st["border"]
        text = value if isinstance(value, str) else ""
        ws.row_dimensions[r].height = _height(_lines(text, 64, FONT_TABLE[1]), FONT_TABLE[1])
    _page_setup(ws)


def _text_rows(report: Report, sec: Section) -> list[tuple[str, str, str]]:
    """(key, kind, text) rows of a narrative sheet; kind is 'title' or 'text'."""
    if sec.field == "overview":
        out = []
        for item in overview_items(report):
            kind = "title" if item.key.endswith(".title") else "text"
            out.append((item.key, kind, item.where, item.text))
        return [(k, kind, t) for k, kind, _w, t in out]
    return [(sec.field or sec.key, "text", section_text(report, sec.field or ""))]


def _text_sheet(ws: Any, report: Report, sec: Section) -> None:
    from openpyxl.styles import Alignment

    _hide_key_column(ws)
    ws.column_dimensions["B"].width = TEXT_WIDTH
    head = _put_text(ws, 1, 2, sec.heading, "")
    head.font = _font(FONT_HEADING, bold=True)
    head.alignment = Alignment(vertical="center")
    ws.row_dimensions[1].height = 30
    r = 2
    for key, kind, text in _text_rows(report, sec):
        where = f"“{sec.heading}”"
        # TAB kept through paragraphs() as U+0000, so a U+0000 in the text itself is dropped first (not made a TAB)
        for para in paragraphs(printable(text).replace("\t", "\x00")) if text else [""]:
            para = para.replace("\x00", "\t")
            _put_text(ws, r, 1, key, "")
            cell = _put_text(ws, r, 2, para, where)
            size = FONT_SUBTITLE if kind == "title" else FONT_BODY
            cell.font = _font(size, bold=(kind == "title"))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[r].height = _height(_lines(para, TEXT_WIDTH, size[1]), size[1])
            r += 1
    _page_setup(ws)


def _number_cell(cell: Any, value: Any) -> None:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, Decimal)) and not number_in_range(Decimal(value)):
        value = str(value)  # no spreadsheet number holds it exactly: written as the text it is
    if isinstance(value, int):
        cell.value = value
        cell.number_format = "0"
    elif isinstance(value, Decimal):
        cell.value = value
        places = decimal_places(value)
        cell.number_format = "0." + "0" * places if places else "0"
    else:  # text kept from an import: print it as it is (validation names it)
        cell.value = printable(str(value))
        cell.data_type = "s"


def _table_sheet(ws: Any, report: Report, sec: Section, tdef: TableDef) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    lay = tdef.layout
    widths = TABLE_WIDTHS.get(tdef.key) or [DEFAULT_WIDTH] * lay.n_cols
    if len(widths) != lay.n_cols:
        widths = [DEFAULT_WIDTH] * lay.n_cols
    for i, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = w
    head = _put_text(ws, 1, 1, sec.heading, "")
    head.font = _font(FONT_HEADING, bold=True)
    head.alignment = Alignment(vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=lay.n_cols)
    ws.row_dimensions[1].height = 30
    st = _style()
    font = _font(FONT_TABLE)
    bold = _font(FONT_TABLE, bold=True)
    line_count: dict[int, int] = {}
    for gc in lay.cells:
        r, c = GRID_TOP + gc.row, 1 + gc.col
        cell = ws.cell(row=r, column=c)
        span_width = sum(widths[gc.col: gc.col + gc.colspan])
        if gc.ref is not None:
            _number_cell(cell, report.value(tdef.key, *gc.ref))
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.font = font
        else:
            text = gc.text or ""
            _put_text(ws, r, c, text, "")
            # the most specific row labels (ending at the last label column) read best left-aligned, as in the PDF
            left = not gc.header and lay.label_columns > 1 and gc.col + gc.colspan == lay.label_columns
            block_title = gc.colspan == lay.n_cols
            cell.font = bold if (block_title or gc.header) else font
            horizontal = "left" if left else "center"
            cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
            if gc.rowspan == 1:
                need = _lines(text, span_width, FONT_TABLE[1])
                line_count[r] = max(line_count.get(r, 1), need)
        cell.border = st["border"]
        # every cell of a merged area gets the border, so every reader draws the full grid
        for dr in range(gc.rowspan):
            for dc in range(gc.colspan):
                ws.cell(row=r + dr, column=c + dc).border = st["border"]
    for gc in lay.cells:
        if gc.rowspan > 1 or gc.colspan > 1:
            ws.merge_cells(start_row=GRID_TOP + gc.row, start_column=1 + gc.col,
                           end_row=GRID_TOP + gc.row + gc.rowspan - 1, end_column=1 + gc.col + gc.colspan - 1)
    for r in range(GRID_TOP, GRID_TOP + lay.n_rows):
        ws.row_dimensions[r].height = _height(line_count.get(r, 1), FONT_TABLE[1])
    landscape = lay.n_cols > 10
    title_rows = f"{GRID_TOP}:{GRID_TOP + lay.n_header_rows - 1}" if lay.n_header_rows else None
    _page_setup(ws, landscape=landscape, title_rows=title_rows)
