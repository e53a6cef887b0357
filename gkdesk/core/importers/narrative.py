"""The narrative: 一、总体情况 (intro and subsections), 五 and 六 as paragraphs; the 信息处理费 stated in 六."""

from __future__ import annotations

import re
from decimal import Decimal

from gkdesk.core.importers.log import ImportLog, Kind, short
from gkdesk.core.importers.meta import signature
from gkdesk.core.importers.source import Document, nfkc
from gkdesk.core.importers.structure import (
    _HEAD,
    _SENTENCE_END,
    _SUB,
    _TRAILER,
    PAGE_MARK,
    PAGE_MARK_INLINE,
    Structure,
    line_text,
)
from gkdesk.core.report import Report, Subsection
from gkdesk.core.values import find_processing_fee  # one home of the 信息处理费 sentence

_PERIOD_ONLY = re.compile(r"^(本报告|报告|本年报|年报)?中?所列(的)?数据(的)?统计(期限|时间|周期)[^。]{0,8}?((?:19|20)\d{2})\s*年\s*1\s*月"
                          r"\s*1\s*日[^。]{0,16}?12\s*月\s*31\s*日(止)?。?$")

# --- narrative -------------------------------------------------------------------------------------------
def read_narrative(doc: Document, st: Structure, report: Report, log: ImportLog) -> bool:
    found = False
    fmt = report.format
    headings = {s.key: s.heading for s in fmt.sections}
    for key, h in st.headings.items():
        kind: Kind = "matched" if h.exact else "fuzzy"
        text = f"部分标题：“{h.text}”" + ("" if h.exact else f"，按“{headings[key]}”识别")
        log.add(kind, key if key in ("s1", "s5", "s6") else {"s2": "t2", "s3": "t3", "s4": "t4"}[key], text,
                f"第{doc.lines[h.line].no}行")
    pre = []
    for para in paragraphs(doc, st.preamble):
        if _is_period_only(para):
            log.add("ignored", "s1", f"统计期限句“{short(para, 40)}”没有作为正文导入（gkdesk 按报告年度自动写出这句话）。")
            y = _period_year(para)
            if y and report.meta.year and y != report.meta.year:
                log.add("assumed", "meta", f"统计期限写的是 {y} 年，与报告年度 {report.meta.year} 不一致，请核对。")
            continue
        pre.append(para)
    reg = st.region("s1")
    if reg is not None:
        body = paragraphs(doc, list(range(*reg)))
        first = st.headings["s1"].rest
        if first:
            body.insert(0, first)
        intro, subs = split_overview(body)
        if pre:
            intro = "\n".join(pre + ([intro] if intro else []))
            log.add("assumed", "s1", f"标题和“一、总体情况”之间的 {len(pre)} 段文字放在了总体情况的开头。")
        report.overview_intro = intro
        report.overview = [Subsection(t, x) for t, x in subs]
        found = True
        log.add("matched", "s1", f"总体情况：开头 {len(intro)} 字，{len(subs)} 个小标题"
                + (f"（{'、'.join(short(t, 12) for t, _ in subs)}）" if subs else "") + "。")
        if not subs:
            log.add("assumed", "s1", "总体情况中没有“（一）（二）……”小标题，全部文字放在了开头段落。")
    else:
        if pre:
            report.overview_intro = "\n".join(pre)
            log.add("assumed", "s1", f"没有找到“一、总体情况”；标题后的 {len(pre)} 段文字放在了总体情况的开头。")
        else:
            log.add("missing", "s1", "原文中没有找到“一、总体情况”。")
        report.overview = []
    for key, attr in (("s5", "section5"), ("s6", "section6")):
        reg = st.region(key)
        if reg is None:
            log.add("missing", key, f"原文中没有找到“{headings[key]}”，这一部分留空。")
            continue
        body = paragraphs(doc, list(range(*reg)))
        if st.headings[key].rest:
            body.insert(0, st.headings[key].rest)
        if key == "s6" or reg[1] >= len(doc.lines):
            signature(body, report, log, key)
        setattr(report, attr, "\n".join(body))
        found = True
        log.add("matched", key, f"{len(body)} 段，共 {sum(len(b) for b in body)} 字。" if body else "这一部分没有文字。")
    fee = find_processing_fee(report.section6)
    if fee is not None:
        report.processing_fee_yuan = Decimal(fee[0])
        log.add("assumed", "s6", f"信息处理费：{fee[0]} 元（取自“{short(fee[1], 40)}”），请核对。")
    elif report.section6:
        log.add("missing", "s6", "第六部分没有说明信息处理费收取情况，请补充（未收取的也应说明）。")
    return found


def _is_period_only(para: str) -> bool:
    return bool(_PERIOD_ONLY.match(re.sub(r"\s+", "", nfkc(para))))


def _period_year(para: str) -> int | None:
    m = _PERIOD_ONLY.match(re.sub(r"\s+", "", nfkc(para)))
    return int(m.group(5)) if m else None


# --- paragraphs ---------------------------------------------------------------------------------------
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
        t = line_text(ln) if ln.cells is not None else ln.text
        s = PAGE_MARK_INLINE.sub("", t.strip().replace("\u3000", " ")).strip()
        if not s or _TRAILER.search(s) and len(s) < 60 or PAGE_MARK.match(s):
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
    # a short title ended by a space before any punctuation: "（三）政府信息管理情况 2022年,……" (the sentence is text)
    spaced = re.match(r"[^\s：:。，,；;]{2,24}\s+(?=\S)", p[after_marker:])
    for i, ch in enumerate(window):
        if ch in "：:。":
            cut = after_marker + i + 1
            if spaced and after_marker + spaced.end() <= cut:
                return p[:after_marker + spaced.end()].rstrip(), p[after_marker + spaced.end():].strip()
            return p[:cut], p[cut:].strip()
    if len(p) <= 40:
        return p, ""
    # a title ended by a space: "（一）主动公开情况 2024年，……"
    m = re.match(r"\S{2,24}\s+", p[after_marker:])
    if m and len(p[:after_marker + m.end()].strip()) <= 30:
        cut = after_marker + m.end()
        return p[:cut].rstrip(), p[cut:].strip()
    return p[:after_marker], p[after_marker:].strip()
