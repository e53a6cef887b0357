"""``gkdesk consolidate``: exit codes 0/1/2, what it prints, what it writes (with the real validation rules)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from consolidate_helpers import make_unit, save_units
from openpyxl import load_workbook

from gkdesk.cli import main
from gkdesk.core import storage

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clean_dir(tmp_path):
    rng = random.Random(77)
    units = [make_unit(rng, f"第{i}镇人民政府") for i in range(4)]
    save_units(tmp_path / "units", units)
    return tmp_path / "units", units


def test_clean_units_exit_0_and_write_report_and_summary(clean_dir, tmp_path, capsys):
    folder, units = clean_dir
    out, summary = tmp_path / "县汇总.gkreport", tmp_path / "清单.xlsx"
    code = main(["consolidate", str(folder), "-o", str(out), "--summary", str(summary), "--name", "某某县人民政府",
                 "--level", "县级人民政府", "--year", "2024"])
    text = capsys.readouterr().out
    assert code == 0, text
    assert "[正常]" in text and "4 个单位计入 2024 年度汇总" in text and f"汇总报告已保存：{out}" in text
    rep = storage.load(out)
    assert (rep.meta.org_name, rep.meta.level, rep.meta.year) == ("某某县人民政府", "county_gov", 2024)
    assert rep.value("t3", "new", "total") == sum(u.value("t3", "new", "total") for u in units)
    assert load_workbook(summary)["单位情况"].max_row >= 5


def test_unit_with_errors_is_counted_and_exit_1(clean_dir, tmp_path, capsys):
    folder, units = clean_dir
    bad = make_unit(random.Random(5), "错账镇人民政府")
    bad.set_raw("t3", "carry_out", "natural", bad.raw("t3", "carry_out", "natural") + 5)  # T3 no longer balances
    storage.save(bad, folder / "错账.gkreport")
    code = main(["consolidate", str(folder), "-o", str(tmp_path / "o.gkreport")])
    text = capsys.readouterr().out
    assert code == 1
    assert "[有错误] " in text and "错账镇人民政府" in text and "1 个单位的报告有错误（已计入，请核实）" in text
    rep = storage.load(tmp_path / "o.gkreport")
    assert rep.value("t3", "carry_out", "natural") == sum(u.value("t3", "carry_out", "natural")
                                                           for u in [*units, bad])
    assert "提示：未指定汇总机关名称" in text


def test_unreadable_input_is_listed_and_exit_1(clean_dir, tmp_path, capsys):
    folder, _ = clean_dir
    (folder / "坏.gkreport").write_bytes(b"\x00\x01garbage")
    code = main(["consolidate", str(folder), str(tmp_path / "不存在.gkreport"), "-o", str(tmp_path / "o.gkreport")])
    text = capsys.readouterr().out
    assert code == 1
    assert "[跳过]" in text and "已损坏或不完整" in text and "找不到该文件" in text
    assert (tmp_path / "o.gkreport").is_file()


def test_duplicates_counted_once_unless_allowed(clean_dir, tmp_path, capsys):
    folder, units = clean_dir
    storage.save(units[0], folder / "再次报送.gkreport")
    out = tmp_path / "o.gkreport"
    assert main(["consolidate", str(folder), "-o", str(out)]) == 1
    assert "[重复（未计入）]" in capsys.readouterr().out
    assert storage.load(out).value("t3", "new", "total") == sum(u.value("t3", "new", "total") for u in units)
    assert main(["consolidate", str(folder), "-o", str(out), "--allow-duplicates"]) == 1
    assert storage.load(out).value("t3", "new", "total") == sum(
        u.value("t3", "new", "total") for u in units) + units[0].value("t3", "new", "total")


def test_nothing_usable_exit_2_writes_no_report_but_the_summary(clean_dir, tmp_path, capsys):
    folder, _ = clean_dir
    out, summary = tmp_path / "o.gkreport", tmp_path / "s.xlsx"
    code = main(["consolidate", str(folder), "-o", str(out), "--summary", str(summary), "--year", "2022"])
    captured = capsys.readouterr()
    assert code == 2 and not out.exists() and summary.is_file()
    assert "与汇总年度 2022 年不一致" in captured.out and "没有可以汇总的报告" in captured.err


def test_output_inside_the_input_folder_is_not_counted_on_a_rerun(clean_dir, capsys):
    folder, units = clean_dir
    out = folder / "汇总.gkreport"
    assert main(["consolidate", str(folder), "-o", str(out), "--name", "某某县人民政府"]) == 0
    assert main(["consolidate", str(folder), "-o", str(out), "--name", "某某县人民政府"]) == 0
    assert storage.load(out).value("t3", "new", "total") == sum(u.value("t3", "new", "total") for u in units)


@pytest.mark.parametrize("args, message", [
    (["-o", "x.xlsx"], "应保存为 .gkreport"),
    (["-o", "x.gkreport", "--summary", "s.csv"], "应保存为 .xlsx"),
    (["-o", "x.gkreport", "--level", "宇宙级"], "机关级别“宇宙级”未知"),
    (["-o", "x.gkreport", "--year", "24"], "请填写四位年份"),
])
def test_bad_arguments_exit_2_in_chinese(clean_dir, tmp_path, capsys, args, message):
    folder, _ = clean_dir
    args = [a if not a.endswith((".gkreport", ".xlsx", ".csv")) else str(tmp_path / a) for a in args]
    assert main(["consolidate", str(folder), *args]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.gkreport").exists()


def test_missing_output_option_is_a_chinese_usage_error(clean_dir, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["consolidate", str(clean_dir[0])])
    assert exc.value.code == 2 and "缺少必需的参数" in capsys.readouterr().err


def test_unwritable_output_exit_2_with_reason(clean_dir, tmp_path, capsys):
    code = main(["consolidate", str(clean_dir[0]), "-o", str(tmp_path / "没有这个文件夹" / "o.gkreport")])
    assert code == 2 and "不存在" in capsys.readouterr().err


def test_entry_point_runs_as_a_program(clean_dir, tmp_path):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-m", "gkdesk", "consolidate", str(clean_dir[0]), "-o",
                           str(tmp_path / "o.gkreport")], capture_output=True, text=True, encoding="utf-8",
                          cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "汇总报告已保存" in proc.stdout
