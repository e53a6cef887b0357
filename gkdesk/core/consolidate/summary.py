"""The consolidation's check summary workbook (汇总校验清单.xlsx): units, every issue, incomplete cells, notes."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path
from typing import Any

from gkdesk.core.consolidate.model import Consolidation, UnitResult, collector_paused, key_total_cells
from gkdesk.core.consolidate.xlsxstream import Sheet, StreamingWorkbook, column_letter
from gkdesk.core.fileio import atomic_write
from gkdesk.core.format import CURRENT_VERSION
from gkdesk.core.issues import SEVERITY_LABEL, Issue
from gkdesk.core.locations import describe_location
from gkdesk.core.report import level_label


def unit_headers(version: str = CURRENT_VERSION) -> list[str]:
    """The 单位情况 sheet's columns: the unit, its issue counts, the format's key figures, its status."""
    return ["序号", "文件", "机关名称", "级别", "年度", "错误", "警告", "提示", "已核实",
            *[kt.label for kt in key_total_cells(version)], "计入汇总", "状态", "说明"]


ISSUE_HEADERS = ["单位序号", "文件", "机关名称", "严重程度", "规则", "问题说明", "位置"]
EXPLAINED_HEADERS = ["单位序号", "文件", "机关名称", "规则", "问题", "位置", "核实说明"]
GAP_HEADERS = ["表格", "行", "列", "已填单位数", "未填单位数", "未填写的单位", "填写有误的单位（所填内容）"]

def display_paths(paths: list[Path], resolved: list[str | None] | None = None) -> list[str]:
    """Paths relative to the folder they all share (what the user chose), so the column stays readable.
    ``resolved``: each path's ``str(path.resolve())`` where already known (None where not)."""
    if not paths:
        return []
    try:
        absolute = _resolved(paths, resolved if resolved is not None and len(resolved) == len(paths) else None)
        base = os.path.commonpath(set(map(os.path.dirname, absolute)))  # (each folder once)
        under = os.path.join(base, "")  # the base with one separator at its end (also for a root)
        return [p[len(under):] if p.startswith(under) and p != under else os.path.relpath(p, base) for p in absolute]
    except (ValueError, OSError, RuntimeError):  # different drives, a path that cannot be resolved, a link loop
        return [str(p) for p in paths]


def _resolved(paths: list[Path], known: list[str | None] | None) -> list[str]:
    """``str(p.resolve())`` of each path, each folder resolved once: a file that is not a link resolves to its
    resolved folder joined with its name (a province's 10,000 files share a few folders)."""
    folders: dict[str, str] = {}
    out = []
    for i, p in enumerate(paths):
        if known is not None and known[i] is not None:
            out.append(known[i])  # type: ignore[arg-type]
            continue
        folder, name = os.path.split(os.fspath(p))  # str(p) and p.name, p.parent without making Paths
        if name in ("", ".", "..") or os.path.islink(p):
            out.append(str(p.resolve()))
            continue
        real = folders.get(folder)
        if real is None:
            real = folders[folder] = str(Path(folder or ".").resolve())
        out.append(os.path.join(real, name))
    return out


# East Asian wide and full-width characters (Hangul, CJK, kana, full-width forms): two columns each
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                   "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")


def _width(value: Any) -> int:
    """Display width in character cells (a Chinese character counts two): what column widths are made of."""
    if type(value) is str:
        w = _WIDTHS.get(value)
        if w is None:
            if len(_WIDTHS) >= 100_000:
                _WIDTHS.clear()
            w = _WIDTHS[value] = len(value) if value.isascii() else len(value) + len(_WIDE.findall(value))
        return w
    text = "" if value is None else str(value)
    return len(text) if text.isascii() else len(text) + len(_WIDE.findall(text))


#: text -> width: the summary measures the same messages, names and places many times
_WIDTHS: dict[str, int] = {}


def _widest(header: str, values: list[Any]) -> int:
    """The largest ``_width`` of the header and the values (each different text and number measured once)."""
    texts = {v for v in values if type(v) is str}
    counts = {v for v in values if type(v) is int}
    rest = [v for v in values if type(v) is not str and type(v) is not int]
    return max(_width(header), max(map(_width, texts), default=0), max(map(len, map(str, counts)), default=0),
               max(map(_width, rest), default=0))


