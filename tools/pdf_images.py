"""Render PDF pages into docs/images/ to look at (pdftoppm): the example's first page and pages of the stress report
(long narrative, 12 subsections, 4–7-digit figures, punctuation-heavy text; tests/exporters/stress_report.py).

Usage: python tools/pdf_images.py [--dpi 90]   (needs poppler-utils)
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
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "exporters")]


def render(pdf: Path, page: int, out: Path, dpi: int) -> None:
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(stem)], check=True)
    print(out.relative_to(ROOT))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dpi", type=int, default=90)
    args = ap.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm missing: apt-get install poppler-utils", file=sys.stderr)
        return 2
    os.environ["GKDESK_PDF_FONTS"] = "bundled"  # the same pages on every machine
    from stress_report import stress_report

    from gkdesk.core import storage
    from gkdesk.core.exporters.pdf import export_pdf
    from gkdesk.paths import example_report

    images = ROOT / "docs" / "images"
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "example.pdf"
        export_pdf(storage.load(example_report()), example)
        render(example, 1, images / "export-pdf-page1.png", args.dpi)
        stress = Path(tmp) / "stress.pdf"
        export_pdf(stress_report(), stress)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(stress), "-"], capture_output=True, text=True,
                              check=True).stdout.split("\f")
        t3 = next(i for i, p in enumerate(text, 1) if "三、收到和处理政府信息公开申请情况" in p)
        for page, name in ((1, "pdf-stress-page1.png"), (5, "pdf-stress-body.png"), (t3, "pdf-stress-table3.png"),
                           (t3 + 1, "pdf-stress-table3-continued.png"), (len(text) - 1, "pdf-stress-last.png")):
            render(stress, page, images / name, args.dpi)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
