"""The field registry: meta fields, labels and order of every location, roles, get/set — all from the format file."""

import json
from datetime import date
from decimal import Decimal

import pytest

from gkdesk.core.fields import registry
from gkdesk.core.format import load_format, load_format_file
from gkdesk.core.location import Location
from gkdesk.core.report import Report
from gkdesk.paths import resource

REG = registry()


def test_meta_fields_come_from_the_format_in_order():
    assert [m.key for m in REG.meta_fields] == ["org_name", "level", "year", "written_date", "publish_date", "title"]
    assert REG.label(Location.meta("org_name")) == "机关全称"
    assert REG.meta_field("title").attribute == "title_override"


def test_labels_of_every_kind():
    assert REG.label(Location.cell("t3", "deny_secret", "natural")) == "三、表 → 1.属于国家秘密 → 自然人"
    assert REG.label(Location.cell("t3", "deny_secret", "natural"), full_row_label=True) == \
        "三、表 → 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密 → 自然人"
    assert REG.label(Location.subsection(1, "text")) == "一、总体情况 第2小节正文"
    assert REG.label(Location.text("overview_intro")) == "一、总体情况（导语）"
    assert REG.label(Location.text("section5")) == "五、存在的主要问题及改进情况"
    assert REG.label(Location.fee()) == "六、信息处理费（元）"
    assert REG.label(Location.whole()) == "整份报告"


def test_roles_find_rows_and_columns():
    assert REG.table_key("requests") == "t3" and REG.table_key("appeals") == "t4"
    assert REG.row("requests", "carry_in") == "carry_in"
    results = REG.rows("requests", "result")
    assert len(results) == 21 and results[0] == "open" and "total" not in results
    assert REG.rows("appeals", "litigation") == ("lit_direct", "lit_after_review")
    assert REG.column("t3", "total") == "total" and len(REG.columns("t3", "applicant")) == 6
    assert REG.row("t3", "no-such-role") is None and REG.table_key("nothing") is None
    with pytest.raises(ValueError):
        REG.row("appeals", "litigation")
    totals = {k.label: k.cells for k in REG.key_totals()}
    assert totals["行政诉讼总计"] == (("lit_direct", "total"), ("lit_after_review", "total"))


def test_reading_order():
    locs = [Location.fee(), Location.cell("t3", "new", "total"), Location.meta("title"), Location.meta("org_name"),
            Location.subsection(0, "text"), Location.subsection(0, "title"), Location.text("overview_intro"),
            Location.text("section5"), Location.cell("t2", "rules", "issued")]
    assert [str(x) for x in sorted(locs, key=REG.order)] == [
        "org_name", "title", "overview.intro", "overview.1.title", "overview.1.text", "t2.rules.issued",
        "t3.new.total", "section5", "processing_fee_yuan"]


def test_get_and_set():
    rep = Report.new("某镇", year=2024)
    REG.set(rep, Location.meta("written_date"), date(2025, 1, 20))
    REG.set(rep, Location.subsection(1, "text"), "正文")
    REG.set(rep, Location.fee(), Decimal(12))
    REG.set(rep, Location.cell("t3", "new", "natural"), 3)
    REG.set(rep, Location.meta("title"), "自定标题")
    assert rep.meta.written_date == date(2025, 1, 20) and rep.overview[1].text == "正文"
    assert REG.get(rep, Location.cell("t3", "new", "total")) == 3 and rep.title == "自定标题"
    assert REG.meta_display(rep, "written_date") == "2025年1月20日"
    assert REG.meta_display(rep, "level") == "乡镇人民政府、街道办事处"
    with pytest.raises(ValueError):
        REG.set(rep, Location.cell("t3", "new", "total"), 1)
    with pytest.raises(KeyError):
        REG.set(rep, Location.meta("nope"), 1)


def test_extra_meta_field_from_a_copy_of_the_format(tmp_path):
    raw = json.loads(resource("formats", "gov-annual-2021.json").read_text(encoding="utf-8"))
    raw["meta_fields"].insert(2, {"key": "contact", "label": "联系人", "type": "text", "required": True, "print": True})
    path = tmp_path / "gov-annual-2021.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    reg = registry(load_format_file(path))
    assert [m.key for m in reg.meta_fields][:3] == ["org_name", "level", "contact"]
    rep = Report.new("某镇", year=2024)
    reg.set(rep, Location.meta("contact"), "张三")
    assert rep.meta.extra == {"contact": "张三"} and reg.get(rep, Location.meta("contact")) == "张三"
    assert reg.label(Location.meta("contact")) == "联系人"


@pytest.mark.parametrize("bad", [{"key": "t3", "label": "x", "type": "text"},
                                 {"key": "a.b", "label": "x", "type": "text"},
                                 {"key": "x", "label": "x", "type": "colour"}])
def test_bad_meta_fields_are_refused(tmp_path, bad):
    from gkdesk.core.errors import FormatDefinitionError

    raw = json.loads(resource("formats", "gov-annual-2021.json").read_text(encoding="utf-8"))
    raw["meta_fields"].append(bad)
    path = tmp_path / "f.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FormatDefinitionError):
        load_format_file(path)


def test_2019_format_has_the_request_roles():
    reg = registry(load_format("2019"))
    assert reg.row("requests", "carry_out") == "carry_out" and "ot_all" in reg.rows("requests", "result")
