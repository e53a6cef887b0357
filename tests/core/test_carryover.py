"""Next year's report from this year's: meta, 上年结转 = 结转下年度, last year's figures, narrative as draft."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from gkdesk.cli import main
from gkdesk.core import storage
from gkdesk.core.carryover import next_year


@pytest.fixture
def this_year(example_report):
    rep = example_report.copy()
    cols = ("natural", "commercial", "research", "public_interest", "legal_service", "other")
    for i, c in enumerate(cols):
        rep.set_raw("t3", "new", c, 10 + i)
        rep.set_raw("t3", "open", c, 4 + i)
        rep.set_raw("t3", "carry_out", c, 6)
    rep.set_raw("t3", "carry_out", "other", None)  # a blank stays blank next year
    rep.set_raw("t2", "normative", "valid", 25)
    rep.set_raw("t2", "rules", "valid", 0)
    rep.meta.written_date = date(2025, 1, 10)
    rep.meta.publish_date = date(2025, 1, 20)
    rep.processing_fee_yuan = Decimal(100)
    rep.stated = {"t4": {"review": {"total": 3}}}
    return rep


def test_next_year_carries_over(this_year):
    pinned = datetime(2025, 1, 20, 9, 30, tzinfo=timezone.utc)  # the same clock: the same bytes
    before = storage.dumps(this_year, saved_at=pinned)
    new = next_year(this_year)
    assert storage.dumps(this_year, saved_at=pinned) == before  # the source is not changed
    assert new.meta.org_name == "秋渠乡" and new.meta.level == this_year.meta.level
    assert new.meta.year == 2025
    assert new.meta.written_date is None and new.meta.publish_date is None
    for c in ("natural", "commercial", "research", "public_interest", "legal_service"):
        assert new.raw("t3", "carry_in", c) == 6
    assert new.raw("t3", "carry_in", "other") is None
    assert new.value("t3", "carry_in", "total") == 30
    # every other figure is blank
    filled = [(t, r, c) for t, r, c, v in new.iter_inputs() if v is not None]
    assert all(r == "carry_in" for _t, r, _c in filled)
    assert new.stated == {} and new.processing_fee_yuan is None and new.source_format is None
    ly = new.last_year
    assert ly is not None and ly.from_file and ly.year == 2024
    assert ly.carry_out["natural"] == 6 and ly.carry_out["other"] is None
    assert ly.t2_valid == {"rules": 0, "normative": 25}
    assert ly.overview == this_year.overview_text() and ly.section5 == this_year.section5
    # narrative offered as a starting draft
    assert new.overview_intro == this_year.overview_intro
    assert [(s.title, s.text) for s in new.overview] == [(s.title, s.text) for s in this_year.overview]
    assert new.section5 == this_year.section5 and new.section6 == this_year.section6
    assert new.title == "秋渠乡2025年政府信息公开工作年度报告"


def test_next_year_survives_a_save(tmp_path, this_year):
    path = tmp_path / "2025.gkreport"
    storage.save(next_year(this_year), path)
    back = storage.load(path)
    assert back.last_year is not None and back.last_year.from_file
    assert back.raw("t3", "carry_in", "natural") == 6


def test_validation_sees_last_year(this_year):
    rules = pytest.importorskip("gkdesk.core.rules")
    new = next_year(this_year)
    assert not [i for i in rules.validate(new) if i.rule == "X-CARRY"]  # carried over correctly
    new.set_raw("t3", "carry_in", "natural", 99)
    issues = [i for i in rules.validate(new) if i.rule == "X-CARRY"]
    assert issues and issues[0].severity == "error"
    assert any(i.rule == "TXT-DUP" for i in rules.validate(new))  # the narrative is still last year's


def test_title_override_gets_the_new_year(this_year):
    this_year.meta.title_override = "秋渠乡2024年度政务公开年报"
    assert next_year(this_year).meta.title_override == "秋渠乡2025年度政务公开年报"


def test_next_year_cli(tmp_path, this_year, capsys):
    src = tmp_path / "2024.gkreport"
    storage.save(this_year, src)
    out = tmp_path / "2025.gkreport"
    assert main(["next-year", str(src), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "已生成 2025 年度报告草稿" in text and "总计 30 件" in text
    assert storage.load(out).meta.year == 2025
    assert main(["next-year", str(src), "-o", str(out)]) == 2  # exists
    assert "已经存在" in capsys.readouterr().err
    assert main(["next-year", str(src), "-o", str(src), "--force"]) == 2  # never over its own source
    assert "不能是本年报告本身" in capsys.readouterr().err


def test_next_year_cli_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.gkreport"
    bad.write_text("{broken", encoding="utf-8")
    assert main(["next-year", str(bad), "-o", str(tmp_path / "o.gkreport")]) == 2
    assert "错误" in capsys.readouterr().err
    assert not (tmp_path / "o.gkreport").exists()


def test_saves_are_deterministic_with_a_pinned_clock(this_year, tmp_path):
    pinned = datetime(2025, 1, 20, 9, 30, tzinfo=timezone.utc)
    a = storage.dumps(this_year, saved_at=pinned)
    storage.save(this_year, tmp_path / "a.gkreport", saved_at=pinned)
    assert (tmp_path / "a.gkreport").read_bytes() == a
    assert b'"saved_at": "2025-01-20T09:30:00+00:00"' in a
