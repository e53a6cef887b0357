"""机关级别 through gkdesk's own workbook: 未确定 (or a label no format knows) comes back undetermined, never 乡镇."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from gkdesk.core.importers import import_file
from gkdesk.core.report import LEVEL_UNDETERMINED

xlsx = pytest.importorskip("gkdesk.core.exporters.xlsx", reason="Excel 导出模块尚未安装")


def _level_cell(ws):
    return next(row[2] for row in ws.iter_rows(min_col=1, max_col=3) if row[0].value == "level")


def test_undetermined_level_round_trips_and_is_logged(tmp_path, example_report):
    example_report.meta.level = LEVEL_UNDETERMINED
    path = tmp_path / "x.xlsx"
    xlsx.export_xlsx(example_report, path)
    assert _level_cell(load_workbook(path).worksheets[0]).value == "未确定"
    result = import_file(path)
    assert result.report.meta.level == LEVEL_UNDETERMINED
    assert "机关级别未确定，请在“基本信息”中选择。" in [e.text for e in result.log.of_kind("missing")]


@pytest.mark.parametrize(("value", "logged"), [("村民委员会", "机关级别“村民委员会”不认识，暂未确定，请在“基本信息”中选择。"),
                                               (None, "机关级别未确定，请在“基本信息”中选择。")])
def test_unknown_or_blank_level_label_is_undetermined(tmp_path, example_report, value, logged):
    path = tmp_path / "x.xlsx"
    xlsx.export_xlsx(example_report, path)
    wb = load_workbook(path)
    _level_cell(wb.worksheets[0]).value = value
    wb.save(path)
    result = import_file(path)
    assert result.report.meta.level == LEVEL_UNDETERMINED
    assert logged in [e.text for e in result.log.of_kind("missing")]


def test_known_level_label_is_read(tmp_path, example_report):
    example_report.meta.level = "county_dept"
    path = tmp_path / "x.xlsx"
    xlsx.export_xlsx(example_report, path)
    result = import_file(path)
    assert result.report.meta.level == "county_dept"
    assert not any("机关级别" in e.text for e in result.log.of_kind("missing"))
