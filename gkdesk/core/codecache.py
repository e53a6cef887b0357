"""Start-up work kept on disk between runs: dataclass methods and regular expressions (issue 16.5, cold CLI).

A cold ``gkdesk check`` used to spend most of its time, before reading the report, on two things Python does
again in every process: compiling the source text ``@dataclass`` writes for ``__init__``, ``__eq__``, ``__hash__``
… of every class (about 1 ms of CPU a class), and compiling the regular expressions of the rules (~20 ms; the
``re`` compiler is written in Python). Python caches the bytecode of modules (``__pycache__``), not these. This
module does the same for them, in one file in the user's cache folder:

* dataclasses: ``install()`` gives the ``dataclasses`` module an ``exec`` that looks the generated text up in a
  table of code objects compiled earlier (``marshal``, like a ``.pyc``) and compiles only what is not there;
* regular expressions: ``re``'s compile step is wrapped so that the compiled program of a pattern (what ``re``
  hands to ``_sre.compile``) is looked up by (pattern, flags) and built only when it is not there.

Safe by construction:

* the key is the exact source text (pattern and flags), so changed code can never get an old entry — it misses
  and is compiled as before; the file is only read by the very interpreter that wrote it (``sys.version``, the
  bytecode magic number and ``_sre.MAGIC`` in its header): code objects and regex programs are only valid there;
* a damaged, truncated or foreign file (header, checksum, type checks; ``_sre`` checks every program it is given)
  is ignored and rewritten; a folder that cannot be written is ignored (the run is only as slow as without it);
* ``GKDESK_CODE_CACHE=0`` turns it off; the file lives in the user's cache folder (``GKDESK_CACHE_DIR``).

Each command has its own file (``code-check-…``, ``code-export-…``, ``code-app-…`` for the window): a check reads only
what checks compile. The file is written when the process ends, only if this run compiled something new; entries
of the file that this run did not use are kept (an earlier run took another path) unless the table would exceed
``MAX_ENTRIES``, when only this run's entries are kept (patterns built from data, e.g. file names, do not pile up).

Also here: ``dataclasses`` imports ``inspect`` (with ast, dis, tokenize: a third of the import work of a check)
only to call ``inspect.signature`` for a dataclass without a docstring. ``install()`` puts a stand-in in
``sys.modules`` that imports the real ``inspect`` the first time anything asks it for anything; every dataclass
of gkdesk has a docstring (tests/architecture), so a command that needs nothing else of inspect never loads it.
"""

from __future__ import annotations

import atexit
import marshal
import os
import sys
from importlib import import_module
from importlib.util import MAGIC_NUMBER, find_spec
from types import CodeType, ModuleType

#: bump when the file layout changes
VERSION = 3
#: a file with more entries is not one this program wrote for itself: start afresh
MAX_ENTRIES = 1000

_table: dict = {}  # str (dataclass source) -> CodeType; ("re", pattern, flags) -> regex program
_used: set = set()
_new = False
_installed = False
_path = None  # the cache file, found once at install (the environment may change later, e.g. in tests)


class _Deferred(ModuleType):
    """A stand-in for a module that is imported for real on first use (any attribute it does not have yet)."""

    def __getattr__(self, attr: str):  # noqa: ANN204
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        real = import_module(name)
        self.__dict__.update(real.__dict__)  # later lookups through the stand-in find it all here
        return getattr(real, attr)


def defer(name: str) -> None:
    """Put a stand-in for module ``name`` in ``sys.modules`` unless it is imported already."""
    if name in sys.modules:
        return
    spec = find_spec(name)
    if spec is None:
        return
    stub = _Deferred(name)
    stub.__spec__ = spec  # what ``import`` looks at for a module already in sys.modules
    sys.modules[name] = stub


def _header() -> bytes:
    import _sre

    return (b"GKCC%d|%s|%d|%d|%s|" % (VERSION, sys.version.encode("utf-8", "replace"), _sre.MAGIC, _sre.CODESIZE,
                                        sys.byteorder.encode()) + MAGIC_NUMBER)


def enabled() -> bool:
    return os.environ.get("GKDESK_CODE_CACHE", "1").strip().lower() not in ("0", "no", "off", "false")


