"""``gkdesk check --deadline / --fee-threshold / --duplicate-ratio``: strict parsing, Chinese errors, effect on issues."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest

from gkdesk.cli import main
from gkdesk.core import storage


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gkdesk", *args], capture_output=True, text=True, timeout=120)


def issues_of(capsys, *args: str) -> tuple[int, list[dict]]:
    code = main(["check", *args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)["issues"]


def by_rule(issues: list[dict], rule: str) -> list[dict]:
    return [i for i in issues if i["rule"] == rule]


@pytest.fixture
def published(tmp_path, example_report):
    """The example published on 2025-02-10: late for the default 1月31日, in time for a county's 2月20日."""
    example_report.meta.publish_date = date(2025, 2, 10)
    path = tmp_path / "发布.gkreport"
    storage.save(example_report, path)
    return path


def test_deadline_option_moves_the_deadline(published, capsys):
    code, issues = issues_of(capsys, str(published))
    assert code == 0
    (late,) = by_rule(issues, "DEADLINE")
    assert "2025年1月31日前" in late["message"] and "超过截止日期10天" in late["message"]
    code, issues = issues_of(capsys, str(published), "--deadline", "2-20")
    assert code == 0
    assert by_rule(issues, "DEADLINE") == []
    code, issues = issues_of(capsys, str(published), "--deadline", "2-5")
    (late,) = by_rule(issues, "DEADLINE")
    assert "2025年2月5日前" in late["message"] and "超过截止日期5天" in late["message"]


@pytest.mark.parametrize("text", ["2-20", "2月20日", "２－２０", "2/20", " 2 - 20 "])
def test_deadline_spellings(published, capsys, text):
    _, issues = issues_of(capsys, str(published), "--deadline", text)
    assert by_rule(issues, "DEADLINE") == []


def test_deadline_also_applies_to_a_county_government(tmp_path, example_report, capsys):
    example_report.meta.level = "county_gov"
    example_report.meta.publish_date = date(2025, 3, 20)
    path = tmp_path / "县.gkreport"
    storage.save(example_report, path)
    _, issues = issues_of(capsys, str(path))
    assert by_rule(issues, "DEADLINE") == []  # 3月31日 by default for 县级以上人民政府
    _, issues = issues_of(capsys, str(path), "--deadline", "3-15")
    (late,) = by_rule(issues, "DEADLINE")
    assert "2025年3月15日前" in late["message"]


def test_leap_day_is_accepted_and_falls_back_in_other_years(published, capsys):
    _, issues = issues_of(capsys, str(published), "--deadline", "2-29")
    assert by_rule(issues, "DEADLINE") == []  # published 2025-02-10; 2025 has no 2月29日 → 2月28日


def test_fee_threshold_option(tmp_path, example_report, capsys):
    example_report.set_raw("t2", "fees", "amount_wanyuan", Decimal("500"))
    path = tmp_path / "收费.gkreport"
    storage.save(example_report, path)
    _, issues = issues_of(capsys, str(path))
    assert by_rule(issues, "NUM-FEE-UNIT") == []  # 500 万元 is below the township default of 1000
    code, issues = issues_of(capsys, str(path), "--fee-threshold", "500")
    (warn,) = by_rule(issues, "NUM-FEE-UNIT")
    assert warn["severity"] == "warning" and "500万元" in warn["message"]
    assert code == 0  # a warning, not an error
    _, issues = issues_of(capsys, str(path), "--fee-threshold", "501")
    assert by_rule(issues, "NUM-FEE-UNIT") == []


def test_duplicate_ratio_option(example_path, capsys):
    _, issues = issues_of(capsys, str(example_path), "--last", str(example_path))
    assert by_rule(issues, "TXT-DUP")  # the same text: 100 %
    _, issues = issues_of(capsys, str(example_path), "--last", str(example_path), "--duplicate-ratio", "100%")
    assert by_rule(issues, "TXT-DUP") == []


@pytest.mark.parametrize(("args", "expected"), [
    (["--deadline", "2-30"], "2月没有30日"),
    (["--deadline", "13-1"], "月份 13 不存在"),
    (["--deadline", "0-10"], "月份 0 不存在"),
    (["--deadline", "2月"], "请写成“月-日”"),
    (["--deadline", "tomorrow"], "请写成“月-日”"),
    (["--deadline", "2-0"], "2月没有0日"),
    (["--fee-threshold", "abc"], "不是正整数"),
    (["--fee-threshold", "0"], "不是正整数"),
    (["--fee-threshold", "-5"], "不是正整数"),
    (["--fee-threshold", "1.5"], "不是正整数"),
    (["--fee-threshold", "999999999999"], "过大"),
    (["--duplicate-ratio", "0"], "1 到 100"),
    (["--duplicate-ratio", "150"], "1 到 100"),
    (["--duplicate-ratio", "half"], "1 到 100"),
    (["--duplicate-ratio", "nan"], "1 到 100"),
    (["--deadline"], "需要一个参数值"),
])
def test_bad_options_exit_2_with_chinese_message(example_path, capsys, args, expected):
    with pytest.raises(SystemExit) as exc:
        main(["check", str(example_path), *args])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "参数错误" in err and "gkdesk check --help" in err
    assert "Traceback" not in err


def test_options_through_the_real_command(published):
    out = run("check", str(published), "--deadline", "2-5", "--fee-threshold", "500", "--duplicate-ratio", "60")
    assert out.returncode == 0, out.stderr
    assert "[DEADLINE] 按规定应于2025年2月5日前公开本年度报告" in out.stdout
    bad = run("check", str(published), "--deadline", "2-30")
    assert bad.returncode == 2
    assert "截止日期“2-30”不存在" in bad.stderr
    assert bad.stdout == ""
    helptext = run("check", "--help").stdout
    assert "--deadline 月-日" in helptext and "--fee-threshold 万元" in helptext and "--duplicate-ratio" in helptext


def test_unknown_option_names_the_right_help_command(example_path, capsys):
    """An option no parser knows is reported by the top-level parser: it points to “gkdesk --help”, not to a
    command “gkdesk gkdesk”."""
    with pytest.raises(SystemExit) as exc:
        main(["check", str(example_path), "--bogus"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "无法识别的参数: --bogus" in err and "用 gkdesk --help 查看用法" in err and "gkdesk gkdesk" not in err
