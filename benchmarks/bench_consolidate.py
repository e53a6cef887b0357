"""汇总 of many generated unit reports with the check summary, as a whole ``gkdesk consolidate`` process
(issue 16 item 3: 10,000 units in < 5 s and < 500 MiB peak, the process and its worker processes together).

The units are realistic and seeded (realistic_units.py): 乡/镇/街道 each with its own name, balanced tables (the
consolidation tests' generator) and its own narrative of about 1,000–3,000 characters in 一、总体情况 plus 五 and 六,
built from the sentences of real reports with the unit's name and figures woven in, so texts (and most sentences)
differ between units and the rules' per-text caches do not flatter the figure; every 50th unit has an error in T3.
They are written once to a cache folder in the temp directory (``GKDESK_BENCH_UNITS`` sets how many; default
10,000; the folder's name ends in -v3, the version of the generator).
Peak memory is the largest sum of the resident sizes of the process and its children, sampled every 10 ms.
The reference, in the same run, is the floor of any approach: one process reading and JSON-parsing the same files.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, runs, spread

N_UNITS = int(os.environ.get("GKDESK_BENCH_UNITS", "10000"))
sys.path.insert(0, str(ROOT / "tests" / "consolidate"))  # the seeded unit generator is the tests'

FLOOR = """
import json, sys
from pathlib import Path
for p in sorted(Path(sys.argv[1]).glob("*.gkreport")):
    json.loads(p.read_bytes())
"""


def units_folder(n: int = N_UNITS) -> Path:
    """The n unit files (realistic_units.py), generated once (kept in the temp directory between runs)."""
    from realistic_units import write_units

    folder = Path(tempfile.gettempdir()) / f"gkdesk-bench-units-{n}-v3"
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    write_units(folder, n)
    done.write_text("ok")
    return folder


def _tree_rss_kib(pid: int) -> int:
    """Resident size of a process and all its descendants, in KiB (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def _own_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of the process itself so far, its children not included (Linux /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _run_measured(cmd: list[str]) -> tuple[float, float, float, float | None]:
    """(wall seconds, peak MiB of the process tree, CPU seconds of the process tree, CPU seconds of the main process
    alone — its last sample, ≤ 10 ms before it ended — or None) of one whole process.

    The CPU time (user + system of the process and the worker processes it waited for) depends less on what else
    the machine runs than the wall time does. The main process's own share shows what does not run in the workers:
    listing the inputs, taking each unit's result, and the summary workbook written after them."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    own: list[float | None] = [None]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_rss_kib(proc.pid))
            own[0] = _own_cpu(proc.pid) or own[0]
            stop.wait(0.01)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    took = time.perf_counter() - t0
    stop.set()
    watcher.join()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"gkdesk consolidate failed ({proc.returncode}): {err.decode(errors='replace')[-600:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return took, peak[0] / 1024, cpu, own[0]


def run() -> list[dict]:
    folder = units_folder()
    n = runs(3)
    with tempfile.TemporaryDirectory(prefix="gk-bench-consolidate-") as tmp:
        cmd = [sys.executable, "-m", "gkdesk", "consolidate", str(folder), "-o", str(Path(tmp, "汇总.gkreport")),
               "--summary", str(Path(tmp, "清单.xlsx")), "--name", "某某省人民政府", "--level", "county_gov"]
        floor_cmd = [sys.executable, "-c", FLOOR, str(folder)]
        _run_measured(floor_cmd)  # disk cache warm for both
        times, peaks, floors, cpus, floor_cpus, mains = [], [], [], [], [], []
        for _ in range(n):
            t, m, c, own = _run_measured(cmd)
            times.append(t)
            peaks.append(m)
            cpus.append(c)
            if own is not None:
                mains.append(own)
            ft, _, fc, _ = _run_measured(floor_cmd)
            floors.append(ft)
            floor_cpus.append(fc)
        from openpyxl import load_workbook

        wb = load_workbook(Path(tmp, "清单.xlsx"), read_only=True)
        listed = sum(1 for _ in wb["单位情况"].iter_rows()) - 3  # header, blank row, totals row
        assert listed == N_UNITS, f"the summary lists {listed} units, not {N_UNITS}"
        back = json.loads(Path(tmp, "汇总.gkreport").read_bytes())
        assert back["meta"]["org_name"] == "某某省人民政府"
    t, m, f = statistics.median(times), statistics.median(peaks), statistics.median(floors)
    c, fc = statistics.median(cpus), statistics.median(floor_cpus)
    return [
        {"what": f"汇总 {N_UNITS:,} 份报告+校验清单（整个进程）", "value": t, "unit": "s",
         "reference": "同一批文件只读取+JSON解析（一个进程）", "ref_value": f, "target": "< 5 s", "ok": t < 5.0,
         "spread": spread(times)},
        {"what": "  同上：峰值内存（进程及其子进程合计）", "value": m, "unit": "MiB", "target": "< 500 MiB",
         "ok": m < 500, "spread": spread(peaks)},
        {"what": "  同上：CPU 时间（进程及其子进程，用户+系统）", "value": c, "unit": "s",
         "reference": "只读取+JSON解析的 CPU 时间", "ref_value": fc, "spread": spread(cpus)},
        *([{"what": "  其中主进程自身（列出文件、接收结果、写校验清单）", "value": statistics.median(mains), "unit": "s",
            "spread": spread(mains)}] if mains else []),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
