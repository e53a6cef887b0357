"""The running sums add a unit whose count cells are all whole numbers in one step (issue 16): the figures, the
filled counts and the incomplete cells must be exactly those of adding cell by cell, whatever the mix of units."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gkdesk.core.consolidate.sums import Sums, input_cells

CELLS = input_cells()
ODD = st.one_of(st.none(), st.integers(min_value=-5, max_value=-1), st.just(True), st.just(False),
                st.sampled_from(["若干", "/"]), st.decimals(min_value=0, max_value=9, places=2),
                st.just(Decimal("NaN")), st.just(Decimal("-0.5")))
COUNT = st.integers(min_value=0, max_value=10**11)
FEE = st.one_of(st.integers(min_value=0, max_value=10**6), st.decimals(min_value=0, max_value=10**6, places=4))


@st.composite
def unit(draw):
    """A clean unit (whole numbers in count cells, the 万元 cell any usable number), often with a few odd cells."""
    values = [draw(COUNT) if is_int else draw(FEE) for *_, is_int in CELLS]
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 3]))):
        values[draw(st.integers(0, len(CELLS) - 1))] = draw(ODD)
    return tuple(values) + (draw(st.one_of(st.none(), FEE)),)


def cell_by_cell(units):
    """The sums as the rule says, independently: per cell, the usable values (not bool, not negative, whole in a
    count cell, finite) added; the others listed."""
    totals, filled, blank, invalid = {}, {}, {}, {}
    for pos, (*_, is_int) in enumerate(CELLS):
        for idx, values in enumerate(units):
            v = values[pos]
            if v is None:
                blank.setdefault(pos, []).append(idx)
            elif (not isinstance(v, bool) and (isinstance(v, int) or not is_int and isinstance(v, Decimal)
                                                 and v.is_finite()) and v >= 0):
                totals[pos] = totals.get(pos, 0) + v
                filled[pos] = filled.get(pos, 0) + 1
            else:
                invalid.setdefault(pos, []).append((idx, v))
    return totals, filled, blank, invalid


@settings(max_examples=60, deadline=None)
@given(st.lists(unit(), min_size=1, max_size=8))
def test_one_step_and_cell_by_cell_give_the_same_figures(units):
    assert_same_as_cell_by_cell(units)


def assert_same_as_cell_by_cell(units):
    """``Sums`` over the units gives the independent cell-by-cell figures, gaps and fee."""
    sums = Sums()
    for idx, values in enumerate(units):
        sums.add(idx, values)
    report, gaps = sums.report()
    totals, filled, blank, invalid = cell_by_cell(units)
    for pos, (t, r, c, is_int) in enumerate(CELLS):
        got = report.raw(t, r, c)
        assert got == totals.get(pos), (t, r, c)
        assert got is None or type(got) is (int if is_int else Decimal)  # counts as int; 万元 exact, never float
    gap_at = {(g.table, g.row, g.column): g for g in gaps}
    for pos, (t, r, c, _) in enumerate(CELLS):
        g = gap_at.get((t, r, c))
        if pos not in blank and pos not in invalid:
            assert g is None
            continue
        assert g.filled == filled.get(pos, 0) and g.blank == blank.get(pos, [])
        assert [(i, str(v)) for i, v in g.invalid] == [(i, str(v)) for i, v in invalid.get(pos, [])]
    fees = [v[-1] for v in units if v[-1] is not None]
    assert report.processing_fee_yuan == (sum(fees, Decimal(0)) if fees else None)


def test_a_fraction_or_a_bool_in_a_count_cell_is_not_taken_by_the_one_step_path():
    clean = tuple(1 if is_int else Decimal("0.5") for *_, is_int in CELLS) + (None,)
    first_int = next(pos for pos, (*_, is_int) in enumerate(CELLS) if is_int)
    for odd in (Decimal("1.5"), True, -1):
        sums = Sums()
        sums.add(0, clean)
        sums.add(1, clean[:first_int] + (odd,) + clean[first_int + 1:])
        report, gaps = sums.report()
        t, r, c, _ = CELLS[first_int]
        assert report.raw(t, r, c) == 1
        assert [(g.table, g.row, g.column, g.filled, g.invalid) for g in gaps] == [(t, r, c, 1, [(1, odd)])]


def test_key_totals_and_input_values_read_what_report_value_and_raw_give():
    """A unit's key figures (本年新收, 办结总计…) are the sums of ``Report.value`` of their cells, and its inputs are
    ``Report.raw``, type for type, also with blanks, text, fractions and negatives among the cells."""
    import random

    from consolidate_helpers import make_unit

    from gkdesk.core.consolidate.model import key_total_cells, key_totals
    from gkdesk.core.consolidate.sums import input_values, unit_from_report

    rng = random.Random(5)
    odd = [None, "若干", Decimal("1.5"), Decimal("2.0"), -3, 7]
    for _ in range(200):
        rep = make_unit(rng, "某乡")
        for _ in range(rng.randint(0, 40)):
            t, r, c, _ = rng.choice(CELLS)
            rep.set_raw(t, r, c, rng.choice(odd))
        expected = []
        for kt in key_total_cells():
            nums = [v for r, c in kt.cells if isinstance(v := rep.value(kt.table, r, c), int | Decimal)]
            expected.append(sum(nums) if nums else None)
        assert [(type(v), v) for v in key_totals(rep)] == [(type(v), v) for v in expected]
        # what a worker keeps: the figures from the input values when they are all whole numbers, else key_totals
        assert [(type(v), v) for v in unit_from_report(Path("u.gkreport"), rep).totals] == \
               [(type(v), v) for v in expected]
        raw = (*[rep.raw(t, r, c) for t, r, c, _ in CELLS], rep.processing_fee_yuan)
        assert [(type(v), v) for v in input_values(rep)] == [(type(v), v) for v in raw]
        if rng.random() < 0.3:  # a whole row missing (a file written by another tool)
            t, r, _, _ = rng.choice(CELLS)
            del rep.tables[t][r]
            raw = (*[rep.raw(t, r, c) for t, r, c, _ in CELLS], rep.processing_fee_yuan)
            assert [(type(v), v) for v in input_values(rep)] == [(type(v), v) for v in raw]


def test_the_collector_is_paused_while_consolidating_and_left_as_found(tmp_path):
    import gc
    import random

    import pytest
    from consolidate_helpers import fake_validate, make_unit, save_units

    from gkdesk.core.consolidate import ConsolidationCancelled, consolidate

    save_units(tmp_path, [make_unit(random.Random(3), f"第{i}乡") for i in range(3)])
    seen = []

    def check(report):
        seen.append(gc.isenabled())
        return fake_validate(report)

    assert gc.isenabled()
    consolidate([tmp_path], validate=check, workers=1)
    assert gc.isenabled() and seen == [False] * 3
    with pytest.raises(ConsolidationCancelled):
        consolidate([tmp_path], validate=check, workers=1, cancelled=lambda: True)
    assert gc.isenabled()
    gc.disable()  # as under the window's worker thread
    try:
        consolidate([tmp_path], validate=check, workers=1)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_many_units_added_in_batches_give_the_same_figures():
    """Whole-number units' count cells are added in batches of 256: over several batches (and a part batch) the
    figures are the independent cell-by-cell sums."""
    import random

    rng = random.Random(11)
    units = []
    for i in range(700):
        values = [rng.randint(0, 10**12) if is_int else Decimal(rng.randint(0, 10**6)).scaleb(-4)
                  for *_, is_int in CELLS]
        if i % 97 == 0:  # now and then an odd cell: that unit goes cell by cell
            values[rng.randrange(len(CELLS))] = rng.choice([None, -1, True, "若干"])
        units.append((*values, None))
    assert_same_as_cell_by_cell(units)
