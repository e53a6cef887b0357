"""Fonts: bundled faces cover what a report needs; the 公文 fonts are preferred when installed; fallback per char."""

from __future__ import annotations

import shutil

import pytest
from export_helpers import pdf_text, squeeze
from fontTools.ttLib import TTFont

from gkdesk.core.exporters import fonts
from gkdesk.core.exporters.pdf import export_pdf
from gkdesk.paths import resource

REQUIRED = [chr(c) for c in range(0x4E00, 0x9FA6)]
PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕…—·％０１２３４５６７８９ＡＺａｚ　"
ASCII = "".join(chr(c) for c in range(0x21, 0x7F))


def _cmap(name: str) -> set[int]:
    return set(TTFont(str(resource("fonts", name)), lazy=True).getBestCmap())


def test_fang_and_serif_together_cover_every_unified_ideograph_punctuation_and_ascii():
    cmap = _cmap(fonts.BUNDLED["serif"]) | _cmap(fonts.BUNDLED["fang"])
    missing = [ch for ch in REQUIRED + list(PUNCT + ASCII) if ord(ch) not in cmap]
    assert missing == []
    serif = _cmap(fonts.BUNDLED["serif"])
    assert [ch for ch in PUNCT + ASCII + "鄠堃珺喆赟" if ord(ch) not in serif] == []  # the fallback has these


def test_the_fang_covers_gb2312():
    import contextlib

    fang = _cmap(fonts.BUNDLED["fang"])
    gb = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                gb.add(ord(bytes([hi, lo]).decode("gb2312")))
    assert len(gb) == 6763 and gb <= fang


@pytest.mark.parametrize("key", ["sans", "kai", "fang", "title"])
def test_heading_faces_have_digits_ascii_and_punctuation(key):
    cmap = _cmap(fonts.BUNDLED[key])
    assert [ch for ch in PUNCT + ASCII if ord(ch) not in cmap] == []


def test_bundled_fonts_are_truetype_with_licences():
    folder = resource("fonts")
    for name in fonts.BUNDLED.values():
        font = TTFont(str(folder / name), lazy=True)
        assert "glyf" in font and "CFF " not in font, name  # the PDF writer embeds TrueType outlines only
    licences = sorted(p.name for p in folder.glob("LICENSE-*"))
    assert len(licences) == 4
    assert "font exception" in (folder / "LICENSE-Fandol-GPL3-with-font-exception.txt").read_text()
    total = sum(p.stat().st_size for p in folder.iterdir())
    assert total < 32 * 2**20  # the app bundle must stay within 130 MiB


def test_system_gongwen_fonts_are_preferred(tmp_path, monkeypatch, example_report):
    # pretend the machine has SimHei and 仿宋_GB2312 (copies of bundled faces under the Windows file names)
    shutil.copy(resource("fonts", fonts.BUNDLED["sans"]), tmp_path / "SIMHEI.TTF")
    shutil.copy(resource("fonts", fonts.BUNDLED["serif"]), tmp_path / "仿宋_GB2312.ttf")
    (tmp_path / "broken.ttf").write_bytes(b"not a font")
    shutil.copy(tmp_path / "broken.ttf", tmp_path / "simkai.ttf")  # unusable: skipped, the bundled Kai is used
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])
    monkeypatch.delenv("GKDESK_PDF_FONTS", raising=False)
    fonts.reset()
    try:
        fs = fonts.FontSet()
        assert fs.primary("heading1").system and fs.primary("heading1").path.name == "SIMHEI.TTF"
        assert fs.primary("body").system and fs.primary("body").kind == "fangsong"
        assert not fs.primary("heading2").system  # the broken simkai.ttf was skipped
        assert fs.chains["body"][-1].system is False  # bundled faces stay behind as fallbacks
        assert all(f.name.isascii() for chain in fs.chains.values() for f in chain)
        fonts._set(fs)
        out = tmp_path / "系统字体.pdf"
        export_pdf(example_report, out)
        text = squeeze(pdf_text(out))
        assert "一、总体情况" in text and squeeze(example_report.overview[0].text) in text
    finally:
        fonts.reset()


def test_bundled_only_when_asked(monkeypatch):
    monkeypatch.setenv("GKDESK_PDF_FONTS", "bundled")
    fs = fonts.FontSet()
    assert not any(f.system for chain in fs.chains.values() for f in chain)
    assert fs.describe()["body"] == fonts.BUNDLED["fang"]
    assert fs.describe()["heading2"] == fonts.BUNDLED["kai"] and fs.describe()["title"] == fonts.BUNDLED["title"]


def test_missing_character_message_names_it_and_where():
    fs = fonts.font_set()
    with pytest.raises(Exception) as err:
        fs.segments("正常文字\U00020000后面", "body", "“五、存在的主要问题及改进情况”")
    msg = str(err.value)
    assert "\U00020000" in msg and "U+20000" in msg and "五、存在的主要问题及改进情况" in msg and "正常文字" in msg
