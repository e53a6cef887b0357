"""Exporter test fixtures: bundled fonts only (reproducible), a report with every cell filled."""

from __future__ import annotations

import pytest
from export_helpers import filled_report


@pytest.fixture(autouse=True)
def bundled_fonts(monkeypatch):
    """The bundled faces, whatever this machine has installed (a developer may have SimHei...)."""
    monkeypatch.setenv("GKDESK_PDF_FONTS", "bundled")


@pytest.fixture
def filled(example_report):
    return filled_report(example_report)
