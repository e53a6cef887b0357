"""The .gkreport file: round trips, atomic saves, backups, changed-on-disk refusal, and clear errors for bad files."""

import contextlib
import errno
import json
import os
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkdesk.core import fileio, storage
from gkdesk.core.errors import FileChangedOnDiskError, ReportFileError, SaveError
from gkdesk.core.format import load_format
from gkdesk.core.report import LEVEL_UNDETERMINED, LastYear, Report, Subsection

FMT = load_format()
INPUTS = [(t, r, c) for t, tdef in FMT.tables.items() for r, c in tdef.input_cells()]
COMPUTED = [(t, r, c) for t, tdef in FMT.tables.items() for r, c in tdef.cells() if tdef.is_computed(r, c)]
# what a report can hold: no control characters other than TAB/LF, no surrogates, no U+FFFE/U+FFFF (issue 15)
text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
               | st.sampled_from("\t\n"), max_size=40)
count = st.one_of(st.none(), st.integers(min_value=-5, max_value=10**9))
fee = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False))
odd_text = st.sampled_from(["若干", "/x", "约3件", "N/A"])


@st.composite
def reports(draw):
    rep = Report.new(draw(text), draw(st.sampled_from([lv.key for lv in FMT.levels] + [LEVEL_UNDETERMINED])),
                     draw(st.integers(min_value=0, max_value=2100)))
    rep.meta.written_date = draw(st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2100, 1, 1))))
    rep.meta.publish_date = draw(st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2100, 1, 1))))
    rep.meta.title_override = draw(st.one_of(st.none(), text.filter(bool)))
    rep.overview_intro = draw(text)
    rep.overview = [Subsection(draw(text), draw(text)) for _ in range(draw(st.integers(0, 6)))]
    rep.section5, rep.section6 = draw(text), draw(text)
    rep.processing_fee_yuan = draw(fee)
    for t, r, c in INPUTS:
        kind = FMT.table(t).cell_type(r)
        v = draw(fee if kind == "decimal" else st.one_of(count, odd_text, st.just(Decimal("2.5"))))
        rep.set_raw(t, r, c, v)
    for t, r, c in draw(st.lists(st.sampled_from(COMPUTED), max_size=4, unique=True)):
        rep.stated.setdefault(t, {}).setdefault(r, {})[c] = draw(st.integers(0, 1000))
    if draw(st.booleans()):
        rep.last_year = LastYear(year=draw(st.integers(2000, 2100)), carry_out={"natural": draw(count)},
                                 t2_valid={"rules": draw(count)}, overview=draw(text), section5=draw(text),
                                 from_file=draw(st.booleans()))
    rep.source_format = draw(st.sampled_from([None, "2019"]))
    return rep


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_any_report_survives_save_and_load(rep):
    back = storage.loads(storage.dumps(rep))
    assert back == rep


def test_example_round_trips_through_a_file(tmp_path, example_report):
    path = tmp_path / "报告.gkreport"
    storage.save(example_report, path)
    assert storage.load(path) == example_report
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == "gkdesk.report" and doc["version"] == storage.FILE_VERSION
    assert doc["tables"]["t3"]["new"]["total"] == 0  # totals written for readers, null for blanks
    assert "秋渠乡" in path.read_text(encoding="utf-8")  # UTF-8, not \\u escapes


def test_blank_is_null_and_distinct_from_zero(tmp_path):
    rep = Report.new("甲乡", "township", 2024)
    rep.set_raw("t3", "new", "natural", 0)
    doc = json.loads(storage.dumps(rep))
    assert doc["tables"]["t3"]["new"]["natural"] == 0
    assert doc["tables"]["t3"]["new"]["commercial"] is None
    back = storage.loads(storage.dumps(rep))
    assert back.value("t3", "new", "natural") == 0 and back.value("t3", "new", "commercial") is None


def test_wrong_total_written_by_another_tool_is_kept_as_stated():
    rep = Report.new("甲乡", "township", 2024)
    rep.set_raw("t3", "new", "natural", 2)
    doc = json.loads(storage.dumps(rep))
    doc["tables"]["t3"]["new"]["total"] = 5
    back = storage.loads(json.dumps(doc).encode())
    assert back.value("t3", "new", "total") == 2
    assert back.stated_value("t3", "new", "total") == 5


def test_save_keeps_previous_version_as_backup(tmp_path, example_report):
    path = tmp_path / "r.gkreport"
    storage.save(example_report, path)
    first = path.read_bytes()
    example_report.section5 = "新的内容"
    storage.save(example_report, path)
    assert (tmp_path / "r.gkreport.bak").read_bytes() == first
    assert storage.load(path).section5 == "新的内容"


