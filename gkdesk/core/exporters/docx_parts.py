"""Word export, the XML by hand: elements, paragraphs, runs and the tables drawn from the format's layout (w:gridSpan
for column spans, w:vMerge for row spans). No XML library: the package is a few hundred elements written as text."""

from __future__ import annotations

from typing import Any

from gkdesk.core.exporters.common import cell_text, label_lines, printable
from gkdesk.core.format import TableDef
from gkdesk.core.report import Report

TEXT_W = 8845  # twips: the 156 mm text block (A4 less 订口 28 mm and 26 mm)
TABLE_FONT_PT = 10.5

#: table text size (pt) and column widths (share of the block) per table; 表三 in 小五 so that its seven number
#: columns hold a four-character header line and a 7-digit figure
TABLE_SIZE = {"t2": 12.0, "t3": 9.0, "t4": 9.0}
TABLE_COLS = {"t2": [0.28, 0.24, 0.24, 0.24], "t3": [0.042, 0.10, 0.194] + [0.664 / 7] * 7}
CELL_PAD = 40  # twips left and right in a cell (2 pt)
KEEP_FIRST_ROWS = 2  # body rows that stay on the page of the heading and the header rows


class E:
    """An XML element of the package, written out as text (the export needs no XML library)."""

    __slots__ = ("tag", "attrs", "children", "text")

    def __init__(self, tag: str, attrs: dict[str, str] | None = None) -> None:
        self.tag, self.attrs, self.children, self.text = tag, attrs or {}, [], ""

    def append(self, child: E) -> E:
        self.children.append(child)
        return child

    def insert(self, index: int, child: E) -> None:
        self.children.insert(index, child)

    def find(self, tag: str) -> E | None:
        return next((c for c in self.children if c.tag == tag), None)

    def write(self, out: list[str]) -> None:
        attrs = "".join(f' {k}="{esc(v)}"' for k, v in self.attrs.items())
        if not self.children and not self.text:
            out.append(f"<{self.tag}{attrs}/>")
            return
        out.append(f"<{self.tag}{attrs}>{esc(self.text)}")
        for c in self.children:
            c.write(out)
        out.append(f"</{self.tag}>")

    def xml(self) -> str:
        out: list[str] = []
        self.write(out)
        return "".join(out)


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def el(tag: str, **attrs: str) -> E:
    """A w: element with w: attributes."""
    return E(tag, {f"w:{k}": str(v) for k, v in attrs.items()})


def para(style: str, runs: list[tuple[str, str | None]] = (), **ppr: str) -> Any:  # type: ignore[assignment]
    """A w:p in a paragraph style (by id), with (text, character style id or None) runs; ``ppr``: w:ind/w:spacing
    attributes as ``ind_right="1280"``, ``spacing_before="1158"``, keep_next="1", jc="left"."""
    p = el("w:p")
    pr = el("w:pPr")
    p.append(pr)
    pr.append(el("w:pStyle", val=style))
    if ppr.get("keep_next"):
        pr.append(el("w:keepNext"))
    spacing = {k[8:]: v for k, v in ppr.items() if k.startswith("spacing_")}
    if spacing:
        pr.append(el("w:spacing", **spacing))
    ind = {k[4:]: v for k, v in ppr.items() if k.startswith("ind_")}
    if ind:
        pr.append(el("w:ind", **ind))
    if ppr.get("jc"):
        pr.append(el("w:jc", val=ppr["jc"]))
    for text, rstyle in runs:
        r = el("w:r")
        if rstyle:
            rpr = el("w:rPr")
            rpr.append(el("w:rStyle", val=rstyle))
            r.append(rpr)
        _text(r, text)
        p.append(r)
    return p


def _text(run: Any, text: str) -> None:
    """Text into a run: lines (a label broken between words) joined by w:br."""
    for i, line in enumerate(text.split("\n")):
        if i:
            run.append(el("w:br"))
        t = el("w:t")
        t.text = line
        t.attrs["xml:space"] = "preserve"
        run.append(t)


