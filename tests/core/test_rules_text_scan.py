"""TXT-NUM's scan (rules/text.py ``_matches``) finds exactly what ``finditer`` finds: each pattern is tried only where
a character its match can start with stands, and those characters (``_FIRST``) are checked against the pattern's
own parse."""

from __future__ import annotations

import random
import re

import pytest

from gkdesk.core.rules import text as T
from gkdesk.core.rules.textnorm import norm

try:  # the parser of the running Python (re._parser since 3.11, sre_parse before)
    from re import _constants as sre_c  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_ZERO_WIDTH = {sre_c.ASSERT, sre_c.ASSERT_NOT, sre_c.AT}


def _starts(seq) -> tuple[set[str], bool, bool]:
    """(literal characters a match of the parsed sequence can start with, whether it can start with a digit, whether
    it can match the empty string); fails the test on a construct this does not read (``_FIRST`` then needs a look
    by hand)."""
    chars: set[str] = set()
    digit = False
    for op, av in seq:
        if op in _ZERO_WIDTH:  # consumes nothing and only restricts where a match starts
            continue
        if op == sre_c.LITERAL:
            return chars | {chr(av)}, digit, False
        if op == sre_c.IN and av == [(sre_c.CATEGORY, sre_c.CATEGORY_DIGIT)]:
            return chars, True, False
        if op == sre_c.SUBPATTERN:
            parts = [_starts(av[-1])]
        elif op == sre_c.BRANCH:
            parts = [_starts(alt) for alt in av[1]]
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
            c, d, empty = _starts(av[2])
            parts = [(c, d, empty or av[0] == 0)]
        else:
            pytest.fail(f"construct not read: {op}")
        for c, d, _ in parts:
            chars |= c
            digit |= d
        if not any(empty for _c, _d, empty in parts):
            return chars, digit, False
    return chars, digit, True


def _covers(first: str, chars: set[str], digit: bool) -> bool:
    rx = re.compile(first)
    return all(rx.fullmatch(c) for c in chars) and (not digit or all(rx.fullmatch(d) for d in "0٣९"))


@pytest.mark.parametrize("i", range(len(T._FIXED)))
def test_first_characters_cover_every_match_start(i):
    chars, digit, empty = _starts(sre_parse.parse(T._FIXED[i][1]))
    assert not empty
    assert _covers(T._FIRST[i], chars, digit), (T._FIXED[i][0], T._FIRST[i], sorted(chars), digit)


def _prefixes(seq, k: int) -> set[str]:
    """Every beginning (up to k characters) of a match of the parsed sequence, a digit written as 0 and a repeat
    taken at most twice beyond its minimum (enough for the lookaheads checked here)."""
    seq = list(seq)
    if k == 0 or not seq:
        return {""}
    (op, av), rest = seq[0], seq[1:]
    if op in _ZERO_WIDTH:
        return _prefixes(rest, k)
    if op == sre_c.LITERAL:
        return {chr(av) + p for p in _prefixes(rest, k - 1)}
    if op == sre_c.IN and av == [(sre_c.CATEGORY, sre_c.CATEGORY_DIGIT)]:
        return {"0" + p for p in _prefixes(rest, k - 1)}
    if op == sre_c.IN and all(o == sre_c.LITERAL for o, _a in av):  # 至|到 parses as [至到]
        return {chr(a) + p for _o, a in av for p in _prefixes(rest, k - 1)}
    if op == sre_c.SUBPATTERN:
        return _prefixes(list(av[-1]) + rest, k)
    if op == sre_c.BRANCH:
        return set().union(*(_prefixes(list(alt) + rest, k) for alt in av[1]))
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
        lo, hi, body = av
        hi = min(hi, lo + 2)
        return set().union(*(_prefixes(list(body) * n + rest, k) for n in range(lo, hi + 1)))
    pytest.fail(f"construct not read: {op}")


def _check_ahead_seq(seq, scan: re.Pattern[str], k: int) -> None:
    for p in _prefixes(seq, k):
        assert scan.match(p), (scan.pattern, p)


def _check_ahead(pattern: str, scan: re.Pattern[str], k: int) -> None:
    _check_ahead_seq(sre_parse.parse(pattern), scan, k)


@pytest.mark.parametrize("i", range(len(T._FIXED)))
def test_lookahead_holds_at_every_match_start(i):
    """What ``_AHEAD`` asks to follow the first character stands after it in every beginning of a match."""
    ahead = T._AHEAD[i]
    k = 24 if "\\d" in ahead else 2 if ahead.startswith("[") else 1 + max(len(a) for a in ahead.split("|"))
    assert T._FIXED_RE[i][2]._spec[0] == f"{T._FIRST[i]}(?={ahead})"
    _check_ahead(T._FIXED[i][1], re.compile(T._FIXED_RE[i][2]._spec[0]), k)


def test_block_pattern_first_characters():
    keys = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理", "^]-\\")
    rx, first = T._block_re(keys)
    chars, digit, empty = _starts(sre_parse.parse(rx.pattern))
    assert not digit and not empty
    _check_ahead(rx.pattern, first, 1 + max(map(len, keys)))
    assert T._block_re(("予以公开", ""))[1] is None  # an empty keyword: every position is tried


