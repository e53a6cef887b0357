"""Exporter test fixtures: bundled fonts only (reproducible), a report with every cell filled, the font cache.

GKDESK_TEST_FONT_CACHE chooses the state of the font metrics cache every exporter test starts with:
``warm`` (default: one cache for the session, filled by the first export), ``cold`` (an empty cache and no font
read yet in the process, for every test) or ``damaged`` (every entry of a filled cache damaged, for every test).
"""

from __future__ import annotations

import os

import pytest
from export_helpers import filled_report

from gkdesk.core.exporters import fonts, ttf
from gkdesk.paths import resource


@pytest.fixture(autouse=True)
def bundled_fonts(monkeypatch):
    """The bundled faces, whatever this machine has installed (a developer may have SimHei...)."""
    monkeypatch.setenv("GKDESK_PDF_FONTS", "bundled")


@pytest.fixture(scope="session")
def _warm_cache(tmp_path_factory):
    d = tmp_path_factory.mktemp("font-cache")
    old = os.environ.get("GKDESK_CACHE_DIR")
    os.environ["GKDESK_CACHE_DIR"] = str(d)
    try:
        for name in fonts.BUNDLED.values():
            ttf.load(resource("fonts", name))
    finally:
        if old is None:
            os.environ.pop("GKDESK_CACHE_DIR", None)
        else:
            os.environ["GKDESK_CACHE_DIR"] = old
    return d


@pytest.fixture(autouse=True)
def font_cache(_warm_cache, tmp_path_factory, monkeypatch):
    mode = os.environ.get("GKDESK_TEST_FONT_CACHE", "warm")
    if mode == "warm":
        monkeypatch.setenv("GKDESK_CACHE_DIR", str(_warm_cache))
        yield _warm_cache
        return
    d = tmp_path_factory.mktemp(f"font-cache-{mode}")
    if mode == "damaged":
        for i, entry in enumerate(sorted(_warm_cache.rglob("*.bin"))):
            blob = entry.read_bytes()
            target = d / entry.relative_to(_warm_cache)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes([b"", blob[:64], blob[:-7] + b"garbage", blob[::-1]][i % 4])
    monkeypatch.setenv("GKDESK_CACHE_DIR", str(d))
    fonts.reset()
    yield d
    fonts.reset()


@pytest.fixture
def filled(example_report):
    return filled_report(example_report)
