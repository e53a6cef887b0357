"""Consolidation core: exact sums, blank cells, decimal fees, and every refusal (year, format, duplicates, unreadable)."""

from __future__ import annotations

import json
import random
import sys
import types
from decimal import Decimal
from pathlib import Path

import pytest
from consolidate_helpers import fake_validate, make_unit, save_units
from hypothesis import given, settings
from hypothesis import strategies as st

from gkdesk.core import storage
from gkdesk.core.consolidate import (
    DUPLICATE,
    OK,
    SKIPPED,
    ConsolidationCancelled,
    consolidate,
    save_outputs,
    sum_reports,
)
from gkdesk.core.errors import GkError, ReportFileError
from gkdesk.core.format import load_format
from gkdesk.core.report import LastYear, Report

FMT = load_format()
INPUTS = [(t, r, c) for t, tdef in FMT.tables.items() for r, c in tdef.input_cells()]


def run(inputs, **kw):
    kw.setdefault("validate", fake_validate)
    return consolidate(inputs, **kw)


# --- sums -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [1, 7, 2024])
def test_sums_equal_independently_computed_totals(tmp_path, seed):
    rng = random.Random(seed)
    units = [make_unit(rng, f"第{i}乡", big=rng.choice([5, 500, 10**6])) for i in range(rng.randint(5, 40))]
    save_units(tmp_path / "in", units)
    res = run([tmp_path / "in"], org_name="某某县人民政府")
    assert res.exit_code == 0 and len(res.included) == len(units) and not res.gaps
    for t, r, c in INPUTS:
        expected = 0 if FMT.table(t).cell_type(r) == "int" else Decimal(0)
        for u in units:
            expected += u.raw(t, r, c)
        assert res.report.raw(t, r, c) == expected, (t, r, c)
        assert type(res.report.raw(t, r, c)) is type(expected)
    # totals come from Report.value and equal the sum of each unit's own totals
    for t, tdef in FMT.tables.items():
        for r, c in tdef.cells():
            if tdef.is_computed(r, c):
                assert res.report.value(t, r, c) == sum(u.value(t, r, c) for u in units), (t, r, c)
    # the consolidated T3 still balances
    for col in FMT.table("t3").columns:
        rep = res.report
        assert (rep.value("t3", "new", col) + rep.value("t3", "carry_in", col)
                == rep.value("t3", "total", col) + rep.value("t3", "carry_out", col))


def test_result_meta_is_the_consolidating_body_with_empty_narrative_and_survives_saving(tmp_path):
    rng = random.Random(3)
    save_units(tmp_path / "in", [make_unit(rng, f"乡{i}", year=2023) for i in range(3)])
    res = run([tmp_path / "in"], org_name=" 某某县人民政府 ", level="county_gov")
    save_outputs(res, tmp_path / "汇总.gkreport")
    back = storage.load(tmp_path / "汇总.gkreport")
    assert (back.meta.org_name, back.meta.level, back.meta.year) == ("某某县人民政府", "county_gov", 2023)
    assert all(s.text == "" for s in back.overview) and back.section5 == back.section6 == back.overview_intro == ""
    assert [s.title for s in back.overview] == [s.title for s in Report.new().overview]
    for t, r, c in INPUTS:
        assert back.raw(t, r, c) == res.report.raw(t, r, c)
    assert not back.stated


def test_unknown_level_is_refused_in_chinese():
    with pytest.raises(GkError, match="机关级别"):
        run([], level="galaxy")


# --- decimal fees ---------------------------------------------------------------------------------
def test_fees_sum_exactly_without_float_drift(tmp_path):
    units = []
    for i in range(300):
        rep = make_unit(random.Random(i), f"单位{i}", fee=Decimal("0.1") if i % 2 else Decimal("0.2"))
        rep.processing_fee_yuan = Decimal("0.01")
        units.append(rep)
    assert sum([0.1, 0.2] * 150) != 45.0  # what float would have given
    save_units(tmp_path, units)
    res = run([tmp_path])
    assert res.report.raw("t2", "fees", "amount_wanyuan") == Decimal("45.0")
    assert res.report.processing_fee_yuan == Decimal("3.00")
    (tmp_path / "out").mkdir()
    save_outputs(res, tmp_path / "out" / "x.gkreport")
    raw = json.loads((tmp_path / "out" / "x.gkreport").read_text(encoding="utf-8"))
    assert raw["tables"]["t2"]["fees"]["amount_wanyuan"] == "45.0"
    assert raw["processing_fee_yuan"] == "3.00"


