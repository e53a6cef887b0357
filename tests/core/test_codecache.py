"""The start-up code cache (core/codecache.py): same results cold, warm and with a damaged file; never stale."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gkdesk.core import codecache

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "qiuqu-township-2024.gkreport"


def _check(cache_dir: Path, *extra: str, **env: str) -> subprocess.CompletedProcess:
    e = {**os.environ, "PYTHONPATH": str(ROOT), "GKDESK_CACHE_DIR": str(cache_dir), **env}
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    return subprocess.run([sys.executable, "-m", "gkdesk", "check", str(EXAMPLE), "--json", *extra],
                          capture_output=True, text=True, env=e, timeout=120)


def _cache_file(cache_dir: Path) -> Path:
    return cache_dir / f"code-check-{sys.implementation.cache_tag}.bin"  # gkdesk check's own file


def test_check_is_the_same_cold_warm_damaged_and_off(tmp_path):
    off = _check(tmp_path / "off", GKDESK_CODE_CACHE="0")
    assert off.returncode == 0 and not (tmp_path / "off").exists()  # off: nothing written
    cache = tmp_path / "c"
    cold = _check(cache)
    f = _cache_file(cache)
    assert f.is_file() and not cold.stderr
    table = codecache.read(f)
    assert any(type(k) is tuple for k in table)  # regular expressions
    # and no dataclass code: nothing a check imports is a @dataclass (core/record.py; each costs a cold check ~0.5 M)
    assert not any(type(k) is str for k in table), [k[:200] for k in table if type(k) is str]
    warm = _check(cache)
    blob = f.read_bytes()
    damaged = []
    for bad in (blob[: len(blob) // 2], blob[:-7] + b"garbage", b"", b"GKCC" + os.urandom(300),
                blob[:60] + bytes([blob[60] ^ 0xFF]) + blob[61:]):
        f.write_bytes(bad)
        run = _check(cache)
        damaged.append(run)
        assert codecache.read(f), "a damaged file is replaced by a good one"
    for run in (cold, warm, *damaged):
        assert (run.returncode, run.stdout, run.stderr) == (off.returncode, off.stdout, off.stderr)


def test_an_unwritable_cache_folder_is_ignored(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    run = _check(blocker / "cache")
    assert run.returncode == 0 and not run.stderr


def test_read_refuses_what_it_did_not_write(tmp_path):
    f = tmp_path / "t.bin"
    assert codecache.read(f) == {}  # missing
    codecache.write(f, {"x = 1\n": compile("x = 1\n", "<string>", "exec")})
    assert list(codecache.read(f)) == ["x = 1\n"]
    good = f.read_bytes()
    head = codecache._header()
    for bad in (good.replace(head, head.replace(b"GKCC", b"GKCX")),  # another layout
                good.replace(sys.version.encode(), b"3.0.0" + sys.version.encode()[5:]),  # another interpreter
                good[:-1] + bytes([good[-1] ^ 1])):  # one bit off: checksum
        f.write_bytes(bad)
        assert codecache.read(f) == {}
    import marshal

    body = marshal.dumps({"x": "not code"})  # well formed, wrong types
    f.write_bytes(head + codecache._checksum(body) + body)
    assert codecache.read(f) == {}


_PATTERNS = [
    r"(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)件",
    r"(?<=[\u4e00-\u9fff])[\[(【]\s?(\d{4})\s?[\])】](\d{1,4})号",
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(\S{1,3}\)|\d+[.、．])",
    r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]",
]
_TEXTS = ["本年共收到申请1,234件，其中", "国办公开办函〔2021〕30号", "（三）政府信息管理", "一、总体情况", "a\x07b",
          "12件", "", "没有数字"]


@pytest.mark.parametrize("flags", [0, int(re.IGNORECASE), int(re.MULTILINE | re.DOTALL)])  # re passes ints
def test_a_cached_regex_program_matches_like_a_fresh_one(flags):
    compile_cached = codecache._make_re_compile(re._compiler.compile, re._compiler._sre.compile, int(re.DEBUG))
    for p in _PATTERNS + [p.encode("ascii", "ignore").decode() for p in _PATTERNS[:1]]:
        fresh = re._compiler.compile(p, flags)
        first = compile_cached(p, flags)  # built and stored
        again = compile_cached(p, flags)  # from the table
        assert ("re", p, flags) in codecache._table
        for got in (first, again):
            assert (got.pattern, got.flags, got.groups, got.groupindex) == \
                   (fresh.pattern, fresh.flags, fresh.groups, fresh.groupindex)
            for t in _TEXTS:
                assert [m.span() for m in got.finditer(t)] == [m.span() for m in fresh.finditer(t)]
                assert [m.groups() for m in got.finditer(t)] == [m.groups() for m in fresh.finditer(t)]


def test_a_program_sre_refuses_is_built_again():
    compile_cached = codecache._make_re_compile(re._compiler.compile, re._compiler._sre.compile, int(re.DEBUG))
    key = ("re", r"ab+c", 0)
    from array import array

    not_a_program = array("I", [999999, 1, 2]).tobytes()  # _sre refuses it
    for bad in (not_a_program, not_a_program[:-1]):  # and code words cut short
        codecache._table[key] = (32, bad, 0, {}, (None,))
        try:
            assert compile_cached(r"ab+c", 0).fullmatch("abbbc")
            assert codecache._table[key][1] != bad
            assert codecache._table[key][1] == codecache._re_program(r"ab+c", 0)[1]
        finally:
            codecache._table.pop(key, None)


def test_dataclass_methods_from_the_cache_are_the_generated_ones():
    """The dataclasses module compiles through the cache in this process (the test run installed it)."""
    import dataclasses

    if not codecache._installed:
        pytest.skip("code cache off (GKDESK_CODE_CACHE=0)")
    assert dataclasses.exec is codecache._exec

    @dataclasses.dataclass(frozen=True)
    class P:
        """A point."""

        x: int
        y: int = 2

    @dataclasses.dataclass(frozen=True)
    class Q:  # same shape, another class: the same code is reused, bound to its own class
        """Another point."""

        x: int
        y: int = 2

    assert P(1) == P(1, 2) and P(1) != P(2) and hash(P(1)) == hash(P(1, 2)) and repr(P(1)).endswith(".P(x=1, y=2)")
    assert Q(1) != P(1) and repr(Q(3)).endswith(".Q(x=3, y=2)")
    with pytest.raises(dataclasses.FrozenInstanceError):
        P(1).x = 3  # type: ignore[misc]


def test_every_gkdesk_dataclass_has_a_docstring():
    """Without one, dataclasses calls inspect.signature and the deferred inspect (with ast, dis …) loads."""
    import dataclasses
    import importlib
    import pkgutil

    import gkdesk

    missing = []
    for info in pkgutil.walk_packages(gkdesk.__path__, "gkdesk."):
        if info.name.startswith(("gkdesk.gui", "gkdesk.selftest", "gkdesk.__main__")):
            continue  # the window's classes are not on a command's path (and need Qt); __main__ runs the program
        mod = importlib.import_module(info.name)
        for name, obj in vars(mod).items():
            if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == info.name \
                    and (obj.__doc__ or "").startswith(obj.__name__ + "("):
                missing.append(f"{info.name}.{name}")
    assert not missing, f"dataclasses without a docstring: {missing}"


def test_each_command_has_its_own_file(monkeypatch):
    monkeypatch.delitem(sys.modules, "pytest")  # profile() says "test" under pytest
    try:
        for argv, name in ((["gkdesk", "check", "r.gkreport"], "check"), (["gkdesk", "export", "r"], "export"),
                           (["gkdesk"], "app"), (["gkdesk", "r.gkreport"], "app")):
            monkeypatch.setattr(sys, "argv", argv)
            assert codecache.profile() == name
            assert codecache.cache_file().name == f"code-{name}-{sys.implementation.cache_tag}.bin"
    finally:
        sys.modules["pytest"] = pytest


def test_a_file_at_its_limit_keeps_only_what_this_run_used(tmp_path, monkeypatch):
    f = tmp_path / "code.bin"
    code = compile("x = 1\n", "<string>", "exec")
    codecache.write(f, {f"old{i}\n": code for i in range(codecache.MAX_ENTRIES)})
    monkeypatch.setattr(codecache, "_path", f)
    monkeypatch.setattr(codecache, "_table", {"mine\n": code, "old1\n": code})
    monkeypatch.setattr(codecache, "_used", {"mine\n"})
    monkeypatch.setattr(codecache, "_new", True)
    codecache.save()
    assert list(codecache.read(f)) == ["mine\n"]
    codecache.write(f, {"old\n": code})
    monkeypatch.setattr(codecache, "_new", True)
    codecache.save()
    assert sorted(codecache.read(f)) == ["mine\n", "old\n"]  # below the limit: other runs' entries are kept


def test_a_bad_pattern_raises_what_re_raises():
    compile_cached = codecache._make_re_compile(re._compiler.compile, re._compiler._sre.compile, int(re.DEBUG))
    for bad in ("(unclosed", "a{2,1}", "(?P<x>a)(?P<x>b)"):
        with pytest.raises(re.error) as ours:
            compile_cached(bad, 0)
        with pytest.raises(re.error) as theirs:
            re._compiler.compile(bad, 0)
        assert str(ours.value) == str(theirs.value)
        assert ("re", bad, 0) not in codecache._table


def test_when_re_works_differently_the_cache_steps_aside(monkeypatch):
    """A Python whose re internals have another shape: every pattern is compiled by re itself, nothing stored."""
    def other_shape(*_a, **_k):
        raise TypeError("another signature")

    monkeypatch.setattr(codecache, "_re_program", other_shape)
    compile_cached = codecache._make_re_compile(re._compiler.compile, re._compiler._sre.compile, int(re.DEBUG))
    assert compile_cached("x+y[0-9]", 0).fullmatch("xxy7")
    assert ("re", "x+y[0-9]", 0) not in codecache._table


def test_deferred_copy_is_the_real_module_on_first_use(tmp_path):
    """``copy`` is deferred like inspect (dataclasses needs it only for asdict/astuple): its first use loads it. (Not
    in a check, which imports neither copy nor dataclasses: tests/architecture/test_cold_start.py.)"""
    code = ("import sys; sys.argv = ['gkdesk', 'export']\n"
            "import gkdesk.core, dataclasses\n"
            "assert type(sys.modules['copy']).__name__ == '_Deferred', type(sys.modules['copy'])\n"
            "@dataclasses.dataclass\n"
            "class A:\n"
            "    '''a'''\n"
            "    x: list\n"
            "a = A([[1]])\n"
            "d = dataclasses.asdict(a)\n"
            "assert d == {'x': [[1]]} and d['x'] is not a.x and d['x'][0] is not a.x[0]\n"
            "import copy\n"
            "from copy import deepcopy\n"
            "assert deepcopy is copy.deepcopy and copy.copy([1]) == [1] and copy.Error\n"
            "print('ok')\n")
    e = {**os.environ, "PYTHONPATH": str(ROOT), "GKDESK_CACHE_DIR": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=e, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="the stand-in is made on Python 3.11 only")
def test_datetime_made_from_the_c_module_is_the_real_one(tmp_path):
    """codecache.fast_datetime: the same names and objects as ``import datetime`` gives (dunders by what they say)."""
    code = ("import sys, pickle\n"
            "from gkdesk.core import codecache\n"
            "assert 'datetime' not in sys.modules\n"
            "codecache.fast_datetime()\n"
            "fast = sys.modules.pop('datetime')\n"
            "assert type(fast).__name__ == 'module'\n"
            "import datetime as real\n"
            "assert real is not fast\n"
            "a, b = vars(fast), vars(real)\n"
            "assert sorted(a) == sorted(b), set(a) ^ set(b)\n"
            "for k in a:\n"
            "    if k in ('__spec__', '__loader__'):\n"
            "        assert (a[k].name, a[k].origin) == (b[k].name, b[k].origin) if k == '__spec__' else type(a[k]) is type(b[k])\n"
            "    elif k in ('__name__', '__package__', '__file__', '__cached__', '__doc__', '__all__'):\n"
            "        assert a[k] == b[k], k\n"
            "    else:\n"
            "        assert a[k] is b[k], k\n"
            "sys.modules['datetime'] = fast\n"
            "d = fast.datetime(2025, 1, 31, 8, 30, tzinfo=fast.UTC)\n"
            "assert pickle.loads(pickle.dumps(d)) == d and d.date() == fast.date(2025, 1, 31)\n"
            "print('ok')\n")
    # the code cache off: importing gkdesk.core does not make the stand-in before the test does
    e = {**os.environ, "PYTHONPATH": str(ROOT), "GKDESK_CACHE_DIR": str(tmp_path), "GKDESK_CODE_CACHE": "0"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=e, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr
