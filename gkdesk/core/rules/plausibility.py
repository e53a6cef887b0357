"""核实性审核 against last year: figures that jumped, and 纠正 rates far above last year's (spec §6, docs/rules.md).

These rules fire only when last year's figures are known (a next-year report, or last year's file attached). They
are warnings: the figure may well be right, and then the clerk marks it 已核实 with a written 说明 for the 上级.
Thresholds come from the format's ``parameters.plausibility`` and can be changed in 校验设置 (Settings).

A change is reported when it is at least ``min_change`` and this year's figure is above last year's × (1 + ratio)
or below last year's ÷ (1 + ratio): with ratio 1, a doubling or a halving. From 0 any rise of ``min_change`` counts.
"""

from __future__ import annotations

from decimal import Decimal

from gkdesk.core.fields import registry
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


def _result_groups(ctx: Ctx, t3: str) -> list[tuple[str, list[str]]]:
    """(name, rows) for each group of 三、本年度办理结果 (（一）予以公开 … （六）其他处理, by the rows' second label
    level) and （七）总计; rows by role."""
    reg = registry(ctx.fmt)
    tdef = ctx.fmt.table(t3)
    groups: dict[str, list[str]] = {}
    for r in tdef.rows:
        if reg.row_role(t3, r.key) in ("result", "results_total") and len(r.labels) >= 2:
            groups.setdefault(short(r.labels[1]), []).append(r.key)
    return list(groups.items())


def _last_year_applies(ctx: Ctx) -> bool:
    ly = ctx.report.last_year
    return bool(ly is not None and ly.figures and not (ly.year and ctx.year and ly.year != ctx.year - 1))


def year_over_year(ctx: Ctx) -> None:
    """YOY-NEW (本年新收), YOY-RESULT (办理结果 by group), YOY-T4 (复议/诉讼 totals), YOY-T2 (表二 figures)."""
    if not _last_year_applies(ctx):
        return
    ly = ctx.report.last_year
    assert ly is not None
    p = params(ctx)
    reg = registry(ctx.fmt)
    info = ctx.info
    t3 = reg.table_key("requests")
    total3 = reg.column(t3, "total") if t3 else None
    if t3 and total3 and t3 in info.tables:
        ti = info.tables[t3]
        new = reg.row(t3, "new")
        pair = _pair(ctx, t3, new, total3) if new else None
        if new and pair and _jump(*pair, p):
            _add(ctx, "YOY-NEW", f"{ti.part}“{ti.row_names[new]}”总计", "件", *pair, t3, new, total3)
        for name, rows in _result_groups(ctx, t3):
            curs = [ctx.number(t3, r, total3) for r in rows]
            lasts = [as_number(ly.figure(t3, r, total3)) for r in rows]
            if any(v is None for v in curs + lasts):
                continue
            cur, last = sum(curs), sum(lasts)  # type: ignore[arg-type]
            if _jump(cur, last, p):
                _add(ctx, "YOY-RESULT", f"{ti.part}办理结果“{name}”", "件", cur, last, t3, rows[0], total3)
    t4 = reg.table_key("appeals")
    total4 = reg.column(t4, "total") if t4 else None
    if t4 and total4 and t4 in info.tables:
        ti = info.tables[t4]
        for row in (*reg.rows(t4, "review"), *reg.rows(t4, "litigation")):
            pair = _pair(ctx, t4, row, total4)
            if pair and _jump(*pair, p):
                _add(ctx, "YOY-T4", f"{ti.part}“{ti.row_names[row]}”总计", "件", *pair, t4, row, total4)
    t2 = reg.table_key("proactive")
    if t2 and t2 in info.tables:
        ti = info.tables[t2]
        valid = set(reg.columns(t2, "valid"))
        fee = set(reg.columns(t2, "fee_amount"))
        for row, col, _typ in ti.inputs:
            if col in valid:
                continue  # 现行有效 follows from last year's stock: X-REG-STOCK
            pair = _pair(ctx, t2, row, col)
            if pair and _jump(*pair, p):
                unit = "万元" if col in fee else "件"
                _add(ctx, "YOY-T2", f"{ti.part}“{ti.row_names[row]}”的“{ti.col_names[col]}”", unit, *pair,
                     t2, row, col)


def correction_rate(ctx: Ctx) -> None:
    """YOY-CORRECT: the share of 复议/诉讼 decided against the body (结果纠正) far above last year's."""
    if not _last_year_applies(ctx):
        return
    ly = ctx.report.last_year
    assert ly is not None
    reg = registry(ctx.fmt)
    t4 = reg.table_key("appeals")
    if not t4 or t4 not in ctx.info.tables:
        return
    ti = ctx.info.tables[t4]
    p = params(ctx)
    cols = list(reg.columns(t4, "outcome"))  # 维持, 纠正, 其他结果: what was decided
    corrected = [c for c in cols if "纠正" in ti.col_names[c]]
    if len(corrected) != 1:
        return
    for row in (*reg.rows(t4, "review"), *reg.rows(t4, "litigation")):
        cur = [ctx.number(t4, row, c) for c in cols]
        last = [as_number(ly.figure(t4, row, c)) for c in cols]
        if any(v is None for v in cur + last):
            continue
        cur_done, last_done = sum(cur), sum(last)  # type: ignore[arg-type]
        if cur_done < p["correct_min_cases"] or last_done == 0:
            continue
        ci = cols.index(corrected[0])
        rate, last_rate = cur[ci] / cur_done * 100, last[ci] / last_done * 100  # type: ignore[operator]
        if isinstance(rate, Decimal) != isinstance(last_rate, Decimal):  # a fraction on one side only (NUM-INT)
            rate, last_rate = float(rate), float(last_rate)
        if rate - last_rate >= p["correct_rate_points"]:
            ctx.add("YOY-CORRECT", "warning",
                    f"{ti.part}“{ti.row_names[row]}”：本年审结{fmt_num(cur_done)}件中结果纠正{fmt_num(cur[ci])}件"
                    f"（{rate:.0f}%），上年为{fmt_num(last_done)}件中{fmt_num(last[ci])}件（{last_rate:.0f}%），"
                    "纠正率明显上升。请核实数据；如确实如此，请标记为已核实并说明原因和整改情况。",
                    table=t4, row=row, column=corrected[0])


RULES = (year_over_year, correction_rate)
