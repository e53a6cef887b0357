"""The consolidation's check summary workbook (汇总校验清单.xlsx): units, every issue, incomplete cells, notes."""

from __future__ import annotations

import os
import unicodedata
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from gkdesk.core.consolidate.model import KEY_TOTALS, Consolidation, UnitResult
from gkdesk.core.fileio import atomic_write
from gkdesk.core.issues import SEVERITY_LABEL
from gkdesk.core.locations import describe_location

UNIT_HEADERS = ["序号", "文件", "机关名称", "级别", "年度", "错误", "警告", "提示", "已核实",
                *[label for label, _, _ in KEY_TOTALS], "计入汇总", "状态", "说明"]
ISSUE_HEADERS = ["单位序号", "文件", "机关名称", "严重程度", "规则", "问题说明", "位置"]
EXPLAINED_HEADERS = ["单位序号", "文件", "机关名称", "规则", "问题", "位置", "核实说明"]
GAP_HEADERS = ["表格", "行", "列", "已填单位数", "未填单位数", "未填写的单位", "填写有误的单位（所填内容）"]

_FILL = {"header": "DDE6F0", "error": "F8D7DA", "warning": "FFF3CD", "skipped": "E2E3E5", "total": "EDEDED"}


def display_paths(paths: list[Path]) -> list[str]:
    """Paths relative to the folder they all share (what the user chose), so the column stays readable."""
    if not paths:
        return []
    try:
        absolute = [p.resolve() for p in paths]
        base = Path(os.path.commonpath([p.parent for p in absolute]))
        return [str(p.relative_to(base)) for p in absolute]
    except (ValueError, OSError):  # different drives, or a path that cannot be resolved
        return [str(p) for p in paths]


