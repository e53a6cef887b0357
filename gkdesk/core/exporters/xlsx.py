"""The report as an Excel workbook in the official layout (see docs/xlsx-layout.md: the contract with the importer).

Nothing is cut: a paragraph too long for one row (Excel caps a row at 409 pt) continues in the next rows at sentence
ends (key ``…+``). Columns are wide enough for 7-digit figures and for every short header label on one line. The
panes are frozen under the table headers; 黑体 and 楷体 are never set bold. Written with XlsxWriter (no openpyxl:
XlsxWriter imports in a few tens of milliseconds, so a cold export is a fraction of LibreOffice's time). Every user
string goes through ``write_string`` (never a formula, whatever it starts with), numbers through ``write_number``.
"""

from __future__ import annotations

import io
import math
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import xlsxwriter

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
from gkdesk.core.format import Section, TableDef
from gkdesk.core.report import Report, level_label
from gkdesk.core.workbook_layout import GRID_TOP, META_SHEET
from gkdesk.core.workbook_layout import keywords as layout_keywords

MAX_CELL_CHARS = 32_767

#: column widths (Excel units = the width of a 宋体 digit; a hanzi is 2) per table. Every header label fits on one
#: line (社会公益组织, 法律服务机构) and every value column holds a 7-digit figure; 表三's first column is vertical.
TABLE_WIDTHS: dict[str, list[float]] = {"t2": [24, 17, 17, 17], "t3": [5, 17, 28, 10, 10, 10, 15, 15, 10, 10],
                                         "t4": [10] * 15}
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

#: a cell style = XlsxWriter format properties (one format per distinct style); 宋体/黑体/楷体 carry the GB2312
#: charset (134) as WPS and Excel expect, vertical centring unless said otherwise, thin black borders in tables
Style = dict[str, Any]


def cell_style(font: tuple[str, float, bool], border: bool = False, **align: Any) -> Style:
    props: Style = {"font_name": font[0], "font_size": font[1], "bold": font[2], "font_charset": 134,
                    "font_scheme": "none", "valign": "vcenter", **align}  # "none": the named font, not the theme's
    if border:
        props.update(border=1, border_color="#000000")
    return props


S_KEY = cell_style(FONT_TABLE)
S_TITLE = cell_style(FONT_TITLE, align="center", text_wrap=True)
S_HEADING = cell_style(FONT_HEADING)
S_LABEL = cell_style(FONT_TABLE_BOLD, align="left", border=True)
S_VALUE = cell_style(FONT_TABLE, align="left", text_wrap=True, border=True)
S_TEXT = cell_style(FONT_BODY, valign="top", text_wrap=True)
S_SUBTITLE = cell_style(FONT_SUBTITLE, valign="top", text_wrap=True)
S_CELL = cell_style(FONT_TABLE, align="center", text_wrap=True, border=True)
S_CELL_LEFT = cell_style(FONT_TABLE, align="left", text_wrap=True, border=True)
S_HEADER = cell_style(FONT_TABLE_BOLD, align="center", text_wrap=True, border=True)
S_BLOCK = cell_style(FONT_BLOCK, align="center", text_wrap=True, border=True)
S_VERTICAL = cell_style(FONT_TABLE_BOLD, align="center", rotation=270, border=True)  # 270: characters stacked
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
EPOCH = date(1899, 12, 30)  # a date is written as its day number from here (what Excel and LibreOffice count)


class Workbook:
    """The XlsxWriter workbook, in memory (no temporary files), with one format per distinct style;
    ``save(fh)`` closes it and writes the bytes."""

    def __init__(self) -> None:
        self._buf = io.BytesIO()
        self.book = xlsxwriter.Workbook(self._buf, {
            "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            # the default font is 宋体 11 pt: the unit of the column widths is its digit (7 px)
            "default_format_properties": {"font_name": FONT_TABLE[0], "font_size": FONT_TABLE[1]}})
        self._formats: dict[tuple, Any] = {}

    def fmt(self, st: Style) -> Any:
        key = tuple(sorted(st.items()))
        return self._formats.get(key) or self._formats.setdefault(key, self.book.add_format(st))

    def add(self, name: str) -> Sheet:
        return Sheet(self, self.book.add_worksheet(name))

    def save(self, fh: BinaryIO) -> None:
        self.book.close()
        fh.write(self._buf.getvalue())


