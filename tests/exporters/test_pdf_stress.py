"""The stress report's PDF read back with ``pdftotext -bbox-layout``: 避头尾 on every line, every full line ending at
the text block's right edge, 22 lines on every full body page, lines on the grid, no page left more than 3 lines
short, 表三's 7-digit figures at one size inside their columns."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

import pytest
from export_helpers import need, pdf_text
from stress_report import stress_report

from gkdesk.core.exporters.pdf import export_pdf

MM = 72 / 25.4
LEFT, TOP, WIDTH, HEIGHT = 28 * MM, 37 * MM, 156 * MM, 225 * MM
RIGHT, BOTTOM = LEFT + WIDTH, TOP + HEIGHT
PITCH = HEIGHT / 22
CELL = WIDTH / 28
NO_START = set("，。、；：？！）》」』】〕〉…—’”%‰,.;:!?)]")
NO_END = set("（《「『【〔〈“‘([")
HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")  # 一、 or a run-in （一）


def _visual_lines(pdf: Path) -> dict[int, list[dict]]:
    """Per page, the lines as seen: words grouped by their vertical position, left to right."""
    xml = pdf_text(pdf, "-bbox-layout")
    pages: dict[int, dict[float, list[tuple[float, float, float, float, str]]]] = {}
    for n, page in enumerate(xml.split("<page ")[1:], start=1):
        rows: dict[float, list] = defaultdict(list)
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                             page):
            x0, y0, x1, y1 = map(float, m.groups()[:4])
            rows[round(y0, 0)].append((x0, y0, x1, y1, html.unescape(m.group(5))))
        pages[n] = rows
    out: dict[int, list[dict]] = {}
    for n, rows in pages.items():
        lines = []
        for _y, words in sorted(rows.items()):
            words.sort()
            lines.append({"x0": min(w[0] for w in words), "x1": max(w[2] for w in words), "y0": words[0][1],
                          "h": words[0][3] - words[0][1], "text": "".join(w[4] for w in words)})
        out[n] = lines
    return out


@pytest.fixture(scope="module")
def stress_pdf(tmp_path_factory) -> Path:
    need("pdftotext")
    out = tmp_path_factory.mktemp("stress") / "压力测试.pdf"
    import os

    old = os.environ.get("GKDESK_PDF_FONTS")
    os.environ["GKDESK_PDF_FONTS"] = "bundled"
    try:
        export_pdf(stress_report(), out)
    finally:
        if old is None:
            os.environ.pop("GKDESK_PDF_FONTS", None)
        else:
            os.environ["GKDESK_PDF_FONTS"] = old
    return out


def _body(lines: list[dict]) -> list[dict]:
    """3号 lines inside the text block (not the title, table cells or the page number)."""
    return [x for x in lines if abs(x["h"] - 16) < 0.6 and TOP - 2 <= x["y0"] <= BOTTOM]


def _table_pages(pages: dict[int, list[dict]]) -> set[int]:
    return {n for n, lines in pages.items() if any(x["h"] < 14 and x["y0"] < BOTTOM for x in lines)}


def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(stress_pdf):
    pages = _visual_lines(stress_pdf)
    bad = []
    for n, lines in pages.items():
        for x in _body(lines):
            if x["text"][0] in NO_START or x["text"][-1] in NO_END:
                bad.append((n, x["text"]))
    assert bad == []
    assert sum(len(_body(v)) for v in pages.values()) > 250  # the stress report is long


def test_every_full_line_ends_at_the_right_edge_and_none_overflows(stress_pdf):
    pages = _visual_lines(stress_pdf)
    tables = _table_pages(pages)
    seq = [(n, x) for n in sorted(pages) for x in _body(pages[n])]
    full = 0
    for k, (n, x) in enumerate(seq):
        assert x["x0"] >= LEFT - 0.5 * MM and x["x1"] <= RIGHT + 0.5 * MM, (n, x)
        if k + 1 == len(seq):
            break
        n2, nxt = seq[k + 1]
        continued = abs(nxt["x0"] - LEFT) < 0.5 and (n2 == n or n not in tables and n2 not in tables)
        if continued:  # the next line goes on with the same paragraph: this one is full
            assert abs(x["x1"] - RIGHT) <= 0.5 * MM, (n, x["text"], x["x1"] - RIGHT)
            full += 1
    assert full > 200


def test_full_body_pages_have_22_lines_on_the_grid(stress_pdf):
    pages = _visual_lines(stress_pdf)
    tables = _table_pages(pages)
    last = max(pages)
    body_pages = [n for n in pages if n not in tables and n not in (1, last)]
    assert len(body_pages) >= 5
    for n in body_pages:
        lines = _body(pages[n])
        offsets = [(x["y0"] - TOP) / PITCH for x in lines]  # (yMin depends on the face's ascent: 黑体 headings)
        assert all(abs(o - round(o) - (offsets[-1] - round(offsets[-1]))) < 0.1 for o in offsets), n  # on the grid
        nxt = _body(pages.get(n + 1, []))
        heading_moved = bool(nxt) and HEADING.match(nxt[0]["text"]) is not None
        if heading_moved or n + 1 == last:
            # a heading kept with its text, or the 落款 with the text's last line: at most 3 empty lines
            assert 19 <= len(lines) <= 22, (n, len(lines))
        else:
            assert len(lines) == 22, (n, len(lines))
    for n in pages:  # no body page but the last ends more than 3 lines short (a table may move whole when
        if n == last or n in tables:  # fewer than two of its rows would fit)
            continue
        bottom = max(x["y0"] + x["h"] for x in pages[n] if x["y0"] < BOTTOM)
        assert BOTTOM - bottom < 4 * PITCH, (n, BOTTOM - bottom)


def test_t3_figures_keep_one_size_and_fit_their_columns(stress_pdf):
    xml = pdf_text(stress_pdf, "-bbox-layout")
    numbers = [{"h": float(m.group(4)) - float(m.group(2)), "w": float(m.group(3)) - float(m.group(1))}
               for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                                    r'(\d{7,8})</word>', xml)]
    numbers = [x for x in numbers if x["h"] < 14]  # in tables, not in the 3号 text
    assert numbers, "no 7-digit figure printed"
    heights = {round(x["h"], 1) for x in numbers}
    assert len(heights) <= 3  # one size per table (表二, 表三, 表四)
    t3 = [x for x in numbers if abs(x["h"] - 9.0) < 0.3]
    assert t3, "表三's figures are not at 9 pt"
    # a 7-digit figure is at most 13 mm wide: inside the 14 mm number columns with their padding
    assert max(x["w"] for x in t3) <= 13 * MM
