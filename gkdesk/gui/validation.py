"""Runs the core validation for the window; the rules load on the first check (after the window's first paint)."""

from __future__ import annotations

import logging

from gkdesk.core.issues import Issue, Settings
from gkdesk.core.report import Report


def validate(report: Report, settings: Settings | None = None) -> list[Issue]:
    """All issues of the report, errors first. A fault in a rule becomes one error in the list (the window stays
    usable and consistent) instead of an exception on every edit."""
    from gkdesk.core.rules import validate as core_validate

    try:
        return list(core_validate(report, settings))
    except Exception as exc:  # noqa: BLE001 - the window's boundary for validation (issue 15)
        logging.getLogger(__name__).exception("validation failed")
        return [Issue("CHECK-FAILED", "error",
                      f"校验这份报告时程序出错（{type(exc).__name__}），无法确认其内容是否正确。请保存后把报告文件发给技术支持；"
                      "在此之前导出的文件请逐项核对。")]
