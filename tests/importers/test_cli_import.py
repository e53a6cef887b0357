"""``gkdesk import SRC -o OUT [--log]``: exit 0 imported (even partially), 2 nothing usable or cannot save."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gkdesk.cli import main
from gkdesk.core import storage

from .helpers import report_tab_text


def test_import_township_text(tmp_path, samples_dir, example_report, capsys):
    out = tmp_path / "导入.gkreport"
    rc = main(["import", str(samples_dir / "qiuqu-township-2024.txt"), "-o", str(out)])
    text = capsys.readouterr().out
    assert rc == 0
    assert "已导入：秋渠乡2024年政府信息公开工作年度报告" in text
    rep = storage.load(out)
    assert rep.tables == example_report.tables and rep.section5 == example_report.section5


def test_import_excerpt_is_partial_but_exit_0_and_log_says_what_is_missing(tmp_path, samples_dir, capsys):
    src = sorted((samples_dir / "published").glob("05_*"))[0]
    out = tmp_path / "x.gkreport"
    rc = main(["import", str(src), "-o", str(out), "--log"])
    text = capsys.readouterr().out
    assert rc == 0 and out.exists()
    assert "导入记录" in text and "[未找到]" in text and "没有找到以下" in text


def test_nothing_usable_exits_2_and_writes_nothing(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("随便写的一段话。", encoding="utf-8")
    out = tmp_path / "x.gkreport"
    rc = main(["import", str(src), "-o", str(out)])
    err = capsys.readouterr().err
    assert rc == 2 and not out.exists()
    assert "没有导入" in err


def test_refuses_to_overwrite_without_force(tmp_path, samples_dir, capsys):
    out = tmp_path / "x.gkreport"
    out.write_text("keep me", encoding="utf-8")
    rc = main(["import", str(samples_dir / "qiuqu-township-2024.txt"), "-o", str(out)])
    assert rc == 2 and out.read_text(encoding="utf-8") == "keep me"
    assert "已经存在" in capsys.readouterr().err
    rc = main(["import", str(samples_dir / "qiuqu-township-2024.txt"), "-o", str(out), "--force"])
    assert rc == 0 and storage.load(out).meta.org_name == "秋渠乡"
    assert (tmp_path / "x.gkreport.bak").read_text(encoding="utf-8") == "keep me"


def test_output_folder_missing_is_a_chinese_error(tmp_path, samples_dir, capsys):
    rc = main(["import", str(samples_dir / "qiuqu-township-2024.txt"), "-o", str(tmp_path / "无" / "x.gkreport")])
    assert rc == 2 and "不存在" in capsys.readouterr().err


def test_check_on_imported_file_flags_wrong_published_totals(tmp_path, example_report):
    """A published report whose stated totals are wrong: ``gkdesk check`` on the imported file reports it (exit 1)."""
    pytest.importorskip("gkdesk.core.rules")
    rep = example_report.copy()
    stated = {"t3": {("new", "total"): 5}, "t4": {("review", "total"): 2}}
    src = tmp_path / "wrong.txt"
    src.write_text(report_tab_text(rep, stated=stated), encoding="utf-8")
    out = tmp_path / "wrong.gkreport"
    run = [sys.executable, "-m", "gkdesk"]
    p = subprocess.run([*run, "import", str(src), "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    p = subprocess.run([*run, "check", str(out)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 1
    assert "[T3-COLSUM]" in p.stdout and "[T4-SUM]" in p.stdout