#: the command line's commands: each keeps its own file, so a check reads only what checks compile
COMMANDS = ("check", "export", "import", "next-year", "consolidate")


def profile() -> str:
    """Whose file: the command (``gkdesk check …``), ``test`` under pytest, else ``app`` (the window)."""
    if "pytest" in sys.modules:
        return "test"
    return sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] in COMMANDS else "app"


def cache_file(name: str | None = None):  # -> Path (gkdesk.paths imports pathlib)
    from gkdesk.paths import user_cache_dir

    return user_cache_dir() / f"code-{name or profile()}-{sys.implementation.cache_tag}.bin"


# --- dataclasses -------------------------------------------------------------------------------------------
def _exec(source, globals=None, locals=None, /):  # noqa: A002, ANN001, ANN202 - the signature of builtins.exec
    """``exec`` for the dataclasses module: the same code, compiled once per text (and interpreter)."""
    global _new
    if type(source) is str:
        code = _table.get(source)
        if type(code) is not CodeType:
            code = compile(source, "<string>", "exec")
            _table[source] = code
            _new = True
        _used.add(source)
        source = code
    return exec(source, globals, locals)


# --- regular expressions -----------------------------------------------------------------------------------
def _re_program(pattern, flags: int):  # noqa: ANN001, ANN202
    """What ``re._compiler.compile`` hands to ``_sre.compile`` for a pattern, as a marshal-able tuple; the program's
    code words as the bytes of C unsigned ints (``_code_list`` reads them back: far cheaper than a list of numbers)."""
    from array import array
    from re import _compiler, _parser

    parsed = _parser.parse(pattern, flags)
    code = array("I", _compiler._code(parsed, flags)).tobytes()
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _code_list(code: bytes) -> list[int]:
    return memoryview(code).cast("I").tolist()


def _make_re_compile(original, sre_compile, debug_flag: int):  # noqa: ANN001, ANN202
    def compile_pattern(p, flags=0):  # noqa: ANN001, ANN202 - re._compiler.compile(p, flags)
        global _new
        if type(p) not in (str, bytes) or type(flags) is not int or flags & debug_flag:
            return original(p, flags)
        key = ("re", p, flags)
        prog = _table.get(key)
        if prog is not None:
            try:
                _used.add(key)
                return sre_compile(p, prog[0], _code_list(prog[1]), prog[2], dict(prog[3]), prog[4])
            except (RuntimeError, TypeError, ValueError, IndexError, OverflowError):
                del _table[key]  # not a program this _sre accepts: build it again
        try:
            prog = _re_program(p, flags)
            compiled = sre_compile(p, prog[0], _code_list(prog[1]), prog[2], dict(prog[3]), prog[4])
        except Exception:  # noqa: BLE001 - a pattern re refuses (the same error again), or another re inside
            return original(p, flags)
        _table[key] = prog
        _used.add(key)
        _new = True
        return compiled

    return compile_pattern


def _install_re() -> None:
    import re

    compiler = getattr(re, "_compiler", None)  # Python 3.11+: re._compiler.compile(p, flags) -> _sre.compile(...)
    sre = getattr(compiler, "_sre", None)
    if compiler is None or sre is None or not callable(getattr(compiler, "_code", None)) \
            or getattr(sre, "CODESIZE", 0) != memoryview(b"\0" * 4).cast("I").itemsize:
        return  # the code words are stored as C unsigned ints: only where _sre's are the same size
    compiler.compile = _make_re_compile(compiler.compile, sre.compile, int(re.DEBUG))


# --- the file ------------------------------------------------------------------------------------------------
def _checksum(body: bytes) -> bytes:
    from binascii import crc32

    return crc32(body).to_bytes(4, "big")


def _valid_entry(k, v) -> bool:  # noqa: ANN001
    if type(k) is str:
        return type(v) is CodeType
    return (type(k) is tuple and len(k) == 3 and k[0] == "re" and type(k[1]) in (str, bytes) and type(k[2]) is int
            and type(v) is tuple and len(v) == 5 and type(v[0]) is int and type(v[1]) is bytes
            and type(v[2]) is int and type(v[3]) is dict and type(v[4]) is tuple)


