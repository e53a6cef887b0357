"""Spec §6.3, what the narrative says: its figures against the tables, years, units, the format's 文号, other bodies.

Texts are read as published (“答\\n复 3050 件”, full-width digits) after ``textnorm.norm``. A figure is compared only
when the phrase plainly names the table's figure (“受理政府信息公开申请3119件”, “另有103件顺延到下年度”), and not
when its clause speaks of another year or compares (“上年”, “同比”, “较”, “2023年”). Each text's findings are
cached by text, so validating after a keystroke rescans only the field that changed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from gkdesk.core.bindings import masked
from gkdesk.core.fields import registry
from gkdesk.core.report import LEVEL_UNDETERMINED
from gkdesk.core.rules.context import Ctx, FormatInfo, TableInfo, fmt_num
from gkdesk.core.rules.textnorm import norm, paragraphs
from gkdesk.core.rules.textscan import (
    CLAUSE_ENDS,
    brackets,
    clause_prefix,
    head_places,
    head_starts,
    matches,
    matches_at,
    matches_in,
    names_other_year,
    self_words,
    unit_phrase,
    windows,
)
from gkdesk.core.values import LazyPattern

_N = r"(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)"
_Q = r"(?:共计|合计|总计|总数为?|数量为?|共|计|达|为|是){0,2}"
_APP = r"(?:各类|各项)?(?:政府信息公开|信息公开|依申请公开)?(?:的)?申请(?:件|事项)?"

#: (what the phrase counts, pattern). Keys are roles (resources/formats/*.json): "requests:<row role>" (the 总计
#: column of every row with that role), "proactive:<row role>:<column role>", "appeals:<row role>" (总计 column).
_FIXED: tuple[tuple[str, str], ...] = (
    ("requests:new", rf"(?<!不予)(?<!未)(?:新收到|新收|收到|受理|接收|接到)(?:了)?{_APP}{_Q}{_N}件"),
    ("requests:carry_in", rf"(?:上一?年度?|去年)(?:结转|转入|遗留)(?:的)?(?:政府信息公开)?(?:申请)?(?:件)?{_Q}{_N}件"),
    ("requests:results_total", rf"(?<!逾期)(?<!延期)(?<!按期)(?<!按时)(?<!如期)(?<!当场)(?<!当日)(?<!未)(?:办结|答复|作出答复|办理完毕|完成答复)(?:了)?(?:政府信息公开)?(?:申请)?"
                 rf"(?:件)?{_Q}{_N}件"),
    ("requests:carry_out", rf"(?<![\d,.]){_N}件(?:申请)?(?:顺延|结转|转入|转至|延续)(?:至|到)?下一?年度?"),
    ("requests:carry_out", rf"(?:结转|顺延|转入|转至)(?:至|到)?下一?年度?(?:继续)?(?:办理|答复|处理)?(?:的)?(?:申请)?(?:件)?"
                     rf"{_Q}{_N}件"),
    ("proactive:normative:issued", rf"(?:制发|印发|出台)(?:了)?(?:行政)?规范性文件{_Q}{_N}件"),
    ("proactive:normative:repealed", rf"废止(?:了)?(?:行政)?规范性文件{_Q}{_N}件"),
    ("proactive:normative:valid", rf"现行有效(?:的)?(?:行政)?规范性文件{_Q}{_N}件"),
    ("proactive:normative:valid", rf"(?:行政)?规范性文件现行有效(?:的)?{_Q}{_N}件"),
    ("appeals:review", rf"(?<!不服)行政复议(?:案件|申请|案)?(?:的)?{_Q}{_N}(?:件|起)"),
    ("appeals:litigation", rf"行政诉讼(?:案件|案)?(?:的)?{_Q}{_N}(?:件|起)"),
)
#: the characters a match of each ``_FIXED`` pattern can start with (after its zero-width lookbehinds), as a
#: character class: the scan tries the pattern only where one stands (``_matches``); tests/core/test_rules_text_scan.py
#: checks each against the pattern's own parse
_FIRST: tuple[str, ...] = ("[新收受接]", "[上去]", "[办答作完]", r"\d", "[结顺转]", "[制印出]", "废", "现", "[行规]",
                          "行", "行")
#: what stands right after that first character in every match (a lookahead: the scan still steps one character
#: at a time, so no start is skipped): “行” alone is everywhere (进行, 执行), “行政复议” is rare; the test checks each
#: against the pattern's parse, and the figure's digits against ``_N`` followed by 件
_AHEAD: tuple[str, ...] = ("[收到理]", "[一年]", "[结复出理成]", r"(?<![\d,.]\d)[\d,]*件", "[转延入至]", "[发台]", "止",
                          "行有效", "政规范性文件现行有效|范性文件现行有效", "政复议", "政诉讼")
#: these and the patterns below that only some texts reach are compiled when first used (values.LazyPattern)
_FIXED_RE = tuple((k, LazyPattern(p), LazyPattern(f"{f}(?={a})"))
                  for (k, p), f, a in zip(_FIXED, _FIRST, _AHEAD, strict=True))
#: the first two characters of every match (None: a digit and anything): a window without one of them holds no
#: match, and the pattern is not tried there (a try costs ~1 us however short the window; ``in`` ~0.05 us)
_HEADS: tuple[tuple[str, ...] | None, ...] = tuple(None if h is None else tuple(h.split()) for h in (
    "新收 收到 受理 接收 接到", "上一 上年 去年", "办结 答复 作出 办理 完成", None, "结转 顺延 转入 转至", "制发 印发 出台", "废止",
    "现行", "行政 规范", "行政", "行政"))
_FIXED_SCANS = tuple((*kp, h) for kp, h in zip(_FIXED_RE, _HEADS, strict=True))
#: the scans whose match starts at a digit after none of [\d,.]: the first of a figure's run (``windows``' runs)
_AT_RUN = tuple(i for i, f in enumerate(_FIRST) if f == r"\d")
#: every match of a ``_FIXED`` or block pattern is “what is counted” + its figure (``_N``) + 件 or 起 (+ for
#: “3件申请结转下年度” a tail): at most ``_BEFORE`` characters stand before the figure, at most ``_AFTER`` from its
#: 件/起 on (tests/core/test_rules_text_scan.py reads both from the patterns' parse; a block pattern's ``_BEFORE``
#: grows with its keywords: ``_block_before``)
_BEFORE = 23
#: the one character other than 件 and 起 whose NFKC holds one of them (a compatibility form of 起; the test reads
#: every code point)
_QI_COMPAT = "\U0002F9D7"
#: the same for 年 (a compatibility form of it)
_NIAN_COMPAT = "\uF98E"
_AFTER = 10
_INCL_CARRY = LazyPattern(r"[(,]?(?:含|包括|其中)上一?年度?结转")
_OTHER_TIME = LazyPattern(r"上一?年|去年|同比|同期|较|比上|相比|(\d{4})年")
_YEAR_START = re.compile(r"(?:^|[。!?;])(?:\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、])?(\d{4})年度?(?!以来|至|到|起|-|—|~)")
_YEAR_START_END = r"[。!?;]"  # a sentence end, then “(二)”, “1.” or the year: a ( or a digit follows it
_YEAR_START_FIRST = LazyPattern(_YEAR_START_END + r"(?=[(\d])")  # and the start of the text
#: the same in a text without !, ? and ; (most): a scan for the one character 。 (~3 times faster than the class)
_YEAR_START_DOT = LazyPattern(r"。(?=[(\d])")
_BASIS = LazyPattern(r"国办公开办函[\[(【〔]?(\d{4})[\])】〕]?(?:第)?(\d{1,4})号")
_TO_BODY = re.compile(r"向(?P<x>[\u4e00-\u9fff、]{2,20}?)(?:提出|提交|递交|申请)")
_BOOK_BODY = re.compile(r"《(?P<x>[^《》\d]{2,30}?)\d{4}年度?政府信息公开工作年度报告》")
_GOV_SUFFIX = LazyPattern(r"(?:人民政府办公室|人民政府|政府办公室|政府办|政府|街道办事处|办事处|街道|乡|镇)$")
_GENERIC = LazyPattern(r"^(省|市|区|县|旗|镇|乡|街道)(?:级)?(?:人民)?(?:政府|政府办公室|政府办|办公室|办事处)$")
_LEVEL_OF_WORD = {"省": "province", "市": "city", "区": "county", "县": "county", "旗": "county", "镇": "township",
                  "乡": "township", "街道": "township"}
_SELF = LazyPattern(r"^(?:本|我|该|贵)")
_TOWNSHIP_KIND = re.compile(r"(乡|镇|街道)(?:人民政府|政府|办事处|街道办事处)?$")


@lru_cache(maxsize=8)
def _block_re(keywords: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """The pattern of a 办理结果 group's figure, and where its match can start (None: anywhere): a keyword's first
    character followed by the rest of a keyword."""
    alt = "|".join(re.escape(k) for k in keywords)
    first = "".join(sorted({re.escape(k[0]) for k in keywords})) if keywords and all(keywords) else ""
    rest = "|".join(re.escape(k[1:]) for k in keywords)
    return (re.compile(rf"(?:^|(?<=[,;:、。(])|(?<=其中))(?P<k>{alt})(?:的)?(?:申请)?(?:件)?{_Q}{_N}件"),
            re.compile(f"[{first}](?={rest})") if first else None)


@lru_cache(maxsize=8)
def _block_heads(keywords: tuple[str, ...]) -> tuple[str, ...] | None:
    """``_HEADS`` of a ``_block_re`` pattern: its keywords' first two characters (None with a shorter keyword)."""
    return tuple(dict.fromkeys(k[:2] for k in keywords)) if all(len(k) > 1 for k in keywords) else None


