"""A plain tabular PDF (the 审核说明 page): a title, a note, and sections each with a heading and a table whose
header row repeats on every page; written with gkdesk's own PDF writer and line breaking (no reportlab)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from gkdesk.core.exporters.common import printable, write_export
from gkdesk.core.exporters.fonts import FontSet, font_set
from gkdesk.core.exporters.linebreak import Line, break_paragraph
from gkdesk.core.exporters.pdf_tables import advance_fn, draw_line
from gkdesk.core.exporters.pdfwriter import Page, PdfWriter

MM = 72 / 25.4
MARGIN = 15 * MM
TITLE, TEXT, CELL = 18.0, 11.0, 9.5
PAD = 2.0


class _Doc:
    def __init__(self, fs: FontSet, writer: PdfWriter, width: float, height: float) -> None:
        self.fs, self.writer, self.w, self.h = fs, writer, width, height
        self.page: Page | None = None
        self.y = 0.0  # PDF y of the next line's top

    def new_page(self) -> Page:
        self.page = self.writer.new_page(self.w, self.h)
        self.y = self.h - MARGIN
        return self.page

    def lines(self, text: str, role: str, size: float, width: float, where: str) -> list[Line]:
        text = " ".join(printable(text).split())
        self.fs.check(text, role, where)
        return break_paragraph([(text, role)], width, size, advance_fn(self.fs, size), justify=False)

    def text(self, text: str, role: str, size: float, where: str, centre: bool = False, leading: float = 1.45) -> None:
        inner = self.w - 2 * MARGIN
        for line in self.lines(text, role, size, inner, where):
            if self.y - size * leading < MARGIN:
                self.new_page()
            assert self.page is not None
            x = MARGIN + ((inner - line.width) / 2 if centre else 0.0)
            draw_line(self.page, self.writer, self.fs, line, x, self.y - size * leading / 2 - size * 0.36, size)
            self.y -= size * leading

    def row_cells(self, cells: Sequence[str], widths: list[float], role: str) -> tuple[list[list[Line]], float]:
        out = [self.lines(c, role, CELL, w - 2 * PAD, "审核说明表格") if c else [] for c, w in zip(cells, widths,
                                                                                              strict=True)]
        return out, max(1, *(len(x) for x in out)) * CELL * 1.35 + 2 * PAD

    def draw_row(self, cells: list[list[Line]], widths: list[float], height: float, shade: bool) -> None:
        assert self.page is not None
        x = MARGIN
        top, bottom = self.y, self.y - height
        if shade:
            self.page.rect(MARGIN, bottom, sum(widths), height, gray=0.93)
        for lines, w in zip(cells, widths, strict=True):
            for i, line in enumerate(lines):
                base = top - PAD - i * CELL * 1.35 - CELL * 1.35 / 2 - CELL * 0.36
                draw_line(self.page, self.writer, self.fs, line, x + PAD, base, CELL)
            x += w
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w)
        for xx in xs:
            self.page.line(xx, top, xx, bottom)
        self.page.line(MARGIN, top, xs[-1], top)
        self.page.line(MARGIN, bottom, xs[-1], bottom)
        self.y = bottom


def table_pdf(path: Path, *, title: str, notice: str, author: str,
              sections: Sequence[tuple[str, Sequence[str], Sequence[Sequence[str]]]], widths_mm: Sequence[float],
              what: str = "PDF 文件") -> None:
    """Landscape A4: the title, the notice, then per section its heading and a table (header row repeated)."""
    fs = font_set()
    writer = PdfWriter(title=printable(title), author=printable(author))
    doc = _Doc(fs, writer, 297 * MM, 210 * MM)
    doc.new_page()
    doc.text(title, "title", TITLE, "标题", centre=True)
    doc.y -= 2 * MM
    doc.text(notice, "body", TEXT, "说明")
    widths = [w * MM for w in widths_mm]
    for heading, headers, rows in sections:
        doc.y -= 4 * MM
        head_cells, head_h = doc.row_cells(headers, widths, "heading1")
        first_cells, first_h = doc.row_cells(rows[0], widths, "table") if rows else ([], 0.0)
        if doc.y - TEXT * 1.45 - head_h - first_h < MARGIN:  # a heading never ends a page
            doc.new_page()
        doc.text(heading, "heading1", TEXT, "标题")
        doc.y -= 1 * MM
        doc.draw_row(head_cells, widths, head_h, shade=True)
        for row in rows:
            cells, h = doc.row_cells(row, widths, "table")
            if doc.y - h < MARGIN:
                doc.new_page()
                doc.draw_row(head_cells, widths, head_h, shade=True)
            doc.draw_row(cells, widths, h, shade=False)

    def write(fh: BinaryIO) -> None:
        writer.write(fh)

    write_export(Path(path), write, what)
