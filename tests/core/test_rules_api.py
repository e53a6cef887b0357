"""validate(): pure, sorted, every location real, never crashes on odd values; `gkdesk check` on top of it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkdesk.core import storage
from gkdesk.core.issues import SEVERITY_ORDER, Settings
from gkdesk.core.lastyear import last_year_from
from gkdesk.core.location import parse_location
from gkdesk.core.report import LastYear, Report
from gkdesk.core.rules import validate

S = Settings(today=date(2025, 1, 10))
FIELDS = re.compile(r"^(org_name|level|year|written_date|publish_date|title|overview\.intro|overview\.\d+\.(title|text)|"
                    r"section5|section6|processing_fee_yuan)$")


def check_locations(report, issues):
    fmt = report.format
    for i in issues:
        assert i.message and re.search(r"[\u4e00-\u9fff]", i.message), i
        if i.table is not None:
            assert i.field is None and i.table in fmt.tables, i
            t = fmt.table(i.table)
            if i.row is not None:
                assert i.row in t.row_keys, i
            if i.column is not None:
                assert i.row is not None and i.column in t.row(i.row).columns, i
        else:
            assert i.field is not None and FIELDS.match(i.field), i
            m = re.match(r"overview\.(\d+)\.", i.field)
            if m:  # subsections are numbered from 1 in every string form
                assert 1 <= int(m.group(1)) <= len(report.overview), i
        assert parse_location(str(i.location), fmt) == i.location, i


def messy(example_report):
    r = example_report
    r.meta.title_override = "秋渠乡2024年度工作报告"
    r.set_raw("t3", "new", "natural", 5)
    r.set_raw("t3", "open", "commercial", "/")
    r.set_raw("t3", "carry_out", "research", -1)
    r.set_raw("t2", "rules", "issued", 2)
    r.set_raw("t2", "fees", "amount_wanyuan", Decimal(5000))
    r.stated = {"t3": {"total": {"total": 9}}, "t4": {"review": {"total": 3}}}
    r.section5 = "无"
    r.section6 = ""
    r.overview[2].text = "2023年，收到政府信息公开申请8宗。"
    r.last_year = LastYear(year=2023, carry_out={"natural": 2}, t2_valid={"normative": 5}, overview=r.overview_text(),
                           from_file=True)
    return r


def test_sorted_by_severity_then_place(example_report):
    r = messy(example_report)
    issues = validate(r, S)
    sev = [SEVERITY_ORDER[i.severity] for i in issues]
    assert sev == sorted(sev) and {i.severity for i in issues} == {"error", "warning", "hint"}
    errors = [i for i in issues if i.severity == "error"]
    # meta/title first, then 一, then the tables in order, then 五 and 六
    order = [(i.field or i.table) for i in errors]
    assert order.index("t2") < order.index("t3") < order.index("section6")
    t3 = [i for i in errors if i.table == "t3" and i.column]
    cells = r.format.table("t3").cells()
    assert [cells.index((i.row, i.column)) for i in t3] == sorted(cells.index((i.row, i.column)) for i in t3)
    check_locations(r, issues)


def test_pure(example_report):
    r = messy(example_report)
    before = storage.report_to_dict(r)
    before.pop("saved_at")
    first = validate(r, S)
    after = storage.report_to_dict(r)
    after.pop("saved_at")
    assert before == after
    assert validate(r, S) == first  # same input, same answer (caches included)


def test_default_settings_use_todays_date(example_report):
    assert any(i.rule == "DEADLINE" for i in validate(example_report))


def test_example_has_no_errors(example_report):
    issues = validate(example_report, S)
    assert [i for i in issues if i.severity == "error"] == []
    assert {i.rule for i in issues} == {"PERIOD", "TXT-SUPERVISION", "TXT-OVERVIEW", "X-CARRY", "DEADLINE", "SIGN-DATE"}


def test_next_year_from_the_example_runs_cross_year_rules(example_report):
    nxt = example_report.copy()
    nxt.meta.year = 2025
    nxt.last_year = last_year_from(example_report)
    rules = {i.rule for i in validate(nxt, S)}
    assert "TXT-DUP" in rules and "X-CARRY" not in rules  # copied text flagged; carry-over matches (0 = 0)


cell_values = st.one_of(st.none(), st.integers(-5, 10**7), st.decimals(-10, 10**6, places=6, allow_nan=False),
                        st.sampled_from(["/", "—", "无", "三", "12件", "", " 5 ", "1,234"]))
texts = st.one_of(st.text(max_size=80), st.sampled_from([
    "全年受理政府信息公开申请 12 件，答复 10 件（含上年度结转申请 1 件，另有 3 件顺延到下年度答复）。",
    "2019年以来，国办公开办函(2019)60号。向市政府提出申请5宗。", "统计期限自2024年1月1日至2024年12月31日",
    "五、存在的主要问题及改进情况", "（一）", "信息处理费0元", "行政复议1,234件"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_never_crashes_on_odd_values(example_report, data):
    r = example_report.copy()
    fmt = r.format
    for _ in range(data.draw(st.integers(0, 25))):
        t = data.draw(st.sampled_from(sorted(fmt.tables)))
        row, col = data.draw(st.sampled_from(fmt.table(t).input_cells()))
        r.set_raw(t, row, col, data.draw(cell_values))
    r.overview_intro = data.draw(texts)
    r.section5 = data.draw(texts)
    r.section6 = data.draw(texts)
    r.meta.year = data.draw(st.sampled_from([0, 2019, 2024, 2100]))
    r.meta.level = data.draw(st.sampled_from(["township", "city_gov", "nonsense"]))
    r.processing_fee_yuan = data.draw(st.one_of(st.none(), st.decimals(-5, 10**5, places=3, allow_nan=False)))
    if data.draw(st.booleans()):
        r.stated = {"t3": {"total": {"total": data.draw(cell_values)}}, "t4": {"review": {"total": 1}}}
    if data.draw(st.booleans()):
        r.last_year = LastYear(year=data.draw(st.sampled_from([None, 2023])), carry_out={"natural": data.draw(cell_values)},
                               t2_valid={"rules": data.draw(cell_values)}, overview=data.draw(texts))
    issues = validate(r, S)
    check_locations(r, issues)


def test_new_empty_report():
    r = Report.new()
    issues = validate(r, S)
    check_locations(r, issues)
    assert {"META", "SEC-SET", "NUM-BLANK"} <= {i.rule for i in issues}


def _check(*args):
    return subprocess.run([sys.executable, "-m", "gkdesk", "check", *args], capture_output=True, text=True,
                          timeout=60)


def test_cli_check_example_exit_0(example_path):
    p = _check(str(example_path))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "共 0 个错误" in p.stdout and "[PERIOD]" in p.stdout


def test_cli_check_errors_exit_1_and_json(tmp_path, example_report):
    r = messy(example_report)
    path = tmp_path / "错.gkreport"
    storage.save(r, path)
    p = _check(str(path), "--json")
    assert p.returncode == 1, p.stderr
    doc = json.loads(p.stdout)
    rules = {i["rule"] for i in doc["issues"]}
    assert {"NUM-BLANK", "NUM-INT", "T2-RULE-LEVEL", "T3-RESULT", "T4-SUM", "X-CARRY", "SEC-SET"} <= rules
    first = doc["issues"][0]
    assert set(first) == {"rule", "severity", "message", "location", "table", "row", "column", "field"}
