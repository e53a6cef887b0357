"""Line breaking on the character grid: 避头尾, justification, compression, runs kept whole, stray spaces."""

from __future__ import annotations

import random

import pytest

from gkdesk.core.exporters.linebreak import (
    CANNOT_END,
    CANNOT_START,
    break_paragraph,
    clean_spaces,
    segmenter,
)

CELL = 15.8
WIDTH = 28 * CELL


def adv(ch: str, style: str) -> float:
    """A typical CJK face at 16 pt: ideographs and full-width marks 1 em, ASCII half an em."""
    return 8.0 if ch.isascii() else 16.0


def lines_of(text: str, indent: int = 2, width: float = WIDTH):
    return break_paragraph([(text, "body")], width, CELL, adv, indent=indent * CELL)


def check(lines, width: float = WIDTH) -> None:
    for i, line in enumerate(lines):
        assert line.text[0] not in CANNOT_START, (i, line.text)
        if i < len(lines) - 1:  # (the text itself may end with an opening mark)
            assert line.text[-1] not in CANNOT_END, (i, line.text)
        assert line.width <= width + 1e-6, (i, line.width)
        ends = [p.end for p in line.items]
        starts = [p.x for p in line.items]
        assert all(abs(a - b) < 1e-6 for a, b in zip(ends, starts[1:], strict=False)), "boxes must tile the line"
        if i < len(lines) - 1:
            assert abs(line.width - width) < 1e-6, (i, line.text, line.width)


def test_plain_chinese_fills_28_cells_on_the_grid():
    text = "政府信息公开" * 20
    lines = lines_of(text, indent=0)
    assert [len(x.text) for x in lines[:-1]] == [28] * (len(lines) - 1)
    first = lines[0]
    assert [round(p.x, 6) for p in first.items] == [round(k * CELL, 6) for k in range(28)]
    check(lines)


def test_first_line_indent_is_two_cells():
    lines = lines_of("政府信息公开" * 10)
    assert abs(lines[0].items[0].x - 2 * CELL) < 1e-9 and len(lines[0].text) == 26


@pytest.mark.parametrize("mark", list("，。、；：？！）》”’…%"))
def test_a_closing_mark_never_starts_a_line(mark):
    # the mark falls exactly on the 29th cell of the first full line
    text = "政" * 28 + mark + "府" * 40
    lines = lines_of(text, indent=0)
    check(lines)
    assert lines[1].text[0] != mark


def test_push_in_squeezes_punctuation_instead_of_overflowing():
    # two commas earlier on the line give half a cell each: the 。 joins the line in a full cell at its end
    text = "政府，信，" + "信" * 23 + "。" + "公开" * 10
    lines = lines_of(text, indent=0)
    check(lines)
    assert lines[0].text.endswith("信。") and len(lines[0].text) == 29
    last = lines[0].items[-1]
    assert last.end - last.x == pytest.approx(CELL)
    assert lines[0].items[2].end - lines[0].items[2].x == pytest.approx(CELL / 2)


def test_a_mark_alone_cannot_make_room_for_itself():
    text = "政府，" + "信" * 25 + "。" + "公开" * 10  # one comma: half a cell is not enough, a character moves
    lines = lines_of(text, indent=0)
    check(lines)
    assert lines[0].text.endswith("信") and lines[1].text.startswith("信。")


def test_push_out_moves_one_character_when_nothing_can_be_squeezed():
    text = "政" * 28 + "？" + "府" * 10  # ？ is not squeezable and the line has no mark to squeeze
    lines = lines_of(text, indent=0)
    check(lines)
    assert lines[0].text == "政" * 27 and lines[1].text.startswith("政？")


@pytest.mark.parametrize("mark", list("（《“‘【〔"))
def test_an_opening_mark_never_ends_a_line(mark):
    text = "政" * 27 + mark + "府" * 30
    lines = lines_of(text, indent=0)
    check(lines)
    assert lines[1].text.startswith(mark + "府")


def test_digit_runs_stay_together_and_lines_still_end_at_the_edge():
    text = "全年受理" + "申请1234567件，办结2345678件，" * 6
    lines = lines_of(text)
    check(lines)
    for line in lines:
        for run in ("1234567", "2345678"):
            assert not (line.text.endswith(run[:3]) and not line.text.endswith(run))
    joined = "".join(x.text for x in lines)
    assert joined.count("1234567") == 6 and joined.count("2345678") == 6


def test_stray_spaces_between_chinese_and_digits_are_dropped_latin_spaces_kept():
    assert clean_spaces("2024 年 共 25 件") == "2024年共25件"
    assert clean_spaces("Windows 10 系统") == "Windows 10系统"
    lines = lines_of("截至 2024 年 12 月 31 日，共收到申请 25 件。")
    assert lines[0].text == "截至2024年12月31日，共收到申请25件。"


def test_adjacent_marks_are_squeezed():
    lines = lines_of("他说：“公开。”然后", indent=0)
    items = {p.ch: p for p in lines[0].items}
    assert items["。"].end - items["。"].x == pytest.approx(CELL / 2)  # 。” squeezed
    assert items["："].end - items["："].x == pytest.approx(CELL / 2)  # ：“ squeezed


def test_dashes_and_ellipses_never_split_or_start_a_line():
    for k in range(20, 30):
        text = "政" * k + "——府" + "公" * 30 + "……" + "开" * 30
        lines = lines_of(text, indent=0)
        check(lines)
        for line in lines:
            assert not line.text.startswith("—") and not line.text.startswith("…")


def test_random_punctuation_heavy_text_keeps_every_rule():
    rng = random.Random(7)
    pool = list("政府信息公开工作年度报告本机关全年") + list("，。、；：？！（）《》“”‘’…—") + ["2024", "1234567", "AB"]
    for _ in range(60):
        text = "政" + "".join(rng.choice(pool) for _ in range(rng.randint(30, 300)))  # a paragraph starts with text
        lines = lines_of(text)
        check(lines)
        assert "".join(x.text for x in lines) == clean_spaces(text)


def test_words_keep_table_labels_whole():
    words = segmenter(["本年度", "办理", "结果", "社会", "公益", "组织"])
    lines = break_paragraph([("三、本年度办理结果", "t")], 4 * 10.5, 10.5, lambda c, s: 10.5, justify=False,
                            words=words)
    assert [x.text for x in lines] == ["三、", "本年度", "办理结果"]
    lines = break_paragraph([("社会公益组织", "t")], 3 * 10.5, 10.5, lambda c, s: 10.5, justify=False,
                            words=words)
    assert [x.text for x in lines] == ["社会", "公益", "组织"]


def test_numbered_item_keeps_its_number():
    words = segmenter(["属于", "国家", "秘密"])
    lines = break_paragraph([("1.属于国家秘密", "t")], 5 * 10.5, 10.5, lambda c, s: 5.25 if c.isascii() else 10.5,
                            justify=False, words=words)
    assert lines[0].text.startswith("1.属")


def test_a_run_wider_than_the_line_is_cut_not_overflowing():
    lines = lines_of("网址" + "x" * 120 + "。", indent=0)
    check(lines)


def test_a_run_wider_than_the_indented_first_line_is_cut():
    lines = lines_of("x" * 54 + "政府" * 20)  # 54 half-width letters: wider than 26 cells, narrower than 28
    check(lines)


def test_a_space_beside_a_half_width_sign_is_kept():
    assert clean_spaces("(一) 主动公开") == "(一) 主动公开"
    assert clean_spaces("见 (附件)") == "见 (附件)"
    assert clean_spaces("共 25 件 ，其中") == "共25件，其中"
