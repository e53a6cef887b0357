"""Web export: one self-contained page, valid HTML5 (strict parser), real tables with the official merges, escaped text,
read back by the importer unchanged."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from export_helpers import assert_same_report, leftovers

from gkdesk.core.errors import SaveError
from gkdesk.core.exporters.html import export_html, render_html
from gkdesk.core.importers import import_file
from gkdesk.core.report import Subsection

EVIL = '<script>alert("x")</script> & <b>粗</b> =HYPERLINK("http://example.invalid") \'引号\' </table>'


def _strict_parse(text: str):
    html5lib = pytest.importorskip("html5lib")
    parser = html5lib.HTMLParser(strict=True)
    doc = parser.parse(text)  # raises on the first parse error
    assert parser.errors == []
    return doc


class _Tables(HTMLParser):
    """The tables of a page as lists of (tag, attrs, text) cells per row, with their captions."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.cell: list | None = None
        self.in_caption = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self.in_caption = True
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self.cell = [tag, a, ""]
            self.tables[-1]["rows"][-1].append(self.cell)

    def handle_endtag(self, tag):
        if tag == "caption":
            self.in_caption = False
        elif tag in ("td", "th"):
            self.cell = None

    def handle_data(self, data):
        if self.in_caption:
            self.tables[-1]["caption"] += data
        elif self.cell is not None:
            self.cell[2] += data


def _tables(text: str) -> list[dict]:
    p = _Tables()
    p.feed(text)
    return p.tables


def test_strict_html5_without_errors(filled):
    _strict_parse(render_html(filled))


def test_strict_html5_with_hostile_text(example_report):
    rep = example_report
    rep.meta.org_name = EVIL
    rep.overview_intro = EVIL + "\n第二段\x0b带控制字符\u200b"
    rep.overview[0] = Subsection(EVIL + "：", EVIL)
    rep.section6 = EVIL
    page = render_html(rep)
    _strict_parse(page)
    assert "<script" not in page.lower() and "<b>" not in page and "</table> " not in page
    assert "&lt;script&gt;" in page and "&amp;" in page and "&quot;x&quot;" in page


def test_one_self_contained_file(filled):
    page = render_html(filled)
    low = page.lower()
    for fetch in ("<script", " src=", "href=", "url(", "@import", "@font-face", "<link", "http:", "https:"):
        assert fetch not in low, fetch
    assert low.count("<style>") == 1 and 'name="viewport"' in low and '<html lang="zh-cn">' in low


def test_tables_are_real_tables_with_the_official_merged_headers(filled):
    fmt = filled.format
    tables = _tables(render_html(filled))
    assert [t["caption"] for t in tables] == [fmt.section_for_table(k).heading for k in fmt.tables]
    for t, (tkey, tdef) in zip(tables, fmt.tables.items(), strict=True):
        lay = tdef.layout
        got = [c for row in t["rows"] for c in row]
        want = sorted(lay.cells, key=lambda c: (c.row, c.col))
        assert len(t["rows"]) == lay.n_rows and len(got) == len(want), tkey
        for (tag, attrs, text), gc in zip(got, want, strict=True):
            assert int(attrs.get("rowspan", 1)) == gc.rowspan and int(attrs.get("colspan", 1)) == gc.colspan
            if gc.ref is not None:
                assert tag == "td" and text == str(filled.value(tkey, *gc.ref)), (tkey, gc.ref)
            else:
                assert text == gc.text, (tkey, gc)  # verbatim (word-break hints are <wbr>, not characters)
                if tag == "th":
                    assert attrs["scope"] in ("col", "colgroup", "row", "rowgroup")
        n_th = sum(1 for tag, _a, _t in got if tag == "th")
        assert n_th >= len([c for c in lay.cells if c.ref is None]) - 1  # all labels but 表三's corner note


def test_header_labels_break_only_between_words(example_report):
    page = render_html(example_report)
    assert '<span class="kw">商业<wbr>企业</span>' in page
    assert '<span class="kw">法律<wbr>服务<wbr>机构</span>' in page
    assert "word-break:keep-all" in page


def test_tables_scroll_inside_their_box_on_a_phone(example_report):
    page = render_html(example_report)
    assert page.count('class="table-box"') == 3 and "overflow-x:auto" in page
    assert re.search(r"@media \(min-width:\s*768px\)", page)


def test_round_trip_through_the_importer(filled, tmp_path):
    rep = filled
    rep.overview_intro = "第一段。\n第二段，有 <尖括号> & “引号”。"
    rep.section5 = "问题：一是……\n下一步改进措施：二是……"
    out = tmp_path / "报告.html"
    export_html(rep, out)
    res = import_file(out)
    back = res.report
    assert back is not None, res.log
    assert_same_report(back, rep)


def test_the_example_round_trips(example_report, tmp_path):
    out = tmp_path / "例.html"
    export_html(example_report, out)
    back = import_file(out).report
    assert back.tables == example_report.tables
    assert back.overview == example_report.overview and back.overview_intro == example_report.overview_intro
    assert (back.section5, back.section6) == (example_report.section5, example_report.section6)


def test_signature_date_right_and_org_centred_above(filled):
    page = render_html(filled)
    sig = page[page.index('<div class="signature">'):]
    assert "秋渠乡" in sig and "2025年1月20日" in sig
    assert '<p style="padding-right:4em">2025年1月20日</p>' in sig


def test_target_is_a_folder(example_report, tmp_path):
    (tmp_path / "a.html").mkdir()
    with pytest.raises(SaveError):
        export_html(example_report, tmp_path / "a.html")
    assert leftovers(tmp_path) == []


def test_bound_figures_are_plain_numbers(example_report, tmp_path):
    from gkdesk.core.bindings import Ref, refresh
    from gkdesk.core.review_edits import insert_figure

    rep = example_report.copy()
    rep.set_raw("t3", "new", "natural", 17)
    rep.section5 = "全年共受理政府信息公开申请件。"
    insert_figure(rep, "section5", rep.section5.index("件"), Ref.parse("t3.new.total")).apply(rep)
    rep.set_raw("t3", "new", "natural", 18)
    refresh(rep)
    page = render_html(rep)
    assert "全年共受理政府信息公开申请18件。" in page and "t3.new" not in page
    from gkdesk.core.exporters.docx import export_docx

    export_docx(rep, tmp_path / "r.docx")
    from test_docx import paragraphs

    assert "全年共受理政府信息公开申请18件。" in [t for _s, t, _r in paragraphs(tmp_path / "r.docx")]
