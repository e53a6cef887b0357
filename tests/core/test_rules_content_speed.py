"""The shortcuts of the 总体情况/SEC-HEAD rules give exactly what the plain forms gave (rules/content.py, document.py)."""

from __future__ import annotations

import random
import re
import sys
import unicodedata

from gkdesk.core.report import Report, Subsection
from gkdesk.core.rules import content, document
from gkdesk.core.rules.textnorm import norm


def _chars(step: int = 1):
    for cp in range(0, sys.maxunicode + 1, step):
        if not 0xD800 <= cp <= 0xDFFF:
            yield chr(cp)


def test_punct_is_exactly_not_isalnum_so_the_count_may_use_isalnum():
    for ch in _chars():
        assert (content._PUNCT.fullmatch(ch) is not None) == (not ch.isalnum()), hex(ord(ch))
    for p in content._COMMON_PUNCT:
        assert len(p) == 1 and content._PUNCT.fullmatch(p)


def test_bare_len_is_the_length_without_punct():
    rng = random.Random(3)
    pieces = [*content._COMMON_PUNCT, "信息", "公开", "a", "1", "_", "—", "①", " ", "·", "ﬁ", "\u0301", "Ⅷ"]
    for _ in range(5000):
        n = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert content._bare_len(n) == len(content._PUNCT.sub("", n)), n


def _old_topic_found(topic: str, text: str) -> bool:
    core = topic.removeprefix("政府信息公开").removeprefix("政府").removesuffix("建设") or topic
    alts = [re.escape(topic), re.escape(core)]
    if len(core) == 4:
        alts.append(re.escape(core[:2]) + ".{0,3}?" + re.escape(core[2:]))
    return re.compile("|".join(alts)).search(text) is not None


