"""Spec §6.3, the document as a whole: meta, the six sections and their headings, the title, period and deadline."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from operator import attrgetter, itemgetter

from gkdesk.core.format import Level
from gkdesk.core.issues import Issue
from gkdesk.core.location import Location
from gkdesk.core.report import LEVEL_UNDETERMINED, Report
from gkdesk.core.rules.context import Ctx
from gkdesk.core.rules.textnorm import norm
from gkdesk.core.values import PERIOD as _PERIOD
from gkdesk.core.values import PERIOD_WORD as _PERIOD_WORD
from gkdesk.core.values import LazyPattern

CN_NUM = "一二三四五六七八九十"
_SUB_NUM = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]")
_TOP_HEAD = LazyPattern(r"(?:^|\n)\s*([一二三四五六])\s*[、.．]\s*([^\n]{2,40})")  # compiled when first used
_TOP_HEAD_HINT = re.compile(r"[一二三四五六]\s*[、.．]")  # what every _TOP_HEAD match contains: scanned much faster
_TOP_NUMS = frozenset("一二三四五六")
#: a line opening with 一…六 after whitespace (``_may_head`` of each line; \s is str.isspace): scanned for \n
_LINE_HEAD = LazyPattern(r"\n\s*[一二三四五六]")
_TEXT, _TITLE = attrgetter("text"), attrgetter("title")
_FIRST = itemgetter(slice(0, 1))  # a string's first character ("" for "")


def _cn(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    if n < 20:
        return "十" + CN_NUM[n - 11]
    return str(n)


@lru_cache(maxsize=64)
def _cn_value(s: str) -> int:
    """“三” → 3, “十二” → 12, “二十一” → 21; -1 for anything else."""
    tens, _, ones = s.rpartition("十")
    try:
        if "十" not in s:
            return CN_NUM.index(s) + 1 if len(s) == 1 else -1
        t = 1 if tens == "" else CN_NUM.index(tens) + 1
        o = 0 if ones == "" else CN_NUM.index(ones) + 1
    except ValueError:
        return -1
    return t * 10 + o if t <= 9 and o <= 9 else -1


def meta(ctx: Ctx) -> None:
    """META (gkdesk): the facts every other rule and the title depend on."""
    m = ctx.report.meta
    if not m.org_name.strip():
        ctx.add("META", "error", "请填写机关全称（例如“秋渠乡人民政府”），标题和落款都要用到。", field="org_name")
    if m.level == LEVEL_UNDETERMINED:
        ctx.add("LEVEL-UNSET", "error", "尚未确定机关级别。请在“基本信息”中选择本机关的级别：截止日期、收费金额提醒等按级别判断。",
                field="level")
    elif ctx.level is None:
        labels = "、".join(lv.label for lv in ctx.fmt.levels)
        ctx.add("META", "error", f"请选择机关级别（{labels}）。", field="level")
    if not m.year:
        ctx.add("META", "error", "请填写报告年度（例如2024），统计期限、标题和截止日期都由它确定。", field="year")
    elif not 2008 <= m.year <= ctx.today.year + 1:
        ctx.add("META", "warning", f"报告年度{m.year}年不在合理范围内，请核实。", field="year")
    if not m.written_date:
        ctx.add("SIGN-DATE", "warning", "请填写成文日期（落款中的日期，如“2025年1月20日”）。不填时导出的 PDF 落款没有日期，"
                "导出前会再询问。", field="written_date")
    for f in _required_extra(ctx):  # fields the format adds (the built-in ones have the checks above)
        if m.extra.get(f.key) in (None, ""):
            ctx.add("META", "error", f"请填写{f.label}。", loc=Location.meta(f.key))
    if m.written_date and m.publish_date and m.publish_date < m.written_date:
        ctx.add("META", "warning",
                f"发布日期（{_d(m.publish_date)}）早于成文日期（{_d(m.written_date)}），请核实。", field="publish_date")


def _required_extra(ctx: Ctx) -> tuple:  # type: ignore[type-arg]
    """The required meta fields the format adds (no attribute of ``ReportMeta``), in order; once per format."""
    fields = ctx.info.memo.get("required_extra")
    if fields is None:
        fields = ctx.info.memo["required_extra"] = tuple(f for f in ctx.fmt.meta_fields
                                                         if f.attribute is None and f.required)
    return fields  # type: ignore[return-value]


def _section_facts(ctx: Ctx) -> tuple[dict[str, str], str, tuple[tuple[str, str, str], ...], dict[str, str]]:
    """Of the format, once: number -> heading, all headings for SEC-SET's message, (heading, field id, field) of the
    narrative sections, field -> its section's number."""
    facts = ctx.info.memo.get("sections")
    if facts is None:
        secs = ctx.fmt.sections
        narrative = tuple((s.heading, "overview_intro" if s.field == "overview" else s.field, s.field) for s in secs
                          if s.kind == "narrative" and s.field in ("overview", "section5", "section6"))
        facts = ctx.info.memo["sections"] = ({s.number: s.heading for s in secs}, "；".join(s.heading for s in secs),
                                             narrative, {s.field: s.number for s in secs if s.field})
    return facts  # type: ignore[return-value]


