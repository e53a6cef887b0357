"""审核说明 export: every explained item with its 说明 and the open warnings, as a PDF page and an xlsx sheet."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date

import pytest
from openpyxl import load_workbook

from gkdesk.core import storage
from gkdesk.core.explain import explain
from gkdesk.core.exporters.notes import export_notes, note_rows
from gkdesk.core.rules import validate

NOTE = "今年开展农村土地确权登记，群众申请集中增加；已逐件核对登记台账。"


@pytest.fixture
def explained(jumped_report):
    rep = jumped_report
    yoy = next(i for i in validate(rep) if i.rule == "YOY-NEW")
    rep.explanations = [explain(yoy, NOTE, date(2025, 1, 12))]
    return rep


def test_rows(explained):
    done, still_open = note_rows(explained)
    assert [(r.rule, r.note, r.on) for r in done] == [("警告 YOY-NEW", NOTE, "2025年1月12日")]
    assert "一、本年新收政府信息公开申请数量" in done[0].where
    assert any(r.rule.endswith("YOY-RESULT") and r.note == "" for r in still_open)


def test_xlsx_sheet(explained, tmp_path):
    path = tmp_path / "审核说明.xlsx"
    export_notes(explained, path)
    ws = load_workbook(path)["审核说明"]
    texts = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert "秋渠乡2025年政府信息公开工作年度报告审核说明" in texts
    assert NOTE in texts and "一、已核实的问题（1）" in texts
    assert any(str(t).startswith("不属于") or "不属于公开发布" in str(t) for t in texts)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) 未安装")
def test_pdf_page(explained, tmp_path):
    path = tmp_path / "审核说明.pdf"
    export_notes(explained, path)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True).stdout
    flat = "".join(text.split())
    assert "审核说明" in flat and "不属于公开发布的年度报告内容" in flat
    assert "".join(NOTE.split()) in flat and "YOY-NEW" in flat


def test_cli_notes(explained, tmp_path):
    src = tmp_path / "r.gkreport"
    storage.save(explained, src)
    out = subprocess.run([sys.executable, "-m", "gkdesk", "export", str(src), "--notes", str(tmp_path / "n.xlsx")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "n.xlsx").exists() and not (tmp_path / "r.pdf").exists()
    bad = subprocess.run([sys.executable, "-m", "gkdesk", "export", str(src), "--notes", str(tmp_path / "n.doc")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and ".pdf 或 .xlsx" in bad.stderr
