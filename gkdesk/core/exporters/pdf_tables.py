"""The report's tables in the PDF: the official merged headers, labels broken between words, one number size per
table wide enough for 7-digit figures (表三), split over pages with the header rows repeated."""

from __future__ import annotations

from dataclasses import dataclass

from gkdesk.core.exporters.common import cell_text, printable
from gkdesk.core.exporters.fonts import FontSet
from gkdesk.core.exporters.linebreak import SQUEEZABLE, Line, break_paragraph, segmenter
from gkdesk.core.exporters.pdfwriter import Page, PdfWriter
from gkdesk.core.format import TableDef
from gkdesk.core.report import Report

TABLE_SIZE = 10.5  # 5号
TABLE_SIZES = {"t2": 12.0}  # 小4号 where the table is narrow enough
PAD_X = 1.6
PAD_Y = {"t2": 4.0}
PAD_Y_DEFAULT = 2.2
LEADING = 1.25
MIN_BODY_ROWS = 3  # a table moves to the next page rather than leave fewer rows than this behind
#: 表三: its number columns hold this many digits (the 总计 column one more) at one size
T3_DIGITS = 7
T3_NUMBER_SIZE = 9.0  # 小五号
T3_LABEL_CHARS = (3, 3)  # 三、/本年度/办理/结果 and （三）/不予/公开: three characters a line

#: words of the official labels: a label breaks between words, never inside one (not 本年/度办/理结/果)
LABEL_WORDS = ["信息", "内容", "本年", "本年度", "制发", "件数", "处理", "决定", "数量", "废止", "收费", "金额", "单位", "万元", "现行", "有效", "第二十条", "行政", "事业性", "规范性", "文件", "处罚", "强制", "许可", "规章", "申请人", "情况", "自然人", "法人", "其他", "组织", "商业", "企业", "科研", "机构", "社会", "公益", "法律", "服务", "总计", "新收", "政府", "公开", "申请", "上年", "结转", "办理", "结果", "予以", "部分", "区分", "处理的", "只计", "这一", "情形", "不计", "不予", "属于", "国家", "秘密", "法规", "禁止", "危及", "三安全一稳定", "保护", "第三方", "合法", "权益", "三类", "内部", "事务", "四类", "过程性", "执法", "案卷", "查询", "事项", "无法", "提供", "本机关", "不掌握", "相关", "没有", "现成", "需要", "另行", "制作", "补正后", "仍不", "明确", "信访", "举报", "投诉类", "重复", "要求", "出版物", "无正当理由", "大量", "反复", "确认", "重新", "出具", "已获取", "逾期", "不补正", "行政机关", "不再", "未按", "通知", "缴纳", "费用", "下年度", "继续", "勾稽", "关系", "第一项", "第二项", "第三项", "第四项", "之和", "等于", "复议", "诉讼", "维持", "纠正", "尚未", "审结", "未经", "直接", "起诉", "复议后", "本列", "数据"]
words = segmenter(LABEL_WORDS)


def advance_fn(fs: FontSet, size: float):  # type: ignore[no-untyped-def]
    """advance(ch, role) in points at ``size``, in the face that draws the character for that role."""
    memo = fs.advances.setdefault(size, {})  # shared by every advance_fn of this FontSet and size

    def advance(ch: str, role: str) -> float:
        key = (ch, role)
        w = memo.get(key)
        if w is None:
            face = fs.face_for_char(ch, role)
            w = memo[key] = face.info.advance(ch, size) if face is not None else size
        return w

    return advance


