"""Spec §6.3, what the narrative must cover: 总体情况 topics and length, 监督保障 results, 第五部分, 信息处理费, repetition."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from gkdesk.core.location import Location
from gkdesk.core.report import Report
from gkdesk.core.rules.cells import of_2019_time
from gkdesk.core.rules.context import Ctx, fmt_num
from gkdesk.core.rules.textnorm import norm
from gkdesk.core.textsim import repetition_ratio
from gkdesk.core.values import FEE_WORD, fee_amounts, fee_says_none

_PUNCT = re.compile(r"[\W_]+")
#: the characters ``_PUNCT`` drops that normalised Chinese text is full of, removed by ``str.replace`` (literal
#: scans) before the rest is counted in one step (tests/core/test_rules_content_speed.py: each is one ``[\W_]``)
_COMMON_PUNCT = (",", "、", "。", "“", "”", "(", ")", ";", ":", "《", "》", "%", ".", "‘", "’", "〔", "〕", "<", ">", "-", "@",
                 "/")
_EMPTY_WORDS = frozenset({"无", "暂无", "没有", "无问题", "不涉及", "略", "无。"})
_EMPTY_MAX = max(4, *map(len, _EMPTY_WORDS)) + 1  # a text with more letters and digits is none of them
_EMPTY_HEAD = 4 * _EMPTY_MAX  # how much of 五's beginning ``_says_nothing`` counts first
_PROBLEM = re.compile(r"问题|不足|短板|差距|薄弱|欠缺|有待|不够|不到位|不及时|不全面|不规范|滞后")
_MEASURE = re.compile(r"改进|措施|下一步|整改|今后|将进一步|加强|提升|完善|强化")
#: 条例第五十条（四）: 工作考核、社会评议和责任追究结果 — (what to name in the message, words that count: any of
#: them in the text; found by a character every word of a group holds, see _any_word)
_SUPERVISION = (("工作考核", ("考核", "考评")), ("社会评议", ("评议", "评价", "满意度")),
                ("责任追究", ("责任追究", "追究责任", "追责", "问责")))


@lru_cache(maxsize=16)
def _pivots(words: tuple[str, ...]) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """(a character, ((word, where the character is in it), …)) covering every word once: the character most of
    the words hold and the words holding it, then the rest the same way."""
    out = []
    left = list(words)
    while left:
        ch = max("".join(left), key=lambda c: sum(c in w for w in left))
        held = [w for w in left if ch in w]
        out.append((ch, tuple((w, w.index(ch)) for w in held)))
        left = [w for w in left if ch not in w]
    return tuple(out)


@lru_cache(maxsize=16)
def _word_patterns(words: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One pattern per character of ``_pivots``: the character, then any of its words around it (what comes before
    it in the word as a lookbehind, the rest as text), e.g. “责(?:任追究|(?<=追究责)任|(?<=追责)|(?<=问责))”. A
    pattern that starts with one character is scanned for it literally (an alternation of words that start
    differently is scanned a character class at a time, several times slower). Each with its character."""
    out = []
    for ch, held in _pivots(words):
        inner = [(f"(?<={re.escape(w[:off + 1])})" if off else "") + re.escape(w[off + 1:]) for w, off in held]
        out.append((ch, re.compile(re.escape(ch) + "(?:" + "|".join(inner) + ")")))
    return tuple(out)


def _any_word(words: tuple[str, ...], text: str) -> bool:
    """``any(w in text for w in words)``: a word is in the text exactly when, at one of the places of its pivot
    character, the word's part before the character ends there and its part after it follows. The pattern is tried
    only at the places of its character, found by ``str.find`` (a memchr scan, several times faster than the
    pattern's own scan; 考 of 考核/考评 is missing from most reports, 责 stands at a few places); its lookbehind reads
    the text before the place as a search would."""
    for ch, p in _word_patterns(words):
        at = text.find(ch)
        while at >= 0:
            if p.match(text, at) is not None:
                return True
            at = text.find(ch, at + 1)
    return False


def _bare_len(n: str) -> int:
    """``len(_PUNCT.sub("", n))``, the letters and digits of ``n`` (``[\\W_]`` is exactly “not ``str.isalnum``”): the
    common punctuation removed with literal scans; the rest counted at once when nothing else is left, else by
    ``_PUNCT`` (on realistic text ~10-20 % faster than ``_PUNCT.sub`` alone, which tests each character's class)."""
    for p in _COMMON_PUNCT:
        n = n.replace(p, "")
    if not n or n.isalnum():
        return len(n)
    return len(_PUNCT.sub("", n))


@lru_cache(maxsize=256)
def _len(text: str) -> int:
    return _bare_len(norm(text))


