"""Tolerant label matching: width, spaces, punctuation and typos folded; similarity by character bigrams."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

from gkdesk.core.importers.hanzi import to_simplified
from gkdesk.core.values import BLANK_WORDS as BLANK_MARKERS  # noqa: F401 - one home: core/values.py
from gkdesk.core.values import VALUE_WORDS, is_blank_word

_KEEP = re.compile(r"[0-9a-z\u4e00-\u9fff〃]")
_NUMERIC = re.compile(
    r"^[+-]?(\d{1,3}([,，]\d{3})+|\d+)([.．]\d+)?\s*(件|个|条|宗|项|次|份|万元|元|人次|%)?$")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Letters, digits and Chinese characters only; full width to half width; Traditional to Simplified; lower case.

    "(一) 予以公开" and "（一）予以公开" both fold to "一予以公开"."""
    t = to_simplified(unicodedata.normalize("NFKC", text).lower())
    return "".join(_KEEP.findall(t))


@lru_cache(maxsize=4096)
def bigrams(text: str) -> frozenset[str]:
    f = fold(text)
    if len(f) < 2:
        return frozenset({f}) if f else frozenset()
    return frozenset(f[i:i + 2] for i in range(len(f) - 1))


def recall(label: str, context: str) -> float:
    """Share of the label's bigrams found in the context (noise in the context costs nothing)."""
    lb = bigrams(label)
    if not lb:
        return 0.0
    return len(lb & bigrams(context)) / len(lb)


def similarity(label: str, text: str) -> float:
    """How well ``text`` (a cell or a wrapped label with noise around it) names ``label``, 0..1.

    The best of: the label found inside the text (recall), the text found inside the label (a label cut short,
    at least 4 characters), and the plain edit similarity (typos)."""
    fl, ft = fold(label), fold(text)
    if not fl or not ft:
        return 0.0
    if fl == ft:
        return 1.0
    best = recall(label, text)
    if len(ft) >= 4:
        best = max(best, 0.95 * recall(text, label))
    if abs(len(fl) - len(ft)) <= max(len(fl), len(ft)) // 2:
        best = max(best, difflib.SequenceMatcher(None, fl, ft, autojunk=False).ratio())
    return best


def exact(label: str, text: str) -> bool:
    """Equal once width, spaces and punctuation are folded (what the log calls an exact match)."""
    return fold(label) == fold(text)


def is_numeric(text: str) -> bool:
    t = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    return bool(_NUMERIC.match(t))


def is_blank_marker(text: str) -> bool:
    """A cell that means "nothing written here" (one home: core/values.py); an empty cell is not a marker."""
    return bool(text.strip()) and is_blank_word(text)


def is_value(text: str) -> bool:
    """A figure cell: a number (units allowed), a blank marker, or a word written instead of a figure."""
    t = unicodedata.normalize("NFKC", text).strip()
    return is_numeric(t) or is_blank_marker(t) or t in VALUE_WORDS


def squeeze(text: str) -> str:
    """A label as shown in the log: NFKC-free, but runs of spaces and line breaks removed."""
    return re.sub(r"\s+", "", text)