def read(path) -> dict:  # noqa: ANN001 - a Path
    """The table in ``path``; empty when the file is missing, damaged, foreign or of another interpreter."""
    try:
        with open(path, "rb") as fh:
            blob = fh.read()
    except OSError:
        return {}
    head = _header()
    n = len(head)
    if blob[:n] != head or len(blob) < n + 4 or _checksum(blob[n + 4:]) != blob[n:n + 4]:
        return {}
    try:
        table = marshal.loads(blob[n + 4:])
    except (ValueError, EOFError, TypeError):
        return {}
    if type(table) is not dict or len(table) > MAX_ENTRIES or not all(_valid_entry(k, v) for k, v in table.items()):
        return {}
    return table


def write(path, table: dict) -> None:  # noqa: ANN001 - a Path
    """Replace the file atomically (a reader sees the old table or the new one); errors are ignored."""
    try:
        body = marshal.dumps(table)
    except ValueError:  # something in it marshal cannot write: keep the old file
        return
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(_header() + _checksum(body) + body)
        os.replace(tmp, path)
    except OSError:
        try:  # noqa: SIM105 - contextlib is not otherwise imported by a cold check
            os.unlink(tmp)
        except OSError:
            pass


def save() -> None:
    """Write what this run compiled (with what the file holds now), if anything new was compiled."""
    global _new
    if not _new or _path is None:
        return
    table = read(_path)  # what other runs added since this one started
    table.update({k: _table[k] for k in _used if k in _table})
    if len(table) > MAX_ENTRIES:
        table = {k: _table[k] for k in _used if k in _table}
    if len(table) <= MAX_ENTRIES:
        write(_path, table)
    _new = False


#: the public names of Python 3.11's datetime.py (``__all__``)
_DATETIME_ALL = ("date", "datetime", "time", "timedelta", "timezone", "tzinfo", "MINYEAR", "MAXYEAR", "UTC")


def fast_datetime() -> None:
    """Python 3.11's ``datetime.py`` defines every class in Python and then replaces them all with the C module's
    (``from _datetime import *``): ~2 % of a cold check. Put in ``sys.modules`` the module that import ends with, made
    from ``_datetime`` directly (the same objects; tests/core/test_codecache.py compares it with the real import)."""
    if "datetime" in sys.modules or sys.version_info[:2] != (3, 11) or sys.implementation.name != "cpython":
        return
    try:
        import _datetime
    except ImportError:
        return
    spec = find_spec("datetime")
    if spec is None or not str(spec.origin).endswith("datetime.py") or not all(hasattr(_datetime, n)
                                                                               for n in _DATETIME_ALL):
        return
    import builtins

    mod = ModuleType("datetime")
    mod.__dict__.update(vars(_datetime))
    mod.__dict__.update(__name__="datetime", __package__="", __spec__=spec, __loader__=spec.loader,
                        __file__=spec.origin, __cached__=spec.cached, __builtins__=vars(builtins), sys=sys,
                        __all__=_DATETIME_ALL)
    sys.modules["datetime"] = mod


def install() -> None:
    """Load the table, hook dataclasses (not in a check) and re, defer inspect (once per process; nothing when
    disabled)."""
    global _installed, _path
    if _installed or not enabled():
        return
    _installed = True
    if profile() != "check":  # a check imports neither (nor dataclasses, which does): no stand-ins needed (~0.4 M)
        defer("inspect")
        defer("copy")  # dataclasses imports it for asdict/astuple only (deepcopy); with weakref ~2 % of a cold check
    fast_datetime()
    try:
        _path = cache_file()
    except (OSError, RuntimeError, KeyError):  # no home folder to find the cache folder in: compile as usual
        _path = None
    if _path is not None:
        _table.update(read(_path))
    # a check makes no dataclass (core/record.py; tests/architecture/test_cold_start.py): importing dataclasses only
    # to hook it would cost a cold check ~2.5 M instructions
    if profile() != "check" or "dataclasses" in sys.modules:
        import dataclasses

        dataclasses.exec = _exec  # type: ignore[attr-defined]  # a module global shadows the builtin for _create_fn
    _install_re()
    atexit.register(save)
