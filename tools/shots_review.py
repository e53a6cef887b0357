"""Screenshots of issue 17's features for docs/screenshots/: the 校验结果 panel with 已核实 items, a narrative with
bound figures, and the 审核说明 PDF page (docs/images/). Run on a real X screen (Xvfb + a window manager):

    Xvfb :7 -screen 0 1366x768x24 & DISPLAY=:7 openbox & DISPLAY=:7 python tools/shots_review.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def prepared(tmp: Path) -> Path:
    from gkdesk.core import storage
    from gkdesk.core.bindings import Ref
    from gkdesk.core.carryover import next_year
    from gkdesk.core.explain import explain
    from gkdesk.core.review_edits import insert_figure
    from gkdesk.core.rules import validate

    last = storage.load(ROOT / "examples" / "qiuqu-township-2024.gkreport")
    rep = next_year(last)
    for t in ("t2", "t3", "t4"):
        for r, c in rep.format.table(t).input_cells():
            if not (t == "t3" and r == "carry_in"):
                rep.set_raw(t, r, c, last.raw(t, r, c))
    rep.set_raw("t3", "new", "natural", 26)
    rep.set_raw("t3", "open", "natural", 20)
    rep.set_raw("t3", "partial", "natural", 4)
    rep.set_raw("t3", "np_nothold", "natural", 2)
    rep.meta.written_date = date(2026, 1, 15)
    rep.section5 = ("2025年，我乡共受理政府信息公开申请件，较上年明显增加，主要集中在农村土地确权登记方面；"
                    "予以公开件，部分公开件。存在的问题是依申请公开答复文书还不够规范。")
    for pos_after, ref in (("申请", "t3.new.total"), ("予以公开", "t3.open.total"), ("部分公开", "t3.partial.total")):
        i = rep.section5.index(pos_after) + len(pos_after)
        insert_figure(rep, "section5", i, Ref.parse(ref)).apply(rep)
    yoy = [i for i in validate(rep) if i.rule in ("YOY-NEW", "YOY-RESULT")]
    rep.explanations = [explain(i, "2025年开展农村土地确权登记，群众申请集中增加，已逐件核对登记台账。",
                                date(2026, 1, 15)) for i in yoy]
    path = tmp / "秋渠乡2025.gkreport"
    storage.save(rep, path)
    return path


def main() -> None:
    from PySide6.QtCore import QTimer

    from gkdesk.gui.appsetup import make_app
    from gkdesk.gui.main_window import MainWindow

    out = ROOT / "docs" / "screenshots"
    tmp = Path(tempfile.mkdtemp())
    path = prepared(tmp)
    app = make_app(sys.argv)
    from PySide6.QtCore import QSettings

    win = MainWindow(settings=QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), recovery_dir=tmp / "r")
    win.open_path(path, ask=False)
    win.showMaximized()
    steps = [
        lambda: win.doc.revalidate(),
        lambda: win.select_section("s5"),
        lambda: win.review.remark(),
        lambda: win.issues_panel.tree.scrollToItem(win.issues_panel.explained_items()[0]),
        lambda: subprocess.run(["import", "-window", "root", str(out / "review-bound-and-explained.png")],
                               check=True),
        lambda: app.quit(),
    ]
    for n, step in enumerate(steps):
        QTimer.singleShot(800 + 700 * n, step)
    app.exec()
    from gkdesk.core import storage
    from gkdesk.core.exporters.notes import export_notes

    pdf = tmp / "notes.pdf"
    export_notes(storage.load(path), pdf)
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(ROOT / "docs" / "images" / "review-notes-pdf")], check=True)


if __name__ == "__main__":
    main()
