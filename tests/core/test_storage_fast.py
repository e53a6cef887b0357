"""The loader's short ways (issue 16, a 汇总 reads thousands of files) refuse and accept exactly what the full checks do.

* ``read_tables`` and the check of stated totals against the sums are compared, on mutated files, with the loader
  as it was before them (kept below as the reference, verbatim): the same error, or the same cells and totals.
* ``check_strings`` is skipped when the JSON text cannot hold a character it refuses: checked for every code point.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkdesk.core import storage
from gkdesk.core.errors import ReportFileError
from gkdesk.core.format import load_format
from gkdesk.core.limits import BAD_CHARS, bad_chars
from gkdesk.core.report import Report
from gkdesk.core.storage_values import _bad, _expect, value_from_json

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "qiuqu-township-2024.gkreport"
FMT = load_format()
DOC = json.loads(EXAMPLE.read_bytes(), parse_float=Decimal)


def reference_tables(doc: dict) -> Report:
    """The tables part of ``report_from_dict`` before the short ways (verbatim), on an empty report."""
    fmt = FMT
    report = Report.new(fmt=fmt)
    report.tables = {key: {r.key: {} for r in t.rows} for key, t in fmt.tables.items()}
    tables = _expect(doc.get("tables", {}), dict, "tables")
    stated_raw = _expect(doc.get("stated_totals", {}) or {}, dict, "stated_totals")
    file_totals = {}
    for tkey, rows in tables.items():
        if tkey not in fmt.tables:
            raise _bad(f"未知的表格“{tkey}”")
        tdef = fmt.table(tkey)
        _expect(rows, dict, f"tables.{tkey}")
        for rkey, cols in rows.items():
            if rkey not in tdef.row_keys:
                raise _bad(f"表格 {tkey} 中未知的行“{rkey}”")
            _expect(cols, dict, f"tables.{tkey}.{rkey}")
            rdef = tdef.row(rkey)
            for ckey, raw in cols.items():
                if ckey not in rdef.columns:
                    raise _bad(f"表格 {tkey} 行 {rkey} 中未知的列“{ckey}”")
                v = value_from_json(raw, f"{tkey}/{rkey}/{ckey}", rdef.type)
                if tdef.is_computed(rkey, ckey):
                    file_totals[(tkey, rkey, ckey)] = v
                else:
                    report.set_raw(tkey, rkey, ckey, v)
    for tkey, rows in stated_raw.items():
        if tkey not in fmt.tables:
            raise _bad(f"未知的表格“{tkey}”")
        tdef = fmt.table(tkey)
        for rkey, cols in _expect(rows, dict, f"stated_totals.{tkey}").items():
            for ckey, raw in _expect(cols, dict, f"stated_totals.{tkey}.{rkey}").items():
                if rkey not in tdef.row_keys or not tdef.is_computed(rkey, ckey):
                    raise _bad(f"stated_totals 中的 {tkey}/{rkey}/{ckey} 不是合计单元格")
                v = value_from_json(raw, f"{tkey}/{rkey}/{ckey}", tdef.row(rkey).type)
                if v is not None:
                    report.stated.setdefault(tkey, {}).setdefault(rkey, {})[ckey] = v
    for (tkey, rkey, ckey), v in file_totals.items():
        if v is not None and report.stated_value(tkey, rkey, ckey) is None and v != report.value(tkey, rkey, ckey):
            report.stated.setdefault(tkey, {}).setdefault(rkey, {})[ckey] = v
    return report


def typed(grid: dict) -> dict:
    """A grid with each value's type, so 1 and Decimal("1") differ."""
    return {t: {r: {c: (type(v).__name__, str(v)) for c, v in cols.items()} for r, cols in rows.items()}
            for t, rows in grid.items()}


def outcome(load):
    try:
        report = load()
    except ReportFileError as exc:
        return ("refused", exc.detail)
    return ("read", typed(report.tables), typed(report.stated))


