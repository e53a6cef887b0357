"""gkdesk --self-test from source: every step passes on a good installation, and a broken part is named in Chinese."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gkdesk import selftest

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "gkdesk", "--self-test", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=cwd or ROOT, timeout=180)


def test_full_self_test_passes_from_source(tmp_path):
    proc = run_cli("--keep", str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("gkdesk 自检")
    step_lines = [ln for ln in lines if ln.startswith("[")]
    assert len(step_lines) == len(selftest.STEPS)
    assert all(ln.startswith("[通过 OK") for ln in step_lines), proc.stdout
    assert f"自检通过：{len(selftest.STEPS)} 项全部正常" in lines[-1]
    # what the steps claim they checked
    assert "秋渠乡2024年政府信息公开工作年度报告" in proc.stdout
    assert "个数值全部找到" in proc.stdout
    assert "嵌入字体" in proc.stdout
    assert "打开示例并显示用时" in proc.stdout
    assert "没有任何联网尝试" in proc.stdout
    # --keep leaves the exported files for a person to look at
    kept = {p.name for p in tmp_path.iterdir()}
    assert {"自检-示例.xlsx", "自检-示例.pdf", "自检-保存.gkreport"} <= kept
    assert (tmp_path / "自检-示例.pdf").read_bytes().startswith(b"%PDF-")


def test_only_and_log(tmp_path):
    log = tmp_path / "结果.txt"
    proc = run_cli("--only", "format,example", "--log", str(log))
    assert proc.returncode == 0, proc.stderr
    text = log.read_text(encoding="utf-8")
    assert text == proc.stdout.replace("\r\n", "\n")
    assert "报告格式" in text and "示例报告" in text and "导出 PDF" not in text
    assert "2 项全部正常" in text


def test_unknown_step_is_refused_in_chinese():
    proc = run_cli("--only", "format,nonsense")
    assert proc.returncode == 2
    assert "没有名为“nonsense”的自检步骤" in proc.stderr
    assert "format" in proc.stderr  # the valid names are listed


def test_bad_option_and_help():
    bad = run_cli("--frobnicate")
    assert bad.returncode == 2 and "参数错误" in bad.stderr
    helped = run_cli("--help")
    assert helped.returncode == 0 and "自检" in helped.stdout and "--only" in helped.stdout


def test_log_into_missing_folder_fails_with_a_message(tmp_path, capsys):
    rc = selftest.run(["--only", "env", "--log", str(tmp_path / "没有这个文件夹" / "log.txt")])
    err = capsys.readouterr().err
    assert rc == 1
    assert "无法写入自检记录" in err and "不存在" in err


def _run_steps(capsys, *args: str) -> tuple[int, str]:
    rc = selftest.run(list(args))
    return rc, capsys.readouterr().out


def test_missing_module_is_a_named_failure(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "gkdesk.core.exporters.xlsx", None)  # import now raises ImportError
    rc, out = _run_steps(capsys, "--only", "example,xlsx")
    assert rc == 1
    assert "[失败 FAIL] 导出 Excel" in out
    assert "缺少“Excel 导出”模块（gkdesk.core.exporters.xlsx）" in out
    assert "1 / 2 项失败" in out


def test_a_broken_workbook_is_caught(monkeypatch, capsys):
    import gkdesk.core.exporters.xlsx as xlsx

    monkeypatch.setattr(xlsx, "export_xlsx", lambda report, path: Path(path).write_bytes(b"not a zip" * 400))
    rc, out = _run_steps(capsys, "--only", "xlsx")
    assert rc == 1 and "生成的文件不是有效的Excel 文件" in out


def test_a_workbook_missing_values_is_caught(monkeypatch, capsys):
    import gkdesk.core.exporters.xlsx as xlsx

    real = xlsx.export_xlsx

    def lossy(report, path):
        rep = report.copy()
        table, row, col, _ = next(iter(rep.iter_inputs()))
        rep.set_raw(table, row, col, None)  # one figure does not reach the workbook
        return real(rep, path)

    monkeypatch.setattr(xlsx, "export_xlsx", lossy)
    rc, out = _run_steps(capsys, "--only", "xlsx")
    assert rc == 1 and "导出的 Excel 缺少 1 / " in out


def test_a_pdf_without_embedded_fonts_is_caught(monkeypatch, capsys):
    import gkdesk.core.exporters.pdf as pdf

    fake = b"%PDF-1.4\n" + b"1 0 obj << /Type /Font /BaseFont /Helvetica >> endobj\n" * 40 + b"%%EOF\n"
    monkeypatch.setattr(pdf, "export_pdf", lambda report, path: Path(path).write_bytes(fake))
    rc, out = _run_steps(capsys, "--only", "pdf")
    assert rc == 1 and "PDF 中没有嵌入字体" in out


def test_a_crashing_step_does_not_stop_the_others(monkeypatch, capsys):
    def boom(ctx):
        raise RuntimeError("磁盘坏了")

    steps = tuple(selftest.Step(s.key, s.zh, s.en, boom if s.key == "format" else s.func) for s in selftest.STEPS)
    monkeypatch.setattr(selftest, "STEPS", steps)
    rc, out = _run_steps(capsys, "--only", "env,format,example")
    assert rc == 1
    assert "[失败 FAIL] 报告格式" in out and "RuntimeError: 磁盘坏了" in out
    assert "[通过 OK  ] 示例报告" in out


@pytest.mark.parametrize("argv", [["--only", "env"], ["--skip", "format,example,validate,save,xlsx,pdf,qt,window"]])
def test_environment_line(argv, capsys):
    rc, out = _run_steps(capsys, *argv)
    assert rc == 0
    assert "源码运行" in out and "Python" in out


def test_a_network_attempt_fails_the_self_test(monkeypatch, capsys):
    import socket

    def phones_home(ctx):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.settimeout(1)
            with contextlib.suppress(OSError):
                s.connect(("127.0.0.1", 9))  # refused at once; still an attempt the audit hook must see
        return "done"

    steps = tuple(selftest.Step(s.key, s.zh, s.en, phones_home if s.key == "format" else s.func)
                  for s in selftest.STEPS)
    monkeypatch.setattr(selftest, "STEPS", steps)
    rc, out = _run_steps(capsys, "--only", "format,network")
    assert rc == 1
    assert "[失败 FAIL] 离线检查" in out and "尝试联网 1 次" in out and "127.0.0.1" in out
    # the next run starts with a clean slate
    rc, out = _run_steps(capsys, "--only", "env,network")
    assert rc == 0, out
