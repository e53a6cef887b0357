"""The app icon: the committed PNGs and .ico match what make_icons.py writes from the SVG."""

from __future__ import annotations

import struct
from pathlib import Path

import make_icons
import pytest
from defusedxml import ElementTree

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} 不是 PNG"
    return struct.unpack(">II", data[16:24])


def test_svg_is_square_and_valid():
    root = ElementTree.parse(ICONS / "gkdesk.svg").getroot()
    assert root.tag.endswith("svg")
    assert root.get("viewBox") == "0 0 256 256"


@pytest.mark.parametrize("size", make_icons.PNG_SIZES)
def test_png_sizes(size):
    assert png_size(ICONS / f"gkdesk-{size}.png") == (size, size)


def test_ico_has_every_windows_size():
    entries = make_icons.parse_ico((ICONS / "gkdesk.ico").read_bytes())
    assert [e[0] for e in entries] == list(make_icons.ICO_SIZES)
    for size, kind, _length in entries:
        assert kind == ("png" if size >= make_icons.ICO_PNG_FROM else "bmp")


def test_parse_ico_rejects_garbage():
    with pytest.raises(ValueError):
        make_icons.parse_ico(b"GIF89a....")
    with pytest.raises(ValueError):
        make_icons.parse_ico(b"\x00\x00\x01\x00\x01\x00" + b"\x10" * 16)  # entry points past the end


def test_rendered_icon_round_trips_through_ico(qapp, tmp_path):
    from PySide6.QtGui import QImage

    images = [make_icons.render(ICONS / "gkdesk.svg", s) for s in (16, 32, 256)]
    data = make_icons.ico_bytes(images)
    assert [(e[0], e[1]) for e in make_icons.parse_ico(data)] == [(16, "bmp"), (32, "bmp"), (256, "png")]
    # a BMP entry: 40-byte header, height doubled, 32 bpp, then 4 bytes a pixel and a 1-bit mask padded to 32 bits
    bmp = make_icons.bmp_entry(images[0])
    header = struct.unpack_from("<IiiHH", bmp, 0)
    assert header == (40, 16, 32, 1, 32)
    assert len(bmp) == 40 + 16 * 16 * 4 + 16 * 4
    # Qt reads our .ico back, and the centre of the icon is the white report page
    ico = tmp_path / "test-icon.ico"
    ico.write_bytes(data)
    img = QImage(str(ico))
    assert not img.isNull() and img.width() == 16
    big = images[2]
    centre = big.pixelColor(100, 130)
    assert centre.red() > 200 and centre.green() > 200 and centre.blue() > 200
    corner = big.pixelColor(20, 128)  # the red tile
    assert corner.red() > 150 and corner.green() < 90


def test_committed_icons_are_up_to_date(qapp):
    """Re-rendering the SVG gives (nearly) the committed 64 px PNG: rerun make_icons.py after editing the SVG."""
    from PySide6.QtGui import QImage

    fresh = make_icons.render(ICONS / "gkdesk.svg", 64)
    committed = QImage(str(ICONS / "gkdesk-64.png")).convertToFormat(fresh.format())
    diff = 0
    for y in range(0, 64, 2):
        for x in range(0, 64, 2):
            a, b = fresh.pixelColor(x, y), committed.pixelColor(x, y)
            diff += abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())
    assert diff / (32 * 32 * 3) < 8, "resources/icons 的 PNG 与 SVG 不一致：请运行 python packaging/make_icons.py"