def test_four_decimal_fees_keep_every_place():
    reps = [Report.new("甲", year=2024), Report.new("乙", year=2024)]
    reps[0].set_raw("t2", "fees", "amount_wanyuan", Decimal("18.8710"))
    reps[1].set_raw("t2", "fees", "amount_wanyuan", Decimal("0.0001"))
    out, _ = sum_reports(reps)
    assert out.raw("t2", "fees", "amount_wanyuan") == Decimal("18.8711")


# --- blank and unusable cells ---------------------------------------------------------------------
def test_blank_cell_sums_the_units_that_gave_a_value_and_is_listed(tmp_path):
    rng = random.Random(5)
    a, b, c = (make_unit(rng, n) for n in ("甲乡", "乙乡", "丙乡"))
    b.set_raw("t3", "new", "natural", None)
    for u in (a, b, c):
        u.set_raw("t4", "review", "pending", None)  # nobody filled it
    c.set_raw("t2", "licensing", "decisions", "若干")  # text kept from an import
    c.set_raw("t3", "carry_out", "other", Decimal("1.5"))  # a fraction in a count cell
    save_units(tmp_path, [a, b, c])
    res = run([tmp_path])
    rep = res.report
    assert rep.raw("t3", "new", "natural") == a.raw("t3", "new", "natural") + c.raw("t3", "new", "natural")
    assert rep.raw("t4", "review", "pending") is None
    assert rep.raw("t2", "licensing", "decisions") == a.raw("t2", "licensing", "decisions") + b.raw(
        "t2", "licensing", "decisions")
    assert rep.raw("t3", "carry_out", "other") == a.raw("t3", "carry_out", "other") + b.raw("t3", "carry_out", "other")
    gaps = {(g.table, g.row, g.column): g for g in res.gaps}
    assert set(gaps) == {("t3", "new", "natural"), ("t4", "review", "pending"), ("t2", "licensing", "decisions"),
                         ("t3", "carry_out", "other")}
    g = gaps[("t3", "new", "natural")]
    assert g.filled == 2 and [res.units[i].name for i in g.blank] == ["乙乡"]
    assert gaps[("t4", "review", "pending")].filled == 0 and len(gaps[("t4", "review", "pending")].blank) == 3
    assert [(res.units[i].name, v) for i, v in gaps[("t2", "licensing", "decisions")].invalid] == [("丙乡", "若干")]
    assert "4 个单元格有单位未填写或填写有误" in res.summary_line()


def test_negative_count_is_not_summed_but_listed():
    reps = [Report.new("甲", year=2024), Report.new("乙", year=2024)]
    reps[0].set_raw("t4", "review", "maintain", 3)
    reps[1].set_raw("t4", "review", "maintain", -1)
    out, gaps = sum_reports(reps)
    assert out.raw("t4", "review", "maintain") == 3
    g = next(g for g in gaps if (g.table, g.row, g.column) == ("t4", "review", "maintain"))
    assert g.invalid == [(1, -1)] and g.blank == []


# --- refusals -------------------------------------------------------------------------------------
def test_other_year_is_skipped_by_majority_with_a_note(tmp_path):
    rng = random.Random(8)
    units = [make_unit(rng, f"乡{i}", year=2024) for i in range(3)] + [make_unit(rng, "旧乡", year=2023)]
    save_units(tmp_path, units)
    res = run([tmp_path])
    assert res.year == 2024 and res.report.meta.year == 2024
    old = next(u for u in res.units if u.name == "旧乡")
    assert old.status == SKIPPED and not old.included
    assert "2023" in old.reason and "2024" in old.reason and old.status_text.startswith("跳过：")
    assert any("年度不一致" in n for n in res.notes)
    assert res.report.raw("t3", "new", "natural") == sum(u.raw("t3", "new", "natural") for u in units[:3])
    assert res.exit_code == 1