def _block_before(keywords: tuple[str, ...]) -> int:
    """The widest part of a ``_block_re`` match before its figure: a keyword, 的, 申请, 件 and ``_Q`` (two words
    of at most 3 characters)."""
    return max(map(len, keywords), default=0) + 10


def _other_time(prefix: str, year: int) -> bool:
    if not ("年" in prefix or "同" in prefix or "较" in prefix or "比" in prefix):
        return False  # (each of _OTHER_TIME's words holds one of these)
    return any(m.group(1) is None or int(m.group(1)) != year for m in _OTHER_TIME.finditer(prefix))


@lru_cache(maxsize=8)
def _plan(blocks: tuple[str, ...]) -> tuple[int, tuple, tuple[tuple[int, ...], ...], re.Pattern[str], tuple[int, ...]]:
    """How ``_figures`` reads a format's texts: (widest part before a figure, the scans (key, pattern, first, heads):
    ``_FIXED_SCANS`` and the 办理结果 group's, ``head_places`` of their heads, the scans tried by ``matches_in``)."""
    scans = (*_FIXED_SCANS, ("block", *_block_re(blocks), _block_heads(blocks)))
    anywhere = tuple(i for i, s in enumerate(scans) if s[3] is None and i not in _AT_RUN)
    return (max(_BEFORE, _block_before(blocks)), scans, *head_places(tuple(h for *_x, h in scans)), anywhere)


