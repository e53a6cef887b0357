"""TrueType fonts for the PDF writer: the metrics read once and kept in the user's cache folder, glyphs subset.

Reading a CJK font's character map and widths in Python costs ~0.1-0.2 s a font; the result is cached in
``<user cache>/gkdesk/fonts-v1/`` keyed by the font file's identity (path, face index, size, modification time).
A cache entry that is stale (the file changed), damaged (cut short, garbage, wrong checksum) or of another
version is ignored and rewritten; a cache folder that cannot be written is simply not used.
"""

from __future__ import annotations

import marshal
import os
import struct
import sys
import zlib
from array import array
from dataclasses import dataclass
from pathlib import Path

from gkdesk.paths import user_cache_dir  # noqa: F401 - its home is gkdesk.paths (the code cache uses it too)

CACHE_VERSION = 2
_MAGIC = b"GKFC"


class CMap:
    """Code point -> glyph id: a dense table for the Basic Multilingual Plane, a dict beyond it (quick to load)."""

    __slots__ = ("bmp", "extra")

    def __init__(self, bmp: array, extra: dict[int, int]) -> None:
        self.bmp, self.extra = bmp, extra

    @classmethod
    def from_dict(cls, cmap: dict[int, int]) -> CMap:
        bmp = array("H", bytes(2 * 0x10000))
        extra = {}
        for c, g in cmap.items():
            if c < 0x10000:
                bmp[c] = g
            else:
                extra[c] = g
        return cls(bmp, extra)

    def get(self, c: int, default: int | None = None) -> int | None:
        if c < 0x10000:
            g = self.bmp[c]
            return g if g else default
        return self.extra.get(c, default)

    def __contains__(self, c: int) -> bool:
        return bool(self.bmp[c]) if c < 0x10000 else c in self.extra

    def __len__(self) -> int:
        return sum(1 for g in self.bmp if g) + len(self.extra)

    def items(self) -> list[tuple[int, int]]:
        return [(c, g) for c, g in enumerate(self.bmp) if g] + sorted(self.extra.items())


class FontFileError(Exception):
    """Not a font we can embed (CFF outlines, damaged, no embedding right)."""


@dataclass
class FontInfo:
    """What layout and embedding need from one face of a TrueType file."""

    path: str
    index: int
    ps_name: str
    units_per_em: int
    ascent: int
    descent: int
    bbox: tuple[int, int, int, int]
    cap_height: int
    italic_angle: float
    fixed_pitch: bool
    cmap: CMap  # code point -> glyph id
    widths: array  # advance width per glyph id, in font units

    def advance(self, ch: str, size: float) -> float:
        """The character's advance in points at ``size``; 0 for a character the face lacks."""
        gid = self.cmap.get(ord(ch))
        if gid is None:
            return 0.0
        return self.widths[gid] * size / self.units_per_em


# --- reading the file ----------------------------------------------------------------------------------
def table_directory(data: bytes, index: int) -> dict[str, tuple[int, int]]:
    """Tag -> (offset, length) of the face ``index`` (a .ttc holds several faces)."""
    if data[:4] == b"ttcf":
        (count,) = struct.unpack_from(">I", data, 8)
        if not 0 <= index < count:
            raise FontFileError(f"face {index} not in collection of {count}")
        (base,) = struct.unpack_from(">I", data, 12 + 4 * index)
    else:
        base = 0
    tag = data[base: base + 4]
    if tag == b"OTTO":
        raise FontFileError("CFF outlines")
    if tag not in (b"\x00\x01\x00\x00", b"true"):
        raise FontFileError("not a TrueType font")
    (num,) = struct.unpack_from(">H", data, base + 4)
    out = {}
    for i in range(num):
        t, _sum, off, length = struct.unpack_from(">4sIII", data, base + 12 + 16 * i)
        if off + length > len(data):
            raise FontFileError("table past the end of the file")
        out[t.decode("latin-1")] = (off, length)
    for need in ("head", "hhea", "hmtx", "maxp", "cmap", "loca", "glyf"):
        if need not in out:
            raise FontFileError(f"no {need} table")
    return out


