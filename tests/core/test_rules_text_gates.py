"""The narrative rules' gates (rules/textscan.py): a text a gate lets pass unread holds nothing its rule reports, and
the gate is compared with the rule's own reading on random texts built to break it."""

from __future__ import annotations

import random

from gkdesk.core.rules import text as T
from gkdesk.core.rules import textscan as S
from gkdesk.core.rules.textnorm import norm
from gkdesk.core.rules.textscan import matches_at, names_other_year, windows

_YEAR_PARTS = ["2024年", "2023年", "2024", "2023", "20", "24年", "23年", "年", "年度", "以来", "至", "。", ";", "!", ",",
               "(二)", "(十一)", "1.", "12、", " ", "\n", "\n\n", "\u3000", "\u2028", "\x1c", "２０２３年", "２０２４年", "1999年", "2100年",
               "\u0662\u0660\u0662\u0663年", "\uF98E", "我乡", "上年度", "全年", "1", "0", "9"]


def _year_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_YEAR_PARTS) for _ in range(rng.randint(1, 14))) for _ in range(count)]


def test_no_other_year_unless_the_gate_says_so():
    """TXT-YEAR reads a text only when ``names_other_year`` says it may name another year: every year its plain
    reading (``_years``) finds in a text the gate lets pass is the report year; and the gate is not always open."""
    passed = read_other = 0
    for t in _year_texts(3, 6000):
        found = T._years.__wrapped__(t)
        for year in (2024, 2023):
            if names_other_year(norm(t), year):
                read_other += any(y != year for y in found)
            else:
                assert all(y == year for y in found), (t, year, found)
                passed += 1
    assert passed > 2000 and read_other > 1000, (passed, read_other)


def test_a_year_split_by_a_line_break_is_seen():
    """``norm`` keeps a space between two figures across a line break; the paragraph TXT-YEAR reads joins them."""
    t = "20\n23年，我乡推进政务公开。"
    assert T._years.__wrapped__(t) == (2023,) and " " in norm(t)
    assert names_other_year(norm(t), 2024)
    assert not names_other_year(norm("2024年，我乡推进政务公开。上年度结转3件。"), 2024)
    assert names_other_year(norm("２０２３年，我乡推进政务公开。"), 2024)


def test_a_year_without_four_digits_is_never_gated():
    assert names_other_year("1999年", 999) and names_other_year("2024年", 20245)


# --- TXT-NUM: where each pattern is tried ------------------------------------------------------------------------

_HEAD_PARTS = ["新收到", "作出台", "办理完毕", "上一年", "结转入", "行政复议", "规范性文件", "予以公开", "部分公开", "其他处理",
               "不予公开", "现行有效", "废止", "制发", "印发", "顺延至", "去年", "接收", "接到", "受理", "答复", "完成", "转至",
               "新", "收", "行", "规", "上", "出", "3件", "12起", ",", "。", "的", "申请", "\0"]


def test_every_head_place_is_found():
    """``_plan``'s pattern finds every place where one of the scans' heads stands, overlapping ones too (“新收到”:
    新收 and 收到; “作出台”: 作出 and 出台), and nothing else; the group that matched names exactly the scans with
    that head."""
    rng = random.Random(21)
    blocks = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
    _before, scans, of_group, spot, _anywhere = T._plan(blocks)
    heads = {h for _k, _rx, _f, hs in scans for h in hs or ()}
    seen = set()
    for _ in range(3000):
        t = "".join(rng.choice(_HEAD_PARTS) for _ in range(rng.randint(0, 12)))
        want = [p for p in range(len(t) - 1) if t[p:p + 2] in heads]
        got = list(spot.finditer(t))
        assert [m.start() for m in got] == want, t
        for m in got:
            h = t[m.start():m.start() + 2]
            assert of_group[m.lastindex] == tuple(i for i, s in enumerate(scans) if s[3] and h in s[3]), (t, h)
            seen.add(h)
        a, e = sorted(rng.randint(0, len(t)) for _ in range(2))
        assert [m.start() for m in spot.finditer(t, a, e)] == [p for p in want if a <= p and p + 2 <= e], (t, a, e)
    assert len(seen) > 20, seen


def test_patterns_tried_at_their_head_places_find_what_finditer_finds():
    """``matches_at`` at every place where a scan's head stands: the scan's ``finditer``."""
    rng = random.Random(22)
    blocks = ("予以公开", "部分公开", "其他处理")
    _before, scans, _of_head, _spot, _anywhere = T._plan(blocks)
    words = _HEAD_PARTS + ["2023年", "共计", "件", "起", "12", "3,000", "下一年度", "申请", "政府信息公开", "新收政府信息公开申请",
                           "受理申请", "办结", "上年度结转", "制发规范性文件", "行政复议案件", "行政诉讼", "结转下年度"]
    nums = ["3件", "12件", "7起", "1,234件", "0件", "5件申请结转下一年度"]
    found = 0
    for _ in range(2000):
        t = "".join(rng.choice(words) + (rng.choice(nums) if rng.random() < 0.5 else "")
                    for _ in range(rng.randint(1, 10)))
        for _key, rx, _first, heads in scans:
            if heads is None:
                continue
            starts = [p for p in range(len(t) - 1) if t[p:p + 2] in heads]
            want = [(m.span(), m.groups()) for m in rx.finditer(t)]
            assert [(m.span(), m.groups()) for m in matches_at(rx, t, starts)] == want, (rx.pattern, t)
            found += len(want)
    assert found > 1000, found


