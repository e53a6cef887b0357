"""The report as a PDF laid out like a 公文 (GB/T 9704: A4, margins, 22 lines of 3号 text, page numbers)."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from gkdesk.core.errors import ExportError
from gkdesk.core.exporters.common import cell_text, date_text, overview_items, paragraphs, printable, write_export
from gkdesk.core.exporters.fonts import HEAVY_KINDS, Face, FontSet, font_set
from gkdesk.core.format import TableDef
from gkdesk.core.report import Report
from gkdesk.core.values import mentions_period

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
TOP, LEFT = 37 * MM, 28 * MM  # 天头, 订口
TEXT_W, TEXT_H = 156 * MM, 225 * MM  # 版心
LINES_PER_PAGE = 22
PITCH = TEXT_H / LINES_PER_PAGE  # ≈ 28.9 pt: 22 lines fill the text block
BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGENO_SIZE = 14.0  # 4号
PAGENO_GAP = 7 * MM  # 一字线上距版心下边缘 7 mm
TABLE_SIZE = 10.5  # 5号
TABLE_SIZES = {"t2": 12.0}  # 小4号 where the table is narrow enough
TABLE_PAD = 1.6
TABLE_PADS = {"t2": 4.0}  # the short table breathes; t3 must fit on one page
RUN_IN_END = "：:。．.，,；;！!？?、"  # a subsection title ending so runs into its paragraph

#: relative column widths per table (the rest get equal shares)
TABLE_COLS: dict[str, list[float]] = {
    "t2": [0.28, 0.24, 0.24, 0.24],
    "t3": [0.06, 0.135, 0.355] + [0.45 / 7] * 7,
}

Progress = Callable[[int, int], None]


def export_pdf(report: Report, path: Path, progress: Progress | None = None) -> None:
    """Write the report as a PDF; SaveError/ExportError (Chinese) on failure, never a partial file.

    ``progress(done, total)`` is called as the work goes on (from the calling thread)."""
    total = 4
    step = progress or (lambda done, total: None)
    step(0, total)
    _check_cells(report)
    fs = font_set()
    step(1, total)
    story = build_story(report, fs)  # checks every character against the fonts before anything is written
    step(2, total)

    def writer(fh: BinaryIO) -> None:
        from reportlab.platypus.doctemplate import LayoutError

        doc = _document(fh, report, fs)
        try:
            doc.build(story)
        except LayoutError:
            raise ExportError("报告中有一段不能分页的文字太长，一页放不下（通常是标题、机关名称或表格单元格中的文字），"
                              "无法生成 PDF，没有写出文件。请把它改短后再导出。") from None
        step(3, total)

    write_export(Path(path), writer, "PDF 文件")
    step(4, total)


def _check_cells(report: Report) -> None:
    """A table row cannot be split over pages: a long text in a cell (kept from an import) is named here."""
    from gkdesk.core.limits import LIMITS

    cap = LIMITS["cell_text_chars"].value
    for tkey, rows in report.tables.items():
        for rkey, cols in rows.items():
            for ckey, v in cols.items():
                if isinstance(v, str) and len(v) > cap:
                    raise ExportError(f"表格 {tkey} 的单元格 {rkey}/{ckey} 中是一段 {len(v)} 字的文字（上限 {cap} 字），"
                                      "放不进表格，无法生成 PDF，没有写出文件。请改为数字后再导出。")


# --- text -> reportlab markup ------------------------------------------------------------------------
def markup(fs: FontSet, text: str, role: str, where: str) -> str:
    """Paragraph markup that prints ``text`` literally, each character in a face that has it."""
    out = []
    for face, run in fs.segments(text, role, where):
        out.append(f'<font name="{face.name}">{escape(run)}</font>')
    return "".join(out)


def _clean(text: str) -> list[str]:
    """The non-empty paragraphs of a text, invisible characters dropped, our own indent replacing typed ones."""
    paras = [p.strip(" \u3000\u00a0") for p in paragraphs(printable(text))]
    return [p for p in paras if p]


def _styles(fs: FontSet) -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    indent = 2 * BODY_SIZE
    return {
        "body": ParagraphStyle("body", fontName=fs.primary("body").name, fontSize=BODY_SIZE, leading=PITCH,
                               firstLineIndent=indent, wordWrap="CJK", alignment=TA_JUSTIFY),
        "h1": ParagraphStyle("h1", fontName=fs.primary("heading1").name, fontSize=BODY_SIZE, leading=PITCH,
                             firstLineIndent=indent, wordWrap="CJK", alignment=TA_LEFT, keepWithNext=1),
        "h2": ParagraphStyle("h2", fontName=fs.primary("heading2").name, fontSize=BODY_SIZE, leading=PITCH,
                             firstLineIndent=indent, wordWrap="CJK", alignment=TA_LEFT, keepWithNext=1),
        "sign": ParagraphStyle("sign", fontName=fs.primary("body").name, fontSize=BODY_SIZE, leading=PITCH,
                               wordWrap="CJK", alignment=2),
        "cell": ParagraphStyle("cell", fontName=fs.primary("table").name, fontSize=TABLE_SIZE,
                               leading=TABLE_SIZE * 1.2, wordWrap="CJK", alignment=TA_CENTER),
        "cell_left": ParagraphStyle("cell_left", fontName=fs.primary("table").name, fontSize=TABLE_SIZE,
                                    leading=TABLE_SIZE * 1.2, wordWrap="CJK", alignment=TA_LEFT),
    }


# --- the title: centred lines, emboldened when no heavy title face is installed --------------------------
def _width(segs: list[tuple[Face, str]], size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(t, f.name, size) for f, t in segs)


def title_lines(report: Report, fs: FontSet, width: float = TEXT_W) -> list[str]:
    """Break the title into centred lines: whole if it fits, else before 政府信息公开工作年度报告 (梯形), else evenly."""
    title = " ".join(printable(report.title).split())
    segs = fs.segments(title, "title", "报告标题")
    if _width(segs, TITLE_SIZE) <= width:
        return [title]
    template = report.format.title_template
    tail = template.split("{year}", 1)[-1].lstrip("年") if "{year}" in template else ""
    parts = [title[: -len(tail)], tail] if tail and title.endswith(tail) and len(title) > len(tail) else [title]
    lines: list[str] = []
    for part in parts:
        lines.extend(_wrap_even(part, fs, width))
    return lines


#: a title line preferably ends after one of these (the end of a place or body name), never inside a word
TITLE_BREAK_AFTER = "省市县区旗盟州镇乡村街道府处局厅办会院所队站）)"
TITLE_NO_SPLIT = ("办事", "办公")  # 街道办事处, 政府办公室: never "办 / 事处"


def _wrap_even(text: str, fs: FontSet, width: float) -> list[str]:
    """Lines of about equal width, each ending after a name part (市, 区, 街道, 办事处, ）...) where one is near."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widths = [stringWidth(ch, fs.face_for_char(ch, "title").name, TITLE_SIZE)  # type: ignore[union-attr]
              for ch in text]
    total = sum(widths)
    if total <= width:
        return [text]
    n = math.ceil(total / width)
    lines: list[str] = []
    start = 0
    while start < len(text):
        rest = sum(widths[start:])
        if rest <= width:
            lines.append(text[start:])
            break
        target = rest / max(1, n - len(lines))
        acc, best, fallback = 0.0, None, start + 1
        for i in range(start, len(text)):
            acc += widths[i]
            if acc > width:
                break
            fallback = i + 1
            # a break after a name part, not too far from an even split (within a quarter of a line)
            near = (text[i] in TITLE_BREAK_AFTER and abs(acc - target) <= width / 4 and i + 1 < len(text)
                    and text[i: i + 2] not in TITLE_NO_SPLIT)
            if near and (best is None or abs(acc - target) < abs(best[1] - target)):
                best = (i + 1, acc)
        if best is None:  # no name part near: split evenly by width
            acc, end = 0.0, start
            while end < len(text) and acc + widths[end] / 2 <= target:
                acc += widths[end]
                end += 1
            best = (min(max(end, start + 1), fallback), acc)
        lines.append(text[start:best[0]])
        start = best[0]
    return lines


