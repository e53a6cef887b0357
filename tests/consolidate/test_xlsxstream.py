"""The streaming xlsx writer: openpyxl reads back values, styles, widths, heights, frozen panes and filters."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gkdesk.core.consolidate.xlsxstream import StreamingWorkbook, column_letter


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


def test_rows_read_back_with_their_styles(tmp_path):
    path = tmp_path / "x.xlsx"
    with open(path, "wb") as fh, StreamingWorkbook(fh) as book:
        s = book.sheet("单位's 情况", [10, 40.5])
        s.row(["序号", "名称"], "header")
        s.row([1, '=HYPERLINK("http://x","点我")'], ["", "error"])
        s.row([Decimal("12.5"), " 前后空格 \x0b控制符"], "wrap", height=45)
        s.autofilter = "A1:B3"
        t = book.sheet("说明", [14], header_rows=0)
        t.row([None, True, 3.5], "total")
    wb = load_workbook(path)
    assert wb.sheetnames == ["单位's 情况", "说明"]
    ws = wb["单位's 情况"]
    assert [[c.value for c in r] for r in ws.iter_rows()] == [
        ["序号", "名称"], [1, '=HYPERLINK("http://x","点我")'], [12.5, " 前后空格 控制符"]]
    assert ws["B2"].data_type == "s"  # text that looks like a formula stays text
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("DDE6F0")
    assert ws["B2"].fill.fgColor.rgb.endswith("F8D7DA") and ws["A3"].alignment.wrap_text
    assert ws.row_dimensions[3].height == 45 and ws.column_dimensions["B"].width == 40.5
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:B3"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows in ("1:1", "$1:$1")
    other = wb["说明"]
    assert other.freeze_panes is None and [c.value for c in other[1]] == [None, "是", 3.5]


def _sheet_xml(tmp_path, name, rows, monkeypatch=None, fast=True):
    import zipfile

    from gkdesk.core.consolidate import xlsxstream

    if not fast:
        monkeypatch.setattr(xlsxstream, "_FAST_KINDS", frozenset())
    path = tmp_path / name
    with open(path, "wb") as fh, StreamingWorkbook(fh) as book:
        s = book.sheet("表", [10, 20, 30])
        for values, styles, height in rows:
            s.row(values, styles, height)
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml") + b"\n" + z.read("xl/sharedStrings.xml")


def test_row_templates_write_the_same_xml_as_cell_by_cell(tmp_path, monkeypatch):
    """The per-shape row templates (issue 16) give byte for byte what writing each cell does (the sheet and its
    shared strings), for every kind of value, style list (shorter than the row too) and height; texts repeated and
    with characters XML must escape."""
    texts = ["甲乡", " 前后空格 ", "a&b<c>\"'", "第一行\n第二行", "控制\x0b符", "=SUM(A1:A2)", "甲乡", "\t"]
    values = [*texts, 0, 7, -3, 10**15, 2.5, None, "", Decimal("1.50"), Decimal("3"), True, False, Path("x/y")]
    rows = []
    for k in range(60):
        row = [values[(k * 7 + j) % len(values)] for j in range(k % 9 + 1)]
        styles = ["", "header", "wrap", "top", "error", "warning", "skipped", "total", "bold"]
        style = styles[k % len(styles)] if k % 3 == 0 else [styles[(k + j) % len(styles)] for j in range(k % 5)]
        rows.append((row, style, None if k % 4 else 15 * (k % 3 + 1)))
    rows.append((iter(["生成器", 1]), "", None))
    fast = _sheet_xml(tmp_path, "fast.xlsx", rows)
    rows[-1] = (iter(["生成器", 1]), "", None)
    slow = _sheet_xml(tmp_path, "slow.xlsx", rows, monkeypatch, fast=False)
    assert fast == slow
    assert b"&amp;b&lt;c&gt;" in fast and b'xml:space="preserve"' in fast and b"\x0b" not in fast
    assert fast.count("甲乡".encode()) == 1  # a text repeated is written once


def test_compiled_row_templates_fill_in_what_format_does():
    """``_compiled`` (an f-string per row template) gives ``str.format``'s text, the height with its ``:g``; a template
    with a brace that is not a field is refused (it is never code made of a report's text)."""
    from gkdesk.core.consolidate.xlsxstream import _compiled

    template = '<row r="{0}" ht="{1:g}" customHeight="1"><c r="A{0}"><v>{2}</v></c><c r="B{0}" t="s"><v>{4}</v></c>'
    for args in [("7", 30, 12, None, "3"), ("10", 45.0, 2.5, "x", "0"), ("1", 15, -4, 1, "12")]:
        assert _compiled(template, 5)(*args) == template.format(*args)
    assert _compiled(template, 5) is _compiled(template, 5)
    for bad in ["<v>{0}</v>{", "<v>}{0}</v>", "<v>{0}\\</v>", "<v>{x}</v>"]:
        with pytest.raises(ValueError):
            _compiled(bad, 1)
