"""导出 Excel / 导出 PDF from the window: dialog answers, the error question, work off the GUI thread, messages."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from gkdesk.core.issues import Issue
from gkdesk.gui import export_actions as ea


@pytest.fixture(autouse=True)
def bundled_fonts(monkeypatch):
    monkeypatch.setenv("GKDESK_PDF_FONTS", "bundled")


@pytest.fixture
def answers(monkeypatch, tmp_path):
    """Answer the dialogs like a user; record what was shown."""
    seen: dict = {"path": tmp_path / "导出.pdf", "go_on": True, "asked": [], "done": [], "errors": [],
                  "undated": [], "undated_ok": True}

    def ask_path(parent, kind, suggested):
        seen["suggested"] = suggested
        p = seen["path"]
        return None if p is None else p.with_suffix(ea.KIND_EXT[kind])

    monkeypatch.setattr(ea, "ask_export_path", ask_path)
    monkeypatch.setattr(ea, "ask_export_despite_errors", lambda parent, n: seen["asked"].append(n) or seen["go_on"])
    monkeypatch.setattr(ea, "ask_export_undated", lambda parent: seen["undated"].append(1) or seen["undated_ok"])
    monkeypatch.setattr(ea, "show_export_done", lambda parent, kind, path: seen["done"].append((kind, path)))
    monkeypatch.setattr(ea, "show_export_error", lambda parent, kind, msg: seen["errors"].append(msg))
    return seen


ERR = Issue("NUM-BLANK", "error", "表格第1处为空，没有数据的请填写0。", table="t3", row="new", column="natural")
WARN = Issue("PERIOD", "warning", "请说明统计期限。")


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "docx", "html"])
def test_export_writes_the_file_and_says_where(qtbot, example_report, answers, tmp_path, kind):
    got = ea.export_report(None, example_report, kind, [WARN], tmp_path / f"建议.{kind}")
    assert got == tmp_path / f"导出.{kind}" and got.is_file()
    assert answers["done"] == [(kind, got)] and answers["asked"] == [] and answers["errors"] == []
    assert answers["suggested"] == tmp_path / f"建议.{kind}"


def test_cancelled_dialog_writes_nothing(qtbot, example_report, answers, tmp_path):
    answers["path"] = None
    assert ea.export_report(None, example_report, "pdf", [], tmp_path / "x.pdf") is None
    assert answers["done"] == [] and list(tmp_path.iterdir()) == []


def test_errors_are_asked_about_and_no_means_no(qtbot, example_report, answers, tmp_path):
    answers["go_on"] = False
    assert ea.export_report(None, example_report, "pdf", [ERR, ERR, WARN], tmp_path / "x.pdf") is None
    assert answers["asked"] == [2] and not (tmp_path / "导出.pdf").exists()
    answers["go_on"] = True
    assert ea.export_report(None, example_report, "pdf", [ERR, ERR, WARN], tmp_path / "x.pdf") is not None


def test_an_undated_pdf_is_asked_about_first(qtbot, example_report, answers, tmp_path):
    from datetime import date

    example_report.meta.written_date = None
    answers["undated_ok"] = False
    assert ea.export_report(None, example_report, "pdf", [], tmp_path / "x.pdf") is None
    assert answers["undated"] == [1] and not (tmp_path / "导出.pdf").exists()
    assert ea.export_report(None, example_report, "xlsx", [], tmp_path / "x.xlsx") is not None  # no 落款 there
    assert answers["undated"] == [1]
    answers["undated_ok"] = True
    assert ea.export_report(None, example_report, "pdf", [], tmp_path / "x.pdf") is not None
    example_report.meta.written_date = date(2025, 1, 20)
    assert ea.export_report(None, example_report, "pdf", [], tmp_path / "x.pdf") is not None
    assert answers["undated"] == [1, 1]  # not asked when the date is there


def test_export_runs_off_the_gui_thread_with_progress(qtbot, example_report, answers, tmp_path, monkeypatch):
    threads: list[str] = []
    real = ea._exporter

    def spy(kind):
        fn = real(kind)

        def run(report, path, progress):
            threads.append(threading.current_thread().name)
            assert report is not example_report  # a snapshot: the user may keep editing
            fn(report, path, progress)

        return run

    monkeypatch.setattr(ea, "_exporter", spy)
    assert ea.export_report(None, example_report, "pdf", [], tmp_path / "x.pdf") is not None
    assert threads and threads[0] != threading.main_thread().name


def test_failure_shows_the_chinese_message(qtbot, example_report, answers, tmp_path):
    answers["path"] = tmp_path / "没有这个文件夹" / "a.pdf"
    assert ea.export_report(None, example_report, "pdf", [], tmp_path / "x.pdf") is None
    assert len(answers["errors"]) == 1 and "不存在" in answers["errors"][0]
    assert answers["done"] == []


def test_character_without_font_is_reported(qtbot, example_report, answers, tmp_path):
    example_report.section5 = "问题😀"
    assert ea.export_report(None, example_report, "pdf", [], tmp_path / "x.pdf") is None
    assert "U+1F600" in answers["errors"][0]
    assert not (tmp_path / "导出.pdf").exists()


def test_unexpected_failure_is_a_message_not_a_crash(qtbot, example_report, answers, tmp_path, monkeypatch):
    def boom(kind):
        def run(report, path, progress):
            raise RuntimeError("boom")
        return run

    monkeypatch.setattr(ea, "_exporter", boom)
    assert ea.export_report(None, example_report, "xlsx", [], tmp_path / "x.xlsx") is None
    assert "意外错误" in answers["errors"][0]


def test_window_menu_uses_it(make_window, report_file, answers, tmp_path):
    window = make_window(report_file)
    answers["path"] = tmp_path / "窗口导出.pdf"
    window.act_export_pdf.trigger()
    assert (tmp_path / "窗口导出.pdf").is_file()
    assert answers["done"] and answers["done"][0][1] == tmp_path / "窗口导出.pdf"
    for action, ext in ((window.act_export_docx, ".docx"), (window.act_export_html, ".html")):
        assert action.text().startswith("导出 Word" if ext == ".docx" else "导出网页")
        action.trigger()
        assert (tmp_path / f"窗口导出{ext}").is_file() and answers["done"][-1] == (ext[1:], tmp_path / f"窗口导出{ext}")


def test_real_dialog_texts(qtbot, monkeypatch):
    """The real question and messages are Chinese and name the count and the path."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def fake_exec(box):
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert ea.ask_export_despite_errors(None, 3) is False
    ea.show_export_done(None, "pdf", Path("/tmp/报告.pdf"))
    assert ea.ask_export_undated(None) is False
    assert shown[0].startswith("报告还有3个错误，仍要导出吗？")
    assert "PDF 文件已导出到" in shown[1] and "/tmp/报告.pdf" in shown[1]
    assert "没有填写成文日期" in shown[2] and "仍要导出吗" in shown[2]
