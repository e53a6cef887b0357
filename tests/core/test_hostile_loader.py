"""The loader accepts only what the program can handle, reads only regular files, within limits (issue 15).

One test per defect of the issue that concerns the .gkreport file (numbers, NaN, surrogates, FIFO and /dev/zero,
cut files, GBK, last_year), and the limits themselves."""

from __future__ import annotations

import contextlib
import json
import os
import signal
from decimal import Decimal
from pathlib import Path

import pytest

from gkdesk.core import storage
from gkdesk.core.errors import ReportFileError, SaveError
from gkdesk.core.limits import LIMITS, clean_text, read_regular_file

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "qiuqu-township-2024.gkreport"


@contextlib.contextmanager
def within(seconds: float):
    """Fail instead of hanging: the body must finish in ``seconds`` (SIGALRM, main thread)."""
    def _timeout(signum, frame):  # noqa: ARG001
        raise AssertionError(f"没有在 {seconds} 秒内结束（挂起）")

    old = signal.signal(signal.SIGALRM, _timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _doc() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def _loads(doc: dict | str) -> storage.Report:
    text = doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False)
    return storage.loads(text.encode("utf-8"), "坏.gkreport")


def _refused(doc: dict | str, *fragments: str) -> str:
    with within(5), pytest.raises(ReportFileError) as err:
        _loads(doc)
    for f in fragments:
        assert f in str(err.value)
    return str(err.value)


# --- defect 1: a 13-byte value hung the loader ----------------------------------------------------------------------
@pytest.mark.parametrize("value", ["1e999999999", "-1e999999999", "1E+1000000", "9" * 60])
def test_huge_count_is_refused_at_once(value):
    doc = _doc()
    doc["tables"]["t3"]["new"]["natural"] = value
    _refused(doc, "超出范围")


def test_huge_json_number_is_refused_at_once():
    doc = _doc()
    doc["processing_fee_yuan"] = None
    text = json.dumps(doc, ensure_ascii=False).replace('"processing_fee_yuan": null',
                                                        '"processing_fee_yuan": 1e999999999')
    _refused(text, "信息处理费")


def test_counts_below_a_trillion_are_kept_and_above_refused():
    doc = _doc()
    doc["tables"]["t3"]["new"]["natural"] = 10**12 - 1
    assert _loads(doc).raw("t3", "new", "natural") == 10**12 - 1
    doc["tables"]["t3"]["new"]["natural"] = 10**12
    _refused(doc, "一万亿")


# --- defect 2: NaN / Infinity ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", '"NaN"', '"Infinity"', '"sNaN"'])
def test_nan_and_infinity_are_refused(token):
    doc = _doc()
    doc["processing_fee_yuan"] = "PLACEHOLDER"
    _refused(json.dumps(doc, ensure_ascii=False).replace('"PLACEHOLDER"', token), ".bak")
    doc = _doc()
    doc["tables"]["t2"]["rules"]["issued"] = "PLACEHOLDER"
    _refused(json.dumps(doc, ensure_ascii=False).replace('"PLACEHOLDER"', token))


def test_fee_with_more_than_four_decimals_is_refused():
    doc = _doc()
    doc["processing_fee_yuan"] = "12.34567"
    _refused(doc, "4 位小数")
    doc["processing_fee_yuan"] = "12.3400000"  # trailing zeros are not decimals
    assert _loads(doc).processing_fee_yuan == Decimal("12.34")


# --- defect 3 (and 4's cause): text UTF-8 and XML cannot carry ------------------------------------------------------
@pytest.mark.parametrize("bad", ["\\ud800", "\\udfff", "\\ufffe", "\\uffff", "\\u0000", "\\u001b", "\\u000b", "\\r"])
@pytest.mark.parametrize("field", ["section5", "org_name", "cell"])
def test_characters_a_report_cannot_hold_are_refused(bad, field):
    doc = _doc()
    if field == "org_name":
        doc["meta"]["org_name"] = "PLACEHOLDER"
    elif field == "cell":
        doc["tables"]["t2"]["rules"]["issued"] = {"text": "PLACEHOLDER"}
    else:
        doc[field] = "PLACEHOLDER"
    text = json.dumps(doc, ensure_ascii=False).replace("PLACEHOLDER", f"甲{bad}乙")
    _refused(text, "无法保存的字符")


def test_tab_and_line_feed_are_text():
    doc = _doc()
    doc["section5"] = "第一段\t缩进\n第二段"
    assert _loads(doc).section5 == "第一段\t缩进\n第二段"


