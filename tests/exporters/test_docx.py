"""Word export: GB/T 9704 page and grid, styles naming the 公文 fonts, the official tables with their merges, page
numbers on the outer side, the 落款, read back by the importer unchanged, opened by LibreOffice."""

from __future__ import annotations

import re
import subprocess
import zipfile
from itertools import pairwise
from pathlib import Path

import pytest
from export_helpers import assert_same_report, leftovers, need, pdf_text, squeeze

from gkdesk.core.errors import SaveError
from gkdesk.core.exporters import docx as docxmod
from gkdesk.core.exporters.docx import export_docx
from gkdesk.core.importers import import_file
from gkdesk.core.report import Subsection

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _export(report, tmp_path: Path, name: str = "报告.docx") -> Path:
    out = tmp_path / name
    export_docx(report, out)
    return out


def _xml(path: Path, part: str):
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as z:
        return ElementTree.fromstring(z.read(part))


def paragraphs(path: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(paragraph style name, text, [(run style name, run text)]) of the body's paragraphs (not in tables)."""
    names = {s.get(W + "styleId"): s.find(W + "name").get(W + "val") for s in _xml(path, "word/styles.xml")
             if s.tag == W + "style"}
    out = []
    for p in _xml(path, "word/document.xml").find(W + "body").findall(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        runs = []
        for r in p.findall(W + "r"):
            rs = r.find(f"{W}rPr/{W}rStyle")
            runs.append((names.get(rs.get(W + "val"), "") if rs is not None else "",
                         "".join(t.text or "" for t in r.iter(W + "t"))))
        out.append((names.get(style.get(W + "val"), "") if style is not None else "", "".join(t for _s, t in runs),
                    runs))
    return out


def _val(el, tag: str, attr: str = "val"):
    found = el.find(W + tag)
    return None if found is None else found.get(W + attr)


def test_a4_margins_and_the_22_line_grid(example_report, tmp_path):
    out = _export(example_report, tmp_path)
    sect = _xml(out, "word/document.xml").find(f"{W}body/{W}sectPr")
    size, mar, grid = sect.find(W + "pgSz"), sect.find(W + "pgMar"), sect.find(W + "docGrid")
    twips_mm = 1440 / 25.4
    assert abs(int(size.get(W + "w")) / twips_mm - 210) < 0.1 and abs(int(size.get(W + "h")) / twips_mm - 297) < 0.1
    top, left = int(mar.get(W + "top")) / twips_mm, int(mar.get(W + "left")) / twips_mm
    assert abs(top - 37) < 0.1 and abs(left - 28) < 0.1  # 天头, 订口
    block_w = int(size.get(W + "w")) - int(mar.get(W + "left")) - int(mar.get(W + "right"))
    block_h = int(size.get(W + "h")) - int(mar.get(W + "top")) - int(mar.get(W + "bottom"))
    assert abs(block_w / twips_mm - 156) < 0.1 and abs(block_h / twips_mm - 225) < 0.1
    pitch = int(grid.get(W + "linePitch"))
    assert block_h // pitch == 22 and grid.get(W + "type") == "lines"
    # 28 characters a line: the grid's pitch (charSpace, 1/4096 pt below 16 pt) and the condensed body text
    assert int(block_w / 20 // (16 + int(grid.get(W + "charSpace")) / 4096)) == 28
    assert 28 * (16 - docxmod.CONDENSE / 20) <= block_w / 20 < 29 * (16 - docxmod.CONDENSE / 20)


def _styles(path: Path) -> dict[str, object]:
    root = _xml(path, "word/styles.xml")
    return {s.find(W + "name").get(W + "val"): s for s in root.findall(W + "style")}


@pytest.mark.parametrize(("style", "font", "half_points"), [
    ("报告标题", "方正小标宋简体", "44"), ("正文", "仿宋_GB2312", "32"), ("一级标题", "黑体", "32"),
    ("二级标题", "楷体_GB2312", "32"), ("小标题", "楷体_GB2312", "32"), ("页码", "宋体", "28"),
])
def test_styles_name_the_office_fonts_for_every_script(example_report, tmp_path, style, font, half_points):
    st = _styles(_export(example_report, tmp_path))[style]
    rpr = st.find(W + "rPr")
    fonts = rpr.find(W + "rFonts")
    assert {fonts.get(W + k) for k in ("ascii", "hAnsi", "eastAsia", "cs")} == {font}
    assert not any(a.endswith("Theme") for a in fonts.attrib)  # a theme font would override the name
    assert _val(rpr, "sz") == half_points and rpr.find(W + "b") is None  # no bold on 黑体/楷体/小标宋


def test_heading_styles_are_outline_levels_and_body_is_justified_and_indented(example_report, tmp_path):
    st = _styles(_export(example_report, tmp_path))
    assert _val(st["一级标题"].find(W + "pPr"), "outlineLvl") == "1"
    assert _val(st["二级标题"].find(W + "pPr"), "outlineLvl") == "2"
    body = st["正文"].find(W + "pPr")
    assert _val(body, "jc") == "both" and _val(body, "ind", "firstLineChars") == "200"
    assert _val(body, "spacing", "line") == str(docxmod.LINE_PITCH) and _val(body, "spacing", "lineRule") == "exact"


def test_font_table_names_substitutes(example_report, tmp_path):
    root = _xml(_export(example_report, tmp_path), "word/fontTable.xml")
    fonts = {f.get(W + "name"): f for f in root.findall(W + "font")}
    assert _val(fonts["仿宋_GB2312"], "altName") == "仿宋" and _val(fonts["楷体_GB2312"], "altName") == "楷体"
    assert _val(fonts["方正小标宋简体"], "charset") == "86"


def test_document_order_and_paragraph_styles(filled, tmp_path):
    all_paras = paragraphs(_export(filled, tmp_path))
    paras = [(s, t) for s, t, _r in all_paras if t]
    assert paras[0] == ("报告标题", filled.title)
    heads = [t for s, t in paras if s == "一级标题"]
    assert heads == [s.heading for s in filled.format.sections]
    lead = next(runs for _s, t, runs in all_paras if t.startswith("(一)"))
    assert lead[0] == ("小标题", filled.overview[0].title)
    assert paras[-2:] == [("落款", "秋渠乡"), ("落款", "2025年1月20日")]


def test_tables_have_the_format_labels_merges_and_values(filled, tmp_path):
    body = _xml(_export(filled, tmp_path), "word/document.xml").find(W + "body")
    tables = body.findall(W + "tbl")
    assert len(tables) == 3
    for tbl, (tkey, tdef) in zip(tables, filled.format.tables.items(), strict=True):
        lay = tdef.layout
        rows = tbl.findall(W + "tr")
        assert len(rows) == lay.n_rows
        placed: dict[tuple[int, int], tuple[str, int, str | None]] = {}
        for r, tr in enumerate(rows):
            c = 0
            for tc in tr.findall(W + "tc"):
                pr = tc.find(W + "tcPr")
                span = int(_val(pr, "gridSpan") or 1)
                vm = pr.find(W + "vMerge")
                text = "".join(t.text or "" for t in tc.iter(W + "t"))
                placed[(r, c)] = (text, span, None if vm is None else vm.get(W + "val", "continue"))
                c += span
            assert c == lay.n_cols, (tkey, r)
        for gc in lay.cells:
            text, span, vm = placed[(gc.row, gc.col)]
            assert span == gc.colspan, (tkey, gc)
            assert vm == ("restart" if gc.rowspan > 1 else None), (tkey, gc)
            for dr in range(1, gc.rowspan):
                assert placed[(gc.row + dr, gc.col)][2] == "continue"
            want = gc.text if gc.ref is None else str(filled.value(tkey, *gc.ref))
            assert text == want, (tkey, gc)  # labels verbatim; line breaks are w:br, not characters
        header_rows = [tr for tr in rows if tr.find(f"{W}trPr/{W}tblHeader") is not None]
        assert len(header_rows) == lay.n_header_rows


def test_header_labels_break_between_words(example_report, tmp_path):
    body = _xml(_export(example_report, tmp_path), "word/document.xml").find(W + "body")
    t3 = body.findall(W + "tbl")[1]
    cells = []
    for tc in t3.iter(W + "tc"):
        parts, cur = [], ""
        for el in tc.iter():
            if el.tag not in (W + "t", W + "br"):
                continue
            if el.tag == W + "br":
                parts.append(cur)
                cur = ""
            else:
                cur += el.text or ""
        cells.append(parts + [cur])
    assert ["社会公益", "组织"] in cells and ["法律服务", "机构"] in cells and ["商业企业"] in cells
    assert not any(len(c) > 1 and c[0] in ("商业企", "法律服") for c in cells)


def test_page_numbers_on_the_outer_side(example_report, tmp_path):
    out = _export(example_report, tmp_path)
    assert _xml(out, "word/settings.xml").find(W + "evenAndOddHeaders") is not None
    sect = _xml(out, "word/document.xml").find(f"{W}body/{W}sectPr")
    kinds = {ref.get(W + "type") for ref in sect.findall(W + "footerReference")}
    assert {"default", "even"} <= kinds
    with zipfile.ZipFile(out) as z:
        footers = {n: z.read(n).decode() for n in z.namelist() if re.match(r"word/footer\d*\.xml", n)}
    texts = list(footers.values())
    odd = [t for t in texts if 'w:jc w:val="right"' in t]
    even = [t for t in texts if 'w:jc w:val="left"' in t]
    assert odd and even
    for t in odd + even:
        assert "— " in t and " —" in t and 'w:instr=" PAGE "' in t
    assert 'w:right="280"' in odd[0] and 'w:left="280"' in even[0]  # 空一字 (one 4号 character)


def test_hostile_text_is_text(example_report, tmp_path):
    evil = '<w:p>&amp; =HYPERLINK("x") \x0b\u200b'
    rep = example_report
    rep.section5 = evil
    rep.overview[0] = Subsection("（一）" + evil, evil)
    texts = [t for _s, t, _r in paragraphs(_export(rep, tmp_path))]
    assert '<w:p>&amp; =HYPERLINK("x")' in texts


def test_round_trip_through_the_importer(filled, tmp_path):
    rep = filled
    rep.overview_intro = "第一段。\n第二段，有 <尖括号> & “引号”。"
    rep.section6 = "本年度我单位未收取信息处理费。\n第二段。"
    res = import_file(_export(rep, tmp_path))
    back = res.report
    assert back is not None, res.log
    assert_same_report(back, rep)


def test_the_example_round_trips(example_report, tmp_path):
    back = import_file(_export(example_report, tmp_path)).report
    assert back.tables == example_report.tables
    assert back.overview == example_report.overview and back.overview_intro == example_report.overview_intro
    assert (back.section5, back.section6) == (example_report.section5, example_report.section6)


def test_full_disk_gives_a_chinese_message_and_no_file(example_report, tmp_path, monkeypatch):
    import errno

    class Full:
        def save(self, fh):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(docxmod, "build_document", lambda report: Full())
    out = tmp_path / "满.docx"
    with pytest.raises(SaveError) as err:
        export_docx(example_report, out)
    assert "磁盘空间不足" in str(err.value)
    assert not out.exists() and leftovers(tmp_path) == []


def _libreoffice_pdf(report, tmp_path: Path) -> Path:
    """The report's .docx printed to PDF by LibreOffice (headless, its own profile)."""
    soffice = need("soffice")
    out = _export(report, tmp_path)
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "lo"), str(out)], capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "lo" / "报告.pdf"
    assert proc.returncode == 0 and pdf.is_file(), proc.stderr
    return pdf


@pytest.mark.slow
def test_libreoffice_opens_and_prints_the_document(filled, tmp_path):
    pdf = _libreoffice_pdf(filled, tmp_path)
    text = squeeze(pdf_text(pdf))
    for sec in filled.format.sections:
        assert sec.heading in text
    assert str(filled.value("t3", "total", "total")) in text and "18.8710" in text
    assert "—1—" in text and "—2—" in text


@pytest.mark.slow
def test_libreoffice_keeps_every_number_on_one_line(example_report, tmp_path):
    """A year or a figure is never split across two lines ("至20 / 24年"): the example's period sentence is one
    character too long for its line, so its last "2024" falls on the break."""
    pdf = _libreoffice_pdf(example_report, tmp_path)
    lines = [line.strip() for line in pdf_text(pdf).splitlines() if line.strip()]
    cjk = re.compile(r"[\u4e00-\u9fff]")
    split = [(a, b) for a, b in pairwise(lines)
             if cjk.search(a) and cjk.search(b) and re.search(r"\d$", a) and re.match(r"\d", b)]
    assert split == []
    assert any(line.endswith("起至") for line in lines), "the period sentence no longer breaks at its year"


def test_value_columns_hold_7_digit_figures_and_4_character_header_lines():
    from gkdesk.core.exporters import docx_parts

    for tkey, size in docx_parts.TABLE_SIZE.items():
        rel = docx_parts.TABLE_COLS.get(tkey)
        if rel is None:
            continue
        inner = min(docx_parts.TEXT_W * r / sum(rel) for r in rel[-7:]) / 20 - 2 * docx_parts.CELL_PAD / 20
        assert 8 * 0.5 * size <= inner and 4 * size <= inner, tkey  # an 8-digit total; 社会公益 / 组织


def test_every_part_is_well_formed_xml_and_declared(filled, tmp_path):
    from xml.etree import ElementTree

    out = _export(filled, tmp_path)
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        for name in names:
            ElementTree.fromstring(z.read(name))  # raises on malformed XML
        types = z.read("[Content_Types].xml").decode()
    for name in names:
        if not name.endswith(".rels") and name != "[Content_Types].xml":
            assert f'PartName="/{name}"' in types, name
    assert "word/footer1.xml" in names and "word/footer2.xml" in names