CELLS = [(t, r.key, c) for t, tdef in FMT.tables.items() for r in tdef.rows for c in r.columns]
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10, max_value=10**4),
    st.sampled_from([10**12 - 1, 10**12, -(10**12) + 1, -(10**12), 10**30, 0, 1]),
    st.floats(allow_nan=False, allow_infinity=False), st.decimals(allow_nan=False, allow_infinity=False, places=6),
    st.sampled_from(["12", "1.5", "0.00001", "abc", "1e5", "9" * 70, " 3", "-2"]),
    st.text(max_size=5).map(lambda s: {"text": s}), st.just([1]), st.just({"text": 1}), st.just({"x": "y"}))
KEYS = st.one_of(st.sampled_from(CELLS), st.tuples(st.sampled_from(["t3", "t9"]), st.sampled_from(["new", "zz"]),
                                                    st.sampled_from(["natural", "total", "qq"])))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(KEYS, VALUES), max_size=4), st.lists(st.tuples(KEYS, VALUES), max_size=2),
       st.booleans())
def test_tables_are_read_as_the_reference_reads_them(changes, stated_changes, odd_shape):
    doc = json.loads(json.dumps(DOC, default=str), parse_float=Decimal)
    for (t, r, c), v in changes:
        doc["tables"].setdefault(t, {}).setdefault(r, {})[c] = v
    doc["stated_totals"] = {}
    for (t, r, c), v in stated_changes:
        doc["stated_totals"].setdefault(t, {}).setdefault(r, {})[c] = v
    if odd_shape:
        doc["tables"]["t4"] = ["not", "a", "dict"] if len(changes) % 2 else {"review": 3}
    given_away = copy.deepcopy(doc)
    new = outcome(lambda: storage.report_from_dict(doc))
    ref = outcome(lambda: reference_tables(doc))
    assert outcome(lambda: storage.report_from_dict(given_away, adopt=True)) == new  # its rows taken, not copied
    if ref[0] == "refused" or new[0] == "refused":
        assert new[:2] == ref[:2]
    else:
        assert new == ref


def test_every_cell_with_every_kind_of_value_is_read_as_the_reference_reads_it():
    """Each cell of the format (inputs and totals) in turn, with the values at every boundary of the short way."""
    values = [0, 7, -3, 10**12 - 1, 10**12, -(10**12) + 1, -(10**12), True, None, Decimal("1.5"), Decimal("2"),
              "2", {"text": "若干"}]
    for t, r, c in CELLS:
        for v in values:
            doc = json.loads(json.dumps(DOC, default=str), parse_float=Decimal)
            doc["tables"][t][r][c] = v
            given_away = copy.deepcopy(doc)
            assert outcome(lambda d=doc: storage.report_from_dict(d)) == outcome(lambda d=doc: reference_tables(d)), \
                (t, r, c, v)
            assert outcome(lambda d=given_away: storage.report_from_dict(d, adopt=True)) == \
                outcome(lambda d=doc: reference_tables(d)), (t, r, c, v)


def test_whole_tables_as_gkdesk_writes_them_are_read_in_one_step_and_the_same():
    """The example's whole-number tables take ``_whole_table`` (the 汇总's usual file), copied unless given away, and
    hold what the reference reads; a total that disagrees, a row out of order or a missing cell is read cell by cell."""
    from gkdesk.core import storage_tables

    plans = storage_tables._plans(FMT, storage_tables._schema(FMT))
    assert {"t2", "t3", "t4"} <= plans.keys()  # (t2 with its 万元 row read cell by cell)
    doc = json.loads(json.dumps(DOC, default=str), parse_float=Decimal)
    before = copy.deepcopy(doc)
    for key in ("t2", "t3", "t4"):
        report = Report.new(fmt=FMT)
        assert storage_tables._whole_table(report, key, doc["tables"][key], plans[key], adopt=False)
        assert doc == before  # a copy was taken
        assert typed({key: report.tables[key]}) == typed({key: reference_tables(doc).tables[key]})
    report = Report.new(fmt=FMT)
    rows = doc["tables"]["t3"]
    for change in ("total", "order", "missing"):
        odd = copy.deepcopy(rows)
        if change == "total":
            odd["total"]["natural"] += 1
        elif change == "order":
            odd = dict(reversed(list(odd.items())))
        else:
            del odd["new"]["natural"]
        assert not storage_tables._whole_table(report, "t3", odd, plans["t3"], adopt=True), change
    assert storage_tables._whole_table(report, "t3", rows, plans["t3"], adopt=True)
    assert report.tables["t3"] is rows and "total" not in rows["new"]  # given away: the file's rows, totals out


