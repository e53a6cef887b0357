"""Whatever the text, importing never crashes, and what it returns can be saved and opened again."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkdesk.core import storage
from gkdesk.core.importers import import_text


@pytest.fixture(scope="module")
def sources(request):
    from pathlib import Path

    shared = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
    if not shared.is_dir():
        pytest.skip(f"样例目录 {shared} 不存在")
    return [p.read_text(encoding="utf-8") for p in [shared / "qiuqu-township-2024.txt",
                                                     *sorted((shared / "published").glob("*.txt"))]]


def _check(text: str) -> None:
    result = import_text(text, "fuzz.txt")
    assert result.log.to_text()
    if result.report is not None:
        back = storage.loads(storage.dumps(result.report))
        assert back.tables == result.report.tables
        assert back.section5 == result.report.section5


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mangled_published_text(sources, data):
    text = data.draw(st.sampled_from(sources))
    ops = data.draw(st.lists(st.tuples(st.sampled_from(["cut", "drop", "insert", "swap"]),
                                       st.integers(0, len(text)), st.integers(1, 200),
                                       st.text(alphabet="0123456789一二三（）()、.|\t /—无件\n总计其他", max_size=8)),
                             max_size=6))
    for op, at, n, ins in ops:
        at = min(at, len(text))
        if op == "cut":
            text = text[:at]
        elif op == "drop":
            text = text[:at] + text[at + n:]
        elif op == "insert":
            text = text[:at] + ins + text[at:]
        else:
            lines = text.split("\n")
            if len(lines) > 2:
                i = at % (len(lines) - 1)
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
                text = "\n".join(lines)
    _check(text)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text(text):
    _check(text)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["<table>", "</table>", "<tr>", "</tr>", "<td rowspan='3'>", "<td colspan='2'>", "<td>",
                                 "</td>", "<p>", "</p>", "<br>", "一、总体情况", "规章", "0", "12", "（七）总计",
                                 "<script>", "</script>", "行政复议", "<th>", "&nbsp;", "<div>", "</div>"]), max_size=80))
def test_broken_html(parts):
    _check("<html><body>" + "".join(parts))
