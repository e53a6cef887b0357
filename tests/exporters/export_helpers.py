"""Helpers for the exporter tests: poppler tools, text matching, a report with every cell filled."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} 未安装（Debian：apt-get install poppler-utils / libreoffice-calc-nogui），跳过此测试")
    return path


def pdf_text(pdf: Path, *extra: str) -> str:
    need("pdftotext")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *extra, str(pdf), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    """Text without any whitespace (lines of CJK text wrap anywhere)."""
    return re.sub(r"\s+", "", text)


def appears(label: str, text: str) -> bool:
    """The label is in the text, contiguous, or (a cell wrapped beside its neighbours) its characters in order
    within a short stretch."""
    label, text = squeeze(label), squeeze(text)
    if label in text:
        return True
    window = 6 * len(label) + 40
    for start in [m.start() for m in re.finditer(re.escape(label[0]), text)]:
        pos, ok = start, True
        for ch in label[1:]:
            pos = text.find(ch, pos + 1, start + window)
            if pos < 0:
                ok = False
                break
        if ok:
            return True
    return False


def filled_report(report):
    """Every input cell gets a distinct number (so a value in the wrong place shows); totals are computed."""
    fmt = report.format
    n = 1
    for tkey, tdef in fmt.tables.items():
        for row, col in tdef.input_cells():
            if tdef.cell_type(row) == "decimal":
                report.set_raw(tkey, row, col, Decimal("18.8710"))
            else:
                report.set_raw(tkey, row, col, n)
                n += 1
    report.meta.written_date = date(2025, 1, 20)
    report.processing_fee_yuan = Decimal("3940.50")
    return report


def leftovers(folder: Path) -> list[str]:
    """Temporary files an interrupted write could have left."""
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def assert_same_report(back, rep) -> None:  # noqa: ANN001 - Report objects
    """An export imported back holds the report's tables, texts and 基本信息 (no stated totals appear)."""
    assert back.tables == rep.tables and back.stated == {}
    assert back.overview_intro == rep.overview_intro and back.overview == rep.overview
    assert (back.section5, back.section6) == (rep.section5, rep.section6)
    assert back.title == rep.title and back.meta.org_name == rep.meta.org_name and back.meta.year == rep.meta.year
    assert back.meta.written_date == rep.meta.written_date and back.meta.level == rep.meta.level