def _blank(r: Report, field: str) -> bool:
    """The narrative section has no text at all (its parts joined would be whitespace only)."""
    if field == "overview":
        return not r.overview_intro.strip() and not any(sub.text.strip() for sub in r.overview)
    return not getattr(r, field).strip()


def sections(ctx: Ctx) -> None:
    """SEC-SET: a narrative section with no text at all is a missing section (gkdesk always draws the six headings).
    SEC-HEAD: headings are drawn by gkdesk, so a text must not repeat its own heading or carry another section's;
    the 总体情况 subsections are numbered （一）（二）… in their order."""
    heads, all_heads, narrative, own_of = _section_facts(ctx)
    r = ctx.report
    for heading, fid, field in narrative:
        if _blank(r, field):
            ctx.add("SEC-SET", "error",
                    f"“{heading}”还没有内容。年度报告应包括六个部分：{all_heads}，不能遗漏。", field=fid)
    subsections = r.overview
    sub_texts = list(map(_TEXT, subsections))
    # the usual report, first: no line of any text opens with 一…六, so no text holds a top heading. The texts
    # joined after a line break have exactly their lines, each after a line break: one literal scan for them
    if _LINE_HEAD.search("\n".join(["", r.overview_intro, *sub_texts, r.section5, r.section6])) is not None:
        _headings_in_texts(ctx, r, sub_texts, heads, own_of)
    i = _misnumbered(tuple(map(_TITLE, subsections)))
    if i is not None:
        ctx.add("SEC-HEAD", "warning",
                f"总体情况第{i + 1}个小节“{r.overview[i].title.strip()}”的序号应为“（{_cn(i + 1)}）”，"
                f"各小节应依次编号（一）（二）（三）……", loc=Location.subsection(i, "title"))


def _headings_in_texts(ctx: Ctx, r: Report, sub_texts: list[str], heads: dict[str, str],
                       own_of: dict[str, str]) -> None:
    """SEC-HEAD's headings: a text repeating its own section's heading first, or holding another section's."""
    own_overview = own_of.get("overview", "")
    texts = [("overview_intro", r.overview_intro, own_overview)]
    texts += [(fid, t, own_overview) for fid, t in zip(_subsection_text_ids(len(sub_texts)), sub_texts, strict=True)]
    texts += [("section5", r.section5, own_of.get("section5", "")), ("section6", r.section6, own_of.get("section6", ""))]
    for fid, text, own in texts:
        for i, (num, rest) in enumerate(_top_headings(text)):
            if num not in heads or not _looks_like(heads[num], num, rest):
                continue
            if num == own and i == 0 and text.lstrip().startswith(num):
                ctx.add("SEC-HEAD", "warning",
                        f"第{num}部分标题“{heads[num]}”由 gkdesk 自动生成，正文开头不必再写一遍，请删去。", field=fid)
            elif num != own:
                ctx.add("SEC-HEAD", "warning",
                        f"第{own}部分的正文中出现了第{num}部分的标题“{num}、{rest[:20]}”。请把这部分内容移到"
                        f"“{heads[num]}”中，第{num}部分标题应为“{heads[num]}”。", field=fid)


