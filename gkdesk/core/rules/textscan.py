"""How the narrative rules (rules/text.py) find their phrases without scanning every text once per pattern.

A rule's patterns are tried only where a match can start: where a cheap scan finds a character a match begins with
(``matches``), and, for phrases that end in a figure (“…3119件”, “〔2019〕60号”), only in the few characters
before such a figure (``windows``, found with ``str.find``). Both yield exactly what ``finditer`` yields; the tests
(tests/core/test_rules_text_scan.py) compare them with ``finditer`` on adversarial strings and read the widths
they rely on from the patterns' own parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gkdesk.core.values import LazyPattern

Pattern = re.Pattern[str] | LazyPattern
#: (first place, last place, end): where a match can start, and how far a scan from there must see
Window = tuple[int, int, int]


def windows(n: str, units: str, before: int, after: int, runs: list[int] | None = None) -> list[Window]:
    """Where a phrase ending in a figure can start in ``n``: the phrase ends in digits (commas between them) and
    one of ``units`` (件, 起, 号), and holds at most ``before`` characters ahead of those digits and at most
    ``after`` from the unit on. So it starts at most ``before`` characters ahead of that run of digits and at
    its last digit the latest, and ends at most ``after`` characters from its unit: (first, last, end) for each
    run of such places, overlapping ones merged; [] when no digit stands before a unit. Digits are what ``\\d``
    matches in a str pattern (Unicode Nd: ``str.isdecimal``). ``runs`` gets where each such run of digits and
    commas starts (unit by unit)."""
    spans: list[tuple[int, int]] = []
    for unit in units:
        i = n.find(unit, 1)
        while i > 0:
            j = i - 1
            if n[j].isdecimal():
                while j and (n[j - 1].isdecimal() or n[j - 1] == ","):
                    j -= 1
                spans.append((j - before if j > before else 0, i - 1))
                if runs is not None:
                    runs.append(j)
            i = n.find(unit, i + 1)
    if not spans:
        return []
    if len(spans) == 1:
        a, b = spans[0]
        return [(a, b, min(len(n), b + 1 + after))]
    spans.sort()
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1] + 1:
            if b > merged[-1][1]:
                merged[-1][1] = b
        else:
            merged.append([a, b])
    size = len(n)
    return [(a, b, min(size, b + 1 + after)) for a, b in merged]


def matches(rx: Pattern, first: Pattern | None, text: str, at_start: bool = False) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``, trying ``rx`` only where ``first`` finds a character a match can start with, and at
    the start of the text if ``at_start`` (a pattern opening with ``^``). The same matches: ``rx.match(text, p)`` is
    ``finditer``'s attempt at p, lookbehinds and ``^`` included; a pattern without a literal or character class in
    front is tried at every position of the text, ~10 times slower on a long text."""
    if first is None:
        yield from rx.finditer(text)
        return
    end = 0
    match = rx.match
    if at_start and text:
        m = match(text, 0)
        if m is not None:
            yield m
            end = m.end()
    for s in first.finditer(text):
        p = s.start()
        if p >= end:
            m = match(text, p)
            if m is not None:
                yield m
                end = m.end()


def matches_in(rx: Pattern, first: Pattern | None, text: str, places: list[Window]) -> Iterator[re.Match[str]]:
    """``matches(rx, first, text)`` for a pattern whose every match starts in one of ``places`` (``windows``):
    nothing else is tried. ``first`` is scanned from a window's first place to its ``end`` (``re``'s ``endpos``):
    its lookahead reads only the beginning of the match it announces, which ends by then; a place found past the
    window's last is not a start. Lookbehinds still see the text before the window (``pos`` does not cut it)."""
    if first is None:
        yield from rx.finditer(text)
        return
    end = 0
    match = rx.match
    scan = first.finditer
    for a, b, e in places:
        for s in scan(text, a, e):
            p = s.start()
            if p > b:
                break
            if p >= end:
                m = match(text, p)
                if m is not None:
                    yield m
                    end = m.end()


def head_places(heads: tuple[tuple[str, ...] | None, ...]) -> tuple[tuple[tuple[int, ...], ...], re.Pattern[str]]:
    """For scans whose matches begin with one of their two-character heads (None: any beginning): a pattern finding
    every place a head stands, each head's first character followed by its second in a group of its own
    (“新(?=(收))”: ``re`` scans for those first characters; overlapping heads, “新收到”, are each found), and by the
    number of the group that matched (``lastindex``), the scans that head begins."""
    of_head: dict[str, list[int]] = {}
    for i, hs in enumerate(heads):
        for h in hs or ():
            of_head.setdefault(h, []).append(i)
    seconds: dict[str, list[str]] = {}
    for h in of_head:
        seconds.setdefault(h[0], []).append(h)
    of_group: list[tuple[int, ...]] = [()]
    alternatives = []
    for c, hs in seconds.items():
        alternatives.append(f"{re.escape(c)}(?={'|'.join(f'({re.escape(h[1])})' for h in hs)})")
        of_group.extend(tuple(of_head[h]) for h in hs)
    return tuple(of_group), re.compile("|".join(alternatives) or "(?!)")


