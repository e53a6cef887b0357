"""Spec §6.1 — the arithmetic ties (勾稽关系) of T3 and T4, T2 stock plausibility, and last year's figures."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache, partial
from itertools import chain
from operator import add, is_not, itemgetter

from gkdesk.core.issues import Severity
from gkdesk.core.rules.cells import count_rows as table_count_rows
from gkdesk.core.rules.context import Ctx, TableInfo, as_number, bare, fmt_num

_INT_OR_BLANK = {int, type(None)}
_INT_ONLY = {int}
_filled = partial(is_not, None)


def _input_columns(ctx: Ctx, table: str, row: str) -> list[str]:
    """The row's input columns (worked out once per format: a copy each time, callers may change it)."""
    memo = ctx.info.memo
    key = f"input_columns {table} {row}"
    cols = memo.get(key)
    if cols is None:
        ti = ctx.info.tables[table]
        cols = memo[key] = tuple(c for c in ti.tdef.row(row).columns if (row, c) not in ti.computed)
    return list(cols)  # type: ignore[arg-type]


@lru_cache(maxsize=16)
def _getter(columns: tuple[str, ...]) -> Callable[[dict[str, object]], tuple[object, ...]]:
    """A row's values in these columns, as a tuple, in one call (a missing column raises KeyError)."""
    get = itemgetter(*columns)
    return get if len(columns) > 1 else lambda d: (get(d),)


def t3_identity(ctx: Ctx) -> None:
    """T3-ROW-SUM and T3-CARRY-NONNEG, per input column (the 总计 column follows from them).

    A column is checked when 一 and 二 are numbers and at least one result row is; blank result rows count as 0
    (NUM-BLANK names them); text, a negative or a fraction anywhere in the column skips it (NUM-INT names it), so
    one wrong cell gives one message. T3-ROW-SUM also needs 四; T3-CARRY-NONNEG does not."""
    k = ctx.info.keys
    T3, new, carry_in, carry_out, total_row = k.t3, k.new, k.carry_in, k.carry_out, k.results_total
    if not (T3 and new and carry_in and carry_out and total_row):
        return
    ti = ctx.info.tables[T3]
    details = ctx.info.t3_details
    total_name = ti.row_names[total_row]
    grid = ctx.report.tables.get(T3, {})
    summed = ctx.info.t3_summed
    columns, row_keys, getter, whole, at = _t3_plan(ctx, ti)
    # the usual case, first: every cell of these columns a count (no blank, text, negative or fraction); known at
    # once when every input cell of the table is one (each of these rows then holds every one of the columns)
    counted = table_count_rows(ctx, T3) if getter is not None else None
    if counted is not None:
        all_counts = True
        # the rows' values as the check of the whole table read them, when in these columns' order
        by_row: list = list(at(counted)) if at is not None else list(map(getter, map(grid.__getitem__, row_keys)))
        if whole:
            # 本年办结 of every column is its result rows' sum: each column's 一 + 二 = 本年办结 + 四 with 四 a count
            # also makes 一 + 二 − 本年办结 = 四 ≥ 0, so the whole table's usual case is seen in a few steps
            sums = list(map(sum, zip(*by_row[3:])))  # noqa: B905 - one getter's tuples: equal lengths
            if list(map(add, by_row[0], by_row[1])) == list(map(add, sums, by_row[2])):
                ctx._memo.setdefault((T3, total_row, k.total), sum(sums))  # what ctx.value would add up (its memo)
                return
        # 本年办结's 总计 (~126 cells) is then the sum of the columns' totals added below: kept for the rules after
        grand: int | None = 0 if whole else None
    else:
        # the column's values (一, 二, 四, then the result rows), every column read in one step
        empty: dict[str, object] = {}
        by_row = [list(map((grid.get(r) or empty).get, columns)) for r in row_keys]
        flat = list(chain.from_iterable(by_row))
        all_counts = bool(details) and set(map(type, flat)) == _INT_ONLY and min(flat) >= 0
        grand = None
    by_column = zip(*by_row, strict=True)
    for c, values in zip(columns, by_column, strict=True):
        cout = values[2]
        if all_counts:
            n_new, n_in = values[0], values[1]
            total = sum(values[3:]) if c in summed else ctx.number(T3, total_row, c) or 0
            if grand is not None:
                grand += total
            if n_new + n_in - total >= 0 and n_new + n_in == total + cout:
                continue  # the usual column: neither check below has anything to say
        elif set(map(type, values)) <= _INT_OR_BLANK:  # blanks and counts (ints)
            heads, parts = values[:2], values[3:]
            filled = list(filter(_filled, values))
            if filled and min(filled) < 0:
                continue  # a negative: NUM-INT names it
            if heads[0] is None or heads[1] is None or parts.count(None) == len(parts):
                continue  # NUM-BLANK names the blanks
            n_new, n_in = heads[0], heads[1]
            # 本年办结: the sum of the result rows (blanks and 0 add nothing), unless the format computes it otherwise
            total = sum(filter(None, parts)) if c in summed else ctx.number(T3, total_row, c) or 0
        else:
            heads, parts = values[:2], values[3:]
            if any(v is not None and not _count(v) for v in values):
                continue  # text, a negative or a fraction: NUM-INT names it
            if any(v is None for v in heads) or all(v is None for v in parts):
                continue  # NUM-BLANK names the blanks
            n_new, n_in = as_number(heads[0]) or 0, as_number(heads[1]) or 0
            total = ctx.number(T3, total_row, c) or 0
        col = ti.col_names[c]
        if n_new + n_in - total < 0:
            ctx.add("T3-CARRY-NONNEG", "error",
                    f"{ti.part}表格【{col}】列：结转下年度继续办理不能为负数：本年办结数（“{total_name}”{fmt_num(total)}件）"
                    f"超过了本年新收（{fmt_num(n_new)}件）与上年结转（{fmt_num(n_in)}件）之和（{fmt_num(n_new + n_in)}件）。"
                    f"请核实这一列的数字。",
                    table=T3, row=carry_out, column=c)
            continue
        if cout is None:
            continue
        n_out = as_number(cout) or 0
        a, b = n_new + n_in, total + n_out
        if a != b:
            ctx.add("T3-ROW-SUM", "error",
                    f"{ti.part}表格【{col}】列：第一项加第二项之和（{fmt_num(a)}）应等于第三项“{total_name}”"
                    f"加第四项之和（{fmt_num(b)}）。若其余数字无误，结转下年度继续办理应为{fmt_num(a - total)}。",
                    table=T3, row=carry_out, column=c)
    if grand is not None:
        ctx._memo.setdefault((T3, total_row, k.total), grand)  # what ctx.value would add up (its memo)