def test_explicit_year_wins_and_tie_takes_latest(tmp_path):
    rng = random.Random(9)
    save_units(tmp_path, [make_unit(rng, "甲", year=2023), make_unit(rng, "乙", year=2024)])
    res = run([tmp_path])
    assert res.year == 2024 and "取最近的年度" in res.notes[0]
    res = run([tmp_path], year=2023)
    assert res.year == 2023 and [u.name for u in res.included] == ["甲"]
    assert not res.notes


def test_report_without_year_is_skipped(tmp_path):
    rng = random.Random(10)
    save_units(tmp_path, [make_unit(rng, "甲"), make_unit(rng, "乙", year=0)])
    res = run([tmp_path])
    u = next(u for u in res.units if u.name == "乙")
    assert u.status == SKIPPED and "未填写年度" in u.reason


def test_different_format_is_refused(tmp_path):
    rng = random.Random(11)
    old_layout = make_unit(rng, "沿用旧格式乡")
    old_layout.source_format = "2019"
    save_units(tmp_path, [make_unit(rng, "甲"), old_layout])
    other = json.loads(storage.dumps(make_unit(rng, "未来格式乡")))
    other["report_format"] = "2031"
    (tmp_path / "future.gkreport").write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    res = run([tmp_path])
    by_file = {u.path.name: u for u in res.units}
    assert by_file["unit001.gkreport"].status == SKIPPED and "2019 年试行格式" in by_file["unit001.gkreport"].reason
    assert by_file["future.gkreport"].status == SKIPPED and "2031" in by_file["future.gkreport"].reason
    assert [u.name for u in res.included] == ["甲"]


def test_same_unit_twice_counted_once_unless_allowed(tmp_path):
    rng = random.Random(12)
    a = make_unit(rng, "某某镇")
    a2 = make_unit(rng, "某某镇 ")  # same unit, typed with a space
    a2.meta.org_name = "某 某 镇"
    b = make_unit(rng, "另一镇")
    save_units(tmp_path, [a, a2, b])
    res = run([tmp_path])
    first, second, other = res.units
    assert first.status == DUPLICATE and first.included and "2 份报告" in first.reason
    assert second.status == DUPLICATE and not second.included and "unit000.gkreport" in second.reason
    assert second.status_label == "重复（未计入）" and first.status_label == "重复（已计入）"
    assert other.status == OK and other.status_label == "正常"
    assert res.report.raw("t3", "new", "natural") == a.raw("t3", "new", "natural") + b.raw("t3", "new", "natural")
    assert res.exit_code == 1 and "1 份重复报告未计入" in res.summary_line()
    res = run([tmp_path], allow_duplicates=True)
    assert all(u.included for u in res.units) and "重复计入" in res.units[1].reason
    assert "1 份重复报告按您的选择计入" in res.summary_line()
    assert res.report.raw("t3", "new", "natural") == sum(u.raw("t3", "new", "natural") for u in (a, a2, b))


def test_same_file_chosen_twice_is_counted_once_even_when_duplicates_allowed(tmp_path):
    rng = random.Random(13)
    paths = save_units(tmp_path, [make_unit(rng, "甲"), make_unit(rng, "乙")])
    res = run([tmp_path, paths[0]], allow_duplicates=True)
    assert len(res.units) == 3 and len(res.included) == 2
    assert res.units[2].status == SKIPPED and "选择了两次" in res.units[2].reason


