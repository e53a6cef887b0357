"""The font metrics cache: used when it holds the very file, ignored and rewritten when stale or damaged, never in
the way (a read-only cache folder only costs speed); exports are the same with the cache cold, warm and damaged."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from export_helpers import pdf_text

from gkdesk.core.exporters import ttf
from gkdesk.paths import resource

FONT = resource("fonts", "GkdeskKai-Regular.ttf")


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("GKDESK_CACHE_DIR", str(d))
    return d


@pytest.fixture
def font(tmp_path) -> Path:
    p = tmp_path / "fonts" / "楷体.ttf"
    p.parent.mkdir()
    shutil.copy(FONT, p)
    return p


def _same(a: ttf.FontInfo, b: ttf.FontInfo) -> bool:
    return (a.ps_name, a.units_per_em, a.ascent, a.descent, a.bbox, list(a.widths), a.cmap.items()) == (
        b.ps_name, b.units_per_em, b.ascent, b.descent, b.bbox, list(b.widths), b.cmap.items())


def _entry(cache: Path) -> Path:
    files = list(cache.rglob("*.bin"))
    assert len(files) == 1, files
    return files[0]


def _no_parsing(monkeypatch) -> None:
    def refuse(*a, **k):
        raise AssertionError("parsed although the cache holds this file")

    monkeypatch.setattr(ttf, "parse", refuse)


def test_cold_then_warm(cache, font, monkeypatch):
    first = ttf.load(font)
    assert _entry(cache).stat().st_size > 1000
    _no_parsing(monkeypatch)
    again = ttf.load(font)
    assert _same(first, again) and again.advance("楷", 16) == 16.0


def test_a_changed_font_file_is_read_again(cache, font, monkeypatch):
    ttf.load(font)
    shutil.copy(resource("fonts", "GkdeskSans-Regular.ttf"), font)  # another font under the same name
    new = ttf.load(font)
    assert _same(new, ttf.parse(font)) and new.ps_name == "GkdeskSans-Regular"
    _no_parsing(monkeypatch)
    assert _same(ttf.load(font), new)  # and the entry was rewritten


def test_same_size_and_name_but_newer_file_is_read_again(cache, font):
    ttf.load(font)
    st = font.stat()
    os.utime(font, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    calls = []
    real = ttf.parse
    ttf_parse = lambda p, i=0: calls.append(p) or real(p, i)  # noqa: E731
    try:
        ttf.parse = ttf_parse
        ttf.load(font)
    finally:
        ttf.parse = real
    assert calls == [font]


@pytest.mark.parametrize("damage", ["empty", "truncated", "garbage", "flipped", "foreign", "old-version"])
def test_a_damaged_entry_is_ignored_and_rewritten(cache, font, damage):
    good = ttf.load(font)
    entry = _entry(cache)
    blob = entry.read_bytes()
    if damage == "empty":
        entry.write_bytes(b"")
    elif damage == "truncated":
        entry.write_bytes(blob[: len(blob) // 2])
    elif damage == "garbage":
        entry.write_bytes(os.urandom(len(blob)))
    elif damage == "flipped":  # one byte changed inside: the checksum catches it
        b = bytearray(blob)
        b[len(b) // 2] ^= 0x55
        entry.write_bytes(bytes(b))
    elif damage == "foreign":  # a well-formed entry of another file put in its place
        other = ttf.load(resource("fonts", "GkdeskSans-Regular.ttf"))
        assert other.ps_name != good.ps_name
        entry.write_bytes(next(p for p in cache.rglob("*.bin") if p != entry).read_bytes())
    else:
        entry.write_bytes(b"GKFC" + blob[4:8] + b"\x00" + blob[9:])
    again = ttf.load(font)
    assert _same(again, good)
    assert _entry_for(cache, font).read_bytes() == blob  # rewritten whole


def _entry_for(cache: Path, font: Path) -> Path:
    return ttf._cache_file(font, 0)


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path, font, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("GKDESK_CACHE_DIR", str(blocker / "cache"))
    assert _same(ttf.load(font), ttf.parse(font))


def test_the_cache_folder_is_the_users(monkeypatch, tmp_path):
    monkeypatch.delenv("GKDESK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert ttf.user_cache_dir() == tmp_path / "xdg" / "gkdesk"


def _export(src: Path, out: Path, cache: Path) -> str:
    env = {**os.environ, "GKDESK_CACHE_DIR": str(cache), "GKDESK_PDF_FONTS": "bundled"}
    subprocess.run([sys.executable, "-m", "gkdesk", "export", str(src), "--pdf", str(out), "--undated"],
                   check=True, env=env, capture_output=True)
    return pdf_text(out)


def test_exports_are_the_same_with_the_cache_cold_warm_and_damaged(tmp_path, example_report):
    from gkdesk.core import storage
    from gkdesk.paths import example_report as example_path

    src = example_path()
    cache = tmp_path / "c"
    cold = _export(src, tmp_path / "cold.pdf", cache)
    entries = sorted(cache.rglob("*.bin"))
    assert len(entries) >= 5  # one per bundled face used
    warm = _export(src, tmp_path / "warm.pdf", cache)
    for i, e in enumerate(entries):  # every entry damaged a different way
        blob = e.read_bytes()
        e.write_bytes([b"", blob[:100], os.urandom(len(blob)), blob[:-1] + b"\x00", blob[::-1]][i % 5])
    damaged = _export(src, tmp_path / "damaged.pdf", cache)
    assert cold == warm == damaged
    assert (tmp_path / "cold.pdf").read_bytes() == (tmp_path / "damaged.pdf").read_bytes()
    assert storage.load(src).title in cold.replace("\n", "")
