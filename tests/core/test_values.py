"""One home for each value rule: blank words, loose numbers, totals, the fee sentence, the period sentence."""

from decimal import Decimal

import pytest

from gkdesk.core import values
from gkdesk.core.importers import labels
from gkdesk.core.report import Report, parse_loose_value
from gkdesk.core.rules import validate


@pytest.mark.parametrize("word", ["空", "/", "——", "无", "－", " — ", "／"])
def test_blank_words(word):
    assert values.is_blank_word(word)
    assert parse_loose_value(word, "int") is None
    assert labels.is_blank_marker(word)  # the importer asks the same home


def test_text_blank_word_in_a_cell_is_num_blank_not_num_int():
    rep = Report.new("某镇人民政府", year=2024)
    rep.set_raw("t3", "new", "natural", "空")
    rules = {i.rule for i in validate(rep) if (i.table, i.row, i.column) == ("t3", "new", "natural")}
    assert "NUM-BLANK" in rules and "NUM-INT" not in rules


def test_numbers_and_totals():
    assert parse_loose_value("1,234件", "int") == 1234
    assert parse_loose_value("1.5万元", "decimal") == Decimal("1.5")
    assert parse_loose_value("不涉及", "int") == "不涉及"
    assert parse_loose_value("nan", "int") == "nan"
    assert values.sum_values([None, None]) is None
    assert values.sum_values([1, None, "x", 2]) == 3
    assert values.sum_values([Decimal("1.5"), Decimal("0.5")]) == 2


def test_fee_sentence():
    assert values.find_processing_fee("本年度共收取信息处理费120元。") == ("120", "处理费120元")
    assert values.find_processing_fee("收取信息处理费0.5万元")[0] == "5000"
    assert values.find_processing_fee("本机关未收取信息处理费。")[0] == "0"
    assert values.find_processing_fee("无其他事项。") is None
    assert [d for d, _ in values.fee_amounts("信息处理费12元，另有处理费3元")] == [Decimal(12), Decimal(3)]


def test_period_sentence():
    assert values.period_sentence("期限{year}年", 2024) == "期限2024年"
    assert values.period_sentence("期限{year}年", 0) == "期限____年"
    assert values.mentions_period("本报告统计时间为2024年")
    assert not values.mentions_period("本报告所列数据")


def test_lazy_pattern_is_the_compiled_pattern_once_used():
    import re

    from gkdesk.core.values import LazyPattern

    lazy = LazyPattern(r"(?P<n>\d+)件", re.UNICODE)
    assert "_compiled" not in vars(lazy)  # nothing compiled until it is used
    fresh = re.compile(r"(?P<n>\d+)件", re.UNICODE)
    text = "收到申请12件，办结3件"
    assert [m.span("n") for m in lazy.finditer(text)] == [m.span("n") for m in fresh.finditer(text)]
    assert lazy.sub("#", text) == fresh.sub("#", text) and lazy.search("无") is None
    assert (lazy.pattern, lazy.flags, lazy.groupindex) == (fresh.pattern, fresh.flags, fresh.groupindex)
    assert vars(lazy)["_compiled"] is re.compile(r"(?P<n>\d+)件", re.UNICODE)  # re's own compiled pattern
    with pytest.raises(AttributeError):
        lazy.no_such_method  # noqa: B018
    with pytest.raises(re.error):
        LazyPattern("(unclosed").search("x")  # a bad pattern fails where it is first used, as re.compile would
