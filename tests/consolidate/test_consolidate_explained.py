"""汇总 shows each unit's 已核实 items with their 说明 apart from its open warnings (issue 17)."""

from __future__ import annotations

from openpyxl import load_workbook

from gkdesk.core import storage
from gkdesk.core.consolidate import consolidate
from gkdesk.core.consolidate.summary import unit_headers, write_summary
from gkdesk.core.explain import explain
from gkdesk.core.rules import validate

NOTE = "土地确权登记集中开展，申请增加属实。"


def test_explained_items_per_unit(tmp_path, jumped_report):
    a = jumped_report.copy()
    a.meta.org_name = "甲乡"
    yoy = next(i for i in validate(a) if i.rule == "YOY-NEW")
    a.explanations = [explain(yoy, NOTE)]
    b = jumped_report.copy()
    b.meta.org_name = "乙镇"  # the same warning, not explained
    (tmp_path / "in").mkdir()
    storage.save(a, tmp_path / "in" / "甲乡.gkreport")
    storage.save(b, tmp_path / "in" / "乙镇.gkreport")

    result = consolidate([tmp_path / "in"], org_name="某县人民政府")
    by_name = {u.name: u for u in result.units}
    assert [(i.rule, n) for i, n in by_name["甲乡"].explained] == [("YOY-NEW", NOTE)]
    assert not any(i.rule == "YOY-NEW" for i in by_name["甲乡"].issues)
    assert by_name["乙镇"].explained == [] and any(i.rule == "YOY-NEW" for i in by_name["乙镇"].issues)

    out = tmp_path / "清单.xlsx"
    write_summary(result, out)
    wb = load_workbook(out)
    units = [list(r) for r in wb["单位情况"].iter_rows(values_only=True)]
    col = unit_headers().index("已核实")
    counts = {r[2]: r[col] for r in units[1:] if r[2] in ("甲乡", "乙镇")}
    assert counts == {"甲乡": 1, "乙镇": 0}
    explained = [list(r) for r in wb["已核实说明"].iter_rows(values_only=True)]
    assert explained[1][2] == "甲乡" and explained[1][3] == "YOY-NEW" and explained[1][6] == NOTE
    assert "共 1 条（1 个单位）" in [c for r in explained for c in r if c]
    issues = [list(r) for r in wb["问题清单"].iter_rows(values_only=True)]
    assert ("乙镇", "YOY-NEW") in {(r[2], r[4]) for r in issues} and ("甲乡", "YOY-NEW") not in {(r[2], r[4]) for r in issues}
