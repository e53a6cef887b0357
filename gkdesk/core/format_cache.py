"""The built report format kept between runs (issue 16.5, cold command line).

Building a format from ``resources/formats/*.json`` (parsing, placing ~280 merged grid cells, checking the description)
cost a cold ``gkdesk check`` about 14 M of its ~200 M instructions, the same work in every process. ``load`` returns
the format built by an earlier run, from one file per format version in the user's cache folder; ``store`` writes it
after a build. The file holds plain data only (``marshal`` of tuples, dicts, strings, numbers: nothing in it can run
code), in which an object of the format's classes is ``(..., class number, field values …)`` and is made again
without its ``__init__`` (these frozen classes set their fields and do nothing else, see ``_encode``).

Safe when stale, damaged or off:

* the key is the exact content of the format file (its length and CRC-32), the field names of every class, and the
  size and modification time of the code that builds the format (format.py, format_build.py, format_types.py, this
  module): a changed description or builder never gets an old format — it misses, builds and rewrites the file;
* a damaged or foreign file (header, checksum, and any shape the decoder does not expect) is ignored and rewritten;
  a folder that cannot be written is ignored; ``GKDESK_CODE_CACHE=0`` turns this off with the code cache;
* a format the encoder cannot write exactly (an object twice in the tree, a class that is not one of the format's,
  a value marshal cannot hold) is not cached at all.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from binascii import crc32

from gkdesk.core import format_types as _ft

#: bump when the file layout changes
VERSION = 2
#: the classes a format is made of; an instance is stored as (..., index in CLASSES, field values …)
CLASSES = (_ft.Section, _ft.MetaFieldDef, _ft.FeeDef, _ft.KeyTotal, _ft.Level, _ft.RowDef, _ft.ComputedDef,
           _ft.GridCell, _ft.Layout, _ft.TableDef, _ft.ReportFormat)
_NAMES = tuple(c._fields for c in CLASSES)
_INDEX = {c: i for i, c in enumerate(CLASSES)}
_MARK = ...  # Ellipsis: marshal stores it, JSON has nothing like it
_PLAIN = (str, int, float, bool, type(None))
#: the code that builds a format (next to this module): a change to any of them makes the cached formats stale
_BUILDER = ("format.py", "format_build.py", "format_types.py", "format_cache.py")


def cache_file(version: str):  # -> Path (gkdesk.paths imports pathlib)
    from gkdesk.paths import user_cache_dir

    return user_cache_dir() / f"format-{version}-{sys.implementation.cache_tag}.bin"


def _key(data: bytes) -> bytes:
    """What a cached format must have been built from: this file content, these classes, this builder code."""
    here = os.path.dirname(__file__)
    code = []
    try:
        for name in _BUILDER:
            st = os.stat(os.path.join(here, name))
            code.append(f"{st.st_size}:{st.st_mtime_ns}")
    except OSError:  # a bundle (PyInstaller) has no source files: its code changes only with the program itself
        from gkdesk import __version__

        st = os.stat(sys.executable)
        code = [__version__, f"{st.st_size}:{st.st_mtime_ns}"]
    return (f"GKFC{VERSION}|{sys.version}|{len(data)}:{crc32(data)}|{';'.join(code)}|".encode("utf-8", "replace")
            + repr(_NAMES).encode("utf-8"))


# --- objects <-> plain data ---------------------------------------------------------------------------------
# Plain values (JSON-like data without objects) are stored as they are. A value that holds objects is a tuple that
# starts with Ellipsis: (..., class index, mask, field values …) for an object (bit k of mask: field k holds objects
# and is decoded in turn), (..., -1, items …) for a tuple, (..., -2, items …) for a list, (..., -3, keys, values …)
# for a dict. Only those are walked when the format is read back. A tuple or list of objects of one class whose fields
# are all plain (the ~280 grid cells, the rows) is (..., -4 tuple | -5 list, class index, (field values …) …): read
# back in one loop (a cold check spent ~4.5 M instructions decoding the format object by object, now ~2.5 M).
def _encode(value, seen: set[int]):  # noqa: ANN001, ANN202
    """(stored value, whether it holds objects)"""
    t = type(value)
    if t in _PLAIN:
        return value, False
    if t is tuple or t is list:
        if t is tuple and value and value[0] is _MARK:
            raise ValueError("a tuple that starts with Ellipsis")
        items = [_encode(v, seen) for v in value]
        if not any(deep for _, deep in items):
            return tuple(v for v, _ in items) if t is tuple else [v for v, _ in items], False
        if len({type(v) for v in value}) == 1 and type(value[0]) in _INDEX and all(v[2] == 0 for v, _ in items):
            i = _INDEX[type(value[0])]  # objects of one class, with plain fields only
            return (_MARK, -4 if t is tuple else -5, i, tuple(v[3:] for v, _ in items)), True
        return (_MARK, -1 if t is tuple else -2, *(v for v, _ in items)), True
    if t is dict:
        if not all(type(k) in _PLAIN for k in value):
            raise ValueError("a dict key that is not plain")
        items = [_encode(v, seen) for v in value.values()]
        if not any(deep for _, deep in items):
            return dict(zip(value, (v for v, _ in items), strict=True)), False
        return (_MARK, -3, tuple(value), *(v for v, _ in items)), True
    i = _INDEX.get(t)
    if i is None or "__post_init__" in vars(t) or "__slots__" in vars(t) or not hasattr(value, "__dict__"):
        raise ValueError(f"cannot store {t!r}")
    if id(value) in seen:  # a shared object would come back as two
        raise ValueError("an object twice in the format")
    seen.add(id(value))
    if list(vars(value)) != list(_NAMES[i]):  # exactly its fields, in order (what __init__ made)
        raise ValueError(f"{t.__name__} has other attributes")
    items = [_encode(getattr(value, n), seen) for n in _NAMES[i]]
    mask = sum(1 << k for k, (_, deep) in enumerate(items) if deep)
    return (_MARK, i, mask, *(v for v, _ in items)), True


def _decode(value):  # noqa: ANN001, ANN202 - a stored value that holds objects (it starts with Ellipsis)
    if type(value) is not tuple or len(value) < 2 or value[0] is not _MARK:
        raise ValueError("not a stored object")
    i = value[1]
    if type(i) is not int:
        raise ValueError("bad object")
    if i >= 0:
        names = _NAMES[i]
        mask = value[2]
        if type(mask) is not int or len(value) != len(names) + 3:
            raise ValueError("bad object")
        vals = value[3:]
        if mask:
            vals = [_decode(v) if mask >> k & 1 else v for k, v in enumerate(vals)]
        obj = object.__new__(CLASSES[i])
        obj.__dict__.update(zip(names, vals))  # noqa: B905 - lengths checked above
        return obj
    if i == -1:
        return tuple(_decode(v) if type(v) is tuple and v and v[0] is _MARK else v for v in value[2:])
    if i == -2:
        return [_decode(v) if type(v) is tuple and v and v[0] is _MARK else v for v in value[2:]]
    if i == -3 and type(value[2]) is tuple and len(value[2]) == len(value) - 3:
        return dict(zip(value[2], (_decode(v) if type(v) is tuple and v and v[0] is _MARK else v
                                   for v in value[3:]), strict=True))
    if (i == -4 or i == -5) and len(value) == 4:
        return _decode_run(value[2], value[3], i == -4)
    raise ValueError("bad container")


def _decode_run(i, rows, as_tuple: bool):  # noqa: ANN001, ANN202
    """Objects of class ``CLASSES[i]`` from their field values (all plain), one tuple of values each."""
    names = _NAMES[i]  # an IndexError or TypeError for a bad index: the file is ignored
    cls, n, new, out = CLASSES[i], len(names), object.__new__, []
    for vals in rows:
        if type(vals) is not tuple or len(vals) != n:
            raise ValueError("bad object")
        obj = new(cls)
        obj.__dict__.update(zip(names, vals))  # noqa: B905 - lengths checked above
        out.append(obj)
    return tuple(out) if as_tuple else out


def _shared(value, pool: dict):  # noqa: ANN001, ANN202
    """``value`` with equal tuples of strings (the (row, column) keys repeated all over a format's data) made one
    object each: marshal then writes each once and reads it back once (reading the rules' and the loader's data cost
    a cold check ~0.45 M instructions more without). Tuples are immutable: sharing them changes nothing else."""
    t = type(value)
    if t is tuple:
        v = tuple([_shared(x, pool) for x in value])
        if all(type(x) is str or (type(x) is tuple and pool.get(x) is x) for x in v):  # exact types: 1 == 1.0 == True
            return pool.setdefault(v, v)
        return v
    if t is list:
        return [_shared(x, pool) for x in value]
    if t is dict:
        return {_shared(k, pool): _shared(x, pool) for k, x in value.items()}
    if t is frozenset or t is set:
        return t(_shared(x, pool) for x in value)
    return value


# --- the file ---------------------------------------------------------------------------------------------------
def load(version: str, data: bytes) -> _ft.ReportFormat | None:
    """The format built from ``data`` (the format file's bytes) by an earlier run; None when there is none usable."""
    from gkdesk.core import codecache

    if not codecache.enabled():
        return None
    try:
        with open(cache_file(version), "rb") as fh:
            blob = fh.read()
    except (OSError, RuntimeError, KeyError):
        return None
    try:
        key = _key(data)
    except OSError:
        return None
    n = len(key)
    if blob[:n] != key or len(blob) < n + 4 or crc32(blob[n + 4:]).to_bytes(4, "big") != blob[n:n + 4]:
        return None
    try:
        fmt = _decode(marshal.loads(blob[n + 4:]))
    except (ValueError, EOFError, TypeError, IndexError, KeyError, AttributeError, RecursionError):
        return None
    if type(fmt) is not _ft.ReportFormat:
        return None
    _ORIGIN[id(fmt)] = (fmt, version, key)
    return fmt


def store(version: str, data: bytes, fmt: _ft.ReportFormat) -> None:
    """Keep ``fmt`` (built from ``data``) for later runs; nothing when it cannot be kept exactly or written."""
    from gkdesk.core import codecache

    if not codecache.enabled():
        return
    try:
        key = _key(data)
        _ORIGIN[id(fmt)] = (fmt, version, key)  # what it was built from: derived data can be kept too
        body = marshal.dumps(_shared(_encode(fmt, set())[0], {}))
        path = cache_file(version)
    except (ValueError, OSError, RuntimeError, KeyError):
        return
    _write(path, key, body)


def _write(path, key: bytes, body: bytes) -> None:  # noqa: ANN001 - a Path
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(key + crc32(body).to_bytes(4, "big") + body)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


# --- data derived from a format -------------------------------------------------------------------------------
#: the formats load/store saw this run: id -> (format, version, the key of what it was built from)
_ORIGIN: dict[int, tuple[_ft.ReportFormat, str, bytes]] = {}


def derived(fmt: _ft.ReportFormat, name: str, build, code: tuple[str, ...]):  # noqa: ANN001, ANN201
    """``build(fmt)``, plain data (marshal: tuples, lists, dicts, sets, strings, numbers) that depends only on the
    format and on the code in the files ``code`` (next to this module), kept between runs like the format itself: its
    key is the format's (file content, classes, builder) and the size and time of those files. A format that did not
    come through ``load``/``store`` (one made in a test), a damaged file or data marshal cannot hold: just built."""
    from gkdesk.core import codecache

    origin = _ORIGIN.get(id(fmt))
    if origin is None or origin[0] is not fmt or not codecache.enabled():
        return build(fmt)
    try:
        here = os.path.dirname(__file__)
        stats = [os.stat(os.path.join(here, f)) for f in code]
        path = cache_file(f"{name}-{origin[1]}")
    except (OSError, RuntimeError, KeyError):
        return build(fmt)
    key = origin[2] + f"|{name}|{code}|{[(st.st_size, st.st_mtime_ns) for st in stats]}|".encode("utf-8", "replace")
    n = len(key)
    try:
        with open(path, "rb") as fh:
            blob = fh.read()
        if blob[:n] == key and len(blob) >= n + 4 and crc32(blob[n + 4:]).to_bytes(4, "big") == blob[n:n + 4]:
            return marshal.loads(blob[n + 4:])
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = build(fmt)
    try:
        body = marshal.dumps(_shared(value, {}))
    except ValueError:  # not plain data: not kept
        return value
    _write(path, key, body)
    return value