def _length(texts: list[str], minimum: int) -> int:
    """``sum(_len(t) for t in texts)`` when that is below ``minimum``; otherwise a number ≥ ``minimum``: once a
    text's beginning holds the characters still needed, the rest need not be stripped (the characters left in a
    beginning of ``norm(t)`` are never more than in the whole). First the usual case in one step: the longest
    text's beginning, a quarter longer than the minimum, holds the minimum by itself."""
    if minimum > 0 and texts:
        n = norm(max(texts, key=len))
        if len(n) >= minimum and _bare_len(n[:minimum + minimum // 4 + 8]) >= minimum:
            return minimum
    total = 0
    for t in texts:
        need = minimum - total
        if need <= 0:
            break
        n = norm(t)
        if len(n) > 2 * need and _bare_len(n[:2 * need]) >= need:
            return minimum
        total += _len(t)
    return total


@lru_cache(maxsize=32)
def _topic_parts(topic: str) -> tuple[str, re.Pattern[str] | None]:
    """The topic's core without “政府（信息公开）…建设”, and for a 4-character core a pattern with up to 3 characters
    inside it: “政府信息公开平台建设” → “平台”; “监督保障” → “监督与保障”. (The topic itself holds its core, and the
    pattern matches the core, so only these two need looking for.)"""
    core = topic.removeprefix("政府信息公开").removeprefix("政府").removesuffix("建设") or topic
    gap = re.compile(re.escape(core[:2]) + ".{0,3}?" + re.escape(core[2:])) if len(core) == 4 else None
    return core, gap


def _topic_found(topic: str, text: str) -> bool:
    """The topic, its core, or (a 4-character core) the core with up to 3 characters inside, in ``text``: the core
    by a literal search first, the pattern only when both halves are there."""
    core, gap = _topic_parts(topic)
    if core in text:
        return True
    return gap is not None and core[2:] in text and gap.search(text) is not None


#: characters that never change by meeting what comes before them under NFKC: no combining mark, nothing that
#: composes with a preceding character, their decompositions starting with such a character (ASCII, the CJK
#: ideographs, Chinese punctuation; tests/core/test_rules_content_speed.py checks it against the Unicode data)
_STARTERS = frozenset("，。、；：？！“”‘’《》（）【】〔〕\u3000")


def _stable_start(text: str) -> bool:
    c = text[0]
    return c < "\x80" or "\u4e00" <= c <= "\u9fff" or c in _STARTERS


def _glued(title: str, text: str) -> str:
    """``norm(title + text)``: ``norm(title) + norm(text)`` when the text's first character cannot change by meeting
    the title under NFKC, unless two figures meet there (whether a space stays between them depends on whitespace
    ``norm`` dropped); else normalised whole."""
    if not text:
        return norm(title)
    if _stable_start(text):
        a, b = norm(title), norm(text)
        if not (a and b and a[-1].isdigit() and b[0].isdigit()):
            return a + b
    return norm(title + text)


def overview_norm(r: Report) -> str:
    """``norm(r.overview_text())``, put together from the normalised parts (cached: the rules before asked for each)
    instead of normalising ~2,300 characters again. ``overview_text`` joins its parts with a line break: NFKC neither
    composes nor reorders across one (a line break is a starter nothing composes with), and ``norm``'s whitespace
    collapse keeps one space there exactly when a figure ends the text before and another starts the one after."""
    out: list[str] = []
    last = ""
    for s in r.overview:
        part = _glued(s.title, s.text) if s.title else norm(s.text)
        if part:
            if last.isdigit() and part[0].isdigit():
                out.append(" ")
            out.append(part)
            last = part[-1]
    intro = norm(r.overview_intro)
    if intro and out and intro[-1].isdigit() and out[0][0].isdigit():
        return intro + " " + "".join(out)
    return intro + "".join(out)


def _supervision_field(ctx: Ctx) -> str:
    for i, s in enumerate(ctx.report.overview):
        if "监督" in s.title:
            return _subsection_text_id(i)
    return str(Location.text("overview_intro"))


@lru_cache(maxsize=64)
def _subsection_text_id(i: int) -> str:
    return str(Location.subsection(i, "text"))


def overview(ctx: Ctx) -> None:
    """TXT-OVERVIEW, TXT-SUPERVISION, LEN-OVERVIEW."""
    r = ctx.report
    if not r.overview_intro.strip() and not any(s.text.strip() for s in r.overview):
        return  # SEC-SET says the section is missing (the intro and the texts joined are whitespace only)
    text = overview_norm(r)
    missing = [t for t in ctx.fmt.overview_topics if not _topic_found(t, text)]
    if missing:
        ctx.add("TXT-OVERVIEW", "hint",
                f"总体情况建议涵盖：{'、'.join(ctx.fmt.overview_topics)}（尚未涉及：{'、'.join(missing)}）。",
                field="overview_intro")
    level = ctx.level
    if level is not None and level.government:
        lacking = [name for name, words in _SUPERVISION if not _any_word(words, text)]
        if lacking:
            ctx.add("TXT-SUPERVISION", "warning",
                    f"根据条例第五十条，各级人民政府的年度报告应包括工作考核、社会评议和责任追究结果情况"
                    f"（可写于“监督保障”；尚未写到：{'、'.join(lacking)}）。",
                    field=_supervision_field(ctx))
    minimum = int(ctx.fmt.parameters.get("overview_min_chars", 200))
    n = _length([t for t in [r.overview_intro] + [s.text for s in r.overview] if t], minimum)
    if n < minimum:
        ctx.add("LEN-OVERVIEW", "hint",
                f"总体情况内容过于简单（正文约{n}字），建议结合本机关实际情况撰写。", field="overview_intro")
    for i, s in enumerate(r.overview):
        if not s.text.strip():
            ctx.add("LEN-OVERVIEW", "hint",
                    f"总体情况“{s.title.strip() or f'第{i + 1}小节'}”还没有内容，请填写；不需要这一节的可以删除。",
                    loc=Location.subsection(i, "text"))


def _says_nothing(n: str) -> bool:
    """五 (normalised) without punctuation is one of the empty words or shorter than 4 characters; stripped only
    when its letters and digits are so few that it may be: first counted in the beginning alone (the letters of a
    beginning are never more than the whole's; ``[\\W_]`` is exactly “not ``str.isalnum``”), then in the whole."""
    if sum(map(str.isalnum, n[:_EMPTY_HEAD])) >= _EMPTY_MAX or _bare_len(n) >= _EMPTY_MAX:
        return False
    bare_text = _PUNCT.sub("", n)
    return bare_text in _EMPTY_WORDS or len(bare_text) < 4


def section5(ctx: Ctx) -> None:
    """TXT-SEC5: 五 is not “无” and names both problems and improvements."""
    t = ctx.report.section5
    if not t.strip():
        return  # SEC-SET
    n = norm(t)
    if _says_nothing(n):
        ctx.add("TXT-SEC5", "warning",
                f"第五部分应写明存在的主要问题及改进情况，不能为空或仅写“{t.strip()}”。", field="section5")
        return
    lacks = []
    if not _PROBLEM.search(n):
        lacks.append("存在的主要问题（如“存在的问题”“不足”）")
    if not _MEASURE.search(n):
        lacks.append("改进情况（如“改进措施”“下一步”）")
    if lacks:
        ctx.add("TXT-SEC5", "warning",
                f"第五部分应写明存在的主要问题及改进情况，当前似乎缺少{'和'.join(lacks)}。", field="section5")


def fee(ctx: Ctx) -> None:
    """TXT-FEE: 六 states the 信息处理费 collected (also “未收取”), matching the amount entered; NUM-FEE for that amount."""
    r = ctx.report
    amount = r.processing_fee_yuan
    if amount is not None:
        bad = None
        if not isinstance(amount, (int, Decimal)) or isinstance(amount, bool):
            bad = f"信息处理费金额“{amount}”不是数字，请以元为单位填写数字。"
        elif amount < 0:
            bad = f"信息处理费金额（{fmt_num(amount)}元）不能为负数。"
        elif isinstance(amount, Decimal) and amount != amount.quantize(Decimal("0.01"), rounding="ROUND_DOWN"):
            bad = f"信息处理费以元为单位，最多保留2位小数（当前为{fmt_num(amount)}元）。"
        if bad:
            ctx.add("NUM-FEE", "error", bad, loc=Location.fee())
            amount = None
    t = r.section6
    if not t.strip():
        return  # SEC-SET
    if of_2019_time(ctx):
        return  # the 2019 format did not ask for the 信息处理费 (国办函〔2020〕109号 came later)
    n = norm(t)
    if not FEE_WORD.search(n):
        ctx.add("TXT-FEE", "warning",
                f"请在“{_headings(ctx).get('section6', '')}”中说明本年度信息处理费收取情况（未收取的也应说明）。",
                field="section6")
        return
    if amount is None:
        return
    says_none = fee_says_none(n) is not None
    stated = [d for d, _words in fee_amounts(n)]
    if amount > 0 and says_none and not stated:
        ctx.add("TXT-FEE", "warning",
                f"填写的信息处理费为{fmt_num(amount)}元，但第六部分写的是未收取，请核实。", field="section6")
    elif stated and all(s != amount for s in stated):
        ctx.add("TXT-FEE", "warning",
                f"第六部分所述信息处理费{fmt_num(stated[0])}元与填写的金额{fmt_num(amount)}元不一致，请核实。",
                field="section6")


def _headings(ctx: Ctx) -> dict[str, str]:
    return {s.field: s.heading for s in ctx.fmt.sections if s.field}


def repetition(ctx: Ctx) -> None:
    """TXT-DUP: 一 and 五 compared with last year's (needs last year's report)."""
    ly = ctx.report.last_year
    if ly is None:
        return  # X-CARRY's hint says that attaching last year's report enables this check
    limit = ctx.settings.duplicate_ratio_warn
    r = ctx.report
    heads = _headings(ctx)
    pairs = [("overview_intro", heads.get("overview", ""), r.overview_text(), ly.overview),
             ("section5", heads.get("section5", ""), r.section5, ly.section5)]
    for fid, head, this, last in pairs:
        if not this.strip() or not last.strip():
            continue
        ratio = repetition_ratio(this, last)
        if ratio > limit:
            ctx.add("TXT-DUP", "warning",
                    f"本年报告“{head}”与上年度报告重复率约{round(ratio * 100)}%，请结合本年度实际更新内容。",
                    field=fid)


RULES = (overview, section5, fee, repetition)