@lru_cache(maxsize=512)
def _figures(text: str, year: int, blocks: tuple[str, ...]) -> tuple[tuple[str, int, str, int, int], ...]:
    """(key, figure, phrase, start, end of the figure in ``norm(text)``) for each figure the text states plainly."""
    n = norm(text)
    if "件" not in n and "起" not in n:
        return ()  # every phrase read here ends in a figure (digits) followed by 件 (or 起)
    before, scans, of_group, spot, anywhere = _plan(blocks)
    runs: list[int] = []
    places = windows(n, "件起", before, _AFTER, runs)
    if not places:
        return ()
    tried: dict[int, list[int] | None] = head_starts(spot, of_group, n, places)  # type: ignore[assignment]
    runs.sort()
    for i in _AT_RUN:
        tried[i] = runs
    if anywhere:  # (the 办理结果 group's with a one-character keyword: None, matches_in)
        tried.update(dict.fromkeys(anywhere))
    out: list[tuple[str, int, str, int, int]] = []
    seen: set[tuple[int, int]] = set()
    for i in sorted(tried):  # the scans' order; those with none of their heads in a window are not there
        key, rx, first, _heads = scans[i]
        at = tried[i]
        for m in matches_in(rx, first, n, places) if at is None else matches_at(rx, n, at):
            span = m.span("n")
            s = m.start()  # (the clause before it is "" right after a clause end: nothing said of another time)
            if span in seen or s and n[s - 1] not in CLAUSE_ENDS and _other_time(clause_prefix(n, s), year):
                continue
            seen.add(span)
            k = f"block:{m.group('k')}" if key == "block" else key
            if k == "requests:new" and _INCL_CARRY.match(n, m.end()):
                k = "requests:new+carry_in"  # “受理申请20件（含上年结转2件）”: new + carried over
            out.append((k, int(m.group("n").replace(",", "")), m.group(0), *span))
    return tuple(out)


