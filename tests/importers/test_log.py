"""The import log names the parts of the report as the window's tabs name them, so "请在“基本信息”中填写" leads the
clerk to a tab that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gkdesk.core.format import load_format
from gkdesk.core.importers.log import PART_LABEL

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_part_labels_are_the_section_headings(version):
    fmt = load_format(version)
    for sec in fmt.sections:
        part = sec.table if sec.kind == "table" and sec.table else sec.key
        assert PART_LABEL[part].startswith(sec.heading), (part, PART_LABEL[part], sec.heading)


def test_the_meta_part_is_the_basic_tab():
    from gkdesk.gui.main_window import BASIC_TAB

    assert PART_LABEL["meta"] == BASIC_TAB


def test_messages_send_the_clerk_to_tabs_that_exist():
    """Every “请在“X”中填写” in the program names a tab of the window (基本信息 or a section heading)."""
    from gkdesk.gui.main_window import BASIC_TAB

    tabs = {BASIC_TAB, *(s.heading for s in load_format().sections)}
    found = set()
    for path in (ROOT / "gkdesk").rglob("*.py"):
        found |= set(re.findall(r"请在“([^”{}]+)”中填写", path.read_text(encoding="utf-8")))
    assert found, "the pattern no longer matches any message: update this test"
    assert found <= tabs, found - tabs
