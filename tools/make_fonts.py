"""Build the bundled fallback fonts in resources/fonts/ from Debian's free CJK fonts (repeatable; see --help).

Why: our PDF writer (gkdesk/core/exporters/pdfwriter.py) embeds TrueType (glyf) outlines only, and the offline office machine may lack the 公文 fonts.
We bundle three faces, subset to what a report needs (ASCII, Latin-1, common symbols, CJK punctuation, full-width
forms and the whole CJK Unified Ideographs block U+4E00–U+9FFF the source has):

* ``GkdeskFang-Regular.ttf`` — 仿宋 body and tables, from FandolFang (GPL-3.0 with font exception;
  texlive-lang-chinese), converted from CFF to TrueType outlines with fontTools cu2qu.
* ``GkdeskTitle-Bold.ttf`` — the title (小标宋 stand-in), Noto Serif CJK SC Bold (OFL-1.1; fonts-noto-cjk-extra),
  GB 2312 hanzi, converted.
* ``GkdeskKai-Regular.ttf`` — 楷体 for （一） headings, from LXGW WenKai (OFL-1.1; fonts-lxgw-wenkai), GB 2312 hanzi.
* ``GkdeskSans-Regular.ttf`` — 黑体 for 一、 headings, from WenQuanYi Micro Hei (Apache-2.0; fonts-wqy-microhei).
* ``GkdeskSerif-Regular.ttf`` — page numbers and every hanzi of U+4E00–U+9FFF the 仿宋 lacks (rare names: 鄠 堃 珺),
  from Noto Serif CJK SC (OFL-1.1; fonts-noto-cjk), converted.

The exporter falls back per character along each role's chain of faces.

Usage (Debian: ``apt-get install fonts-noto-cjk fonts-noto-cjk-extra fonts-wqy-microhei fonts-lxgw-wenkai
texlive-lang-chinese``, or ``apt-get download`` them and ``dpkg-deb -x PKG ROOT`` each, then ``--root ROOT``)::

    .venv/bin/python tools/make_fonts.py [--out resources/fonts] [--root /] [--only fang ...]

The output is deterministic for the same source fonts and fontTools version. Licence texts are copied beside the
fonts; resources/fonts/README.md says where each face comes from and what was changed.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import sys
import time
from pathlib import Path
from typing import Any

NOTO_SERIF = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
NOTO_SERIF_BOLD = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
FANDOL_FANG = Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf")

#: code point ranges kept in every bundled face (where the source has them)
RANGES: list[tuple[int, int]] = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: · × ÷ ° ± §
    (0x02C6, 0x02DD),  # modifier letters (ˉ ˇ)
    (0x0391, 0x03C9),  # Greek (α β Ω in technical text)
    (0x0401, 0x0451),  # Cyrillic as found in GB2312
    (0x2010, 0x203E),  # general punctuation: — ‘ ’ “ ” … ‰ ※
    (0x2100, 0x2199),  # letterlike (℃ №), number forms (Ⅰ Ⅱ), arrows
    (0x2200, 0x22FF),  # mathematical operators (≤ ≥ ≠ ∑)
    (0x2312, 0x2312),
    (0x2460, 0x24FF),  # enclosed alphanumerics ① ⑴ ⒈
    (0x2500, 0x257F),  # box drawing ─
    (0x25A0, 0x25FF),  # geometric shapes ■ □ ▲ ○ ●
    (0x2605, 0x2606),  # ★ ☆
    (0x2640, 0x2642),
    (0x3000, 0x303F),  # CJK symbols and punctuation 、。〈〉《》「」【】〔〕
    (0x3200, 0x32FF),  # enclosed CJK ㈠ ㊣
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs (U+4E00–U+9FA5 required)
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFFEF),  # full-width forms （）：；，０-９
]


def wanted_codepoints() -> set[int]:
    out: set[int] = set()
    for lo, hi in RANGES:
        out.update(range(lo, hi + 1))
    return out


def _face_index(path: Path, family_prefix: str) -> int:
    from fontTools.ttLib import TTCollection

    if path.suffix.lower() != ".ttc":
        return -1

    coll = TTCollection(str(path), lazy=True)
    for i, f in enumerate(coll.fonts):
        if f["name"].getDebugName(1) == family_prefix or f["name"].getDebugName(4) == family_prefix:
            return i
    raise SystemExit(f"{path}: no face named {family_prefix!r}")


def gb2312_codepoints() -> set[int]:
    """The 6,763 hanzi and the symbols of GB 2312 (the common set; enough for headings in 楷体)."""
    out: set[int] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                out.add(ord(bytes([hi, lo]).decode("gb2312")))
    return out


def _subset(path: Path, index: int, gb2312_only: bool = False, exclude: set[int] | None = None) -> Any:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), fontNumber=index, lazy=False) if index >= 0 else TTFont(str(path), lazy=False)
    have = set(font.getBestCmap())
    wanted = wanted_codepoints()
    if gb2312_only:  # keep ASCII and the symbols, but only GB 2312's hanzi
        wanted = {c for c in wanted if not 0x4E00 <= c <= 0x9FFF} | gb2312_codepoints()
    keep = sorted((wanted & have) - (exclude or set()))
    opts = subset.Options()
    opts.layout_features = []  # no GSUB/GPOS features: the PDF writer ignores them, Qt does fine without
    opts.hinting = False
    opts.glyph_names = False
    opts.notdef_outline = True
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    opts.name_languages = [0x0409]
    opts.drop_tables += ["VORG", "vhea", "vmtx", "BASE", "JSTF", "DSIG", "GDEF", "GSUB", "GPOS", "morx", "kern"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=keep)
    sub.subset(font)
    return font


def _cff_to_glyf(font: Any, max_err: float = 1.0) -> None:
    """Replace CFF outlines by quadratic TrueType outlines (after fontTools' otf2ttf snippet)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    tt = font
    glyph_order = tt.getGlyphOrder()
    glyph_set = tt.getGlyphSet()
    quad = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        quad[name] = pen.glyph()
    tt["loca"] = newTable("loca")
    glyf = tt["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = quad
    del tt["CFF "]
    glyf.compile(tt)
    hmtx = tt["hmtx"]
    for name, g in quad.items():
        adv, _ = hmtx.metrics[name]
        g.recalcBounds(glyf)
        hmtx.metrics[name] = (adv, getattr(g, "xMin", 0))
    maxp = tt["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    post = tt["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    tt.sfntVersion = "\x00\x01\x00\x00"


def _rename(font: Any, family: str, source: str, style: str = "Regular") -> None:
    name = font["name"]
    full = f"{family} {style}"
    ps = family.replace(" ", "") + f"-{style}"
    name.names = [n for n in name.names if n.nameID in (0, 13, 14)]
    for nid, text in ((1, family), (2, style), (3, f"{ps};gkdesk"), (4, full), (5, "Version 1.0"),
                      (6, ps), (10, f"Subset of {source} made by gkdesk tools/make_fonts.py")):
        name.setName(text, nid, 3, 1, 0x409)
        name.setName(text, nid, 1, 0, 0)


def build_one(src: Path, face: str, out: Path, family: str, convert: bool, gb2312_only: bool,
              exclude: set[int] | None = None) -> None:
    t0 = time.perf_counter()
    font = _subset(src, _face_index(src, face), gb2312_only, exclude)
    if convert:
        _cff_to_glyf(font)
    _rename(font, family, face, "Bold" if out.stem.endswith("-Bold") else "Regular")
    font["head"].created = font["head"].modified = 3_786_000_000  # fixed timestamp: deterministic output
    font.save(str(out), reorderTables=True)
    n = len(font.getBestCmap())
    print(f"{out.name}: {n} characters, {out.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t0:.0f} s")


LICENCES = [
    (Path("/usr/share/doc/fonts-noto-cjk/copyright"), "LICENSE-NotoSerifCJK-OFL.txt"),
    (Path("/usr/share/doc/fonts-wqy-microhei/copyright"), "LICENSE-WenQuanYiMicroHei.txt"),
    (Path("/usr/share/doc/fonts-lxgw-wenkai/copyright"), "LICENSE-LXGWWenKai-OFL.txt"),
    (Path("/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz"), "LICENSE-Fandol-GPL3-with-font-exception.txt"),
]

#: key -> (source, face name in a collection, output file, family, CFF->glyf?, GB 2312 hanzi only?)
JOBS: dict[str, tuple[Path, str, str, str, bool, bool]] = {
    "serif": (NOTO_SERIF, "Noto Serif CJK SC", "GkdeskSerif-Regular.ttf", "Gkdesk Serif", True, False),
    "sans": (WQY, "WenQuanYi Micro Hei", "GkdeskSans-Regular.ttf", "Gkdesk Sans", False, False),
    "fang": (FANDOL_FANG, "FandolFang", "GkdeskFang-Regular.ttf", "Gkdesk Fang", True, False),
    "kai": (WENKAI, "LXGW WenKai", "GkdeskKai-Regular.ttf", "Gkdesk Kai", False, True),
    "title": (NOTO_SERIF_BOLD, "Noto Serif CJK SC Bold", "GkdeskTitle-Bold.ttf", "Gkdesk Title", True, True),
}

#: Fandol is GPL-3.0 with the font exception; we extend the exception to our modified subset (the licence allows it)
FANDOL_NOTE = """The Gkdesk Fang face (GkdeskFang-Regular.ttf) is a modified version (subset, converted to TrueType
outlines, renamed) of FandolFang-Regular by the Fandol team (Clerk Ma, Jie Su), distributed under the GNU General
Public License version 3 with the font exception below, which we extend to this modified version. The original
font (its source) is in Debian's texlive-lang-chinese package and CTAN (fonts/fandol); tools/make_fonts.py rebuilds
the modified version from it.

  As a special exception, if you create a document which uses this font, and embed this font or unaltered
  portions of this font into the document, this font does not by itself cause the resulting document to be
  covered by the GNU General Public License. This exception does not however invalidate any other reasons why
  the document might be covered by the GNU General Public License. If you modify this font, you may extend this
  exception to your version of the font, but you are not obligated to do so. If you do not wish to do so, delete
  this exception statement from your version.

"""


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "resources" / "fonts"))
    ap.add_argument("--root", default="/", help="where the Debian packages are unpacked (dpkg-deb -x PKG ROOT)")
    ap.add_argument("--only", choices=sorted(JOBS), action="append")
    args = ap.parse_args(argv)
    out = Path(args.out)
    root = Path(args.root)
    out.mkdir(parents=True, exist_ok=True)

    def at(p: Path) -> Path:
        return root / p.relative_to("/")

    keys = args.only or list(JOBS)
    for key in keys:
        src = at(JOBS[key][0])
        if not src.is_file():
            print(f"missing {src}: apt-get install {PACKAGES}", file=sys.stderr)
            return 2
    for key in keys:
        src, face, fname, family, convert, gb = JOBS[key]
        exclude = None
        if key == "serif":  # the serif is the fallback for the hanzi the 仿宋 lacks: it leaves out those it has
            from fontTools.ttLib import TTFont

            fang = set(TTFont(str(at(FANDOL_FANG)), lazy=True).getBestCmap())
            exclude = {c for c in fang if 0x3400 <= c <= 0x9FFF}
        build_one(at(src), face, out / fname, family, convert, gb, exclude)
    for src, dst in LICENCES:
        src = at(src)
        if not src.is_file():
            continue
        text = gzip.decompress(src.read_bytes()) if src.suffix == ".gz" else src.read_bytes()
        if "Fandol" in dst:
            text = FANDOL_NOTE.encode() + text
        (out / dst).write_bytes(text)
    return 0


PACKAGES = "fonts-noto-cjk fonts-noto-cjk-extra fonts-wqy-microhei fonts-lxgw-wenkai texlive-lang-chinese"

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
