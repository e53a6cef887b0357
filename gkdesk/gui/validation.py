"""Runs the core validation for the window; the rules load on the first check (after the window's first paint)."""

from __future__ import annotations

from gkdesk.core.issues import Issue, Settings
from gkdesk.core.report import Report


def validate(report: Report, settings: Settings | None = None) -> list[Issue]:
    """All issues of the report, errors first."""
    from gkdesk.core.rules import validate as core_validate

    return list(core_validate(report, settings))
