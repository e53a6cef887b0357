"""A small PDF writer: pages of positioned glyphs and lines, TrueType faces embedded as subsets, Unicode text.

Why not reportlab's canvas: importing it costs more than our whole export (issue 16), and every glyph here is
placed by our own layout anyway. Fonts are embedded as CIDFontType2 (Identity-H, CID = the face's glyph id) with a
CIDToGIDMap into the subset, widths (W) and a ToUnicode map, so text can be searched and copied.
"""

from __future__ import annotations

import zlib

from gkdesk.core.exporters.ttf import FontInfo
from gkdesk.core.exporters.ttf_subset import subset

TYPE_CHECKING = False  # typing is not imported at run time: a cold export (issue 16.2)
if TYPE_CHECKING:
    from typing import BinaryIO


def _num(v: float) -> str:
    return f"{v:.2f}"


def _text_string(s: str) -> bytes:
    """A PDF text string (document information): UTF-16BE with a byte order mark, as hex."""
    return b"<FEFF" + s.encode("utf-16-be").hex().upper().encode() + b">"


class Font:
    """One face used in the document; remembers the glyphs drawn (for the subset and the ToUnicode map)."""

    def __init__(self, info: FontInfo, res_name: str, base: Font | None = None) -> None:
        self.info = info
        self.res_name = res_name
        self.base = base  # set on the half-width variant: the same glyphs, every advance halved
        self.used: dict[int, str] = base.used if base is not None else {}  # glyph id -> character
        self.half: Font | None = None
        self._hex: dict[str, str] = {}  # character -> its glyph id in hex (glyph_run draws one character at a time)

    def glyph(self, ch: str) -> str:
        """``glyphs(ch)`` for one character, remembered."""
        h = self._hex.get(ch)
        if h is None:
            h = self._hex[ch] = self.glyphs(ch)
        return h

    def glyphs(self, text: str) -> str:
        """Hex string of glyph ids for ``text`` (characters the face lacks become .notdef: callers check first)."""
        out = []
        cmap = self.info.cmap
        for ch in text:
            g = cmap.get(ord(ch), 0)
            if g:
                self.used.setdefault(g, ch)
            out.append(f"{g:04X}")
        return "".join(out)


