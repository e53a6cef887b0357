"""A small writer of .xlsx files (SpreadsheetML in a zip), for the Excel export.

openpyxl takes about half a second to import; the export is a few hundred cells with a dozen styles, so it writes the
XML itself and opens in Excel, WPS, LibreOffice and openpyxl alike. Every string goes into the shared string table
(a string cell is never a formula, whatever it starts with).
"""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal
from typing import BinaryIO

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EPOCH = date(1899, 12, 30)


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def col_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def ref(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


class Style:
    """A cell format: font (name, size, bold), border, alignment, number format code ("" = General).

    Compared and hashed by value (one xf per distinct style). Plain classes, not dataclasses: their creation at
    import is a measurable part of a cold export."""

    __slots__ = ("font", "border", "horizontal", "vertical", "wrap", "rotation", "numfmt", "_key")

    def __init__(self, font: tuple[str, float, bool] = ("宋体", 11.0, False), border: bool = False,
                 horizontal: str = "", vertical: str = "center", wrap: bool = False, rotation: int = 0,
                 numfmt: str = "") -> None:
        self.font, self.border, self.horizontal, self.vertical = font, border, horizontal, vertical
        self.wrap, self.rotation, self.numfmt = wrap, rotation, numfmt  # rotation 255: characters stacked
        self._key = (font, border, horizontal, vertical, wrap, rotation, numfmt)

    def __hash__(self) -> int:
        return hash(self._key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Style) and self._key == other._key

    def replace(self, **changes: object) -> Style:
        fields = dict(zip(("font", "border", "horizontal", "vertical", "wrap", "rotation", "numfmt"), self._key,
                          strict=True))
        return Style(**{**fields, **changes})  # type: ignore[arg-type]


class Sheet:
    def __init__(self, name: str) -> None:
        self.name = name
        self.cells: dict[tuple[int, int], tuple[str, object, Style]] = {}
        self.widths: dict[int, float] = {}
        self.hidden_cols: set[int] = set()
        self.heights: dict[int, float] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.freeze: tuple[int, int] | None = None  # (rows, columns) kept in view above/left
        self.landscape = False
        self.margins: dict[str, float] = {}  # inches
        self.footer = ""
        self.print_rows: tuple[int, int] | None = None  # rows repeated at the top of each printed page

    def text(self, row: int, col: int, value: str, style: Style | None = None) -> None:
        self.cells[(row, col)] = ("s", value, style or Style())

    def number(self, row: int, col: int, value: int | Decimal, style: Style | None = None) -> None:
        self.cells[(row, col)] = ("n", value, style or Style())

    def date(self, row: int, col: int, value: date, style: Style) -> None:
        self.cells[(row, col)] = ("n", (value - EPOCH).days, style)

    def blank(self, row: int, col: int, style: Style) -> None:
        self.cells.setdefault((row, col), ("", None, style))


class Workbook:
    def __init__(self) -> None:
        self.sheets: list[Sheet] = []
        self.props: dict[str, str] = {}
        self._strings: dict[str, int] = {}
        self._fonts: dict[tuple[str, float, bool], int] = {}
        self._numfmts: dict[str, int] = {}
        self._xfs: dict[Style, int] = {}

    def add(self, name: str) -> Sheet:
        sheet = Sheet(name)
        self.sheets.append(sheet)
        return sheet

    # --- parts ----------------------------------------------------------------------------------------
    def _string(self, s: str) -> int:
        if s not in self._strings:
            self._strings[s] = len(self._strings)
        return self._strings[s]

    def _xf(self, st: Style) -> int:
        if st not in self._xfs:
            if st.font not in self._fonts:
                self._fonts[st.font] = len(self._fonts)
            if st.numfmt and st.numfmt not in self._numfmts and st.numfmt != "0":
                self._numfmts[st.numfmt] = 164 + len(self._numfmts)
            self._xfs[st] = len(self._xfs)
        return self._xfs[st]

    def _sheet_xml(self, sh: Sheet, first: bool) -> str:
        out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS} {NS_R}>',
               '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>']
        selected = ' tabSelected="1"' if first else ""
        view = f'<sheetView workbookViewId="0"{selected}>'
        if sh.freeze and any(sh.freeze):
            rows, cols = sh.freeze
            pane = "bottomRight" if rows and cols else ("bottomLeft" if rows else "topRight")
            split = (f' xSplit="{cols}"' if cols else "") + (f' ySplit="{rows}"' if rows else "")
            top = ref(rows + 1, cols + 1)
            view += (f'<pane{split} topLeftCell="{top}" activePane="{pane}" state="frozen"/>'
                     f'<selection pane="{pane}" activeCell="{top}" sqref="{top}"/>')
        out.append(f"<sheetViews>{view}</sheetView></sheetViews>")
        out.append('<sheetFormatPr defaultRowHeight="15"/>')
        if sh.widths or sh.hidden_cols:
            cols_xml = []
            for c in sorted(set(sh.widths) | sh.hidden_cols):
                hidden = ' hidden="1"' if c in sh.hidden_cols else ""
                cols_xml.append(f'<col min="{c}" max="{c}" width="{sh.widths.get(c, 9.0):g}" customWidth="1"{hidden}/>')
            out.append("<cols>" + "".join(cols_xml) + "</cols>")
        out.append("<sheetData>")
        by_row: dict[int, list[int]] = {}
        for r, c in sh.cells:
            by_row.setdefault(r, []).append(c)
        for r in sorted(set(by_row) | set(sh.heights)):
            ht = f' ht="{sh.heights[r]:.2f}" customHeight="1"' if r in sh.heights else ""
            cells = []
            for c in sorted(by_row.get(r, ())):
                kind, value, st = sh.cells[(r, c)]
                s = self._xf(st)
                if kind == "s":
                    cells.append(f'<c r="{ref(r, c)}" s="{s}" t="s"><v>{self._string(str(value))}</v></c>')
                elif kind == "n":
                    v = format(value, "f") if isinstance(value, Decimal) else str(value)
                    cells.append(f'<c r="{ref(r, c)}" s="{s}"><v>{v}</v></c>')
                else:
                    cells.append(f'<c r="{ref(r, c)}" s="{s}"/>')
            out.append(f'<row r="{r}"{ht}>' + "".join(cells) + "</row>")
        out.append("</sheetData>")
        if sh.merges:
            out.append(f'<mergeCells count="{len(sh.merges)}">' + "".join(
                f'<mergeCell ref="{ref(r1, c1)}:{ref(r2, c2)}"/>' for r1, c1, r2, c2 in sh.merges) + "</mergeCells>")
        out.append('<printOptions horizontalCentered="1"/>')
        m = {"left": 0.7, "right": 0.7, "top": 0.75, "bottom": 0.75, "header": 0.3, "footer": 0.3, **sh.margins}
        out.append("<pageMargins " + " ".join(f'{k}="{m[k]:g}"' for k in
                                             ("left", "right", "top", "bottom", "header", "footer")) + "/>")
        orient = "landscape" if sh.landscape else "portrait"
        out.append(f'<pageSetup paperSize="9" orientation="{orient}" fitToWidth="1" fitToHeight="0"/>')
        if sh.footer:
            out.append(f"<headerFooter><oddFooter>{esc(sh.footer)}</oddFooter></headerFooter>")
        out.append("</worksheet>")
        return "".join(out)

    def _styles_xml(self) -> str:
        fonts = "".join(
            f'<font>{"<b/>" if bold else ""}<sz val="{size:g}"/><name val="{esc(name)}"/><charset val="134"/></font>'
            for (name, size, bold) in self._fonts)
        numfmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{esc(code)}"/>' for code, i in self._numfmts.items())
        xfs = []
        for st in self._xfs:
            num = 0 if not st.numfmt else (1 if st.numfmt == "0" else self._numfmts[st.numfmt])
            align = "".join(f' {k}="{v}"' for k, v in (("horizontal", st.horizontal), ("vertical", st.vertical),
                                                       ("wrapText", "1" if st.wrap else ""),
                                                       ("textRotation", str(st.rotation) if st.rotation else ""))
                            if v)
            xfs.append(f'<xf numFmtId="{num}" fontId="{self._fonts[st.font]}" fillId="0" borderId="{int(st.border)}" '
                       f'xfId="0" applyFont="1" applyBorder="1" applyAlignment="1" applyNumberFormat="1">'
                       f"<alignment{align}/></xf>")
        thin = '<{0} style="thin"><color rgb="FF000000"/></{0}>'
        border = "<border>" + "".join(thin.format(s) for s in ("left", "right", "top", "bottom")) + "<diagonal/></border>"
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet {NS}>'
                f'<numFmts count="{len(self._numfmts)}">{numfmts}</numFmts>'
                f'<fonts count="{len(self._fonts)}">{fonts}</fonts>'
                '<fills count="2"><fill><patternFill patternType="none"/></fill>'
                '<fill><patternFill patternType="gray125"/></fill></fills>'
                f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>{border}</borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                "</styleSheet>")

    def parts(self) -> dict[str, str]:
        """Every part of the package, name -> XML text."""
        self._xf(Style())  # xf 0 and font 0: the workbook's default (its width unit is 宋体's digit)
        sheets = {f"xl/worksheets/sheet{i}.xml": self._sheet_xml(sh, i == 1) for i, sh in enumerate(self.sheets, 1)}
        n = len(self.sheets)
        strings = "".join(f'<si><t xml:space="preserve">{esc(s)}</t></si>' for s in self._strings)
        names = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">\'{esc(sh.name)}\'!'
            f"${sh.print_rows[0]}:${sh.print_rows[1]}</definedName>"
            for i, sh in enumerate(self.sheets) if sh.print_rows)
        p = self.props
        return {
            "[Content_Types].xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'spreadsheetml.sheet.main+xml"/>' + "".join(
                    f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1)) +
                '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'spreadsheetml.styles+xml"/>'
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.sharedStrings+xml"/>'
                '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
                'core-properties+xml"/>'
                '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'extended-properties+xml"/></Types>'),
            "_rels/.rels": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
                'metadata/core-properties" Target="docProps/core.xml"/>'
                f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
                "</Relationships>"),
            "docProps/core.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
                'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/">' + "".join(
                    f"<{tag}>{esc(p[key])}</{tag}>" for key, tag in (
                        ("title", "dc:title"), ("subject", "dc:subject"), ("creator", "dc:creator"),
                        ("keywords", "cp:keywords"), ("lastModifiedBy", "cp:lastModifiedBy")) if p.get(key)) +
                "</cp:coreProperties>"),
            "docProps/app.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.'
                'openxmlformats.org/officeDocument/2006/extended-properties"><Application>gkdesk</Application>'
                "</Properties>"),
            "xl/workbook.xml": (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS} {NS_R}>'
                '<bookViews><workbookView activeTab="0"/></bookViews><sheets>' + "".join(
                    f'<sheet name="{esc(sh.name)}" sheetId="{i}" r:id="rId{i}"/>'
                    for i, sh in enumerate(self.sheets, 1)) + "</sheets>" +
                (f"<definedNames>{names}</definedNames>" if names else "") + "</workbook>"),
            "xl/_rels/workbook.xml.rels": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + "".join(
                    f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                    for i in range(1, n + 1)) +
                f'<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/>'
                f'<Relationship Id="rId{n + 2}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                "</Relationships>"),
            **sheets,
            "xl/styles.xml": self._styles_xml(),
            "xl/sharedStrings.xml": (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {NS} count="{len(self._strings)}" '
                f'uniqueCount="{len(self._strings)}">{strings}</sst>'),
        }

    def save(self, fh: BinaryIO) -> None:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            for name, xml in self.parts().items():
                z.writestr(name, xml.encode("utf-8"))
