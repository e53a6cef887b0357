"""Which input cells each computed cell adds up, through totals of totals: built once per table definition.

``Report.value`` sums these leaves instead of recursing through the parts (the same number: blank parts add
nothing either way); loading and checking thousands of reports in a 汇总 spent most of their time in that recursion.
"""

from __future__ import annotations

from itertools import repeat

from gkdesk.core.format import TableDef
from gkdesk.core.values import sum_values

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


#: leaves as two parallel tuples, (rows, columns): what ``leaf_sum`` reads in one step
LeafRows = tuple[tuple[str, ...], tuple[str, ...]]


def leaf_rows(cells: Leaves) -> LeafRows:
    """Leaves as (rows, columns), order and repeats kept (what ``leaf_sum`` reads)."""
    return tuple(r for r, _ in cells), tuple(c for _, c in cells)


_EMPTY: dict = {}
_INT_ONLY = {int}


def leaf_sum(grid: dict, leaves: LeafRows) -> object:
    """``sum_values`` of the leaves' values in ``grid`` (one table of ``Report.tables``, rows missing there are
    blank): what ``Report.value`` gives for the computed cell. The values are fetched without a Python loop and,
    when every one is a whole number (the usual case), added in one step."""
    rows, cols = leaves
    vals = list(map(dict.get, map(grid.get, rows, repeat(_EMPTY)), cols))
    if vals and set(map(type, vals)) == _INT_ONLY:
        return sum(vals)
    return sum_values(vals)
