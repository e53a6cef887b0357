"""已核实 explanations: kept with rule, place and figures; lapse when the figures change, return when they change back."""

from __future__ import annotations

from datetime import date

import pytest

from gkdesk.core import storage
from gkdesk.core.carryover import next_year
from gkdesk.core.edits import History, set_cell
from gkdesk.core.explain import ExplanationError, explain, review, without
from gkdesk.core.review_edits import SetExplanations
from gkdesk.core.rules import validate


@pytest.fixture
def jumped(example_report):
    """Next year's draft of the example with 本年新收 jumping from 0 to 40 (YOY-NEW)."""
    rep = next_year(example_report)
    for c in ("natural", "commercial", "research", "public_interest", "legal_service", "other"):
        for r in rep.format.table("t3").row_keys:
            if not rep.format.table("t3").is_computed(r, c) and r != "carry_in":
                rep.set_raw("t3", r, c, 0)
    rep.set_raw("t3", "new", "natural", 40)
    rep.set_raw("t3", "open", "natural", 40)
    return rep


def _yoy(rep):
    return next(i for i in validate(rep) if i.rule == "YOY-NEW")


def test_explanation_lapses_when_figures_change_and_returns_when_they_change_back(jumped):
    issue = _yoy(jumped)
    jumped.explanations = [explain(issue, "今年开展土地确权，申请集中增加。", date(2025, 1, 10))]
    r = review(validate(jumped), jumped.explanations)
    assert [i.rule for i, _ in r.explained] == ["YOY-NEW"]
    assert all(i.rule != "YOY-NEW" for i in r.open) and not r.lapsed

    jumped.set_raw("t3", "new", "natural", 55)  # the figure changes: the warning is open again
    r = review(validate(jumped), jumped.explanations)
    assert any(i.rule == "YOY-NEW" for i in r.open) and not r.explained
    assert [e.rule for e in r.lapsed] == ["YOY-NEW"]

    jumped.set_raw("t3", "new", "natural", 40)  # and back: the explanation applies again
    r = review(validate(jumped), jumped.explanations)
    assert [i.rule for i, _ in r.explained] == ["YOY-NEW"] and not r.lapsed


def test_errors_cannot_be_explained(example_report):
    rep = example_report.copy()
    rep.set_raw("t3", "new", "natural", 5)  # breaks the T3 identity: an error
    err = next(i for i in validate(rep) if i.severity == "error")
    with pytest.raises(ExplanationError, match="必须改正"):
        explain(err, "说明")


def test_note_is_required_and_bounded(jumped):
    issue = _yoy(jumped)
    with pytest.raises(ExplanationError, match="不能为空"):
        explain(issue, "   ")
    with pytest.raises(ExplanationError, match="最多500字"):
        explain(issue, "长" * 501)


def test_explanations_are_undoable_and_reopenable(jumped):
    issue = _yoy(jumped)
    hist = History(jumped)
    hist.do(SetExplanations([explain(issue, "确有增加")]))
    assert review(validate(jumped), jumped.explanations).explained
    hist.undo()
    assert jumped.explanations == [] and not review(validate(jumped), jumped.explanations).explained
    hist.redo()
    hist.do(SetExplanations(without(jumped.explanations, issue), "重新打开"))
    assert not review(validate(jumped), jumped.explanations).explained


def test_explanations_survive_save_and_load_and_are_dropped_next_year(jumped):
    issue = _yoy(jumped)
    jumped.explanations = [explain(issue, "确有增加", date(2025, 1, 10))]
    back = storage.loads(storage.dumps(jumped))
    assert back.explanations == jumped.explanations
    assert [i.rule for i, _ in review(validate(back), back.explanations).explained] == ["YOY-NEW"]
    assert next_year(back).explanations == []


def test_a_damaged_explanation_is_a_clear_error(jumped):
    import json

    doc = json.loads(storage.dumps(jumped))
    doc["explanations"] = [{"rule": "YOY-NEW", "location": "t3/new/total", "basis": "x", "note": ""}]
    with pytest.raises(storage.ReportFileError, match="核实说明"):
        storage.report_from_dict(doc)


def test_history_set_cell_keeps_explanations(jumped):
    issue = _yoy(jumped)
    jumped.explanations = [explain(issue, "确有增加")]
    hist = History(jumped)
    hist.do(set_cell("t3", "new", "commercial", 1))
    assert jumped.explanations and not review(validate(jumped), jumped.explanations).explained
    hist.undo()
    assert review(validate(jumped), jumped.explanations).explained
