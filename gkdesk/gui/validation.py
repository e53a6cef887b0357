"""Runs the core validation for the window (one call site, so the GUI never depends on how rules are loaded)."""

from __future__ import annotations

from gkdesk.core.issues import Issue, Settings
from gkdesk.core.report import Report


def validate(report: Report, settings: Settings | None = None) -> list[Issue]:
    """All issues of the report, errors first."""
    try:
        from gkdesk.core.rules import validate as core_validate  # type: ignore[attr-defined]
    except ImportError:  # the rules module is written in parallel; until it lands the window shows no issues
        return []
    return list(core_validate(report, settings))