def test_a_wrong_total_in_the_file_is_kept_as_stated_like_before():
    doc = json.loads(json.dumps(DOC, default=str), parse_float=Decimal)
    doc["tables"]["t3"]["new"]["total"] = 999
    doc["tables"]["t3"]["total"]["natural"] = 12345
    rep = storage.report_from_dict(doc)
    assert rep.stated["t3"]["new"]["total"] == 999 and rep.stated["t3"]["total"]["natural"] == 12345
    assert typed(rep.stated) == typed(reference_tables(doc).stated)


# --- check_strings skipped only when no string can hold a refused character ------------------------------------------
def test_every_refused_character_leaves_a_sign_in_the_json_text():
    """For every code point ``check_strings`` refuses, however it is written in the file (as json.dumps writes it,
    as such, or as a \\u escape), the text either holds one of the signs or cannot be read at all."""
    refused = [cp for cp in range(0x110000) if BAD_CHARS.match(chr(cp))]
    assert len(refused) > 2000  # the control characters, DEL, the surrogates, U+FFFE/U+FFFF
    for cp in refused:
        ch = chr(cp)
        written = [json.dumps("a" + ch, ensure_ascii=False), json.dumps("a" + ch), f'"a{ch}"', f'"\\u{cp:04x}"']
        for text in written:
            try:
                data = text.encode("utf-8")
                parsed = json.loads(data.decode("utf-8-sig"))
            except (UnicodeError, ValueError):
                continue  # refused before check_strings
            # the loader looks in the file's bytes; the text form must answer the same
            assert storage._may_hold_bad_chars(data) and storage._may_hold_bad_chars(text), \
                f"U+{cp:04X} written as {text!r} reads as {parsed!r} with no sign"


@pytest.mark.parametrize("escape", ["\\b", "\\f", "\\r", "\\u0001", "\\u007f", "\\ud800", "\\uffff"])
@pytest.mark.parametrize("where", ["key", "value", "ignored"])
def test_a_refused_character_anywhere_read_is_still_refused(escape, where):
    """In a part the loader reads but does not interpret (an unknown meta key or value), only check_strings sees it."""
    doc = json.loads(EXAMPLE.read_bytes())
    if where == "ignored":
        doc["app_note"] = "MARK"  # not a key the loader reads: ignored, as before
    elif where == "key":
        doc["meta"]["MARK"] = "x"
    else:
        doc["meta"]["note"] = "MARK"
    data = json.dumps(doc, ensure_ascii=False).replace("MARK", "a" + escape).encode("utf-8")
    if where == "ignored":
        storage.loads(data)
        return
    with pytest.raises(ReportFileError, match="无法保存"):
        storage.loads(data)


def test_plain_files_need_no_walk_and_every_sample_string_is_clean():
    data = EXAMPLE.read_bytes()
    assert not storage._may_hold_bad_chars(data) and not storage._may_hold_bad_chars(data.decode("utf-8"))
    doc = json.loads(data)
    stack = [doc]
    while stack:  # the premise: nothing in such a file is refused
        node = stack.pop()
        if isinstance(node, str):
            assert not bad_chars(node)
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.binary(max_size=40), st.text(max_size=20).map(lambda t: t.encode("utf-8", "surrogatepass"))),
       st.sampled_from([b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xef\xbb", b"\xef"]))
def test_utf8_sig_is_the_codec(body, prefix):
    """storage._utf8_sig decodes as ``decode("utf-8-sig")`` does (same text, or an error both times)."""
    from gkdesk.core.storage import _utf8_sig

    data = prefix + body
    try:
        want = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        with pytest.raises(UnicodeDecodeError):
            _utf8_sig(data)
    else:
        assert _utf8_sig(data) == want


def _may_hold_reference(data: bytes | str) -> bool:
    """The sign as first written: a backslash and one of the escapes searched for, or a bad character."""
    if isinstance(data, bytes):
        return (b"\\" in data and any(s in data for s in storage._BAD_ESCAPE_BYTES)) or \
            any(s in data for s in storage._BAD_CHAR_BYTES)
    return ("\\" in data and any(s in data for s in storage._BAD_ESCAPES)) or any(s in data for s in storage._BAD_CHARS)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["\\", "\\\\", "\\n", "\\u", "u", "r", "b", "f", "n", "报告", '"', "\x7f", "\ufffe",
                                 "\uffff", "x" * 40]), max_size=200))
