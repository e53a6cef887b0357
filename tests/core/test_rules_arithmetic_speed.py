"""The fast paths of the table rules give what the plain paths give (rules/arithmetic.py, cells.py)."""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

import pytest

from gkdesk.core.issues import Settings
from gkdesk.core.rules import arithmetic, cells
from gkdesk.core.rules.context import Ctx, format_info

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "consolidate"))
from consolidate_helpers import make_unit  # noqa: E402

S = Settings(today=date(2025, 3, 1))


def _ctx(report):
    return Ctx(report=report, settings=S, info=format_info(report.format_version))


def _issues_of(rule, reports):
    """The issues ``rule`` alone finds in each report (a fresh context each)."""
    found = []
    for rep in reports:
        ctx = _ctx(rep)
        rule(ctx)
        found.append(ctx.issues)
    return found


def test_getter_gives_a_tuple_for_one_column_too():
    assert arithmetic._getter(("a",))({"a": 1, "b": 2}) == (1,)
    assert arithmetic._getter(("b", "a"))({"a": 1, "b": 2}) == (2, 1)


def test_t3_identity_fast_path_finds_what_the_plain_path_finds(monkeypatch):
    rng = random.Random(11)
    reports = []
    for i in range(300):
        rep = make_unit(rng, f"第{i}号单位", big=rng.choice([3, 20]))
        for _ in range(rng.choice([0, 1, 2])):  # unbalance a column, keep every cell a count
            t3 = rep.tables["t3"]
            row = rng.choice([r for r in t3 if t3[r]])
            col = rng.choice(list(t3[row]))
            t3[row][col] = rng.randint(0, 50)
        reports.append(rep)
    fast = _issues_of(arithmetic.t3_identity, reports)
    assert sum(bool(f) for f in fast) > 50
    monkeypatch.setattr(arithmetic, "table_count_rows", lambda ctx, table: None)
    assert _issues_of(arithmetic.t3_identity, reports) == fast


@pytest.mark.parametrize("change", ["reorder", "extra", "missing", "swapped", "none", "bool", "negative", "fraction",
                                    "int_subclass"])
@pytest.mark.parametrize("table", ["t3", "t4"])
def test_all_counts_reads_keys_in_any_order(change, table):
    from decimal import Decimal

    rep = make_unit(random.Random(2), "某镇", big=3)
    key = next(r for r, cols, _keys, _set in format_info(rep.format_version).tables[table].input_rows if len(cols) > 1)
    row = rep.tables[table][key]
    first = next(iter(row))
    if change == "reorder":
        rep.tables[table][key] = dict(reversed(list(row.items())))
    elif change == "extra":
        row["no_such_column"] = 1
    elif change == "missing":
        del row[first]
    elif change == "swapped":  # as many keys as columns, one of them not a column
        del row[first]
        row["no_such_column"] = 1
    elif change in ("bool", "negative", "fraction", "int_subclass"):
        row[first] = {"bool": True, "negative": -1, "fraction": Decimal("1.5"),
                      "int_subclass": type("Count", (int,), {})(3)}[change]
    assert cells.all_counts(_ctx(rep), table) is (change in ("reorder", "none"))


def test_cells_checks_counts_rows_at_once_and_the_fee_cell_by_cell(monkeypatch):
    """NUM-* by the quick paths (whole table, or its rows of counts then the fee) equal the row-by-row check."""
    from decimal import Decimal

    rng = random.Random(12)
    values = [None, 0, 3, -1, True, "无", "abc", Decimal("1.5"), Decimal("20000"), Decimal("0.12345"), 7, 7, 7]
    reports = []
    for i in range(400):
        rep = make_unit(rng, f"第{i}号单位", big=3)
        for _ in range(rng.choice([0, 0, 1, 2])):
            table = rng.choice(["t2", "t2", "t3", "t4"])
            row = rng.choice([r for r in rep.tables[table] if rep.tables[table][r]])
            col = rng.choice(list(rep.tables[table][row]) + ["no_such_column"])
            if rng.random() < 0.2:
                rep.tables[table][row].pop(col, None)
            else:
                rep.tables[table][row][col] = rng.choice(values)
        reports.append(rep)
    quick = _issues_of(cells.cells, reports)
    assert sum(bool(q) for q in quick) > 100
    monkeypatch.setattr(cells, "_plan", lambda ctx: tuple((k, ti, None) for k, ti in ctx.info.tables.items()))
    monkeypatch.setattr(cells, "all_counts", lambda ctx, table: False)
    assert _issues_of(cells.cells, reports) == quick


def test_title_rule_reads_the_title_as_report_title_makes_it():
    """document.title compares ``title_override or derived_title`` (what ``Report.title`` is) without asking twice."""
    rep = make_unit(random.Random(3), "某镇", big=3)
    assert rep.title == rep.derived_title
    rep.meta.title_override = "  另一个标题 "
    assert rep.title == rep.meta.title_override


def test_review_without_explanations_keeps_every_issue_open_in_order():
    from gkdesk.core.explain import review
    from gkdesk.core.rules import validate

    rep = make_unit(random.Random(4), "某镇", big=3)
    issues = validate(rep, S)
    got = review(issues, [])
    assert got.open == issues and got.open is not issues and got.explained == [] and got.lapsed == []