def test_unreadable_files_are_listed_with_reason_and_the_rest_consolidated(tmp_path):
    rng = random.Random(14)
    good = make_unit(rng, "好乡")
    save_units(tmp_path, [good])
    (tmp_path / "empty.gkreport").write_bytes(b"")
    (tmp_path / "cut.gkreport").write_bytes(storage.dumps(good)[:300])
    (tmp_path / "word.gkreport").write_bytes(b"PK\x03\x04\xff\xfe binary")
    (tmp_path / "other.gkreport").write_text('{"hello": 1}', encoding="utf-8")
    res = run([tmp_path, tmp_path / "missing.gkreport"])
    reasons = {u.path.name: u.reason for u in res.units if u.status == SKIPPED}
    assert "空文件" in reasons["empty.gkreport"]
    assert "损坏或不完整" in reasons["cut.gkreport"]
    assert "不是文本文件" in reasons["word.gkreport"]
    assert "不是 gkdesk 报告文件" in reasons["other.gkreport"]
    assert "找不到" in reasons["missing.gkreport"]
    assert [u.name for u in res.included] == ["好乡"] and res.exit_code == 1
    assert res.report.raw("t3", "new", "natural") == good.raw("t3", "new", "natural")


def test_units_with_errors_are_included_and_marked(tmp_path):
    rng = random.Random(15)
    units = [make_unit(rng, "有错乡"), make_unit(rng, "提醒警乡"), make_unit(rng, "好乡")]
    save_units(tmp_path, units)
    res = run([tmp_path])
    err, warn, good = res.units
    assert err.included and err.has_errors and err.status_label == "有错误" and "有错误（1个）" in err.status_text
    assert warn.included and not warn.has_errors and warn.status_label == "正常" and warn.counts["warning"] == 1
    assert res.flagged == [err] and res.exit_code == 1
    assert res.report.raw("t3", "new", "natural") == sum(u.raw("t3", "new", "natural") for u in units)