def _cmap(data: bytes, off: int) -> dict[int, int]:
    (n,) = struct.unpack_from(">H", data, off + 2)
    best = None
    for i in range(n):
        pid, eid, sub = struct.unpack_from(">HHI", data, off + 4 + 8 * i)
        fmt = struct.unpack_from(">H", data, off + sub)[0]
        rank = {(3, 10, 12): 0, (0, 4, 12): 0, (0, 6, 12): 1, (3, 1, 4): 2, (0, 3, 4): 3, (0, 1, 4): 3}.get(
            (pid, eid, fmt))
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, off + sub, fmt)
    if best is None:
        raise FontFileError("no Unicode cmap")
    _rank, at, fmt = best
    out: dict[int, int] = {}
    if fmt == 12:
        (groups,) = struct.unpack_from(">I", data, at + 12)
        for g in range(groups):
            start, end, gid = struct.unpack_from(">III", data, at + 16 + 12 * g)
            for c in range(start, end + 1):
                out[c] = gid + c - start
        return out
    seg2 = struct.unpack_from(">H", data, at + 6)[0]
    segs = seg2 // 2
    ends = struct.unpack_from(f">{segs}H", data, at + 14)
    starts = struct.unpack_from(f">{segs}H", data, at + 16 + seg2)
    deltas = struct.unpack_from(f">{segs}h", data, at + 16 + 2 * seg2)
    ro_at = at + 16 + 3 * seg2
    offsets = struct.unpack_from(f">{segs}H", data, ro_at)
    for s in range(segs):
        start, end, delta, ro = starts[s], ends[s], deltas[s], offsets[s]
        if start == 0xFFFF:
            continue
        if ro == 0:
            for c in range(start, end + 1):
                g = (c + delta) & 0xFFFF
                if g:
                    out[c] = g
        else:
            base = ro_at + 2 * s + ro
            for c in range(start, end + 1):
                g = struct.unpack_from(">H", data, base + 2 * (c - start))[0]
                if g:
                    out[c] = (g + delta) & 0xFFFF
    return out


def _name(data: bytes, off: int) -> str:
    _fmt, count, strings = struct.unpack_from(">HHH", data, off)
    for i in range(count):
        pid, eid, _lang, nid, length, so = struct.unpack_from(">HHHHHH", data, off + 6 + 12 * i)
        if nid != 6:
            continue
        raw = data[off + strings + so: off + strings + so + length]
        text = raw.decode("utf-16-be", "replace") if pid in (0, 3) else raw.decode("latin-1")
        text = "".join(c for c in text if c.isascii() and c.isalnum() or c in "-_")
        if text:
            return text
    return "Font"


def parse(path: Path, index: int = 0) -> FontInfo:
    """Read a face of a TrueType file (FontFileError when it cannot be embedded)."""
    data = Path(path).read_bytes()
    try:
        return _parse(data, str(path), index)
    except FontFileError:
        raise
    except (struct.error, IndexError, ValueError, OverflowError) as exc:
        raise FontFileError(f"damaged: {exc}") from exc


def _parse(data: bytes, path: str, index: int) -> FontInfo:
    t = table_directory(data, index)
    head = t["head"][0]
    upem = struct.unpack_from(">H", data, head + 18)[0]
    bbox = struct.unpack_from(">hhhh", data, head + 36)
    hhea = t["hhea"][0]
    asc, desc = struct.unpack_from(">hh", data, hhea + 4)
    n_metrics = struct.unpack_from(">H", data, hhea + 34)[0]
    num_glyphs = struct.unpack_from(">H", data, t["maxp"][0] + 4)[0]
    if upem == 0 or n_metrics == 0 or n_metrics > num_glyphs:
        raise FontFileError("bad metrics")
    cap, fs_type = asc * 0.7, 0
    if "OS/2" in t:
        o = t["OS/2"][0]
        version = struct.unpack_from(">H", data, o)[0]
        fs_type = struct.unpack_from(">H", data, o + 8)[0]
        if t["OS/2"][1] >= 78:
            asc, desc = struct.unpack_from(">hh", data, o + 68)
        if version >= 2 and t["OS/2"][1] >= 90:
            cap = struct.unpack_from(">h", data, o + 88)[0]
    if fs_type & 0x000F == 0x0002:  # restricted licence embedding
        raise FontFileError("embedding not permitted")
    post = t.get("post")
    italic, fixed = 0.0, False
    if post:
        italic = struct.unpack_from(">i", data, post[0] + 4)[0] / 65536
        fixed = struct.unpack_from(">I", data, post[0] + 12)[0] != 0
    raw = array("H", data[t["hmtx"][0]: t["hmtx"][0] + 4 * n_metrics])
    if sys.byteorder == "little":
        raw.byteswap()
    widths = array("H", raw[0::2])
    widths.extend([widths[-1]] * (num_glyphs - n_metrics))
    cmap = CMap.from_dict({c: g for c, g in _cmap(data, t["cmap"][0]).items() if 0 < g < num_glyphs})
    ps = _name(data, t["name"][0]) if "name" in t else "Font"
    return FontInfo(path, index, ps, upem, asc, desc, bbox, int(cap), italic, fixed, cmap, widths)