@lru_cache(maxsize=64)
def _misnumbered(titles: tuple[str, ...]) -> int | None:
    """When every subsection title is numbered （一）（二）…: the first whose number is not its place (remembered by
    titles: the units of a 汇总 mostly share them)."""
    numbered = [_SUB_NUM.match(t) for t in titles]
    if titles and all(numbered):
        for i, m in enumerate(numbered):
            if _cn_value(m.group(1)) != i + 1:  # type: ignore[union-attr]
                return i
    return None


@lru_cache(maxsize=64)
def _subsection_text_ids(n: int) -> tuple[str, ...]:
    """The string forms of the first ``n`` subsections' texts (``overview.1.text`` …)."""
    return tuple(str(Location.subsection(i, "text")) for i in range(n))


def _may_head(text: str) -> bool:
    """What every ``_TOP_HEAD`` match needs: 一…六 first (after whitespace) in the text or after a line break, found
    by splitting at the line breaks (a character-class scan of the whole text costs ~7 ns a character)."""
    if "\n" not in text:  # a text of one line
        return text.lstrip()[:1] in _TOP_NUMS  # str.isspace is re's \s (both Py_UNICODE_ISSPACE); "" is not in it
    return not _TOP_NUMS.isdisjoint(map(_FIRST, map(str.lstrip, text.split("\n"))))


def _top_headings(text: str) -> tuple[tuple[str, str], ...]:
    """(number, the rest of the line) of every line that looks like a top heading “五、…” (remembered per text)."""
    if not _may_head(text):
        return ()
    return _top_headings_found(text)


@lru_cache(maxsize=128)
def _top_headings_found(text: str) -> tuple[tuple[str, str], ...]:
    if _TOP_HEAD_HINT.search(text) is None:
        return ()
    return tuple((m.group(1), m.group(2)) for m in _TOP_HEAD.finditer(text))


def _looks_like(heading: str, num: str, rest: str) -> bool:
    """A line “五、存在的问题…” is that section's heading when it shares most of the official heading's words."""
    body = heading.split("、", 1)[-1]
    rest = rest.strip()
    if rest.startswith(body[:4]) or body.startswith(rest[:4]):
        return True
    common = sum(1 for ch in set(body) if ch in rest)
    return common >= max(4, int(len(set(body)) * 0.6)) and len(rest) <= len(body) + 12


def title(ctx: Ctx) -> None:
    """TITLE: {机关全称}{年度}年政府信息公开工作年度报告."""
    m = ctx.report.meta
    if not m.org_name.strip() or not m.year:
        return
    expected = ctx.report.derived_title
    actual = (m.title_override or expected).strip()  # Report.title, without making the derived title again
    if actual != expected:
        ctx.add("TITLE", "warning", f"标题建议为“{expected}”（当前为“{actual}”）。", field="title")


@lru_cache(maxsize=256)
def _periods(n: str) -> tuple[bool, tuple[tuple[str, tuple[int, ...]], ...]]:
    """Of a normalised text that holds “统计”: whether it names the 统计期限, and every period it states."""
    if _PERIOD_WORD.search(n) is None:
        return False, ()
    found = tuple((m.group(0), tuple(int(g or m.group(1)) for g in m.groups())) for m in _PERIOD.finditer(n))
    return True, found


def period(ctx: Ctx) -> None:
    """PERIOD: the text states the statistical period, and it is 1月1日–12月31日 of the report year."""
    y = ctx.year
    if not y:
        return
    mentioned = False
    for fid, text in ctx.text_fields():
        if not text:
            continue
        n = norm(text)
        if "统计" not in n:
            continue  # every 统计期限 phrase opens with the word (“统计期限”…), which starts with 统计
        has_word, found = _periods(n)
        mentioned = mentioned or has_word
        for phrase, (y1, m1, d1, y2, m2, d2) in found:
            mentioned = True
            if (y1, m1, d1, y2, m2, d2) != (y, 1, 1, y, 12, 31):
                ctx.add("PERIOD", "warning",
                        f"正文所述统计期限“{phrase}”与报告年度{y}年不符。"
                        f"应为：{ctx.report.period_text}", field=fid)
    if not mentioned:
        # The exports print the sentence themselves when the text has none, so this is only a reminder.
        ctx.add("PERIOD", "hint", f"正文没有说明统计期限，导出 PDF/Excel 时会自动加上：{ctx.report.period_text}"
                "（也可以自己写在总体情况开头）。", field="overview_intro")