class Sheet:
    """One worksheet, addressed from 1 like the layout (docs/xlsx-layout.md); a blank never covers a written cell."""

    def __init__(self, wb: Workbook, ws: Any) -> None:
        self.wb, self.ws = wb, ws
        self.written: set[tuple[int, int]] = set()

    def text(self, row: int, col: int, value: str, st: Style) -> None:
        self.written.add((row, col))
        if value.startswith("<r>") and value.endswith("</r>"):
            # XlsxWriter takes such a string for ready-made rich-text XML (it would be written unescaped, a malformed
            # file): written as two runs in the cell's font instead, still one string cell with exactly this text
            f = self.wb.fmt(st)
            rc = self.ws.write_rich_string(row - 1, col - 1, value[:3], f, value[3:], f)
        else:
            rc = self.ws.write_string(row - 1, col - 1, value, self.wb.fmt(st))
        if rc:  # -1: past the last row or column, -2: longer than a cell holds (XlsxWriter would cut it)
            raise ExportError(f"第 {row} 行的文字超出了 Excel 工作表或单元格的上限，无法完整导出。请把过长的内容分成几段后再导出。")

    def number(self, row: int, col: int, value: int | Decimal, st: Style) -> None:
        self.written.add((row, col))
        self.ws.write_number(row - 1, col - 1, value, self.wb.fmt(st))  # a Decimal: its 16 first digits, exactly

    def blank(self, row: int, col: int, st: Style) -> None:
        if (row, col) not in self.written:
            self.written.add((row, col))
            self.ws.write_blank(row - 1, col - 1, None, self.wb.fmt(st))

    def merge(self, r1: int, c1: int, r2: int, c2: int, st: Style) -> None:
        """Merge before writing the first cell (XlsxWriter blanks the whole area with the style)."""
        self.ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, "", self.wb.fmt(st))
        self.written.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1))

    def widths(self, widths: dict[int, float], hidden: tuple[int, ...] = ()) -> None:
        for c, w in widths.items():  # in pixels: a unit is 7 px, so the file says exactly ``w``
            self.ws.set_column_pixels(c - 1, c - 1, round(w * 7), None, {"hidden": c in hidden})

    def height(self, row: int, points: float) -> None:
        self.ws.set_row(row - 1, points)  # kept in whole pixels (0.75 pt): 409 pt becomes 408.75


def export_xlsx(report: Report, path: Path) -> None:
    """Write the report as a workbook; SaveError/ExportError (Chinese) on failure, never a partial file."""
    write_export(Path(path), build_workbook(report).save, "Excel 文件")


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
    wb.book.set_properties({"author": "gkdesk", "title": _safe(report.title, "报告标题"),  # also lastModifiedBy
                            "subject": "政府信息公开工作年度报告", "keywords": layout_keywords(report.format_version)})
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
    """A4, one page wide (as many tall as needed), centred, page numbers in the footer."""
    m = MARGINS_LANDSCAPE if landscape else MARGINS_PORTRAIT
    w = ws.ws
    w.set_paper(9)
    w.set_landscape() if landscape else w.set_portrait()
    w.fit_to_pages(1, 0)
    w.center_horizontally()
    w.set_margins(left=m["left"], right=m["right"], top=m["top"], bottom=m["bottom"])
    w.set_header("", {"margin": m["header"]})
    w.set_footer(FOOTER, {"margin": m["footer"]})


def number_in_range(d: Decimal) -> bool:
    from gkdesk.core.limits import number_in_range as in_range  # when a number is written, not at import

    return in_range(d)


def _number_style(value: Decimal | int, base: Style) -> Style:
    places = decimal_places(value) if isinstance(value, Decimal) else 0
    return {**base, "num_format": "0." + "0" * places if places else "0"}