def test_topic_found_is_the_alternation_it_replaced():
    rng = random.Random(4)
    topics = ["主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障", "政府", "建设", "ab", ""]
    pieces = ["主动", "公开", "依申请", "信息", "管理", "政府", "平台", "建设", "监督", "保障", "与", "和", "的", "x", "\n",
              "。", "12"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        topic = rng.choice(topics)
        assert content._topic_found(topic, text) == _old_topic_found(topic, text), (topic, text)


def test_any_word_is_any_substring():
    rng = random.Random(5)
    pieces = ["考", "核", "评", "议", "价", "满意", "度", "责任", "追究", "追", "问", "责", "任", "工作", "x", "a", "b", ".",
              "(", "\n"]
    groups = [words for _, words in content._SUPERVISION] + [("ab", "ba", "b"), ("abc",), ("责任追究",), ("aba", "a.b"),
                                                             ("(a", "b("), ("a",)]
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        words = rng.choice(groups)
        assert content._any_word(words, text) == any(w in text for w in words), (words, text)
    for words in groups:  # every word covered by one character, each at its place in the word
        covered = [w for _, held in content._pivots(words) for w, _ in held]
        assert sorted(covered) == sorted(words)
        assert all(w[off] == ch for ch, held in content._pivots(words) for w, off in held)


def _second_parts() -> set[str]:
    """Every character that is the second of a canonical decomposition pair (what can compose with a character
    before it), plus the Hangul vowels and finals (composed by rule, not listed)."""
    out = {chr(c) for c in range(0x1160, 0x1200)} | {chr(c) for c in range(0xD7B0, 0xD800)}
    for ch in _chars():
        d = unicodedata.decomposition(ch)
        if d and not d.startswith("<"):
            parts = d.split()
            out.update(chr(int(p, 16)) for p in parts[1:])
    return out


def test_stable_starts_never_meet_the_character_before_them():
    """What ``_glued`` relies on: a text starting with such a character normalises (NFKC) the same after a title."""
    seconds = _second_parts()
    stable = [ch for ch in _chars() if content._stable_start(ch)]
    assert len(stable) > 20000
    for ch in stable:
        first = unicodedata.normalize("NFKD", ch)[0]
        assert unicodedata.combining(ch) == 0 and unicodedata.combining(first) == 0, hex(ord(ch))
        assert first not in seconds and ch not in seconds, hex(ord(ch))
    before = ["a", "e\u0301", "\u1100", "가", "\u0b47", "ｶ", "1", " ", "\u3000", "", "A\u0308", "\u0301"]
    for b in before:
        for ch in stable[::97]:
            assert norm(b + ch) == norm(b) + norm(ch) or (norm(b)[-1:].isdigit() and ch.isdigit()), (b, ch)


_POOL = ["信息", "公开", "主动", "1", "２", "3 ", " 4", "\n", "　", " ", "\u0301", "e", "\u1100", "\u1161", "가", "ｶ",
         "\uff9e", "（一）", "，", "A\u0308", "①", "\t", "x", "五、", "ﬁ", ""]


def _snippet(rng: random.Random) -> str:
    return "".join(rng.choice(_POOL) for _ in range(rng.randint(0, 5)))


def test_overview_norm_is_the_norm_of_the_whole_overview():
    rng = random.Random(6)
    for _ in range(20000):
        r = Report.new("某镇人民政府", "township", 2024)
        r.overview_intro = _snippet(rng)
        r.overview = [Subsection(_snippet(rng), _snippet(rng)) for _ in range(rng.randint(0, 4))]
        assert content.overview_norm(r) == norm(r.overview_text()), (r.overview_intro, r.overview)


_OLD_HINT = re.compile(r"[一二三四五六]\s*[、.．]")


def test_top_headings_pretest_never_hides_a_heading():
    rng = random.Random(7)
    pool = ["一", "二", "六", "七", "、", ".", "．", "\n", " ", "\u3000", "\t", "总体情况", "存在的问题", "x", "\r"]
    found = 0
    for _ in range(30000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        old = () if _OLD_HINT.search(text) is None else tuple(
            (m.group(1), m.group(2)) for m in document._TOP_HEAD.finditer(text))
        assert document._top_headings(text) == old, text
        found += bool(old)
    assert found > 1000


def test_sections_gate_on_the_joined_texts_finds_every_heading(monkeypatch):
    """SEC-HEAD looks at the texts one by one only when a line of the texts joined opens with 一…六 (``_LINE_HEAD``):
    the issues are those found without any gate (every text read by ``_TOP_HEAD``)."""
    from datetime import date

    from gkdesk.core.issues import Settings
    from gkdesk.core.rules.context import Ctx, format_info

    rng = random.Random(16)
    pool = ["一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "二、主动公开政府信息情况", "七、",
            "\n", " ", "\u3000", "\r", "文字", "（一）", "三．", "四.", ""]

    def text() -> str:
        return "".join(rng.choice(pool) for _ in range(rng.randint(0, 5)))

    reports = []
    for _ in range(1500):
        r = Report.new("某镇人民政府", "township", 2024)
        r.overview_intro, r.section5, r.section6 = text(), text(), text()
        r.overview = [Subsection(rng.choice(["（一）甲", "（二）乙", "x"]), text()) for _ in range(rng.randint(0, 4))]
        reports.append(r)

    def issues():
        out = []
        for r in reports:
            ctx = Ctx(report=r, settings=Settings(today=date(2025, 3, 1)), info=format_info(r.format_version))
            document.sections(ctx)
            out.append(ctx.issues)
        return out

    gated = issues()
    assert sum(any(i.rule == "SEC-HEAD" for i in f) for f in gated) > 300
    monkeypatch.setattr(document, "_LINE_HEAD", re.compile(""))  # a match everywhere: every text looked at
    monkeypatch.setattr(document, "_may_head", lambda t: True)
    assert issues() == gated


def test_blank_section_is_the_joined_text_being_whitespace():
    rng = random.Random(8)
    for _ in range(3000):
        r = Report.new("某镇人民政府", "township", 2024)
        r.overview_intro = rng.choice(["", " ", "\n", "\u3000", "字"])
        r.overview = [Subsection("（一）", rng.choice(["", " ", "\t", "字"])) for _ in range(rng.randint(0, 3))]
        joined = r.overview_intro + "".join(s.text for s in r.overview)
        assert document._blank(r, "overview") == (not joined.strip())


def test_str_whitespace_is_re_whitespace():
    """``_may_head`` strips lines with ``str.lstrip`` where ``_TOP_HEAD`` reads ``\\s``."""
    space = re.compile(r"\s")
    for ch in _chars():
        assert ch.isspace() == (space.fullmatch(ch) is not None), hex(ord(ch))


def test_section5_says_nothing_as_the_plain_test():
    rng = random.Random(9)
    pieces = [*content._EMPTY_WORDS, "。", "，", " ", "问题", "a", "1", "_", "改进", "无"]
    assert all(len(w) < content._EMPTY_MAX for w in content._EMPTY_WORDS) and content._EMPTY_MAX > 4
    for _ in range(20000):
        n = norm("".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))))
        bare = content._PUNCT.sub("", n)
        assert content._says_nothing(n) == (bare in content._EMPTY_WORDS or len(bare) < 4), n
    # long texts: the beginning's count decides, or (punctuation first) the whole's
    for _ in range(20000):
        n = norm("".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))))
        bare = content._PUNCT.sub("", n)
        assert content._says_nothing(n) == (bare in content._EMPTY_WORDS or len(bare) < 4), n
    head = "。" * content._EMPTY_HEAD
    assert not content._says_nothing(head + "问题" * 4) and content._says_nothing(head + "无")
    assert not content._says_nothing("问题" * 4 + head)