def _d(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _due(year: int, month: int, day: int) -> date:
    """The configured day in ``year``; a day the month lacks that year (2月29日) becomes its last day."""
    for dd in range(day, 27, -1):
        try:
            return date(year, month, dd)
        except ValueError:
            continue
    return date(year, month, min(day, 28))


#: DEADLINE's issues by everything they depend on (most reports of a 汇总 share them): emptied when it grows
_DEADLINES: dict[tuple[object, ...], tuple[Issue, ...]] = {}


def deadline(ctx: Ctx) -> None:
    """DEADLINE: published by the configured date of the following year: 1月31日 by default (条例第四十九条 for
    departments; 乡镇、街道 as their county decides), 3月31日 for 县级以上地方人民政府 reports."""
    y = ctx.year
    if not y:
        return
    s = ctx.settings
    level = ctx.level
    key = (ctx.fmt.version, None if level is None else level.key, y, s.government_deadline_month,
           s.government_deadline_day, s.deadline_month, s.deadline_day, ctx.report.meta.publish_date, ctx.today)
    found = _DEADLINES.get(key)
    if found is None:
        start = len(ctx.issues)
        _deadline(ctx, y, level)
        if len(_DEADLINES) >= 256:
            _DEADLINES.clear()
        _DEADLINES[key] = tuple(ctx.issues[start:])
    else:
        ctx.issues.extend(found)


def _deadline(ctx: Ctx, y: int, level: Level | None) -> None:
    """DEADLINE's issues, worked out (``deadline`` remembers them)."""
    s = ctx.settings
    government = _due(y + 1, s.government_deadline_month, s.government_deadline_day)
    other = _due(y + 1, s.deadline_month, s.deadline_day)
    if level is None and government != other:
        _deadline_any_level(ctx, y, max(government, other))
        return
    due = government if level is not None and level.government and level.key != "township" else other
    _deadline_issues(ctx, y, due, f"按规定应于{_d(due)}前公开本年度报告", "已超过截止日期", remind=True)


def _deadline_any_level(ctx: Ctx, y: int, latest: date) -> None:
    """DEADLINE while the level is not known (LEVEL-UNSET): only what holds whatever level is chosen — late after the
    later of the two deadlines, or published before the year ended. No reminder that would guess the level."""
    _deadline_issues(ctx, y, latest, f"无论本机关是哪一级别，都应于{_d(latest)}前公开本年度报告", "已超过", remind=False)


def _deadline_issues(ctx: Ctx, y: int, due: date, lead: str, over: str, remind: bool) -> None:
    """DEADLINE against ``due``: published late, published before the year ended, not yet published and late, or
    (``remind``) the days left."""
    pub = ctx.report.meta.publish_date
    if pub is not None:
        if pub > due:
            ctx.add("DEADLINE", "warning", f"{lead}，发布日期{_d(pub)}{over}{(pub - due).days}天。", field="publish_date")
        elif pub <= date(y, 12, 31):
            ctx.add("DEADLINE", "warning",
                    f"发布日期{_d(pub)}在统计期限结束（{y}年12月31日）之前，请核实发布日期。", field="publish_date")
        return
    today = ctx.today
    if today > due:
        ctx.add("DEADLINE", "warning", f"{lead}，{over}{(today - due).days}天。如已发布，请填写发布日期。",
                field="publish_date")
    elif remind:
        ctx.add("DEADLINE", "hint", f"{lead}，距截止日还有{(due - today).days}天。", field="publish_date")


RULES = (meta, sections, title, period, deadline)
