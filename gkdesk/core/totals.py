"""Which input cells each computed cell adds up, through totals of totals: built once per table definition.

``Report.value`` sums these leaves instead of recursing through the parts (the same number: blank parts add
nothing either way); loading and checking thousands of reports in a 汇总 spent most of their time in that recursion.
"""

from __future__ import annotations

from gkdesk.core.format import TableDef

Leaves = tuple[tuple[str, str], ...]

_memo: dict[int, tuple[TableDef, dict[tuple[str, str], Leaves | None]]] = {}


def leaves(tdef: TableDef, row: str, col: str) -> Leaves | None:
    """The (row, column) input cells a computed cell adds up, repeats kept; None for an input cell."""
    hit = _memo.get(id(tdef))
    if hit is None or hit[0] is not tdef:
        hit = _memo[id(tdef)] = (tdef, {})
    memo = hit[1]
    key = (row, col)
    if key not in memo:
        comp = tdef.computed_def(row, col)
        if comp is None:
            memo[key] = None
        else:
            parts = [(row, c) for c in comp.of] if comp.kind == "column_sum" else [(r, col) for r in comp.of]
            out: list[tuple[str, str]] = []
            for r, c in parts:
                sub = leaves(tdef, r, c)
                out.extend(sub if sub is not None else ((r, c),))
            memo[key] = tuple(out)
    return memo[key]