def test_period_is_read_from_the_normalised_text():
    """PERIOD looks for “统计” in the normalised text (whitespace and full-width forms do not hide it)."""
    from datetime import date

    from gkdesk.core.issues import Settings
    from gkdesk.core.rules import validate

    r = Report.new("某镇人民政府", "township", 2024)
    r.overview_intro = "统\n计期限自２０２３年1月1日起至2023年12月31日止。"
    found = [i for i in validate(r, Settings(today=date(2025, 1, 10))) if i.rule == "PERIOD"]
    assert [i.severity for i in found] == ["warning"] and "2024" in found[0].message
    r.overview_intro = "统 计期限自2024年1月1日起至2024年12月31日止。"
    assert [i for i in validate(r, Settings(today=date(2025, 1, 10))) if i.rule == "PERIOD"] == []


def test_deadline_remembered_issues_are_those_worked_out_afresh():
    from datetime import date

    from gkdesk.core.issues import Settings
    from gkdesk.core.rules.context import Ctx, format_info

    rng = random.Random(10)
    for _ in range(3000):
        r = Report.new("某镇人民政府", rng.choice(["township", "county_gov", "county", "city", ""]), 2024)
        r.meta.year = rng.choice([2023, 2024])
        if r.meta.level and rng.random() < 0.2:
            r.meta.level = "no_such_level"
        r.meta.publish_date = rng.choice([None, date(2024, 6, 1), date(2025, 1, 20), date(2025, 2, 20), date(2025, 5, 1)])
        settings = Settings(today=rng.choice([date(2025, 1, 10), date(2025, 4, 2), None]),
                            deadline_month=rng.choice([1, 2]), government_deadline_day=rng.choice([31, 30]))

        def run(r=r, settings=settings):
            ctx = Ctx(report=r, settings=settings, info=format_info(r.format_version))
            document.deadline(ctx)
            return ctx.issues

        remembered = run()
        document._DEADLINES.clear()
        assert run() == remembered
        if rng.random() < 0.5:
            document._DEADLINES.clear()


def _old_misnumbered(titles):
    numbered = [(i, document._SUB_NUM.match(t)) for i, t in enumerate(titles)]
    if titles and all(m for _, m in numbered):
        for i, m in numbered:
            if document._cn_value(m.group(1)) != i + 1:
                return i
    return None


def test_misnumbered_is_the_loop_it_replaced():
    rng = random.Random(13)
    pool = ["（一）", "（二）", "(三)", "（ 四 ）", "（十一）", "（二十）", "（零）", "", "一、", "（一）主动公开", " （三）x", "（五"]
    for _ in range(5000):
        titles = tuple(rng.choice(pool) for _ in range(rng.randint(0, 6)))
        assert document._misnumbered(titles) == _old_misnumbered(titles), titles
