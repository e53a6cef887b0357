"""Incremental validation (core/rules/incremental.py) gives exactly the issues of a full ``validate`` — same issues,
same order — after every edit of a random sequence: cells, meta, texts, subsections added/moved/deleted, the fee,
last year's report, stated totals, bound figures (insert, unbind, bind all), explanations, undo, and a replaced
report. Edits are applied as the window applies them (``with_bindings``, then the bindings refreshed and their
fields added to the edit's ``touches``)."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkdesk.core import storage
from gkdesk.core.bindings import Ref
from gkdesk.core.bindings import refresh as refresh_bindings
from gkdesk.core.bindliterals import bind, propose
from gkdesk.core.edits import (
    AcceptComputedTotals,
    Edit,
    InsertSubsection,
    MoveSubsection,
    RemoveSubsection,
    ReplaceReport,
    SetCells,
    SetLastYear,
    set_fee,
    set_meta,
    set_subsection,
    set_text,
)
from gkdesk.core.explain import Explanation, location_key
from gkdesk.core.issues import Issue, Settings
from gkdesk.core.lastyear import last_year_from
from gkdesk.core.location import Location, parse_location
from gkdesk.core.report import Report, Subsection
from gkdesk.core.review_edits import SetAllBindings, SetExplanations, insert_figure, unbind, with_bindings
from gkdesk.core.rules import validate
from gkdesk.core.rules.incremental import IncrementalValidator

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "qiuqu-township-2024.gkreport"
SETTINGS = Settings(today=date(2025, 1, 10))

VALUES = [None, 0, 0, 1, 3, 12, 40, -1, "无", "/", "abc", " ", Decimal("1.5"), Decimal("20000"), Decimal("3"),
          Decimal("0.12345"), 10**6]
SNIPPETS = ["共受理政府信息公开申请15件", "办结12件", "结转下年度继续办理3件", "上年结转2件", "2023年，我乡收到申请8件",
            "行政复议2件", "行政诉讼1件", "依据国办公开办函〔2019〕60号", "国办公开办函[2021]30号", "向市政府提出的申请8宗",
            "本街道", "我镇", "存在的问题：宣传不够。改进措施：加强培训。", "本年度未收取信息处理费", "收取信息处理费100元",
            "统计期限自2024年1月1日起至2024年12月31日止", "一、总体情况", "五、存在的主要问题及改进情况", "考核评议问责",
            "予以公开9件", "（一）主动公开", "制发规范性文件3件", "无", "\n", "。"]


def _start(kind: str) -> Report:
    if kind == "blank":
        return Report.new("某镇人民政府", "township", 2024)
    report = storage.loads(EXAMPLE.read_bytes())
    if kind == "example+last year":
        last = report.copy()
        last.meta.year = report.meta.year - 1
        report.last_year = last_year_from(last)
    return report


texts = st.lists(st.sampled_from(SNIPPETS), max_size=5).map("，".join)


def _input_cells(report: Report) -> list[tuple[str, str, str]]:
    return [(t, r, c) for t, tdef in report.format.tables.items() for r, c in tdef.input_cells()]


def _text_ids(report: Report) -> list[str]:
    ids = ["overview.intro", "section5", "section6"]
    ids += [str(Location.subsection(i, p)) for i in range(len(report.overview)) for p in ("title", "text")]
    return ids


def _an_edit(data: st.DataObject, report: Report, issues: list[Issue]) -> Edit | None:
    kind = data.draw(st.sampled_from([
        "cell", "cell", "cell", "cells", "meta", "text", "subsection", "insert", "remove", "move", "fee",
        "last_year", "stated", "insert_figure", "unbind", "bind_all", "explain", "replace"]))
    cells = _input_cells(report)
    n = len(report.overview)
    if kind in ("cell", "cells"):
        k = 1 if kind == "cell" else data.draw(st.integers(2, 12))
        pool = cells[:60] if data.draw(st.booleans()) else cells  # t2 and the start of t3: where figures are bound
        refs = data.draw(st.lists(st.sampled_from(pool), min_size=k, max_size=k, unique=True))
        return SetCells({ref: data.draw(st.sampled_from(VALUES)) for ref in refs})
    if kind == "meta":
        key, values = data.draw(st.sampled_from([
            ("org_name", ["", "某镇人民政府", "某县人民政府", "某市教育局", "某街道办事处"]),
            ("level", ["", "township", "county", "city", "province"]),
            ("year", [0, 2019, 2023, 2024, 2030]),
            ("written_date", [None, date(2025, 1, 10), date(2025, 2, 1)]),
            ("publish_date", [None, date(2025, 1, 20), date(2025, 5, 1), date(2024, 6, 1)]),
            ("title_override", [None, "某报告"])]))
        return set_meta(key, data.draw(st.sampled_from(values)))
    if kind == "text":
        return set_text(data.draw(st.sampled_from(["overview_intro", "section5", "section6"])), data.draw(texts))
    if kind == "subsection" and n:
        i = data.draw(st.integers(0, n - 1))
        if data.draw(st.booleans()):
            return set_subsection(i, text=data.draw(texts))
        return set_subsection(i, title=data.draw(st.sampled_from(["（一）主动公开", "监督保障", "", "（九）其他"])))
    if kind == "insert":
        return InsertSubsection(data.draw(st.integers(0, n)), Subsection("（七）新增", data.draw(texts)))
    if kind == "remove" and n:
        return RemoveSubsection(data.draw(st.integers(0, n - 1)))
    if kind == "move" and n > 1:
        return MoveSubsection(data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1)))
    if kind == "fee":
        return set_fee(data.draw(st.sampled_from([None, Decimal("0"), Decimal("100"), Decimal("1.234"),
                                                  Decimal("-5")])))
    if kind == "last_year":
        if data.draw(st.booleans()):
            return SetLastYear(None)
        last = report.copy()
        last.meta.year = (report.meta.year or 2024) - data.draw(st.sampled_from([1, 1, 2]))
        for c in ("natural", "commercial"):
            last.set_raw("t3", "carry_out", c, data.draw(st.sampled_from([0, 2, 7])))
        return SetLastYear(last_year_from(last, from_file=data.draw(st.booleans())))
    if kind == "stated":
        if data.draw(st.booleans()):
            return AcceptComputedTotals(None)
        return AcceptComputedTotals({"t3": {"new": {"total": data.draw(st.sampled_from([0, 13]))},
                                            "total": {"natural": 19, "total": 19}}, "t4": {"review": {"total": 4}}})
    if kind == "insert_figure":
        fid = data.draw(st.sampled_from(_text_ids(report)))
        text = _text(report, fid)
        pos = data.draw(st.integers(0, len(text)))
        refs = data.draw(st.lists(st.sampled_from(cells[:60]), min_size=1, max_size=2, unique=True))
        try:
            return insert_figure(report, fid, pos, Ref(tuple(refs)))
        except ValueError:
            return None  # inside a bound figure: the window refuses it too
    if kind == "unbind" and report.bindings:
        b = data.draw(st.sampled_from(report.bindings))
        return unbind(report, b.field, b.start)
    if kind == "bind_all":
        return SetAllBindings(bind(report, propose(report)))
    if kind == "explain":
        warnings = [i for i in issues if i.severity != "error"]
        if not warnings or data.draw(st.booleans()):
            return SetExplanations([])
        issue = data.draw(st.sampled_from(warnings))
        from gkdesk.core.explain import basis_of

        return SetExplanations([Explanation(issue.rule, location_key(issue), basis_of(issue), "已核实")])
    if kind == "replace":
        other = _start(data.draw(st.sampled_from(["blank", "example"])))
        other.source_format = data.draw(st.sampled_from([None, "2019", "2019-t3"]))
        return ReplaceReport(other)
    return None


def _text(report: Report, fid: str) -> str:
    from gkdesk.core.bindings import get_text

    return get_text(report, fid)


def _apply(report: Report, edit: Edit) -> tuple[Edit, set[Location]]:
    """As Document.apply / _applied: bindings kept right, then refreshed; what changed is the edit's touches and
    the refreshed fields."""
    edit = with_bindings(report, edit)
    inverse = edit.apply(report)
    touches = edit.touches() | {parse_location(f, report.format) for f in refresh_bindings(report)}
    return inverse, touches


@pytest.mark.parametrize("start", ["blank", "example", "example+last year"])
@settings(max_examples=int(os.environ.get("GKDESK_FUZZ_EXAMPLES", "25")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_incremental_equals_full_after_every_edit(start: str, data: st.DataObject) -> None:
    report = _start(start)
    inc = IncrementalValidator()
    assert inc.validate(report, SETTINGS) == validate(report, SETTINGS)
    undo: list[Edit] = []
    for _ in range(data.draw(st.integers(1, 25))):
        issues = validate(report, SETTINGS)
        if undo and data.draw(st.integers(0, 4)) == 0:
            edit = undo.pop()
            inverse = edit.apply(report)
            touches = edit.touches() | {parse_location(f, report.format) for f in refresh_bindings(report)}
        else:
            e = _an_edit(data, report, issues)
            if e is None:
                continue
            inverse, touches = _apply(report, e)
            undo.append(inverse)
        assert inc.update(report, SETTINGS, touches) == validate(report, SETTINGS)


def test_only_what_an_edit_reaches_is_checked_again() -> None:
    """A cell edit does not rerun the text rules; typing in a text does not rerun the table rules; and the
    issues stay those of a full run."""
    report = Report.new("某镇人民政府", "township", 2024)
    inc = IncrementalValidator()
    inc.validate(report, SETTINGS)
    everything = inc.rules_run
    inverse, touches = _apply(report, SetCells({("t3", "new", "natural"): 0}))
    assert inc.update(report, SETTINGS, touches) == validate(report, SETTINGS)
    cell_rules = inc.rules_run
    _apply(report, set_text("section5", "存在的问题：宣传不够。"))
    assert inc.update(report, SETTINGS, {Location.text("section5")}) == validate(report, SETTINGS)
    text_rules = inc.rules_run
    assert cell_rules < everything and text_rules < everything
    assert inc.update(report, SETTINGS, set()) == validate(report, SETTINGS)
    assert inc.rules_run == 0


def test_changes_the_edit_does_not_name_are_still_seen() -> None:
    """Texts, meta, the fee, settings, the date and last year's report are compared, not taken from ``touches``:
    an edit that names nothing (or the wrong place) still gives the full run's issues. Cells need their touch."""
    report = storage.loads(EXAMPLE.read_bytes())
    inc = IncrementalValidator()
    inc.validate(report, SETTINGS)
    report.section5 = "无"
    report.meta.publish_date = date(2025, 6, 1)
    report.processing_fee_yuan = Decimal("-1")
    assert inc.update(report, SETTINGS, set()) == validate(report, SETTINGS)
    other = Settings(today=date(2025, 5, 1))
    assert inc.update(report, other, set()) == validate(report, other)
    last = report.copy()
    last.meta.year = report.meta.year - 1
    report.last_year = last_year_from(last)
    assert inc.update(report, other, set()) == validate(report, other)
    report.last_year.carry_out["natural"] = 99  # changed in place: still seen
    assert inc.update(report, other, set()) == validate(report, other)
    report.tables["t3"]["new"]["natural"] = "abc"
    assert inc.update(report, other, {Location.cell("t3", "new", "natural")}) == validate(report, other)
    assert inc.update(report, other, None) == validate(report, other)
