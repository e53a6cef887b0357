"""The window: start → first paint and peak memory against a bare PySide6 window, and edit → issues repainted.

Start-up is measured from the parent, process launch to the child's first real Paint event (offscreen; a
``QTimer.singleShot(0, quit)`` would quit before anything is painted), for our window with the example report and
for the floor the issue names (a bare PySide6 window: QMainWindow + QTabWidget with 7 tabs, one a filled 40x8
QTableView, at the same 1360x900 size as our window); runs
alternate, medians are compared; our child imports the entry point before the paint hook imports PySide6, in the
order ``gkdesk`` itself does (gkdesk.gui, and with it the core and its code cache, before PySide6); the CPU time of each child comes from ``os.wait4``. Edit latency is measured in this process: a cell set through the model (what the
cell editor does on Return), validation, the issues panel, the cell colours and tab titles updated and painted.
Peak memory is the child's own VmHWM at its first paint (``ru_maxrss`` would include the parent's memory when the
benchmark runner has already loaded openpyxl/reportlab before forking).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import runs, spread

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "qiuqu-township-2024.gkreport"
RUNS = runs(15)

_PAINT_HOOK = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class _FirstPaint(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            print("PAINT", time.time(), flush=True)
            print("CPU_AT_PAINT", time.process_time(), flush=True)
            try:  # peak RSS of this program (VmHWM restarts at exec, unlike ru_maxrss, which counts the parent)
                with open("/proc/self/status") as fh:
                    hwm = [line.split()[1] for line in fh if line.startswith("VmHWM:")]
                print("HWM_KIB", hwm[0], flush=True)
            except (OSError, IndexError):
                pass
            QTimer.singleShot(0, QApplication.instance().quit)
        return False
"""

FLOOR = _PAINT_HOOK + """
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QMainWindow, QTabWidget, QTableView, QWidget
app = QApplication([])
hook = _FirstPaint(); app.installEventFilter(hook)
window = QMainWindow(); tabs = QTabWidget(); view = QTableView()
model = QStandardItemModel(40, 8)
for row in range(40):  # filled, as the issue's reference: a number in every cell
    for col in range(8):
        model.setData(model.index(row, col), str(row * 8 + col))
view.setModel(model); tabs.addTab(view, "表")
for title in ("一、总体情况", "二、主动公开", "三、申请情况", "四、复议诉讼", "五、问题", "六、其他"):
    tabs.addTab(QWidget(), title)  # 7 tabs, as the issue's reference
window.setCentralWidget(tabs)
window.resize(1360, 900)  # the size our window opens at: both paint the same number of pixels
window.show()
app.exec()
"""

APP = """
import gkdesk.app  # the real entry point's imports, in its order: gkdesk.gui before PySide6 (see gkdesk/gui/__init__)
from gkdesk import startgc
startgc.pause()  # as gkdesk.app.main does before it imports the window (open_main_window resumes after the paint)
from gkdesk.gui.launch import open_main_window
from gkdesk.gui.appsetup import make_app
""" + _PAINT_HOOK + """
app = make_app([])
hook = _FirstPaint(); app.installEventFilter(hook)
window = open_main_window(sys.argv[1])
window.show()
app.exec()
window.doc.stack.setClean()
"""