def table(report: Report, tdef: TableDef) -> E:
    """The table as w:tbl, drawn from the layout: w:gridSpan for column spans, w:vMerge for row spans."""
    lay = tdef.layout
    rel = TABLE_COLS.get(tdef.key)
    if rel is None or len(rel) != lay.n_cols:
        rel = [1 / lay.n_cols] * lay.n_cols
    widths = [int(TEXT_W * r / sum(rel)) for r in rel]
    widths[-1] += TEXT_W - sum(widths)
    size = TABLE_SIZE.get(tdef.key, TABLE_FONT_PT)
    style = f"GkTable{tdef.key[1:]}" if tdef.key in TABLE_SIZE else "GkTable2"
    tbl = el("w:tbl")
    tbl.append(_table_props(widths))
    grid = el("w:tblGrid")
    for w in widths:
        grid.append(el("w:gridCol", w=str(w)))
    tbl.append(grid)
    starts = {(gc.row, gc.col): gc for gc in lay.cells}
    covering: dict[tuple[int, int], Any] = {}  # (row, col) under a row span -> the spanning cell
    for gc in lay.cells:
        for dr in range(1, gc.rowspan):
            covering[(gc.row + dr, gc.col)] = gc
    keep = _kept_rows(tdef)
    for r in range(lay.n_rows):
        tr = el("w:tr")
        trpr = el("w:trPr")
        trpr.append(el("w:cantSplit"))
        if r < lay.n_header_rows:
            trpr.append(el("w:tblHeader"))  # repeated at the top of each page the table runs onto
        tr.append(trpr)
        keep_next = {"keep_next": "1"} if r in keep else {}
        c = 0
        while c < lay.n_cols:
            gc = starts.get((r, c))
            cover = covering.get((r, c))
            span = (gc or cover).colspan
            width = sum(widths[c: c + span])
            if gc is None:  # the continuation of a row span
                tr.append(_cell(width, span, "continue", para(style, **keep_next)))
            else:
                text, jc, rstyle, vertical = _cell_content(report, tdef, gc, widths, size)
                content = para(style, [(text, rstyle)], jc=jc, **keep_next)
                tr.append(_cell(width, span, "restart" if gc.rowspan > 1 else None, content, vertical))
            c += span
        tbl.append(tr)
    return tbl


def _kept_rows(tdef: TableDef) -> set[int]:
    """Rows kept with the next one (keepNext on their paragraphs): the header rows and the first body rows, so a
    heading never ends a page above a table; in 表二 each 第二十条 block as a whole. The rest may break anywhere,
    with the header rows repeated (a table never jumps whole to the next page, leaving half a page empty)."""
    lay = tdef.layout
    starts = {gc.row for gc in lay.cells if gc.colspan == lay.n_cols and gc.ref is None}
    first = lay.n_header_rows + KEEP_FIRST_ROWS
    return {r for r in range(lay.n_rows - 1) if r < first or (starts and r + 1 not in starts)}


def _cell_content(report: Report, tdef: TableDef, gc: Any, widths: list[int],
                  size: float) -> tuple[str, str, str | None, bool]:
    """(text with \\n where a label breaks, alignment, character style, vertical) of a layout cell."""
    lay = tdef.layout
    if gc.ref is not None:
        return printable(cell_text(report.value(tdef.key, *gc.ref))), "center", None, False
    text = printable(gc.text or "")
    if gc.rowspan > 4 and gc.col == 0 and lay.label_columns > 2:  # 三、本年度办理结果, upright down the column
        return text, "center", None, True
    if gc.colspan == lay.n_cols:  # 第二十条第（一）项: in 黑体 like the PDF
        return text, "center", f"GkTableHeading{tdef.key[1:]}" if tdef.key in TABLE_SIZE else None, False
    left = not gc.header and lay.label_columns > 1 and gc.col + gc.colspan == lay.label_columns
    span_w = sum(widths[gc.col: gc.col + gc.colspan]) - 2 * CELL_PAD
    # a short label breaks only between words (商业/企业); a sentence wraps as text does
    lines = label_lines(text, span_w / 20 / size) if len(text) <= 12 else [text]
    return "\n".join(lines), "left" if left else "center", None, False


def _cell(width: int, span: int, vmerge: str | None, para: Any, vertical: bool = False) -> Any:
    tc = el("w:tc")
    pr = el("w:tcPr")
    # schema order: tcW, gridSpan, vMerge, ..., textDirection, tcFitText, vAlign
    pr.append(el("w:tcW", w=str(width), type="dxa"))
    if span > 1:
        pr.append(el("w:gridSpan", val=str(span)))
    if vmerge == "restart":
        pr.append(el("w:vMerge", val="restart"))
    elif vmerge:
        pr.append(el("w:vMerge"))
    if vertical:
        pr.append(el("w:textDirection", val="tbRlV"))
    pr.append(el("w:vAlign", val="center"))
    tc.append(pr)
    tc.append(para)
    return tc


def _table_props(widths: list[int]) -> Any:
    pr = el("w:tblPr")
    # schema order: tblW, jc, tblBorders, tblLayout, tblCellMar, tblLook
    pr.append(el("w:tblW", w=str(sum(widths)), type="dxa"))
    pr.append(el("w:jc", val="center"))
    borders = el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(el(f"w:{side}", val="single", sz="4", space="0", color="000000"))
    pr.append(borders)
    pr.append(el("w:tblLayout", type="fixed"))
    mar = el("w:tblCellMar")
    for side, w in (("top", 20), ("left", CELL_PAD), ("bottom", 20), ("right", CELL_PAD)):
        mar.append(el(f"w:{side}", w=str(w), type="dxa"))
    pr.append(mar)
    pr.append(el("w:tblLook", val="0000", firstRow="0", lastRow="0", firstColumn="0", lastColumn="0",
                  noHBand="1", noVBand="1"))
    return pr
