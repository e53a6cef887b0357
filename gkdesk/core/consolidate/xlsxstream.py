"""A small streaming .xlsx writer for the 汇总 summary: rows go straight into the zip as SpreadsheetML.

openpyxl builds a cell object for every value (about 20 µs a cell, even in write-only mode): a province's summary
(10,000 units, 40,000 issues, ~450,000 cells) took seconds. This writes each row as text (one format string per
shape of row) with a fixed set of styles, frozen header, auto filter, column widths, row heights and landscape
fit-to-width printing — what the summary uses, nothing more. Text is always written as text (shared strings: each
different text once, as Excel itself writes them), never as a formula.
"""

from __future__ import annotations

import contextlib
import operator
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

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
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS = f'xmlns="{_MAIN_NS}" ' \
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
#: value types ``Sheet.row`` writes through a row template (bool is not int here: it is written as 是/否)
_FAST_KINDS = frozenset({str, int, float, type(None)})
# characters XML 1.0 cannot carry (a pasted control character must not make the file unreadable)
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str, entities: dict[str, str] | None = None) -> str:
    """``xml.sax.saxutils.escape`` (without importing it: it imports urllib, ~0.1 s on a cold start)."""
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for k, v in (entities or {}).items():
        text = text.replace(k, v)
    return text


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
    return f"<si><t{space}>{value}</t></si>"


class _Strings(dict[str, str]):
    """The workbook's shared strings: text -> its index (as the text written in a cell), a new text added (as its
    XML) when first asked. A province's summary repeats the same messages, names and places thousands of times: each
    is written once."""

    def __init__(self) -> None:
        super().__init__()
        self.xml: list[str] = []

    def __missing__(self, value: str) -> str:
        i = self[value] = str(len(self.xml))
        self.xml.append(_text(value))
        return i


_FIELD = re.compile(r"\{(\d+)(:[^{}]*)?\}")
#: format string -> the function that fills it in
_COMPILED: dict[tuple[str, int], Callable[..., str]] = {}


def _compiled(template: str, fields: int) -> Callable[..., str]:
    """``template.format`` as a function of ``fields`` positional arguments, made of one f-string: ``str.format``
    reads its template again on every call, and the rows of a province's summary are tens of thousands (a row of
    the 问题清单 ~2.2 -> ~0.5 µs with the row number and the shared-string indexes given as text). The template is
    the writer's own (cell references, styles, field numbers): no text of a report goes into the code."""
    fn = _COMPILED.get((template, fields))
    if fn is None:
        body = _FIELD.sub(lambda m: "{a" + m.group(1) + (m.group(2) or "") + "}", template)
        if "{" in _FIELD.sub("", template) or "}" in _FIELD.sub("", template) or "\\" in body:
            raise ValueError(f"not a row template: {template!r}")
        args = ", ".join(f"a{i}" for i in range(fields))
        fn = _COMPILED[(template, fields)] = eval(f"lambda {args}: f{body!r}")  # noqa: S307 - see above
    return fn