def head_starts(spot: Pattern, of_group: tuple[tuple[int, ...], ...], n: str, places: list[Window]
                ) -> dict[int, list[int]]:
    """Where each scan with heads can start in ``n`` (``head_places``): every place in a window (up to its last
    place) where one of its heads stands, in order (scan index -> places)."""
    starts: dict[int, list[int]] = {}
    for a, b, e in places:
        for s in spot.finditer(n, a, e):
            p = s.start()
            if p > b:
                break
            for i in of_group[s.lastindex]:
                got = starts.get(i)
                if got is None:
                    starts[i] = [p]
                else:
                    got.append(p)
    return starts


def matches_at(rx: Pattern, text: str, starts: list[int]) -> list[re.Match[str]]:
    """``rx``'s matches tried at ``starts`` (ascending) as ``finditer`` would: a start inside the last match is
    skipped. ``rx.finditer(text)`` when ``starts`` holds every place a match can start (a ``_HEADS`` place)."""
    out = []
    end = 0
    match = rx.match
    for p in starts:
        if p >= end:
            m = match(text, p)
            if m is not None:
                out.append(m)
                end = m.end()
    return out


# --- TXT-UNIT, TXT-BASIS and TXT-SELF's phrases (rules/text.py ``_misc``) ----------------------------------------

#: an odd unit in a count of applications or appeals (the phrase TXT-UNIT names; ``unit_phrase`` finds it)
UNIT = LazyPattern(r"(?:申请|行政复议|行政诉讼)(?:案件)?(?:共计|合计|共|计)?\d+(?:宗|条|个|份)|\d+(?:宗|条|个|份)(?:政府信息公开|信息公开)?申请")
#: UNIT's two alternatives: every UNIT_WORD match opens with 申请 or 行政 (行政复议, 行政诉讼); every UNIT_COUNT match
#: ends with one of the units, then nothing, 信息公开 or 政府信息公开, then 申请 (``unit_phrase``)
UNIT_WORD = LazyPattern(r"(?:申请|行政复议|行政诉讼)(?:案件)?(?:共计|合计|共|计)?\d+(?:宗|条|个|份)")
UNIT_COUNT = LazyPattern(r"\d+(?:宗|条|个|份)(?:政府信息公开|信息公开)?申请")
UNIT_CHARS = "宗条个份"
#: what can follow 申请 in a UNIT_WORD match when it is not a digit (案件, 共计, 合计, 共, 计)
UNIT_WORD_NEXT = "案共合计"
UNIT_COUNT_BETWEEN = ("", "信息公开", "政府信息公开")
BRACKET = re.compile(r"(?<=[\u4e00-\u9fff])[\[(【]\s?(\d{4})\s?[\])】](\d{1,4})号")
BRACKET_FIRST = LazyPattern(r"[\[(【]")
#: the widest part of a BRACKET match before the digits of its number (“[2020]” and two spaces)
BRACKET_BEFORE = 8
#: how a 乡, 镇 or 街道 calls itself (“我镇”, “本街道”); another kind's word in its text was copied from elsewhere
TOWNSHIP_SELF = LazyPattern(r"(?:我|本|全)(乡|镇|街道)(?!镇|村|街)")
#: TOWNSHIP_SELF as one pattern for each of its words, opening with it: ``re`` scans for that one character, ~3 times
#: faster than for the class [我本全] (the word found, the lookbehind checks what stands before it)
SELF_AFTER = tuple((w, LazyPattern(f"{w}(?<=[我本全]{w})(?!镇|村|街)")) for w in ("乡", "镇", "街道"))