def _title_flowable(report: Report, fs: FontSet) -> Any:
    from reportlab.platypus import Flowable

    lines = [fs.segments(line, "title", "报告标题") for line in title_lines(report, fs)]
    line_h = TITLE_SIZE * 1.6

    class Title(Flowable):
        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            self.width = aw
            return aw, line_h * len(lines)

        def draw(self) -> None:
            c = self.canv
            for i, segs in enumerate(lines):
                x = (self.width - _width(segs, TITLE_SIZE)) / 2
                y = line_h * (len(lines) - i - 1) + (line_h - TITLE_SIZE) / 2 + TITLE_SIZE * 0.12
                t = c.beginText(x, y)
                for face, run in segs:
                    heavy = face.system and face.kind in HEAVY_KINDS
                    # 小标宋 is a heavy face; a regular face is drawn filled and stroked to look as heavy
                    t.setTextRenderMode(0 if heavy else 2)
                    t.setFont(face.name, TITLE_SIZE)
                    t.textOut(run)
                c.setLineWidth(0.55)
                c.setStrokeColorRGB(0, 0, 0)
                c.drawText(t)

    return Title()


# --- tables ------------------------------------------------------------------------------------------
def _cell_paragraph(text: str, style: Any, fs: FontSet, where: str, width: float, shrink: bool,
                    size: float, role: str = "table") -> Any:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    segs = fs.segments(text, role, where)
    if size != style.fontSize:
        style = ParagraphStyle(f"{style.name}_{size}", parent=style, fontSize=size, leading=size * 1.2)
    if shrink and text:
        need = _width(segs, size)
        if need > width:  # a long number stays on one line in a smaller size rather than breaking
            size = max(5.0, size * width / need * 0.98)
            style = ParagraphStyle(style.name + "_s", parent=style, fontSize=size, leading=size * 1.3)
    body = "".join(f'<font name="{f.name}">{escape(t)}</font>' for f, t in segs)
    return Paragraph(body, style)


