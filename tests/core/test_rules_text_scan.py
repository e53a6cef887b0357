"""The narrative rules' scans (rules/textscan.py, rules/text.py) find exactly what ``finditer``/``search`` find: each
pattern is tried only where a character its match can start with stands (``_FIRST`` checked against the pattern's
own parse), and a phrase ending in a figure only in the few characters before the figure (``windows``: the widths
read from the parse too)."""

from __future__ import annotations

import random
import re

import pytest

from gkdesk.core.rules import text as T
from gkdesk.core.rules import textscan as S
from gkdesk.core.rules.textnorm import norm
from gkdesk.core.rules.textscan import clause_prefix, matches, matches_in, windows

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
    before = max(T._BEFORE, T._block_before(keys))
    for text in texts:
        places = windows(text, "件起", before, T._AFTER)
        for i, (rx, first) in enumerate(pats):
            want = [(m.span(), m.groupdict()) for m in rx.finditer(text)]
            got = [(m.span(), m.groupdict()) for m in matches(rx, first, text)]
            assert got == want, (rx.pattern, text)
            got = [(m.span(), m.groupdict()) for m in matches_in(rx, first, text, places)]
            assert got == want, (rx.pattern, text, places)
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
    chars, digit = _misc_starts(S.BRACKET.pattern)
    assert _covers(S.BRACKET_FIRST._spec[0], chars, digit)


def test_unit_phrase_alternatives_are_the_pattern():
    assert S.UNIT._spec[0] == f"{S.UNIT_WORD._spec[0]}|{S.UNIT_COUNT._spec[0]}"


def test_year_start_is_tried_at_the_start_and_after_sentence_ends():
    (op, av), *_ = sre_parse.parse(T._YEAR_START.pattern)
    assert op == sre_c.BRANCH and [alt[0][0] for alt in av[1]] == [sre_c.AT, sre_c.IN]
    chars, digit = _class_chars(av[1][1][0][1])
    assert not digit and _covers(T._YEAR_START_END, chars, False)
    _check_ahead_seq(list(av[1][1]) + list(sre_parse.parse(T._YEAR_START.pattern))[1:],
                     re.compile(T._YEAR_START_FIRST._spec[0]), 2)


_MORE = ["2024年", "3份政府信息公开申请", "7个信息公开申请", "行政诉讼案件共计2宗", "2023年度", "2019年以来", "(二)", "1.", "12、", "。", ";", "!", "?", "申请12宗", "5条申请", "行政复议3个", "我镇", "本街道", "全乡村", "我镇街", "本乡", "全街道村",
         "国务院令(2019)711号", "中文[2020]12号", "规定【2021】3号", "文(2020)", "号", "件", "起", "3件", "年"]


def test_other_scans_find_what_the_patterns_find():
    rng = random.Random(11)
    texts = ["".join(rng.choice(_MORE + _WORDS) + (str(rng.randint(0, 3000)) if rng.random() < 0.3 else "")
                     for _ in range(rng.randint(1, 25))) for _ in range(4000)]
    found = {"unit": 0, "bracket": 0, "year": 0, "figure": 0, "self": 0}
    for t in texts:
        want = S.UNIT.search(t)
        assert S.unit_phrase(t) == (want.group(0) if want else None), t
        found["unit"] += want is not None
        want_b = [(m.span(), m.groups()) for m in S.BRACKET.finditer(t)]
        assert [(m.span(), m.groups()) for m in matches(S.BRACKET, S.BRACKET_FIRST, t)] == want_b, t
        got_b = matches_in(S.BRACKET, S.BRACKET_FIRST, t, windows(t, "号", S.BRACKET_BEFORE, 1))
        assert [(m.span(), m.groups()) for m in got_b] == want_b, t
        found["bracket"] += len(want_b)
        want_y = [(m.span(), m.groups()) for m in T._YEAR_START.finditer(t)]
        got_y = [(m.span(), m.groups()) for m in matches(T._YEAR_START, T._YEAR_START_FIRST, t, at_start=True)]
        assert got_y == want_y, t
        first = T._YEAR_START_DOT if not set(t) & set(";!?") else T._YEAR_START_FIRST  # (as rules/text.py scans)
        opens = bool(t) and (t[0] == "(" or t[0].isdecimal())
        got_y = [(m.span(), m.groups()) for m in matches(T._YEAR_START, first, t, at_start=opens)]
        assert got_y == want_y, t
        found["year"] += len(want_y)
        has = re.search(r"\d[件起]", t) is not None
        assert bool(windows(t, "件起", T._BEFORE, T._AFTER)) == has, t
        found["figure"] += has
        want_s = tuple(dict.fromkeys(m.group(0) for m in S.TOWNSHIP_SELF.finditer(t)))
        assert S.self_words(t) == want_s, t
        found["self"] += bool(want_s)
    assert min(found.values()) > 100, found


