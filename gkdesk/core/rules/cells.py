"""Spec §6.2 — every input cell: blank, integer counts, the fee in 万元, rule-making power, the 2021 table layout."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from itertools import chain
from operator import itemgetter

from gkdesk.core.format import CURRENT_VERSION, Level, load_format
from gkdesk.core.issues import Severity
from gkdesk.core.rules.context import Ctx, TableInfo, fmt_num, format_info, short
from gkdesk.core.values import is_blank_word

FEE_MAX_DECIMALS_DEFAULT = 4
_INT_ONLY = {int}
try:  # getter, row -> the row's values
    from operator import call as _call  # Python 3.11: a plain C call (~20 % faster per row than the slot wrapper)
except ImportError:  # pragma: no cover - Python 3.10 (pyproject: requires-python >= 3.10)
    _call = itemgetter.__call__


def old_parts(source_format: str | None) -> set[str]:
    """The tables an import found in the 2019 试行 layout: "2019" = T2 and T3, "2019-t2"/"2019-t3" = that one."""
    if not source_format or not source_format.startswith("2019"):
        return set()
    rest = source_format[4:].lstrip("-")
    return {p for p in rest.split(",") if p} or {"t2", "t3"}


def of_2019_time(ctx: Ctx) -> bool:
    """A report in the 2019 layout of a year before the 2021 format applied: judged by the rules of its time."""
    current = load_format(CURRENT_VERSION)
    return bool(old_parts(ctx.report.source_format)) and 0 < ctx.year < current.applies_from_year


@cache
def cells_2019_lacked() -> frozenset[tuple[str, str, str]]:
    """The 2021 input cells the 2019 layout had no place for (NUM-BLANK does not ask a 2019 report for them)."""
    new, old = load_format(CURRENT_VERSION), load_format("2019")
    mapped = {tuple(m["to"]) for m in old.parameters.get("map_to_2021", {}).get("cells", [])}
    out: set[tuple[str, str, str]] = set()
    for tkey, tdef in new.tables.items():
        if tkey not in old.tables:
            continue
        old_rows = set(old.table(tkey).row_keys)
        for rk, ck in tdef.input_cells():
            if (tkey, rk, ck) in mapped:
                continue
            if tkey == "t2" or rk not in old_rows:
                out.add((tkey, rk, ck))
    return frozenset(out)


def _decimals(d: Decimal) -> int:
    exp = d.normalize().as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def max_decimals(ctx: Ctx) -> int:
    """How many decimals the fee in 万元 may have (the format's ``fee_max_decimals``)."""
    return int(ctx.fmt.parameters.get("fee_max_decimals", FEE_MAX_DECIMALS_DEFAULT))


def lacked_cells(ctx: Ctx) -> frozenset[tuple[str, str, str]]:
    """The cells NUM-BLANK does not ask this report for (a 2019-layout report of that time)."""
    return cells_2019_lacked() if of_2019_time(ctx) else frozenset()


def all_counts(ctx: Ctx, table: str) -> bool:
    """Every input cell of ``table`` holds a whole number (``int``, not ``bool``) of at least 0 and its rows hold
    nothing else: NUM-BLANK and NUM-INT find nothing there, the arithmetic rules may add without checking each
    cell (worked out once per validation run, for the rules that ask)."""
    return count_rows(ctx, table) is not None


def count_rows(ctx: Ctx, table: str) -> list[tuple[int, ...]] | None:
    """When ``all_counts``: the values of every input row of the table (``TableInfo.input_rows``, in that order),
    each a tuple in the row's input columns' order (a row of one column: that value twice); else None."""
    known = ctx.__dict__.get("_counts")
    if known is None:
        known = ctx.__dict__["_counts"] = {}
    hit = known.get(table, False)
    if hit is False:
        ti = ctx.info.tables[table]
        hit = known[table] = _count_rows(ctx.report.tables.get(table, {}), *_row_readers(ctx, ti))
    return hit  # type: ignore[no-any-return]


def _rows_all_counts(grid: dict, row_keys: tuple[str, ...], sizes: list[int],  # type: ignore[type-arg]
                     getters: list[itemgetter]) -> bool:  # type: ignore[type-arg]
    """These rows are in ``grid``, each holding exactly its columns, and every value is an ``int`` of at least 0."""
    return _count_rows(grid, row_keys, sizes, getters) is not None


def _count_rows(grid: dict, row_keys: tuple[str, ...], sizes: list[int],  # type: ignore[type-arg]
                getters: list[itemgetter]) -> list[tuple[int, ...]] | None:  # type: ignore[type-arg]
    """``_rows_all_counts``, giving the rows' values (each row's getter's tuple) when it holds, else None. A row
    holds exactly its n columns when it has n keys and each column is one of them (keys are unique)."""
    rows = list(map(grid.get, row_keys))
    if None in rows or list(map(len, rows)) != sizes:  # type: ignore[arg-type]
        return None
    try:
        values = list(map(_call, getters, rows))
    except KeyError:  # a column missing (another key in its place)
        return None
    filled = list(chain.from_iterable(values))
    # every value's type is int (type objects compare by identity, so count finds exactly those; no set built)
    return values if not filled or (list(map(type, filled)).count(int) == len(filled) and min(filled) >= 0) else None


def _getter(cols: tuple[str, ...]) -> itemgetter:  # type: ignore[type-arg]
    """A row's values in these columns, as a tuple, in one call (a missing column raises KeyError); one column is
    read twice, so that it too gives a tuple (what the caller checks, type and sign, does not count values)."""
    return itemgetter(*cols) if len(cols) > 1 else itemgetter(cols[0], cols[0])


def _readers(rows: tuple | list) -> tuple:  # type: ignore[type-arg]
    """(row keys, numbers of columns, getters) of rows of ``TableInfo.input_rows``."""
    return tuple(r[0] for r in rows), [len(r[2]) for r in rows], [_getter(r[2]) for r in rows]


def _row_readers(ctx: Ctx, ti: TableInfo) -> tuple:  # type: ignore[type-arg]
    """``_readers`` of every input row of the table (once per format)."""
    key = "readers " + ti.key
    readers = ctx.info.memo.get(key)
    if readers is None:
        readers = ctx.info.memo[key] = _readers(ti.input_rows)
    return readers  # type: ignore[return-value]


def _split(ctx: Ctx, ti: TableInfo) -> tuple | None:  # type: ignore[type-arg]
    """Of a table with input cells that are not counts (T2's fee in 万元), once per format: ``_readers`` of the rows
    of counts only, then ``ti.input_rows`` of the other rows. None for a table of counts."""
    key = "split " + ti.key
    memo = ctx.info.memo
    if key not in memo:
        counts = [r for r in ti.input_rows if all(typ == "int" for _col, typ in r[1])]
        other = tuple(r for r in ti.input_rows if r not in counts)
        memo[key] = (*_readers(counts), other) if other else None
    return memo[key]  # type: ignore[return-value]


def _plan(ctx: Ctx) -> tuple:  # type: ignore[type-arg]
    """(table key, TableInfo, ``_split``) of every table, once per format."""
    plan = ctx.info.memo.get("cells")
    if plan is None:
        plan = ctx.info.memo["cells"] = tuple((tkey, ti, _split(ctx, ti)) for tkey, ti in ctx.info.tables.items())
    return plan  # type: ignore[no-any-return]


def cells(ctx: Ctx) -> None:
    """NUM-BLANK, NUM-INT, NUM-FEE, NUM-FEE-UNIT over every input cell of T2, T3 and T4."""
    tables = ctx.report.tables
    checks: tuple | None = None  # (lacked_cells, max_decimals): worked out for the first cell that needs a look
    empty: dict[str, object] = {}
    for tkey, ti, split in _plan(ctx):
        grid = tables.get(tkey, empty)
        rows = ti.input_rows
        if split is None:
            if all_counts(ctx, tkey):
                continue  # the usual case, first: the whole table filled with counts, checked in one step
        elif _rows_all_counts(grid, *split[:3]):
            rows = split[3]  # the rows of counts checked in one step: the other rows (the fee) cell by cell
        for row, cols, col_keys, col_set in rows:
            values = grid.get(row)
            if values is not None:
                # the common case, first: the row holds its input cells, every one a count
                filled = values.values()
                if values.keys() == col_set and set(map(type, filled)) == _INT_ONLY and min(filled) >= 0:
                    continue
                found = list(map(values.get, col_keys))
            else:
                found = [None] * len(col_keys)
            for (col, typ), v in zip(cols, found, strict=True):
                if type(v) is not int or v < 0:
                    if checks is None:
                        checks = (lacked_cells(ctx), max_decimals(ctx))
                    check_cell(ctx, ti, row, col, typ, v, *checks)


def check_cell(ctx: Ctx, ti: TableInfo, row: str, col: str, typ: str, v: object, lacked: frozenset[tuple[str, str, str]],
               max_dec: int) -> None:
    """One input cell's NUM-BLANK, NUM-INT, NUM-FEE, NUM-FEE-UNIT."""
    tkey = ti.key
    if isinstance(v, int) and not isinstance(v, bool) and v >= 0:
        return
    if v is None and (tkey, row, col) in lacked:
        return  # a cell the 2019 layout did not have, in a report of that time
    if v is None or (isinstance(v, str) and is_blank_word(v)):
        shown = f"为“{v.strip()}”" if isinstance(v, str) and v.strip() else "为空"
        ctx.add("NUM-BLANK", "error", f"{ti.cell_name(row, col)}{shown}，没有数据的请填写0。",
                loc=ti.cell_locs[(row, col)])
        return
    if typ == "decimal":
        _fee(ctx, tkey, row, col, v, max_dec)
        return
    if isinstance(v, Decimal) and v == v.to_integral_value() and v >= 0:
        return
    shown = v if isinstance(v, str) else fmt_num(v) if isinstance(v, (int, Decimal)) else str(v)
    ctx.add("NUM-INT", "error",
            f"{ti.cell_name(row, col)}填的是“{shown}”：此处应填写非负整数（单位：件），"
            f"不能有小数、正负号、单位或千位分隔符。",
            table=tkey, row=row, column=col)


def _fee(ctx: Ctx, tkey: str, row: str, col: str, v: object, max_dec: int) -> None:
    if type(v) is Decimal and _fee_fine(ctx, v, max_dec):
        return
    ti = ctx.info.tables[tkey]
    name = ti.cell_name(row, col)
    if isinstance(v, bool) or not isinstance(v, (int, Decimal)):
        ctx.add("NUM-FEE", "error",
                f"{name}填的是“{v}”：本年收费金额以万元为单位，请填写数字（最多{max_dec}位小数），不要填写“元”等单位。",
                table=tkey, row=row, column=col)
        return
    d = Decimal(v)
    if d < 0:
        ctx.add("NUM-FEE", "error", f"{name}填的是“{fmt_num(d)}”：收费金额不能为负数。",
                table=tkey, row=row, column=col)
        return
    if _decimals(d) > max_dec:
        ctx.add("NUM-FEE", "error",
                f"{name}填的是“{fmt_num(d)}”：本年收费金额以万元为单位，最多保留{max_dec}位小数（即精确到元）。",
                table=tkey, row=row, column=col)
        return
    level = ctx.level
    if level is None:
        return
    if d == d.to_integral_value() and d >= _fee_unit_threshold(ctx, level) and d > 0:
        ctx.add("NUM-FEE-UNIT", "warning",
                f"本年收费金额{fmt_num(d)}万元（即{fmt_num(d * 10000)}元）对{level.label}明显偏大，"
                f"请确认是否误按“元”填报（单位是万元：1000元应填0.1）。",
                table=tkey, row=row, column=col)


def _fee_fine(ctx: Ctx, d: Decimal, max_dec: int) -> bool:
    """The usual fee, seen without the steps ``_fee`` takes to name a problem: a finite amount of at least 0 with at
    most ``max_dec`` decimals as written (trailing zeros that ``normalize`` would drop only make fewer), and no
    NUM-FEE-UNIT (less than the level's threshold, or not a whole number). False: ``_fee`` looks again."""
    sign, _digits, exp = d.as_tuple()
    if sign or type(exp) is not int or exp < -max_dec:
        return False
    level = ctx.level
    if level is None:
        return True
    return not d >= _fee_unit_threshold(ctx, level) or d != d.to_integral_value()


def _fee_unit_threshold(ctx: Ctx, level: Level) -> Decimal | int:
    """The fee (万元) from which a whole number for this level looks like yuan (NUM-FEE-UNIT): the settings' own
    line for the level, else the format's."""
    return ctx.settings.fee_unit_thresholds.get(level.key, level.fee_unit_threshold)  # type: ignore[no-any-return]


def rule_making(ctx: Ctx) -> None:
    """T2-RULE-LEVEL: only bodies with rule-making power issue 规章 (warning; error for 乡镇、街道)."""
    level = ctx.level
    k = ctx.info.keys
    t2, rules = k.t2, k.rules_row
    if level is None or level.rulemaking or t2 is None or rules is None:
        return
    ti = ctx.info.tables[t2]
    for col in ti.tdef.row(rules).columns:
        v = ctx.raw(t2, rules, col)
        if isinstance(v, (int, Decimal)) and not isinstance(v, bool) and v > 0:
            severity: Severity = "error" if level.key == "township" else "warning"
            rules_name = ti.row_names[rules]
            normative = ti.row_names.get(k.normative_row or "", "行政规范性文件")
            ctx.add("T2-RULE-LEVEL", severity,
                    f"本机关为{level.label}，无规章制定权，“{rules_name}”一栏一般应填0（当前“{ti.col_names[col]}”"
                    f"为{fmt_num(v)}）；规范性文件请填入“{normative}”栏。",
                    table=t2, row=rules, column=col)
            return  # one message for the row is enough


def format_2021(ctx: Ctx) -> None:
    """FMT-2021: figures taken from the 2019 试行 table layout in a report of a year the 2021 format applies to."""
    current = load_format(CURRENT_VERSION)
    parts = old_parts(ctx.report.source_format) or ({"t2", "t3"} if ctx.fmt.version != current.version else set())
    if not parts or ctx.year < current.applies_from_year:
        return
    info = format_info(current.version)  # name what the 2021 tables look like
    named = []
    if "t2" in parts:
        t2 = info.tables.get("t2")
        cols = "、".join(short(c) for c in t2.col_names.values()) if t2 else ""
        named.append(f"第二部分各栏（{cols}）")
    if "t3" in parts:
        split = [(label, rows) for _, label, rows in info.t3_blocks if len(rows) > 1]
        if split:
            named.append(f"第三部分“{split[-1][0]}”的{len(split[-1][1])}个分项")
    which = "第二、三部分" if parts >= {"t2", "t3"} else "第二部分" if "t2" in parts else "第三部分"
    ctx.add("FMT-2021", "error",
            f"本报告{which}的表格来自2019年试行格式。{ctx.year}年度报告请使用{current.basis}规定的表格格式"
            f"（2019年试行格式已停止使用）：请核对{'和'.join(named)}。",
            table="t2" if "t2" in parts else "t3")


# LBL-EXACT is not a rule on a gkdesk report (every label is drawn from the format file); the importer matches a
# source's labels to the format and logs each match (docs/rules.md).
RULES = (cells, rule_making, format_2021)
