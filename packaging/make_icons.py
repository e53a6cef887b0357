"""Render resources/icons/gkdesk.svg to the PNG sizes and the Windows .ico the window, bundle and installers use.

Usage: python packaging/make_icons.py   (rerun after editing the SVG; the outputs are committed)
Qt renders the SVG; the .ico is written here without Pillow (BMP entries up to 64 px, PNG for 128 and 256 px).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "gkdesk.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_PNG_FROM = 128  # entries this size and up are stored as PNG (Windows Vista+); smaller ones as BMP


def render(svg: Path, size: int):
    """The SVG drawn into a transparent ARGB32 QImage of size x size."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"图标文件 {svg} 不是有效的 SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buf, "PNG"):
        raise RuntimeError("PNG 编码失败")
    buf.close()
    return bytes(data.data())


def bmp_entry(image) -> bytes:
    """An ICO image entry in the classic form: BITMAPINFOHEADER, 32-bit BGRA rows bottom-up, then the AND mask."""
    w, h = image.width(), image.height()
    header = struct.pack("<IiiHHIIiiII", 40, w, h * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    mask_rows = []
    mask_stride = ((w + 31) // 32) * 4
    for y in range(h - 1, -1, -1):
        row = bytearray()
        mask = bytearray(mask_stride)
        for x in range(w):
            argb = image.pixel(x, y)  # 0xAARRGGBB, not premultiplied (Format_ARGB32)
            a, r, g, b = (argb >> 24) & 0xFF, (argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF
            row += bytes((b, g, r, a))
            if a == 0:
                mask[x // 8] |= 0x80 >> (x % 8)
        rows.append(bytes(row))
        mask_rows.append(bytes(mask))
    return header + b"".join(rows) + b"".join(mask_rows)


def ico_bytes(images: list) -> bytes:
    """A .ico file holding the given square images (ICONDIR, ICONDIRENTRY per image, then the image data)."""
    entries = []
    for image in images:
        size = image.width()
        data = png_bytes(image) if size >= ICO_PNG_FROM else bmp_entry(image)
        entries.append((size, data))
    out = bytearray(struct.pack("<HHH", 0, 1, len(entries)))
    offset = 6 + 16 * len(entries)
    for size, data in entries:
        dim = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    for _, data in entries:
        out += data
    return bytes(out)


def parse_ico(data: bytes) -> list[tuple[int, str, int]]:
    """(size, 'png'|'bmp', byte length) per entry; raises ValueError for a malformed file (used by the tests)."""
    if len(data) < 6:
        raise ValueError("ICO 文件太短")
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    if reserved != 0 or kind != 1 or count == 0:
        raise ValueError("不是 ICO 文件")
    out = []
    for i in range(count):
        w, _h, _c, _r, _planes, _bpp, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        blob = data[offset:offset + length]
        if len(blob) != length:
            raise ValueError(f"第 {i + 1} 个图像超出文件末尾")
        out.append((w or 256, "png" if blob.startswith(b"\x89PNG") else "bmp", length))
    return out


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    images = {size: render(SVG, size) for size in PNG_SIZES}
    for size, image in images.items():
        target = ICONS / f"gkdesk-{size}.png"
        target.write_bytes(png_bytes(image))
        print(f"写出 {target.relative_to(ROOT)}")
    (ICONS / "gkdesk.ico").write_bytes(ico_bytes([images[s] for s in ICO_SIZES]))
    print(f"写出 {(ICONS / 'gkdesk.ico').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
