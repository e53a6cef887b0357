"""``gkdesk check``: Chinese output grouped by severity, JSON output, exit codes."""

import json
import subprocess
import sys

import pytest

from gkdesk.core import storage


def run(*args):
    return subprocess.run([sys.executable, "-m", "gkdesk", *args], capture_output=True, text=True, timeout=120)


def test_example_has_no_errors(example_path):
    out = run("check", str(example_path))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "秋渠乡2024年政府信息公开工作年度报告" in out.stdout
    assert "0 个错误" in out.stdout


def test_errors_give_exit_1_and_json(tmp_path, example_report):
    example_report.set_raw("t3", "new", "natural", 5)  # breaks T3-ROW-SUM
    path = tmp_path / "bad.gkreport"
    storage.save(example_report, path)
    out = run("check", str(path), "--json")
    assert out.returncode == 1
    doc = json.loads(out.stdout)
    assert doc["file"] == str(path)
    rules = {i["rule"] for i in doc["issues"]}
    assert "T3-ROW-SUM" in rules
    issue = next(i for i in doc["issues"] if i["rule"] == "T3-ROW-SUM")
    assert set(issue) == {"rule", "severity", "message", "location", "table", "row", "column", "field"}
    assert issue["location"] == ".".join(p for p in (issue["table"], issue["row"], issue["column"]) if p)
    assert issue["severity"] == "error" and issue["table"] == "t3"
    text = run("check", str(path)).stdout
    assert "错误（" in text and "[T3-ROW-SUM]" in text


def test_last_year_file_enables_carry_check(tmp_path, example_report):
    last = example_report.copy()
    last.meta.year = 2023
    last.set_raw("t3", "carry_out", "natural", 2)
    last.set_raw("t3", "new", "natural", 2)
    lp = tmp_path / "2023.gkreport"
    storage.save(last, lp)
    out = run("check", str(tmp_path / "missing.gkreport"))
    assert out.returncode == 2 and "找不到文件" in out.stderr
    tp = tmp_path / "2024.gkreport"
    storage.save(example_report, tp)
    res = json.loads(run("check", str(tp), "--last", str(lp), "--json").stdout)
    carry = [i for i in res["issues"] if i["rule"] == "X-CARRY"]
    assert carry and carry[0]["severity"] == "error"


@pytest.mark.parametrize("content", [b"{broken", b"\x00\x01binary", json.dumps({"a": 1}).encode()])
def test_unreadable_file_exit_2(tmp_path, content):
    p = tmp_path / "x.gkreport"
    p.write_bytes(content)
    out = run("check", str(p))
    assert out.returncode == 2
    assert "错误：" in out.stderr and "Traceback" not in out.stderr


def test_bad_arguments_exit_2():
    out = run("check")
    assert out.returncode == 2 and "参数错误" in out.stderr
