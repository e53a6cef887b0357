"""TXT-REF: figures in the narrative bound to table cells (gkdesk.core.bindings) whose cells are not filled yet.

A bound figure always equals its cells, so TXT-NUM does not guess at it; what can still be wrong is that the cells it
quotes are blank (the text then reads “（未填）”) or hold something that is not a number.
"""

from __future__ import annotations

from gkdesk.core.bindings import UNFILLED, describe_ref
from gkdesk.core.rules.context import Ctx


def unfilled_references(ctx: Ctx) -> None:
    report = ctx.report
    for b in report.bindings:
        if b.ref.value(report) is None:
            ctx.add("TXT-REF", "warning",
                    f"正文引用了{describe_ref(b.ref, report)}，但该单元格尚未填写（正文中显示为“{UNFILLED}”）。"
                    "请先填写表格，正文会自动显示该数字。", field=b.field)


RULES = (unfilled_references,)