def _start(code: str, data_dir: str, cache_dir: str | None = None) -> tuple[float, float, float, float]:
    """(seconds from launch to first paint, peak RSS in MiB, CPU seconds to the first paint, CPU seconds of the whole
    run) of one child process."""
    # the program's own caches (code cache, built format) in the run's folder: written by the warm-up run as by an
    # installed program's first start, and not shared with other processes that may rewrite them meanwhile
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GKDESK_DATA_DIR=data_dir,
               GKDESK_CACHE_DIR=cache_dir or os.path.join(data_dir, "cache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app runs from cached bytecode; the warm-up run writes it
    t0 = time.time()
    proc = subprocess.Popen([sys.executable, "-c", code, str(EXAMPLE)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    painted = [float(line.split()[1]) for line in out.splitlines() if line.startswith("PAINT")]
    if proc.returncode != 0 or not painted:
        raise RuntimeError(f"child failed ({proc.returncode}): {err[-800:]}")
    hwm = [float(line.split()[1]) for line in out.splitlines() if line.startswith("HWM_KIB")]
    peak_kib = hwm[0] if hwm else usage.ru_maxrss  # KiB on Linux
    cpu = [float(line.split()[1]) for line in out.splitlines() if line.startswith("CPU_AT_PAINT")]
    return painted[0] - t0, peak_kib / 1024, cpu[0], usage.ru_utime + usage.ru_stime


def _startup_rows() -> list[dict]:
    floor_t, floor_m, floor_c, app_t, app_m, app_c = [], [], [], [], [], []
    floor_p, app_p = [], []  # CPU seconds to the first paint
    cold_t: list[float] = []
    with tempfile.TemporaryDirectory(prefix="gkdesk-bench-") as data_dir:
        _start(FLOOR, data_dir)  # warm the disk cache (and write the bytecode) for both
        _start(APP, data_dir)
        for k in range(RUNS):  # alternate, so load from other processes hits both alike
            t, m, p, c = _start(FLOOR, data_dir)
            floor_t.append(t)
            floor_m.append(m)
            floor_p.append(p)
            floor_c.append(c)
            t, m, p, c = _start(APP, data_dir)
            app_t.append(t)
            app_m.append(m)
            app_p.append(p)
            app_c.append(c)
            if k % 3 == 0:  # every third round also the start right after an install or update (caches empty)
                cold_t.append(_start(APP, data_dir, os.path.join(data_dir, f"cold-{k}"))[0])
    ft, at = statistics.median(floor_t), statistics.median(app_t)
    fm, am = statistics.median(floor_m), statistics.median(app_m)
    fc, ac = statistics.median(floor_c), statistics.median(app_c)
    fp, ap = statistics.median(floor_p), statistics.median(app_p)
    cold = statistics.median(cold_t)
    # each round's own ratio (the window's run against the bare run just before it): load that comes and goes
    # between rounds hits both runs of a round alike, so this moves less than the ratio of the two medians
    paired = [a / f for a, f in zip(app_t, floor_t, strict=True)]
    return [
        {"what": "start → first paint, window + example report", "value": at * 1000, "unit": "ms",
         "reference": "bare QMainWindow, 7 tabs, filled 40x8 QTableView", "ref_value": ft * 1000,
         "target": "ratio <= 1.3", "ok": at / ft <= 1.3, "spread": spread(app_t, 1000)},
        {"what": "the same, median of each round's own ratio", "value": statistics.median(paired), "unit": "x",
         "reference": "window run / bare run just before it", "ref_value": None,
         "target": "(information)", "ok": None, "spread": spread(paired)},
        {"what": "start → first paint, gkdesk's code and format caches empty (after an install)", "value": cold * 1000,
         "unit": "ms", "reference": "bare QMainWindow, 7 tabs, filled 40x8 QTableView", "ref_value": ft * 1000,
         "target": "(information)", "ok": None, "spread": spread(cold_t, 1000)},
        {"what": "CPU time to that first paint (less sensitive to other load)", "value": ap * 1000, "unit": "ms",
         "reference": "bare QMainWindow, 7 tabs, filled 40x8 QTableView", "ref_value": fp * 1000,
         "target": "(information)", "ok": None, "spread": spread(app_p, 1000)},
        {"what": "CPU time of the whole run (with the first check after the paint)", "value": ac * 1000, "unit": "ms",
         "reference": "bare QMainWindow, 7 tabs, filled 40x8 QTableView", "ref_value": fc * 1000,
         "target": "(information)", "ok": None},
        {"what": "peak RSS (VmHWM) at first paint, window + example", "value": am, "unit": "MiB",
         "reference": "bare QMainWindow, 7 tabs, filled 40x8 QTableView", "ref_value": fm,
         "target": "ratio <= 1.5", "ok": am / fm <= 1.5},
    ]


def _edit_latency(window, app, rounds: int = 60) -> tuple[float, int]:
    """Median seconds for: set a T3 cell as the cell editor does, validate, repaint panel/cells/tabs."""
    tab = window.table_tabs["t3"]
    window.select_section("s3")
    window.show()
    for _ in range(5):
        app.processEvents()
    index = tab.model.index_of("new", "natural")
    times, issue_counts = [], set()
    for i in range(rounds):
        value = "" if i % 2 == 0 else "0"  # blank raises NUM-BLANK; 0 clears it again
        t0 = time.perf_counter()
        tab.model.setData(index, value)
        app.processEvents()
        times.append(time.perf_counter() - t0)
        issue_counts.add(len(window.issues_panel.issue_items()))
    if len(issue_counts) < 2:
        raise RuntimeError("the edits did not change the issues: the benchmark measured nothing")
    return statistics.median(times), max(issue_counts)


def _latency_rows() -> list[dict]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from gkdesk.core.report import Report
    from gkdesk.gui.main_window import MainWindow
    from gkdesk.gui.validation import validate

    rows = []
    with tempfile.TemporaryDirectory(prefix="gkdesk-bench-") as tmp:
        for label, load in (("example report", None), ("new blank report", "blank")):
            settings = QSettings(str(Path(tmp) / f"{label}.ini"), QSettings.Format.IniFormat)
            window = MainWindow(settings=settings, recovery_dir=Path(tmp) / "recovery")
            if load is None:
                window.open_path(EXAMPLE, ask=False)
            else:
                window.doc.set_report(Report.new("某镇人民政府", "township", 2024))
            med, n_issues = _edit_latency(window, app)
            val_times = []
            for _ in range(60):
                t0 = time.perf_counter()
                validate(window.doc.report)
                val_times.append(time.perf_counter() - t0)
            window.doc.stack.setClean()
            window.close()
            rows.append({"what": f"edit → issues repainted, {label} ({n_issues} issues)", "value": med * 1000,
                         "unit": "ms", "reference": "validate() alone",
                         "ref_value": statistics.median(val_times) * 1000, "target": "< 16 ms", "ok": med < 0.016})
    return rows


def run() -> list[dict]:
    return _startup_rows() + _latency_rows()


if __name__ == "__main__":
    for row in run():
        print(row)
