"""Traditional → Simplified characters, for matching labels and headings only (figures and narrative stay as written).

The table (resources/hanzi/t2s.txt) is OpenCC's t2s character conversion, generated offline by tools/make_t2s.py.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from gkdesk.paths import resource


@cache
def _table() -> dict[int, str]:
    out: dict[int, str] = {}
    for line in resource("hanzi", "t2s.txt").read_text(encoding="utf-8").splitlines():
        if len(line) == 2 and not line.startswith("#"):
            out[ord(line[0])] = line[1]
    return out


def to_simplified(text: str) -> str:
    """Each Traditional character replaced by its Simplified form (one character for one: positions are kept)."""
    return text.translate(_table())


def has_traditional(text: str) -> bool:
    table = _table()
    return any(ord(ch) in table for ch in text)


def norm(text: str) -> str:
    """What the importer matches words on: NFKC (full width to half width) and Simplified characters."""
    return to_simplified(unicodedata.normalize("NFKC", text))


@cache
def _inverse() -> dict[int, str]:
    inv: dict[int, str] = {}
    for trad, simp in sorted(_table().items()):
        inv.setdefault(ord(simp), chr(trad))
    return inv


def to_traditional(text: str) -> str:
    """A Traditional rendering (the first Traditional form of each character): for tests that make Traditional copies."""
    return text.translate(_inverse())
