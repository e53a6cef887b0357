"""Narrative text prepared for matching: full-width to half-width, line breaks and spaces inside sentences removed."""

from __future__ import annotations

import re
from functools import lru_cache

from gkdesk.core.textsim import nfkc

_SPACE = re.compile(r"\s+")


def _join(m: re.Match[str]) -> str:
    s, e = m.start(), m.end()
    text = m.string
    # keep one space between two figures (“72   64” in a flattened table), drop it everywhere else
    if s > 0 and e < len(text) and text[s - 1].isdigit() and text[e].isdigit():
        return " "
    return ""


@lru_cache(maxsize=512)
def norm(text: str) -> str:
    """NFKC (“３１１９” → “3119”, “，” → “,”, “（” → “(”) and whitespace removed, so “答\\n复 3050 件” reads
    “答复3050件”. Kept as is: 。、“”《》〔〕【】."""
    return _SPACE.sub(_join, nfkc(text))
