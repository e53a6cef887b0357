"""The 问题清单 sheet's fast rows (one template per shape, each different issue worked out once) and the compressor
thread: the same workbook, byte for byte, as the plain row-by-row path; a failed write still raises."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import datetime

import pytest
from consolidate_helpers import make_unit, save_units
from openpyxl import load_workbook

from gkdesk.core.consolidate import consolidate
from gkdesk.core.consolidate import summary as summary_mod
from gkdesk.core.consolidate.summary import write_summary
from gkdesk.core.consolidate.xlsxstream import StreamingWorkbook
from gkdesk.core.issues import Issue

NOW = datetime(2025, 1, 2, 3, 4)


def chatty_validate(report):
    """Several issues a unit: long messages that wrap, each severity, one with a blank rule."""
    name = report.meta.org_name
    n = len(name)
    return [Issue("T-ERR", "error", f"{name}的表格有错误" * (1 + n % 9), table="t3", row="new", column="natural"),
            Issue("T-WARN", "warning", "请核实" * (1 + n % 40), field="section5"),
            Issue("T-HINT", "hint", "提示", field="org_name"),
            *([Issue("", "hint", "没有规则编号的提示", field="section5")] if n % 3 == 0 else [])]


@pytest.fixture
def result(tmp_path):
    rng = random.Random(7)
    units = [make_unit(rng, f"第{i}号{'很长的名称' * (i % 7)}乡镇") for i in range(14)]
    units[3].meta.org_name = ""  # a unit without a name: its rows take the plain path
    save_units(tmp_path / "in", units)
    (tmp_path / "in" / "broken.gkreport").write_text("{", encoding="utf-8")
    return consolidate([tmp_path / "in"], org_name="某某县人民政府", validate=chatty_validate)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_fast_rows_write_what_the_plain_rows_write(result, tmp_path, monkeypatch):
    write_summary(result, tmp_path / "fast.xlsx", now=NOW)
    plain_table = summary_mod._issue_table
    monkeypatch.setattr(summary_mod, "_issue_table", lambda *a, **k: plain_table(*a, **k, fast=False))
    write_summary(result, tmp_path / "plain.xlsx", now=NOW)
    fast, plain = _parts((tmp_path / "fast.xlsx").read_bytes()), _parts((tmp_path / "plain.xlsx").read_bytes())
    assert fast == plain
    ws = load_workbook(tmp_path / "fast.xlsx")["问题清单"]
    rows = list(ws.iter_rows())
    assert len(rows) == 1 + sum(len(u.issues) for u in result.units) + 2
    tall = [r for r in rows[1:-2] if r[5].alignment.wrap_text]
    assert tall and all(ws.row_dimensions[r[0].row].height > 15 for r in tall)  # wrapped rows made tall
    assert {r[3].fill.fgColor.rgb for r in rows[1:-2] if r[3].value == "错误"} == {"FFF8D7DA"}
    assert any(r[2].value is None for r in rows[1:-2]) and any(r[4].value is None for r in rows[1:-2])


def test_many_chunks_arrive_in_order():
    buf = io.BytesIO()
    with StreamingWorkbook(buf) as book:
        sheet = book.sheet("甲", [10, 10])
        for i in range(10_000):
            sheet.row([i, f"第{i}行"])
    ws = load_workbook(io.BytesIO(buf.getvalue()), read_only=True)["甲"]
    assert [r for r in ws.iter_rows(values_only=True)] == [(i, f"第{i}行") for i in range(10_000)]


def test_a_failed_chunk_write_is_raised():
    class Full(io.BytesIO):
        def write(self, data):
            if self.tell() > 20_000:
                raise OSError(28, "磁盘已满")
            return super().write(data)

    with pytest.raises(OSError, match="磁盘已满"), StreamingWorkbook(Full()) as book:
        sheet = book.sheet("甲", [10])
        for i in range(50_000):
            sheet.row([f"第{i}行，内容各不相同 {i * 7919 % 10007}"])
