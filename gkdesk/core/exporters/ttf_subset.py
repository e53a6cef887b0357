"""TrueType subsets for embedding: the glyphs a PDF uses (and the components they are built from), renumbered."""

from __future__ import annotations

import mmap
import struct
import sys
from array import array

from gkdesk.core.exporters.ttf import table_directory

_KEEP_TABLES = ("head", "hhea", "maxp", "cvt ", "fpgm", "prep")


def subset(path: str, index: int, gids: list[int]) -> tuple[bytes, dict[int, int]]:
    """A TrueType file holding only ``gids`` (and the components they use), renumbered from 1 in order.

    Returns the file and old glyph id -> new glyph id (glyph 0, .notdef, stays 0)."""
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return _subset(data, index, gids)  # type: ignore[arg-type]


def _subset(data: bytes, index: int, gids: list[int]) -> tuple[bytes, dict[int, int]]:
    t = table_directory(data, index)
    head = t["head"][0]
    long_loca = struct.unpack_from(">h", data, head + 50)[0] == 1
    num_glyphs = struct.unpack_from(">H", data, t["maxp"][0] + 4)[0]
    lo, ln = t["loca"]
    loca = array("I" if long_loca else "H", data[lo: lo + ln])
    if sys.byteorder == "little":
        loca.byteswap()
    scale = 1 if long_loca else 2
    glyf = t["glyf"][0]

    def glyph(g: int) -> bytes:
        return data[glyf + loca[g] * scale: glyf + loca[g + 1] * scale]

    order = [0]
    new: dict[int, int] = {0: 0}
    todo = list(reversed(gids))
    while todo:
        g = todo.pop()
        if g in new or not 0 <= g < num_glyphs:
            continue
        new[g] = len(order)
        order.append(g)
        todo.extend(_components(glyph(g)))
    glyphs = []
    offsets = [0]
    for g in order:
        body = _remap_components(glyph(g), new)
        body += b"\0" * (-len(body) % 4)
        glyphs.append(body)
        offsets.append(offsets[-1] + len(body))
    hmtx_off = t["hmtx"][0]
    n_metrics = struct.unpack_from(">H", data, t["hhea"][0] + 34)[0]
    metrics = []
    for g in order:
        if g < n_metrics:
            metrics.append(data[hmtx_off + 4 * g: hmtx_off + 4 * g + 4])
        else:
            adv = data[hmtx_off + 4 * (n_metrics - 1): hmtx_off + 4 * (n_metrics - 1) + 2]
            lsb = data[hmtx_off + 4 * n_metrics + 2 * (g - n_metrics): hmtx_off + 4 * n_metrics + 2 * (g - n_metrics) + 2]
            metrics.append(adv + lsb)
    tables: dict[str, bytes] = {}
    for tag in _KEEP_TABLES:
        if tag in t:
            off, length = t[tag]
            tables[tag] = data[off: off + length]
    h = bytearray(tables["head"])
    struct.pack_into(">I", h, 8, 0)  # checkSumAdjustment recomputed by readers that care; 0 is accepted
    struct.pack_into(">h", h, 50, 1)  # long loca
    tables["head"] = bytes(h)
    hh = bytearray(tables["hhea"])
    struct.pack_into(">H", hh, 34, len(order))
    tables["hhea"] = bytes(hh)
    mp = bytearray(tables["maxp"])
    struct.pack_into(">H", mp, 4, len(order))
    tables["maxp"] = bytes(mp)
    tables["hmtx"] = b"".join(metrics)
    tables["glyf"] = b"".join(glyphs)
    tables["loca"] = struct.pack(f">{len(offsets)}I", *offsets)
    return _sfnt(tables), new


def _components(g: bytes) -> list[int]:
    if len(g) < 10 or struct.unpack_from(">h", g, 0)[0] >= 0:
        return []
    out, pos = [], 10
    while True:
        flags, comp = struct.unpack_from(">HH", g, pos)
        out.append(comp)
        pos += 4 + (4 if flags & 1 else 2)
        pos += 2 if flags & 8 else 4 if flags & 0x40 else 8 if flags & 0x80 else 0
        if not flags & 0x20:
            return out


def _remap_components(g: bytes, new: dict[int, int]) -> bytes:
    if len(g) < 10 or struct.unpack_from(">h", g, 0)[0] >= 0:
        return g
    b, pos = bytearray(g), 10
    while True:
        flags, comp = struct.unpack_from(">HH", b, pos)
        struct.pack_into(">H", b, pos + 2, new.get(comp, 0))
        pos += 4 + (4 if flags & 1 else 2)
        pos += 2 if flags & 8 else 4 if flags & 0x40 else 8 if flags & 0x80 else 0
        if not flags & 0x20:
            return bytes(b)


def _sfnt(tables: dict[str, bytes]) -> bytes:
    tags = sorted(tables)
    n = len(tags)
    entry = 1 << (n.bit_length() - 1)
    head = struct.pack(">IHHHH", 0x00010000, n, entry * 16, entry.bit_length() - 1, n * 16 - entry * 16)
    offset = 12 + 16 * n
    dirs, bodies = [], []
    for tag in tags:
        body = tables[tag]
        padded = body + b"\0" * (-len(body) % 4)
        words = array("I", padded)
        if sys.byteorder == "little":
            words.byteswap()
        dirs.append(struct.pack(">4sIII", tag.encode("latin-1"), sum(words) & 0xFFFFFFFF, offset, len(body)))
        bodies.append(padded)
        offset += len(padded)
    return head + b"".join(dirs) + b"".join(bodies)
