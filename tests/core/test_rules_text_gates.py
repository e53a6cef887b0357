"""The narrative rules' gates (rules/textscan.py): a text a gate lets pass unread holds nothing its rule reports, and
the gate is compared with the rule's own reading on random texts built to break it."""

from __future__ import annotations

import random

from gkdesk.core.rules import text as T
from gkdesk.core.rules.textnorm import norm
from gkdesk.core.rules.textscan import names_other_year

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