# --- sheets ----------------------------------------------------------------------------------------------
def _meta_sheet(ws: Sheet, report: Report) -> None:
    ws.widths({1: 22, 2: 20, 3: 64}, hidden=(1,))
    ws.merge(1, 2, 1, 3, S_TITLE)
    ws.text(1, 2, _safe(report.title, "报告标题"), S_TITLE)
    ws.height(1, row_height(lines_needed(report.title, 84, FONT_TITLE[1]), FONT_TITLE[1]))
    rows: list[tuple[str, str, Any]] = _meta_rows(report)
    for i, (key, label, value) in enumerate(rows):
        r = 2 + i
        ws.text(r, 1, key, S_KEY)
        ws.text(r, 2, label, S_LABEL)
        if isinstance(value, str):
            ws.text(r, 3, _safe(value, label), S_VALUE)
        elif isinstance(value, date):
            ws.number(r, 3, (value - EPOCH).days, {**S_VALUE, "num_format": DATE_FORMAT})
        elif isinstance(value, (int, Decimal)) and not isinstance(value, bool) and number_in_range(Decimal(value)):
            ws.number(r, 3, value, _number_style(value, S_VALUE))
        elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            ws.text(r, 3, str(value), S_VALUE)  # no spreadsheet number holds it exactly: written as the text it is
        else:
            ws.blank(r, 3, S_VALUE)
        text = value if isinstance(value, str) else ""
        ws.height(r, row_height(lines_needed(text, 64, FONT_TABLE[1]), FONT_TABLE[1]))
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
    ws.widths({1: 22, 2: TEXT_WIDTH}, hidden=(1,))
    ws.text(1, 2, sec.heading, S_HEADING)
    ws.height(1, 30)
    ws.ws.freeze_panes(1, 0)
    r = 2
    for key, kind, text in _text_rows(report, sec):
        style = S_SUBTITLE if kind == "title" else S_TEXT
        size = style["font_size"]
        # TAB kept through paragraphs() as U+0000, so a U+0000 in the text itself is dropped first (not made a TAB)
        for para in paragraphs(printable(text).replace("\t", "\x00")) if text else [""]:
            para = para.replace("\x00", "\t")
            # a paragraph too long for one row continues in the next rows, keyed "<key>+" (joined without "\n")
            for i, chunk in enumerate(row_chunks(para, TEXT_WIDTH, size) if para else [""]):
                ws.text(r, 1, key if i == 0 else key + "+", S_KEY)
                ws.text(r, 2, chunk, style)
                ws.height(r, row_height(lines_needed(chunk, TEXT_WIDTH, size), size))
                r += 1
    _page_setup(ws)


def _table_sheet(ws: Sheet, report: Report, sec: Section, tdef: TableDef) -> None:
    lay = tdef.layout
    widths = TABLE_WIDTHS.get(tdef.key) or [DEFAULT_WIDTH] * lay.n_cols
    if len(widths) != lay.n_cols:
        widths = [DEFAULT_WIDTH] * lay.n_cols
    ws.widths({i + 1: w for i, w in enumerate(widths)})
    ws.merge(1, 1, 1, lay.n_cols, S_HEADING)
    ws.text(1, 1, sec.heading, S_HEADING)
    ws.height(1, 30)
    size = FONT_TABLE[1]
    line_count: dict[int, int] = {}
    for gc in lay.cells:
        r, c = GRID_TOP + gc.row, 1 + gc.col
        span_width = sum(widths[gc.col: gc.col + gc.colspan])
        style, write = S_CELL, None
        if gc.ref is not None:
            value = report.value(tdef.key, *gc.ref)
            if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and number_in_range(Decimal(value)):
                style = _number_style(value, S_CELL)
                write = ws.number
            elif value is not None:  # text kept from an import, or a number no spreadsheet holds exactly: as text
                value, write = printable(str(value)), ws.text
        else:
            value = text = gc.text or ""
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
            write = ws.text
            if gc.rowspan == 1:
                line_count[r] = max(line_count.get(r, 1), lines_needed(text, span_width, size))
        # every cell of a merged area gets the border, so every reader draws the full grid
        if gc.rowspan > 1 or gc.colspan > 1:
            ws.merge(r, c, r + gc.rowspan - 1, c + gc.colspan - 1, style)
        if write is not None:
            write(r, c, value, style)
        ws.blank(r, c, style)
    for r in range(GRID_TOP, GRID_TOP + lay.n_rows):
        ws.height(r, row_height(line_count.get(r, 1), size))
    header_end = GRID_TOP + lay.n_header_rows - 1
    ws.ws.freeze_panes(header_end if lay.n_header_rows else 1, lay.label_columns if lay.n_header_rows else 0)
    if lay.n_header_rows:
        ws.ws.repeat_rows(GRID_TOP - 1, header_end - 1)  # the header rows on every printed page
    _page_setup(ws, landscape=lay.n_cols > 10)