def table_flowable(report: Report, tdef: TableDef, fs: FontSet, styles: dict[str, Any],
                   width: float = TEXT_W) -> Any:
    """The table drawn from the format's layout (the official merged headers), values from report.value()."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    lay = tdef.layout
    rel = TABLE_COLS.get(tdef.key)
    if rel is None or len(rel) != lay.n_cols:
        rel = [1 / lay.n_cols] * lay.n_cols
    col_w = [width * r / sum(rel) for r in rel]
    pad = TABLE_PADS.get(tdef.key, TABLE_PAD)
    grid: list[list[Any]] = [["" for _ in range(lay.n_cols)] for _ in range(lay.n_rows)]
    cmds: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 0), (-1, -1), fs.primary("table").name, TABLE_SIZE),  # also for the empty spanned cells
        ("LEFTPADDING", (0, 0), (-1, -1), TABLE_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), TABLE_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ]
    where = f"表格“{tdef.title}”"
    size = TABLE_SIZES.get(tdef.key, TABLE_SIZE)
    for gc in lay.cells:
        cw = sum(col_w[gc.col: gc.col + gc.colspan]) - 2 * TABLE_PAD
        if gc.ref is not None:
            text = printable(cell_text(report.value(tdef.key, *gc.ref)))
            grid[gc.row][gc.col] = _cell_paragraph(text, styles["cell"], fs, where, cw, shrink=True, size=size)
        else:
            text = gc.text or ""
            left = (not gc.header and lay.label_columns > 1 and gc.col + gc.colspan == lay.label_columns)
            style = styles["cell_left"] if left else styles["cell"]
            role = "heading1" if gc.colspan == lay.n_cols else "table"  # 第二十条第（一）项 block titles in 黑体
            grid[gc.row][gc.col] = _cell_paragraph(text, style, fs, where, cw, shrink=False, size=size, role=role)
        if gc.rowspan > 1 or gc.colspan > 1:
            cmds.append(("SPAN", (gc.col, gc.row), (gc.col + gc.colspan - 1, gc.row + gc.rowspan - 1)))
    return Table(grid, colWidths=col_w, style=TableStyle(cmds), repeatRows=lay.n_header_rows,
                 hAlign="CENTER")


# --- the document ------------------------------------------------------------------------------------
def _line_breaking() -> None:
    """Chinese line breaking: closing punctuation never starts a line (reportlab's list lacks ，；：？ and others)."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    extra = "，；：？！、。”’》〉）】」』〕…—%％·"
    for module in (paragraph, textsplit):  # one-font paragraphs break in textsplit, mixed ones in paragraph
        missing = "".join(ch for ch in extra if ch not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START += missing


def build_story(report: Report, fs: FontSet) -> list[Any]:
    """Every flowable of the report, in order; raises ExportError for a character no face has."""
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    _line_breaking()
    st = _styles(fs)
    story: list[Any] = [_title_flowable(report, fs), Spacer(1, PITCH * 0.5)]

    def para(text: str, style: str, role: str, where: str) -> None:
        story.append(Paragraph(markup(fs, text, role, where), st[style]))

    intro_all = report.overview_intro + "".join(s.text for s in report.overview)
    if not mentions_period(intro_all) and report.meta.year:
        para(report.period_text, "body", "body", "统计期限说明")
    fmt = report.format
    for sec in fmt.sections:
        para(sec.heading, "h1", "heading1", f"标题“{sec.heading}”")
        if sec.kind == "table" and sec.table:
            # a table that fits on a page starts on a new page rather than leaving its first rows behind
            heading = story.pop()
            story.append(KeepTogether([heading, table_flowable(report, fmt.table(sec.table), fs, st)]))
            story.append(Spacer(1, PITCH * 0.5))
        elif sec.field == "overview":
            _overview(report, fs, st, story)
        else:
            for p in _clean(str(getattr(report, sec.field or "", "") or "")):
                para(p, "body", "body", f"“{sec.heading}”")
    # 落款 never stands alone on a page: it keeps the last paragraph with it
    last = [story.pop()] if isinstance(story[-1], Paragraph) else []
    while last and isinstance(story[-1], Paragraph) and story[-1].style.name in ("h1", "h2"):
        last.insert(0, story.pop())  # and the heading above that paragraph
    story.append(KeepTogether([*last, Spacer(1, PITCH * 2), *_signature(report, fs, st)]))
    return story


def _overview(report: Report, fs: FontSet, st: dict[str, Any], story: list[Any]) -> None:
    from reportlab.platypus import Paragraph

    items = overview_items(report)
    for p in _clean(items[0].text):
        story.append(Paragraph(markup(fs, p, "body", items[0].where), st["body"]))
    for title_item, text_item in zip(items[1::2], items[2::2], strict=True):
        title = " ".join(printable(title_item.text).split())
        paras = _clean(text_item.text)
        if title and title[-1] in RUN_IN_END and paras:
            # "（一）主动公开方面：" runs into its paragraph, in 楷体, like the published reports
            head = markup(fs, title, "heading2", title_item.where)
            story.append(Paragraph(head + markup(fs, paras[0], "body", text_item.where), st["body"]))
            paras = paras[1:]
        elif title:
            story.append(Paragraph(markup(fs, title, "heading2", title_item.where), st["h2"]))
        for p in paras:
            story.append(Paragraph(markup(fs, p, "body", text_item.where), st["body"]))


def _signature(report: Report, fs: FontSet, st: dict[str, Any]) -> list[Any]:
    """落款: the agency name centred over the date; the date 右空四字 (GB/T 9704 §7.3.5)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    org = " ".join(printable(report.meta.org_name).split())
    when = report.meta.written_date or report.meta.publish_date
    date_s = date_text(when)
    right = 4 * BODY_SIZE
    org_w = _width(fs.segments(org, "body", "机关名称"), BODY_SIZE) if org else 0.0
    date_w = _width(fs.segments(date_s, "body", "成文日期"), BODY_SIZE) if date_s else org_w
    org_right = max(0.0, right + date_w / 2 - org_w / 2)
    if org_right + org_w > TEXT_W:
        org_right = 0.0
    out = []
    if org:
        style = ParagraphStyle("sign_org", parent=st["sign"], rightIndent=org_right)
        out.append(Paragraph(markup(fs, org, "body", "机关名称"), style))
    if date_s:
        style = ParagraphStyle("sign_date", parent=st["sign"], rightIndent=right)
        out.append(Paragraph(markup(fs, date_s, "body", "成文日期"), style))
    return out


def _document(fh: BinaryIO, report: Report, fs: FontSet) -> Any:
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    pageno_face = fs.primary("pageno")

    def page_number(canvas: Any, doc: Any) -> None:
        n = canvas.getPageNumber()
        text = f"— {n} —"
        canvas.saveState()
        canvas.setFont(pageno_face.name, PAGENO_SIZE)
        # the dash's top lies 7 mm below the text block; 单页码居右空一字，双页码居左空一字
        y = PAGE_H - TOP - TEXT_H - PAGENO_GAP - PAGENO_SIZE * 0.62
        if n % 2:
            canvas.drawRightString(LEFT + TEXT_W - PAGENO_SIZE, y, text)
        else:
            canvas.drawString(LEFT + PAGENO_SIZE, y, text)
        canvas.restoreState()

    # half a point of slack: 22 × PITCH equals the block's height, and rounding must not push line 22 off the page
    frame = Frame(LEFT, PAGE_H - TOP - TEXT_H - 0.5, TEXT_W, TEXT_H + 0.5, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id="text")
    doc = BaseDocTemplate(
        fh, pagesize=(PAGE_W, PAGE_H), leftMargin=LEFT, rightMargin=PAGE_W - LEFT - TEXT_W, topMargin=TOP,
        bottomMargin=PAGE_H - TOP - TEXT_H, title=printable(report.title), author=printable(report.meta.org_name),
        subject="政府信息公开工作年度报告", creator="gkdesk", keywords=f"政府信息公开;{report.meta.year or ''}",
        lang="zh-CN", initialFontName=fs.primary("body").name, initialFontSize=BODY_SIZE,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=page_number)])
    return doc