class _Writer(threading.Thread):
    """Writes one chunk into the zip entry (compressing it) beside the thread making the rows; an error is kept
    for that thread to raise."""

    def __init__(self, out: IO[bytes], data: bytes) -> None:
        super().__init__(name="gkdesk-xlsx-writer", daemon=True)
        self.out, self.data = out, data
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.out.write(self.data)
        except BaseException as exc:  # noqa: BLE001 - raised again by the thread that waits for it
            self.error = exc


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
        self._writer: _Writer | None = None
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
        self._shapes: dict[tuple[Any, ...], tuple[str, Callable[[Sequence[Any]], Any] | None]] = {}

    def row(self, values: Iterable[Any], styles: Sequence[str] | str = "", height: float | None = None) -> None:
        """Append a row; ``styles`` one style name for every cell or one per cell; ``height`` in points."""
        self.rows += 1
        if type(values) is not list and type(values) is not tuple:
            values = list(values)
        n = len(values)
        if n > self.max_col:
            self.max_col = n
            while len(self.columns) < n:
                self.columns.append(column_letter(len(self.columns) + 1))
        if "" in values:  # an empty text is a blank cell
            values = [None if v == "" else v for v in values]
        kinds = tuple(map(type, values))
        if _FAST_KINDS.issuperset(kinds):
            # the usual row (text, whole numbers, blanks): one format string per shape of row
            shape = (kinds, styles if type(styles) is str else tuple(styles), height is not None)
            fast = self._shapes.get(shape)
            if fast is None:
                fast = self._shapes[shape] = self._shape(*shape)
            make, texts = fast
            if texts is None:
                self._buf.append(make(str(self.rows), height, *values))
            else:
                found = texts(values)
                index = self.book.strings.__getitem__
                self._buf.append(make(str(self.rows), height, *values, *map(index, found))
                                 if type(found) is tuple else make(str(self.rows), height, *values, index(found)))
        else:
            self._row(values, styles, height)
        if len(self._buf) >= 2048:
            self._flush()

    def template(self, kinds: tuple[type, ...], styles: tuple[str, ...] | str, height: bool) -> Callable[..., str]:
        """What ``row`` writes rows of this shape with (``_shape``): for a caller that writes many rows of a few
        shapes, ``add_formatted(make(str(sheet.rows + 1), height, *values, *text_indexes))`` with ``text_indexes``
        from ``book.strings`` in column order writes what ``row`` would."""
        shape = (kinds, styles, height)
        fast = self._shapes.get(shape)
        if fast is None:
            fast = self._shapes[shape] = self._shape(*shape)
        return fast[0]

    def add_formatted(self, xml: str) -> None:
        """Append a row made with ``template`` (numbered ``self.rows + 1``)."""
        self.rows += 1
        self._buf.append(xml)
        if len(self._buf) >= 2048:
            self._flush()

    def _shape(self, kinds: tuple[type, ...], styles: tuple[str, ...] | str,
               height: bool) -> tuple[Callable[..., str], Callable[[Sequence[Any]], Any] | None]:
        """What writes a row of this shape (``_compiled`` of its format string: {0} the row number as text, {1} the
        height, {2}… the values, then the texts' shared-string indexes), and what picks the texts out of the values
        (``operator.itemgetter``): the same XML as ``_row`` writes."""
        parts = ['<row r="{0}" ht="{1:g}" customHeight="1">' if height else '<row r="{0}">']
        text_at = [c for c, kind in enumerate(kinds) if kind is str]
        for c, kind in enumerate(kinds):
            st = _STYLE_ATTR[styles] if isinstance(styles, str) else _STYLE_ATTR[styles[c]] if c < len(styles) else ""
            ref = f'<c r="{self.columns[c]}{{0}}"{st}'
            if kind is str:
                parts.append(f'{ref} t="s"><v>{{{2 + len(kinds) + text_at.index(c)}}}</v></c>')
            elif kind is int or kind is float:
                parts.append(f"{ref}><v>{{{c + 2}}}</v></c>")
            elif st:  # a blank with a style
                parts.append(f"{ref}/>")
        parts.append("</row>")
        return (_compiled("".join(parts), 2 + len(kinds) + len(text_at)),
                operator.itemgetter(*text_at) if text_at else None)

    def _row(self, values: Sequence[Any], styles: Sequence[str] | str, height: float | None) -> None:
        """Any row, cell by cell."""
        r = self.rows
        cols = self.columns
        one = _STYLE_ATTR[styles] if isinstance(styles, str) else None
        strings = self.book.strings
        add = self._buf.append
        add(f'<row r="{r}" ht="{height:g}" customHeight="1">' if height else f'<row r="{r}">')
        for c, v in enumerate(values):
            st = one if one is not None else _STYLE_ATTR[styles[c]] if c < len(styles) else ""
            if v is None or v == "":
                if st:
                    add(f'<c r="{cols[c]}{r}"{st}/>')
            elif type(v) is str:
                add(f'<c r="{cols[c]}{r}"{st} t="s"><v>{strings[v]}</v></c>')
            elif type(v) is int or isinstance(v, float | Decimal) and not isinstance(v, bool):
                add(f'<c r="{cols[c]}{r}"{st}><v>{v}</v></c>')
            elif isinstance(v, bool):
                add(f'<c r="{cols[c]}{r}"{st} t="s"><v>{strings["是" if v else "否"]}</v></c>')
            else:
                add(f'<c r="{cols[c]}{r}"{st} t="s"><v>{strings[str(v)]}</v></c>')
        add("</row>")

    def _flush(self) -> None:
        """The buffered rows handed to the compressor thread (zlib lets go of the interpreter while it compresses,
        so the next rows are made meanwhile); one chunk at a time, in order."""
        data = "".join(self._buf).encode("utf-8")
        self._buf.clear()
        self._wait()
        self._writer = _Writer(self._out, data)
        self._writer.start()

    def _wait(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.join()
            if writer.error is not None:
                raise writer.error

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
        self._wait()
        self._out.close()


class StreamingWorkbook:
    """``with StreamingWorkbook(fh) as book: sheet = book.sheet(...); sheet.row(...)`` — one sheet at a time."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.zip = zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.sheets: list[Sheet] = []
        self.strings = _Strings()

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
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
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
              'relationships/styles" Target="styles.xml"/>'
            + f'<Relationship Id="rId{n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
        z.writestr("xl/styles.xml", STYLES)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_MAIN_NS}" '
                      f'uniqueCount="{len(self.strings.xml)}">'.encode())
            xml = self.strings.xml
            for i in range(0, len(xml), 4096):
                out.write("".join(xml[i:i + 4096]).encode("utf-8"))
            out.write(b"</sst>")
        z.close()

    def __enter__(self) -> StreamingWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            # the file is abandoned (the caller removes it): the error on its way out is the one that counts, not
            # one from closing what is left (e.g. the disk that was full still is)
            for sheet in self.sheets:  # no chunk still being written while the zip is closed
                if sheet._writer is not None:
                    sheet._writer.join()
            for close in ([self.sheets[-1]._out.close] if self.sheets else []) + [self.zip.close]:
                with contextlib.suppress(OSError, ValueError):
                    close()
