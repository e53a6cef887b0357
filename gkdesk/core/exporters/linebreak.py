"""Chinese line breaking on a character grid (GB/T 9704 body, GB/T 15834 and W3C clreq 避头尾), pure functions.

``break_paragraph`` turns styled text into lines of placed characters. Every character has its own box: a
full-width character (汉字, full-width punctuation) gets one grid cell (``pitch``), a run of digits or Latin letters
its natural width and stays together. A line that is not the paragraph's last is justified: it ends exactly at
``width``. Where the natural break would put a closing mark at the start of a line (or an opening one at the end)
the line either takes the mark in by compressing punctuation to half width (标点挤压), or gives one character
away and spreads the remaining space (never does a line run past ``width``). Spaces typed between Chinese and
digits (``2024 年``) are not printed; spaces between Latin words are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

#: may not start a line (GB/T 15834 点号 and closing 标号, clreq's 行首禁则)
CANNOT_START = frozenset("，。、；：？！）》」』】〕〉〗〙｝…—’”%‰℃·．，,.;:!?)]}％～〞・ー々ゝゞ")
#: may not end a line (opening 标号)
CANNOT_END = frozenset("（《「『【〔〈〖〘｛“‘([{〝")
#: full-width marks whose ink sits in the left half: their right half may be squeezed out
SQUEEZABLE = frozenset("，。、；：）》」』】〕〉〗〙｝”’")
PUNCT = SQUEEZABLE | CANNOT_END | frozenset("？！…—·")
#: characters kept together as one run (digits, Latin, half-width signs within them)
_RUN = re.compile(r"[0-9A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF!-/:-@\[-`{-~\u00B0\u00B1\u00D7\u2030\u2103]+")
_SPACE = " \t\u00a0\u2002\u2003\u2009"
EPS = 1e-6


@dataclass(slots=True)
class Placed:
    """A character's place on its line: ``x`` where its glyph starts, ``end`` where its box ends (both from the
    line's left edge); the next character's box starts at ``end``."""

    ch: str
    style: str
    x: float
    end: float


@dataclass(slots=True)
class Line:
    """One laid-out line of a paragraph: its placed boxes and how wide it is."""

    items: list[Placed]
    justified: bool  # a full line: ends at the line width
    width: float  # right edge of the last box

    @property
    def text(self) -> str:
        return "".join(p.ch for p in self.items)


@dataclass(slots=True)
class _Unit:
    """What cannot be broken: characters that stay on one line, with their widths."""

    chars: list[tuple[str, str, float]]  # (character, style, natural advance)
    width: float  # width on the line
    squeeze: float  # how much of it may be squeezed out at most
    kind: str  # "cjk", "run", "space"
    nominal: float = -1.0  # the width before an always-squeezed pair took half of it (-1: same as width)

    @property
    def end_width(self) -> float:
        """Its width at the end of a line: a mark squeezed for the mark after it gets its full box back."""
        return self.width if self.nominal < 0 else self.nominal

    @property
    def first(self) -> str:
        return self.chars[0][0]

    @property
    def last(self) -> str:
        return self.chars[-1][0]


Advance = Callable[[str, str], float]


def _run_mask(text: str) -> list[bool]:
    mask = [False] * len(text)
    for m in _RUN.finditer(text):
        mask[m.start(): m.end()] = [True] * (m.end() - m.start())
    return mask


def clean_spaces(text: str) -> str:
    """Spaces collapsed; a space between Chinese and Chinese, digits or letters (``2024 年``, ``第 3 条``) removed;
    one between Latin words, or beside a half-width sign (``(一) 主动``), kept as typed."""
    text = re.sub(f"[{_SPACE}]+", " ", text)
    if " " not in text:
        return text
    mask = _run_mask(text)
    out = []
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch == " ":
            if not 0 < i < last:
                continue
            a, b = text[i - 1], text[i + 1]
            cjk_a, cjk_b = not mask[i - 1], not mask[i + 1]
            if (cjk_a or cjk_b) and (cjk_a or a.isalnum()) and (cjk_b or b.isalnum()):
                continue
        out.append(ch)
    return "".join(out)


def _units(pieces: Iterable[tuple[str, str]], pitch: float, advance: Advance,
           words: Callable[[str], list[str]] | None) -> list[_Unit]:
    pieces = list(pieces)
    raw = "".join(t for t, _ in pieces)
    text = clean_spaces(raw)
    styles: list[str] = []
    for t, style in pieces:
        styles.extend([style] * len(t))
    if text != raw:  # restore each kept character's style (clean_spaces only drops and merges spaces)
        kept, k = [], 0
        for ch in text:
            while raw[k] != ch:
                k += 1
            kept.append(styles[k])
            k += 1
        styles = kept
    mask = _run_mask(text)
    units: list[_Unit] = []
    i = 0
    while i < len(text):
        ch, st = text[i], styles[i]
        if ch == " ":
            w = advance(ch, st)
            units.append(_Unit([(ch, st, w)], w, w * 0.3, "space"))
            i += 1
        elif mask[i]:
            j = i
            while j < len(text) and mask[j]:
                j += 1
            chars = [(text[m], styles[m], advance(text[m], styles[m])) for m in range(i, j)]
            units.append(_Unit(chars, sum(c[2] for c in chars), 0.0, "run"))
            i = j
        else:
            adv = advance(ch, st)
            full = adv >= pitch * 0.75
            w = pitch if full else adv
            units.append(_Unit([(ch, st, adv)], w, pitch / 2 if full and ch in SQUEEZABLE else 0.0, "cjk"))
            i += 1
    if words is not None:
        units = _join_words(units, words)
    # adjacent marks: the first one's blank half is always squeezed out (。” ）， ，“)
    for a, b in zip(units, units[1:], strict=False):
        if a.kind == "cjk" and a.squeeze and b.kind == "cjk" and b.first in PUNCT:
            a.nominal = a.width
            a.width -= a.squeeze
            a.squeeze = 0.0
    return units


def _join_words(units: list[_Unit], words: Callable[[str], list[str]]) -> list[_Unit]:
    """Merge the characters of each word (as ``words`` segments the Chinese text) into one unbreakable unit."""
    out: list[_Unit] = []
    i = 0
    while i < len(units):
        if units[i].kind != "cjk" or units[i].first in PUNCT:
            out.append(units[i])
            i += 1
            continue
        j = i
        while j < len(units) and units[j].kind == "cjk" and units[j].first not in PUNCT:
            j += 1
        pos = i
        for word in words("".join(u.first for u in units[i:j])):
            group = units[pos: pos + len(word)]
            pos += len(word)
            if len(group) == 1:
                out.append(group[0])
            else:
                out.append(_Unit([c for u in group for c in u.chars], sum(u.width for u in group), 0.0, "word"))
        i = j
    return out


def _legal(units: list[_Unit], k: int) -> bool:
    """May a line end before units[k]?"""
    if k <= 0 or k >= len(units):
        return True
    a, b = units[k - 1], units[k]
    if b.kind == "space" or a.kind == "space":
        return True
    if a.kind == "run" and a.last == ".":  # 1.属于国家秘密: the number stays with its item
        return False
    return b.first not in CANNOT_START and a.last not in CANNOT_END


def _split_unit(u: _Unit, avail: float) -> tuple[_Unit, _Unit]:
    """A run or word too wide for a whole line, cut where it fills the line (at least one character)."""
    acc, n = 0.0, 0
    for _ch, _st, adv in u.chars:
        w = adv if u.kind == "run" else u.width / len(u.chars)
        if n and acc + w > avail + EPS:
            break
        acc += w
        n += 1
    head, tail = u.chars[:n], u.chars[n:]
    per = u.width / len(u.chars)
    mk = (lambda cs: _Unit(cs, sum(c[2] for c in cs), 0.0, "run")) if u.kind == "run" else (
        lambda cs: _Unit(cs, per * len(cs), 0.0, "word"))
    return mk(head), mk(tail)


def break_paragraph(pieces: Iterable[tuple[str, str]], width: float, pitch: float, advance: Advance,
                    indent: float = 0.0, justify: bool = True,
                    words: Callable[[str], list[str]] | None = None) -> list[Line]:
    """Lines of (text, style) pieces on a ``width`` wide measure; ``indent`` is the first line's indent.

    ``advance(ch, style)`` is the natural advance of a character; characters at least ¾ of ``pitch`` wide take
    exactly one cell of ``pitch``. ``words``, when given, segments Chinese text into words kept whole (table
    labels). ``justify`` spreads every line but the last to the full width."""
    units = _units(pieces, pitch, advance, words)
    lines: list[Line] = []
    i, n = 0, len(units)
    first = True
    while i < n:
        while i < n and units[i].kind == "space":
            i += 1
        if i >= n:
            break
        start = indent if first else 0.0
        avail = width - start
        w, j = 0.0, i
        while j < n and w + units[j].width <= avail + EPS:
            w += units[j].width
            j += 1
        if j == n:
            lines.append(_place(units[i:n], start, avail, False))
            break
        if units[j].kind in ("run", "word") and len(units[j].chars) > 1 and (
                j == i or units[j].width > width and avail - w >= units[j].width / len(units[j].chars)
                and _legal(units, j)):
            # a run or word wider than a whole line (a web address): cut it where this line is full
            head, tail = _split_unit(units[j], avail - w)
            units[j: j + 1] = [head, tail]
            n += 1
            lines.append(_place(units[i: j + 1], start, avail, justify))
            i = j + 1
            first = False
            continue
        if j == i:  # one character wider than the line
            j = i + 1
        best = _choose(units, i, j, avail)
        lines.append(_place(units[i:best], start, avail, justify))
        i = best
        first = False
    return lines


def _fits(units: list[_Unit], i: int, k: int, avail: float) -> bool:
    """Can units[i:k] make one line, squeezing marks (all but the last, which keeps its full box)?"""
    line = units[i:k]
    while line and line[-1].kind == "space":
        line = line[:-1]
    if not line:
        return True
    need = sum(u.width for u in line[:-1]) + line[-1].end_width - sum(u.squeeze for u in line[:-1])
    return need <= avail + EPS


def _choose(units: list[_Unit], i: int, j: int, avail: float) -> int:
    """Where the line starting at units[i] ends, given that units[i:j] is the most that fits unsqueezed."""
    if _legal(units, j) and _fits(units, i, j, avail):
        return j
    if not _legal(units, j):
        # push in: take the mark (and one more) by squeezing punctuation on the line
        for k in (j + 1, j + 2):
            if k <= len(units) and _legal(units, k):
                if _fits(units, i, k, avail):
                    return k
                break
    # push out: end the line earlier and spread it
    for k in range(j - 1, i, -1):
        if _legal(units, k) and _fits(units, i, k, avail):
            return k
    return j  # nothing legal (a line of marks): break where it fills


def _place(units: list[_Unit], start: float, avail: float, justify: bool) -> Line:
    while units and units[-1].kind == "space":
        units = units[:-1]
    widths = [u.width for u in units]
    if units and justify:
        widths[-1] = units[-1].end_width  # its partner mark is on the next line
    over = sum(widths) - avail
    if over > EPS:  # squeeze the marks from the right; the last one keeps its full box
        for k in range(len(units) - 2, -1, -1):
            take = min(units[k].squeeze, over)
            widths[k] -= take
            over -= take
            if over <= EPS:
                break
    extra = avail - sum(widths)
    gaps = len(units) - 1
    if justify and gaps == 0 and units and len(units[0].chars) > 1 and extra > EPS:
        units = [_Unit([c], c[2], 0.0, "run") for c in units[0].chars]  # a cut run alone: spread its letters
        widths = [u.width for u in units]
        gaps = len(units) - 1
    spread = extra / gaps if justify and gaps > 0 and extra > EPS else 0.0
    items: list[Placed] = []
    x = start
    for k, u in enumerate(units):
        box = widths[k] + (spread if k < gaps else 0.0)
        if u.kind in ("run", "word"):
            per = u.width / len(u.chars)
            scale = widths[k] / u.width if u.width else 1.0
            cx = x
            for m, (ch, st, adv) in enumerate(u.chars):
                step = (adv if u.kind == "run" else per) * scale
                end = x + box if m == len(u.chars) - 1 else cx + step
                items.append(Placed(ch, st, cx, end))
                cx += step
        else:
            ch, st, _adv = u.chars[0]
            items.append(Placed(ch, st, x, x + box))
        x += box
    full = justify and spread > 0 or abs(x - (start + avail)) < 1e-3
    return Line(items, full, x)


# --- words for table labels ------------------------------------------------------------------------------
def segmenter(dictionary: Iterable[str]) -> Callable[[str], list[str]]:
    """Greedy longest-match word segmentation over ``dictionary``; unknown characters stand alone."""
    vocab = set(dictionary)
    longest = max((len(w) for w in vocab), default=1)

    def words(text: str) -> list[str]:
        out, i = [], 0
        while i < len(text):
            for size in range(min(longest, len(text) - i), 0, -1):
                if size == 1 or text[i: i + size] in vocab:
                    out.append(text[i: i + size])
                    i += size
                    break
        return out

    return words