def test_nothing_usable_is_exit_2(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    res = run([tmp_path / "empty"])
    assert res.exit_code == 2 and "没有找到报告文件" in res.units[0].reason
    assert res.report.raw("t3", "new", "natural") is None


def test_output_file_inside_the_input_folder_is_not_counted(tmp_path):
    rng = random.Random(16)
    save_units(tmp_path, [make_unit(rng, "甲"), make_unit(rng, "乙")])
    out = tmp_path / "汇总.gkreport"
    first = run([tmp_path], org_name="县", exclude=[out])
    save_outputs(first, out)
    again = run([tmp_path], org_name="县", exclude=[out])
    assert len(again.included) == 2
    assert again.report.raw("t3", "new", "natural") == first.report.raw("t3", "new", "natural")
    again = run([tmp_path, out], org_name="县", exclude=[out])
    assert again.units[-1].status == SKIPPED and "本次汇总要保存的文件" in again.units[-1].reason


def test_hidden_temporary_and_backup_files_are_ignored_in_folders(tmp_path):
    rng = random.Random(17)
    save_units(tmp_path / "a" / "b", [make_unit(rng, "深层乡")])
    storage.save(make_unit(rng, "深层乡"), tmp_path / "a" / "b" / "unit000.gkreport")  # makes a .bak
    (tmp_path / "a" / ".unit.gkreport.123.tmp").write_bytes(b"{")
    (tmp_path / ".hidden").mkdir()
    storage.save(make_unit(rng, "隐藏乡"), tmp_path / ".hidden" / "x.gkreport")
    res = run([tmp_path])
    assert [u.name for u in res.units] == ["深层乡"] and res.exit_code == 0


# --- importer inputs ------------------------------------------------------------------------------
def test_non_gkreport_input_uses_the_importer(tmp_path, monkeypatch):
    rng = random.Random(18)
    imported = make_unit(rng, "导入乡")
    fake = types.ModuleType("gkdesk.core.importers")
    log = types.SimpleNamespace(entries=[], summary=lambda: "已识别 180 项")

    def import_file(path: Path):
        if path.name == "bad.xlsx":
            raise ReportFileError("该表格不是年报格式。")
        if path.name == "crash.html":
            raise RuntimeError("boom")
        if path.name == "empty.txt":
            entry = types.SimpleNamespace(kind="missing", text="没有找到年度报告的表格。")
            return types.SimpleNamespace(report=None, log=types.SimpleNamespace(entries=[entry], summary=lambda: "0 项"))
        return types.SimpleNamespace(report=imported, log=log)

    fake.import_file = import_file  # type: ignore[attr-defined]
    fake.SUPPORTED_SUFFIXES = (".xlsx", ".html", ".txt")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gkdesk.core.importers", fake)
    names = ("good.xlsx", "bad.xlsx", "crash.html", "empty.txt")
    for n in names:
        (tmp_path / n).write_bytes(b"x")
    res = run([tmp_path / n for n in names])
    by = {u.path.name: u for u in res.units}
    assert by["good.xlsx"].included and by["good.xlsx"].imported
    assert by["good.xlsx"].note == "经导入读取（已识别 180 项），请核对导入结果"
    assert by["bad.xlsx"].status == SKIPPED and by["bad.xlsx"].reason == "该表格不是年报格式。"
    assert by["crash.html"].status == SKIPPED and "RuntimeError：boom" in by["crash.html"].reason
    assert by["empty.txt"].status == SKIPPED and by["empty.txt"].reason == "没有找到年度报告的表格。"
    # in a folder only .gkreport files are read; the others are named so the user can choose them
    save_units(tmp_path, [make_unit(rng, "甲")])
    res = run([tmp_path])
    assert [u.name for u in res.included] == ["甲"]
    note = next(u for u in res.units if u.path == tmp_path)
    assert note.status == SKIPPED and "4 个其他格式的文件未读取" in note.reason and "“bad.xlsx”" in note.reason


# --- progress, cancel, last year ------------------------------------------------------------------
def test_progress_hook_and_cancel(tmp_path):
    rng = random.Random(19)
    save_units(tmp_path, [make_unit(rng, f"乡{i}") for i in range(5)])
    calls = []
    run([tmp_path], progress=lambda d, t, n: calls.append((d, t, n)))
    assert calls == [(i + 1, 5, f"unit{i:03d}.gkreport") for i in range(5)]
    with pytest.raises(ConsolidationCancelled, match="已取消"):
        run([tmp_path], cancelled=lambda: len(calls) >= 7, progress=lambda d, t, n: calls.append(d))


def test_last_year_figures_are_summed_when_every_unit_has_them(tmp_path):
    rng = random.Random(20)
    units = [make_unit(rng, f"乡{i}") for i in range(3)]
    for i, u in enumerate(units):
        u.last_year = LastYear(year=2023, carry_out={"natural": i, "total": 2 * i}, t2_valid={"normative": 10 + i},
                               from_file=True)
    save_units(tmp_path / "all", units)
    res = run([tmp_path / "all"])
    ly = res.report.last_year
    assert ly is not None and ly.year == 2023 and ly.from_file
    assert ly.carry_out == {"natural": 3, "total": 6} and ly.t2_valid == {"normative": 33}
    units[1].last_year = None
    save_units(tmp_path / "some", units)
    res = run([tmp_path / "some"])
    assert res.report.last_year is None and any("上年度数据" in n for n in res.notes)


def test_a_report_of_the_consolidating_body_itself_is_not_summed_again(tmp_path):
    rng = random.Random(21)
    save_units(tmp_path, [make_unit(rng, "甲乡"), make_unit(rng, "某某县人民政府")])
    res = run([tmp_path], org_name="某某县 人民政府")
    assert [u.name for u in res.included] == ["甲乡"]
    assert "以前保存的汇总报告" in res.units[1].reason and res.exit_code == 1


def test_a_fault_in_validation_marks_that_unit_and_the_rest_goes_on(tmp_path):
    rng = random.Random(22)
    save_units(tmp_path, [make_unit(rng, "甲"), make_unit(rng, "怪")])

    def flaky(report):
        if report.meta.org_name == "怪":
            raise ZeroDivisionError
        return []

    res = run([tmp_path], validate=flaky)
    assert len(res.included) == 2 and res.units[1].has_errors and res.units[0].status_label == "正常"
    assert res.units[1].issues[0].rule == "CHECK-FAILED" and "ZeroDivisionError" in res.units[1].issues[0].message


cell_values = st.one_of(st.none(), st.integers(min_value=-3, max_value=10**7), st.sampled_from(["若干", "/"]),
                        st.decimals(min_value=0, max_value=10**4, places=4, allow_nan=False, allow_infinity=False))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(cell_values, min_size=len(INPUTS), max_size=len(INPUTS)), min_size=1, max_size=6))