def draw_line(page: Page, writer: PdfWriter, fs: FontSet, line: Line, x0: float, baseline: float,
              size: float) -> None:
    """Every character in its box: the glyph at its x, the character spacing making its box end where the next
    begins (so the boxes tile the line and text extraction sees them where they are drawn)."""
    items = []
    for p in line.items:
        face = fs.face_for_char(p.ch, p.style)
        if face is None:  # checked before layout; a space is the only character drawn by no face
            continue
        nat = face.info.advance(p.ch, size)
        box = p.end - p.x
        half = box < nat * 0.75 and p.ch in SQUEEZABLE  # a mark squeezed to half a cell: the half-width variant
        if half:
            nat /= 2
        items.append((writer.font(face.info, half), size, x0 + p.x, box - nat, p.ch))
    if items:
        page.glyph_run(items, baseline)


@dataclass
class Cell:
    """One cell of a drawn table: its place, span and text."""

    row: int
    col: int
    rowspan: int
    colspan: int
    lines: list[Line]
    size: float
    centre: bool
    value: bool


class TableBox:
    """One table laid out at a width: cells with their lines, and the rows' heights for any run of body rows."""

    def __init__(self, report: Report, tdef: TableDef, fs: FontSet, width: float) -> None:
        self.tdef, self.fs = tdef, fs
        lay = tdef.layout
        self.n_head, self.n_rows = lay.n_header_rows, lay.n_rows
        self.size = TABLE_SIZES.get(tdef.key, TABLE_SIZE)
        self.pad_y = PAD_Y.get(tdef.key, PAD_Y_DEFAULT)
        where = f"表格“{tdef.title}”"
        values = {gc: printable(cell_text(report.value(tdef.key, *gc.ref))) for gc in lay.cells if gc.ref}
        for text in values.values():
            fs.check(text, "table", where)
        self.cols = self._columns(width, values)
        self.number_size = self._number_size(values)
        self.cells: list[Cell] = []
        for gc in lay.cells:
            inner = sum(self.cols[gc.col: gc.col + gc.colspan]) - 2 * PAD_X
            if gc.ref is not None:
                text, role, size = values[gc], "table", self.number_size
            else:
                text = " ".join(printable(gc.text or "").split())
                role = "heading1" if gc.colspan == lay.n_cols else "table"  # 第二十条第（一）项 block titles in 黑体
                size = self.size
                fs.check(text, role, where)
            lines = break_paragraph([(text, role)], inner, size, advance_fn(fs, size), justify=False,
                                    words=words) if text else []
            left = not gc.header and gc.ref is None and lay.label_columns > 1 and \
                gc.col + gc.colspan == lay.label_columns
            self.cells.append(Cell(gc.row, gc.col, gc.rowspan, gc.colspan, lines, size, not left,
                                   gc.ref is not None))
        self.value_rows = {c.row for c in self.cells if c.value}

    # --- geometry ------------------------------------------------------------------------------------
    def _digits_width(self, n: int, size: float) -> float:
        adv = advance_fn(self.fs, size)
        return n * max(adv(d, "table") for d in "0123456789") + 2 * PAD_X + 3.0

    def _columns(self, width: float, values: dict) -> list[float]:
        lay = self.tdef.layout
        if self.tdef.key == "t2":
            rel = [0.28, 0.24, 0.24, 0.24]
            return [width * r / sum(rel) for r in rel]
        if self.tdef.key == "t3" and lay.n_cols == lay.label_columns + 7 and lay.label_columns == 3:
            num = self._digits_width(T3_DIGITS, T3_NUMBER_SIZE)
            total = self._digits_width(T3_DIGITS + 1, T3_NUMBER_SIZE)
            c0, c1 = (n * self.size + 2 * PAD_X + 1.0 for n in T3_LABEL_CHARS)
            rest = width - 6 * num - total - c0 - c1
            return [c0, c1, rest] + [num] * 6 + [total]
        return [width / lay.n_cols] * lay.n_cols

    def _number_size(self, values: dict) -> float:
        """One size for every figure of the table: its own size, or smaller until the widest figure fits."""
        if self.tdef.key == "t3" and self.cols[3] >= self._digits_width(T3_DIGITS, T3_NUMBER_SIZE) - 1e-6:
            base = T3_NUMBER_SIZE
        else:
            base = self.size
        size = base
        for gc, text in values.items():
            if not text:
                continue
            inner = sum(self.cols[gc.col: gc.col + gc.colspan]) - 2 * PAD_X
            need = sum(advance_fn(self.fs, base)(ch, "table") for ch in text)
            if need > inner:
                size = min(size, base * inner / need)
        return max(size, 5.0)

    def _cell_height(self, c: Cell) -> float:
        return max(1, len(c.lines)) * c.size * LEADING + 2 * self.pad_y

    def heights(self, rows: list[int]) -> list[float]:
        """Heights of ``rows`` (layout row numbers, header rows first) when drawn together; merged cells are cut
        to the rows shown and must fit there."""
        shown = set(rows)
        h = {r: self.size * LEADING + 2 * self.pad_y for r in rows}
        spans = []
        for c in self.cells:
            part = [r for r in range(c.row, c.row + c.rowspan) if r in shown]
            if not part:
                continue
            if len(part) == 1:
                h[part[0]] = max(h[part[0]], self._cell_height(c))
            else:
                spans.append((part, self._cell_height(c)))
        for part, need in spans:
            have = sum(h[r] for r in part)
            if need > have:
                for r in part:
                    h[r] += (need - have) / len(part)
        return [h[r] for r in rows]

    def rows_for(self, start: int, avail: float) -> int:
        """How many body rows from ``start`` fit in ``avail`` points with the header rows above (0: none may)."""
        head = list(range(self.n_head))

        def fits(end: int) -> bool:
            return sum(self.heights(head + list(range(start, end)))) <= avail + 0.01

        lo, hi = start, self.n_rows  # the height grows with every row: the last row that fits, by bisection
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(mid):
                lo = mid
            else:
                hi = mid - 1
        end = lo
        while end > start and end < self.n_rows and (end - 1) not in self.value_rows:
            end -= 1  # never end a part on a heading-only row
        return end - start

    def body_rows_left(self, start: int) -> int:
        return self.n_rows - start

    def draw(self, page: Page, writer: PdfWriter, x0: float, top: float, start: int, end: int) -> float:
        """Draw the header rows and body rows [start, end) from ``top`` (PDF y); returns the height used."""
        rows = list(range(self.n_head)) + list(range(start, end))
        hs = self.heights(rows)
        y_of = {}
        y = top
        for r, hh in zip(rows, hs, strict=True):
            y_of[r] = (y, hh)
            y -= hh
        xs = [x0]
        for w in self.cols:
            xs.append(xs[-1] + w)
        for c in self.cells:
            part = [r for r in range(c.row, c.row + c.rowspan) if r in y_of]
            if not part:
                continue
            ctop = y_of[part[0]][0]
            cheight = sum(y_of[r][1] for r in part)
            left, right = xs[c.col], xs[c.col + c.colspan]
            bottom = ctop - cheight
            for x1, y1, x2, y2 in ((left, ctop, right, ctop), (left, bottom, right, bottom),
                                   (left, ctop, left, bottom), (right, ctop, right, bottom)):
                page.line(x1, y1, x2, y2, 0.5)
            slot = c.size * LEADING
            block = len(c.lines) * slot
            if c.row >= self.n_head and len(part) == 1:
                # a body row ends on one baseline: a long label's last line and the figures side by side, so
                # that text extraction (and our importer reading it) sees the whole label before its figures
                first = ctop - cheight + self.pad_y + block
            else:
                first = ctop - (cheight - block) / 2
            for i, line in enumerate(c.lines):
                inner = right - left - 2 * PAD_X
                dx = (inner - line.width) / 2 if c.centre else 0.0
                baseline = first - i * slot - slot / 2 - c.size * 0.36
                draw_line(page, writer, self.fs, line, left + PAD_X + dx, baseline, c.size)
        return top - y
