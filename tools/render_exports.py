"""Render the Word, Excel and web exports of a report to PNG pictures, to look at them (docs/images/).

    python tools/render_exports.py [REPORT.gkreport] [--out docs/images]

The .docx and .xlsx go through LibreOffice headless (soffice → PDF → pdftoppm), the .html through headless Chromium
at 375 and 1280 px. A machine without the 公文 fonts shows the bundled faces: a fontconfig file maps 仿宋_GB2312,
黑体, 楷体_GB2312, 方正小标宋简体 and 宋体 to resources/fonts (what a clerk without those fonts would see is the
system's own substitute instead). Needs: libreoffice-writer-nogui, libreoffice-calc-nogui, poppler-utils, chromium.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: 公文 font name -> bundled family that stands in for it in the pictures
ALIASES = {
    "仿宋_GB2312": "Gkdesk Serif", "仿宋": "Gkdesk Serif", "FangSong": "Gkdesk Serif",
    "方正小标宋简体": "Gkdesk Serif", "宋体": "Gkdesk Serif", "SimSun": "Gkdesk Serif",
    "黑体": "Gkdesk Sans", "SimHei": "Gkdesk Sans",
    "楷体_GB2312": "Gkdesk Kai", "楷体": "Gkdesk Kai", "KaiTi": "Gkdesk Kai",
}


def fontconfig(folder: Path) -> dict[str, str]:
    """Environment for a child process that sees the bundled fonts under the 公文 names."""
    fonts = ROOT / "resources" / "fonts"
    aliases = "\n".join(
        f"  <alias binding=\"same\"><family>{name}</family><prefer><family>{fam}</family></prefer></alias>"
        for name, fam in ALIASES.items())
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n  <dir>{fonts}</dir>\n"
        f"  <cachedir>{folder / 'fc-cache'}</cachedir>\n{aliases}\n</fontconfig>\n", encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def soffice_pngs(src: Path, stem: str, out: Path, env: dict[str, str], work: Path, dpi: int = 75) -> list[Path]:
    soffice = shutil.which("soffice")
    if not soffice:
        raise SystemExit("soffice 未安装：apt-get install libreoffice-writer-nogui libreoffice-calc-nogui")
    subprocess.run([soffice, f"-env:UserInstallation=file://{work / 'lo-profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(work), str(src)], check=True, capture_output=True, env=env, timeout=300)
    pdf = work / (src.stem + ".pdf")
    for old in out.glob(f"{stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out / stem)], check=True)
    pages = sorted(out.glob(f"{stem}-*.png"))
    for i, page in enumerate(pages, 1):  # the page with 表三 also under a fixed name (the README shows it)
        text = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True,
                              check=True).stdout.decode("utf-8", "replace")
        if "申请人情况" in text.replace(" ", ""):
            shutil.copyfile(page, out / f"{stem}-table3.png")
            pages.append(out / f"{stem}-table3.png")
            break
    return pages


def chromium_png(src: Path, png: Path, width: int, env: dict[str, str], work: Path) -> Path:
    """A screenshot of the page laid out ``width`` CSS px wide, cropped to its content's height.

    Chromium's window is at least 500 px wide, so a narrower page is shown in an iframe of that width."""
    from PIL import Image, ImageChops

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        raise SystemExit("chromium 未安装：apt-get install chromium")
    height = 9000 if width < 600 else 6000
    frame = work / f"frame-{width}.html"
    frame.write_text(f'<!DOCTYPE html><html><body style="margin:0;background:#fff"><iframe src="{src.as_uri()}" '
                     f'style="border:0;width:{width}px;height:{height}px;display:block"></iframe></body></html>',
                     encoding="utf-8")
    shot = work / f"shot-{width}.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--allow-file-access-from-files", f"--user-data-dir={work / 'chromium'}",
                    f"--window-size={max(width, 500)},{height}", f"--screenshot={shot}", frame.as_uri()],
                   check=True, capture_output=True, env=env, timeout=180)
    img = Image.open(shot).convert("RGB").crop((0, 0, width, height))
    bg = Image.new("RGB", img.size, img.getpixel((width - 1, height - 1)))
    box = ImageChops.difference(img, bg).getbbox()
    bottom = min(height, (box[3] if box else height) + 24)
    img.crop((0, 0, width, bottom)).save(png)
    return png


def main(argv: list[str]) -> int:
    from gkdesk.core import storage
    from gkdesk.core.exporters.docx import export_docx
    from gkdesk.core.exporters.html import export_html
    from gkdesk.core.exporters.xlsx import export_xlsx

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("report", nargs="?", default=str(ROOT / "examples" / "qiuqu-township-2024.gkreport"))
    ap.add_argument("--out", default=str(ROOT / "docs" / "images"))
    ap.add_argument("--big-figures", action="store_true", help="fill every table cell with 4–7-digit figures")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    report = storage.load(Path(args.report))
    if args.big_figures:
        from decimal import Decimal

        n = 1234567
        for tkey, row, col, _v in list(report.iter_inputs()):
            fee = report.format.table(tkey).cell_type(row) == "decimal"
            report.set_raw(tkey, row, col, Decimal("96171.6") if fee else n % 9_000_000)
            n = n * 7 % 9_999_991 + 1000
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = fontconfig(work)
        export_docx(report, work / "report.docx")
        export_xlsx(report, work / "report.xlsx")
        export_html(report, work / "report.html")
        made = soffice_pngs(work / "report.docx", "export-docx", out, env, work)
        made += soffice_pngs(work / "report.xlsx", "export-xlsx", out, env, work)
        made.append(chromium_png(work / "report.html", out / "export-html-375.png", 375, env, work))
        made.append(chromium_png(work / "report.html", out / "export-html-1280.png", 1280, env, work))
    for p in made:
        print(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
