"""Where an issue is, in the words of the report (used by the issues panel, the 汇总 summary and the CLI)."""

from __future__ import annotations

from gkdesk.core.fields import registry
from gkdesk.core.format import ReportFormat
from gkdesk.core.issues import Issue


def describe_location(issue: Issue, fmt: ReportFormat, *, full_row_label: bool = False) -> str:
    """'三、表 → 一、本年新收… → 自然人' for a cell, the field's name for text or meta, '整份报告' otherwise
    (the field registry's label of the issue's Location).

    ``full_row_label`` names a row with all its label levels (三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密),
    for a spreadsheet where the row is read out of context.
    """
    return registry(fmt).label(issue.location, full_row_label=full_row_label)