def _t3_plan(ctx: Ctx, ti: TableInfo) -> tuple:  # type: ignore[type-arg]
    """What ``t3_identity`` reads of the format, once per format: the input columns of 一 (the columns checked),
    the rows 一, 二, 四 and the result rows, a getter of those columns when every (row, column) of them is an input
    cell (None: no quick path), and whether 本年办结's 总计 then adds up exactly those cells, each column's 本年办结
    being the plain sum of its result rows."""
    plan = ctx.info.memo.get("t3_identity")
    if plan is None:
        k = ctx.info.keys
        details = ctx.info.t3_details
        columns = tuple(_input_columns(ctx, ti.key, k.new))  # type: ignore[arg-type]
        row_keys = (k.new, k.carry_in, k.carry_out, *details)
        quick = bool(details and columns) and _all_inputs(ti, row_keys, list(columns))  # type: ignore[arg-type]
        whole = bool(quick and k.total and ctx.info.t3_summed.issuperset(columns) and _grand_is_columns(
            ctx, ti, k.results_total, k.total, details, list(columns)))  # type: ignore[arg-type]
        # where each of the rows stands in the input rows, when its values there are in the order of ``columns``
        # (``cells.count_rows`` gives a row of one column as that value twice)
        places = {r: (i, cols) for i, (r, _, cols, _) in enumerate(ti.input_rows)}
        at = itemgetter(*(places[r][0] for r in row_keys)) if quick and len(columns) > 1 and all(
            places[r][1] == columns for r in row_keys) else None
        plan = ctx.info.memo["t3_identity"] = (columns, row_keys, _getter(columns) if quick else None, whole, at)
    return plan  # type: ignore[no-any-return]


def _grand_is_columns(ctx: Ctx, ti: TableInfo, row: str, col: str, details: tuple[str, ...],
                      columns: list[str]) -> bool:
    """The computed cell (row, col) adds up exactly the cells of ``details`` × ``columns``, each once: with every
    one of them a whole number, its value (``Ctx.value``) is then the sum of those columns' sums (once per format)."""
    memo = ctx.info.memo
    key = f"grand {ti.key} {row} {col}"
    same = memo.get(key)
    if same is None:
        rows, cols = ti.leaves.get((row, col)) or ((), ())
        same = memo[key] = sorted(zip(rows, cols, strict=True)) == sorted((r, c) for r in details for c in columns)
    return same  # type: ignore[return-value]


