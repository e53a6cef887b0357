"""The report as an Excel workbook in the official layout (see docs/xlsx-layout.md: the contract with the importer).

Nothing is cut: a paragraph too long for one row (Excel caps a row at 409 pt) continues in the next rows at sentence
ends (key ``…+``). Columns are wide enough for 7-digit figures and for every short header label on one line. The
panes are frozen under the table headers; 黑体 and 楷体 are never set bold. Written by xlsx_writer (no openpyxl:
the cold export is a fraction of LibreOffice's time).
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from gkdesk.core.errors import ExportError
from gkdesk.core.exporters.common import (
    decimal_places,
    em_width,
    overview_items,
    paragraphs,
    printable,
    regex,
    section_text,
    write_export,
)
from gkdesk.core.exporters.xlsx_writer import Sheet, Style, Workbook
from gkdesk.core.format import Section, TableDef
from gkdesk.core.report import Report, level_label
from gkdesk.core.workbook_layout import GRID_TOP, META_SHEET
from gkdesk.core.workbook_layout import keywords as layout_keywords

MAX_CELL_CHARS = 32_767

#: column widths (Excel units = the width of a 宋体 digit; a hanzi is 2) per table. Every header label fits on one
#: line (社会公益组织, 法律服务机构) and every value column holds a 7-digit figure; 表三's first column is vertical.
TABLE_WIDTHS: dict[str, list[float]] = {
    "t2": [24, 17, 17, 17],
    "t3": [5, 17, 28, 10, 10, 10, 15, 15, 10, 10],
    "t4": [10] * 15,
}
DEFAULT_WIDTH = 12.0
TEXT_WIDTH = 80.0  # the text column of the narrative sheets
NUMBER_WIDTH = 9.0  # a 7-digit figure in 11 pt, with the cell's padding

FONT_TITLE = ("宋体", 16.0, True)
FONT_HEADING = ("黑体", 14.0, False)
FONT_SUBTITLE = ("楷体", 12.0, False)
FONT_BODY = ("仿宋", 12.0, False)
FONT_TABLE = ("宋体", 11.0, False)
FONT_TABLE_BOLD = ("宋体", 11.0, True)
FONT_BLOCK = ("黑体", 11.0, False)

MAX_ROW_PT = 409.0  # Excel's and LibreOffice's limit for one row
LINE_FACTOR = 1.4  # line height / font size when a cell wraps
MAX_LINES = 20  # lines of text in one row, well under MAX_ROW_PT at 12 pt

# page margins in inches, after GB/T 9704 (top 37 mm, left 28 mm, bottom 35 mm, right 26 mm)
MARGINS_PORTRAIT = dict(top=1.46, left=1.10, bottom=1.38, right=1.02, header=0.5, footer=0.6)
MARGINS_LANDSCAPE = dict(top=0.9, left=0.8, bottom=0.9, right=0.8, header=0.4, footer=0.4)
FOOTER = "&C&12— &P —"

BORDER = dict(border=True)
S_KEY = Style()
S_TITLE = Style(font=FONT_TITLE, horizontal="center", wrap=True)
S_HEADING = Style(font=FONT_HEADING)
S_LABEL = Style(font=FONT_TABLE_BOLD, horizontal="left", **BORDER)
S_VALUE = Style(font=FONT_TABLE, horizontal="left", wrap=True, **BORDER)
S_TEXT = Style(font=FONT_BODY, vertical="top", wrap=True)
S_SUBTITLE = Style(font=FONT_SUBTITLE, vertical="top", wrap=True)
S_CELL = Style(font=FONT_TABLE, horizontal="center", wrap=True, **BORDER)
S_CELL_LEFT = Style(font=FONT_TABLE, horizontal="left", wrap=True, **BORDER)
S_HEADER = Style(font=FONT_TABLE_BOLD, horizontal="center", wrap=True, **BORDER)
S_BLOCK = Style(font=FONT_BLOCK, horizontal="center", wrap=True, **BORDER)
S_VERTICAL = Style(font=FONT_TABLE_BOLD, horizontal="center", rotation=255, **BORDER)
DATE_FORMAT = 'yyyy"年"m"月"d"日"'


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
    """The workbook (not saved; ``.save(fh)`` writes it), for export and for tests."""
    wb = Workbook()
    _meta_sheet(wb.add(META_SHEET), report)
    fmt = report.format
    for sec in fmt.sections:
        ws = wb.add(sheet_name(sec.heading))
        if sec.kind == "table" and sec.table:
            _table_sheet(ws, report, sec, fmt.table(sec.table))
        else:
            _text_sheet(ws, report, sec)
    wb.props = {"creator": "gkdesk", "lastModifiedBy": "gkdesk", "title": _safe(report.title, "报告标题"),
                "subject": "政府信息公开工作年度报告", "keywords": layout_keywords(report.format_version)}
    return wb


# --- text and sizes --------------------------------------------------------------------------------------
def _safe(text: str, where: str) -> str:
    text = printable(text)
    if len(text) > MAX_CELL_CHARS:  # pragma: no cover - long paragraphs are split before this
        raise ExportError(f"{where}的一段文字超过了 Excel 单元格的上限（32767 字），无法导出。请把它分成几段（按回车换行）后再导出。")
    return text


def per_line(width: float, size: float) -> float:
    """How many em of ``size`` pt text one line of a column ``width`` units wide holds (a little under, for safety:
    a unit is a 宋体 digit of the 11 pt default font, 7 px; an em of 12 pt is 16 px)."""
    return max(1.0, (width * 7 - 8) / (size * 4 / 3) * 0.95)


def lines_needed(text: str, width: float, size: float) -> int:
    cap = per_line(width, size)
    return sum(max(1, math.ceil(em_width(p) / cap)) for p in text.split("\n"))


def row_height(lines: int, size: float) -> float:
    return min(MAX_ROW_PT, lines * size * LINE_FACTOR + 5)


_SENTENCE = r"(?<=[。！？；!?;…])"
_CLAUSE = r"(?<=[，、：,:])"


def row_chunks(para: str, width: float, size: float) -> list[str]:
    """A paragraph in pieces that each fit one row (at most MAX_LINES lines), cut after a sentence where one ends,
    else after a clause, else at the limit. Joined without a separator they give the paragraph back exactly."""
    cap = per_line(width, size) * MAX_LINES * 0.9  # lines do not end exactly at the edge
    if em_width(para) <= cap:
        return [para]
    out: list[str] = []
    cur = ""
    for piece in _pieces(para, cap):
        if cur and em_width(cur + piece) > cap:
            out.append(cur)
            cur = piece
        else:
            cur += piece
    if cur:
        out.append(cur)
    return out


def _pieces(text: str, cap: float) -> list[str]:
    out: list[str] = []
    for sentence in regex(_SENTENCE).split(text):
        if em_width(sentence) <= cap:
            out.append(sentence)
            continue
        for clause in regex(_CLAUSE).split(sentence):
            while em_width(clause) > cap:
                n = int(cap)  # at most cap em: a character is at most 1 em
                out.append(clause[:n])
                clause = clause[n:]
            out.append(clause)
    return [p for p in out if p]


def _page_setup(ws: Sheet, landscape: bool = False) -> None:
    ws.landscape = landscape
    ws.margins = MARGINS_LANDSCAPE if landscape else MARGINS_PORTRAIT
    ws.footer = FOOTER


def number_in_range(d: Decimal) -> bool:
    from gkdesk.core.limits import number_in_range as in_range  # when a number is written, not at import

    return in_range(d)


def _number_style(value: Decimal | int, base: Style) -> Style:
    places = decimal_places(value) if isinstance(value, Decimal) else 0
    return base.replace(numfmt="0." + "0" * places if places else "0")


# --- sheets ----------------------------------------------------------------------------------------------
def _meta_sheet(ws: Sheet, report: Report) -> None:
    ws.hidden_cols.add(1)
    ws.widths.update({1: 22, 2: 20, 3: 64})
    ws.text(1, 2, _safe(report.title, "报告标题"), S_TITLE)
    ws.blank(1, 3, S_TITLE)
    ws.merges.append((1, 2, 1, 3))
    ws.heights[1] = row_height(lines_needed(report.title, 84, FONT_TITLE[1]), FONT_TITLE[1])
    rows: list[tuple[str, str, Any]] = _meta_rows(report)
    for i, (key, label, value) in enumerate(rows):
        r = 2 + i
        ws.text(r, 1, key, S_KEY)
        ws.text(r, 2, label, S_LABEL)
        if isinstance(value, str):
            ws.text(r, 3, _safe(value, label), S_VALUE)
        elif isinstance(value, date):
            ws.date(r, 3, value, S_VALUE.replace(numfmt=DATE_FORMAT))
        elif isinstance(value, (int, Decimal)) and not isinstance(value, bool) and number_in_range(Decimal(value)):
            ws.number(r, 3, value, _number_style(value, S_VALUE))
        elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            ws.text(r, 3, str(value), S_VALUE)  # no spreadsheet number holds it exactly: written as the text it is
        else:
            ws.blank(r, 3, S_VALUE)
        text = value if isinstance(value, str) else ""
        ws.heights[r] = row_height(lines_needed(text, 64, FONT_TABLE[1]), FONT_TABLE[1])
    _page_setup(ws)


def _meta_rows(report: Report) -> list[tuple[str, str, Any]]:
    """(key, label, value) of 基本信息: the format's meta fields (what the field registry reads) in their order and
    with their labels, then the period sentence, the 信息处理费 and the format version (docs/xlsx-layout.md).
    Read straight from the format: importing the registry would cost the cold export more than the export."""
    fmt = report.format
    rows: list[tuple[str, str, Any]] = []
    for m in fmt.meta_fields:
        value: Any = getattr(report.meta, m.attribute) if m.attribute else report.meta.extra.get(m.key)
        if m.type == "title":
            value = report.title  # as printed; an override only when it differs from the derived title
        elif m.type == "level":
            value = level_label(fmt, str(value or ""))  # 未确定 reads back as undetermined
        elif m.type == "year" and not value:
            value = None
        rows.append((m.key, m.label, value))
    fee_label = fmt.fee.label if fmt.fee else "信息处理费（元）"
    return rows + [("period", "统计期限", report.period_text),
                   ("processing_fee_yuan", fee_label, report.processing_fee_yuan),
                   ("format_version", "报告格式", report.format_version)]


def _text_rows(report: Report, sec: Section) -> list[tuple[str, str, str]]:
    """(key, kind, text) rows of a narrative sheet; kind is 'title' or 'text'."""
    if sec.field == "overview":
        return [(item.key, "title" if item.key.endswith(".title") else "text", item.text)
                for item in overview_items(report)]
    return [(sec.field or sec.key, "text", section_text(report, sec.field or ""))]


def _text_sheet(ws: Sheet, report: Report, sec: Section) -> None:
    ws.hidden_cols.add(1)
    ws.widths.update({1: 22, 2: TEXT_WIDTH})
    ws.text(1, 2, sec.heading, S_HEADING)
    ws.heights[1] = 30
    ws.freeze = (1, 0)
    r = 2
    for key, kind, text in _text_rows(report, sec):
        style = S_SUBTITLE if kind == "title" else S_TEXT
        size = style.font[1]
        # TAB kept through paragraphs() as U+0000, so a U+0000 in the text itself is dropped first (not made a TAB)
        for para in paragraphs(printable(text).replace("\t", "\x00")) if text else [""]:
            para = para.replace("\x00", "\t")
            # a paragraph too long for one row continues in the next rows, keyed "<key>+" (joined without "\n")
            for i, chunk in enumerate(row_chunks(para, TEXT_WIDTH, size) if para else [""]):
                ws.text(r, 1, key if i == 0 else key + "+", S_KEY)
                ws.text(r, 2, chunk, style)
                ws.heights[r] = row_height(lines_needed(chunk, TEXT_WIDTH, size), size)
                r += 1
    _page_setup(ws)


def _table_sheet(ws: Sheet, report: Report, sec: Section, tdef: TableDef) -> None:
    lay = tdef.layout
    widths = TABLE_WIDTHS.get(tdef.key) or [DEFAULT_WIDTH] * lay.n_cols
    if len(widths) != lay.n_cols:
        widths = [DEFAULT_WIDTH] * lay.n_cols
    ws.widths.update({i + 1: w for i, w in enumerate(widths)})
    ws.text(1, 1, sec.heading, S_HEADING)
    ws.merges.append((1, 1, 1, lay.n_cols))
    ws.heights[1] = 30
    size = FONT_TABLE[1]
    line_count: dict[int, int] = {}
    for gc in lay.cells:
        r, c = GRID_TOP + gc.row, 1 + gc.col
        span_width = sum(widths[gc.col: gc.col + gc.colspan])
        style = S_CELL
        if gc.ref is not None:
            value = report.value(tdef.key, *gc.ref)
            if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and number_in_range(Decimal(value)):
                style = _number_style(value, S_CELL)
                ws.number(r, c, value, style)
            elif value is not None:  # text kept from an import, or a number no spreadsheet holds exactly: as text
                ws.text(r, c, printable(str(value)), S_CELL)
        else:
            text = gc.text or ""
            vertical = gc.rowspan > 4 and gc.col == 0 and lay.label_columns > 2  # 三、本年度办理结果
            # the most specific row labels (ending at the last label column) read best left-aligned, as in the PDF
            left = not gc.header and lay.label_columns > 1 and gc.col + gc.colspan == lay.label_columns
            if vertical:
                style = S_VERTICAL
            elif gc.colspan == lay.n_cols:
                style = S_BLOCK  # 第二十条第（一）项, in 黑体 (not bold) like the PDF
            elif gc.header:
                style = S_HEADER
            elif left:
                style = S_CELL_LEFT
            ws.text(r, c, text, style)
            if gc.rowspan == 1:
                line_count[r] = max(line_count.get(r, 1), lines_needed(text, span_width, size))
        # every cell of a merged area gets the border, so every reader draws the full grid
        for dr in range(gc.rowspan):
            for dc in range(gc.colspan):
                ws.blank(r + dr, c + dc, style)
        if gc.rowspan > 1 or gc.colspan > 1:
            ws.merges.append((r, c, r + gc.rowspan - 1, c + gc.colspan - 1))
    for r in range(GRID_TOP, GRID_TOP + lay.n_rows):
        ws.heights[r] = row_height(line_count.get(r, 1), size)
    header_end = GRID_TOP + lay.n_header_rows - 1
    ws.freeze = (header_end if lay.n_header_rows else 1, lay.label_columns if lay.n_header_rows else 0)
    if lay.n_header_rows:
        ws.print_rows = (GRID_TOP, header_end)
    _page_setup(ws, landscape=lay.n_cols > 10)
