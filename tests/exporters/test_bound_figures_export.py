"""A figure bound to a cell is exported as the plain number, in every export (never the reference)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from gkdesk.core.bindings import Ref, refresh
from gkdesk.core.review_edits import insert_figure


@pytest.fixture
def bound(example_report):
    rep = example_report.copy()
    rep.set_raw("t3", "new", "natural", 17)
    rep.set_raw("t3", "open", "natural", 17)
    rep.section5 = "全年共受理政府信息公开申请件。"
    insert_figure(rep, "section5", rep.section5.index("件"), Ref.parse("t3.new.total")).apply(rep)
    rep.set_raw("t3", "new", "natural", 18)  # and the table changes afterwards
    rep.set_raw("t3", "open", "natural", 18)
    refresh(rep)
    return rep


def test_xlsx(bound, tmp_path):
    from gkdesk.core.exporters.xlsx import export_xlsx

    export_xlsx(bound, tmp_path / "r.xlsx")
    texts = [str(c.value) for ws in load_workbook(tmp_path / "r.xlsx") for row in ws.iter_rows() for c in row if c.value]
    assert any("全年共受理政府信息公开申请18件。" in t for t in texts)
    assert not any("t3.new" in t for t in texts)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) 未安装")
def test_pdf(bound, tmp_path):
    from gkdesk.core.exporters.pdf import export_pdf

    export_pdf(bound, tmp_path / "r.pdf")
    text = "".join(subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True)
                   .stdout.split())
    assert "全年共受理政府信息公开申请18件" in text
