"""The streaming xlsx writer: openpyxl reads back values, styles, widths, heights, frozen panes and filters."""

from __future__ import annotations

from decimal import Decimal

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
