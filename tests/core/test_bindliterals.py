"""绑定正文数字: only figures that equal the cell their sentence names are proposed (example and published reports)."""

from __future__ import annotations

import pytest

from gkdesk.core.bindings import get_text, refresh
from gkdesk.core.bindliterals import bind, norm_map, propose
from gkdesk.core.importers import import_file
from gkdesk.core.rules.textnorm import norm


def _listed(report):
    out = []
    for p in propose(report):
        b = p.binding
        out.append((b.field, get_text(report, b.field)[b.start:b.end], b.ref.key))
    return out


def test_the_example_has_nothing_to_bind(example_report):
    # the example township had no applications and its text says so in words (“未收到”): nothing to propose
    assert _listed(example_report) == []


def test_proposes_only_correct_pairs_in_the_city_report(samples_dir):
    rep = import_file(samples_dir / "published" / "01_huaian_city_2024.txt").report
    got = _listed(rep)
    assert got == [
        ("overview.2.text", "3119", "t3.new.total"),
        ("overview.2.text", "34", "t3.carry_in.total"),
        ("overview.2.text", "3050", "t3.total.total"),
        ("overview.2.text", "103", "t3.carry_out.total"),
        ("overview.2.text", "351", "t4.review.total"),
        ("overview.2.text", "46", "t4.lit_direct.total+t4.lit_after_review.total"),
    ]
    for p in propose(rep):  # each proposal quotes exactly the table's value
        assert str(p.binding.ref.value(rep)) == get_text(rep, p.binding.field)[p.binding.start:p.binding.end]


def test_dev_set_proposals_are_all_correct(samples_dir):
    for path in sorted((samples_dir / "published").iterdir()):
        rep = import_file(path).report
        for p in propose(rep):
            b = p.binding
            assert str(b.ref.value(rep)) == get_text(rep, b.field)[b.start:b.end], (path.name, p)


def test_a_wrong_figure_is_not_proposed(samples_dir):
    rep = import_file(samples_dir / "published" / "01_huaian_city_2024.txt").report
    rep.set_raw("t3", "new", "natural", (rep.raw("t3", "new", "natural") or 0) + 1)  # the text's 3119 is now wrong
    assert "t3.new.total" not in [k for _, _, k in _listed(rep)]


def test_binding_all_proposals_leaves_the_text_unchanged(samples_dir):
    rep = import_file(samples_dir / "published" / "01_huaian_city_2024.txt").report
    before = get_text(rep, "overview.2.text")
    rep.bindings = bind(rep, propose(rep))
    assert refresh(rep) == set() and get_text(rep, "overview.2.text") == before
    assert propose(rep) == []  # bound figures are not proposed again


@pytest.mark.parametrize("text", ["受理 申请 3119 件", "答\n复３０５０件", "共  12  34 件", ""])
def test_norm_map_points_back_into_the_text(text):
    m = norm_map(text)
    assert m is not None and len(m) == len(norm(text))
    for j, i in enumerate(m):
        assert norm(text)[j] == " " or norm(text[i]) == norm(text)[j]


def test_import_keeps_literals(samples_dir):
    # a published report has no bindings: its figures stay typed text until the clerk binds them
    rep = import_file(samples_dir / "published" / "01_huaian_city_2024.txt").report
    assert rep.bindings == [] and "3119" in get_text(rep, "overview.2.text")
