"""``gkdesk check`` shows 已核实 warnings apart, with their 说明, in text and --json; they are not counted as open."""

import json
import subprocess
import sys
from datetime import date

from gkdesk.core import storage
from gkdesk.core.explain import explain
from gkdesk.core.rules import validate


def run(*args):
    return subprocess.run([sys.executable, "-m", "gkdesk", *args], capture_output=True, text=True, timeout=120)


def test_explained_warning_is_listed_apart_with_its_note(tmp_path, jumped_report):
    rep = jumped_report
    yoy = [i for i in validate(rep) if i.rule.startswith("YOY")]
    assert {i.rule for i in yoy} == {"YOY-NEW", "YOY-RESULT"}
    rep.explanations = [explain(i, "今年开展农村土地确权，申请集中增加。", date(2025, 1, 12)) for i in yoy]
    path = tmp_path / "r.gkreport"
    storage.save(rep, path)

    assert len(yoy) == 3  # 本年新收, and the results 予以公开 and （七）总计
    out = run("check", str(path))
    assert "已核实（3）" in out.stdout and "核实说明：今年开展农村土地确权" in out.stdout
    assert "[YOY-NEW]" not in out.stdout.split("已核实（3）")[0]

    doc = json.loads(run("check", str(path), "--json").stdout)
    assert not any(i["rule"].startswith("YOY") for i in doc["issues"])
    assert {i["rule"] for i in doc["explained"]} == {"YOY-NEW", "YOY-RESULT"}
    assert all(i["note"].startswith("今年开展") and i["date"] == "2025-01-12" for i in doc["explained"])
    assert doc["lapsed"] == []

    rep.set_raw("t3", "new", "natural", 31)  # the figure changes: YOY-NEW's 说明 lapses
    rep.set_raw("t3", "open", "natural", 31)
    storage.save(rep, path)
    doc = json.loads(run("check", str(path), "--json").stdout)
    assert {i["rule"] for i in doc["issues"] if i["rule"].startswith("YOY")} == {"YOY-NEW", "YOY-RESULT"}
    assert len(doc["lapsed"]) == 3 and doc["explained"] == []
    assert "不再适用" in run("check", str(path)).stdout
