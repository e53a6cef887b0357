"""Excel, Word and web exports of the example, cold (a whole ``gkdesk export`` process) and warm (in-process),
against LibreOffice converting the same report's xlsx to PDF in the same run (issue 16 item 2: cold xlsx ≥ 10×).

Cold = wall time of the whole process from start to exit, bytecode cached (one untimed run first), as a script or a
clerk runs it: ``python -m gkdesk export EXAMPLE --xlsx OUT``. The reference is ``soffice --headless --convert-to pdf``
of the xlsx that gkdesk wrote, also a whole process (its profile created by an untimed first run).
Run alone: ``python benchmarks/bench_exports.py`` (prints the rows and each series' spread).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import EXAMPLE, ROOT, median_seconds

KINDS = ("xlsx", "docx", "html")
#: the export alone in a fresh process (no argument parsing, no validation for the CLI's error warning)
EXPORT_ONLY = """
import sys
from gkdesk.core import storage
from gkdesk.core.exporters import export
export(storage.load(sys.argv[1]), sys.argv[2], sys.argv[3])
"""
COLD_RUNS = 7
LO_RUNS = 5


def _env() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH", "")
    env = {**os.environ, "PYTHONPATH": str(ROOT) + (os.pathsep + path if path else "")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as an installed program has it (like bench_cli/pdf)
    return env


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True, env=env, timeout=300)
    return time.perf_counter() - t0


def _series(cmd: list[str], env: dict[str, str], n: int) -> list[float]:
    _wall(cmd, env)  # untimed: bytecode written, files in the disk cache, LibreOffice's profile made
    return [_wall(cmd, env) for _ in range(n)]


def _spread(xs: list[float]) -> str:
    return f"median {statistics.median(xs):.3f} s, min {min(xs):.3f}, max {max(xs):.3f} (n={len(xs)})"


def measure() -> tuple[dict[str, list[float]], dict[str, float], list[float] | None, list[float], list[float]]:
    """(cold series per kind, warm median per kind, LibreOffice series or None, python -c pass series,
    xlsx export-only process series)."""
    from gkdesk.core import storage
    from gkdesk.core.exporters import export

    env = _env()
    report = storage.load(EXAMPLE)
    cold: dict[str, list[float]] = {}
    warm: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for kind in KINDS:
            out = d / f"cold.{kind}"
            cold[kind] = _series([sys.executable, "-m", "gkdesk", "export", str(EXAMPLE), f"--{kind}", str(out)],
                                 env, COLD_RUNS)
            path = d / f"warm.{kind}"
            export(report, kind, path)
            warm[kind] = median_seconds(lambda k=kind, p=path: export(report, k, p), 7)
        bare = _series([sys.executable, "-c", "pass"], env, COLD_RUNS)
        only = _series([sys.executable, "-c", EXPORT_ONLY, str(EXAMPLE), "xlsx", str(d / "only.xlsx")], env, COLD_RUNS)
        soffice = shutil.which("soffice")
        lo = None
        if soffice:
            xlsx = d / "cold.xlsx"
            lo = _series([soffice, f"-env:UserInstallation=file://{d / 'lo-profile'}", "--headless", "--convert-to",
                          "pdf", "--outdir", str(d / "lo"), str(xlsx)], env, LO_RUNS)
    return cold, warm, lo, bare, only


def run() -> list[dict]:
    cold, warm, lo, bare, only = measure()
    lo_t = statistics.median(lo) if lo else None
    ref = "LibreOffice xlsx→PDF, whole process" if lo else "LibreOffice not installed"
    rows: list[dict] = []
    for kind in KINDS:
        c = statistics.median(cold[kind])
        target = "ratio ≤ 0.1 (≥ 10× faster)" if kind == "xlsx" else "(reported)"
        ok = (lo_t is not None and c * 10 <= lo_t) if kind == "xlsx" else None
        rows.append({"what": f"{kind} export, cold (gkdesk export, whole process)", "value": c, "unit": "s",
                     "reference": ref, "ref_value": lo_t, "target": target, "ok": ok, "spread": _spread(cold[kind])})
        rows.append({"what": f"{kind} export, warm (in-process)", "value": warm[kind], "unit": "s",
                     "reference": ref, "ref_value": lo_t, "target": "(reported)", "ok": None})
    rows.append({"what": "xlsx export alone, fresh process (load + export)", "value": statistics.median(only),
                 "unit": "s", "reference": ref, "ref_value": lo_t, "target": "(reported)", "ok": None,
                 "spread": _spread(only)})
    rows.append({"what": "python -c pass (interpreter start, the floor)", "value": statistics.median(bare), "unit": "s",
                 "reference": ref, "ref_value": lo_t, "target": "", "ok": None, "spread": _spread(bare)})
    if lo:
        rows.append({"what": "LibreOffice converting our xlsx to PDF", "value": lo_t, "unit": "s",
                     "reference": "(the reference itself)", "target": "", "ok": None, "spread": _spread(lo)})
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    for r in run():
        ratio = f"  ×{r['ref_value'] / r['value']:.1f} faster" if r.get("ref_value") else ""
        print(f"{r['what']:<58} {r['value']:.3f} s{ratio}  {r.get('spread', '')}")