# --- the windows: what stands before and after a figure, read from each pattern's parse -----------------------------

def _split_at(pattern: str, group: int | str) -> tuple[int, object, int, object]:
    """(widest part before the top-level group, that group's parse, widest part after it, the item right after)."""
    parsed = sre_parse.parse(pattern)
    index = parsed.state.groupdict[group] if isinstance(group, str) else group
    items = list(parsed)
    k = next(i for i, (op, av) in enumerate(items) if op == sre_c.SUBPATTERN and av[0] == index)
    before = sre_parse.SubPattern(parsed.state, items[:k]).getwidth()[1]
    after = sre_parse.SubPattern(parsed.state, items[k + 1:]).getwidth()[1]
    return before, items[k], after, items[k + 1]


def _unit_chars(item) -> set[str]:
    op, av = item
    if op == sre_c.LITERAL:
        return {chr(av)}
    assert op == sre_c.IN and all(o == sre_c.LITERAL for o, _a in av), item
    return {chr(a) for _o, a in av}


def test_figure_patterns_end_in_the_figure_and_its_unit_within_the_widths():
    """Every TXT-NUM pattern: the group n (digits, commas between them: ``_N``) right before 件/起, at most
    ``_BEFORE`` characters before it and ``_AFTER`` from the unit on."""
    assert T._N == r"(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)"  # windows() walks back over digits and commas
    for key, pattern in T._FIXED:
        before, _n, after, unit = _split_at(pattern, "n")
        assert before <= T._BEFORE and after <= T._AFTER, (key, before, after)
        assert _unit_chars(unit) <= set("件起"), key
    assert max(_split_at(p, "n")[0] for _k, p in T._FIXED) == T._BEFORE  # (not wider than needed)
    for keys in (("予以公开", "部分公开"), ("不予公开", "一二三四五六七八九十十一十二十三"), ("a",)):
        rx, _first = T._block_re(keys)
        before, _n, after, unit = _split_at(rx.pattern, "n")
        assert before <= T._block_before(keys) and after <= T._AFTER and _unit_chars(unit) == {"件"}, keys


def test_other_figure_phrases_within_their_widths():
    before, (_op, (_g, _a, _b, body)), after, unit = _split_at(S.BRACKET.pattern, 2)
    assert before <= S.BRACKET_BEFORE and after == 1 and _unit_chars(unit) == {"号"}
    assert list(body)[0][0] == sre_c.MAX_REPEAT  # \d{1,4}: digits only
    parsed = list(sre_parse.parse(S.UNIT_WORD._spec[0]))
    k = next(i for i, (op, av) in enumerate(parsed) if op == sre_c.MAX_REPEAT and list(av[2]) == [
        (sre_c.IN, [(sre_c.CATEGORY, sre_c.CATEGORY_DIGIT)])])
    assert _unit_chars(parsed[k + 1]) == set(S.UNIT_CHARS) and k + 2 == len(parsed)
    count = list(sre_parse.parse(S.UNIT_COUNT._spec[0]))  # \d+ first, then the unit
    assert count[0][0] == sre_c.MAX_REPEAT and _unit_chars(count[1]) == set(S.UNIT_CHARS)