def stated_figures(text: str, year: int, blocks: tuple[str, ...]) -> tuple[tuple[str, int, str, int, int], ...]:
    """What TXT-NUM reads in a text: (key, figure, phrase, start, end in ``norm(text)``); keys as in ``_FIXED``
    plus ``block:<keyword>`` (a 办理结果 group) and ``requests:new+carry_in``; ``figure_cells`` says which cells."""
    return _figures(text, year, blocks)


def figure_cells(info: FormatInfo, key: str) -> tuple[tuple[str, str, str], ...]:
    """The cells (table, row, column) whose sum a figure key names; () when this format has none of them.
    Worked out once per format and key (kept beside the format info's fields: equality and hash ignore it)."""
    memo = info.__dict__.get("_figure_cells")
    if memo is None:
        memo = info.__dict__["_figure_cells"] = {}
    got = memo.get(key)
    if got is None:
        got = memo[key] = _figure_cells(info, key)
    return got  # type: ignore[no-any-return]


def _figure_cells(info: FormatInfo, key: str) -> tuple[tuple[str, str, str], ...]:
    k = info.keys
    if key.startswith("block:"):
        rows = next((r for kw, _label, r in info.t3_blocks if kw == key[6:]), ())
        return tuple((k.t3, r, k.total) for r in rows) if k.t3 and k.total else ()
    reg = registry(info.fmt)
    table_role, _, rest = key.partition(":")
    tkey = reg.table_key(table_role)
    if tkey is None:
        return ()
    if rest.count(":") == 1:
        row_role, col_role = rest.split(":")
        row, col = reg.row(tkey, row_role), reg.column(tkey, col_role)
        if row is None or col is None or col not in info.fmt.table(tkey).row(row).columns:
            return ()
        return ((tkey, row, col),)
    total = reg.column(tkey, "total")
    rows = [r for role in rest.split("+") for r in reg.rows(tkey, role)]
    return tuple((tkey, r, total) for r in rows) if total and rows else ()


def figures(ctx: Ctx) -> None:
    """TXT-NUM (T3 and T2 figures in the narrative) and T4-LIT-TOTAL (行政复议/行政诉讼 in the narrative)."""
    info = ctx.info
    blocks = {kw: (label, rows) for kw, label, rows in info.t3_blocks}
    keys = tuple(blocks)
    year = ctx.year
    bound = {b.field for b in ctx.report.bindings}
    for fid, text in ctx.text_fields():
        if not text:
            continue
        if fid in bound:
            text = masked(ctx.report, fid, text)  # bound figures are exact by construction (TXT-REF)
        if "件" not in text and "起" not in text and _QI_COMPAT not in text:
            continue  # no 件/起 after ``norm`` either: no figure phrase (``_figures``)
        reported: set[str] = set()
        for key, n, phrase, _, _ in _figures(text, year, keys):
            cells = figure_cells(info, key) if phrase not in reported else ()
            if not cells:
                continue
            ti = info.tables[cells[0][0]]
            if key.startswith("appeals:"):
                if _t4(ctx, ti, cells, n, phrase, fid):
                    reported.add(phrase)
                continue
            got = _table_figure(ctx, key, cells)
            if got is None or got == n:
                continue
            reported.add(phrase)
            what = _figure_place(ti, key, cells, blocks)
            ctx.add("TXT-NUM", "warning", f"正文所述“{phrase}”与表格中{what}（{fmt_num(got)}）不一致。", field=fid)


