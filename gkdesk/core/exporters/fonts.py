"""Fonts for the PDF: the 公文 fonts when the machine has them, else the bundled faces; per-character fallback."""

from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from gkdesk.core.errors import ExportError
from gkdesk.paths import resource

#: roles a PDF needs; each has a chain of faces tried in order for every character
ROLES = ("body", "title", "heading1", "heading2", "table", "pageno")

#: file names of the usual 公文 fonts (Windows names first), per kind; TrueType only (reportlab embeds glyf)
SYSTEM_FILES: dict[str, tuple[tuple[str, int], ...]] = {
    "fangsong": (("仿宋_GB2312.ttf", 0), ("FS_GB2312.ttf", 0), ("FangSong_GB2312.ttf", 0), ("simfang.ttf", 0),
                 ("仿宋.ttf", 0), ("STFANGSO.TTF", 0)),
    "xiaobiaosong": (("方正小标宋简体.ttf", 0), ("方正小标宋_GBK.ttf", 0), ("FZXBSJW.TTF", 0), ("FZXBSK.TTF", 0),
                     ("FZXiaoBiaoSong-B05S.ttf", 0), ("FZXiaoBiaoSong-B05.ttf", 0)),
    "hei": (("simhei.ttf", 0), ("黑体.ttf", 0), ("STHEITI.TTF", 0)),
    "kai": (("楷体_GB2312.ttf", 0), ("KAI_GB2312.ttf", 0), ("KaiTi_GB2312.ttf", 0), ("simkai.ttf", 0),
            ("楷体.ttf", 0), ("STKAITI.TTF", 0)),
    "song": (("simsun.ttc", 0), ("simsun.ttf", 0), ("宋体.ttf", 0), ("STSONG.TTF", 0)),
}

#: bundled faces (resources/fonts/, made by tools/make_fonts.py)
BUNDLED: dict[str, str] = {
    "serif": "GkdeskSerif-Regular.ttf",
    "sans": "GkdeskSans-Regular.ttf",
    "kai": "GkdeskKai-Regular.ttf",
}

#: role -> kinds tried in order: ("sys", kind) a system font, ("bundled", key) a bundled one
CHAINS: dict[str, tuple[tuple[str, str], ...]] = {
    "body": (("sys", "fangsong"), ("sys", "song"), ("bundled", "serif"), ("bundled", "sans"), ("bundled", "kai")),
    "title": (("sys", "xiaobiaosong"), ("sys", "song"), ("bundled", "serif"), ("bundled", "sans")),
    "heading1": (("sys", "hei"), ("bundled", "sans"), ("bundled", "serif")),
    "heading2": (("sys", "kai"), ("bundled", "kai"), ("sys", "fangsong"), ("bundled", "serif"), ("bundled", "sans")),
    "table": (("sys", "song"), ("sys", "fangsong"), ("bundled", "serif"), ("bundled", "sans")),
    "pageno": (("sys", "song"), ("bundled", "serif"), ("bundled", "sans")),
}

#: kinds that are a heavy face already; a title in any other face is drawn emboldened (stroked outline)
HEAVY_KINDS = frozenset({"xiaobiaosong"})

_LOCK = threading.Lock()


@dataclass
class Face:
    """One registered reportlab font and the characters it has."""

    name: str  # reportlab font name
    path: Path
    index: int
    kind: str  # fangsong / song / ... / serif / sans / kai
    system: bool
    chars: dict[int, int] = field(repr=False, default_factory=dict)

    def has(self, ch: str) -> bool:
        return ord(ch) in self.chars


def font_dirs() -> list[Path]:
    """Where office machines keep fonts (Windows, Linux, macOS), the user's own folders included."""
    home = Path.home()
    dirs: list[Path] = []
    if sys.platform.startswith("win"):
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), home / "Library" / "Fonts", Path("/System/Library/Fonts/Supplemental")]
    else:
        dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local" / "share" / "fonts",
                 home / ".fonts"]
    return dirs


@cache
def _system_files() -> dict[str, Path]:
    """Every font file in the usual folders, by lower-case file name (scanned once per process)."""
    found: dict[str, Path] = {}
    for d in font_dirs():
        if not d.is_dir():
            continue
        for root, _dirs, files in os.walk(d):
            for f in files:
                if f.lower().endswith((".ttf", ".ttc")):
                    found.setdefault(f.lower(), Path(root) / f)
    return found


