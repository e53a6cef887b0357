"""``totals.leaf_sum`` (the loader and the 汇总 key figures use it) gives ``Report.value`` of every computed cell,
type for type, whatever the cells hold: whole numbers (the one-step way), blanks, text, fractions, negatives."""

from __future__ import annotations

import random
from decimal import Decimal

from gkdesk.core.format import load_format
from gkdesk.core.report import Report
from gkdesk.core.totals import leaf_rows, leaf_sum, leaves

FMT = load_format()


def test_leaf_sum_is_report_value_for_every_computed_cell():
    rng = random.Random(16)
    kinds = [lambda: rng.randint(0, 50), lambda: None, lambda: "若干", lambda: Decimal("1.5"), lambda: Decimal("2.0"),
             lambda: -rng.randint(1, 5), lambda: Decimal(rng.randint(0, 9999)).scaleb(-4)]
    for n in range(300):
        rep = Report.new(fmt=FMT)
        odd = n % 3  # a third all whole numbers, the others with a few or many odd cells
        for tkey, tdef in FMT.tables.items():
            for r, c in tdef.input_cells():
                pick = kinds[0] if odd == 0 or rng.random() > 0.1 * odd else rng.choice(kinds)
                rep.set_raw(tkey, r, c, pick())
        for tkey, tdef in FMT.tables.items():
            for r, c in tdef.cells():
                lv = leaves(tdef, r, c)
                if lv is None:
                    continue
                got, want = leaf_sum(rep.tables[tkey], leaf_rows(lv)), rep.value(tkey, r, c)
                assert (type(got), got) == (type(want), want), (tkey, r, c)


def test_leaf_rows_keep_order_and_repeats():
    assert leaf_rows((("a", "x"), ("a", "y"), ("b", "x"), ("a", "x"))) == (("a", "a", "b", "a"), ("x", "y", "x", "x"))
    assert leaf_sum({"a": {"x": 2}}, leaf_rows((("a", "x"), ("a", "x"), ("zz", "x")))) == 4
    assert leaf_sum({"a": {}}, leaf_rows((("a", "x"),))) is None
    assert leaf_sum({"a": {"x": True}}, leaf_rows((("a", "x"),))) is None  # not a number, as in sum_values
