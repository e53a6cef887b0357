"""Runs the core validation for the window; the rules load on the first check (after the window's first paint)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from gkdesk.core.issues import Issue, Settings
from gkdesk.core.location import Location
from gkdesk.core.report import Report

if TYPE_CHECKING:
    from gkdesk.core.rules.incremental import IncrementalValidator


def validate(report: Report, settings: Settings | None = None) -> list[Issue]:
    """All issues of the report, errors first. A fault in a rule becomes one error in the list (the window stays
    usable and consistent) instead of an exception on every edit."""
    from gkdesk.core.rules import validate as core_validate

    try:
        return list(core_validate(report, settings))
    except Exception as exc:  # noqa: BLE001 - the window's boundary for validation (issue 15)
        return [_failed(exc)]


class Validator:
    """The document's checker: after an edit only what the edit can affect is checked again
    (core/rules/incremental.py; the issues are always those of a full check). A fault in a rule becomes one error
    in the list, as in ``validate``, and the next check is a full one."""

    def __init__(self) -> None:
        self._inc: IncrementalValidator | None = None

    def __call__(self, report: Report, settings: Settings | None, touches: set[Location] | None = None) -> list[Issue]:
        """The issues now; ``touches``: what changed since the last call (None: not known, check everything)."""
        try:
            if self._inc is None:
                from gkdesk.core.rules.incremental import IncrementalValidator

                self._inc = IncrementalValidator()
            return self._inc.update(report, settings, touches)
        except Exception as exc:  # noqa: BLE001 - the window's boundary for validation (issue 15)
            if self._inc is not None:
                self._inc.reset()
            return [_failed(exc)]


def _failed(exc: Exception) -> Issue:
    logging.getLogger(__name__).exception("validation failed")
    return Issue("CHECK-FAILED", "error",
                 f"校验这份报告时程序出错（{type(exc).__name__}），无法确认其内容是否正确。请保存后把报告文件发给技术支持；"
                 "在此之前导出的文件请逐项核对。")