def use_system_fonts() -> bool:
    """False when GKDESK_PDF_FONTS=bundled (reproducible output for tests and benchmarks)."""
    return os.environ.get("GKDESK_PDF_FONTS", "").strip().lower() != "bundled"


_faces: dict[tuple[str, int], Face | None] = {}


def _register(path: Path, index: int, kind: str, system: bool) -> Face | None:
    """Register a font file with reportlab once; None if it cannot be embedded (CFF outlines, no embedding right)."""
    key = (str(path), index)
    if key in _faces:
        return _faces[key]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    # an ASCII name unique per file and face (file names may be Chinese: 仿宋_GB2312.ttf)
    stem = re.sub(r"[^A-Za-z0-9]", "", path.stem)[:24] or "font"
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:8]
    name = f"Gk{'Sys' if system else ''}-{stem}-{index}-{digest}"
    try:
        font = TTFont(name, str(path), subfontIndex=index)
        pdfmetrics.registerFont(font)
        face: Face | None = Face(name, path, index, kind, system, font.face.charToGlyph)
    except Exception:  # noqa: BLE001 - an unusable system font is skipped, the next one in the chain is tried
        if not system:
            raise ExportError(f"程序自带的字体文件“{path.name}”已损坏或丢失，请重新安装 gkdesk。") from None
        face = None
    _faces[key] = face
    return face


def _face_for(source: str, kind: str) -> Face | None:
    if source == "bundled":
        path = resource("fonts", BUNDLED[kind])
        if not path.is_file():
            raise ExportError(f"找不到程序自带的字体文件“{path.name}”，请重新安装 gkdesk。")
        return _register(path, 0, kind, False)
    if not use_system_fonts():
        return None
    files = _system_files()
    for fname, index in SYSTEM_FILES[kind]:
        found = files.get(fname.lower())
        if found is not None:
            face = _register(found, index, kind, True)
            if face is not None:
                return face
    return None


class FontSet:
    """The faces chosen for each role on this machine, and the per-character choice between them."""

    def __init__(self) -> None:
        with _LOCK:
            self.chains: dict[str, list[Face]] = {}
            for role in ROLES:
                chain: list[Face] = []
                for source, kind in CHAINS[role]:
                    face = _face_for(source, kind)
                    if face is not None and all(face.name != f.name for f in chain):
                        chain.append(face)
                self.chains[role] = chain

    def primary(self, role: str) -> Face:
        return self.chains[role][0]

    def describe(self) -> dict[str, str]:
        """Role -> file name of its first face (shown in logs and tests)."""
        return {role: chain[0].path.name for role, chain in self.chains.items()}

    def face_for_char(self, ch: str, role: str) -> Face | None:
        for face in self.chains[role]:
            if face.has(ch):
                return face
        return None

    def segments(self, text: str, role: str, where: str) -> list[tuple[Face, str]]:
        """Split text into runs that one face can draw; ExportError naming the first character none can draw."""
        out: list[tuple[Face, str]] = []
        for ch in text:
            face = self.face_for_char(ch, role)
            if face is None:
                raise missing_char_error(ch, where, text)
            if out and out[-1][0] is face:
                out[-1] = (face, out[-1][1] + ch)
            else:
                out.append((face, ch))
        return out


def missing_char_error(ch: str, where: str, text: str) -> ExportError:
    pos = text.find(ch)
    context = text[max(0, pos - 8): pos + 9].replace("\n", " ")
    return ExportError(
        f"无法导出 PDF：{where}中的字符“{ch}”（Unicode 编码 U+{ord(ch):04X}，位于“…{context}…”）"
        f"在本机字体和程序自带字体中都没有，打印出来会是空白。请把它改成常用字或用文字说明"
        f"（生僻字可先安装含该字的字体，如方正或中易的扩展字库），然后再导出。"
    )


_font_set: FontSet | None = None


def font_set() -> FontSet:
    """The process-wide FontSet (fonts are registered once; cheap after the first call)."""
    global _font_set
    if _font_set is None or _font_set_system != use_system_fonts():
        _set(FontSet())
    assert _font_set is not None
    return _font_set


_font_set_system: bool | None = None


def _set(fs: FontSet) -> None:
    global _font_set, _font_set_system
    _font_set = fs
    _font_set_system = use_system_fonts()
