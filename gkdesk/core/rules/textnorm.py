"""Narrative text prepared for matching: full-width to half-width, line breaks and spaces inside sentences removed."""

from __future__ import annotations

from functools import lru_cache

from gkdesk.core.textsim import nfkc
from gkdesk.core.values import LazyPattern


def _collapse(text: str) -> str:
    """Every run of whitespace removed, except one space kept between two figures (“72   64” in a flattened table).
    ``str.split()`` cuts at the runs ``re``'s ``\\s+`` finds (both ask ``Py_UNICODE_ISSPACE``) in one step; the runs
    at either end have nothing on one side and go (tests/core/test_textnorm.py compares it with the regex)."""
    parts = text.split()
    if len(parts) <= 1:
        return parts[0] if parts else ""
    out = [parts[0]]
    prev = parts[0]
    for part in parts[1:]:
        if prev[-1].isdigit() and part[0].isdigit():
            out.append(" ")
        out.append(part)
        prev = part
    return "".join(out)


@lru_cache(maxsize=512)
def norm(text: str) -> str:
    """NFKC (“３１１９” → “3119”, “，” → “,”, “（” → “(”) and whitespace removed, so “答\\n复 3050 件” reads
    “答复3050件”. Kept as is: 。、“”《》〔〕【】."""
    return _collapse(nfkc(text))


def norm_lines(text: str) -> list[str]:
    """``[norm(line) for line in text.splitlines()]`` with one NFKC pass over the text and nothing put in ``norm``'s
    cache (a line is read once; the cache keeps whole texts, which several rules ask for). NFKC neither makes,
    removes nor moves a line break (each is a starter no character composes with; tests/core/test_textnorm.py
    checks every code point beside one), and a text of one line is that line with at most a trailing break, which
    ``norm`` drops as whitespace."""
    lines = text.splitlines()
    if len(lines) <= 1:
        return [norm(text)] if lines else []
    return [_collapse(line) for line in nfkc(text).splitlines()]


_HEADING_LINE = LazyPattern(r"^(?:\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、])")


def paragraphs(text: str) -> list[str]:
    """Lines joined back into paragraphs: a line break counts as a paragraph end after 。!?;: or after a heading
    line such as “(二)依申请公开情况”; elsewhere it is a break inside a sentence (text extracted from a PDF)."""
    paras: list[str] = []
    for n in norm_lines(text):
        if not n:
            continue
        if paras and not (paras[-1][-1] in "。!?;:" or _HEADING_LINE.match(paras[-1])):
            paras[-1] += n
        else:
            paras.append(n)
    return paras
