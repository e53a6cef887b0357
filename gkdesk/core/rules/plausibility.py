"""核实性审核 against last year: figures that jumped, and 纠正 rates far above last year's (spec §6, docs/rules.md).

These rules fire only when last year's figures are known (a next-year report, or last year's file attached). They
are warnings: the figure may well be right, and then the clerk marks it 已核实 with a written 说明 for the 上级.
Thresholds come from the format's ``parameters.plausibility`` and can be changed in 校验设置 (Settings).

A change is reported when it is at least ``min_change`` and this year's figure is above last year's × (1 + ratio)
or below last year's ÷ (1 + ratio): with ratio 1, a doubling or a halving. From 0 any rise of ``min_change`` counts.
"""

from __future__ import annotations

from decimal import Decimal

from gkdesk.core.rules.context import Ctx, as_number, fmt_num, short

#: defaults when neither the format nor the settings say (the format file's values are the documented ones)
DEFAULTS = {"ratio": 1.0, "min_change": 10, "correct_rate_points": 30, "correct_min_cases": 3}


def params(ctx: Ctx) -> dict[str, float]:
    p = dict(DEFAULTS)
    p.update(ctx.fmt.parameters.get("plausibility", {}))
    s = ctx.settings
    for key in DEFAULTS:
        v = getattr(s, f"yoy_{key}", None)
        if v is not None:
            p[key] = v
    return p


def _jump(cur: int | Decimal, last: int | Decimal, p: dict[str, float]) -> bool:
    if abs(cur - last) < Decimal(str(p["min_change"])):
        return False
    factor = Decimal(str(1 + p["ratio"]))
    return cur > last * factor or cur * factor < last


def _change_text(cur: int | Decimal, last: int | Decimal, unit: str) -> str:
    if last == 0:
        return f"上年为0{unit}"
    pct = (Decimal(cur) - Decimal(last)) / Decimal(last) * 100
    word = "增长" if pct > 0 else "下降"
    return f"较上年（{fmt_num(last)}{unit}）{word}{abs(pct):.0f}%"


def _add(ctx: Ctx, rule: str, what: str, unit: str, cur: int | Decimal, last: int | Decimal,
         table: str, row: str, col: str) -> None:
    ctx.add(rule, "warning",
            f"{what}本年为{fmt_num(cur)}{unit}，{_change_text(cur, last, unit)}，变化较大。请核实数据；"
            "如确实如此，请标记为已核实并写明原因。", table=table, row=row, column=col)


def _pair(ctx: Ctx, table: str, row: str, col: str) -> tuple[int | Decimal, int | Decimal] | None:
    ly = ctx.report.last_year
    if ly is None or not ly.figures:
        return None
    cur, last = ctx.number(table, row, col), as_number(ly.figure(table, row, col))
    if cur is None or last is None:
        return None
    return cur, last


def _t3_groups(ctx: Ctx) -> list[tuple[str, list[str]]]:
    """(name, rows) for 一、本年新收 and each result group of 三、本年度办理结果 (予以公开, 不予公开 …, 总计)."""
    ti = ctx.info.tables.get("t3")
    if ti is None:
        return []
    groups: dict[str, list[str]] = {}
    order: list[str] = []
    for r in ti.tdef.rows:
        if len(r.labels) >= 2 and r.key not in ("carry_in",):
            name = short(r.labels[1])
            if name not in groups:
                groups[name] = []
                order.append(name)
            groups[name].append(r.key)
    return [(n, groups[n]) for n in order]


def year_over_year(ctx: Ctx) -> None:
    """YOY-NEW (本年新收), YOY-RESULT (办理结果 by group), YOY-T4 (复议/诉讼 totals), YOY-T2 (表二 figures)."""
    ly = ctx.report.last_year
    if ly is None or not ly.figures or (ly.year and ctx.year and ly.year != ctx.year - 1):
        return
    p = params(ctx)
    info = ctx.info
    t3 = info.tables.get("t3")
    if t3 is not None and "new" in t3.row_pos:
        pair = _pair(ctx, "t3", "new", "total")
        if pair and _jump(*pair, p):
            _add(ctx, "YOY-NEW", f"{t3.part}“{t3.row_names['new']}”总计", "件", *pair, "t3", "new", "total")
        for name, rows in _t3_groups(ctx):
            curs = [ctx.number("t3", r, "total") for r in rows]
            lasts = [as_number(ly.figure("t3", r, "total")) for r in rows]
            if any(v is None for v in curs + lasts):
                continue
            cur, last = sum(curs), sum(lasts)  # type: ignore[arg-type]
            if _jump(cur, last, p):
                _add(ctx, "YOY-RESULT", f"{t3.part}办理结果“{name}”", "件", cur, last, "t3", rows[0], "total")
    t4 = info.tables.get("t4")
    if t4 is not None:
        for row in t4.row_pos:
            pair = _pair(ctx, "t4", row, "total")
            if pair and _jump(*pair, p):
                _add(ctx, "YOY-T4", f"{t4.part}“{t4.row_names[row]}”总计", "件", *pair, "t4", row, "total")
    t2 = info.tables.get("t2")
    if t2 is not None:
        for row, col, _typ in t2.inputs:
            if col == "valid":
                continue  # 现行有效 follows from last year's stock: X-REG-STOCK
            pair = _pair(ctx, "t2", row, col)
            if pair and _jump(*pair, p):
                unit = "万元" if isinstance(pair[0], Decimal) or col.startswith("amount") else "件"
                _add(ctx, "YOY-T2", f"{t2.part}“{t2.row_names[row]}”的“{t2.col_names[col]}”", unit, *pair,
                     "t2", row, col)


def correction_rate(ctx: Ctx) -> None:
    """YOY-CORRECT: the share of 复议/诉讼 decided against the body (结果纠正) far above last year's."""
    ly = ctx.report.last_year
    t4 = ctx.info.tables.get("t4")
    if ly is None or not ly.figures or t4 is None or (ly.year and ctx.year and ly.year != ctx.year - 1):
        return
    p = params(ctx)
    cols = [c for c in ("maintain", "correct", "other") if c in t4.col_names]
    if "correct" not in cols:
        return
    for row in t4.row_pos:
        cur = [ctx.number("t4", row, c) for c in cols]
        last = [as_number(ly.figure("t4", row, c)) for c in cols]
        if any(v is None for v in cur + last):
            continue
        cur_done, last_done = sum(cur), sum(last)  # type: ignore[arg-type]
        if cur_done < p["correct_min_cases"] or last_done == 0:
            continue
        ci = cols.index("correct")
        rate, last_rate = cur[ci] / cur_done * 100, last[ci] / last_done * 100  # type: ignore[operator]
        if rate - last_rate >= p["correct_rate_points"]:
            ctx.add("YOY-CORRECT", "warning",
                    f"{t4.part}“{t4.row_names[row]}”：本年审结{fmt_num(cur_done)}件中结果纠正{fmt_num(cur[ci])}件"
                    f"（{rate:.0f}%），上年为{fmt_num(last_done)}件中{fmt_num(last[ci])}件（{last_rate:.0f}%），"
                    "纠正率明显上升。请核实数据；如确实如此，请标记为已核实并说明原因和整改情况。",
                    table="t4", row=row, column="correct")


RULES = (year_over_year, correction_rate)