def test_sum_reports_adds_exactly_the_usable_values(grid):
    reps = []
    for values in grid:
        rep = Report.new("单位", year=2024)
        for (t, r, c), v in zip(INPUTS, values, strict=True):
            rep.set_raw(t, r, c, v)
        reps.append(rep)
    out, gaps = sum_reports(reps)
    gap_at = {(g.table, g.row, g.column): g for g in gaps}
    for k, (t, r, c) in enumerate(INPUTS):
        is_int = FMT.table(t).cell_type(r) == "int"
        vals = [values[k] for values in grid]
        usable = [v for v in vals if (isinstance(v, int) if is_int else isinstance(v, (int, Decimal)))
                  and not isinstance(v, str) and v >= 0]
        assert out.raw(t, r, c) == (sum(usable) if usable else None)
        if isinstance(out.raw(t, r, c), Decimal):
            assert not is_int
        n_bad = len(vals) - len(usable)
        assert (n_bad == 0) == ((t, r, c) not in gap_at)
        if n_bad:
            g = gap_at[(t, r, c)]
            assert g.filled == len(usable) and len(g.blank) + len(g.invalid) == n_bad


def test_a_published_text_is_imported_with_the_real_importer(samples_dir, tmp_path):
    rng = random.Random(23)
    save_units(tmp_path, [make_unit(rng, "另一乡")])
    res = run([tmp_path, samples_dir / "qiuqu-township-2024.txt"])
    unit = res.units[-1]
    assert unit.imported and unit.included, unit.reason
    assert unit.name == "秋渠乡" and unit.year == 2024
    assert "经导入读取" in unit.note
    assert len(res.included) == 2


def test_a_backup_chosen_explicitly_is_read_as_a_report(tmp_path):
    rng = random.Random(24)
    path = save_units(tmp_path, [make_unit(rng, "甲")])[0]
    storage.save(make_unit(rng, "乙"), path)  # the first version is now unit000.gkreport.bak
    res = run([tmp_path / "unit000.gkreport.bak"])
    assert [u.name for u in res.included] == ["甲"] and not res.units[0].imported


def test_worker_processes_give_the_same_result_as_one_process(tmp_path):
    """Many files are read in worker processes: the outcome is the same, unit for unit, as reading them here."""
    rng = random.Random(31)
    units = [make_unit(rng, f"第{i}乡") for i in range(12)]
    units[3].set_raw("t3", "new", "natural", None)
    units[5].meta.org_name = units[4].meta.org_name  # a duplicate
    units[7].meta.year = 2023
    units[1].processing_fee_yuan, units[2].processing_fee_yuan = Decimal("12.50"), Decimal("3")
    save_units(tmp_path, units)
    (tmp_path / "broken.gkreport").write_text("{", encoding="utf-8")
    here = consolidate([tmp_path], org_name="某县", workers=1)
    pooled = consolidate([tmp_path], org_name="某县", workers=2)
    assert [(u.path, u.status, u.reason, u.included, u.issues, u.totals) for u in pooled.units] == \
           [(u.path, u.status, u.reason, u.included, u.issues, u.totals) for u in here.units]
    assert pooled.report.tables == here.report.tables and pooled.report.processing_fee_yuan is not None
    assert pooled.report.processing_fee_yuan == here.report.processing_fee_yuan == Decimal("15.50")
    assert [(g.table, g.row, g.column, g.blank) for g in pooled.gaps] == \
           [(g.table, g.row, g.column, g.blank) for g in here.gaps]
    by_file = {u.path.name: u for u in pooled.units}
    assert pooled.year == 2024 and by_file["unit007.gkreport"].status == SKIPPED
    assert by_file["unit005.gkreport"].status == DUPLICATE and not by_file["unit005.gkreport"].included
    assert sum(u.included for u in pooled.units) == 10
