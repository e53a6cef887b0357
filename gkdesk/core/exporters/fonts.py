"""Fonts for the PDF: the machine's 公文 fonts when it has them, else the bundled faces; per-character fallback.

Where the 公文 fonts live (file names matched case-insensitively, first match of a kind wins):

* Windows: ``C:\\Windows\\Fonts`` and the user's ``%LOCALAPPDATA%\\Microsoft\\Windows\\Fonts`` — simfang.ttf (仿宋),
  simhei.ttf (黑体), simkai.ttf (楷体), simsun.ttc (宋体), 仿宋_GB2312.ttf / 楷体_GB2312.ttf when installed, and
  方正小标宋简体 (FZXBSJW.TTF, FZXBSK.TTF or 方正小标宋简体.ttf) when installed.
* UOS / Kylin and other Linux desktops: anywhere under ``/usr/share/fonts``, ``/usr/local/share/fonts``,
  ``~/.local/share/fonts``, ``~/.fonts`` — the 方正 files (FZFSK/FZFSJW 仿宋, FZKTK/FZKTJW 楷体, FZHTK/FZHTJW 黑体,
  FZSSK/FZSSJW 书宋, FZXBSK/FZXBSJW 小标宋), the CESI files (CESI_FS/KT/HT/SS/XBS_GB2312.TTF), 仿宋_GB2312.ttf,
  楷体_GB2312.ttf and the Windows names copied over.

Only TrueType (glyf) faces are used; a file that cannot be embedded (CFF outlines, damaged, no embedding right)
is skipped and the next candidate tried.
"""

from __future__ import annotations

import _thread
import os
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from gkdesk.core.errors import ExportError
from gkdesk.core.exporters import ttf
from gkdesk.paths import resource

#: roles a PDF needs; each has a chain of faces tried in order for every character
ROLES = ("body", "title", "heading1", "heading2", "table", "pageno")

#: per kind, file-name patterns of the 公文 fonts (full match, case-insensitive) and the face index in a .ttc
SYSTEM_FILES: dict[str, tuple[tuple[str, int], ...]] = {
    "fangsong": ((r"仿宋_GB2312\.ttf", 0), (r"FS_GB2312\.ttf", 0), (r"FangSong_GB2312\.ttf", 0),
                 (r"CESI_FS_GB2312\.ttf", 0), (r"FZFSK\.ttf", 0), (r"FZFSJW\.ttf", 0), (r"simfang\.ttf", 0),
                 (r"仿宋\.ttf", 0), (r"CESI_FS_GB(13000|18030)\.ttf", 0), (r"STFANGSO\.ttf", 0)),
    "xiaobiaosong": ((r"方正小标宋简体\.ttf", 0), (r"FZXBSJW\.ttf", 0), (r"方正小标宋_GBK\.ttf", 0), (r"FZXBSK\.ttf", 0),
                     (r"FZXiaoBiaoSong-B05S?\.ttf", 0), (r"CESI_XBS_GB2312\.ttf", 0),
                     (r"CESI_XBS_GB(13000|18030)\.ttf", 0), (r"小标宋\.ttf", 0)),
    "hei": ((r"simhei\.ttf", 0), (r"黑体\.ttf", 0), (r"FZHTK\.ttf", 0), (r"FZHTJW\.ttf", 0),
            (r"CESI_HT_GB2312\.ttf", 0), (r"CESI_HT_GB(13000|18030)\.ttf", 0), (r"STHEITI\.ttf", 0)),
    "kai": ((r"楷体_GB2312\.ttf", 0), (r"KAI_GB2312\.ttf", 0), (r"KaiTi_GB2312\.ttf", 0), (r"CESI_KT_GB2312\.ttf", 0),
            (r"FZKTK\.ttf", 0), (r"FZKTJW\.ttf", 0), (r"simkai\.ttf", 0), (r"楷体\.ttf", 0),
            (r"CESI_KT_GB(13000|18030)\.ttf", 0), (r"STKAITI\.ttf", 0)),
    "song": ((r"simsun\.ttc", 0), (r"simsun\.ttf", 0), (r"宋体\.ttf", 0), (r"FZSSK\.ttf", 0), (r"FZSSJW\.ttf", 0),
             (r"CESI_SS_GB2312\.ttf", 0), (r"CESI_SS_GB(13000|18030)\.ttf", 0), (r"STSONG\.ttf", 0)),
}

#: bundled faces (resources/fonts/, made by tools/make_fonts.py); see docs/guide-export.md for their licences
BUNDLED: dict[str, str] = {
    "fang": "GkdeskFang-Regular.ttf",  # FandolFang: 仿宋 body
    "kai": "GkdeskKai-Regular.ttf",  # LXGW WenKai: 楷体 （一） headings
    "title": "GkdeskTitle-Bold.ttf",  # Noto Serif CJK SC Bold: the title (小标宋 stand-in)
    "serif": "GkdeskSerif-Regular.ttf",  # Noto Serif CJK SC: page numbers, every hanzi the 仿宋 lacks
    "sans": "GkdeskSans-Regular.ttf",  # WenQuanYi Micro Hei: 黑体 一、 headings
}

