"""PDF export: complete extractable text, embedded fonts, page geometry, rare characters, literal markup, errors."""

from __future__ import annotations

import errno
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from export_helpers import appears, leftovers, need, pdf_text, squeeze

from gkdesk.core.errors import ExportError, SaveError
from gkdesk.core.exporters import pdf as pdfmod
from gkdesk.core.exporters.common import cell_text
from gkdesk.core.exporters.fonts import font_set
from gkdesk.core.exporters.pdf import export_pdf
from gkdesk.core.report import Subsection

MM = 72 / 25.4


def _export(report, tmp_path: Path, name: str = "报告.pdf") -> Path:
    out = tmp_path / name
    export_pdf(report, out)
    assert out.is_file() and out.stat().st_size > 1000
    return out


def test_every_heading_label_and_paragraph_of_the_example_is_in_the_text(example_report, tmp_path):
    out = _export(example_report, tmp_path)
    text = re.sub(r"—\d+—", "", squeeze(pdf_text(out)))  # page numbers inside paragraphs that cross pages
    fmt = example_report.format
    assert squeeze(example_report.title) in text
    assert squeeze(example_report.period_text) in text
    for sec in fmt.sections:
        assert sec.heading in text, sec.heading
    paragraphs = [example_report.overview_intro, example_report.section5, example_report.section6]
    for sub in example_report.overview:
        paragraphs += [sub.title, sub.text]
    for para in paragraphs:
        for line in para.split("\n"):
            assert squeeze(line) in text, line[:30]
    missing = [c.text for t in fmt.tables.values() for c in t.layout.cells
               if c.text and not appears(c.text, text)]
    assert missing == []
    assert squeeze(example_report.meta.org_name) in text[-40:]  # 落款 at the end


def test_table_values_and_computed_totals_are_printed(filled, tmp_path):
    out = _export(filled, tmp_path)
    text = pdf_text(out)
    t3 = filled.format.table("t3")
    totals = {cell_text(filled.value("t3", r.key, "total")) for r in t3.rows}
    tokens = set(re.findall(r"[\d.]+", text))
    assert totals <= tokens
    assert "18.8710" in tokens  # the fee exactly as stored, trailing zero included
    assert cell_text(filled.value("t4", "review", "total")) in tokens
    assert "2025年1月20日" in squeeze(text)


def test_blank_cells_stay_blank(example_report, tmp_path):
    def zero_cells(report) -> int:
        text = pdf_text(_export(report, tmp_path))
        body = text.split("二、主动公开政府信息情况")[1].split("五、存在的主要问题及改进情况")[0]
        return len(re.findall(r"^\s*0\s*$", body, re.M))

    assert zero_cells(example_report) > 100  # the example's zeros are printed
    for tkey, tdef in example_report.format.tables.items():
        for row, col in tdef.input_cells():
            example_report.set_raw(tkey, row, col, None)
    assert zero_cells(example_report) == 0, "a blank cell was printed as 0"


def test_every_font_is_embedded(filled, tmp_path):
    need("pdffonts")
    out = _export(filled, tmp_path)
    lines = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert lines, "no fonts listed"
    for line in lines:
        cols = line.split()
        emb = cols[-5]
        assert emb == "yes", line


def test_document_properties(example_report, tmp_path):
    need("pdfinfo")
    out = _export(example_report, tmp_path)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Title:           秋渠乡2024年政府信息公开工作年度报告" in info
    assert "Author:          秋渠乡" in info
    assert re.search(r"Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)", info)


