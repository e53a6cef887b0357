"""The report as a PDF laid out like a 公文 (GB/T 9704: A4, margins, 22 lines × 28 characters of 3号 text on the
grid, both ends aligned, 避头尾, page numbers "— N —"), written by our own small PDF writer.

Pagination: every text line sits on the page's 22-line grid; a heading stays with the first two lines of what
follows it; a paragraph breaks anywhere between lines; a table splits between rows with its header rows repeated
(it moves to the next page only when fewer than two of its rows would fit); the 落款 keeps the last line of the
text with it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from gkdesk.core.errors import ExportError
from gkdesk.core.exporters.common import date_text, overview_items, paragraphs, printable, printed_meta, write_export
from gkdesk.core.exporters.fonts import HEAVY_KINDS, FontSet, font_set
from gkdesk.core.exporters.linebreak import Line, Placed, break_paragraph
from gkdesk.core.exporters.pdf_tables import TableBox, advance_fn, draw_line
from gkdesk.core.exporters.pdfwriter import Page, PdfWriter
from gkdesk.core.report import Report
from gkdesk.core.values import mentions_period

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
TOP, LEFT = 37 * MM, 28 * MM  # 天头, 订口
TEXT_W, TEXT_H = 156 * MM, 225 * MM  # 版心
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
PITCH = TEXT_H / LINES_PER_PAGE  # ≈ 28.9 pt: 22 lines fill the text block
CELL = TEXT_W / CHARS_PER_LINE  # ≈ 15.8 pt: 28 characters fill a line
BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGENO_SIZE = 14.0  # 4号
PAGENO_GAP = 7 * MM  # 一字线上距版心下边缘 7 mm
HEAD_KEEP = 2  # a heading keeps this many lines of its text with it
RUN_IN_END = "：:。．.，,；;！!？?、"  # a subsection title ending so runs into its paragraph

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
    writer = lay_out(report, fs)  # checks every character against the fonts before anything is written
    step(2, total)

    def write(fh) -> None:  # type: ignore[no-untyped-def]
        writer.write(fh)
        step(3, total)

    write_export(Path(path), write, "PDF 文件")
    step(4, total)


def _check_cells(report: Report) -> None:
    """A long text in a table cell (kept from an import) is named here rather than drawn as a page-high row."""
    from gkdesk.core.limits import LIMITS

    cap = LIMITS["cell_text_chars"].value
    for tkey, rows in report.tables.items():
        for rkey, cols in rows.items():
            for ckey, v in cols.items():
                if isinstance(v, str) and len(v) > cap:
                    raise ExportError(f"表格 {tkey} 的单元格 {rkey}/{ckey} 中是一段 {len(v)} 字的文字（上限 {cap} 字），"
                                      "放不进表格，无法生成 PDF，没有写出文件。请改为数字后再导出。")


def _clean(text: str) -> list[str]:
    """The non-empty paragraphs of a text, invisible characters dropped, our own indent replacing typed ones."""
    paras = [p.strip(" \u3000\u00a0\t") for p in paragraphs(printable(text))]
    return [p for p in paras if p]


def body_lines(fs: FontSet, pieces: list[tuple[str, str, str]], indent: int = 2) -> list[Line]:
    """(text, role, where) pieces as justified grid lines of 3号 text."""
    for text, role, where in pieces:
        fs.check(text, role, where)
    return break_paragraph([(t, r) for t, r, _w in pieces], TEXT_W, CELL, advance_fn(fs, BODY_SIZE),
                           indent=indent * CELL, justify=True)


# --- the title ----------------------------------------------------------------------------------------
def _title_widths(text: str, fs: FontSet) -> list[float]:
    adv = advance_fn(fs, TITLE_SIZE)
    return [adv(ch, "title") for ch in text]


def title_lines(report: Report, fs: FontSet, width: float = TEXT_W) -> list[str]:
    """Break the title into centred lines: whole if it fits, else before 政府信息公开工作年度报告 (梯形), else evenly."""
    title = " ".join(printable(report.title).split())
    fs.check(title, "title", "报告标题")
    total = sum(_title_widths(title, fs))
    if total <= width:
        return [title]
    if total > width * (LINES_PER_PAGE - 4):
        raise ExportError(f"报告标题有 {len(title)} 字，排出来一页放不下，无法生成 PDF，没有写出文件。"
                          "请在“基本信息”中把标题改短后再导出。")
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
    widths = _title_widths(text, fs)
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


# --- pages --------------------------------------------------------------------------------------------
class Flow:
    """Places grid lines and tables page after page; ``used`` is the height taken on the current page."""

    def __init__(self, writer: PdfWriter, fs: FontSet) -> None:
        self.writer, self.fs = writer, fs
        self.page: Page | None = None
        self.used = 0.0

    def new_page(self) -> Page:
        self.page = self.writer.new_page(PAGE_W, PAGE_H)
        self.used = 0.0
        _page_number(self.page, self.writer, self.fs, len(self.writer.pages))
        return self.page

    def lines_left(self) -> int:
        if self.page is None:
            return 0
        return max(0, math.floor((TEXT_H - self.used) / PITCH + 1e-6))

    def snap(self) -> None:
        """Move down to the next grid line (after a table)."""
        self.used = min(TEXT_H, math.ceil(self.used / PITCH - 1e-6) * PITCH)

    def put(self, lines: list[tuple[Line, float, str] | None], keep_first: int = 1, keep_last: int = 1) -> None:
        """Grid lines (line, size, alignment "justify"/"centre"/"right:<space>") or None for an empty line.
        The first ``keep_first`` and the last ``keep_last`` lines each stay on one page."""
        n = len(lines)
        keep_first = n if keep_last >= n else min(keep_first, n)
        if self.lines_left() < keep_first:
            self.new_page()
        for i, item in enumerate(lines):
            if self.lines_left() == 0 or (i == n - keep_last and i > 0 and self.lines_left() < keep_last):
                self.new_page()
            if item is not None and self.page is not None:
                line, size, align = item
                x0 = LEFT
                if align == "centre":
                    x0 = LEFT + (TEXT_W - line.width) / 2
                elif align.startswith("right:"):
                    x0 = LEFT + TEXT_W - float(align[6:]) - line.width
                baseline = PAGE_H - TOP - self.used - PITCH / 2 - size * 0.36
                if size == TITLE_SIZE:
                    _draw_title_line(self.page, self.writer, self.fs, line, x0, baseline)
                else:
                    draw_line(self.page, self.writer, self.fs, line, x0, baseline, size)
            self.used += PITCH

    def table(self, box: TableBox, heading: list[Line]) -> None:
        """The table (with its heading lines above it), split between rows over as many pages as it needs."""
        start = box.n_head
        first = True
        while start < box.n_rows:
            avail = TEXT_H - self.used - (len(heading) * PITCH if first else 0.0)
            rows = box.rows_for(start, avail) if self.page is not None else 0
            least = min(2, box.n_rows - start)
            if rows < least:
                if self.page is not None and self.used == 0.0:
                    rows = max(1, rows)  # taller than a whole page: draw it anyway rather than loop
                else:
                    self.new_page()
                    continue
            if first:
                self.put([(line, BODY_SIZE, "justify") for line in heading], keep_first=len(heading))
                first = False
            assert self.page is not None
            top = PAGE_H - TOP - self.used
            self.used += box.draw(self.page, self.writer, LEFT, top, start, start + rows)
            start += rows
            if start < box.n_rows:
                self.new_page()
        self.used += PITCH * 0.3
        self.snap()


def _page_number(page: Page, writer: PdfWriter, fs: FontSet, n: int) -> None:
    """"— N —" in 4号, its top 7 mm below the text block; 单页码居右空一字，双页码居左空一字."""
    text = f"— {n} —"
    adv = advance_fn(fs, PAGENO_SIZE)
    y = PAGE_H - TOP - TEXT_H - PAGENO_GAP - PAGENO_SIZE * 0.62
    width = sum(adv(ch, "pageno") for ch in text)
    x = LEFT + TEXT_W - PAGENO_SIZE - width if n % 2 else LEFT + PAGENO_SIZE
    for face, run in fs.segments(text, "pageno", "页码"):
        page.text(writer.font(face.info), PAGENO_SIZE, x, y, run)
        x += sum(adv(ch, "pageno") for ch in run)


def _draw_title_line(page: Page, writer: PdfWriter, fs: FontSet, line: Line, x0: float, baseline: float) -> None:
    """A title line: a heavy face as it is; any other face filled and stroked so that it looks as heavy."""
    for p in line.items:
        face = fs.face_for_char(p.ch, "title")
        if face is None:
            continue
        heavy = face.kind in HEAVY_KINDS
        nat = face.info.advance(p.ch, TITLE_SIZE)
        page.text(writer.font(face.info), TITLE_SIZE, x0 + p.x, baseline, p.ch, (p.end - p.x) - nat,
                  stroke=0.0 if heavy else 0.55)


def _title(report: Report, fs: FontSet) -> list[tuple[Line, float, str] | None]:
    out: list[tuple[Line, float, str] | None] = []
    for text in title_lines(report, fs):
        widths = _title_widths(text, fs)
        x, items = 0.0, []
        for ch, w in zip(text, widths, strict=True):
            items.append(Placed(ch, "title", x, x + w))
            x += w
        out.append((Line(items, False, x), TITLE_SIZE, "centre"))
    return out


def _meta_lines(report: Report, fs: FontSet) -> list[tuple[Line, float, str]]:
    """The “标签：值” lines of the 基本信息 fields the format prints (``printed_meta``), centred under the title."""
    out: list[tuple[Line, float, str]] = []
    for text, where in printed_meta(report):
        for line in body_lines(fs, [(text, "body", where)], indent=0):
            out.append((line, BODY_SIZE, "centre"))
    return out


def lay_out(report: Report, fs: FontSet) -> PdfWriter:
    """Every page of the report; raises ExportError for a character no face has."""
    writer = PdfWriter(title=printable(report.title), author=printable(report.meta.org_name),
                       subject="政府信息公开工作年度报告", keywords=f"政府信息公开;{report.meta.year or ''}")
    flow = Flow(writer, fs)
    flow.new_page()
    flow.put([*_title(report, fs), *_meta_lines(report, fs), None], keep_first=99)
    heads: list[Line] = []

    def para(pieces: list[tuple[str, str, str]]) -> None:
        lines = body_lines(fs, pieces)
        headed = bool(heads) or pieces[0][1] != "body"  # a heading above it, or a run-in one at its start
        keep = len(heads) + (min(HEAD_KEEP, len(lines)) if headed else 1)
        flow.put([(line, BODY_SIZE, "justify") for line in heads + lines], keep_first=keep)
        heads.clear()

    blocks: list[list[tuple[str, str, str]] | tuple[str, str]] = []  # paragraphs, ("h", …) headings, ("t", key)
    intro_all = report.overview_intro + "".join(s.text for s in report.overview)
    if not mentions_period(intro_all) and report.meta.year:
        blocks.append([(report.period_text, "body", "统计期限说明")])
    fmt = report.format
    for sec in fmt.sections:
        blocks.append(("h1", sec.heading))
        if sec.kind == "table" and sec.table:
            blocks.append(("t", sec.table))
        elif sec.field == "overview":
            blocks += _overview(report)
        else:
            blocks += [[(p, "body", f"“{sec.heading}”")] for p in _clean(str(getattr(report, sec.field or "", "") or ""))]
    last_para = max((i for i, b in enumerate(blocks) if isinstance(b, list)), default=-1)
    for i, b in enumerate(blocks):
        if isinstance(b, tuple) and b[0] in ("h1", "h2"):
            role = "heading1" if b[0] == "h1" else "heading2"
            heads.extend(body_lines(fs, [(b[1], role, f"标题“{b[1]}”")]))
        elif isinstance(b, tuple):
            heading, heads[:] = list(heads), []
            flow.table(TableBox(report, fmt.table(b[1]), fs, TEXT_W), heading)
        elif i == last_para:
            _last_with_signature(report, fs, flow, heads, body_lines(fs, b))
        else:
            para(b)
    if last_para < 0:
        _last_with_signature(report, fs, flow, heads, [])
    return writer


def _overview(report: Report) -> list[list[tuple[str, str, str]] | tuple[str, str]]:
    items = overview_items(report)
    out: list[list[tuple[str, str, str]] | tuple[str, str]] = [[(p, "body", items[0].where)]
                                                              for p in _clean(items[0].text)]
    for title_item, text_item in zip(items[1::2], items[2::2], strict=True):
        title = " ".join(printable(title_item.text).split())
        paras = _clean(text_item.text)
        if title and title[-1] in RUN_IN_END and paras:
            # "（一）主动公开方面：" runs into its paragraph, in 楷体, like the published reports
            out.append([(title, "heading2", title_item.where), (paras[0], "body", text_item.where)])
            paras = paras[1:]
        elif title:
            out.append(("h2", title))
        out += [[(p, "body", text_item.where)] for p in paras]
    return out


def _last_with_signature(report: Report, fs: FontSet, flow: Flow, heads: list[Line], lines: list[Line]) -> None:
    """The last paragraph, an empty line and the 落款: the agency name centred over the date, the date 右空四字
    (GB/T 9704 §7.3.5); no date line when 成文日期 is empty (the export asks first). The 落款 keeps the
    paragraph's last line with it."""
    org = " ".join(printable(report.meta.org_name).split())
    date_s = date_text(report.meta.written_date)
    right = 4 * CELL
    sig: list[tuple[Line, float, str] | None] = [None]
    org_line = body_lines(fs, [(org, "body", "机关名称")], indent=0)[:1] if org else []
    date_line = body_lines(fs, [(date_s, "body", "成文日期")], indent=0)[:1] if date_s else []
    if org_line:
        ow = org_line[0].width
        dw = date_line[0].width if date_line else ow
        org_right = max(0.0, right + dw / 2 - ow / 2)
        if org_right + ow > TEXT_W:
            org_right = 0.0
        sig.append((org_line[0], BODY_SIZE, f"right:{org_right}"))
    if date_line:
        sig.append((date_line[0], BODY_SIZE, f"right:{right}"))
    text = [(line, BODY_SIZE, "justify") for line in heads + lines]
    keep_first = len(heads) + (min(HEAD_KEEP, len(lines)) if heads else 1)
    flow.put([*text, *sig], keep_first=max(1, keep_first), keep_last=len(sig) + (1 if text else 0))
