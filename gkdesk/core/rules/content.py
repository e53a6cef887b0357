"""Spec §6.3, what the narrative must cover: 总体情况 topics and length, 监督保障 results, 第五部分, 信息处理费, repetition."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from gkdesk.core.location import Location
from gkdesk.core.rules.cells import of_2019_time
from gkdesk.core.rules.context import Ctx, fmt_num
from gkdesk.core.rules.textnorm import norm
from gkdesk.core.textsim import repetition_ratio
from gkdesk.core.values import FEE_WORD, fee_amounts, fee_says_none

_PUNCT = re.compile(r"[\W_]+")
_EMPTY_WORDS = frozenset({"无", "暂无", "没有", "无问题", "不涉及", "略", "无。"})
_PROBLEM = re.compile(r"问题|不足|短板|差距|薄弱|欠缺|有待|不够|不到位|不及时|不全面|不规范|滞后")
_MEASURE = re.compile(r"改进|措施|下一步|整改|今后|将进一步|加强|提升|完善|强化")
#: 条例第五十条（四）: 工作考核、社会评议和责任追究结果 — (what to name in the message, words that count)
_SUPERVISION = (("工作考核", re.compile(r"考核|考评")), ("社会评议", re.compile(r"评议|评价|满意度")),
                ("责任追究", re.compile(r"责任追究|追究责任|追责|问责")))


@lru_cache(maxsize=256)
def _len(text: str) -> int:
    return len(_PUNCT.sub("", norm(text)))


def _length(texts: list[str], minimum: int) -> int:
    """``sum(_len(t) for t in texts)`` when that is below ``minimum``; otherwise a number ≥ ``minimum``: once a
    text's beginning holds the characters still needed, the rest need not be stripped (the characters left in a
    beginning of ``norm(t)`` are never more than in the whole)."""
    total = 0
    for t in texts:
        need = minimum - total
        if need <= 0:
            break
        n = norm(t)
        if len(n) > 2 * need and len(_PUNCT.sub("", n[:2 * need])) >= need:
            return minimum
        total += _len(t)
    return total


@lru_cache(maxsize=32)
def _topic_re(topic: str) -> re.Pattern[str]:
    """The topic, or its core without “政府（信息公开）…建设”, with up to 3 characters inside a 4-character core:
    “政府信息公开平台建设” → “平台”; “监督保障” → “监督与保障”."""
    core = topic.removeprefix("政府信息公开").removeprefix("政府").removesuffix("建设") or topic
    alts = [re.escape(topic), re.escape(core)]
    if len(core) == 4:
        alts.append(re.escape(core[:2]) + ".{0,3}?" + re.escape(core[2:]))
    return re.compile("|".join(alts))


def _topic_found(topic: str, text: str) -> bool:
    return _topic_re(topic).search(text) is not None


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
    body = r.overview_intro + "".join(s.text for s in r.overview)
    if not body.strip():
        return  # SEC-SET says the section is missing
    text = norm(r.overview_text())
    missing = [t for t in ctx.fmt.overview_topics if not _topic_found(t, text)]
    if missing:
        ctx.add("TXT-OVERVIEW", "hint",
                f"总体情况建议涵盖：{'、'.join(ctx.fmt.overview_topics)}（尚未涉及：{'、'.join(missing)}）。",
                field="overview_intro")
    level = ctx.level
    if level is not None and level.government:
        lacking = [name for name, rx in _SUPERVISION if not rx.search(text)]
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


def section5(ctx: Ctx) -> None:
    """TXT-SEC5: 五 is not “无” and names both problems and improvements."""
    t = ctx.report.section5
    if not t.strip():
        return  # SEC-SET
    n = norm(t)
    bare_text = _PUNCT.sub("", n)
    if bare_text in _EMPTY_WORDS or len(bare_text) < 4:
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
