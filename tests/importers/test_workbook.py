"""Workbooks: gkdesk's own export comes back exactly; other workbooks laid out like the tables are read by labels."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gkdesk.core import storage
from gkdesk.core.importers import import_file

xlsx = pytest.importorskip("gkdesk.core.exporters.xlsx", reason="Excel 导出模块尚未安装")


def _same(a, b) -> None:
    da, db = storage.report_to_dict(a), storage.report_to_dict(b)
    for d in (da, db):
        d.pop("saved_at")
    assert da == db


def test_example_round_trip_through_our_workbook(tmp_path, example_report):
    path = tmp_path / "秋渠乡.xlsx"
    xlsx.export_xlsx(example_report, path)
    result = import_file(path)
    assert result.report is not None, result.log.to_text()
    _same(result.report, example_report)
    assert result.log.source_kind == "gkdesk 导出的 Excel 工作簿"


def test_round_trip_keeps_every_kind_of_value(tmp_path, example_report):
    rep = example_report.copy()
    rep.set_raw("t2", "fees", "amount_wanyuan", Decimal("18.8710"))
    rep.set_raw("t2", "penalty", "decisions", 3985758)
    rep.set_raw("t3", "new", "natural", None)  # blank stays blank
    rep.set_raw("t3", "open", "natural", "不涉及")  # text kept from an import stays text
    rep.overview_intro = "第一段\n第二段"
    rep.overview[0].text = "=SUM(A1)这不是公式\n+第二段"
    rep.section6 = ""
    rep.processing_fee_yuan = Decimal("3940.50")
    rep.meta.title_override = "秋渠乡关于2024年政府信息公开工作的年度报告"
    from datetime import date
    rep.meta.publish_date = date(2025, 1, 20)
    path = tmp_path / "r.xlsx"
    xlsx.export_xlsx(rep, path)
    back = import_file(path).report
    _same(back, rep)
    assert str(back.raw("t2", "fees", "amount_wanyuan")) == "18.8710"


def test_hand_edited_total_in_our_workbook_is_kept_as_stated(tmp_path, example_report):
    from openpyxl import load_workbook

    path = tmp_path / "r.xlsx"
    xlsx.export_xlsx(example_report, path)
    wb = load_workbook(path)
    tdef = example_report.format.table("t4")
    pos = tdef.layout.position_of("review", "total")
    wb.worksheets[4].cell(row=2 + pos.row, column=1 + pos.col).value = 7
    wb.save(path)
    rep = import_file(path).report
    assert rep.stated_value("t4", "review", "total") == 7
    assert rep.tables == example_report.tables


def test_other_workbook_laid_out_like_the_tables(tmp_path, example_report):
    """A workbook someone made by hand: one sheet, labels as in the official tables, cover rows label | value."""
    from openpyxl import Workbook

    from .helpers import table_tab_text

    rep = example_report.copy()
    n = 1
    for t, r, c, _v in list(rep.iter_inputs()):
        rep.set_raw(t, r, c, Decimal("2.5") if c == "amount_wanyuan" else n)
        n += 1
    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    ws.append(["机关名称", "秋渠乡"])
    ws.append(["报告年度", 2024])
    ws.append(["一、总体情况"])
    ws.append([rep.overview_intro])
    for sec, tkey in (("二、主动公开政府信息情况", "t2"), ("三、收到和处理政府信息公开申请情况", "t3"),
                      ("四、政府信息公开行政复议、行政诉讼情况", "t4")):
        ws.append([sec])
        for line in table_tab_text(rep, tkey).split("\n"):
            ws.append([_num(x) for x in line.split("\t")])
    ws.append(["五、存在的主要问题及改进情况"])
    ws.append([rep.section5])
    ws.append(["六、其他需要报告的事项"])
    ws.append([rep.section6])
    path = tmp_path / "手工.xlsx"
    wb.save(path)
    result = import_file(path)
    back = result.report
    assert back is not None, result.log.to_text()
    assert back.tables == rep.tables
    assert back.meta.org_name == "秋渠乡" and back.meta.year == 2024
    assert back.section5 == rep.section5 and back.section6 == rep.section6
    assert result.log.source_kind == "Excel 工作簿"


def _num(x: str):
    if x.isdigit():
        return int(x)
    try:
        return float(x)
    except ValueError:
        return x or None


def test_corrupt_workbook_gets_a_chinese_message(tmp_path):
    import zipfile

    path = tmp_path / "坏.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    result = import_file(path)
    assert result.report is None
    assert "Excel" in result.log.to_text()


def test_old_xls_is_refused_with_advice(tmp_path):
    path = Path(tmp_path / "旧.xls")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    result = import_file(path)
    assert result.report is None and ".xlsx" in result.log.to_text()


def test_workbook_with_merged_official_layout_but_not_ours(tmp_path, example_report):
    """Someone's workbook drawn like the official tables (merged cells), without gkdesk's marker: read by labels."""
    from openpyxl import load_workbook

    rep = example_report.copy()
    n = 1
    for t, r, c, _v in list(rep.iter_inputs()):
        rep.set_raw(t, r, c, Decimal("3.25") if c == "amount_wanyuan" else n)
        n += 1
    path = tmp_path / "r.xlsx"
    xlsx.export_xlsx(rep, path)
    wb = load_workbook(path)
    wb.properties.keywords = None
    for ws in wb.worksheets:
        ws.column_dimensions["A"].hidden = ws.column_dimensions["A"].hidden  # as saved by another program
    wb.save(path)
    result = import_file(path)
    back = result.report
    assert result.log.source_kind == "Excel 工作簿"
    assert back.tables == rep.tables
    assert back.meta.org_name == "秋渠乡" and back.meta.year == 2024
    assert [(s.title, s.text) for s in back.overview] == [(s.title, s.text) for s in rep.overview]
    assert back.section5 == rep.section5 and back.section6 == rep.section6