# --- TXT-SELF: only the other kinds' words ---------------------------------------------------------------------

def test_self_words_of_the_other_kinds_are_the_filtered_plain_ones():
    """``self_words(n, kind)`` (what TXT-SELF reports for a 乡/镇/街道) is ``self_words(n)`` without the kind's own
    words, in the same order."""
    rng = random.Random(23)
    parts = ["我镇", "本镇", "全镇", "我乡", "本乡", "全乡", "我街道", "本街道", "全街道", "镇村", "乡镇", "我", "本", "全", "镇",
             "乡", "街道", "街", "村", "青青镇", "。", ",", "2024年"]
    hits = 0
    for _ in range(4000):
        n = "".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        want = S.self_words(n)
        for kind in ("乡", "镇", "街道"):
            got = S.self_words(n, kind)
            assert got == tuple(w for w in want if w[1:] != kind), (n, kind)
            hits += bool(got)
        assert S.self_words(n, "") == tuple(dict.fromkeys(m.group(0) for m in S.TOWNSHIP_SELF.finditer(n))), n
    assert hits > 2000, hits


# --- TXT-UNIT: UNIT tried only at 申请, 行政 and the digits before a unit before 申请 ----------------------------------

def test_unit_phrase_is_the_plain_search():
    rng = random.Random(24)
    parts = ["申请", "行政复议", "行政诉讼", "行政", "案件", "共计", "合计", "共", "计", "政府信息公开", "信息公开", "政府", "宗", "条",
             "个", "份", "3", "12", "0", "\u0663", "１", ",", "。", "依申请公开", "申", "请", "发布信息", "1122条", "2024年",
             "申请3宗", "5条申请", "12份政府信息公开申请", "7个信息公开申请", "行政复议案件共计2个", "1,5宗申请"]
    hits = 0
    for _ in range(6000):
        n = "".join(rng.choice(parts) for _ in range(rng.randint(0, 14)))
        want = S.UNIT.search(n)
        assert S.unit_phrase(n) == (want.group(0) if want else None), n
        hits += want is not None
    assert hits > 1500, hits


def test_digit_first_patterns_start_at_a_run_of_windows():
    """The ``_AT_RUN`` scans (“3件申请结转下一年度”) are tried only where ``windows`` says a figure's run of digits
    and commas starts: every match of theirs starts at one of those places."""
    rng = random.Random(25)
    assert T._AT_RUN == (3,)
    words = ["3件申请结转下一年度", "12件顺延至下年度", "1,234件结转下年度", "0.5件结转下年度", ",7件转入下一年度", "件", "结转",
             "下一年度", "12", ",", ".", "3", "\u0663", "申请", "。", "a", "2,5", "1,000,000件顺延到下年"]
    hits = 0
    for _ in range(4000):
        t = "".join(rng.choice(words) for _ in range(rng.randint(1, 10)))
        runs: list[int] = []
        windows(t, "件起", T._BEFORE, T._AFTER, runs)
        for i in T._AT_RUN:
            rx = T._FIXED_RE[i][1]
            want = [(m.span(), m.groups()) for m in rx.finditer(t)]
            assert [(m.span(), m.groups()) for m in matches_at(rx, t, sorted(runs))] == want, t
            hits += len(want)
    assert hits > 1000, hits


def test_brackets_are_the_plain_finditer():
    """``brackets`` (looks further only where 号 follows at most four digits after a closing bracket) against the
    plain ``BRACKET.finditer``."""
    rng = random.Random(26)
    parts = ["国办函", "(2020)12号", "[2021]3号", "[2021]1234号", "【2020】1000号", "【2019】60号", "〔2020〕109号",
             "(2020)12345号", "( 2020 )5号", "文", "号",
             "(", ")", "[", "]", "【", "】", "2020", "12", "\u0663", "1,2", " ", "中(2020)1号", "x(2020)1号", "。"]
    hits = 0
    for _ in range(5000):
        n = "".join(rng.choice(parts) for _ in range(rng.randint(0, 10)))
        want = tuple((m.group(0), m.group(1), m.group(2)) for m in S.BRACKET.finditer(n))
        assert S.brackets(n) == want, n
        hits += bool(want)
    assert hits > 1000, hits
