"""Issue 16.4: edit → issues repainted, for the new blank report (~170 issues), before and after ``touches``.

One T3 cell is set the way the cell editor sets it (blank ↔ 0, so NUM-BLANK comes and goes), then the events are
processed: validation (the window's incremental check, core/rules/incremental.py), the issues panel, the tab titles,
the status-bar counts and the cells repainted. "before" repaints the table the old way (every cell's value compared
after each edit), "after" only where the edit's ``touches`` and the issue markings changed. Both run in the same
process, interleaved, with a full ``validate()`` alone as the reference. Medians of 80 edits, wall time. The
application is set up as the app's ``make_app`` does for fonts (``name_cjk_font``: a no-op where the default font has
Chinese).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

TARGET_MS = 4.0


def _measure(window, app, by_touches: bool, rounds: int) -> list[float]:
    from gkdesk.gui.table_model import TableModel

    TableModel.repaint_by_touches = by_touches
    tab = window.table_tabs["t3"]
    index = tab.model.index_of("new", "natural")
    times = []
    for i in range(rounds):
        t0 = time.perf_counter()
        tab.model.setData(index, "" if i % 2 == 0 else "0")
        app.processEvents()
        times.append(time.perf_counter() - t0)
    return times


def run() -> list[dict]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from gkdesk.gui.appsetup import name_cjk_font

    name_cjk_font(app)  # as the app's make_app does (a no-op where the default font has Chinese)
    from gkdesk.core.report import Report
    from gkdesk.gui.main_window import MainWindow
    from gkdesk.gui.table_model import TableModel
    from gkdesk.gui.validation import validate

    with tempfile.TemporaryDirectory(prefix="gkdesk-bench-") as tmp:
        settings = QSettings(str(Path(tmp) / "edit.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings, recovery_dir=Path(tmp) / "recovery")
        window.doc.set_report(Report.new("某镇人民政府", "township", 2024))
        if getattr(window.doc, "calm", False):
            window.doc.show_all()  # every issue shown, as the issue's figure counts them
        window.select_section("s3")
        window.show()
        for _ in range(5):
            app.processEvents()
        before: list[float] = []
        after: list[float] = []
        for _ in range(8):  # interleaved, so both see the same machine load
            before += _measure(window, app, False, 10)
            after += _measure(window, app, True, 10)
        TableModel.repaint_by_touches = True
        n_issues = len(window.doc.issues)
        val = []
        for _ in range(40):
            t0 = time.perf_counter()
            validate(window.doc.report)
            val.append(time.perf_counter() - t0)
        window.doc.stack.setClean()
        window.close()
    b, a, v = (statistics.median(x) * 1000 for x in (before, after, val))
    spread = f"after p10–p90 {_pct(after, 10):.2f}–{_pct(after, 90):.2f} ms"
    return [
        {"what": f"edit → issues repainted, blank report ({n_issues} issues), before (every cell compared)",
         "value": b, "unit": "ms", "reference": "validate() alone", "ref_value": v, "target": "(the old way)",
         "ok": None},
        {"what": f"edit → issues repainted, blank report ({n_issues} issues), after (touches); {spread}",
         "value": a, "unit": "ms", "reference": "validate() alone", "ref_value": v,
         "target": f"<= {TARGET_MS} ms", "ok": a <= TARGET_MS},
    ]


def _pct(xs: list[float], p: int) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, len(s) * p // 100)] * 1000


if __name__ == "__main__":
    for row in run():
        print(row)
