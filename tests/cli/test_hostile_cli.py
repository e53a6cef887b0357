"""Every entry point answers every failure with the one Chinese error of its boundary: exit status 2, a message that
starts with “错误” (or the importer's refusal), no traceback, no hang (issue 15, defects 2, 3, 4, 7, 8, 11)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gkdesk.cli import main
from gkdesk.core.errors import ExportError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "qiuqu-township-2024.gkreport"
sys.path.insert(0, str(ROOT / "tests" / "core"))
from test_hostile_loader import within  # noqa: E402


@pytest.fixture(autouse=True)
def bundled_fonts(monkeypatch):
    monkeypatch.setenv("GKDESK_PDF_FONTS", "bundled")


def _bad_report(tmp_path: Path, fee: str = "NaN") -> Path:
    """Defect 2's repro: NaN as processing_fee_yuan in the example."""
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["processing_fee_yuan"] = "PLACEHOLDER"
    path = tmp_path / "坏.gkreport"
    path.write_text(json.dumps(doc, ensure_ascii=False).replace('"PLACEHOLDER"', fee), encoding="utf-8")
    return path


def _fails_cleanly(argv: list[str], capsys) -> str:
    with within(30):
        assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()
    return err


@pytest.mark.parametrize("fee", ["NaN", "Infinity", '"1e999999999"', '"\\ud800"'])
def test_every_command_refuses_a_bad_report(tmp_path, capsys, fee):
    bad = _bad_report(tmp_path, fee)
    out = tmp_path / "out"
    for argv in (["check", str(bad)], ["check", str(EXAMPLE), "--last", str(bad)],
                 ["export", str(bad), "--xlsx", str(out) + ".xlsx"], ["next-year", str(bad), "-o", str(out)],
                 ["consolidate", str(bad), "-o", str(out) + ".gkreport"]):
        err = _fails_cleanly(argv, capsys)
        assert "错误" in err or "没有可以汇总" in err, argv
    assert not list(tmp_path.glob("out*"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFO")
def test_fifo_and_dev_zero_do_not_hang_the_cli(tmp_path, capsys):
    fifo = tmp_path / "pipe.gkreport"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    assert "不是普通文件" in _fails_cleanly(["check", str(fifo)], capsys)
    assert "不是普通文件" in _fails_cleanly(["import", str(zero), "-o", str(tmp_path / "z")], capsys)


def test_any_unexpected_failure_is_one_message_and_exit_2(monkeypatch, capsys):
    import gkdesk.core.rules as rules

    monkeypatch.setattr(rules, "validate", lambda *a, **k: [][1])
    err = _fails_cleanly(["check", str(EXAMPLE)], capsys)
    assert err.startswith("错误") and "IndexError" in err
    monkeypatch.setattr(rules, "validate", lambda *a, **k: (_ for _ in ()).throw(RecursionError()))
    assert "过于复杂" in _fails_cleanly(["check", str(EXAMPLE)], capsys)


def test_cli_in_a_fresh_process_prints_no_traceback(tmp_path):
    bad = _bad_report(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "gkdesk", "check", str(bad)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "错误" in proc.stderr


def test_symlink_loop_in_a_consolidation_folder(tmp_path, capsys):
    """Defect 7: RuntimeError from Path.resolve() in _key stopped the whole 汇总."""
    folder = tmp_path / "units"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "甲.gkreport")
    (folder / "环.gkreport").symlink_to(folder / "环.gkreport")
    with within(30):
        code = main(["consolidate", str(folder), "-o", str(tmp_path / "sum.gkreport"),
                     "--summary", str(tmp_path / "清单.xlsx")])
    captured = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in captured.err
    assert "循环" in captured.out
    assert (tmp_path / "清单.xlsx").is_file()


def test_import_of_stdin_over_the_limit_is_refused(monkeypatch, tmp_path, capsys):
    import io

    from gkdesk.core.limits import LIMITS

    class Stdin:
        buffer = io.BytesIO(b"x" * (LIMITS["import_bytes"].value + 10))

    monkeypatch.setattr(sys, "stdin", Stdin)
    assert "上限" in _fails_cleanly(["import", "-", "-o", str(tmp_path / "s")], capsys)


# --- exports (defects 4 and 7) --------------------------------------------------------------------------------------
def test_pdf_with_a_title_too_long_for_a_page_is_a_message(tmp_path, example_report):
    from gkdesk.core.exporters.pdf import export_pdf

    example_report.meta.title_override = "某" * 20_000
    with within(60), pytest.raises(ExportError, match="一页放不下"):
        export_pdf(example_report, tmp_path / "a.pdf")
    example_report.meta.title_override = None
    example_report.set_raw("t3", "carry_in", "natural", "很长的说明" * 250)
    with pytest.raises(ExportError, match="单元格"):
        export_pdf(example_report, tmp_path / "a.pdf")
    assert not (tmp_path / "a.pdf").exists()


def test_xlsx_never_malformed_and_nul_is_not_a_tab(tmp_path, example_report):
    from gkdesk.core.exporters.xlsx import export_xlsx

    example_report.section5 = "甲\x00乙\ufffe丙\ud800丁\uffff戊\t己"
    example_report.set_raw("t3", "new", "natural", 10**309)  # a 310-digit number kept in memory
    path = tmp_path / "a.xlsx"
    export_xlsx(example_report, path)
    wb = load_workbook(path)  # well-formed
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(t.startswith("甲乙丙丁戊") for t in texts)
    assert not any("甲\t乙" in t for t in texts)
    assert any(t.startswith("1000000000") and len(t) == 310 for t in texts)
