"""Figures in the narrative bound to table cells: follow edits, undo and redo; stored as references; exported as text."""

from __future__ import annotations

import json

import pytest

from gkdesk.core import storage
from gkdesk.core.bindings import UNFILLED, Binding, BindingError, Ref, refresh, remap
from gkdesk.core.carryover import next_year
from gkdesk.core.edits import History, set_cell
from gkdesk.core.review_edits import insert_figure, typed, unbind
from gkdesk.core.rules import validate

NEW = Ref((("t3", "new", "total"),))


@pytest.fixture
def rep(example_report):
    r = example_report.copy()
    r.set_raw("t3", "new", "natural", 15)
    r.set_raw("t3", "new", "commercial", 6)
    r.section5 = "全年共受理政府信息公开申请件。"
    return r


def _do(hist, edit):
    hist.do(edit)
    refresh(hist.report)


def test_inserted_figure_shows_the_value_and_follows_edits_undo_and_redo(rep):
    hist = History(rep)
    _do(hist, insert_figure(rep, "section5", rep.section5.index("件"), NEW))
    assert rep.section5 == "全年共受理政府信息公开申请21件。"
    _do(hist, set_cell("t3", "new", "natural", 115))
    assert rep.section5 == "全年共受理政府信息公开申请121件。"
    hist.undo()
    refresh(rep)
    assert rep.section5 == "全年共受理政府信息公开申请21件。"
    hist.redo()
    refresh(rep)
    assert rep.section5 == "全年共受理政府信息公开申请121件。"
    hist.undo()
    hist.undo()  # the insertion itself
    refresh(rep)
    assert rep.section5 == "全年共受理政府信息公开申请件。" and rep.bindings == []


def test_typing_around_a_figure_keeps_it_bound_and_typing_into_it_unbinds(rep):
    hist = History(rep)
    _do(hist, insert_figure(rep, "section5", rep.section5.index("件"), NEW))
    _do(hist, typed(rep, "section5", "我乡" + rep.section5))
    assert rep.bindings[0].start == rep.section5.index("21") and rep.section5.startswith("我乡全年")
    _do(hist, set_cell("t3", "new", "other", 1))
    assert "22件" in rep.section5
    _do(hist, typed(rep, "section5", rep.section5.replace("22件", "225件")))  # a digit typed onto the figure
    assert rep.bindings == []
    _do(hist, set_cell("t3", "new", "other", 2))
    assert "225件" in rep.section5  # now a literal: it no longer follows the table
    assert any(i.rule == "TXT-NUM" and "225" in i.message for i in validate(rep))


def test_remap_rules():
    b = Binding("section5", 4, 6, NEW)
    assert remap("受理申请21件。", "受理申请21件，全部办结。", [b]) == [b]
    assert remap("受理申请21件。", "共受理申请21件。", [b]) == [Binding("section5", 5, 7, NEW)]
    assert remap("受理申请21件。", "受理申请2件。", [b]) == []
    assert remap("受理申请21件。", "受理申请121件。", [b]) == []  # a digit before the figure
    assert remap("受理申请21件。", "受理申请：21件。", [b]) == [Binding("section5", 5, 7, NEW)]


def test_blank_cells_show_unfilled_and_warn(rep):
    hist = History(rep)
    _do(hist, insert_figure(rep, "section5", 2, Ref((("t4", "review", "maintain"),))))
    rep.set_raw("t4", "review", "maintain", None)
    refresh(rep)
    assert UNFILLED in rep.section5
    assert any(i.rule == "TXT-REF" and i.field == "section5" for i in validate(rep))
    rep.set_raw("t4", "review", "maintain", 3)
    refresh(rep)
    assert UNFILLED not in rep.section5 and not any(i.rule == "TXT-REF" for i in validate(rep))


def test_bound_figures_are_not_guessed_at_by_txt_num(rep):
    rep.section5 = "全年共受理政府信息公开申请99件。"
    assert any(i.rule == "TXT-NUM" for i in validate(rep))
    rep.bindings = [Binding("section5", 13, 15, NEW)]
    refresh(rep)
    assert rep.section5 == "全年共受理政府信息公开申请21件。"
    assert not any(i.rule in ("TXT-NUM", "TXT-REF") for i in validate(rep))


def test_stored_as_references_and_read_back(rep):
    hist = History(rep)
    _do(hist, insert_figure(rep, "section5", rep.section5.index("件"), NEW))
    doc = json.loads(storage.dumps(rep))
    assert doc["bindings"] == [{"field": "section5", "start": 13, "end": 15, "ref": "t3.new.total"}]
    assert doc["section5"] == "全年共受理政府信息公开申请21件。"  # readers that ignore bindings see the figure
    back = storage.loads(storage.dumps(rep))
    assert back.bindings == rep.bindings and back.section5 == rep.section5
    doc["tables"]["t3"]["new"]["natural"] = 16  # changed outside gkdesk: the text follows on load
    assert storage.report_from_dict(doc).section5 == "全年共受理政府信息公开申请22件。"


@pytest.mark.parametrize("bad, msg", [
    ({"field": "section9", "start": 0, "end": 1, "ref": "t3.new.total"}, "不存在"),
    ({"field": "section5", "start": 0, "end": 99, "ref": "t3.new.total"}, "超出"),
    ({"field": "section5", "start": 0, "end": 2, "ref": "t3.nosuch.total"}, "不在本报告格式"),
    ({"field": "section5", "start": 0, "end": 2, "ref": "t3"}, "格式不对"),
])
def test_damaged_bindings_are_a_clear_error(rep, bad, msg):
    doc = json.loads(storage.dumps(rep))
    doc["bindings"] = [bad]
    with pytest.raises(storage.ReportFileError, match=msg):
        storage.report_from_dict(doc)


def test_older_files_without_bindings_open(example_path):
    rep = storage.load(example_path)
    assert rep.bindings == [] and rep.explanations == []


def test_next_year_keeps_bindings_with_the_new_figures(rep):
    hist = History(rep)
    _do(hist, insert_figure(rep, "section5", rep.section5.index("件"), NEW))
    new = next_year(rep)
    assert new.bindings == rep.bindings[:1] or new.bindings[0].ref == NEW
    assert UNFILLED in new.section5  # the new year's 本年新收 is not filled yet
    new.set_raw("t3", "new", "natural", 7)
    refresh(new)
    assert "7件" in new.section5


def test_unbind_keeps_the_text(rep):
    hist = History(rep)
    _do(hist, insert_figure(rep, "section5", rep.section5.index("件"), NEW))
    _do(hist, unbind(rep, "section5", rep.section5.index("21")))
    assert rep.bindings == [] and "21件" in rep.section5


def test_insert_checks_the_reference(rep):
    with pytest.raises(BindingError):
        insert_figure(rep, "section5", 0, Ref((("t9", "x", "y"),)))


def test_sum_reference(rep):
    rep.set_raw("t4", "lit_direct", "maintain", 2)
    rep.set_raw("t4", "lit_after_review", "maintain", 3)
    hist = History(rep)
    lit = Ref.parse("t4.lit_direct.total+t4.lit_after_review.total")
    _do(hist, insert_figure(rep, "section6", 0, lit))
    assert rep.section6.startswith("5")
