"""The format description: loads, is consistent, and the loader rejects inconsistent descriptions clearly."""

import json
from pathlib import Path

import pytest

from gkdesk.core.errors import FormatDefinitionError
from gkdesk.core.format import format_path, load_format, load_format_file

SPEC_LABELS = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "format-2021-labels.json"


def test_2021_format_has_six_sections_and_three_tables():
    fmt = load_format("2021")
    assert [s.heading for s in fmt.sections] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert set(fmt.tables) == {"t2", "t3", "t4"}


def test_cell_counts_and_computed_cells():
    fmt = load_format()
    t2, t3, t4 = fmt.table("t2"), fmt.table("t3"), fmt.table("t4")
    assert len(t2.input_cells()) == 10
    assert len(t3.cells()) == 175
    assert len(t3.input_cells()) == 175 - 25 - 6  # 总计 column (25) and （七）总计 row (7, one shared)
    assert t3.is_computed("new", "total") and t3.is_computed("total", "natural")
    assert not t3.is_computed("carry_out", "natural")
    assert len(t4.cells()) == 15 and len(t4.input_cells()) == 12
    assert t2.cell_type("fees") == "decimal" and t2.cell_type("rules") == "int"


@pytest.mark.skipif(not SPEC_LABELS.is_file(), reason="shared/spec 不在仓库旁边")
def test_labels_match_the_spec_labels_file():
    spec = json.loads(SPEC_LABELS.read_text(encoding="utf-8"))
    t3 = load_format().table("t3")
    for key, a, b, c in spec["t3"]["rows"]:
        assert t3.row(key).labels == tuple(x for x in (a, b, c) if x is not None)
    assert [k for k, _ in spec["t3"]["columns"]] == list(t3.columns)
    assert t3.note == spec["t3"]["note"]


def test_t3_layout_has_official_merges():
    lay = load_format().table("t3").layout
    note = lay.cells[0]
    assert (note.rowspan, note.colspan) == (3, 3) and note.text.startswith("（本列数据的勾稽关系")
    result = [c for c in lay.cells if c.text == "三、本年度办理结果"]
    assert len(result) == 1 and result[0].rowspan == 22
    deny = [c for c in lay.cells if c.text == "（三）不予公开"][0]
    assert deny.rowspan == 8
    assert lay.n_cols == 10 and lay.n_header_rows == 3 and lay.n_rows == 28


def test_t4_layout_groups():
    lay = load_format().table("t4").layout
    top = [c.text for c in lay.cells if c.row == 0]
    assert top == ["行政复议", "行政诉讼"]
    assert len(lay.value_cells()) == 15


def _broken(tmp_path, mutate):
    raw = json.loads(format_path("2021").read_text(encoding="utf-8"))
    mutate(raw)
    p = tmp_path / "gov-annual-x.json"
    p.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return p


@pytest.mark.parametrize("mutate, fragment", [
    (lambda r: r["tables"][1]["layout"]["body"][0].pop(), "没有单元格"),
    (lambda r: r["tables"][1]["layout"]["body"][0][-1].update(ref=["new", "natural"]), "版式"),
    (lambda r: r["tables"][1]["layout"]["header"][0][0].update(colspan=4), "第 1 行"),
    (lambda r: r["tables"][1]["rows"][0]["columns"].append("nope"), "不存在的列"),
    (lambda r: r["tables"][1]["rows"].append(dict(r["tables"][1]["rows"][0])), "重复"),
    (lambda r: r["sections"][1].update(table="t9"), "不存在的表"),
    (lambda r: r.pop("levels"), "缺少或写错了字段"),
    (lambda r: r.update(format="other"), "不是 gkdesk"),
])
def test_inconsistent_format_fails_clearly(tmp_path, mutate, fragment):
    with pytest.raises(FormatDefinitionError) as err:
        load_format_file(_broken(tmp_path, mutate))
    assert fragment in str(err.value)
    assert "请重新安装" in str(err.value)