def _table_figure(ctx: Ctx, key: str, cells: tuple[tuple[str, str, str], ...]) -> int | Decimal | None:
    """What the tables say for a figure key (None: not known)."""
    if key.startswith("proactive:"):
        v = ctx.raw(*cells[0])
        return v if isinstance(v, (int, Decimal)) and not isinstance(v, bool) else None
    vals = [ctx.number(*c) for c in cells]
    if key.startswith("block:"):
        return None if all(v is None for v in vals) else sum(v for v in vals if v is not None)
    if len(cells) > 1:  # 受理…（含上年结转…）: new + carried over, both needed
        return None if any(v is None for v in vals) else sum(v for v in vals if v is not None)
    return vals[0]


def _figure_place(ti: TableInfo, key: str, cells: tuple[tuple[str, str, str], ...],
                  blocks: dict[str, tuple[str, tuple[str, ...]]]) -> str:
    """The table's place TXT-NUM names (only for a figure that differs)."""
    if key.startswith("proactive:"):
        _t, row, col = cells[0]
        return f"{ti.part}“{ti.row_names[row]}”的“{ti.col_names[col]}”"
    if key.startswith("block:"):
        return f"{ti.part}“{blocks[key[6:]][0]}”各项的总计"
    if len(cells) > 1:
        names = "”与“".join(ti.row_names[r] for _t, r, _c in cells)
        return f"{ti.part}“{names}”的总计之和"
    return f"{ti.part}“{ti.row_names[cells[0][1]]}”一行的总计"


def _t4(ctx: Ctx, ti: TableInfo, cells: tuple[tuple[str, str, str], ...], n: int, phrase: str, fid: str) -> bool:
    vals = [ctx.number(*c) for c in cells]
    if len(cells) == 1:
        got = vals[0]
        if got is None or got == n:
            return False
        ctx.add("T4-LIT-TOTAL", "warning",
                f"正文所述“{phrase}”与表格中“{ti.row_names[cells[0][1]]}”总计（{fmt_num(got)}件）不一致。", field=fid)
        return True
    if all(v is None for v in vals):
        return False
    if sum(v or 0 for v in vals) == n:
        return False
    parts = "+".join(f"{ti.tdef.row(r).label}{fmt_num(v or 0)}件" for (_t, r, _c), v in zip(cells, vals, strict=True))
    ctx.add("T4-LIT-TOTAL", "warning", f"正文所述“{phrase}”与表格（{parts}）不一致。", field=fid)
    return True


@lru_cache(maxsize=256)
def _years(text: str) -> tuple[int, ...]:
    if "年" not in norm(text):
        return ()  # (each paragraph is normalised the same way: no 年 in the whole, none in a paragraph)
    out: list[int] = []
    for para in paragraphs(text):
        first = _YEAR_START_FIRST if ";" in para or "!" in para or "?" in para else _YEAR_START_DOT
        c = para[0]  # ^ matches before “(二)”, “1.” or the year: “(” or a digit (a sentence end there: the scan's)
        for m in matches(_YEAR_START, first, para, at_start=c == "(" or c.isdecimal()):
            y = int(m.group(1))
            if 1990 <= y <= 2100 and y not in out:
                out.append(y)
    return tuple(out)


def years(ctx: Ctx) -> None:
    """TXT-YEAR: a sentence of 一、总体情况 opening with a year other than the report year."""
    y = ctx.year
    if not y:
        return
    for fid, text in ctx.text_fields():
        if not text or not fid.startswith("overview."):  # the intro (overview.intro) and every subsection
            continue
        if "年" not in text and _NIAN_COMPAT not in text:
            continue  # no 年 after ``norm`` either (``_years``)
        if not names_other_year(norm(text), y):
            continue  # every year it can name is the report year's (``norm`` is kept: document.period asked first)
        for other in _years(text):
            if other != y:
                ctx.add("TXT-YEAR", "warning",
                        f"正文出现“{other}年”，与报告年度{y}不一致，请核实是否沿用了往年文字。", field=fid)