def _all_inputs(ti: TableInfo, rows: tuple[str, ...], columns: list[str]) -> bool:
    """Every (row, column) of these an input cell of the table (once per format and rows)."""
    key = (ti.key, rows, tuple(columns))
    hit = _ALL_INPUTS.get(key)
    if hit is None or hit[0] is not ti:
        hit = _ALL_INPUTS[key] = (ti, all((r, c) in ti.input_types for r in rows for c in columns))
    return hit[1]


_ALL_INPUTS: dict[tuple[str, tuple[str, ...], tuple[str, ...]], tuple[TableInfo, bool]] = {}


def _count(v: object) -> bool:
    """A value NUM-INT accepts: a non-negative whole number."""
    n = as_number(v)
    return n is not None and n >= 0 and n == int(n)


def _stated_vs_parts(ctx: Ctx, table: str, row: str, col: str, parts: list[tuple[str, str]]) -> tuple | None:
    """(stated, computed sum) when a source stated this computed cell and the parts allow a comparison."""
    stated = ctx.stated(table, row, col)
    if stated is None:
        return None
    vals = [ctx.value(table, r, c) for r, c in parts]
    if any(isinstance(v, str) for v in vals) or all(v is None for v in vals):
        return None
    total: int | Decimal = 0
    for v in vals:
        n = as_number(v)
        if n is not None:
            total += n
    return (stated, total) if stated != total else None


def stated_totals(ctx: Ctx) -> None:
    """T3-COLSUM, T3-RESULT, T4-SUM: totals a source stated (``report.stated``) compared with the sums."""
    if not ctx.report.has_stated():
        return
    info = ctx.info
    k = info.keys
    T3, T4, total_row, total_col = k.t3, k.t4, k.results_total, k.total
    if T3 and total_row and total_col:
        ti = info.tables[T3]
        details = info.t3_details
        total_name = ti.row_names[total_row]
        nums = [re.match(r"（[^）]+）", label) for _, label, _ in info.t3_blocks]
        span = f"{nums[0].group(0)}至{nums[-1].group(0)}" if nums and nums[0] and nums[-1] else "各分项"
        reported: set[tuple[str, str]] = set()
        for c in ti.tdef.row(total_row).columns:
            got = _stated_vs_parts(ctx, T3, total_row, c, [(r, c) for r in details])
            if got:
                reported.add((total_row, c))
                ctx.add("T3-RESULT", "error",
                        f"{ti.part}表格【{ti.col_names[c]}】列：{total_name}应等于{span}各项之和，"
                        f"当前总计{fmt_num(got[0])}，各项之和{fmt_num(got[1])}。",
                        table=T3, row=total_row, column=c)
        for r in ti.tdef.rows:
            comp = ti.computed.get((r.key, total_col))
            if comp is None or comp[0] != "column_sum" or (r.key, total_col) in reported:
                continue
            got = _stated_vs_parts(ctx, T3, r.key, total_col, [(r.key, c) for c in comp[1]])
            if got:
                ctx.add("T3-COLSUM", "error",
                        f"{ti.part}表格“{ti.row_names[r.key]}”一行：总计应等于自然人与各类法人或其他组织之和"
                        f"（{fmt_num(got[1])}），当前为{fmt_num(got[0])}。",
                        table=T3, row=r.key, column=total_col)
    if T4:
        ti = info.tables[T4]
        for r in ti.tdef.rows:
            for (rk, ck), (kind, of) in ti.computed.items():
                if rk != r.key or kind != "column_sum":
                    continue
                got = _stated_vs_parts(ctx, T4, rk, ck, [(rk, c) for c in of])
                if got:
                    names = "、".join(ti.col_names[c] for c in of)
                    ctx.add("T4-SUM", "error",
                            f"{ti.part}【{ti.row_names[rk]}】：{names}之和（{fmt_num(got[1])}）应等于{ti.col_names[ck]}"
                            f"（{fmt_num(got[0])}）。",
                            table=T4, row=rk, column=ck)


