"""Excel export: the official layout read back (labels, merges, values), text never a formula, print setup, errors."""

from __future__ import annotations

import errno
import os
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from export_helpers import leftovers, need, pdf_text, squeeze
from openpyxl import load_workbook

from gkdesk.core.errors import SaveError
from gkdesk.core.exporters import xlsx as xlsxmod
from gkdesk.core.exporters.xlsx import GRID_TOP, META_SHEET, export_xlsx
from gkdesk.core.report import Subsection


def _export(report, tmp_path: Path, name: str = "报告.xlsx") -> Path:
    out = tmp_path / name
    export_xlsx(report, out)
    return out


def _sheet_for(wb, report, table_key):
    sec = report.format.section_for_table(table_key)
    return wb[sec.heading]


def test_sheets_in_report_order(example_report, tmp_path):
    wb = load_workbook(_export(example_report, tmp_path))
    assert wb.sheetnames == [META_SHEET] + [s.heading for s in example_report.format.sections]
    assert wb.properties.keywords == "gkdesk-xlsx-layout=2;report-format=2021"
    assert wb.properties.title == example_report.title


def test_tables_have_the_format_labels_merges_and_the_report_values(filled, tmp_path):
    wb = load_workbook(_export(filled, tmp_path), data_only=True)
    for tkey, tdef in filled.format.tables.items():
        ws = _sheet_for(wb, filled, tkey)
        merges = {str(m) for m in ws.merged_cells.ranges}
        for gc in tdef.layout.cells:
            cell = ws.cell(row=GRID_TOP + gc.row, column=1 + gc.col)
            if gc.text is not None:
                assert cell.value == gc.text
            else:
                want = filled.value(tkey, *gc.ref)
                assert cell.value == want or Decimal(str(cell.value)) == want, (tkey, gc.ref)
                assert cell.data_type == "n"
            if gc.rowspan > 1 or gc.colspan > 1:
                rng = f"{cell.coordinate}:{ws.cell(row=GRID_TOP + gc.row + gc.rowspan - 1, column=gc.col + gc.colspan).coordinate}"
                assert rng in merges, (tkey, gc)
    t3 = _sheet_for(wb, filled, "t3")
    pos = filled.format.table("t3").layout.position_of("total", "total")
    grand = t3.cell(row=GRID_TOP + pos.row, column=1 + pos.col)
    assert grand.value == filled.value("t3", "total", "total") and grand.value > 0  # a stored value, not a formula


def test_no_formulas_anywhere(filled, tmp_path):
    out = _export(filled, tmp_path)
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


def test_fee_keeps_its_decimals(example_report, tmp_path):
    example_report.set_raw("t2", "fees", "amount_wanyuan", Decimal("18.8710"))
    ws = _sheet_for(load_workbook(_export(example_report, tmp_path)), example_report, "t2")
    pos = example_report.format.table("t2").layout.position_of("fees", "amount_wanyuan")
    cell = ws.cell(row=GRID_TOP + pos.row, column=1 + pos.col)
    assert cell.number_format == "0.0000"
    places = len(cell.number_format.split(".")[1])
    assert Decimal(str(cell.value)).quantize(Decimal(1).scaleb(-places)) == Decimal("18.8710")


def test_blank_cells_are_empty_not_zero(example_report, tmp_path):
    example_report.set_raw("t3", "new", "natural", None)
    ws = _sheet_for(load_workbook(_export(example_report, tmp_path)), example_report, "t3")
    pos = example_report.format.table("t3").layout.position_of("new", "natural")
    assert ws.cell(row=GRID_TOP + pos.row, column=1 + pos.col).value is None


@pytest.mark.parametrize("evil", ['=HYPERLINK("http://example.invalid","点我")', "+1", "-x", "@a", "=1+1",
                                  # XlsxWriter would take these for rich-text XML, a URL or a number
                                  "<r><t>&amp;</t></r>", "<r>x</r>", "http://example.invalid", "0123", "_x0041_"])