def test_backslashes_looked_at_one_by_one_give_the_same_sign(parts):
    """_may_hold_bad_chars walks the first 64 backslashes, then searches: the same answer as the plain searches,
    for text and bytes, with few and with many backslashes."""
    text = "".join(parts)
    for data in (text, text.encode("utf-8")):
        assert storage._may_hold_bad_chars(data) == _may_hold_reference(data), data
    many = "\\n" * 70 + text
    assert storage._may_hold_bad_chars(many) == _may_hold_reference(many)


@pytest.mark.parametrize("escape", ["\\b", "\\f", "\\r", "\\u0001", "\\u007f", "\\ud800", "\\uffff"])
@pytest.mark.parametrize("field", ["section5", "intro", "subsection", "org_name"])
def test_a_refused_character_in_a_text_is_refused_though_clean_files_skip_the_search(escape, field):
    """The texts of a file without any sign (``_may_hold_bad_chars``) are not searched again (``clean``); a file with
    one still has every text searched, and the same message as before names the field."""
    doc = json.loads(EXAMPLE.read_bytes())
    target = {"section5": (doc, "section5"), "intro": (doc["overview"], "intro"),
              "subsection": (doc["overview"]["subsections"][0], "text"), "org_name": (doc["meta"], "org_name")}[field]
    target[0][target[1]] = "MARK" + target[0][target[1]]
    data = json.dumps(doc, ensure_ascii=False).replace("MARK", "a" + escape).encode("utf-8")
    with pytest.raises(ReportFileError, match="无法保存的字符"):
        storage.loads(data)


def test_a_clean_file_reads_the_same_with_and_without_the_search():
    doc = json.loads(EXAMPLE.read_bytes(), parse_float=Decimal)
    assert storage.report_from_dict(doc, clean=True) == storage.report_from_dict(doc)
    assert storage.loads(EXAMPLE.read_bytes()) == storage.report_from_dict(doc)


def test_the_file_s_rows_are_taken_only_when_given_away():
    """``loads`` parses the file for the report alone: its usual rows become the report's (no copy). Anyone else's
    document (``savable_bytes`` writes it after the check) is left exactly as it was."""
    doc = json.loads(EXAMPLE.read_bytes(), parse_float=Decimal)
    before = copy.deepcopy(doc)
    kept = storage.report_from_dict(doc)
    assert doc["tables"] == before["tables"]  # (a version 1 file's number is raised in place, as always)
    assert all(kept.tables[t][r] is not doc["tables"][t][r] for t in doc["tables"] for r in doc["tables"][t])
    taken = storage.report_from_dict(doc, adopt=True)
    assert taken == kept
    assert taken.tables["t3"]["new"] is doc["tables"]["t3"]["new"]  # a usual row: the file's own object
    assert "total" not in doc["tables"]["t3"]["new"]  # (its 合计 computed, not stored: as in the copy)


def test_the_short_table_way_runs_without_operator_call(monkeypatch):
    """Python 3.10 (pyproject: requires-python >= 3.10) has no ``operator.call``: the loader's stand-in gives the
    same tables."""
    import importlib
    import operator

    from gkdesk.core import storage_tables

    monkeypatch.delattr(operator, "call")
    try:
        module = importlib.reload(storage_tables)
        assert module.call.__module__ == storage_tables.__name__ and module.call(max, 3, 4) == 4
        doc = json.loads(json.dumps(DOC, default=str), parse_float=Decimal)
        assert outcome(lambda: storage.report_from_dict(doc)) == outcome(lambda: reference_tables(doc))
    finally:
        monkeypatch.undo()
        importlib.reload(storage_tables)
