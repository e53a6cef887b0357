"""``textnorm._collapse`` (whitespace dropped, one space kept between two figures) is the regular-expression form it
replaced, on every code point as the whitespace and on random mixes of digits, spaces and letters."""

from __future__ import annotations

import random
import re
import sys

from gkdesk.core.rules.textnorm import _collapse, norm

_SPACE = re.compile(r"\s+")


def _join(m: re.Match[str]) -> str:
    s, e = m.start(), m.end()
    text = m.string
    if s > 0 and e < len(text) and text[s - 1].isdigit() and text[e].isdigit():
        return " "
    return ""


def reference(text: str) -> str:
    """How ``norm`` removed whitespace before (after NFKC)."""
    return _SPACE.sub(_join, text)


def test_every_code_point_between_figures_and_letters() -> None:
    for c in range(sys.maxunicode + 1):
        ch = chr(c)
        for text in (f"1{ch}2", f"a{ch}{ch}b", f"{ch}3", f"4{ch}"):
            assert _collapse(text) == reference(text), hex(c)


def test_random_mixes() -> None:
    rng = random.Random(16)
    alphabet = ["1", "9", "٣", "²", "①", "a", "中", "。", " ", "  ", "\n", "\t", "\r\n", "\u3000", "\xa0", "\u2028",
                "\x1c", "\x85", "\u200b", "\ufeff"]
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert _collapse(text) == reference(text), repr(text)


def test_norm_reads_a_published_text() -> None:
    assert norm("答\n复 3050 件，７２　６４件") == "答复3050件,72 64件"
    assert norm("") == "" and norm(" \n ") == ""


def test_norm_lines_is_norm_of_each_line() -> None:
    """NFKC of the whole text split at its line breaks is NFKC of each line, every code point beside a break
    (combining marks, compatibility forms, the breaks themselves)."""
    import unicodedata

    from gkdesk.core.rules.textnorm import norm_lines

    for c in range(sys.maxunicode + 1):
        ch = chr(c)
        if not (unicodedata.decomposition(ch) or unicodedata.combining(ch) or ch.isspace() or c < 0x3000
                or 0x1100 <= c <= 0x11FF or 0xAC00 <= c <= 0xD7A3 or 0xFF00 <= c <= 0xFFEF) or 0xD800 <= c <= 0xDFFF:
            continue  # (the rest: CJK and other letters that NFKC leaves as they are, composing with nothing)
        for text in (f"a{ch}\n{ch}b", f"{ch}\r\n{ch}\u2028", f"1{ch}\x85{ch}2\n"):
            assert norm_lines(text) == [norm(line) for line in text.splitlines()], hex(c)
    rng = random.Random(3)
    alphabet = ["1", "，", "（", "\u0301", "\u3099", "ᄀ", "ᅡ", "ᆨ", "a", "中", "\n", "\r", "\r\n", "\x1c", "\u2029", " ",
                "\u3000", "ｶ", "ﾞ", "①", "\x0b", "\x0c"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert norm_lines(text) == [norm(line) for line in text.splitlines()], repr(text)
