"""The document's structure: title, 机关名称, 报告年度, the six sections, paragraphs and the 总体情况 subsections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
_JUNK = re.compile(r"(发布(?:时间|日期)|来源\s*[:：]|字体\s*[:：]|分享到|打印|关闭窗口|浏览次数|阅读次数|索引号|"
                   r"首页\s*[/>›»]|当前位置|您的位置|您现在的位置|【\s*[大中小]\s*】|(?:^|\s)(?:时间|日期)\s*[:：]\s*(?:19|20)\d{2})")
#: a breadcrumb trail in front of the title ("首页 / 政府信息公开 / 年报 某某局2023年…年度报告")
_CRUMBS = re.compile(r"^.*[/>›»]\s*")
#: page marks that text extraction leaves ("Page8-", "P. 9", "第 3 页"): not text, not figures
PAGE_MARK = re.compile(r"^\s*(?:page\s*\d{1,3}\s*-?|p\.\s*\d{1,3}|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?)\s*$",
                       re.IGNORECASE)
PAGE_MARK_INLINE = re.compile(r"(?:(?<=\s)|^)(?:page\s*\d{1,3}\s*-|p\.\s*\d{1,3})(?=\s|$)", re.IGNORECASE)
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
    """A section heading found in the source."""

    key: str
    line: int  # index into Document.lines
    text: str
    rest: str = ""  # text after the heading on the same line (a run-in first paragraph)
    exact: bool = True


@dataclass
class Structure:
    """The parts of a source: title, preamble, headed sections."""

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
        text = line_text(ln)
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
        text = line_text(doc.lines[i]).strip()
        m = _HEAD.match(nfkc(text))
        own = fold(m.group(2)) if m else ""
        exact = score >= 0.999 and (own == fold(HEADING_VARIANTS[key][0]) or bool(rest))
        st.headings[key] = Heading(key, i, text, rest, exact=exact)
        last = n
    first = min((h.line for h in st.headings.values()), default=len(doc.lines))
    # title: the first short line before section 一 that names the annual report (with the line above if it is
    # the organisation's name on a line of its own)
    for i in range(min(first, 40)):
        t = line_text(doc.lines[i]).strip()
        if not t or PAGE_MARK.match(t):
            continue
        crumbs = _CRUMBS.match(t) if _JUNK.search(t) and "年度报告" in fold(t) else None
        if crumbs and st.title_line is None:  # the title after a breadcrumb trail on the same line
            rest = t[crumbs.end():]
            t = re.split(r"\s+(?=[^\s]*(?:19|20)\d{2}\s*年)", rest, maxsplit=1)[-1] if re.search(r"\s", rest) else rest
            st.junk.append(i)
        elif _JUNK.search(t) or fold(_first_cell(doc.lines[i])) in META_LABELS or i in toc_lines \
                or re.fullmatch(r"目\s*录", t):
            st.junk.append(i)
            continue
        ft = fold(t)
        if st.title_line is None and ("年度报告" in ft or "年报" in ft and len(ft) < 40) and len(ft) <= 60 \
                and not _ends_sentence(t):
            title = re.sub(r"\s+", "", t) if re.search(r"\d\s+年", t) else t
            prev = _previous_text(doc, i)
            if prev is not None and not parse_title(title)[0]:  # the name on the line above the year
                pt = line_text(doc.lines[prev]).strip()
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


def _only_blank_between(doc: Document, a: int, b: int) -> bool:
    return all(not doc.lines[j].text.strip() for j in range(a + 1, b))


def _previous_text(doc: Document, i: int) -> int | None:
    for j in range(i - 1, max(-1, i - 4), -1):
        if line_text(doc.lines[j]).strip():
            return j
    return None


def _ends_sentence(t: str) -> bool:
    return bool(t) and t.rstrip()[-1] in _SENTENCE_END


def line_text(ln: Line) -> str:
    if ln.cells is not None:
        cells = [c for c in ln.cells if c and c.strip()]
        return cells[0] if len(cells) == 1 else ("" if cells else "")
    return ln.text


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