#: role -> kinds tried in order: ("sys", kind) a system font, ("bundled", key) a bundled one
CHAINS: dict[str, tuple[tuple[str, str], ...]] = {
    "body": (("sys", "fangsong"), ("bundled", "fang"), ("sys", "song"), ("bundled", "serif"), ("bundled", "sans")),
    "title": (("sys", "xiaobiaosong"), ("bundled", "title"), ("sys", "song"), ("bundled", "serif"),
              ("bundled", "sans")),
    "heading1": (("sys", "hei"), ("bundled", "sans"), ("bundled", "serif")),
    "heading2": (("sys", "kai"), ("bundled", "kai"), ("sys", "fangsong"), ("bundled", "fang"), ("bundled", "serif"),
                 ("bundled", "sans")),
    "table": (("sys", "song"), ("bundled", "fang"), ("sys", "fangsong"), ("bundled", "serif"), ("bundled", "sans")),
    "pageno": (("sys", "song"), ("bundled", "serif"), ("bundled", "sans")),
}

#: kinds that are a heavy face already; a title character in any other face is drawn emboldened
HEAVY_KINDS = frozenset({"xiaobiaosong", "title"})

_LOCK = _thread.allocate_lock()  # threading.Lock() without importing threading (a cold export)


@dataclass(eq=False)
class Face:
    """One usable face and the characters it has."""

    path: Path
    index: int
    kind: str  # fangsong / song / ... / fang / serif / sans / kai / title
    system: bool
    info: ttf.FontInfo = field(repr=False)

    @property
    def name(self) -> str:
        return self.info.ps_name

    def has(self, ch: str) -> bool:
        return ord(ch) in self.info.cmap


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
def _system_files() -> tuple[tuple[str, Path], ...]:
    """Every TrueType file in the usual folders, (lower-case name, path), sorted (scanned once per process)."""
    found: dict[str, Path] = {}
    for d in font_dirs():
        if not d.is_dir():
            continue
        for root, dirs, files in os.walk(d):
            dirs.sort()
            for f in sorted(files):
                if f.lower().endswith((".ttf", ".ttc")):
                    found.setdefault(f.lower(), Path(root) / f)
    return tuple(sorted(found.items()))


def find_system_font(kind: str) -> list[tuple[Path, int]]:
    """The files of a kind of 公文 font on this machine, best first."""
    files = _system_files()
    out = []
    for pattern, index in SYSTEM_FILES[kind]:
        rx = re.compile(pattern, re.IGNORECASE)
        out += [(path, index) for name, path in files if rx.fullmatch(name)]
    return out


def use_system_fonts() -> bool:
    """False when GKDESK_PDF_FONTS=bundled (reproducible output for tests and benchmarks)."""
    return os.environ.get("GKDESK_PDF_FONTS", "").strip().lower() != "bundled"


_faces: dict[tuple[str, int], Face | None] = {}


def _load(path: Path, index: int, kind: str, system: bool) -> Face | None:
    """The face's metrics (cached on disk); None for a system font that cannot be embedded."""
    key = (str(path), index)
    if key in _faces:
        return _faces[key]
    try:
        face: Face | None = Face(path, index, kind, system, ttf.load(path, index))
    except (OSError, ttf.FontFileError):
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
        return _load(path, 0, kind, False)
    if not use_system_fonts():
        return None
    for path, index in find_system_font(kind):
        face = _load(path, index, kind, True)
        if face is not None:
            return face
    return None


class FontSet:
    """The faces chosen for each role on this machine, and the per-character choice between them."""

    def __init__(self) -> None:
        self._memo: dict[tuple[str, str], Face | None] = {}
        #: size -> (character, role) -> advance in points (pdf_tables.advance_fn): a report has a few hundred
        #: distinct characters, measured thousands of times
        self.advances: dict[float, dict[tuple[str, str], float]] = {}
        with _LOCK:
            self.chains: dict[str, list[Face]] = {}
            for role in ROLES:
                chain: list[Face] = []
                for source, kind in CHAINS[role]:
                    face = _face_for(source, kind)
                    if face is not None and all(face is not f for f in chain):
                        chain.append(face)
                self.chains[role] = chain

    def primary(self, role: str) -> Face:
        return self.chains[role][0]

    def describe(self) -> dict[str, str]:
        """Role -> file name of its first face (shown in logs and tests)."""
        return {role: chain[0].path.name for role, chain in self.chains.items()}

    def face_for_char(self, ch: str, role: str) -> Face | None:
        key = (ch, role)
        try:
            return self._memo[key]
        except KeyError:
            pass
        found = None
        for face in self.chains[role]:
            if face.has(ch):
                found = face
                break
        self._memo[key] = found
        return found

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


    def check(self, text: str, role: str, where: str) -> None:
        """ExportError naming the first character of ``text`` no face of the role has (used before layout)."""
        for ch in text:
            if ch != "\n" and self.face_for_char(ch, role) is None:
                raise missing_char_error(ch, where, text)


def missing_char_error(ch: str, where: str, text: str) -> ExportError:
    pos = text.find(ch)
    context = text[max(0, pos - 8): pos + 9].replace("\n", " ")
    return ExportError(
        f"无法导出 PDF：{where}中的字符“{ch}”（Unicode 编码 U+{ord(ch):04X}，位于“…{context}…”）"
        f"在本机字体和程序自带字体中都没有，打印出来会是空白。请把它改成常用字或用文字说明"
        f"（生僻字可先安装含该字的字体，如方正或中易的扩展字库），然后再导出。"
    )


_font_set: FontSet | None = None
_font_set_system: bool | None = None


def font_set() -> FontSet:
    """The process-wide FontSet (faces read once; cheap after the first call)."""
    global _font_set
    if _font_set is None or _font_set_system != use_system_fonts():
        _set(FontSet())
    assert _font_set is not None
    return _font_set


def _set(fs: FontSet | None) -> None:
    global _font_set, _font_set_system
    _font_set = fs
    _font_set_system = use_system_fonts()


def reset() -> None:
    """Forget the faces found (tests change the font folders)."""
    _system_files.cache_clear()
    _faces.clear()
    _set(None)