#: heads of the phrases each pattern reads, and the words around them that stop or shift a match
_WORDS = ["新收到政府信息公开申请", "受理申请共", "不予受理", "接到", "上年度结转", "去年遗留", "办结", "答复了", "逾期答复",
          "未办结", "作出答复", "结转下年度", "顺延至下一年度", "制发规范性文件", "印发了行政规范性文件", "废止规范性文件",
          "现行有效规范性文件", "规范性文件现行有效的", "行政复议案件", "不服行政复议", "行政诉讼案", "予以公开", "部分公开",
          "其中", "同比", "2023年", "较", ",", "。", "(", "、", "含上年结转", "共计", "的", "申请", "件"]


def _texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 30)):
            word = rng.choice(_WORDS)
            num = str(rng.choice([1, 12, 305, 1852, 3119, "1,234", "1,2345"]))
            unit = rng.choice(["件", "件", "起", "件申请", "下一年度", "条"])
            r = rng.random()
            parts.append(word + num + unit if r < 0.4 else num + unit + word if r < 0.5 else word if r < 0.8
                         else num if r < 0.9 else unit)
        out.append("".join(parts))
    return out


def test_scan_finds_what_finditer_finds():
    keys = ("予以公开", "部分公开", "不予公开", "其他处理")
    block_rx, block_first = T._block_re(keys)
    texts = _texts(7, 3000) + [norm(t) for t in _texts(8, 200)]
    texts.append("予以公开3件,部分公开2件;其中不予公开1件")
    pats = [(rx, first) for _k, rx, first in T._FIXED_RE] + [(block_rx, block_first)]
    found = [0] * len(pats)
    for text in texts:
        for i, (rx, first) in enumerate(pats):
            want = [(m.span(), m.groupdict()) for m in rx.finditer(text)]
            got = [(m.span(), m.groupdict()) for m in T._matches(rx, first, text)]
            assert got == want, (rx.pattern, text)
            found[i] += len(want)
    assert min(found) > 50, found  # the texts hold figures every pattern reads


def _class_chars(av) -> tuple[set[str], bool]:
    chars, digit = set(), False
    for op, a in av:
        if op == sre_c.LITERAL:
            chars.add(chr(a))
        elif (op, a) == (sre_c.CATEGORY, sre_c.CATEGORY_DIGIT):
            digit = True
        else:
            pytest.fail(f"class item not read: {op}")
    return chars, digit


def _misc_starts(pattern: str) -> tuple[set[str], bool]:
    """Start characters of the other scanned patterns: a literal alternation, \\d+ or a character class (after a
    lookbehind)."""
    for op, av in sre_parse.parse(pattern):
        if op in _ZERO_WIDTH:
            continue
        if op == sre_c.IN:
            return _class_chars(av)
        c, d, empty = _starts([(op, av)])
        assert not empty
        return c, d
    pytest.fail("nothing consumed")


def test_bracket_first_characters():
    chars, digit = _misc_starts(T._BRACKET.pattern)
    assert _covers(T._BRACKET_FIRST._spec[0], chars, digit)


def test_unit_phrase_alternatives_are_the_pattern():
    assert T._UNIT._spec[0] == f"{T._UNIT_WORD._spec[0]}|{T._UNIT_COUNT._spec[0]}"


def test_year_start_is_tried_at_the_start_and_after_sentence_ends():
    (op, av), *_ = sre_parse.parse(T._YEAR_START.pattern)
    assert op == sre_c.BRANCH and [alt[0][0] for alt in av[1]] == [sre_c.AT, sre_c.IN]
    chars, digit = _class_chars(av[1][1][0][1])
    assert not digit and _covers(T._YEAR_START_END, chars, False)
    _check_ahead_seq(list(av[1][1]) + list(sre_parse.parse(T._YEAR_START.pattern))[1:],
                     re.compile(T._YEAR_START_FIRST._spec[0]), 2)


_MORE = ["2024年", "3份政府信息公开申请", "7个信息公开申请", "行政诉讼案件共计2宗", "2023年度", "2019年以来", "(二)", "1.", "12、", "。", ";", "!", "?", "申请12宗", "5条申请", "行政复议3个",
         "国务院令(2019)711号", "中文[2020]12号", "规定【2021】3号", "文(2020)", "号", "件", "起", "3件", "年"]


def test_other_scans_find_what_the_patterns_find():
    rng = random.Random(11)
    texts = ["".join(rng.choice(_MORE + _WORDS) + (str(rng.randint(0, 3000)) if rng.random() < 0.3 else "")
                     for _ in range(rng.randint(1, 25))) for _ in range(4000)]
    found = {"unit": 0, "bracket": 0, "year": 0, "figure": 0}
    for t in texts:
        want = T._UNIT.search(t)
        assert T._unit_phrase(t) == (want.group(0) if want else None), t
        found["unit"] += want is not None
        want_b = [(m.span(), m.groups()) for m in T._BRACKET.finditer(t)]
        assert [(m.span(), m.groups()) for m in T._matches(T._BRACKET, T._BRACKET_FIRST, t)] == want_b, t
        found["bracket"] += len(want_b)
        want_y = [(m.span(), m.groups()) for m in T._YEAR_START.finditer(t)]
        got_y = [(m.span(), m.groups()) for m in T._matches(T._YEAR_START, T._YEAR_START_FIRST, t, at_start=True)]
        assert got_y == want_y, t
        found["year"] += len(want_y)
        has = re.search(r"\d[件起]", t) is not None
        assert (T._FIGURE_JIAN.search(t) is not None or T._FIGURE_QI.search(t) is not None) == has, t
        found["figure"] += has
    assert min(found.values()) > 100, found
