"""机关级别 undetermined on the command line: ``check`` names LEVEL-UNSET, ``import`` says the level must be chosen."""

from __future__ import annotations

import json

from gkdesk.cli import main
from gkdesk.core import storage
from gkdesk.core.report import LEVEL_UNDETERMINED

UNSET = "尚未确定机关级别。请在“基本信息”中选择本机关的级别：截止日期、收费金额提醒等按级别判断。"
BODY = "一、总体情况\n今年做了很多工作。\n五、存在的主要问题及改进情况\n问题和措施。\n"


def test_check_shows_level_unset_and_exits_1(tmp_path, example_report, capsys):
    example_report.meta.level = LEVEL_UNDETERMINED
    path = tmp_path / "x.gkreport"
    storage.save(example_report, path)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"[LEVEL-UNSET] {UNSET}" in out
    assert main(["check", str(path), "--json"]) == 1
    issues = json.loads(capsys.readouterr().out)["issues"]
    (unset,) = [i for i in issues if i["field"] == "level"]
    assert (unset["rule"], unset["severity"], unset["message"]) == ("LEVEL-UNSET", "error", UNSET)


def test_import_says_the_level_is_undetermined(tmp_path, capsys):
    src = tmp_path / "上海.txt"
    src.write_text("2022年上海市政府信息公开工作年度报告\n" + BODY, encoding="utf-8")
    out = tmp_path / "上海.gkreport"
    assert main(["import", str(src), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "机关级别未确定：无法从原文判断，请用 gkdesk 打开该文件，在“基本信息”中选择本机关的级别" in text
    assert storage.load(out).meta.level == LEVEL_UNDETERMINED
    assert main(["import", str(src), "-o", str(tmp_path / "b.gkreport"), "--log"]) == 0
    assert "机关级别未确定（无法从名称“上海市”判断），请在“基本信息”中选择" in capsys.readouterr().out


def test_import_with_a_known_level_says_nothing_about_it(tmp_path, capsys):
    src = tmp_path / "镇.txt"
    src.write_text("某某县某某镇人民政府2023年政府信息公开工作年度报告\n" + BODY, encoding="utf-8")
    assert main(["import", str(src), "-o", str(tmp_path / "z.gkreport")]) == 0
    assert "机关级别未确定" not in capsys.readouterr().out