def test_a_report_that_could_not_be_opened_again_is_not_saved(tmp_path, example_report):
    """Defect 3: a lone surrogate made every later save fail with UnicodeEncodeError."""
    target = tmp_path / "r.gkreport"
    storage.save(example_report, target)
    before = target.read_bytes()
    for text in ("甲\ud800乙", "甲\x00乙", "甲\ufffe乙"):
        example_report.section5 = text
        with pytest.raises(SaveError, match="无法保存的字符"):
            storage.save(example_report, target)
        assert target.read_bytes() == before
    example_report.section5 = "好" * (LIMITS["field_chars"].value + 1)
    with pytest.raises(SaveError, match="上限"):
        storage.save(example_report, target)


def test_clean_text_removes_and_counts():
    assert clean_text("甲\x00乙\ud800丙\r\n丁\ufffe\t") == ("甲乙丙\n丁\t", 3)
    assert clean_text("正常的文字\n\t") == ("正常的文字\n\t", 0)


# --- defect 11: strict last_year ------------------------------------------------------------------------------------
@pytest.mark.parametrize("change, fragment", [
    (lambda ly: ly["carry_out"].update({"nonsense": 1}), "未知的项"),
    (lambda ly: ly["carry_out"].update({"natural": "三"}), "整数"),
    (lambda ly: ly["carry_out"].update({"natural": {"text": "若干"}}), "整数"),
    (lambda ly: ly["t2_valid"].update({"rules": 1.5}), "整数"),
    (lambda ly: ly.update({"extra": 1}), "未知的项"),
    (lambda ly: ly.update({"from_file": "yes"}), "from_file"),
])
def test_last_year_is_checked_strictly(change, fragment):
    doc = _doc()
    doc["last_year"] = {"year": 2023, "carry_out": {"natural": 2}, "t2_valid": {"rules": 3}, "overview": "",
                        "section5": "", "from_file": True}
    assert _loads(doc).last_year.carry_out == {"natural": 2}
    change(doc["last_year"])
    _refused(doc, fragment)


# --- defect 11: a file cut inside a character, or saved as GBK ------------------------------------------------------
def test_file_cut_inside_a_multibyte_character_points_to_the_backup():
    data = EXAMPLE.read_bytes()
    cut = data.index("秋".encode()) + 1
    with pytest.raises(ReportFileError, match=r"\.bak"):
        storage.loads(data[:cut], "cut.gkreport")


def test_gbk_report_points_to_the_backup():
    data = EXAMPLE.read_text(encoding="utf-8").encode("gbk")
    with pytest.raises(ReportFileError) as err:
        storage.loads(data, "gbk.gkreport")
    assert ".bak" in str(err.value) and "编码" in str(err.value)


# --- defect 8: only regular files, never trusting st_size -----------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFO")
def test_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.gkreport"
    os.mkfifo(fifo)
    with within(5), pytest.raises(ReportFileError, match="不是普通文件"):
        storage.load(fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="/dev/zero")
def test_link_to_dev_zero_is_refused(tmp_path):
    link = tmp_path / "zero.gkreport"
    link.symlink_to("/dev/zero")
    with within(5), pytest.raises(ReportFileError, match="不是普通文件"):
        storage.load(link)


def test_symlink_loop_is_named(tmp_path):
    a, b = tmp_path / "a.gkreport", tmp_path / "b.gkreport"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(ReportFileError, match="循环"):
        storage.load(a)


def test_pipe_is_refused_and_size_is_counted_while_reading(tmp_path):
    """A pipe reports no size: it is refused, not read; a file over the limit is cut at the limit while reading."""
    r, w = os.pipe()
    try:
        os.write(w, b"{" * 100)
        with within(5), pytest.raises(Exception, match="不是普通文件"):
            read_regular_file(f"/dev/fd/{r}", "report_bytes")
    finally:
        os.close(r)
        os.close(w)
    big = tmp_path / "big.gkreport"
    with open(big, "wb") as fh:
        fh.truncate(LIMITS["report_bytes"].value + 1000)  # sparse: costs no disk
    with within(5), pytest.raises(ReportFileError, match="上限"):
        storage.load(big)


# --- limits on the report's shape -----------------------------------------------------------------------------------
def test_too_many_subsections_and_too_long_texts_are_refused():
    doc = _doc()
    doc["overview"]["subsections"] = [{"title": "（一）", "text": ""}] * (LIMITS["subsections"].value + 1)
    _refused(doc, "小标题", "上限")
    doc = _doc()
    doc["meta"]["org_name"] = "某" * (LIMITS["name_chars"].value + 1)
    _refused(doc, "机关名称", "上限")
    doc = _doc()
    doc["section6"] = "某" * (LIMITS["field_chars"].value + 1)
    _refused(doc, "六、其他需要报告的事项", "上限")


def test_every_limit_is_documented():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "limits.md").read_text(encoding="utf-8")
    for key, lim in LIMITS.items():
        assert f"`{key}` | {lim.shown()} |" in doc, key
