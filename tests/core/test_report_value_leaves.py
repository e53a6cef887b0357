"""Report.value sums a computed cell's input cells (format leaves) instead of recursing: the same figures."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gkdesk.core.format import load_format
from gkdesk.core.report import Report
from gkdesk.core.totals import leaves as cell_leaves
from gkdesk.core.values import sum_values

FMT = load_format()
INPUTS = [(t, r, c) for t, tdef in FMT.tables.items() for r, c in tdef.input_cells()]


def recursive_value(rep: Report, table: str, row: str, col: str):
    """The definition: an input as stored, a computed cell the sum of its parts' values."""
    comp = FMT.table(table).computed_def(row, col)
    if comp is None:
        return rep.raw(table, row, col)
    parts = ([recursive_value(rep, table, row, c) for c in comp.of] if comp.kind == "column_sum"
             else [recursive_value(rep, table, r, col) for r in comp.of])
    return sum_values(parts)


cell_value = st.one_of(st.none(), st.integers(0, 10**6), st.just("无"),
                       st.decimals(0, 10**4, places=4, allow_nan=False, allow_infinity=False))


@settings(max_examples=60, deadline=None)
@given(st.lists(cell_value, min_size=len(INPUTS), max_size=len(INPUTS)))
def test_value_equals_the_recursive_definition(values):
    rep = Report.new(fmt=FMT)
    for (t, r, c), v in zip(INPUTS, values, strict=True):
        if isinstance(v, Decimal) and FMT.table(t).cell_type(r) == "int":
            v = int(v)
        rep.set_raw(t, r, c, v)
    for t, tdef in FMT.tables.items():
        for r, c in tdef.cells():
            got, want = rep.value(t, r, c), recursive_value(rep, t, r, c)
            assert got == want and type(got) is type(want), (t, r, c, got, want)


def test_leaves_of_an_input_cell_is_none_and_of_a_total_are_inputs():
    t3 = FMT.table("t3")
    assert cell_leaves(t3, "new", "natural") is None
    leaves = cell_leaves(t3, "total", "total")
    assert leaves and all(not t3.is_computed(r, c) for r, c in leaves)
