"""汇总 with a unit whose 机关级别 is undetermined: its figures are summed (the sum does not depend on the units' levels),
it is listed with 级别 未确定 and 有错误 (LEVEL-UNSET); the consolidated report's level is the one the user chose."""

from __future__ import annotations

import random

from consolidate_helpers import make_unit, save_units
from openpyxl import load_workbook

from gkdesk.core.consolidate import consolidate
from gkdesk.core.consolidate.summary import unit_headers, write_summary
from gkdesk.core.report import LEVEL_UNDETERMINED


def test_undetermined_unit_is_listed_as_such_and_summed(tmp_path):
    rng = random.Random(7)
    units = [make_unit(rng, "甲镇人民政府"), make_unit(rng, "某某单位", level=LEVEL_UNDETERMINED)]
    save_units(tmp_path / "in", units)
    res = consolidate([tmp_path / "in"], org_name="某某县人民政府", level="county_gov")
    assert res.report.meta.level == "county_gov"
    unset = next(u for u in res.units if u.name == "某某单位")
    assert unset.included and unset.level == LEVEL_UNDETERMINED
    assert "LEVEL-UNSET" in {i.rule for i in unset.issues} and unset.status_label == "有错误"
    assert res.report.value("t3", "new", "total") == sum(u.value("t3", "new", "total") for u in units)
    out = tmp_path / "清单.xlsx"
    write_summary(res, out)
    col = {h: i for i, h in enumerate(unit_headers())}
    rows = {r[col["机关名称"]]: r for r in load_workbook(out)["单位情况"].iter_rows(values_only=True)}
    assert rows["某某单位"][col["级别"]] == "未确定"
    assert rows["甲镇人民政府"][col["级别"]] == "乡镇人民政府、街道办事处"
    issues = [r for r in load_workbook(out)["问题清单"].iter_rows(values_only=True) if "LEVEL-UNSET" in r]
    assert len(issues) == 1