def test_formula_like_text_stays_text(example_report, tmp_path, evil):
    rep = example_report
    rep.meta.org_name = evil
    rep.section5 = evil
    rep.overview[0] = Subsection(evil, evil)
    out = _export(rep, tmp_path)
    wb = load_workbook(out)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value == evil]
    assert len(cells) >= 4
    assert all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(out) as z:
        assert all(b"<f>" not in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
        for name in z.namelist():  # every part well-formed
            ElementTree.fromstring(z.read(name))
        assert b"<hyperlink" not in b"".join(z.read(n) for n in z.namelist())


def test_meta_and_narrative_by_key(filled, tmp_path):
    rep = filled
    rep.section6 = "第一段。\n\n第三段（前面一段是空的）。"
    rep.overview[1] = Subsection("（二）依申请公开", "")
    wb = load_workbook(_export(rep, tmp_path))
    meta = {r[0].value: r[2].value for r in wb[META_SHEET].iter_rows(min_row=2) if r[0].value}
    assert meta["org_name"] == "秋渠乡" and meta["year"] == 2024
    assert meta["level"] == rep.format.level("township").label
    assert meta["written_date"].date().isoformat() == "2025-01-20"
    assert Decimal(str(meta["processing_fee_yuan"])) == Decimal("3940.50")
    assert meta["title"] == rep.title and meta["format_version"] == "2021"
    assert wb[META_SHEET].column_dimensions["A"].hidden

    def texts(ws):
        out: dict[str, list[str]] = {}
        for key, text in ws.iter_rows(min_row=2, max_col=2, values_only=True):
            if key:
                out.setdefault(key, []).append(text or "")
        return {k: "\n".join(v) for k, v in out.items()}

    s6 = texts(wb[rep.format.sections[5].heading])
    assert s6 == {"section6": rep.section6}
    s1 = texts(wb[rep.format.sections[0].heading])
    assert s1["overview.intro"] == rep.overview_intro
    assert s1["overview.2.title"] == "（二）依申请公开" and s1["overview.2.text"] == ""
    assert s1[f"overview.{len(rep.overview)}.text"] == rep.overview[-1].text


def test_round_trip_through_the_importer(filled, tmp_path):
    importers = pytest.importorskip("gkdesk.core.importers")
    rep = filled
    rep.overview_intro = "第一段\n第二段"
    res = importers.import_file(_export(rep, tmp_path))
    back = res.report
    assert back is not None, res.log
    assert back.meta == rep.meta
    assert back.overview_intro == rep.overview_intro and back.overview == rep.overview
    assert (back.section5, back.section6) == (rep.section5, rep.section6)
    assert back.tables == rep.tables and back.processing_fee_yuan == rep.processing_fee_yuan


def test_print_setup(example_report, tmp_path):
    wb = load_workbook(_export(example_report, tmp_path))
    for ws in wb:
        assert int(ws.page_setup.paperSize) == 9  # A4
        # one page wide: fitToWidth absent means 1 (ECMA-376 default; XlsxWriter writes only other values)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
        assert ws.page_setup.fitToHeight == 0  # as many pages tall as needed
    t3 = _sheet_for(wb, example_report, "t3")
    assert t3.page_setup.orientation == "portrait" and t3.print_title_rows.replace("$", "") == "2:4"
    assert _sheet_for(wb, example_report, "t4").page_setup.orientation == "landscape"


@pytest.mark.slow
def test_libreoffice_opens_and_prints_the_workbook(filled, tmp_path):
    soffice = need("soffice")
    out = _export(filled, tmp_path)
    profile = tmp_path / "lo-profile"
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path / "lo"), str(out)], capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "lo" / "报告.pdf"
    assert proc.returncode == 0 and pdf.is_file(), proc.stderr
    text = squeeze(pdf_text(pdf))
    for sec in filled.format.sections:
        assert sec.heading in text
    assert str(filled.value("t3", "total", "total")) in text  # LibreOffice shows the stored totals
    assert "18.8710" in text


def test_full_disk_gives_a_chinese_message_and_no_file(example_report, tmp_path, monkeypatch):
    class Full:
        def save(self, fh):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsxmod, "build_workbook", lambda report: Full())
    out = tmp_path / "满.xlsx"
    with pytest.raises(SaveError) as err:
        export_xlsx(example_report, out)
    assert "磁盘空间不足" in str(err.value)
    assert not out.exists() and leftovers(tmp_path) == []


def test_locked_target_keeps_the_old_file(example_report, tmp_path, monkeypatch):
    import gkdesk.core.fileio as fileio

    out = tmp_path / "已打开.xlsx"
    out.write_bytes(b"old")
    real_access = os.access
    monkeypatch.setattr(fileio.os, "access", lambda p, mode: False if Path(p) == out else real_access(p, mode))
    with pytest.raises(SaveError) as err:
        export_xlsx(example_report, out)
    assert "WPS" in str(err.value)
    assert out.read_bytes() == b"old" and leftovers(tmp_path) == []


def test_target_is_a_folder(example_report, tmp_path):
    (tmp_path / "a.xlsx").mkdir()
    with pytest.raises(SaveError) as err:
        export_xlsx(example_report, tmp_path / "a.xlsx")
    assert "文件夹" in str(err.value)


# --- nothing cut, columns wide enough, frozen panes, fonts (issue 12 item 5) ------------------------------------
LONG_SENTENCES = "".join(f"第{i}句，包括“引号”、数字{i * 37}件和English words；" for i in range(1, 400))  # ~10,000 chars
NO_PUNCTUATION = "无标点的长句" * 700  # 4,200 characters without a place to break