@lru_cache(maxsize=256)
def _misc(text: str, kind: str) -> tuple[str | None, tuple[tuple[str, str], ...], tuple[tuple[str, str, str], ...],
                                         tuple[str, ...], tuple[str, ...]]:
    """(first odd unit phrase, 格式 文号 cited (year, number), bracket misuses, bodies named as handler, and for a
    乡/镇/街道 (``kind``; "" for other bodies: none) the self-words 我乡/本镇/全街道 of the other kinds used)."""
    n = norm(text)
    unit = unit_phrase(n)
    basis = tuple((m.group(1), m.group(2)) for m in _BASIS.finditer(n)) if "国办公开办函" in n else ()
    misused = brackets(n)
    bodies: list[str] = []
    # what every match holds (a long word is looked for only where the match's first character stands)
    for rx, first, literal in ((_TO_BODY, "向", ""), (_BOOK_BODY, "《", "政府信息公开工作年度报告》")):
        if first not in n or literal not in n:
            continue
        for m in rx.finditer(n):
            for part in re.split(r"及|和|与|、|或", m.group("x")):
                if part and part not in bodies:
                    bodies.append(part)
    return unit, basis, misused, tuple(bodies), self_words(n, kind) if kind else ()


def _org_core(name: str) -> str:
    return _GOV_SUFFIX.sub("", name) or name


def _level_group(level_key: str) -> str:
    return next((w for w in ("province", "city", "county", "township") if level_key.startswith(w)), "national")


def _foreign(part: str, org: str, level_key: str) -> bool:
    """A body named as the handler of applications that is not this body."""
    if _SELF.match(part) or not _GOV_SUFFIX.search(part):
        return False
    g = _GENERIC.match(part)
    if g:  # 市政府 is foreign to a 乡镇; with the level not chosen yet (LEVEL-UNSET) nothing can be said
        return level_key != LEVEL_UNDETERMINED and _LEVEL_OF_WORD[g.group(1)] != _level_group(level_key)
    core = _org_core(part)
    return not (core in org or _org_core(org) in part)


def misc(ctx: Ctx) -> None:
    """TXT-UNIT, TXT-BASIS, TXT-SELF."""
    y = ctx.year
    org = ctx.report.meta.org_name.strip()
    basis = ctx.fmt.basis
    applies_from = ctx.fmt.applies_from_year
    township = _TOWNSHIP_KIND.search(_org_core(org) if org.endswith("政府") else org) if org else None
    kind = township.group(1) if township else ""  # its own 我镇/本镇 is not looked for (in every text: not foreign)
    for fid, text in ctx.text_fields():
        if not text:
            continue
        unit, cited, brackets, bodies, selves = _misc(text, kind)
        if unit:
            ctx.add("TXT-UNIT", "hint",
                    f"依申请公开数量建议统一以“件”为单位（正文为“{unit}”）。", field=fid)
        if cited and y >= applies_from:
            for yr, no in cited:
                if f"〔{yr}〕{no}号" not in basis:
                    ctx.add("TXT-BASIS", "warning",
                            f"年度报告格式依据应为{basis}（正文引用了“国办公开办函〔{yr}〕{no}号”）。", field=fid)
                    break
        for b, yr, no in brackets:
            ctx.add("TXT-BASIS", "warning", f"文号“{b}”的年份应使用六角括号，写作“〔{yr}〕{no}号”。", field=fid)
        if org and (bodies or selves):
            foreign = [p for p in bodies if _foreign(p, org, ctx.report.meta.level)] + list(selves)
            if foreign:
                ctx.add("TXT-SELF", "warning",
                        f"正文中出现“{foreign[0]}”，与本机关名称“{org}”不一致，请核实是否沿用了其他单位的文字。", field=fid)


RULES = (figures, years, misc)
