"""PDF export against LibreOffice converting the same report's xlsx to PDF, in the same run (issue 16 item 2).

Rows: ``gkdesk export EX --pdf OUT`` as a whole process (bytecode cached as an installed program has it; the
font cache warm, as on every export after the first;
and with an empty font cache, as on the very first export), the export in a running program (warm), and
``soffice --headless --convert-to pdf`` of the xlsx (its profile already created). Medians of several runs; the
spread (min–max) is in the row's text. Target: the cold whole process ≥ 10× faster than LibreOffice.
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

from common import EXAMPLE, ROOT

RUNS = 7


def _times(fn, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _cpu_times(fn, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    """CPU seconds (user + system) of the child processes ``fn`` runs, per call: on a shared machine this shows the
    work done, whatever the other processes take of the cores."""
    import resource

    out = []
    for _ in range(n):
        a = resource.getrusage(resource.RUSAGE_CHILDREN)
        fn()
        b = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.append(b.ru_utime - a.ru_utime + b.ru_stime - a.ru_stime)
    return out


def _spread(ts: list[float]) -> str:
    return f"{min(ts):.3f}–{max(ts):.3f} s"


def run() -> list[dict]:
    from gkdesk.core import storage
    from gkdesk.core.exporters.pdf import export_pdf
    from gkdesk.core.exporters.xlsx import export_xlsx

    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        env = {**os.environ, "GKDESK_PDF_FONTS": "bundled", "GKDESK_CACHE_DIR": str(d / "cache"),
               "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as an installed program has it
        report = storage.load(EXAMPLE)
        xlsx = d / "r.xlsx"
        export_xlsx(report, xlsx)
        cmd = [sys.executable, "-m", "gkdesk", "export", str(EXAMPLE), "--pdf", str(d / "cold.pdf"), "--undated"]

        def cli(cache: str | None = None) -> None:
            e = dict(env)
            if cache:
                e["GKDESK_CACHE_DIR"] = cache
            subprocess.run(cmd, capture_output=True, check=True, env=e, cwd=d)

        cli()  # fills the font cache (and the OS file cache), as any earlier export would have
        warm_cache = _times(cli, RUNS)
        cpu = _cpu_times(cli, 3)
        empty = []
        for k in range(3):
            cache = d / f"empty{k}"
            t0 = time.perf_counter()
            cli(str(cache))
            empty.append(time.perf_counter() - t0)
        old = os.environ.get("GKDESK_PDF_FONTS")
        os.environ["GKDESK_PDF_FONTS"] = "bundled"
        try:
            export_pdf(report, d / "w.pdf")
            in_process = _times(lambda: export_pdf(report, d / "w.pdf"), RUNS)
        finally:
            if old is None:
                os.environ.pop("GKDESK_PDF_FONTS", None)
            else:
                os.environ["GKDESK_PDF_FONTS"] = old
        soffice = shutil.which("soffice")
        lo: list[float] = []
        lo_cpu: list[float] = []
        if soffice:
            lo_cmd = [soffice, f"-env:UserInstallation=file://{d / 'lo-profile'}", "--headless", "--convert-to",
                      "pdf", "--outdir", str(d / "lo"), str(xlsx)]
            subprocess.run(lo_cmd, capture_output=True, check=True, timeout=300)  # creates the profile
            lo = _times(lambda: subprocess.run(lo_cmd, capture_output=True, check=True, timeout=300), 3)
            lo_cpu = _cpu_times(lambda: subprocess.run(lo_cmd, capture_output=True, check=True, timeout=300), 2)
    lo_t = statistics.median(lo) if lo else None
    ref = "LibreOffice xlsx→PDF (soffice)" if lo else "LibreOffice not installed"
    cold_t = statistics.median(warm_cache)
    rows.append({"what": f"PDF export, whole process (font cache warm) [{_spread(warm_cache)}]", "value": cold_t,
                 "unit": "s", "reference": ref, "ref_value": lo_t, "target": "ratio <= 0.1 (≥ 10× faster)",
                 "ok": None if lo_t is None else cold_t * 10 <= lo_t})
    empty_t = statistics.median(empty)
    rows.append({"what": f"PDF export, whole process (font cache empty) [{_spread(empty)}]", "value": empty_t,
                 "unit": "s", "reference": ref, "ref_value": lo_t, "target": "first export only", "ok": None})
    warm_t = statistics.median(in_process)
    rows.append({"what": f"PDF export in a running program [{_spread(in_process)}]", "value": warm_t, "unit": "s",
                 "reference": ref, "ref_value": lo_t, "target": "ratio <= 0.1", "ok": None if lo_t is None
                 else warm_t * 10 <= lo_t})
    if lo:
        rows.append({"what": f"LibreOffice converting our xlsx to PDF [{_spread(lo)}]", "value": lo_t, "unit": "s",
                     "reference": "(the reference itself)", "target": "", "ok": None})
        lo_c = statistics.median(lo_cpu)
        rows.append({"what": f"CPU time, PDF export whole process [{_spread(cpu)}]", "value": statistics.median(cpu),
                     "unit": "s", "reference": "LibreOffice CPU time", "ref_value": lo_c,
                     "target": "(diagnostic: the work, whatever the load)", "ok": None})
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for r in run():
        ratio = f"{r['value'] / r['ref_value']:.3f}" if r.get("ref_value") else "-"
        print(f"{r['what']:<70} {r['value']:.3f} s  ref {r.get('ref_value') or 0:.3f} s  ratio {ratio}  {r['target']}")