def t2_stock(ctx: Ctx) -> None:
    """T2-VALID (this year) and X-REG-STOCK (against last year's 现行有效件数)."""
    k = ctx.info.keys
    T2, valid_col = k.t2, k.valid
    if not T2 or not valid_col:
        return
    ti = ctx.info.tables[T2]
    ly = ctx.report.last_year
    grid = ctx.report.tables.get(T2, {})
    empty: dict[str, object] = {}
    for row in k.stock_rows:
        get = grid.get(row, empty).get  # ctx.raw, read once per row
        issued, repealed, valid = get(k.issued), get(k.repealed), get(valid_col)  # type: ignore[arg-type]
        if not (type(issued) is int and type(repealed) is int and type(valid) is int):  # else: as_number's answers
            issued, repealed, valid = as_number(issued), as_number(repealed), as_number(valid)
        if issued is None or repealed is None or valid is None:
            continue
        name = ti.row_names[row]
        if valid < issued - repealed:
            ctx.add("T2-VALID", "warning",
                    f"{ti.part}“{name}”：本年制发{fmt_num(issued)}件、废止{fmt_num(repealed)}件，"
                    f"但现行有效仅{fmt_num(valid)}件，请核实现行有效件数。",
                    table=T2, row=row, column=valid_col)
            continue
        if ly is None:
            continue
        last = as_number(ly.t2_valid.get(row))
        if last is None:
            continue
        expect = last + issued - repealed
        if valid != expect:
            ctx.add("X-REG-STOCK", "warning",
                    f"{ti.part}“{name}”：现行有效件数（{fmt_num(valid)}）与上年现行有效件数（{fmt_num(last)}）、"
                    f"本年制发（{fmt_num(issued)}）和废止（{fmt_num(repealed)}）件数不衔接（按此应为{fmt_num(expect)}），"
                    f"请核实（如有修改、失效等情况请在正文说明）。",
                    table=T2, row=row, column=valid_col)


def _bare_labels(ctx: Ctx, ti: TableInfo, *rows: str) -> tuple[str, ...]:
    """The rows' labels without their numbering (once per format)."""
    key = f"bare_labels {ti.key} {rows}"
    labels = ctx.info.memo.get(key)
    if labels is None:
        labels = ctx.info.memo[key] = tuple(bare(ti.tdef.row(r).label) for r in rows)
    return labels  # type: ignore[return-value]


def carry_over(ctx: Ctx) -> None:
    """X-CARRY: this year's 上年结转 equals last year's 结转下年度, column by column."""
    k = ctx.info.keys
    T3, in_row, out_row = k.t3, k.carry_in, k.carry_out
    if not (T3 and in_row and out_row):
        return
    ti = ctx.info.tables[T3]
    ly = ctx.report.last_year
    if ly is None:
        # the same hint for every report of the format: its message made once (an issue found again is then
        # recognised by a message whose hash is known)
        hint = ctx.info.memo.get("carry_over hint")
        if hint is None:
            carry_in, carry_out = _bare_labels(ctx, ti, in_row, out_row)
            hint = ctx.info.memo["carry_over hint"] = (f"尚未附上上年度报告。附上后可核对“{carry_in}”与上年“{carry_out}”"
                                                      f"是否一致、规范性文件现行有效件数是否衔接，以及与上年度报告的重复率。")
        ctx.add("X-CARRY", "hint", hint, table=T3, row=in_row)  # type: ignore[arg-type]
        return
    carry_in, carry_out = _bare_labels(ctx, ti, in_row, out_row)
    if ly.year and ctx.year and ly.year != ctx.year - 1:
        ctx.add("X-CARRY", "warning",
                f"附上的上年度报告是{ly.year}年度的，而本报告为{ctx.year}年度。请附上{ctx.year - 1}年度的报告再核对上年结转。",
                table=T3, row=in_row)
        return
    severity: Severity = "error" if ly.from_file else "warning"
    tail = "" if ly.from_file else "请对照上年度报告确认。"
    cols = _input_columns(ctx, T3, in_row)
    compared = False
    for c in cols:
        a, b = as_number(ctx.raw(T3, in_row, c)), as_number(ly.carry_out.get(c))
        if a is None or b is None:
            continue
        compared = True
        if a != b:
            ctx.add("X-CARRY", severity,
                    f"{ti.part}表格【{ti.col_names[c]}】列：本年“{carry_in}”（{fmt_num(a)}）应与上年度报告"
                    f"“{carry_out}”（{fmt_num(b)}）一致。{tail}",
                    table=T3, row=in_row, column=c)
    if not compared:  # last year known only as a total (e.g. typed in): compare the totals
        for c in ti.tdef.row(in_row).columns:
            if c in cols:
                continue
            a, b = ctx.number(T3, in_row, c), as_number(ly.carry_out.get(c))
            if a is not None and b is not None and a != b:
                ctx.add("X-CARRY", severity,
                        f"{ti.part}表格【{ti.col_names[c]}】列：本年“{carry_in}”（{fmt_num(a)}）应与上年度报告"
                        f"“{carry_out}”（{fmt_num(b)}）一致。{tail}",
                        table=T3, row=in_row, column=c)


RULES = (t3_identity, stated_totals, t2_stock, carry_over)
