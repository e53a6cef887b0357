"""The check summary workbook, read back: one row per unit, every issue, incomplete cells, text never a formula."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from consolidate_helpers import fake_validate, make_unit, save_units
from openpyxl import load_workbook

from gkdesk.core.consolidate import consolidate, key_total_cells, save_outputs
from gkdesk.core.consolidate.summary import ISSUE_HEADERS, unit_headers, write_summary
from gkdesk.core.errors import SaveError
from gkdesk.core.format import load_format

FMT = load_format()
UNIT_HEADERS = unit_headers()


@pytest.fixture
def result(tmp_path):
    rng = random.Random(42)
    units = [make_unit(rng, "甲镇"), make_unit(rng, "有错乙镇", level="county_dept"), make_unit(rng, "警丙街道"),
             make_unit(rng, "=HYPERLINK(\"http://x\",\"点我\")"), make_unit(rng, "甲镇"),
             make_unit(rng, "旧年乡", year=2023)]
    units[2].set_raw("t3", "new", "natural", None)
    save_units(tmp_path / "in", units)
    (tmp_path / "in" / "broken.gkreport").write_text("{", encoding="utf-8")
    res = consolidate([tmp_path / "in"], org_name="某某县人民政府", validate=fake_validate)
    res.test_units = units  # type: ignore[attr-defined]
    return res


def _rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_units_sheet_has_one_row_per_input_and_a_totals_row(result, tmp_path):
    out = tmp_path / "清单.xlsx"
    write_summary(result, out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["单位情况", "问题清单", "已核实说明", "未填或有误的单元格", "说明"]
    ws = wb["单位情况"]
    rows = _rows(ws)
    assert rows[0] == UNIT_HEADERS
    body = rows[1:1 + len(result.units)]
    col = {h: i for i, h in enumerate(UNIT_HEADERS)}
    assert [r[col["机关名称"]] or "" for r in body] == [u.name for u in result.units]
    by_name = {r[col["机关名称"]]: r for r in body}
    assert by_name["有错乙镇"][col["级别"]] == "县级政府部门" and by_name["有错乙镇"][col["状态"]] == "有错误"
    assert by_name["有错乙镇"][col["错误"]] == 1 and by_name["警丙街道"][col["警告"]] == 1
    assert by_name["甲镇"][col["级别"]] == "乡镇人民政府、街道办事处" and by_name["甲镇"][col["年度"]] == 2024
    assert by_name["旧年乡"][col["状态"]] == "跳过" and "2023" in by_name["旧年乡"][col["说明"]]
    assert by_name["旧年乡"][col["计入汇总"]] == "否"
    broken = next(r for r in body if r[col["文件"]].endswith("broken.gkreport"))
    assert broken[col["状态"]] == "跳过" and "损坏" in broken[col["说明"]] and broken[col["机关名称"]] is None
    statuses = sorted(r[col["状态"]] for r in body if r[col["机关名称"]] == "甲镇")
    assert statuses == ["重复（已计入）", "重复（未计入）"]
    # key totals per unit are the unit's own figures
    units = result.test_units
    first = units[0]
    assert by_name["有错乙镇"][col["本年新收"]] == units[1].value("t3", "new", "total")
    jia = next(r for r in body if r[col["机关名称"]] == "甲镇")
    assert jia[col["办结（七）总计"]] == first.value("t3", "total", "total")
    assert jia[col["行政诉讼总计"]] == (first.value("t4", "lit_direct", "total")
                                        + first.value("t4", "lit_after_review", "total"))
    # totals row (after one blank row) = the consolidated report's figures
    total = rows[len(result.units) + 2]
    assert total[1].startswith("合计（计入汇总的 4 个单位）")
    assert total[col["错误"]] == 1 and total[col["警告"]] == 1
    for kt in key_total_cells():
        assert total[col[kt.label]] == sum(result.report.value(kt.table, r, c) for r, c in kt.cells)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{chr(ord('A') + len(UNIT_HEADERS) - 1)}{len(result.units) + 1}"
    assert ws.column_dimensions["C"].width >= 10 and ws.column_dimensions["B"].width >= len("unit000.gkreport")
    assert body[1][col["文件"]] == "unit000.gkreport"  # relative to the folder the user chose


def test_totals_equal_independent_sum_with_a_blank_cell(result, tmp_path):
    units = result.test_units
    counted = units[:4]  # 甲镇, 乙, 丙 (one blank cell), the HYPERLINK name; the second 甲镇 and 2023 not counted
    expected = sum(u.value("t3", "new", "total") for u in counted)
    assert result.report.value("t3", "new", "total") == expected


def test_issues_sheet_lists_every_issue_with_location(result, tmp_path):
    out = tmp_path / "清单.xlsx"
    write_summary(result, out)
    ws = load_workbook(out)["问题清单"]
    rows = _rows(ws)
    assert rows[0] == ISSUE_HEADERS
    n = sum(len(u.issues) for u in result.units)
    body = rows[1:1 + n]
    assert n == 2 and len(body) == 2
    err = next(r for r in body if r[3] == "错误")
    assert err[2] == "有错乙镇" and err[4] == "TEST-ERR" and "有错误" in err[5]
    assert err[6] == "三、表 → 一、本年新收政府信息公开申请数量 → 自然人"
    warn = next(r for r in body if r[3] == "警告")
    assert warn[6] == "五、存在的主要问题及改进情况"
    assert rows[n + 2][1] == "共 2 个问题" and "错误 1，警告 1" in rows[n + 2][3]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:G{n + 1}"


def test_gap_sheet_names_the_units_that_left_a_cell_blank(result, tmp_path):
    out = tmp_path / "清单.xlsx"
    write_summary(result, out)
    rows = _rows(load_workbook(out)["未填或有误的单元格"])
    assert rows[1][:6] == ["三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量", "自然人", 3, 1,
                           "警丙街道"]


def test_text_that_looks_like_a_formula_stays_text(result, tmp_path):
    out = tmp_path / "清单.xlsx"
    write_summary(result, out)
    with zipfile.ZipFile(out) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml
    names = [r[2] for r in _rows(load_workbook(out)["单位情况"])]
    assert '=HYPERLINK("http://x","点我")' in names


def test_summary_into_read_only_folder_fails_in_chinese_and_leaves_nothing(result, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    os.chmod(folder, 0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("以 root 运行，只读文件夹仍可写入，无法测试")
        with pytest.raises(SaveError, match="没有写入权限"):
            write_summary(result, folder / "清单.xlsx")
        assert list(folder.iterdir()) == []
    finally:
        os.chmod(folder, 0o700)


def test_summary_over_a_locked_file_keeps_the_old_file(result, tmp_path):
    out = tmp_path / "清单.xlsx"
    out.write_bytes(b"old")
    os.chmod(out, 0o400)
    try:
        if os.access(out, os.W_OK):
            pytest.skip("以 root 运行，只读文件仍可写入，无法测试")
        with pytest.raises(SaveError, match="文件被占用或没有写入权限"):
            write_summary(result, out)
        assert out.read_bytes() == b"old"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    finally:
        os.chmod(out, 0o600)


def test_save_outputs_writes_both(result, tmp_path):
    save_outputs(result, tmp_path / "汇总.gkreport", tmp_path / "清单.xlsx")
    assert (tmp_path / "汇总.gkreport").stat().st_size > 0 and load_workbook(tmp_path / "清单.xlsx")


@pytest.mark.slow
def test_libreoffice_reads_the_summary(result, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("没有安装 LibreOffice（soffice），跳过用真实表格软件读取清单的检查")
    out = tmp_path / "清单.xlsx"
    write_summary(result, out)
    env = dict(os.environ, HOME=str(tmp_path))
    subprocess.run([soffice, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=120, env=env)
    csv = Path(tmp_path / "清单.csv").read_text(encoding="utf-8", errors="replace")
    assert "有错乙镇" in csv and '=HYPERLINK(""http://x"",""点我"")' in csv and "合计（计入汇总的 4 个单位）" in csv


def test_summary_into_missing_folder_or_onto_a_folder_fails_in_chinese(result, tmp_path):
    with pytest.raises(SaveError, match="不存在"):
        write_summary(result, tmp_path / "U盘" / "清单.xlsx")
    (tmp_path / "清单.xlsx").mkdir()
    with pytest.raises(SaveError, match="是一个文件夹"):
        write_summary(result, tmp_path / "清单.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "清单.xlsx"]