def test_t3_identity_keeps_the_results_grand_total_ctx_value_would_add_up():
    """t3_identity leaves 本年办结's 总计 in the run's memo when it added every result cell: the same number
    ``leaf_sum`` gives (the rules after it read that memo instead of adding the ~126 cells again)."""
    from decimal import Decimal

    from gkdesk.core.totals import leaf_sum

    rng = random.Random(13)
    kept = 0
    for i in range(300):
        rep = make_unit(rng, f"第{i}号单位", big=rng.choice([3, 20]))
        t3 = rep.tables["t3"]
        for _ in range(rng.choice([0, 0, 1, 2])):
            row = rng.choice([r for r in t3 if t3[r]])
            col = rng.choice(list(t3[row]))
            t3[row][col] = rng.choice([rng.randint(0, 50), None, "无", True, -1, Decimal("1.5")])
        ctx = _ctx(rep)
        keys = ctx.info.keys
        arithmetic.t3_identity(ctx)
        cell = ("t3", keys.results_total, keys.total)
        if cell in ctx._memo:
            kept += 1
            plain = leaf_sum(t3, ctx.info.tables["t3"].leaves[cell[1:]])
            assert ctx._memo[cell] == plain and type(ctx._memo[cell]) is type(plain)
        assert ctx.value(*cell) == rep.value(*cell)
    assert kept > 150


@pytest.mark.parametrize("level", ["township", "county_gov", "city_dept", "", "no_such_level"])
def test_fee_quick_look_gives_what_the_full_check_gives(monkeypatch, level):
    """cells._fee_fine (a finite Decimal ≥ 0 with few enough decimals as written, below the NUM-FEE-UNIT line or not
    whole) lets through only fees the full check passes: every value, with and without it, the same issues."""
    from decimal import Decimal

    rng = random.Random(14)
    values = [Decimal(s) for s in ("0", "-0", "0.0000", "1", "1.0", "1.00000", "1.23456", "1.2340", "0.12345",
                                   "999.9999", "1000", "1000.0", "1000.5", "1E+3", "1E+5", "20000", "-1", "-0.5",
                                   "12345678901234567890123456789.5", "1.000000000000000000000000000001")]
    values += [Decimal(rng.randint(0, 3000)) / Decimal(10) ** rng.randint(0, 6) for _ in range(300)]
    settings = [S, Settings(today=date(2025, 3, 1), fee_unit_thresholds={"township": 0, "county_gov": 50})]

    def fee_issues():
        found = []
        for s in settings:
            for v in values:
                rep = make_unit(random.Random(5), "某镇", big=3)
                rep.meta.level = level
                rep.tables["t2"]["fees"]["amount_wanyuan"] = v
                ctx = Ctx(report=rep, settings=s, info=format_info(rep.format_version))
                cells.cells(ctx)
                found.append(ctx.issues)
        return found

    found = fee_issues()
    assert sum(bool(f) for f in found) > 20
    monkeypatch.setattr(cells, "_fee_fine", lambda ctx, d, max_dec: False)
    again = fee_issues()
    assert again == found


def test_t3_identity_reads_the_rows_the_whole_table_check_read():
    """The values ``cells.count_rows`` kept, taken by ``_t3_plan``'s places, are the rows read afresh."""
    rng = random.Random(15)
    for i in range(50):
        rep = make_unit(rng, f"第{i}号单位", big=rng.choice([3, 20]))
        ctx = _ctx(rep)
        columns, row_keys, getter, _whole, at = arithmetic._t3_plan(ctx, ctx.info.tables["t3"])
        assert at is not None and getter is not None
        counted = cells.count_rows(ctx, "t3")
        assert counted is not None
        assert list(at(counted)) == [getter(rep.tables["t3"][r]) for r in row_keys]
        assert all(len(v) == len(columns) for v in at(counted))


def test_t2_stock_reads_whole_numbers_as_as_number_does(monkeypatch):
    """t2_stock takes a row of three ints as they are (what ``as_number`` gives them) and anything else through
    ``as_number``: the issues equal those of every value read through ``as_number``."""
    from decimal import Decimal

    from gkdesk.core.report import LastYear

    rng = random.Random(18)
    values = [0, 1, 5, 9, 12, 30, -1, True, False, None, "无", Decimal("3"), Decimal("2.5")]
    reports = []
    for i in range(600):
        rep = make_unit(rng, f"第{i}号单位", big=3)
        for row in ("rules", "normative"):
            for col in ("issued", "repealed", "valid"):
                rep.tables["t2"][row][col] = rng.choice(values) if rng.random() < 0.5 else rng.randint(0, 12)
        if rng.random() < 0.7:
            rep.last_year = LastYear(year=rep.meta.year - 1, t2_valid={"rules": rng.randint(0, 9),
                                                                       "normative": rng.choice([None, 3, 8])})
        reports.append(rep)
    quick = _issues_of(arithmetic.t2_stock, reports)
    assert sum(bool(q) for q in quick) > 150
    monkeypatch.setattr(arithmetic, "int", type("NotInt", (), {}), raising=False)  # no value is "an int" now
    assert _issues_of(arithmetic.t2_stock, reports) == quick


def test_carry_over_hint_made_once_is_the_message_made_afresh(monkeypatch):
    rep = make_unit(random.Random(19), "某镇", big=3)
    rep.last_year = None
    first = _issues_of(arithmetic.carry_over, [rep])[0]
    again = _issues_of(arithmetic.carry_over, [rep])[0]
    ctx = _ctx(rep)
    ctx.info.memo.pop("carry_over hint", None)  # made afresh
    arithmetic.carry_over(ctx)
    assert first == again == ctx.issues and len(first) == 1
    carry_in, carry_out = arithmetic._bare_labels(ctx, ctx.info.tables["t3"], "carry_in", "carry_out")
    assert f"核对“{carry_in}”与上年“{carry_out}”是否一致" in first[0].message
