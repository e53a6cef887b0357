"""Where an issue is, in the words of the report (used by the issues panel, the 汇总 summary and the CLI)."""

from __future__ import annotations

from gkdesk.core.edits import META_FIELDS, TEXT_FIELDS
from gkdesk.core.format import ReportFormat
from gkdesk.core.issues import Issue


def describe_location(issue: Issue, fmt: ReportFormat, *, full_row_label: bool = False) -> str:
    """'三、表 → 一、本年新收… → 自然人' for a cell, the field's name for text or meta, '整份报告' otherwise.

    ``full_row_label`` names a row with all its label levels (三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密),
    for a spreadsheet where the row is read out of context.
    """
    if issue.table:
        try:
            tdef = fmt.table(issue.table)
            heading = fmt.section_for_table(issue.table).heading
        except KeyError:
            return issue.table
        parts = [heading.split("、", 1)[0] + "、表"]
        if issue.row:
            try:
                row = tdef.row(issue.row)
                parts.append(row.full_label if full_row_label else row.label)
            except KeyError:
                parts.append(issue.row)
        if issue.column:
            parts.append(tdef.columns.get(issue.column, issue.column))
        return " → ".join(parts)
    if issue.field:
        f = issue.field
        if f in TEXT_FIELDS:
            return TEXT_FIELDS[f]
        if f == "title":
            return "标题"
        if f in META_FIELDS:
            return META_FIELDS[f]
        if f == "processing_fee":
            return "六、信息处理费"
        if f.startswith("overview."):
            parts = f.split(".")
            if len(parts) == 3 and parts[1].isdigit():
                what = "标题" if parts[2] == "title" else "正文"
                return f"一、总体情况 第{int(parts[1]) + 1}小节{what}"
            return "一、总体情况"
        if f == "overview":
            return "一、总体情况"
        return f
    return "整份报告"
