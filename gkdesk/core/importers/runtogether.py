"""Text that lost its line breaks (a web page copied as one line, paragraphs run together): split before the format's
headings, the tables' block titles and row labels, and the page furniture, so the rest of the importer sees lines."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from gkdesk.core.importers.hanzi import to_simplified

#: a line this long holding two section headings or several row labels is run-together text
_LONG = 300
_NUMBERING = re.compile(r"(?:[（(][一二三四五六七八九十][)）]|[一二三四五六七八九十]\s*[、.．]|\d{1,2}\s*[.、．])\s*$")
_SUBSECTION = re.compile(r"[（(][一二三四五六七八九十]{1,2}[)）]")
_FURNITURE = re.compile(r"(?:发布(?:日期|时间)|成文日期|来源\s*[:：]|字体\s*[:：]|浏览次数|索引号|分享到)")
_TITLE_END = re.compile(r"(?:19|20)\d{2}\s*年度?\s*政府信息公开(?:工作)?年度报告")


def _matchable(text: str) -> str:
    """The text as matched: each character NFKC-folded when that keeps it one character, then Simplified. Positions
    stay those of the original text."""
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return to_simplified("".join(out))


@cache
def _words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(section headings, row labels and block titles) of the 2021 and 2019 formats, Simplified, NFKC."""
    from gkdesk.core.format import load_format
    from gkdesk.core.importers.structure import HEADING_VARIANTS

    heads = tuple(sorted({v for vs in HEADING_VARIANTS.values() for v in vs}, key=len, reverse=True))
    labels: set[str] = set()
    for version in ("2021", "2019"):
        fmt = load_format(version)
        for t in fmt.tables.values():
            for r in t.rows:
                labels.update(r.labels)
            for b in t.blocks:
                if isinstance(b, dict) and b.get("title"):
                    labels.add(str(b["title"]))
    cores = set()
    for lb in labels:
        core = re.sub(r"^(?:[（(][一二三四五六七八九十][)）]|[一二三四五六七八九十]、|\d[.、．])", "", unicodedata.normalize("NFKC", lb))
        if core:
            cores.add(core)
    return heads, tuple(sorted(cores, key=len, reverse=True))


def is_run_together(lines: list[str]) -> bool:
    heads, labels = _words()
    for line in lines:
        if len(line) < _LONG:
            continue
        m = _matchable(line)
        if sum(1 for h in heads if h in m) >= 2 or sum(1 for lb in labels if len(lb) >= 4 and lb in m) >= 5:
            return True
    return False


def split_line(line: str) -> list[str]:
    """One run-together line as lines: a break before each heading, block title, row label, subsection marker and
    piece of page furniture, and after the title."""
    heads, labels = _words()
    m = _matchable(line)
    cuts: set[int] = set()
    for h in heads:
        for hit in re.finditer(re.escape(h), m):
            num = re.search(r"[一二三四五六1-6]\s*[、.．]\s*$", m[max(0, hit.start() - 4):hit.start()])
            if num:
                cuts.add(hit.start() - (len(m[max(0, hit.start() - 4):hit.start()]) - num.start()))
    for lb in labels:
        for hit in re.finditer(re.escape(lb), m):
            before = m[max(0, hit.start() - 5):hit.start()]
            num = _NUMBERING.search(before)
            if num:
                cuts.add(hit.start() - (len(before) - num.start()))
            elif not before or before[-1] == " " or not re.match(r"[\u4e00-\u9fff（(“]", before[-1]):
                cuts.add(hit.start())
    for hit in _SUBSECTION.finditer(m):
        cuts.add(hit.start())
    for hit in _FURNITURE.finditer(m):
        cuts.add(hit.start())
    for hit in _TITLE_END.finditer(m):
        cuts.add(hit.end())
    out, last = [], 0
    for c in sorted(cuts):
        if c > last:
            out.append(line[last:c].strip())
            last = c
    out.append(line[last:].strip())
    return [x for x in out if x]


def split_run_together(text: str) -> tuple[str, int]:
    """The text with its run-together lines split; and how many lines were split."""
    lines = text.split("\n")
    if not is_run_together(lines):
        return text, 0
    out: list[str] = []
    n = 0
    for line in lines:
        if len(line) >= _LONG:
            parts = split_line(line)
            n += len(parts) > 1
            out.extend(parts)
        else:
            out.append(line)
    return "\n".join(out), n
