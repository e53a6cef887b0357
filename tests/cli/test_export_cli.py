"""``gkdesk export``: files written, exit codes 0/2, Chinese messages, a warning for a report with errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from gkdesk.cli import main
from gkdesk.core import storage
from gkdesk.core.report import Report


@pytest.fixture(autouse=True)
def bundled_fonts(monkeypatch):
    monkeypatch.setenv("GKDESK_PDF_FONTS", "bundled")


@pytest.fixture
def report_copy(tmp_path, example_path) -> Path:
    """The example with a 成文日期 (the example itself has none: see the undated tests)."""
    target = tmp_path / "秋渠乡.gkreport"
    rep = storage.load(example_path)
    rep.meta.written_date = date(2025, 1, 20)
    storage.save(rep, target)
    return target


def test_an_undated_report_is_not_exported_to_pdf_without_asking(tmp_path, example_path, capsys):
    src = tmp_path / "无日期.gkreport"
    shutil.copy(example_path, src)
    assert main(["export", str(src), "--pdf", str(tmp_path / "a.pdf"), "--xlsx", str(tmp_path / "a.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "没有填写成文日期" in err and "--undated" in err
    assert not (tmp_path / "a.pdf").exists() and (tmp_path / "a.xlsx").is_file()  # the workbook has no 落款
    assert main(["export", str(src), "--pdf", str(tmp_path / "a.pdf"), "--undated"]) == 0
    assert (tmp_path / "a.pdf").is_file()


def test_both_files_beside_the_report_by_default(report_copy, capsys):
    assert main(["export", str(report_copy)]) == 0
    out = capsys.readouterr().out
    for ext in (".xlsx", ".pdf"):
        target = report_copy.with_suffix(ext)
        assert target.is_file() and str(target) in out


def test_named_outputs_and_extension_added(report_copy, tmp_path):
    assert main(["export", str(report_copy), "--pdf", str(tmp_path / "出" / "x.pdf")]) == 2  # folder missing
    (tmp_path / "出").mkdir()
    assert main(["export", str(report_copy), "--pdf", str(tmp_path / "出" / "x"), "--xlsx",
                 str(tmp_path / "出" / "y.xlsx")]) == 0
    assert (tmp_path / "出" / "x.pdf").is_file() and (tmp_path / "出" / "y.xlsx").is_file()
    assert not report_copy.with_suffix(".xlsx").exists()


def test_wrong_extension_is_refused(report_copy, tmp_path, capsys):
    assert main(["export", str(report_copy), "--pdf", str(tmp_path / "a.xlsx")]) == 2
    assert "应以 .pdf 结尾" in capsys.readouterr().err
    assert not (tmp_path / "a.xlsx").exists()


def test_unreadable_report(tmp_path, capsys):
    bad = tmp_path / "坏.gkreport"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["export", str(bad)]) == 2
    assert "错误：" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "没有.gkreport")]) == 2


def test_missing_folder_message(report_copy, tmp_path, capsys):
    assert main(["export", str(report_copy), "--xlsx", str(tmp_path / "无此文件夹" / "a.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "不存在" in err and "请选择其他保存位置" in err


def test_a_report_with_errors_is_exported_with_a_warning(tmp_path, capsys):
    rep = Report.new("某某镇人民政府", "township", 2024)  # every cell blank: NUM-BLANK errors
    rep.meta.written_date = date(2025, 1, 20)
    src = tmp_path / "空.gkreport"
    storage.save(rep, src)
    assert main(["export", str(src), "--pdf", str(tmp_path / "空.pdf")]) == 0
    err = capsys.readouterr().err
    assert "警告：报告还有" in err and "个错误" in err
    assert (tmp_path / "空.pdf").is_file()


def test_the_installed_command(report_copy, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "gkdesk", "export", str(report_copy), "--xlsx",
                           str(tmp_path / "o.xlsx")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "已导出 Excel 工作簿：" in proc.stdout


def test_word_and_web_page(report_copy, tmp_path, capsys):
    assert main(["export", str(report_copy), "--docx", str(tmp_path / "审签"), "--html", str(tmp_path / "门户.htm")]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "审签.docx").is_file() and (tmp_path / "门户.htm").is_file()
    assert "已导出 Word 文档" in out and "已导出 网页文件" in out
    assert not report_copy.with_suffix(".xlsx").exists() and not report_copy.with_suffix(".pdf").exists()
    assert main(["export", str(report_copy), "--docx", str(tmp_path / "a.pdf")]) == 2
    assert "应以 .docx 结尾" in capsys.readouterr().err
