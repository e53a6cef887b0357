"""The document's structure: title, 机关名称, 报告年度, the six sections, paragraphs and the 总体情况 subsections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from gkdesk.core.importers.labels import fold, similarity
from gkdesk.core.importers.source import Document, Line, nfkc

SECTION_KEYS = ("s1", "s2", "s3", "s4", "s5", "s6")
NUMERALS = "一二三四五六"

#: the heading of each section and the wordings real reports use for it (2019 format, variations)
HEADING_VARIANTS: dict[str, tuple[str, ...]] = {
    "s1": ("总体情况",),
    "s2": ("主动公开政府信息情况", "主动公开政府信息"),
    "s3": ("收到和处理政府信息公开申请情况",),
    "s4": ("政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
           "政府信息公开行政复议和行政诉讼情况"),
    "s5": ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "存在的主要问题及改进措施"),
    "s6": ("其他需要报告的事项", "其他需要报告事项"),
}

_HEAD = re.compile(r"^\s*([一二三四五六123456])\s*[、.．，,：:]\s*(.*)$")
_SUB = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]{1,2})\s*[)）]")
_TITLE = re.compile(r"^(?P<org>.*?)\s*(?P<year>(?:19|20)\d{2})\s*年\s*(?:度\s*)?(?:的\s*)?政\s*府\s*信\s*息\s*公\s*开")
_YEAR_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|—|-|～|~)\s*"
                          r"((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
_YEAR_WORK = re.compile(r"((?:19|20)\d{2})\s*年\s*度?\s*(?:政府信息公开|政务公开)")
_PUBLISHED = re.compile(r"(?:发布|公开|成文)(?:时间|日期)\s*[:：]?\s*((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]"
                        r"\s*(\d{1,2})")
_JUNK = re.compile(r"(发布(?:时间|日期)|来源\s*[:：]|字体\s*[:：]|分享到|打印|关闭窗口|浏览次数|阅读次数|索引号|"
                   r"首页\s*[/>›]|当前位置|【\s*[大中小]\s*】)")
_SENTENCE_END = "。！？；：:;!?"
#: a portal's footer and tools after the report ("主办：…", "【打印本页】", ICP numbers)
_TRAILER = re.compile(r"^\s*(主办单位|主办|承办|协办|版权所有|copyright|©|网站标识码|技术支持)\s*[:：]|icp备|公网安备|"
                      r"^\s*[【\[]?\s*(打印本页|打印|关闭窗口|关闭|扫一扫|分享到|收藏|联系我们|网站地图)\s*[】\]]?\s*$",
                      re.IGNORECASE)
#: labels of "label | value" rows in a workbook's cover sheet (folded) -> meta field
META_LABELS = {"机关全称": "org", "机关名称": "org", "单位名称": "org", "报告单位": "org", "填报单位": "org",
               "报告年度": "year", "年度": "year", "发布日期": "publish", "成文日期": "written", "机关级别": "level",
               "报告标题": "title", "统计期限": "period", "信息处理费元": "fee", "报告格式": "format"}


@dataclass
class Heading:
    key: str
    line: int  # index into Document.lines
    text: str
    rest: str = ""  # text after the heading on the same line (a run-in first paragraph)
    exact: bool = True


@dataclass
class Structure:
    title: str = ""
    title_line: int | None = None
    preamble: list[int] = field(default_factory=list)  # line indexes between the title and section 一
    junk: list[int] = field(default_factory=list)  # portal chrome lines (publish time, font size, breadcrumbs)
    headings: dict[str, Heading] = field(default_factory=dict)
    end: int = 0

    def region(self, key: str, anchors: dict[str, int] | None = None) -> tuple[int, int] | None:
        """Line index range [start, stop) of a section's body, or None if its heading was not found."""
        starts = {k: h.line for k, h in self.headings.items()}
        if anchors:
            for k, v in anchors.items():
                starts.setdefault(k, v)
        if key not in starts:
            return None
        begin = starts[key]
        later = [v for k, v in starts.items() if v > begin]
        stop = min(later) if later else self.end
        return begin + (1 if key in self.headings else 0), stop