def test_long_paragraphs_continue_over_rows_and_come_back_exactly(filled, tmp_path):
    rep = filled
    rep.section5 = LONG_SENTENCES + "\n短段。\n" + NO_PUNCTUATION
    rep.overview[0] = Subsection(rep.overview[0].title, LONG_SENTENCES)
    out = _export(rep, tmp_path)
    wb = load_workbook(out)
    ws = wb[rep.format.sections[4].heading]
    keys = [r[0].value for r in ws.iter_rows(min_row=2)]
    assert keys[0] == "section5" and keys.count("section5") == 3 and keys.count("section5+") >= 10
    for row in ws.iter_rows(min_row=2):
        text = row[1].value or ""
        assert xlsxmod.lines_needed(text, xlsxmod.TEXT_WIDTH, 12) <= xlsxmod.MAX_LINES
        assert ws.row_dimensions[row[0].row].height <= 409
    sentence_ends = [r[1].value for r in ws.iter_rows(min_row=2) if r[0].value == "section5+"][:5]
    assert all(t.endswith("；") for t in sentence_ends[:-1])  # cut after a sentence, not inside a word
    back = pytest.importorskip("gkdesk.core.importers").import_file(out).report
    assert back.section5 == rep.section5 and back.overview[0].text == LONG_SENTENCES


def test_columns_hold_7_digit_figures_and_header_labels_on_one_line(filled, tmp_path):
    wb = load_workbook(_export(filled, tmp_path))
    for tkey, tdef in filled.format.tables.items():
        ws = _sheet_for(wb, filled, tkey)
        # a <col> element may cover several columns of the same width (min..max), as XlsxWriter writes them
        by_col = {i: d.width for d in ws.column_dimensions.values() for i in range(d.min, d.max + 1)}
        width = [by_col[i + 1] for i in range(tdef.layout.n_cols)]
        for gc in tdef.layout.cells:
            w = sum(width[gc.col: gc.col + gc.colspan])
            if gc.ref is not None:
                assert w >= xlsxmod.NUMBER_WIDTH and xlsxmod.lines_needed("1234567", w, 11) == 1, (tkey, gc)
            elif gc.header and gc.rowspan <= 2 and len(gc.text) <= 12:
                assert xlsxmod.lines_needed(gc.text, w, 11) == 1, (tkey, gc.text)  # 商业企业, 法律服务机构 whole


def test_frozen_panes_under_the_table_headers(example_report, tmp_path):
    wb = load_workbook(_export(example_report, tmp_path))
    assert _sheet_for(wb, example_report, "t3").freeze_panes == "D5"  # below 3 header rows, right of the labels
    assert _sheet_for(wb, example_report, "t4").freeze_panes == "A5"
    assert _sheet_for(wb, example_report, "t2").freeze_panes == "A2"
    assert wb[example_report.format.sections[0].heading].freeze_panes == "A2"


def test_no_bold_on_heiti_or_kaiti(filled, tmp_path):
    wb = load_workbook(_export(filled, tmp_path))
    seen = set()
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None and c.font.name in ("黑体", "楷体"):
                    seen.add(c.font.name)
                    assert not c.font.b, (ws.title, c.coordinate)
    assert seen == {"黑体", "楷体"}


@pytest.mark.slow
def test_libreoffice_shows_every_figure_and_long_text(filled, tmp_path):
    soffice = need("soffice")
    rep = filled
    big = [1234567 + 1111 * i for i in range(200)]
    for (tkey, row, col, _v), n in zip(list(rep.iter_inputs()), big, strict=False):
        if rep.format.table(tkey).cell_type(row) == "int":
            rep.set_raw(tkey, row, col, n)
    rep.section6 = LONG_SENTENCES[:3000] + "全文完。"
    out = _export(rep, tmp_path)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path / "lo"), str(out)], capture_output=True, timeout=180, check=True)
    text = pdf_text(tmp_path / "lo" / "报告.pdf")
    assert "###" not in text
    flat = squeeze(text)
    for tkey, row, col, v in rep.iter_inputs():
        if isinstance(v, int):
            assert str(v) in flat, (tkey, row, col)
    assert "全文完。" in flat and "第90句" in flat


def test_a_text_longer_than_a_cell_is_refused_not_cut():
    from gkdesk.core.errors import ExportError

    ws = xlsxmod.Workbook().add("a")
    with pytest.raises(ExportError, match="上限"):
        ws.text(1, 1, "字" * 40_000, xlsxmod.S_TEXT)  # XlsxWriter alone would keep the first 32767 characters
    with pytest.raises(ExportError, match="上限"):
        ws.text(2, 1, "<r>" + "字" * 32_764 + "</r>", xlsxmod.S_TEXT)  # the same through the rich-text path
    ws.text(3, 1, "字" * 32_767, xlsxmod.S_TEXT)  # what a cell holds is written