def test_interrupted_save_leaves_previous_file_intact(tmp_path, example_report, monkeypatch):
    path = tmp_path / "r.gkreport"
    storage.save(example_report, path)
    before = path.read_bytes()
    example_report.section5 = "改过"

    def crash(*_a, **_k):
        raise OSError(errno.EIO, "simulated power loss")

    monkeypatch.setattr(fileio.os, "replace", crash)
    with pytest.raises(SaveError):
        storage.save(example_report, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_writer_failing_midway_leaves_no_partial_file(tmp_path):
    target = tmp_path / "out.bin"

    def half(fh):
        fh.write(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(SaveError) as err:
        fileio.atomic_write(target, half)
    assert "磁盘空间不足" in str(err.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_gives_chinese_message(tmp_path, example_report):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(SaveError) as err:
            storage.save(example_report, folder / "r.gkreport")
        assert "没有写入权限" in str(err.value)
    finally:
        folder.chmod(0o700)


def test_read_only_target_gives_chinese_message(tmp_path, example_report, monkeypatch):
    path = tmp_path / "r.gkreport"
    storage.save(example_report, path)
    monkeypatch.setattr(fileio.os, "access", lambda *_a, **_k: False)
    with pytest.raises(SaveError) as err:
        storage.save(example_report, path)
    assert "WPS" in str(err.value) or "写入权限" in str(err.value)


def test_file_changed_on_disk_is_not_overwritten(tmp_path, example_report):
    path = tmp_path / "r.gkreport"
    storage.save(example_report, path)
    _, fp = storage.load_with_fingerprint(path)
    other = example_report.copy()
    other.section5 = "同事的修改"
    storage.save(other, path)  # someone else saves
    mine = example_report.copy()
    mine.section5 = "我的修改"
    with pytest.raises(FileChangedOnDiskError) as err:
        storage.save(mine, path, expected_fingerprint=fp, check_changed=True)
    assert "另存为" in str(err.value)
    assert storage.load(path).section5 == "同事的修改"


@pytest.mark.parametrize("data, fragment", [
    (b"", "空文件"),
    (b"PK\x03\x04\x00\xff\xfe", "不是 gkdesk 报告文件"),
    (b"{not json", "已损坏或不完整"),
    (json.dumps({"hello": 1}).encode(), "其他程序"),
    (json.dumps([1, 2]).encode(), "其他程序"),
    (json.dumps({"format": "gkdesk.report", "version": 99}).encode(), "较新版本"),
    (json.dumps({"format": "gkdesk.report", "version": 1, "meta": {"year": "2024"}}).encode(), "年度"),
    (json.dumps({"format": "gkdesk.report", "version": 1, "tables": {"t3": {"new": {"natural": "abc"}}}}).encode(),
     "不是数字"),
    (json.dumps({"format": "gkdesk.report", "version": 1, "tables": {"t3": {"nope": {}}}}).encode(), "未知的行"),
    (json.dumps({"format": "gkdesk.report", "version": 1, "report_format": "2031"}).encode(), "不认识的报告格式"),
])
def test_bad_files_raise_one_clear_error(data, fragment):
    with pytest.raises(ReportFileError) as err:
        storage.loads(data, "x.gkreport")
    assert fragment in str(err.value)


def test_truncated_file(example_path):
    data = example_path.read_bytes()
    for cut in (10, len(data) // 2, len(data) - 3):
        with pytest.raises(ReportFileError):
            storage.loads(data[:cut])


def test_missing_file_message(tmp_path):
    with pytest.raises(ReportFileError) as err:
        storage.load(tmp_path / "nope.gkreport")
    assert "找不到文件" in str(err.value)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_fuzz_damaged_files_only_raise_the_clear_error(data):
    base = bytearray(storage.dumps(Report.new("甲乡", "township", 2024)))
    n = data.draw(st.integers(1, 8))
    for _ in range(n):
        op = data.draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        pos = data.draw(st.integers(0, max(0, len(base) - 1)))
        if op == "flip" and base:
            base[pos] = data.draw(st.integers(0, 255))
        elif op == "cut":
            del base[pos:]
        elif op == "insert":
            base[pos:pos] = data.draw(st.binary(min_size=1, max_size=8))
        elif op == "delete" and base:
            del base[pos:pos + data.draw(st.integers(1, 20))]
    try:
        storage.loads(bytes(base))
    except ReportFileError as exc:
        assert str(exc) and "Traceback" not in str(exc)


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
                    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
                    max_leaves=20),
       st.sampled_from(["meta", "tables", "overview", "stated_totals", "last_year", "processing_fee_yuan",
                        "section5", "version", "source_format"]))
def test_fuzz_wrong_types_in_any_field(value, key):
    doc = json.loads(storage.dumps(Report.new("甲乡", "township", 2024)))
    doc[key] = value
    with contextlib.suppress(ReportFileError):
        storage.loads(json.dumps(doc).encode())


def test_migration_mechanism_runs_steps_in_order(monkeypatch):
    doc = json.loads(storage.dumps(Report.new("甲乡", "township", 2024)))
    doc["version"] = 0
    doc["meta"]["name_v0"] = doc["meta"].pop("org_name")
    monkeypatch.setitem(storage.MIGRATIONS, 0,
                        lambda d: {**d, "meta": {**{k: v for k, v in d["meta"].items() if k != "name_v0"},
                                                 "org_name": d["meta"]["name_v0"]}})
    assert storage.loads(json.dumps(doc).encode()).meta.org_name == "甲乡"


def test_old_version_without_migration_is_reported():
    doc = json.loads(storage.dumps(Report.new("甲乡", "township", 2024)))
    doc["version"] = 0
    with pytest.raises(ReportFileError):
        storage.loads(json.dumps(doc).encode())


def test_unwritable_folder_simulated_gives_chinese_message(tmp_path, example_report, monkeypatch):
    def denied(*_a, **_k):
        raise PermissionError(errno.EACCES, "Permission denied")

    import tempfile  # fileio imports it when it saves

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(SaveError) as err:
        storage.save(example_report, tmp_path / "new.gkreport")
    assert "没有写入权限" in str(err.value)
    assert not (tmp_path / "new.gkreport").exists()