def heading_of(text: str) -> tuple[str, float, str] | None:
    """If the line is a section heading ("三、收到和处理…"), return (key, similarity, run-in rest)."""
    m = _HEAD.match(nfkc(text).strip())
    if not m:
        return None
    num = m.group(1)
    key = SECTION_KEYS[int(num) - 1 if num.isdigit() else NUMERALS.index(num)]
    rest = m.group(2).strip()
    frest = fold(rest)
    best, best_rest = 0.0, ""
    for variant in HEADING_VARIANTS[key]:
        fv = fold(variant)
        if frest.startswith(fv) and len(frest) > len(fv) + 6:  # run-in: "一、总体情况。2024年，……"
            cut = _cut_after(rest, variant)
            if cut is not None:
                return key, 1.0, rest[cut:].lstrip("：:。. ，,")
        if len(frest) > len(fv) + 8:
            continue
        s = similarity(variant, rest)
        if s > best:
            best, best_rest = s, ""
    return (key, best, best_rest) if best >= 0.6 else None


def _cut_after(text: str, variant: str) -> int | None:
    """Position in ``text`` just after the characters that fold to ``variant``."""
    target = fold(variant)
    got = ""
    for i, ch in enumerate(text):
        got += fold(ch)
        if got == target:
            return i + 1
        if not target.startswith(got):
            return None
    return None


def find_structure(doc: Document) -> Structure:
    st = Structure(end=len(doc.lines))
    cands: list[tuple[int, str, float, str]] = []
    for i, ln in enumerate(doc.lines):
        text = _line_text(ln)
        if not text or len(text) > 80:
            continue
        h = heading_of(text)
        if h is None:
            continue
        # "一、本年新收…"/"四、结转下年度继续办理" are table rows, not headings: rows carry figures
        if ln.is_row and any(c and re.search(r"\d", c) for c in (ln.cells or [])[1:]):
            continue
        cands.append((i, *h))
    # a table of contents ("一、总体情况 / 二、主动公开… / 三、…" on consecutive lines) is not where sections begin
    toc: set[int] = set()
    run: list[int] = []
    for k, c in enumerate(cands):
        if run and _only_blank_between(doc, cands[run[-1]][0], c[0]):
            run.append(k)
        else:
            if len(run) >= 3:
                toc.update(run)
            run = [k]
    if len(run) >= 3:
        toc.update(run)
    toc_lines = {cands[k][0] for k in toc}
    last = -1
    for k, (i, key, score, rest) in enumerate(cands):
        n = SECTION_KEYS.index(key)
        if k in toc or n <= last:
            continue
        text = _line_text(doc.lines[i]).strip()
        m = _HEAD.match(nfkc(text))
        own = fold(m.group(2)) if m else ""
        exact = score >= 0.999 and (own == fold(HEADING_VARIANTS[key][0]) or bool(rest))
        st.headings[key] = Heading(key, i, text, rest, exact=exact)
        last = n
    first = min((h.line for h in st.headings.values()), default=len(doc.lines))
    # title: the first short line before section 一 that names the annual report (with the line above if it is
    # the organisation's name on a line of its own)
    for i in range(min(first, 40)):
        t = _line_text(doc.lines[i]).strip()
        if not t:
            continue
        if _JUNK.search(t) or fold(_first_cell(doc.lines[i])) in META_LABELS or i in toc_lines \
                or re.fullmatch(r"目\s*录", t):
            st.junk.append(i)
            continue
        ft = fold(t)
        if st.title_line is None and ("年度报告" in ft or "年报" in ft and len(ft) < 40) and len(ft) <= 60 \
                and not _ends_sentence(t):
            title = re.sub(r"\s+", "", t) if re.search(r"\d\s+年", t) else t
            prev = _previous_text(doc, i)
            if prev is not None and not parse_title(title)[0]:  # the name on the line above the year
                pt = _line_text(doc.lines[prev]).strip()
                if len(pt) <= 30 and not _ends_sentence(pt) and not _JUNK.search(pt):
                    title = pt + title
                    st.preamble = [p for p in st.preamble if p != prev]
            st.title, st.title_line = title, i
            continue
        st.preamble.append(i)
    return st


def _first_cell(ln: Line) -> str:
    if ln.cells is not None:
        return next((c for c in ln.cells if c), "")
    return ln.text


def meta_rows(doc: Document, stop: int) -> dict[str, tuple[str, int]]:
    """"label | value" rows before section 一 (a workbook's cover sheet): meta field -> (value, line number)."""
    out: dict[str, tuple[str, int]] = {}
    for ln in doc.lines[:stop]:
        if ln.cells is None:
            continue
        cells = [c for c in ln.cells if c]
        if len(cells) == 2 and fold(cells[0]) in META_LABELS:
            out.setdefault(META_LABELS[fold(cells[0])], (cells[1], ln.no))
    return out


