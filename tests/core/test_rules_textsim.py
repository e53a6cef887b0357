"""gkdesk.core.textsim.repetition_ratio: the repetition percentage TXT-DUP and the editor show."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from gkdesk.core.textsim import repetition_ratio

LAST = ("2023年，我镇认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
        "全年主动公开政府信息326条，其中政策文件12件，规划计划5件，财政预决算信息18条。"
        "依申请公开方面，共收到政府信息公开申请6件，均在法定期限内答复。")


def test_identical_and_disjoint():
    assert repetition_ratio(LAST, LAST) == 1.0
    assert repetition_ratio("", LAST) == 0.0 and repetition_ratio(LAST, "") == 0.0
    assert repetition_ratio("春眠不觉晓处处闻啼鸟夜来风雨声花落知多少", LAST) == 0.0


def test_only_years_and_figures_changed_is_still_a_copy():
    this = LAST.replace("2023", "2024").replace("326", "412").replace("6件", "9件")
    assert repetition_ratio(this, LAST) == 1.0


def test_full_width_spaces_and_punctuation_do_not_hide_a_copy():
    this = LAST.replace("，", " , ").replace("2023", "２０２３")
    assert repetition_ratio(this, LAST) == 1.0


def test_half_new_text_is_about_half():
    new = ("本年度镇政府围绕乡村振兴、基层治理两条主线，新建村务公开栏二十个，开通政务微信小程序一个，"
           "组织群众代表评议政务公开工作两次，针对群众反映的低保公示问题逐一整改到位，效果明显。")
    ratio = repetition_ratio(LAST + new, LAST)
    assert 0.4 < ratio < 0.6


def test_independent_reports_share_little(samples_dir):
    qiuqu = (samples_dir / "qiuqu-township-2024.txt").read_text(encoding="utf-8")
    huaian = (samples_dir / "published" / "01_huaian_city_2024.txt").read_text(encoding="utf-8")
    a = qiuqu[qiuqu.index("一、总体情况"):qiuqu.index("二、主动公开")]
    b = huaian[huaian.index("一、总体情况"):huaian.index("二、主动公开政府信息情况")]
    assert repetition_ratio(a, b) < 0.15 and repetition_ratio(b, a) < 0.15


def test_short_texts():
    assert repetition_ratio("无", "无") == 1.0
    assert repetition_ratio("无", "本年度无") == 1.0
    assert repetition_ratio("加强培训", "提升质量") == 0.0


@given(st.text(max_size=300), st.text(max_size=300))
def test_always_between_zero_and_one(a, b):
    assert 0.0 <= repetition_ratio(a, b) <= 1.0


def test_fast_enough_while_typing():
    this, last = LAST * 10, (LAST * 10)[::-1]
    repetition_ratio(this, last)
    t0 = time.process_time()  # CPU time: the figure is the function's cost, not the machine's load
    for i in range(20):
        repetition_ratio(this + str(i), last)
    assert (time.process_time() - t0) / 20 < 0.005  # 1,700 characters in well under 5 ms


@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from("，（）：；！？％＋－／．０１２３４５６７８９\u3000政府")),
               max_size=200))
def test_fast_nfkc_equals_unicodedata(text):
    import unicodedata

    from gkdesk.core.textsim import nfkc

    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_fast_nfkc_beside_the_common_forms_on_every_code_point_that_normalises():
    """Every code point NFKC changes or composes (and the CJK punctuation around), between the full-width forms
    replaced first: the quick check after them decides as NFKC itself would."""
    import sys
    import unicodedata

    from gkdesk.core.textsim import nfkc

    for c in range(sys.maxunicode + 1):
        ch = chr(c)
        if 0xD800 <= c <= 0xDFFF or not (c < 0x3100 or unicodedata.decomposition(ch) or unicodedata.combining(ch)
                                          or 0xFF00 <= c <= 0xFFEF):
            continue
        for text in (f"，{ch}（", f"{ch}；政", f"：{ch}{ch}）"):
            assert nfkc(text) == unicodedata.normalize("NFKC", text), hex(c)