def _sample(seq, rng: random.Random) -> str:
    """A random string the parsed sequence would read, lookarounds left out (widest and narrowest forms too)."""
    out = []
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue
        if op == sre_c.LITERAL:
            out.append(chr(av))
        elif op == sre_c.IN:
            chars, digit = set(), False
            for o, a in av:
                if o == sre_c.LITERAL:
                    chars.add(chr(a))
                elif o == sre_c.RANGE:
                    chars.update(chr(c) for c in (a[0], a[1], (a[0] + a[1]) // 2))
                else:
                    digit = True
            out.append(rng.choice(sorted(chars) + (["0", "7", "٣", "९"] if digit else [])))
        elif op == sre_c.SUBPATTERN:
            out.append(_sample(av[-1], rng))
        elif op == sre_c.BRANCH:
            out.append(_sample(rng.choice(av[1]), rng))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
            lo, hi, body = av
            hi = min(hi, lo + 5)
            out.append("".join(_sample(body, rng) for _ in range(rng.choice([lo, hi, rng.randint(lo, hi)]))))
        elif op == sre_c.CATEGORY or op == sre_c.ANY:
            out.append(rng.choice(" 中1"))
        else:
            pytest.fail(f"construct not sampled: {op}")
    return "".join(out)


_NOISE = ["1", "12", "1,234", "12,34", ",", ".", "件", "起", "号", "宗", "条", "个", "份", "申请", "我", "本", "全", "乡",
          "镇", "街道", "村", "街", "(", "[", "【", ")", "]", "】", "〔", "〕", " ", "٣", "2023年", "同比", "。", "其中", "、", "中"]


def test_windowed_scans_on_sampled_phrases():
    """Texts made of strings each pattern reads (widest forms included), cut and glued with digits, units and
    brackets: every scan finds what ``finditer``/``search`` find."""
    rng = random.Random(1603)
    keys = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
    block_rx, block_first = T._block_re(keys)
    figure_pats = [(rx, first) for _k, rx, first in T._FIXED_RE] + [(block_rx, block_first)]
    sources = [sre_parse.parse(p) for _k, p in T._FIXED] + [sre_parse.parse(block_rx.pattern)] + [
        sre_parse.parse(p) for p in (S.BRACKET.pattern, S.UNIT_WORD._spec[0], S.UNIT_COUNT._spec[0],
                                     S.TOWNSHIP_SELF._spec[0])]
    before = max(T._BEFORE, T._block_before(keys))
    found = [0] * (len(figure_pats) + 3)
    for _ in range(6000):
        parts = []
        for _ in range(rng.randint(1, 8)):
            s = _sample(rng.choice(sources), rng)
            if rng.random() < 0.2:  # cut: a phrase missing its head or tail
                s = s[rng.randint(0, len(s)):] if rng.random() < 0.5 else s[:rng.randint(0, len(s))]
            parts.append(s)
            parts.extend(rng.choice(_NOISE) for _ in range(rng.randint(0, 3)))
        text = "".join(parts)
        places = windows(text, "件起", before, T._AFTER)
        for i, (rx, first) in enumerate(figure_pats):
            want = [(m.span(), m.groupdict()) for m in rx.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in matches_in(rx, first, text, places)] == want, (rx.pattern, text)
            found[i] += bool(want)
        want_b = [(m.span(), m.groups()) for m in S.BRACKET.finditer(text)]
        got_b = matches_in(S.BRACKET, S.BRACKET_FIRST, text, windows(text, "号", S.BRACKET_BEFORE, 1))
        assert [(m.span(), m.groups()) for m in got_b] == want_b, text
        want_u = S.UNIT.search(text)
        assert S.unit_phrase(text) == (want_u.group(0) if want_u else None), text
        want_s = tuple(dict.fromkeys(m.group(0) for m in S.TOWNSHIP_SELF.finditer(text)))
        assert S.self_words(text) == want_s, text
        for j, hit in enumerate((want_b, want_u, want_s)):
            found[len(figure_pats) + j] += bool(hit)
    assert min(found) > 30, found


_CLAUSE_END = re.compile(r"[,;。:、!?]")


def test_clause_prefix_is_the_character_walk():
    rng = random.Random(5)
    for _ in range(1500):
        ends = ",;。:、!?" if rng.random() < 0.5 else ","  # (and long clauses: past the near search)
        text = "".join(rng.choice(ends) if rng.random() < rng.choice([0.3, 0.02]) else rng.choice("ab，中 ")
                       for _ in range(rng.randint(0, 90)))
        for start in range(len(text) + 1):
            i = start
            while i > 0 and not _CLAUSE_END.match(text[i - 1]):
                i -= 1
            assert clause_prefix(text, start) == text[i:start], (text, start)


def test_unit_phrase_shortcuts_follow_the_patterns():
    """Where ``unit_phrase`` tries UNIT: every UNIT_WORD match opens with 申请 or 行政; every UNIT_COUNT match is
    digits, a unit, one of ``UNIT_COUNT_BETWEEN`` and 申请 (so it starts at the first of those digits); every match
    holds a unit."""
    word = list(sre_parse.parse(S.UNIT_WORD._spec[0]))
    k = next(i for i, (op, _av) in enumerate(word) if op == sre_c.MAX_REPEAT and _av[0] == 1)  # \d+
    heads = _prefixes(word[:k], 50)
    assert heads and all(h.startswith(("申请", "行政")) for h in heads)
    count = list(sre_parse.parse(S.UNIT_COUNT._spec[0]))
    op, (lo, hi, body) = count[0]
    assert (op, lo, hi, list(body)) == (sre_c.MAX_REPEAT, 1, sre_c.MAXREPEAT,
                                        [(sre_c.IN, [(sre_c.CATEGORY, sre_c.CATEGORY_DIGIT)])])
    tails = _prefixes(count[2:], 50)
    assert tails == {b + "申请" for b in S.UNIT_COUNT_BETWEEN}


def test_body_gates_are_the_patterns_head_and_tail():
    assert T._BOOK_BODY.pattern.startswith("《") and T._TO_BODY.pattern.startswith("向")
    assert T._BOOK_BODY.pattern.endswith("\\d{4}年度?政府信息公开工作年度报告》")


def _heads(pattern: str) -> set[str] | None:
    heads = _prefixes(sre_parse.parse(pattern), 2)
    assert all(len(p) == 2 for p in heads)
    return None if any("0" in h for h in heads) else heads


def _as_set(heads: tuple[str, ...] | None) -> set[str] | None:
    return None if heads is None else set(heads)


@pytest.mark.parametrize("i", range(len(T._FIXED)))
def test_heads_are_every_beginning_of_a_match(i):
    """``_HEADS``: exactly the first two characters of the pattern's matches (None when a digit can be one)."""
    assert _as_set(T._HEADS[i]) == _heads(T._FIXED[i][1])


def test_block_heads():
    for keys in (("予以公开", "部分公开", "不予公开"), ("其他处理", "予以公开")):
        assert _as_set(T._block_heads(keys)) == _heads(T._block_re(keys)[0].pattern)
    assert T._block_heads(("予以公开", "a")) is None


def test_other_time_words_hold_one_of_the_gate_characters():
    """``_other_time`` looks for _OTHER_TIME's words only in a clause holding 年, 同, 较 or 比."""
    for word in _prefixes(sre_parse.parse(T._OTHER_TIME._spec[0]), 10):
        assert set(word) & set("年同较比"), word


def _reference_figures(text: str, year: int, blocks: tuple[str, ...]) -> tuple:
    """TXT-NUM's reading as it was before the scans were narrowed: every pattern over the whole text, the clause
    found walking back one character at a time."""
    n = norm(text)
    out, seen = [], set()
    for key, pattern in [*T._FIXED, ("block", T._block_re(blocks)[0].pattern)]:
        for m in re.finditer(pattern, n):
            i = m.start()
            while i > 0 and not _CLAUSE_END.match(n[i - 1]):
                i -= 1
            other = any(t.group(1) is None or int(t.group(1)) != year
                        for t in re.finditer(T._OTHER_TIME._spec[0], n[i:m.start()]))
            if (m.start("n"), m.end("n")) in seen or other:
                continue
            seen.add((m.start("n"), m.end("n")))
            k = f"block:{m.group('k')}" if key == "block" else key
            if k == "requests:new" and re.compile(T._INCL_CARRY._spec[0]).match(n, m.end()):
                k = "requests:new+carry_in"
            out.append((k, int(m.group("n").replace(",", "")), m.group(0), m.start("n"), m.end("n")))
    return tuple(out)


def test_stated_figures_are_the_plain_reading():
    """``_figures`` (windows, heads, the clause by rfind, the 年/同/较/比 gate) reads what the plain patterns read."""
    rng = random.Random(16)
    keys = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
    sources = [sre_parse.parse(p) for _k, p in T._FIXED] + [sre_parse.parse(T._block_re(keys)[0].pattern)]
    extra = ["上年", "2023年", "2024年", "同期", "较", "相比", "含上年结转", "(", "，", "。", "；", "件", "起", "１２", "\n"]
    hits = 0
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(1, 8)):
            parts.append(_sample(rng.choice(sources), rng) if rng.random() < 0.6 else rng.choice(_WORDS + extra))
        text = "".join(parts)
        want = _reference_figures(text, 2024, keys)
        assert T._figures.__wrapped__(text, 2024, keys) == want, text
        hits += bool(want)
    assert hits > 1000, hits


def test_stated_figures_with_a_one_character_block_keyword():
    """A 办理结果 keyword of one character leaves its pattern without heads: tried by ``matches_in`` in every window
    (``_plan``'s last part), still the plain reading."""
    rng = random.Random(17)
    keys = ("予以公开", "驳", "其他处理")
    assert T._plan(keys)[4] == (len(T._FIXED),)
    words = _WORDS + ["驳", "驳回", ",驳3件", "其中驳2件", "予以公开4件", "。驳1,000件"]
    hits = 0
    for _ in range(2000):
        text = "".join(rng.choice(words) + (str(rng.randint(0, 30)) + "件" if rng.random() < 0.4 else "")
                       for _ in range(rng.randint(1, 8)))
        want = _reference_figures(text, 2024, keys)
        assert T._figures.__wrapped__(text, 2024, keys) == want, text
        hits += any(k == "block:驳" for k, *_r in want)
    assert hits > 100, hits


def test_figure_units_after_nfkc_come_from_these_characters():
    """TXT-NUM skips a text holding none of 件, 起 and ``_QI_COMPAT``: no other code point becomes 件 or 起 in NFKC
    (and NFKC composes no ideograph from parts)."""
    import sys
    import unicodedata

    makes = {chr(c) for c in range(sys.maxunicode + 1)
             if {"件", "起"} & set(unicodedata.normalize("NFKC", chr(c)))}
    assert makes == {"件", "起", T._QI_COMPAT}
    assert {chr(c) for c in range(sys.maxunicode + 1) if "年" in unicodedata.normalize("NFKC", chr(c))} == {
        "年", T._NIAN_COMPAT}