def _width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _lines(value: Any, column_width: int) -> int:
    """How many lines a wrapped text needs in a column of that width (in character widths)."""
    return max(1, -(-_width(value) // max(column_width - 2, 1)))


def _unit_label(units: list[UnitResult], i: int) -> str:
    u = units[i]
    return u.name or u.path.name


def write_summary(result: Consolidation, path: Path) -> None:
    """Write the workbook atomically (no partial file); text cells are always text, never formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    fmt = result.report.format
    wb = Workbook()
    bold = Font(bold=True)
    fills = {k: PatternFill("solid", fgColor=v) for k, v in _FILL.items()}
    wrap = Alignment(wrap_text=True, vertical="top")

    def put(ws: Any, row: int, col: int, value: Any) -> Any:
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else value
        cell = ws.cell(row=row, column=col, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # a name or message starting with "=" must stay text (tech-notes: formula injection)
        return cell

    def table(ws: Any, title: str, headers: list[str], rows: list[list[Any]], wide: dict[int, int],
              footer: list[Any] | None = None) -> None:
        ws.title = title
        for c, h in enumerate(headers, 1):
            cell = put(ws, 1, c, h)
            cell.font, cell.fill = bold, fills["header"]
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for r, values in enumerate(rows, 2):
            for c, v in enumerate(values, 1):
                put(ws, r, c, v)
        last = len(rows) + 1
        from openpyxl.utils import get_column_letter

        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(last, 1)}"
        if footer is not None:
            for c, v in enumerate(footer, 1):
                cell = put(ws, last + 2, c, v)
                cell.font, cell.fill = bold, fills["total"]
        lines = [1] * len(rows)
        for c, h in enumerate(headers, 1):
            cap = wide.get(c, 40)
            width = max([_width(h)] + [_width(row[c - 1]) for row in rows[:2000]])
            ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 6), cap)
            if c in wide and width > cap:
                for i, row in enumerate(rows):
                    n = _lines(row[c - 1], cap)
                    if n > 1:
                        ws.cell(row=i + 2, column=c).alignment = wrap
                        lines[i] = max(lines[i], n)
        # spreadsheet programs do not grow rows for wrapped text on their own: give such rows their height
        top = Alignment(vertical="top")
        for i, n in enumerate(lines):
            if n > 1:
                ws.row_dimensions[i + 2].height = 15 * n
                for c in range(1, len(headers) + 1):
                    cell = ws.cell(row=i + 2, column=c)
                    if not cell.alignment.wrap_text:
                        cell.alignment = top

    # sheet 1: one row per unit
    ws = wb.active
    unit_rows = []
    shown = display_paths([u.path for u in result.units])
    for i, u in enumerate(result.units, 1):
        counts = u.counts
        level = ""
        if u.loaded:
            try:
                level = fmt.level(u.level).label
            except KeyError:
                level = u.level
        has_report = u.loaded
        unit_rows.append([
            i, shown[i - 1], u.name, level, (u.year or None) if has_report else None,
            counts["error"] if has_report else None, counts["warning"] if has_report else None,
            counts["hint"] if has_report else None, len(u.explained) if has_report else None, *u.key_totals(),
            "是" if u.included else "否", u.status_label, u.note,
        ])
    included = result.included
    footer = [None, f"合计（计入汇总的 {len(included)} 个单位）", result.report.meta.org_name, None,
              result.year or None, sum(u.counts["error"] for u in included),
              sum(u.counts["warning"] for u in included), sum(u.counts["hint"] for u in included),
              sum(len(u.explained) for u in included),
              *[_report_total(result, t, cells) for _, t, cells in KEY_TOTALS], len(included), None, None]
    table(ws, "单位情况", UNIT_HEADERS, unit_rows, {2: 50, 3: 30, 4: 24, len(UNIT_HEADERS): 60}, footer)
    status_col = UNIT_HEADERS.index("状态") + 1
    for r, u in enumerate(result.units, 2):
        kind = "skipped" if not u.included else "error" if u.has_errors else "warning" if u.status != "ok" else None
        if kind:
            ws.cell(row=r, column=status_col).fill = fills[kind]

    # sheet 2: every issue of every unit
    ws2 = wb.create_sheet()
    issue_rows = []
    sev_count = {"error": 0, "warning": 0, "hint": 0}
    for i, u in enumerate(result.units, 1):
        for issue in u.issues:
            sev_count[issue.severity] = sev_count.get(issue.severity, 0) + 1
            issue_rows.append([i, shown[i - 1], u.name, SEVERITY_LABEL.get(issue.severity, issue.severity),
                               issue.rule, issue.message, describe_location(issue, fmt, full_row_label=True)])
    footer2 = [None, f"共 {len(issue_rows)} 个问题", None,
               f"错误 {sev_count['error']}，警告 {sev_count['warning']}，提示 {sev_count['hint']}", None, None, None]
    table(ws2, "问题清单", ISSUE_HEADERS, issue_rows, {2: 36, 3: 24, 6: 80, 7: 50}, footer2)
    sev_col = ISSUE_HEADERS.index("严重程度") + 1
    for r, row in enumerate(issue_rows, 2):
        if row[sev_col - 1] in (SEVERITY_LABEL["error"], SEVERITY_LABEL["warning"]):
            ws2.cell(row=r, column=sev_col).fill = fills["error" if row[sev_col - 1] == "错误" else "warning"]

    # sheet 3: warnings the units marked 已核实, with their 说明 (the open ones are in 问题清单)
    ws_e = wb.create_sheet()
    explained_rows = [[i, shown[i - 1], u.name, issue.rule, issue.message,
                       describe_location(issue, fmt, full_row_label=True), note]
                      for i, u in enumerate(result.units, 1) for issue, note in u.explained]
    units_explaining = len({row[0] for row in explained_rows})
    table(ws_e, "已核实说明", EXPLAINED_HEADERS, explained_rows, {2: 36, 3: 24, 5: 70, 6: 40, 7: 70},
          [None, f"共 {len(explained_rows)} 条（{units_explaining} 个单位）", None, None, None, None, None])

    # sheet 4: cells some units left blank or filled wrongly
    ws3 = wb.create_sheet()
    gap_rows = []
    for g in result.gaps:
        tdef = fmt.table(g.table)
        gap_rows.append([
            tdef.title, tdef.row(g.row).full_label, tdef.columns[g.column], g.filled, len(g.blank),
            "、".join(_unit_label(result.units, i) for i in g.blank),
            "、".join(f"{_unit_label(result.units, i)}（{v}）" for i, v in g.invalid),
        ])
    table(ws3, "未填或有误的单元格", GAP_HEADERS, gap_rows, {1: 30, 2: 50, 6: 80, 7: 60},
          [f"共 {len(gap_rows)} 个单元格", None, None, None, None, None, None])

    # sheet 5: how this was made
    ws4 = wb.create_sheet("说明")
    lines = [
        ("汇总机关", result.report.meta.org_name or "（未填写，请在汇总报告中填写）"),
        ("汇总年度", f"{result.year}年" if result.year else "（未确定）"),
        ("生成时间", datetime.now().strftime("%Y-%m-%d %H:%M")),
        ("结果", result.summary_line()),
        *[("提示", n) for n in result.notes],
        ("计算方法", "汇总报告各表的填报单元格为计入单位的逐格相加；合计、总计由程序按勾稽关系计算。"
                 "收费金额按万元精确相加（不做四舍五入）。"),
        ("空白单元格", "某单位未填写的单元格不计入该格的合计（不当作0，也不估算），并在“未填或有误的单元格”中列出；"
                  "所有单位都未填写的单元格在汇总报告中保持空白。填写的不是有效数字的单元格同样不计入并列出。"),
        ("不计入的报告", "无法读取的文件、年度或格式不一致的报告，以及同一单位的重复报告（除非选择了重复计入）不计入汇总，"
                    "在“单位情况”中标明原因。有错误的报告照常计入，并标为“有错误”，请核实后再发布。"),
    ]
    for r, (k, v) in enumerate(lines, 1):
        put(ws4, r, 1, k).font = bold
        put(ws4, r, 2, v).alignment = wrap
        ws4.row_dimensions[r].height = 15 * _lines(v, 90)
    ws4.column_dimensions["A"].width = 14
    ws4.column_dimensions["B"].width = 90
    ws4.page_setup.orientation = "landscape"
    ws4.page_setup.fitToWidth, ws4.page_setup.fitToHeight = 1, 0
    ws4.sheet_properties.pageSetUpPr.fitToPage = True

    atomic_write(Path(path), wb.save)


def _report_total(result: Consolidation, table: str, cells: tuple[tuple[str, str], ...]) -> Any:
    nums = [v for r, c in cells if isinstance(v := result.report.value(table, r, c), (int, Decimal))]
    return sum(nums) if nums else None