def _words(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """(page, xmin, ymin, xmax, ymax, word) in points from the top-left, via pdftotext -bbox."""
    html = pdf_text(pdf, "-bbox")
    out = []
    page = 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            out.append((page, *map(float, m.groups()[:4]), m.group(5)))
    return out


def _long_report(report):
    report.section5 = "\n".join(["这是为了检查版面而写的一段较长的文字，内容没有实际意义，只用来占满整页。" * 4] * 12)
    return report


def test_margins_lines_per_page_and_page_numbers(example_report, tmp_path):
    out = _export(_long_report(example_report), tmp_path)
    words = _words(out)
    pages = max(w[0] for w in words)
    assert pages >= 4
    numbers = {w[0]: w for w in words if re.fullmatch(r"\d+", w[5]) and w[2] > (37 + 225 + 2) * MM}
    text_words = [w for w in words if w not in numbers.values() and w[5] not in ("—",)]
    left, top, right, bottom = 28 * MM, 37 * MM, (28 + 156) * MM, (37 + 225) * MM
    for w in text_words:
        assert w[1] >= left - 1.5, w
        assert w[3] <= right + 17, w  # at most one hanging punctuation mark past the text block
        assert w[2] >= top - 1.5, w
        assert w[4] <= bottom + 1.5, w
    # page numbers: on every page, 7 mm below the text block, odd pages right, even pages left
    for p in range(1, pages + 1):
        w = numbers[p]
        assert w[5] == str(p)
        assert abs(w[2] - (bottom + 7 * MM)) < 3 * MM, w
        if p % 2:
            assert w[3] > right - 3 * 14, w
        else:
            assert w[1] < left + 3 * 14, w
    # a page of plain text has 22 lines (GB/T 9704: 22 lines of 28 characters)
    last_text_page = max(p for p in range(1, pages + 1) if sum(1 for w in text_words if w[0] == p) > 10)
    full = last_text_page - 1
    baselines = {round(w[4]) for w in text_words if w[0] == full}
    assert len(baselines) == 22


def test_rare_characters_come_out_intact(example_report, tmp_path):
    rep = example_report
    rep.meta.org_name = "西安市鄠邑区人民政府"
    rep.overview[0] = Subsection("（一）主动公开：", "联系人张堃、李珺、王喆、赵赟，电话029-84811234。")
    text = squeeze(pdf_text(_export(rep, tmp_path)))
    assert "西安市鄠邑区人民政府2024年" in text
    assert "张堃、李珺、王喆、赵赟" in text
    assert "029-84811234" in text


def test_markup_like_text_is_printed_literally(example_report, tmp_path):
    rep = example_report
    rep.section6 = '<b>不是粗体</b> & <font name="Helvetica" color="red">红</font> &amp; a<b <br/> &lt;'
    rep.meta.org_name = "A&B<镇>"
    text = pdf_text(_export(rep, tmp_path))
    assert squeeze(rep.section6) in squeeze(text)
    assert "A&B<镇>" in text


def test_a_character_no_font_has_stops_the_export_and_names_it(example_report, tmp_path):
    rep = example_report
    rep.section6 = "本年度未收取信息处理费😀。"
    out = tmp_path / "x.pdf"
    with pytest.raises(ExportError) as err:
        export_pdf(rep, out)
    msg = str(err.value)
    assert "😀" in msg and "U+1F600" in msg and "六、其他需要报告的事项" in msg
    assert not out.exists() and leftovers(tmp_path) == []


def test_invisible_format_characters_are_dropped_not_refused(example_report, tmp_path):
    rep = example_report
    rep.section6 = "\ufeff本年度\u200b未收取\u00ad信息处理费。"
    assert "本年度未收取信息处理费。" in squeeze(pdf_text(_export(rep, tmp_path)))


def test_rare_character_falls_back_to_another_face():
    fs = font_set()
    segs = fs.segments("（一）堃", "heading2", "test")
    kai = fs.primary("heading2")
    assert segs[0][0] is kai and "堃" not in "".join(t for f, t in segs if f is kai)
    assert "堃" in segs[-1][1] and segs[-1][0].has("堃")


def test_long_title_breaks_before_the_fixed_part(example_report):
    rep = example_report
    rep.meta.org_name = "某某省某某市某某县某某镇人民政府"
    lines = pdfmod.title_lines(rep, font_set())
    assert lines == ["某某省某某市某某县某某镇人民政府2024年", "政府信息公开工作年度报告"]
    rep.meta.org_name = "秋渠乡"
    assert len(pdfmod.title_lines(rep, font_set())) == 1


def test_run_in_subsection_titles_and_standalone_ones(example_report, tmp_path):
    rep = example_report
    rep.overview[0] = Subsection("（一）主动公开方面：", "第一段。\n第二段。")
    rep.overview[1] = Subsection("（二）依申请公开", "独立标题下的正文。")
    lines = [squeeze(x) for x in pdf_text(_export(rep, tmp_path)).splitlines() if x.strip()]
    assert any(x.startswith("（一）主动公开方面：第一段。") for x in lines)
    assert "（二）依申请公开" in lines


def test_progress_is_reported_to_the_end(example_report, tmp_path):
    seen: list[tuple[int, int]] = []
    export_pdf(example_report, tmp_path / "p.pdf", progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_full_disk_gives_a_chinese_message_and_no_file(example_report, tmp_path, monkeypatch):
    def full(self, fh):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pdfmod.PdfWriter, "write", full)
    out = tmp_path / "满.pdf"
    with pytest.raises(SaveError) as err:
        export_pdf(example_report, out)
    assert "磁盘空间不足" in str(err.value)
    assert not out.exists() and leftovers(tmp_path) == []


def test_missing_folder_gives_a_chinese_message(example_report, tmp_path):
    with pytest.raises(SaveError) as err:
        export_pdf(example_report, tmp_path / "不存在" / "a.pdf")
    assert "不存在" in str(err.value) and "请选择其他保存位置" in str(err.value)


def test_locked_target_keeps_the_old_file(example_report, tmp_path, monkeypatch):
    import gkdesk.core.fileio as fileio

    out = tmp_path / "已打开.pdf"
    out.write_bytes(b"old")
    real_access = fileio.os.access
    monkeypatch.setattr(fileio.os, "access", lambda p, mode: False if Path(p) == out else real_access(p, mode))
    with pytest.raises(SaveError) as err:
        export_pdf(example_report, out)
    assert "WPS" in str(err.value) and "关闭" in str(err.value)
    assert out.read_bytes() == b"old" and leftovers(tmp_path) == []


def test_unwritable_folder(example_report, tmp_path, monkeypatch):
    import tempfile  # gkdesk.core.fileio imports it when it saves

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(SaveError) as err:
        export_pdf(example_report, tmp_path / "a.pdf")
    assert "没有写入权限" in str(err.value)


def test_fee_decimal_exact_and_text_value_printed(example_report, tmp_path):
    rep = example_report
    rep.set_raw("t2", "fees", "amount_wanyuan", Decimal("7730.28"))
    rep.set_raw("t2", "licensing", "decisions", "约30")  # text kept from an import: printed as it is
    text = pdf_text(_export(rep, tmp_path))
    assert "7730.28" in text and "约30" in text


def test_no_line_starts_with_closing_punctuation(example_report, tmp_path):
    rep = _long_report(example_report)
    rep.section6 = "，".join(["短句"] * 80) + "。"  # a comma would fall at the start of many lines
    lines = pdf_text(_export(rep, tmp_path)).splitlines()
    assert [x for x in lines if x and x[0] in "，。、；：？！）》”"] == []


@pytest.mark.parametrize(("org", "first"), [
    ("西安市鄠邑区某某街道办事处（综合执法队）", "西安市鄠邑区某某街道办事处"),
    ("某某市某某区人民政府某某街道办事处", "某某市某某区人民政府"),
])
def test_long_names_break_between_name_parts(example_report, org, first):
    example_report.meta.org_name = org
    lines = pdfmod.title_lines(example_report, font_set())
    assert lines[0] == first and lines[-1] == "政府信息公开工作年度报告"
    assert "".join(lines) == example_report.title


def test_a_brand_new_empty_report_exports(tmp_path):
    from gkdesk.core.exporters.xlsx import export_xlsx
    from gkdesk.core.report import Report

    rep = Report.new()
    export_xlsx(rep, tmp_path / "空.xlsx")
    text = pdf_text(_export(rep, tmp_path, "空.pdf"))
    assert "政府信息公开工作年度报告" in text and "一、总体情况" in text