def _only_blank_between(doc: Document, a: int, b: int) -> bool:
    return all(not doc.lines[j].text.strip() for j in range(a + 1, b))


def _previous_text(doc: Document, i: int) -> int | None:
    for j in range(i - 1, max(-1, i - 4), -1):
        if _line_text(doc.lines[j]).strip():
            return j
    return None


def _ends_sentence(t: str) -> bool:
    return bool(t) and t.rstrip()[-1] in _SENTENCE_END


def _line_text(ln: Line) -> str:
    if ln.cells is not None:
        cells = [c for c in ln.cells if c and c.strip()]
        return cells[0] if len(cells) == 1 else ("" if cells else "")
    return ln.text


# --- meta ----------------------------------------------------------------------------------------------
def parse_title(title: str) -> tuple[str, int | None]:
    """(机关名称, 年度) from a title such as "淮安市人民政府2024年政府信息公开工作年度报告"."""
    t = nfkc(title).strip()
    m = _TITLE.match(t)
    if not m or not m.group("org").strip():  # "2023年某某镇政府信息公开工作年度报告": the year comes first
        m2 = re.match(r"^\s*((?:19|20)\d{2})\s*年\s*度?\s*(.+?)\s*(?:政府信息公开|政务公开)", t)
        if m2 and m2.group(2):
            return re.sub(r"\s+", "", m2.group(2)), int(m2.group(1))
    if not m:
        m2 = re.search(r"((?:19|20)\d{2})\s*年", t)
        m3 = re.match(r"^(.+?)\s*(?:政府信息公开|政务公开)(?:工作)?年度报告", t)  # "某某局政府信息公开工作年度报告（2023年）"
        org = re.sub(r"(关于|的)$", "", re.sub(r"\s+", "", m3.group(1))) if m3 and not re.search(r"\d", m3.group(1)) else ""
        return org, int(m2.group(1)) if m2 else None
    org = re.sub(r"\s+", "", m.group("org")).strip("《》“”\"'：:")
    org = re.sub(r"^关于|关于$", "", org)
    return org, int(m.group("year"))


def find_year(text: str) -> tuple[int | None, str]:
    """The report year from the statistical period or "2023年政府信息公开工作"; (year, how it was found)."""
    t = nfkc(text)
    m = _YEAR_PERIOD.search(t)
    if m and m.group(1) == m.group(2):
        return int(m.group(1)), f"统计期限“{m.group(0)}”"
    m = _YEAR_WORK.search(t)
    if m:
        return int(m.group(1)), f"正文“{m.group(0)}”"
    return None, ""


def find_publish_date(text: str) -> date | None:
    m = _PUBLISHED.search(nfkc(text))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def guess_level(org: str) -> tuple[str, str] | None:
    """The level key for a name, with the reason; None when the name says nothing reliable."""
    o = org
    if re.search(r"(乡|镇|街道)(人民政府|办事处)?$", o) or re.search(r"(乡|镇)人民政府", o) or o.endswith("街道办事处"):
        return "township", "名称以乡、镇或街道结尾"
    if re.search(r"(国务院|国家)", o) and not re.search(r"(省|市|县|区)", o):
        return "state_council_dept", "名称中有“国家/国务院”"
    if re.search(r"(省|自治区)人民政府$", o) or re.search(r"(省|自治区)人民政府办公厅$", o):
        return "province_gov", "名称为省（自治区）人民政府"
    if re.search(r"(厅|省.*局)$", o):
        return "province_dept", "名称以“厅”结尾或为省级局"
    if re.search(r"(县|旗|区|县级市)人民政府(办公室)?$", o):
        return "county_gov", "名称为县（区）人民政府"
    if re.search(r"市人民政府(办公室|办公厅)?$", o) and not re.search(r"[县区]", o):
        return "city_gov", "名称为市人民政府"
    if re.search(r"(县|旗|区).*(局|委员会|办公室|中心|委|办)$", o):
        return "county_dept", "县（区）的部门"
    if re.search(r"市.*(局|委员会|办公室|中心|委|办)$", o):
        return "city_dept", "市的部门"
    return None