def _lines(value: Any, column_width: int) -> int:
    """How many lines a wrapped text needs in a column of that width (in character widths)."""
    room = max(column_width - 2, 1)
    if type(value) is str and 2 * len(value) <= room:  # one line even if every character is wide (the usual text)
        return 1
    return max(1, -(-_width(value) // room))


def _unit_label(units: list[UnitResult], i: int) -> str:
    u = units[i]
    return u.name or u.path.name


_DECIMAL = Decimal


def _num(value: Any) -> Any:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def _layout(headers: list[str], sample: list[list[Any]], wide: dict[int, int]) -> tuple[list[int], dict[int, int]]:
    """Column widths from the header and the first rows, and the wide columns whose texts wrap (index -> cap)."""
    widths, caps = [], {}
    for c, h in enumerate(headers, 1):
        cap = wide.get(c, 40)
        width = _widest(h, [row[c - 1] for row in sample])
        widths.append(min(max(width + 2, 6), cap))
        if c in wide and width > cap:
            caps[c - 1] = cap
    return widths, caps


def _emit(sheet: Sheet, values: list[Any], caps: dict[int, int], plain: tuple[str, ...],
          fill: dict[int, str] | None) -> None:
    """One row: numbers as numbers, wrapped columns styled and the row made tall, ``fill`` styles on top."""
    if _DECIMAL in set(map(type, values)):
        values = [_num(v) for v in values]
    lines = 1
    styles = plain
    if caps:
        wrapped = {c: n for c, cap in caps.items() if (n := _lines(values[c], cap)) > 1}
        if wrapped:
            lines = max(wrapped.values())
            styles = ["wrap" if c in wrapped else "top" for c in range(len(plain))]
    if fill:
        styles = list(styles)
        for c, style in fill.items():
            styles[c] = style
    sheet.row(values, styles, 15 * lines if lines > 1 else None)


def _table(book: StreamingWorkbook, title: str, headers: list[str], rows: list[list[Any]], wide: dict[int, int],
           footer: list[Any] | None = None, fills: dict[int, dict[int, str]] | None = None) -> None:
    """One sheet: bold header, the rows (wide columns wrapped, their rows made tall), a footer after a blank row."""
    widths, caps = _layout(headers, rows[:2000], wide)
    sheet = book.sheet(title, widths)
    sheet.row(headers, "header")
    fills = fills or {}
    plain = ("",) * len(headers)  # (a tuple: the row's shape takes it as it is)
    for r, values in enumerate(rows):
        _emit(sheet, values, caps, plain, fills.get(r))
    _close_table(sheet, len(headers), footer)


def _close_table(sheet: Sheet, ncols: int, footer: list[Any] | None) -> None:
    sheet.autofilter = f"A1:{column_letter(ncols)}{max(sheet.rows, 1)}"
    if footer is not None:
        sheet.row([])
        sheet.row([_num(v) for v in footer], "total")


#: the 问题清单 rows' value types when every text is there (the usual row, written through one template per shape)
_ISSUE_KINDS = (int, str, str, str, str, str, str)
_UNIT_COLS, _ISSUE_COLS = (1, 2), (3, 4, 5, 6)  # the columns that come from the unit / from the issue
_SEV_COL = ISSUE_HEADERS.index("严重程度")


def _issue_rows(units: list[UnitResult], shown: list[str],
                place: Callable[[Issue], str]) -> Iterator[tuple[list[Any], str]]:
    """The 问题清单 rows (unit number, file, name, severity, rule, message, place) with each issue's severity."""
    for i, u in enumerate(units, 1):
        for issue in u.issues:
            sev = issue.severity
            yield [i, shown[i - 1], u.name, SEVERITY_LABEL.get(sev, sev), issue.rule, issue.message, place(issue)], sev


def _issue_table(book: StreamingWorkbook, units: list[UnitResult], shown: list[str], place: Callable[[Issue], str],
                 footer: list[Any], wide: dict[int, int], fast: bool = True) -> None:
    """The 问题清单 sheet (``_issue_rows``), as ``_table`` writes it, faster: a province has tens of thousands of
    issue rows, made of a few hundred different issues and one name and path per unit. What a row's issue part adds
    (its texts and their indexes, the lines its wrapped texts need) is worked out once per different issue, the unit
    part once per unit, and the row is what ``Sheet.row`` would make of it with its shape's template. Rows with a
    blank text take ``_emit``."""
    headers = ISSUE_HEADERS
    rows = _issue_rows(units, shown, place)
    head = list(islice(rows, 2000))
    widths, caps = _layout(headers, [values for values, _ in head], wide)
    sheet = book.sheet("问题清单", widths)
    sheet.row(headers, "header")
    plain = ("",) * len(headers)
    if not fast:
        for values, sev in chain(head, rows):
            _emit(sheet, values, caps, plain, {_SEV_COL: sev} if sev in ("error", "warning") else None)
        _close_table(sheet, len(headers), footer)
        return
    del head, rows
    strings = book.strings
    unit_caps = [(c, cap) for c, cap in caps.items() if c in _UNIT_COLS]
    issue_caps = [(c, cap) for c, cap in caps.items() if c in _ISSUE_COLS]
    #: an issue's fields -> (its texts, their indexes, its wrapped columns, unit shape -> (row template, height)),
    #: or (its texts, None) when one is blank, (its texts, ()) before its first usable row
    issues: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}
    templates: dict[tuple[Any, ...], Any] = {}
    #: (the unit part's wrapped columns, the issue part's, the severity) -> (row template, row height)
    made: dict[tuple[Any, ...], tuple[Any, int | None]] = {}
    add = sheet.add_formatted
    for i, u in enumerate(units, 1):
        if not u.issues:
            continue
        path, name = shown[i - 1], u.name
        # the unit's texts indexed first, as Sheet.row does (column order): checked and indexed once per unit
        unit_ok = type(path) is str and type(name) is str and "" not in (path, name)
        if unit_ok:
            unit_idx = (strings[path], strings[name])
            unit_wrap = tuple((c, n) for c, cap in unit_caps if (n := _lines((i, path, name)[c], cap)) > 1)
        for issue in u.issues:
            sev = issue.severity
            key = (issue.rule, sev, issue.message, issue.table, issue.row, issue.column, issue.field)
            part = issues.get(key)
            if part is None:
                texts = (SEVERITY_LABEL.get(sev, sev), issue.rule, issue.message, place(issue))
                part = issues[key] = (texts, None)
                if tuple(map(type, texts)) == _ISSUE_KINDS[3:] and "" not in texts:  # (indexed at its first row)
                    part = issues[key] = (texts, ())
            texts, idx = part[0], part[1]
            if unit_ok and idx is not None:
                if idx == ():  # its first usable row: its texts indexed now, after the unit's
                    values = (i, path, name, *texts)
                    idx = tuple(map(strings.__getitem__, texts))
                    part = issues[key] = (texts, idx, tuple((c, n) for c, cap in issue_caps
                                                             if (n := _lines(values[c], cap)) > 1), {})
                shaped = part[3].get(unit_wrap)  # (the template and height of this issue's rows, per unit shape)
                if shaped is None:
                    shaped = part[3][unit_wrap] = made.get((unit_wrap, part[2], sev))
                if shaped is None:
                    combo = (unit_wrap, part[2], sev)
                    wrapped = unit_wrap + part[2]
                    fill = sev in ("error", "warning")
                    shape = (tuple(c for c, _ in wrapped), sev if fill else None)
                    template = templates.get(shape)
                    if template is None:
                        styles = ["wrap" if c in shape[0] else "top" for c in range(len(plain))] if wrapped \
                            else list(plain)
                        if fill:
                            styles[_SEV_COL] = sev
                        template = templates[shape] = sheet.template(_ISSUE_KINDS, tuple(styles), bool(wrapped))
                    shaped = made[combo] = part[3][unit_wrap] = (template, 15 * max(n for _, n in wrapped)
                                                                 if wrapped else None)
                add(shaped[0](str(sheet.rows + 1), shaped[1], i, path, name, *texts, *unit_idx, *idx))
                continue
            _emit(sheet, [i, path, name, *texts], caps, plain, {_SEV_COL: sev} if sev in ("error", "warning") else None)
    _close_table(sheet, len(headers), footer)


def write_summary(result: Consolidation, path: Path, *, now: datetime | None = None) -> None:
    """Write the workbook atomically (no partial file); text cells are always text, never formulas.

    ``now`` is the time written as 生成时间 (tests pin it; the current time otherwise).
    """
    with collector_paused():
        atomic_write(Path(path), lambda fh: _write(result, fh, now or datetime.now()))


def _write(result: Consolidation, fh: Any, now: datetime) -> None:
    fmt = result.report.format
    key = key_total_cells(fmt.version)
    headers = unit_headers(fmt.version)
    with StreamingWorkbook(fh) as book:
        # sheet 1: one row per unit
        unit_rows = []
        shown = display_paths([u.path for u in result.units], result.resolved)
        status_col = headers.index("状态")
        fills: dict[int, dict[int, str]] = {}
        all_counts = [u.counts for u in result.units]
        levels: dict[str, str] = {}  # level key -> its label (未确定 when the unit has not chosen its level)
        for i, u in enumerate(result.units, 1):
            counts = all_counts[i - 1]
            has_report = u.loaded
            level = levels.get(u.level) if has_report else ""
            if level is None:
                level = levels[u.level] = level_label(fmt, u.level)
            unit_rows.append([
                i, shown[i - 1], u.name, level, (u.year or None) if has_report else None,
                counts["error"] if has_report else None, counts["warning"] if has_report else None,
                counts["hint"] if has_report else None, len(u.explained) if has_report else None,
                *u.key_totals(),
                "是" if u.included else "否", u.status_label, u.note or None,  # (an empty text is a blank cell)
            ])
            # (counts has every issue's severity: an error among them is counted)
            kind = "skipped" if not u.included else "error" if counts["error"] else "warning" if u.status != "ok" \
                else None
            if kind:
                fills[i - 1] = {status_col: kind}
        included = result.included
        inc_counts = [c for u, c in zip(result.units, all_counts, strict=True) if u.included]
        footer = [None, f"合计（计入汇总的 {len(included)} 个单位）", result.report.meta.org_name, None,
                  result.year or None, sum(c["error"] for c in inc_counts),
                  sum(c["warning"] for c in inc_counts), sum(c["hint"] for c in inc_counts),
                  sum(len(u.explained) for u in included), *[_report_total(result, kt.table, kt.cells) for kt in key], len(included), None, None]
        _table(book, "单位情况", headers, unit_rows, {2: 50, 3: 30, 4: 24, len(headers): 60}, footer,
               fills)

        # sheet 2: every issue of every unit
        places: dict[tuple[Any, ...], str] = {}

        def place(issue: Any) -> str:
            where = (issue.table, issue.row, issue.column, issue.field)
            if where not in places:  # thousands of units share a few hundred places
                places[where] = describe_location(issue, fmt, full_row_label=True)
            return places[where]

        sev_count = {sev: sum(c[sev] for c in all_counts) for sev in ("error", "warning", "hint")}  # every unit's
        footer2 = [None, f"共 {sum(len(u.issues) for u in result.units)} 个问题", None,
                   f"错误 {sev_count['error']}，警告 {sev_count['warning']}，提示 {sev_count['hint']}", None, None, None]
        _issue_table(book, result.units, shown, place, footer2, {2: 36, 3: 24, 6: 80, 7: 50})

        # sheet 3: warnings the units marked 已核实, with their 说明 (the open ones are in 问题清单)
        explained_rows = [[i, shown[i - 1], u.name, issue.rule, issue.message, place(issue), note]
                          for i, u in enumerate(result.units, 1) for issue, note in u.explained]
        units_explaining = len({row[0] for row in explained_rows})
        _table(book, "已核实说明", EXPLAINED_HEADERS, explained_rows, {2: 36, 3: 24, 5: 70, 6: 40, 7: 70},
               [None, f"共 {len(explained_rows)} 条（{units_explaining} 个单位）", None, None, None, None, None])

        # sheet 4: cells some units left blank or filled wrongly
        gap_rows = []
        for g in result.gaps:
            tdef = fmt.table(g.table)
            gap_rows.append([
                tdef.title, tdef.row(g.row).full_label, tdef.columns[g.column], g.filled, len(g.blank),
                "、".join(_unit_label(result.units, i) for i in g.blank),
                "、".join(f"{_unit_label(result.units, i)}（{v}）" for i, v in g.invalid),
            ])
        _table(book, "未填或有误的单元格", GAP_HEADERS, gap_rows, {1: 30, 2: 50, 6: 80, 7: 60},
               [f"共 {len(gap_rows)} 个单元格", None, None, None, None, None, None])

        # sheet 5: how this was made
        sheet = book.sheet("说明", [14, 90], header_rows=0)
        for k, v in _notes(result, now):
            sheet.row([k, v], ["bold", "wrap"], 15 * _lines(v, 90))


def _notes(result: Consolidation, now: datetime) -> list[tuple[str, str]]:
    return [
        ("汇总机关", result.report.meta.org_name or "（未填写，请在汇总报告中填写）"),
        ("汇总年度", f"{result.year}年" if result.year else "（未确定）"),
        ("生成时间", now.strftime("%Y-%m-%d %H:%M")),
        ("结果", result.summary_line()),
        *[("提示", n) for n in result.notes],
        ("计算方法", "汇总报告各表的填报单元格为计入单位的逐格相加；合计、总计由程序按勾稽关系计算。"
                 "收费金额按万元精确相加（不做四舍五入）。"),
        ("空白单元格", "某单位未填写的单元格不计入该格的合计（不当作0，也不估算），并在“未填或有误的单元格”中列出；"
                  "所有单位都未填写的单元格在汇总报告中保持空白。填写的不是有效数字的单元格同样不计入并列出。"),
        ("不计入的报告", "无法读取的文件、年度或格式不一致的报告，以及同一单位的重复报告（除非选择了重复计入）不计入汇总，"
                    "在“单位情况”中标明原因。有错误的报告照常计入，并标为“有错误”，请核实后再发布。"),
    ]


def _report_total(result: Consolidation, table: str, cells: tuple[tuple[str, str], ...]) -> Any:
    nums = [v for r, c in cells if isinstance(v := result.report.value(table, r, c), (int, Decimal))]
    return sum(nums) if nums else None