# --- the cache -----------------------------------------------------------------------------------------
def _cache_file(path: Path, index: int) -> Path:
    key = zlib.crc32(f"{os.path.abspath(path)}|{index}".encode("utf-8", "surrogatepass"))
    stem = "".join(c for c in Path(path).stem if c.isascii() and c.isalnum())[:24] or "font"
    return user_cache_dir() / f"fonts-v{CACHE_VERSION}" / f"{stem}-{index}-{key:08x}.bin"


def _identity(path: Path, index: int) -> tuple[str, int, int, int]:
    st = os.stat(path)
    return (os.path.abspath(path), index, st.st_size, st.st_mtime_ns)


def _to_record(info: FontInfo) -> tuple:
    return (info.ps_name, info.units_per_em, info.ascent, info.descent, tuple(info.bbox), info.cap_height,
            info.italic_angle, info.fixed_pitch, info.cmap.bmp.tobytes(), dict(info.cmap.extra),
            info.widths.tobytes())


def _all_below(raw: bytes, n: int) -> bool:
    """Every 16-bit value of ``raw`` (native order, as ``array("H").tobytes()``) is below ``n``; byte operations
    instead of ``max()`` over 65,536 numbers (a cold export reads five faces: 7 ms saved)."""
    if n > 0xFFFF:
        return True
    hi, lo = (raw[1::2], raw[0::2]) if sys.byteorder == "little" else (raw[0::2], raw[1::2])
    top, low = divmod(n, 256)
    over = hi.translate(None, bytes(range(top)))  # the high bytes that are not below n's
    if not over:
        return True
    if max(over) > top:
        return False
    i = hi.find(top)  # a value whose high byte is n's: its low byte decides
    while i != -1:
        if lo[i] >= low:
            return False
        i = hi.find(top, i + 1)
    return True


def _from_record(path: str, index: int, rec: tuple) -> FontInfo:
    ps, upem, asc, desc, bbox, cap, italic, fixed, bb, extra, wb = rec
    bmp, widths = array("H"), array("H")
    bmp.frombytes(bb)
    widths.frombytes(wb)
    if len(bmp) != 0x10000 or not widths or upem <= 0 or len(bbox) != 4 or not isinstance(extra, dict):
        raise ValueError("inconsistent record")
    if not _all_below(bb, len(widths)) or any(not 0 < g < len(widths) for g in extra.values()):
        raise ValueError("glyph id out of range")
    return FontInfo(path, index, str(ps), int(upem), int(asc), int(desc), tuple(bbox), int(cap),  # type: ignore[arg-type]
                    float(italic), bool(fixed), CMap(bmp, extra), widths)


def load(path: Path, index: int = 0, use_cache: bool = True) -> FontInfo:
    """The face's metrics, from the cache when it holds this very file, else parsed (and cached)."""
    path = Path(path)
    ident = _identity(path, index)
    cfile = _cache_file(path, index) if use_cache else None
    if cfile is not None:
        try:
            blob = cfile.read_bytes()
            if blob[:4] == _MAGIC and len(blob) > 8:
                (crc,) = struct.unpack_from(">I", blob, 4)
                body = blob[8:]
                if zlib.crc32(body) == crc:
                    saved_ident, rec = marshal.loads(body)
                    if tuple(saved_ident) == ident:
                        return _from_record(str(path), index, rec)
        except (OSError, ValueError, EOFError, TypeError, struct.error, IndexError):
            pass  # missing, damaged or foreign: parse the font again and rewrite the entry
    info = parse(path, index)
    if cfile is not None:
        _write_cache(cfile, ident, info)
    return info


def _write_cache(cfile: Path, ident: tuple, info: FontInfo) -> None:
    body = marshal.dumps((ident, _to_record(info)))
    blob = _MAGIC + struct.pack(">I", zlib.crc32(body)) + body
    try:
        cfile.parent.mkdir(parents=True, exist_ok=True)
        tmp = cfile.with_name(f"{cfile.name}.{os.getpid()}.tmp")
        tmp.write_bytes(blob)
        os.replace(tmp, cfile)  # readers see the old entry or the new one, never half of one
    except OSError:
        pass  # a read-only or full cache folder only costs speed
