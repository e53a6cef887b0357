"""The 公文 fonts of the target systems are found, in font trees laid out as on Windows 10/11, UOS 20 and Kylin V10.

The fake fonts are small real TrueType files (a subset of a bundled face, renamed per system font) so that the
exporter really reads and embeds them; characters they lack fall back to the bundled faces.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from export_helpers import need, pdf_text, squeeze
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

from gkdesk.core.exporters import fonts
from gkdesk.core.exporters.pdf import export_pdf
from gkdesk.paths import resource

CHARS = "秋渠乡政府信息公开工作年度报告一二三四五六、（）总体情况主动申请0123456789—年月日 "


def _tiny(name: str, out: Path) -> Path:
    """A small TrueType face named ``name`` (a subset of the bundled 仿宋)."""
    font = TTFont(str(resource("fonts", fonts.BUNDLED["fang"])))
    opts = subset.Options()
    opts.name_IDs = ["*"]
    sub = subset.Subsetter(opts)
    sub.populate(text=CHARS)
    sub.subset(font)
    ps = "".join(c for c in name if c.isascii() and c.isalnum()) or "Font"
    font["name"].setName(ps, 6, 3, 1, 0x409)
    font.save(str(out))
    return out


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> dict[str, bytes]:
    d = tmp_path_factory.mktemp("tiny")
    out = {}
    for name in ("FangSong", "SimHei", "KaiTi", "XBS", "Song"):
        out[name] = _tiny(name, d / f"{name}.ttf").read_bytes()
    coll = TTCollection()  # simsun.ttc: SimSun and NSimSun
    coll.fonts = [TTFont(str(d / "Song.ttf")), TTFont(str(d / "Song.ttf"))]
    coll.save(str(d / "simsun.ttc"))
    out["ttc"] = (d / "simsun.ttc").read_bytes()
    return out


def _tree(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)


@pytest.fixture
def use_tree(monkeypatch):
    def use(dirs: list[Path]) -> fonts.FontSet:
        monkeypatch.setattr(fonts, "font_dirs", lambda: dirs)
        monkeypatch.delenv("GKDESK_PDF_FONTS", raising=False)
        fonts.reset()
        return fonts.font_set()

    yield use
    fonts.reset()


def _kinds(fs: fonts.FontSet) -> dict[str, tuple[str, bool]]:
    return {role: (fs.primary(role).path.name, fs.primary(role).system) for role in fonts.ROLES}


def test_windows_fonts_folder(tmp_path, tiny, use_tree, monkeypatch, example_report):
    win = tmp_path / "Windows"
    _tree(win, {"Fonts/simfang.ttf": tiny["FangSong"], "Fonts/SIMHEI.TTF": tiny["SimHei"],
                "Fonts/simkai.ttf": tiny["KaiTi"], "Fonts/simsun.ttc": tiny["ttc"], "Fonts/arial.ttf": tiny["Song"]})
    # 方正小标宋简体 installed for the user only (Windows 10 1809+ per-user fonts)
    _tree(tmp_path / "AppData" / "Local", {"Microsoft/Windows/Fonts/FZXBSJW.TTF": tiny["XBS"]})
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(win))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    dirs = fonts.font_dirs()
    monkeypatch.setattr(sys, "platform", "linux")
    assert dirs == [win / "Fonts", tmp_path / "AppData" / "Local" / "Microsoft" / "Windows" / "Fonts"]
    fs = use_tree(dirs)
    assert _kinds(fs) == {"body": ("simfang.ttf", True), "title": ("FZXBSJW.TTF", True),
                          "heading1": ("SIMHEI.TTF", True), "heading2": ("simkai.ttf", True),
                          "table": ("simsun.ttc", True), "pageno": ("simsun.ttc", True)}
    assert not fs.chains["body"][-1].system  # the bundled faces stay behind for characters these lack
    need("pdffonts")
    out = tmp_path / "windows.pdf"
    export_pdf(example_report, out)
    listed = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    for ps in ("FangSong", "SimHei", "KaiTi", "XBS", "Song"):
        assert f"+{ps}" in listed, ps
    assert squeeze(example_report.overview[0].text) in squeeze(pdf_text(out))


def test_uos_cesi_fonts(tmp_path, tiny, use_tree):
    # UOS 20 ships the CESI 公文 fonts in /usr/share/fonts/fonts-cesi/
    usr = tmp_path / "usr" / "share" / "fonts"
    _tree(usr, {"fonts-cesi/CESI_FS_GB2312.TTF": tiny["FangSong"], "fonts-cesi/CESI_HT_GB2312.TTF": tiny["SimHei"],
                "fonts-cesi/CESI_KT_GB2312.TTF": tiny["KaiTi"], "fonts-cesi/CESI_SS_GB2312.TTF": tiny["Song"],
                "fonts-cesi/CESI_XBS_GB2312.TTF": tiny["XBS"], "fonts-cesi/CESI_FS_GB18030.TTF": tiny["Song"],
                "truetype/dejavu/DejaVuSans.ttf": tiny["Song"]})
    fs = use_tree([usr, tmp_path / "usr" / "local" / "share" / "fonts"])
    assert _kinds(fs) == {"body": ("CESI_FS_GB2312.TTF", True), "title": ("CESI_XBS_GB2312.TTF", True),
                          "heading1": ("CESI_HT_GB2312.TTF", True), "heading2": ("CESI_KT_GB2312.TTF", True),
                          "table": ("CESI_SS_GB2312.TTF", True), "pageno": ("CESI_SS_GB2312.TTF", True)}


def test_kylin_founder_and_gb2312_fonts(tmp_path, tiny, use_tree):
    # Kylin V10 and WPS for Linux: 方正 files (GBK) and the 仿宋_GB2312 / 楷体_GB2312 files offices copy in
    usr = tmp_path / "usr" / "share" / "fonts"
    _tree(usr, {"truetype/founder/FZFSK.TTF": tiny["Song"], "truetype/founder/FZHTK.TTF": tiny["SimHei"],
                "truetype/founder/FZKTK.TTF": tiny["Song"], "truetype/founder/FZSSK.TTF": tiny["Song"],
                "truetype/founder/FZXBSK.TTF": tiny["XBS"], "wps-office/仿宋_GB2312.ttf": tiny["FangSong"],
                "wps-office/楷体_GB2312.ttf": tiny["KaiTi"]})
    fs = use_tree([usr])
    kinds = _kinds(fs)
    assert kinds["body"] == ("仿宋_GB2312.ttf", True)  # the GB2312 仿宋 before 方正仿宋
    assert kinds["heading2"] == ("楷体_GB2312.ttf", True)
    assert kinds["title"] == ("FZXBSK.TTF", True) and kinds["heading1"] == ("FZHTK.TTF", True)
    assert kinds["table"] == ("FZSSK.TTF", True)


def test_cff_damaged_and_restricted_fonts_are_skipped(tmp_path, tiny, use_tree):
    usr = tmp_path / "fonts"
    font = TTFont(io.BytesIO(tiny["SimHei"]))
    font["OS/2"].fsType = 0x0002  # restricted licence embedding: must not be embedded
    usr.mkdir()
    font.save(str(usr / "simhei.ttf"))
    _tree(usr, {"仿宋_GB2312.ttf": b"OTTO" + bytes(200),  # CFF outlines (an .otf renamed): not embeddable here
                "simfang.ttf": tiny["FangSong"], "simkai.ttf": b"\x00\x01\x00\x00garbage"})
    fs = use_tree([usr])
    kinds = _kinds(fs)
    assert kinds["body"] == ("simfang.ttf", True)  # the next 仿宋 candidate
    assert kinds["heading1"] == (fonts.BUNDLED["sans"], False)
    assert kinds["heading2"] == (fonts.BUNDLED["kai"], False)
