"""Importing broken or hostile files ends in a report or the importer's refusal, never a traceback or a hang, and
never reads more than the limits (issue 15, defects 5–9 and the cleaning of text)."""

from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path

import pytest

from gkdesk.core import storage
from gkdesk.core.importers import import_file, import_text
from gkdesk.core.limits import LIMITS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from hostile_files import make  # noqa: E402
from test_hostile_loader import within  # noqa: E402


def _refusal(result) -> str:
    assert result.report is None
    return " ".join(e.text for e in result.log.entries if e.kind == "missing")


# --- defect 5: compression bombs ------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", ["docx-bomb", "xlsx-bomb"])
def test_compression_bomb_is_refused_quickly(tmp_path, case):
    path, _ = make(case, tmp_path)
    with within(20):
        why = _refusal(import_file(path))
    assert "解压" in why and "上限" in why and path.name in why


def test_directory_sizes_of_an_archive_are_not_trusted(tmp_path):
    """The member sizes in a zip's directory can lie; what is decompressed is counted."""
    xml = b"<w:document xmlns:w='x'><w:body>" + b"<w:p/>" * 10 + b"</w:body></w:document>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", xml + b" " * (LIMITS["archive_member_bytes"].value + 10))
    data = bytearray(buf.getvalue())
    # rewrite the central directory's "uncompressed size" to 100 bytes
    cd = data.rindex(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (100).to_bytes(4, "little")
    path = tmp_path / "lying.docx"
    path.write_bytes(bytes(data))
    with within(20):
        result = import_file(path)
    assert result.report is None  # refused (limit, or the archive's own size check) — not read to the end


# --- defect 6: rowspan × colspan ------------------------------------------------------------------------------------
def test_spans_cannot_multiply_memory(tmp_path):
    path, _ = make("html-spans", tmp_path)
    with within(20):
        why = _refusal(import_file(path))
    assert "单元格" in why and "上限" in why


# --- defect 7: tracebacks -------------------------------------------------------------------------------------------
def test_bogus_marked_section_in_html_is_skipped(samples_dir):
    text = (samples_dir / "qiuqu-township-2024.txt").read_text(encoding="utf-8")
    html = "<html><body><![bogus[ x ]]>" + "".join(f"<p>{line}</p>" for line in text.split("\n")) + "</body></html>"
    result = import_text(html, "bogus.html")
    assert result.report is not None
    assert result.report.meta.org_name


def test_deeply_nested_mht_is_refused(tmp_path):
    path, _ = make("mht-nested", tmp_path)
    with within(20):
        why = _refusal(import_file(path))
    assert "嵌套" in why


def test_csv_field_over_128_kib_is_read(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("一、总体情况\n" + '"' + "本机关主动公开政府信息。" * 15000 + '"\n项目,数量\n', encoding="utf-8")
    result = import_file(path)  # a result, not _csv.Error
    assert result.log.to_text()
    path.write_text('"' + "长" * (LIMITS["field_chars"].value + 10) + '"\n', encoding="utf-8")
    assert "上限" in _refusal(import_file(path))


@pytest.mark.parametrize("text", ["<html><body><table>" + "<table>" * 100 + "<tr><td>1</td></tr></table>",
                                  "<html><body><table>" + "<tr>" * 60_000 + "</body></html>",
                                  "<html><body><p>" + "一\n" * 60_000 + "</p></body></html>",
                                  "一\n" * (LIMITS["import_lines"].value + 1)])
def test_nesting_rows_and_lines_are_limited(text):
    with within(20):
        result = import_text(text, "x.html")
    assert "上限" in _refusal(result)


def test_unclosed_scripts_and_comments_are_linear():
    html = "<html><body><p>一、总体情况</p>" + "<script>" * 200_000 + "<!--" * 200_000
    with within(10):
        import_text(html, "x.html")


# --- defect 8: FIFO, /dev/zero ---------------------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFO")
def test_fifo_and_dev_zero_are_refused(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    link = tmp_path / "zero.html"
    link.symlink_to("/dev/zero")
    with within(5):
        assert "不是普通文件" in _refusal(import_file(fifo))
        assert "不是普通文件" in _refusal(import_file(link))


# --- numbers and characters the report cannot hold ------------------------------------------------------------------
def test_an_absurd_figure_in_a_table_stays_text_and_does_not_hang(samples_dir):
    text = (samples_dir / "qiuqu-township-2024.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    i = next(i for i, ln in enumerate(lines) if ln.strip().startswith("规章"))
    lines[i] = lines[i].replace(lines[i].split()[1], "1e999999999", 1)
    with within(10):
        result = import_text("\n".join(lines), "x.txt")
    assert result.report is not None
    assert storage.unsavable(result.report) is None


def test_imported_text_is_cleaned_with_a_note(samples_dir):
    text = (samples_dir / "qiuqu-township-2024.txt").read_text(encoding="utf-8")
    dirty = text.replace("五、存在的主要问题及改进情况\n", "五、存在的主要问题及改进情况\n\x00\x1b\ufffe\ud800", 1)
    result = import_text(dirty, "dirty.txt")
    assert result.report is not None
    assert storage.unsavable(result.report) is None
    notes = [e.text for e in result.log.entries if "无法保存的字符" in e.text]
    assert notes, result.log.to_text()


def test_the_importer_never_raises(monkeypatch, tmp_path):
    """Whatever goes wrong inside (here: the pipeline failing), the boundary gives a refusal with a reason."""
    import gkdesk.core.importers as importers

    def broken(doc):
        raise RecursionError("deep")

    monkeypatch.setattr(importers, "build", broken)
    assert "过于复杂" in _refusal(import_text("一、总体情况\n本机关", "x.txt"))
    monkeypatch.setattr(importers, "build", lambda doc: 1 / 0)
    path = tmp_path / "a.txt"
    path.write_text("一、总体情况\n本机关", encoding="utf-8")
    assert "ZeroDivisionError" in _refusal(import_file(path))
