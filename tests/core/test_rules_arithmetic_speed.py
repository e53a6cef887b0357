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
    fast = []
    for rep in reports:
        ctx = _ctx(rep)
        arithmetic.t3_identity(ctx)
        fast.append(ctx.issues)
    assert sum(bool(f) for f in fast) > 50
    monkeypatch.setattr(arithmetic, "table_all_counts", lambda ctx, table: False)
    for rep, found in zip(reports, fast, strict=True):
        ctx = _ctx(rep)
        arithmetic.t3_identity(ctx)
        assert ctx.issues == found


@pytest.mark.parametrize("change", ["reorder", "extra", "missing", "none"])
def test_all_counts_reads_keys_in_any_order(change):
    rep = make_unit(random.Random(2), "某镇", big=3)
    row = rep.tables["t3"]["new"]
    if change == "reorder":
        rep.tables["t3"]["new"] = dict(reversed(list(row.items())))
    elif change == "extra":
        row["no_such_column"] = 1
    elif change == "missing":
        del row[next(iter(row))]
    assert cells.all_counts(_ctx(rep), "t3") is (change in ("reorder", "none"))


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