def unit_phrase(n: str) -> str | None:
    """``UNIT.search(n).group(0)``, ``UNIT`` tried only where a match can start, left to right: at a 申请 followed
    by a digit or by what UNIT_WORD lets stand before one (``UNIT_WORD_NEXT``), at 行政复议/行政诉讼, and at the first
    digit of the digits before a unit that stands right before 申请, 信息公开申请 or 政府信息公开申请 (UNIT_COUNT:
    ``\\d+`` from a digit after another one is the same match, one later). Each place is found with ``str.find``
    (a text mentions 申请 a few times, “1122条” many)."""
    if not ("宗" in n or "条" in n or "个" in n or "份" in n):
        return None  # (every match holds one of the units)
    starts = []
    k = n.find("请", 1) - 1  # (a one-character find is a memchr, ~2 times cheaper than one for 申请)
    while k >= 0:
        if n[k] != "申":
            k = n.find("请", k + 2) - 1
            continue
        after = n[k + 2:k + 3]
        if after and (after in UNIT_WORD_NEXT or after.isdecimal()):
            starts.append(k)
        before = n[k - 1] if k else ""
        if before in UNIT_CHARS and before or before == "开":  # (信息公开申请)
            for between in UNIT_COUNT_BETWEEN:
                u = k - 1 - len(between)
                if u > 0 and n[u] in UNIT_CHARS and n[u - 1].isdecimal() and n[u + 1:k] == between:
                    j = u - 1
                    while j and n[j - 1].isdecimal():
                        j -= 1
                    starts.append(j)
        k = n.find("请", k + 2) - 1
    k = n.find("行政") if "议" in n or "讼" in n else -1  # (行政复议, 行政诉讼)
    while k >= 0:
        if n[k + 2:k + 4] in ("复议", "诉讼"):
            starts.append(k)
        k = n.find("行政", k + 2)
    if not starts:
        return None
    starts.sort()
    match = UNIT.match
    for p in starts:
        m = match(n, p)
        if m is not None:
            return m.group(0)
    return None


def brackets(n: str) -> tuple[tuple[str, str, str], ...]:
    """(match, year, number) of each ``BRACKET`` match (a 文号 year in the wrong brackets): only before a 号 with
    digits before it (``windows``)."""
    if "号" not in n or not ("(" in n or "[" in n or "【" in n):
        return ()
    i = n.find("号", 1)
    while i > 0:  # a match ends in a closing bracket, at most 4 digits and 号: is there one (most texts: “〔2020〕109号”)?
        j = i
        while j and n[j - 1].isdecimal():
            j -= 1
        if j and i - 4 <= j < i and n[j - 1] in "])】":
            break
        i = n.find("号", i + 1)
    else:
        return ()
    return tuple((m.group(0), m.group(1), m.group(2))
                 for m in matches_in(BRACKET, BRACKET_FIRST, n, windows(n, "号", BRACKET_BEFORE, 1)))


def self_words(n: str, skip: str = "") -> tuple[str, ...]:
    """``TOWNSHIP_SELF``'s matches, each once, in order: each of 乡/镇/街道 found by its own literal scan; those of
    the word ``skip`` (a 镇's own 镇) left out and not looked for."""
    found = []
    for word, rx in SELF_AFTER:
        if word != skip and word[0] in n and word in n and rx.search(n) is not None:  # (街: a memchr first)  # (most texts: the word, never after 我/本/全)
            found.extend(m.span() for m in rx.finditer(n))
    if not found:
        return ()
    found.sort()
    return tuple(dict.fromkeys(n[a - 1:b] for a, b in found))


#: what ends a clause (after ``norm``: “，” is “,”)
CLAUSE_ENDS = ",;。:、!?"
#: the text up to a clause end: its match in [pos, endpos) ends just after the last clause end there (``.*`` takes
#: everything, then gives back one character at a time in C)
_UP_TO_CLAUSE_END = re.compile(r".*[,;。:、!?]", re.S)


def clause_prefix(text: str, start: int) -> str:
    """The clause before ``start``: from just after the last of ``CLAUSE_ENDS`` before it (“,上年度结转27件”: “”),
    looked for first among the ``_NEAR`` characters before ``start`` (a clause is short: a search to the text's start
    for a character it lacks costs more than the rest)."""
    if not start or text[start - 1] in CLAUSE_ENDS:
        return ""
    near = start - _NEAR if start > _NEAR else 0
    m = _UP_TO_CLAUSE_END.match(text, near, start)
    if m is None:
        if not near:
            return text[:start]
        m = _UP_TO_CLAUSE_END.match(text, 0, near)
        if m is None:
            return text[:start]
    return text[m.end():start]


_NEAR = 24


# --- TXT-YEAR's gate (rules/text.py ``years``) -------------------------------------------------------------------

_OTHER_YEAR: dict[int, re.Pattern[str]] = {}


def names_other_year(n: str, year: int) -> bool:
    """Whether ``n`` (``norm`` of a text) may name a year other than ``year`` where TXT-YEAR reads one: False only
    when every 年 after four digits (what its ``(\\d{4})年`` reads) follows ``year``'s own four digits. TXT-YEAR reads
    paragraphs of ``norm_lines``: those are ``n``'s lines joined without the space ``norm`` keeps between two figures
    on either side of a line break, so the spaces go first (a year split by them is still seen; one made by
    removing them only costs the full reading). True, unsure, for a year without four digits."""
    rx = _OTHER_YEAR.get(year)
    if rx is None:
        if not 1000 <= year <= 9999:
            return True
        rx = _OTHER_YEAR[year] = re.compile(rf"年(?<=\d{{4}}年)(?<!{year}年)")
    return rx.search(n.replace(" ", "") if " " in n else n) is not None