# --- narrative ---------------------------------------------------------------------------------------
def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_width(doc: Document) -> int | None:
    """The width text lines were hard-wrapped at (text copied from a PDF), or None when lines are paragraphs.

    Wrapped text has many long lines of about the same width that do not end a sentence."""
    if doc.wrap is not None:
        return doc.wrap or None
    widths = []
    open_ends = 0
    for ln in doc.lines:
        if ln.cells is not None or "|" in ln.text:
            continue
        t = ln.text.strip()
        if len(t) < 12 or not re.search(r"[\u4e00-\u9fff]", t):
            continue
        widths.append(_display_width(t))
        open_ends += t[-1] not in _SENTENCE_END + "”」）)"
    doc.wrap = 0
    if len(widths) >= 6 and open_ends >= 0.5 * len(widths):
        widths.sort()
        top = widths[int(len(widths) * 0.8)]
        near = sum(1 for w in widths if w >= 0.85 * top)
        if near >= 0.5 * len(widths):
            doc.wrap = top
    return doc.wrap or None


def paragraphs(doc: Document, idxs: list[int]) -> list[str]:
    """The lines as paragraphs, verbatim. Text wrapped into lines (page layout, a PDF copy) is joined: a new paragraph
    starts at an indented line (page layout), a numbered heading, or after a short line that ends a sentence."""
    out: list[str] = []
    indented = doc.layout and any(ln.indent >= 2 and ln.cells is None for ln in doc.lines)
    width = None if indented else wrap_width(doc)
    prev_full = False
    for i in idxs:
        ln = doc.lines[i]
        t = _line_text(ln) if ln.cells is not None else ln.text
        s = t.strip().replace("\u3000", " ").strip()
        if not s or _TRAILER.search(s) and len(s) < 60:
            continue
        if not (indented or width) or not out:
            out.append(s)
            prev_full = width is not None and _display_width(s) >= 0.85 * width
            continue
        starts = _SUB.match(s) or _HEAD.match(s) or (indented and ln.indent >= 2)
        if starts or (width and not prev_full):
            out.append(s)
        else:
            prev = out[-1]
            glue = " " if prev[-1:].isascii() and prev[-1:].isalnum() and s[:1].isascii() and s[:1].isalnum() else ""
            out[-1] = prev + glue + s
        prev_full = width is not None and _display_width(s) >= 0.85 * width
    return out


def split_overview(paras: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """Intro and (title, text) subsections of 一、总体情况. A run-in title ("（一）主动公开方面：…") stays the title."""
    intro: list[str] = []
    subs: list[tuple[str, list[str]]] = []
    for p in paras:
        m = _SUB.match(p)
        if m:
            title, text = _run_in_title(p, m.end())
            subs.append((title, [text] if text else []))
        elif subs:
            subs[-1][1].append(p)
        else:
            intro.append(p)
    return "\n".join(intro), [(t, "\n".join(x)) for t, x in subs]


def _run_in_title(p: str, after_marker: int) -> tuple[str, str]:
    window = p[after_marker:after_marker + 40]
    for i, ch in enumerate(window):
        if ch in "：:。":
            cut = after_marker + i + 1
            return p[:cut], p[cut:].strip()
    if len(p) <= 40:
        return p, ""
    # a title ended by a space: "（一）主动公开情况 2024年，……"
    m = re.match(r"\S{2,24}\s+", p[after_marker:])
    if m and len(p[:after_marker + m.end()].strip()) <= 30:
        cut = after_marker + m.end()
        return p[:cut].rstrip(), p[cut:].strip()
    return p[:after_marker], p[after_marker:].strip()


_FEE_NONE = re.compile(r"(未|没有|无|不涉及|均未|未曾)(收取|产生|发生)?[^。；;]{0,12}信息处理费|信息处理费[^。；;]{0,10}(为|共)?\s*0\s*元|"
                       r"(不|未)(收取|涉及)[^。；;]{0,6}(任何)?费用")
_FEE_AMOUNT = re.compile(r"信息处理费[^。；;\d]{0,12}?(\d[\d,，]*(?:\.\d+)?)\s*(万元|元)|收取[^。；;\d]{0,20}?(\d[\d,，]*(?:\.\d+)?)\s*"
                         r"(万元|元)[^。；;]{0,6}信息处理费")


def find_processing_fee(text: str) -> tuple[str, str] | None:
    """The 信息处理费 stated in 六、其他需要报告的事项, in 元: (amount as text, the words it came from)."""
    t = nfkc(text)
    m = _FEE_AMOUNT.search(t)
    if m:
        num = (m.group(1) or m.group(3)).replace(",", "").replace("，", "")
        unit = m.group(2) or m.group(4)
        if unit == "万元":
            from decimal import Decimal
            num = str((Decimal(num) * 10000).normalize())
        return num, m.group(0)
    m = _FEE_NONE.search(t)
    if m:
        return "0", m.group(0)
    return None
