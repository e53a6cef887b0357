"""Edits are named operations whose inverse restores the report exactly."""

from decimal import Decimal

import pytest

from gkdesk.core import edits
from gkdesk.core.report import Report, Subsection


@pytest.fixture
def rep():
    return Report.new("甲乡", "township", 2024)


def _roundtrip(rep, edit):
    before = rep.copy()
    hist = edits.History(rep)
    hist.do(edit)
    after = rep.copy()
    assert after != before
    assert hist.undo() and rep == before
    assert hist.redo() and rep == after
    return rep


def test_set_cell_undo(rep):
    _roundtrip(rep, edits.set_cell("t3", "new", "natural", 5))


def test_block_paste_is_one_step(rep):
    edit = edits.SetCells({("t3", "new", "natural"): 1, ("t3", "new", "commercial"): 2}, "粘贴")
    _roundtrip(rep, edit)


def test_fill_blanks_with_zero(rep):
    rep.set_raw("t3", "new", "natural", 7)
    edit = edits.fill_blanks_with_zero(rep)
    _roundtrip(rep, edit)
    assert rep.value("t3", "new", "natural") == 7
    assert rep.value("t2", "fees", "amount_wanyuan") == Decimal(0)
    assert all(v is not None for *_, v in rep.iter_inputs())


def test_computed_cell_cannot_be_set(rep):
    with pytest.raises(ValueError):
        edits.set_cell("t3", "new", "total", 1).apply(rep)


def test_text_meta_and_subsections(rep):
    _roundtrip(rep, edits.set_text("section5", "问题：……"))
    _roundtrip(rep, edits.set_meta("org_name", "乙镇"))
    _roundtrip(rep, edits.set_subsection(0, title="（一）主动公开情况", text="内容"))
    _roundtrip(rep, edits.InsertSubsection(2, Subsection("（六）其他", "x")))
    _roundtrip(rep, edits.RemoveSubsection(1))
    _roundtrip(rep, edits.MoveSubsection(0, 3))
    _roundtrip(rep, edits.set_fee(Decimal("3940")))


def test_accept_computed_totals(rep):
    rep.stated = {"t3": {"new": {"total": 9}}}
    _roundtrip(rep, edits.AcceptComputedTotals())


def test_history_clean_state(rep):
    hist = edits.History(rep)
    assert hist.is_clean
    hist.do(edits.set_cell("t3", "new", "natural", 1))
    assert not hist.is_clean
    hist.set_clean()
    hist.do(edits.set_cell("t3", "new", "natural", 2))
    hist.undo()
    assert hist.is_clean
    hist.undo()
    assert not hist.is_clean
