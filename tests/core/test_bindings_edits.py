"""Bound figures stay right when the clerk edits around them or rearranges the 总体情况 subsections (undo included)."""

from __future__ import annotations

from gkdesk.core.bindings import Ref, get_text, refresh
from gkdesk.core.edits import History, InsertSubsection, MoveSubsection, RemoveSubsection, set_subsection, set_text
from gkdesk.core.report import Subsection
from gkdesk.core.review_edits import insert_figure, with_bindings

NEW = Ref((("t3", "new", "total"),))


def _do(hist, edit):
    hist.do(with_bindings(hist.report, edit))
    refresh(hist.report)


def _rep(example_report):
    r = example_report.copy()
    r.set_raw("t3", "new", "natural", 21)
    r.overview = [Subsection("（一）主动公开", "甲"), Subsection("（二）依申请公开", "受理申请件。"), Subsection("（三）管理", "丙")]
    return r


def test_typing_in_a_subsection_moves_its_figure(example_report):
    rep = _rep(example_report)
    hist = History(rep)
    _do(hist, insert_figure(rep, "overview.2.text", 4, NEW))
    assert rep.overview[1].text == "受理申请21件。"
    _do(hist, set_subsection(1, text="全年受理申请21件。"))
    refresh(rep)
    rep.set_raw("t3", "new", "natural", 30)
    refresh(rep)
    assert rep.overview[1].text == "全年受理申请30件。"


def test_moving_and_deleting_subsections_takes_the_figure_along(example_report):
    rep = _rep(example_report)
    hist = History(rep)
    _do(hist, insert_figure(rep, "overview.2.text", 4, NEW))
    _do(hist, MoveSubsection(1, 0))
    assert rep.overview[0].text == "受理申请21件。" and rep.bindings[0].field == "overview.1.text"
    _do(hist, InsertSubsection(0, Subsection("（新小节）")))
    assert rep.bindings[0].field == "overview.2.text"
    rep.set_raw("t3", "new", "natural", 25)
    refresh(rep)
    assert get_text(rep, "overview.2.text") == "受理申请25件。"
    _do(hist, RemoveSubsection(1))
    assert rep.bindings == []
    hist.undo()  # the subsection and its binding come back
    refresh(rep)
    assert rep.bindings[0].field == "overview.2.text" and rep.overview[1].text == "受理申请25件。"
    hist.undo()
    hist.undo()
    refresh(rep)
    assert rep.bindings[0].field == "overview.2.text" and rep.overview[1].title == "（二）依申请公开"


def test_other_fields_keep_their_bindings(example_report):
    rep = _rep(example_report)
    rep.section5 = "共件"
    hist = History(rep)
    _do(hist, insert_figure(rep, "section5", 1, NEW))
    _do(hist, set_text("section6", "无"))
    _do(hist, set_text("section5", "今年共21件"))
    assert [b.field for b in rep.bindings] == ["section5"] and rep.section5 == "今年共21件"