class Page:
    """The drawing operators of one page."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.ops: list[str] = []
        self.fonts: set[Font] = set()

    def text(self, font: Font, size: float, x: float, y: float, text: str, char_space: float = 0.0,
             stroke: float = 0.0) -> None:
        """Draw ``text`` from (x, y) (PDF coordinates, y up); ``char_space`` is added after each glyph;
        ``stroke`` > 0 also strokes the outlines with that line width (a heavier look)."""
        self.fonts.add(font)
        mode = f"2 Tr {_num(stroke)} w " if stroke else ""
        cs = f"{char_space:.3f} Tc "
        self.ops.append(f"BT {mode}/{font.res_name} {_num(size)} Tf {cs}1 0 0 1 {_num(x)} {_num(y)} Tm "
                        f"<{font.glyphs(text)}> Tj ET")

    def glyph_run(self, items: list[tuple[Font, float, float, float, str]], y: float) -> None:
        """Glyphs each at its own x on one baseline: (font, size, x, char_space, character)."""
        ops = ["BT"]
        cur: tuple[Font, float] | None = None
        tc: float | None = None  # the character spacing is text state: it outlives BT/ET, so set it afresh
        for font, size, x, cspace, ch in items:
            self.fonts.add(font)
            if cur != (font, size):
                ops.append(f"/{font.res_name} {_num(size)} Tf")
                cur = (font, size)
            if tc is None or abs(cspace - tc) > 1e-4:
                ops.append(f"{cspace:.3f} Tc")
                tc = cspace
            ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm <{font.glyph(ch)}> Tj")
        ops.append("ET")
        self.ops.append("\n".join(ops))

    def rect(self, x: float, y: float, w: float, h: float, gray: float = 0.9) -> None:
        """A filled grey rectangle (drawn before what lies on it)."""
        self.ops.append(f"{gray:.2f} g {x:.2f} {y:.2f} {w:.2f} {h:.2f} re f 0 g")

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.5) -> None:
        self.ops.append(f"{_num(width)} w {_num(x1)} {_num(y1)} m {_num(x2)} {_num(y2)} l S")


class PdfWriter:
    """Collects pages, then writes the whole file at once."""

    def __init__(self, title: str = "", author: str = "", subject: str = "", keywords: str = "",
                 creator: str = "gkdesk", lang: str = "zh-CN") -> None:
        self.info = {"Title": title, "Author": author, "Subject": subject, "Keywords": keywords,
                     "Creator": creator, "Producer": "gkdesk"}
        self.lang = lang
        self.pages: list[Page] = []
        self._fonts: dict[tuple[str, int], Font] = {}

    def font(self, info: FontInfo, half: bool = False) -> Font:
        """The face as a PDF font; ``half``: its variant whose advances are half as wide, for punctuation squeezed to
        half a cell (so that text extraction sees each mark's box where it is drawn, not over its neighbour)."""
        key = (info.path, info.index)
        if key not in self._fonts:
            self._fonts[key] = Font(info, f"F{len(self._fonts) + 1}")
        font = self._fonts[key]
        if half:
            if font.half is None:
                font.half = Font(info, font.res_name + "h", base=font)
            return font.half
        return font

    def new_page(self, width: float, height: float) -> Page:
        page = Page(width, height)
        self.pages.append(page)
        return page

    # --- output ------------------------------------------------------------------------------------
    def write(self, fh: BinaryIO) -> None:
        objs: list[bytes | None] = [None]  # object numbers start at 1

        def reserve() -> int:
            objs.append(None)
            return len(objs) - 1

        def put(n: int, body: bytes) -> int:
            objs[n] = body
            return n

        def stream(d: str, data: bytes, compress: bool = True) -> bytes:
            if compress:
                data = zlib.compress(data, 1)
                d += " /Filter /FlateDecode"
            return f"<< {d} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"

        catalog, pages_n = reserve(), reserve()
        font_refs: dict[Font, int] = {}
        used_fonts = [f for f in self._fonts.values()
                      if any(f in p.fonts or (f.half is not None and f.half in p.fonts) for p in self.pages)]
        page_ns = []
        for page in self.pages:
            content = reserve()
            put(content, stream("", "\n".join(page.ops).encode("latin-1")))
            fonts = " ".join(f"/{f.res_name} {{{f.res_name}}}" for f in sorted(page.fonts, key=lambda f: f.res_name))
            pn = reserve()
            page_ns.append((pn, content, fonts, page))
        for i, font in enumerate(used_fonts):
            font_refs.update(self._embed(font, i, reserve, put, stream))
        for pn, content, fonts, page in page_ns:
            for font, ref in font_refs.items():
                fonts = fonts.replace(f"{{{font.res_name}}}", f"{ref} 0 R")
            put(pn, (f"<< /Type /Page /Parent {pages_n} 0 R /MediaBox [0 0 {_num(page.width)} {_num(page.height)}] "
                     f"/Resources << /Font << {fonts} >> >> /Contents {content} 0 R >>").encode())
        kids = " ".join(f"{pn} 0 R" for pn, *_ in page_ns)
        put(pages_n, f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ns)} >>".encode())
        put(catalog, f"<< /Type /Catalog /Pages {pages_n} 0 R /Lang ({self.lang}) >>".encode())
        info_items = b" ".join(b"/" + k.encode() + b" " + _text_string(v) for k, v in self.info.items() if v)
        info_n = reserve()
        put(info_n, b"<< " + info_items + b" >>")

        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = [0]
        for n in range(1, len(objs)):
            offsets.append(len(out))
            body = objs[n]
            assert body is not None
            out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(objs)}\n0000000000 65535 f \n".encode()
        out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets[1:])
        out += (f"trailer\n<< /Size {len(objs)} /Root {catalog} 0 R /Info {info_n} 0 R >>\n"
                f"startxref\n{xref}\n%%EOF\n").encode()
        fh.write(bytes(out))

    def _embed(self, font: Font, i: int, reserve, put, stream) -> dict[Font, int]:  # type: ignore[no-untyped-def]
        info = font.info
        gids = sorted(font.used)
        data, new = subset(info.path, info.index, gids)
        k = 1000 / info.units_per_em
        tag = "".join(chr(65 + (i * 7 + j * 3) % 26) for j in range(6))
        base = f"{tag}+{info.ps_name}"
        file_n = reserve()
        put(file_n, stream(f"/Length1 {len(data)}", data))
        desc_n = reserve()
        b = info.bbox
        put(desc_n, (f"<< /Type /FontDescriptor /FontName /{base} /Flags 4 /FontBBox [{_num(b[0] * k)} "
                     f"{_num(b[1] * k)} {_num(b[2] * k)} {_num(b[3] * k)}] /ItalicAngle {_num(info.italic_angle)} "
                     f"/Ascent {_num(info.ascent * k)} /Descent {_num(info.descent * k)} "
                     f"/CapHeight {_num(info.cap_height * k)} /StemV 80 /FontFile2 {file_n} 0 R >>").encode())
        top = max(gids) if gids else 0
        cid_map = bytearray(2 * (top + 1))
        for g in gids:
            cid_map[2 * g: 2 * g + 2] = new[g].to_bytes(2, "big")
        map_n = reserve()
        put(map_n, stream("", bytes(cid_map)))
        tu_n = reserve()
        put(tu_n, stream("", _to_unicode(font.used).encode("latin-1")))
        refs = {}
        for variant, scale in ((font, k), (font.half, k / 2)):
            if variant is None:
                continue
            widths = " ".join(f"{g} [{_num(info.widths[g] * scale)}]" for g in gids)
            cid_n = reserve()
            put(cid_n, (f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{base} /CIDSystemInfo << /Registry "
                        f"(Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {desc_n} 0 R "
                        f"/DW {_num(1000 * scale / k)} /W [{widths}] /CIDToGIDMap {map_n} 0 R >>").encode())
            type0 = reserve()
            put(type0, (f"<< /Type /Font /Subtype /Type0 /BaseFont /{base} /Encoding /Identity-H "
                        f"/DescendantFonts [{cid_n} 0 R] /ToUnicode {tu_n} 0 R >>").encode())
            refs[variant] = type0
        return refs


def _to_unicode(used: dict[int, str]) -> str:
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(used.items())
    for start in range(0, len(items), 100):
        chunk = items[start: start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        for g, ch in chunk:
            lines.append(f"<{g:04X}> <{ch.encode('utf-16-be').hex().upper()}>")
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)
