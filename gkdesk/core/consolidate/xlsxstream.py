"""A small streaming .xlsx writer for the 汇总 summary: rows go straight into the zip as SpreadsheetML.

openpyxl builds a cell object for every value (about 20 µs a cell, even in write-only mode): a province's summary
(10,000 units, 30,000 issues, ~400,000 cells) took seconds. This writes each row as text (~1 µs a cell) with a fixed
set of styles, frozen header, auto filter, column widths, row heights and landscape fit-to-width printing — what the
summary uses, nothing more. Text is always written as text (inline strings), never as a formula.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any
from xml.sax.saxutils import escape

#: style name -> index into cellXfs in STYLES below
STYLE = {"": 0, "header": 1, "wrap": 2, "top": 3, "error": 4, "warning": 5, "skipped": 6, "total": 7, "bold": 8}

_STYLE_ATTR = {name: (f' s="{i}"' if i else "") for name, i in STYLE.items()}
_FILLS = ("DDE6F0", "F8D7DA", "FFF3CD", "E2E3E5", "EDEDED")  # header, error, warning, skipped, total
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="宋体"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="宋体"/><family val="2"/></font></fonts>'
    '<fills count="7"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    + "".join(f'<fill><patternFill patternType="solid"><fgColor rgb="FF{c}"/><bgColor indexed="64"/></patternFill>'
              "</fill>" for c in _FILLS)
    + '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="9">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">'
    '<alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="3" borderId="0" xfId="0" applyFill="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="4" borderId="0" xfId="0" applyFill="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="5" borderId="0" xfId="0" applyFill="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="6" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
# characters XML 1.0 cannot carry (a pasted control character must not make the file unreadable)
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA."""
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _text(value: str) -> str:
    if not value.isprintable():
        value = _BAD_XML.sub("", value)
    value = escape(value)
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() or "\n" in value else ""
    return f"<is><t{space}>{value}</t></is>"


class Sheet:
    """One worksheet being written; rows must come in order, then ``close()`` (the workbook does it)."""

    def __init__(self, book: StreamingWorkbook, index: int, title: str, widths: Sequence[float],
                 header_rows: int, landscape: bool) -> None:
        self.book, self.index, self.title = book, index, title
        self.columns = [column_letter(c) for c in range(1, max(len(widths), 1) + 1)]
        self.rows = 0
        self.max_col = 0
        self.autofilter: str | None = None
        self._landscape = landscape
        self._out: IO[bytes] = book.zip.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True)
        pane = ('<pane ySplit="{0}" topLeftCell="A{1}" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A{1}" sqref="A{1}"/>'.format(header_rows, header_rows + 1)
                if header_rows else "")
        selected = ' tabSelected="1"' if index == 1 else ""
        cols = "".join(f'<col min="{i}" max="{i}" width="{w:.2f}" customWidth="1"/>'
                       for i, w in enumerate(widths, 1))
        self._buf: list[str] = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', f"<worksheet {_NS}>",
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
            f'<sheetViews><sheetView workbookViewId="0"{selected}>{pane}'
            "</sheetView></sheetViews>", '<sheetFormatPr defaultRowHeight="15"/>',
            f"<cols>{cols}</cols>" if cols else "", "<sheetData>"]
        self.print_titles = f"$1:${header_rows}" if header_rows else None

    def row(self, values: Iterable[Any], styles: Sequence[str] | str = "", height: float | None = None) -> None:
        """Append a row; ``styles`` one style name for every cell or one per cell; ``height`` in points."""
        self.rows += 1
        r = self.rows
        values = list(values)
        cols = self.columns
        while len(cols) < len(values):
            cols.append(column_letter(len(cols) + 1))
        if isinstance(styles, str):
            attrs = [_STYLE_ATTR[styles]] * len(values)
        else:
            attrs = [_STYLE_ATTR[styles[c]] if c < len(styles) else "" for c in range(len(values))]
        parts = [f'<row r="{r}" ht="{height:g}" customHeight="1">' if height else f'<row r="{r}">']
        add = parts.append
        for c, v in enumerate(values):
            st = attrs[c]
            if v is None or v == "":
                if st:
                    add(f'<c r="{cols[c]}{r}"{st}/>')
            elif type(v) is str:
                add(f'<c r="{cols[c]}{r}"{st} t="inlineStr">{_text(v)}</c>')
            elif type(v) is int or isinstance(v, (float, Decimal)) and not isinstance(v, bool):
                add(f'<c r="{cols[c]}{r}"{st}><v>{v}</v></c>')
            elif isinstance(v, bool):
                add(f'<c r="{cols[c]}{r}"{st} t="inlineStr">{_text("是" if v else "否")}</c>')
            else:
                add(f'<c r="{cols[c]}{r}"{st} t="inlineStr">{_text(str(v))}</c>')
        add("</row>")
        self.max_col = max(self.max_col, len(values))
        self._buf.append("".join(parts))
        if len(self._buf) >= 512:
            self._flush()

    def _flush(self) -> None:
        self._out.write("".join(self._buf).encode("utf-8"))
        self._buf.clear()

    def close(self) -> None:
        tail = ["</sheetData>"]
        if self.autofilter:
            tail.append(f'<autoFilter ref="{self.autofilter}"/>')
        tail.append('<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
        orient = "landscape" if self._landscape else "portrait"
        tail.append(f'<pageSetup paperSize="9" orientation="{orient}" fitToWidth="1" fitToHeight="0"/>')
        tail.append("</worksheet>")
        self._buf.extend(tail)
        self._flush()
        self._out.close()


class StreamingWorkbook:
    """``with StreamingWorkbook(fh) as book: sheet = book.sheet(...); sheet.row(...)`` — one sheet at a time."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.zip = zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.sheets: list[Sheet] = []

    def sheet(self, title: str, widths: Sequence[float] = (), *, header_rows: int = 1,
              landscape: bool = True) -> Sheet:
        if self.sheets:
            self.sheets[-1].close()
        sheet = Sheet(self, len(self.sheets) + 1, title, widths, header_rows, landscape)
        self.sheets.append(sheet)
        return sheet

    def close(self) -> None:
        if self.sheets:
            self.sheets[-1].close()
        n = len(self.sheets)
        z = self.zip
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                      'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                      for i in range(1, n + 1))
            + "</Types>"))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        names = []
        for s in self.sheets:
            quoted = "'" + s.title.replace("'", "''") + "'"
            if s.print_titles:
                names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{s.index - 1}">'
                             f"{escape(quoted)}!{s.print_titles}</definedName>")
            if s.autofilter:
                ref = ":".join("$" + re.sub(r"(\d+)", r"$\1", part) for part in s.autofilter.split(":"))
                names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{s.index - 1}" hidden="1">'
                             f"{escape(quoted)}!{ref}</definedName>")
        z.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {_NS}>'
            '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
            + "".join(f'<sheet name="{escape(s.title, {chr(34): "&quot;"})}" sheetId="{s.index}" r:id="rId{s.index}"/>'
                      for s in self.sheets)
            + "</sheets>" + (f"<definedNames>{''.join(names)}</definedNames>" if names else "") + "</workbook>"))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                      f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              'relationships/styles" Target="styles.xml"/></Relationships>'))
        z.writestr("xl/styles.xml", STYLES)
        z.close()

    def __enter__(self) -> StreamingWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self.zip.close()
