"""The built format kept between runs (core/format_cache.py): the same format cached or built; never stale; a damaged
file is ignored and rewritten."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gkdesk.core import format as fmt_mod
from gkdesk.core import format_cache
from gkdesk.core.record import Record, replace

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "qiuqu-township-2024.gkreport"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GKDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GKDESK_CODE_CACHE", raising=False)
    return tmp_path / "cache"


def _data() -> bytes:
    return fmt_mod.format_path("2021").read_bytes()


def _same(a, b) -> None:  # noqa: ANN001
    """Equal, with the same types, classes and attribute dicts all the way down (== alone would not see a class
    or a tuple that came back as a list)."""
    assert type(a) is type(b)
    if isinstance(a, Record):
        assert list(vars(a)) == list(vars(b))
        for k in vars(a):
            _same(getattr(a, k), getattr(b, k))
    elif isinstance(a, (tuple, list)):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            _same(x, y)
    elif isinstance(a, dict):
        assert list(a) == list(b)
        for k in a:
            _same(a[k], b[k])
    else:
        assert a == b


def test_cached_format_is_the_built_one(cache_dir):
    data = _data()
    built = fmt_mod.load_format_file(fmt_mod.format_path("2021"), data)
    assert format_cache.load("2021", data) is None  # nothing cached yet
    format_cache.store("2021", data, built)
    cached = format_cache.load("2021", data)
    assert cached is not None and cached is not built
    _same(cached, built)
    assert cached == built and repr(cached) == repr(built)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cached.version = "x"  # type: ignore[misc]


def test_another_file_content_or_builder_never_gets_it(cache_dir, monkeypatch):
    data = _data()
    format_cache.store("2021", data, fmt_mod.load_format_file(fmt_mod.format_path("2021"), data))
    assert format_cache.load("2021", data) is not None
    assert format_cache.load("2021", data.replace(b'"\\u4ef6"', b'"\\u4e2a"') + b" ") is None  # other content
    assert format_cache.load("2021", data[:-1] + b" ") is None  # same length, other content
    real_stat = os.stat

    def touched(path, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202 - format.py edited since
        st = real_stat(path, *a, **k)
        if str(path).endswith("format.py"):
            return os.stat_result((*st[:8], st.st_mtime + 1, st.st_ctime))
        return st

    monkeypatch.setattr(format_cache.os, "stat", touched)
    assert format_cache.load("2021", data) is None


def test_a_damaged_file_is_ignored_and_rewritten(cache_dir):
    data = _data()
    fmt_mod.load_format.cache_clear()
    try:
        built = fmt_mod.load_format()
        f = format_cache.cache_file("2021")
        blob = f.read_bytes()
        for bad in (b"", blob[: len(blob) // 2], blob[:-5] + b"xxxxx", blob[:100] + bytes([blob[100] ^ 1]) + blob[101:],
                    blob[:-3], os.urandom(len(blob))):
            f.write_bytes(bad)
            assert format_cache.load("2021", data) is None
            fmt_mod.load_format.cache_clear()
            again = fmt_mod.load_format()
            assert again == built and again is not built
            assert format_cache.load("2021", data) == built  # rewritten
    finally:
        fmt_mod.load_format.cache_clear()


def test_a_stored_value_of_the_wrong_shape_is_refused(cache_dir):
    """Data that passes the checksum but not the decoder (another program's marshal data) gives None, no error."""
    data = _data()
    for body in ((..., 99, 0), (..., 0, 0, "too few"), (..., "x"), (..., -3, ("a",), 1, 2), [1, 2], "text", (..., -9)):
        import marshal
        from binascii import crc32

        raw = marshal.dumps(body)
        f = format_cache.cache_file("2021")
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(format_cache._key(data) + crc32(raw).to_bytes(4, "big") + raw)
        assert format_cache.load("2021", data) is None


def test_what_cannot_be_stored_exactly_is_not_stored(cache_dir):
    data = _data()
    built = fmt_mod.load_format_file(fmt_mod.format_path("2021"), data)
    t = next(iter(built.tables.values()))
    shared = replace(built, sections=built.sections + built.sections[:1])  # one object twice
    foreign = replace(built, parameters={"x": object()})
    odd = replace(built, tables={**built.tables, "x": replace(t, blocks=((..., 1),))})
    for bad in (shared, foreign, odd):
        format_cache.store("2021", data, bad)
        assert not format_cache.cache_file("2021").exists()


def test_off_writes_nothing(cache_dir, monkeypatch):
    monkeypatch.setenv("GKDESK_CODE_CACHE", "0")
    data = _data()
    format_cache.store("2021", data, fmt_mod.load_format_file(fmt_mod.format_path("2021"), data))
    assert not cache_dir.exists()


def _check(cache: Path, **env: str) -> subprocess.CompletedProcess:
    e = {**os.environ, "PYTHONPATH": str(ROOT), "GKDESK_CACHE_DIR": str(cache), **env}
    return subprocess.run([sys.executable, "-m", "gkdesk", "check", str(EXAMPLE), "--json"], capture_output=True,
                          text=True, env=e, timeout=120)


def test_check_is_the_same_with_the_format_cached_damaged_and_off(tmp_path):
    off = _check(tmp_path / "off", GKDESK_CODE_CACHE="0")
    cold = _check(tmp_path / "c")
    f = tmp_path / "c" / f"format-2021-{sys.implementation.cache_tag}.bin"
    assert f.is_file()
    warm = _check(tmp_path / "c")
    f.write_bytes(f.read_bytes()[:-9] + b"123456789")
    damaged = _check(tmp_path / "c")
    for run in (cold, warm, damaged):
        assert (run.returncode, run.stdout, run.stderr) == (off.returncode, off.stdout, off.stderr)


def test_without_source_files_the_program_itself_keys_it(cache_dir, monkeypatch):
    """A bundle has no format.py on disk: the key is the program's version and executable, and it still works."""
    data = _data()
    built = fmt_mod.load_format_file(fmt_mod.format_path("2021"), data)
    format_cache.store("2021", data, built)
    monkeypatch.setattr(format_cache, "_BUILDER", ("no-such-file.py",))
    assert format_cache.load("2021", data) is None  # another key than with the sources
    format_cache.store("2021", data, built)
    assert format_cache.load("2021", data) == built


def test_cell_names_and_locations_made_on_demand_are_the_full_ones():
    """format_info names cells and makes their Locations when first asked (rules/context.py): the same as making
    them all up front, and a key that is not a cell still raises KeyError."""
    from gkdesk.core.location import Location
    from gkdesk.core.rules.context import format_info, quote

    info = format_info("2021")
    for key, ti in info.tables.items():
        for r, c in ti.tdef.cells():
            assert ti.cell_locs[(r, c)] == Location.cell(key, r, c)
            assert ti.cell_name(r, c) == f"{ti.part}表格{quote(ti.row_names[r])}一行{quote(ti.col_names[c])}一栏"
            assert ti.cell_locs[(r, c)] is ti.cell_locs[(r, c)]
        with pytest.raises(KeyError):
            ti.cell_locs[("no-such-row", "x")]
        assert set(ti.cell_locs) == set(ti.tdef.cells())


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_the_loader_schema_kept_between_runs_is_the_built_one(cache_dir, version):
    """storage_tables' per-format schema through format_cache.derived: the same data kept, stale with its code."""
    from gkdesk.core import storage_tables

    try:
        data = fmt_mod.format_path(version).read_bytes()
    except OSError:
        pytest.skip(f"no {version} format")
    built = fmt_mod.load_format_file(fmt_mod.format_path(version), data)
    want = storage_tables._build_schema(built)
    assert format_cache.derived(built, "loader-schema", storage_tables._build_schema, ("storage_tables.py",)) == want
    assert not list(cache_dir.glob("format-loader-schema-*"))  # a format not loaded through the cache: built only
    format_cache.store(version, data, built)
    calls = []

    def build(f):  # noqa: ANN001, ANN202
        calls.append(f)
        return storage_tables._build_schema(f)

    code = ("storage_tables.py", "totals.py")
    first = format_cache.derived(built, "loader-schema", build, code)
    again = format_cache.derived(built, "loader-schema", build, code)
    assert len(calls) == 1
    _same(first, want)
    _same(again, want)
    [f] = cache_dir.glob("format-loader-schema-*")
    f.write_bytes(f.read_bytes()[:-4] + b"\0\0\0\0")  # damaged: built again
    _same(format_cache.derived(built, "loader-schema", build, code), want)
    assert len(calls) == 2
    assert format_cache.derived(built, "loader-schema", build, ("storage_tables.py",)) == want  # other code: stale
    assert len(calls) == 3
    assert format_cache.derived(built, "loader-schema", lambda f: {"x": object()}, code + ("values.py",))["x"]


def test_format_info_kept_between_runs_is_the_built_one(cache_dir):
    """rules/context.format_info from format_cache.derived: every field of every TableInfo and of the FormatInfo
    equal (with the same types) to what a build makes."""
    from gkdesk.core.rules import context

    data = _data()
    built_fmt = fmt_mod.load_format_file(fmt_mod.format_path("2021"), data)
    want = context._plain_info(built_fmt)
    format_cache.store("2021", data, built_fmt)
    cached_fmt = format_cache.load("2021", data)
    calls = []

    def build(f):  # noqa: ANN001, ANN202
        calls.append(f)
        return context._plain_info(f)

    code = ("rules/context.py", "totals.py", "fields.py")
    first = format_cache.derived(cached_fmt, "rules-info", build, code)
    again = format_cache.derived(cached_fmt, "rules-info", build, code)
    assert len(calls) == 1
    _same(first, want)
    _same(again, want)
    context.format_info.cache_clear()
    fmt_mod.load_format.cache_clear()
    try:
        info = context.format_info("2021")  # through the files just written
        assert info.keys == context.role_keys(info.fmt)
        for key, ti in info.tables.items():
            assert ti.tdef is info.fmt.tables[key]
            plain = want[1][key]
            got = (ti.part, ti.heading, ti.row_names, ti.col_names, ti.inputs, ti.cell_pos, ti.row_pos, ti.computed,
                   ti.input_rows, ti.input_row_keys, ti.input_key_sets, ti.input_types, ti.leaves)
            _same(got, plain)
        assert (info.section_rank, info.t3_blocks, info.t3_details, info.t3_summed) == want[2:]
        assert info.t3_summed  # the plain-sum columns are found (not an empty set by accident)
    finally:
        context.format_info.cache_clear()
        fmt_mod.load_format.cache_clear()


def test_equal_tuples_of_strings_are_stored_once_and_nothing_else_changes():
    value = {("t3", "new"): [("t3", "new"), (1, "a"), (1.0, "a"), (True, "a")], "k": (("t3", "new"), ("x",)),
             "s": frozenset({("t3", "new")}), "n": ((1,), (1.0,))}
    shared = format_cache._shared(value, {})
    assert shared == value and [type(x[0]) for x in shared[("t3", "new")][1:]] == [int, float, bool]
    key = next(iter(shared))
    assert shared[key][0] is key and shared["k"][0] is key and next(iter(shared["s"])) is key
    assert type(shared["n"][1][0]) is float  # (1,) and (1.0,) are equal but not the same value: not merged
    import marshal

    assert marshal.loads(marshal.dumps(shared)) == value
