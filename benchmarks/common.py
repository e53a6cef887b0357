"""What every benchmark shares: where the project and the example report are, and a median timer."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "qiuqu-township-2024.gkreport"


def median_seconds(fn: Callable[[], object], n: int = 7) -> float:
    """Median wall time of ``n`` calls of ``fn``, in seconds."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def runs(default: int) -> int:
    """How many runs a series takes: ``GKDESK_BENCH_RUNS`` overrides (e.g. 3 for a quick look)."""
    import os

    return max(1, int(os.environ.get("GKDESK_BENCH_RUNS", default)))


def spread(xs: list[float], scale: float = 1.0, unit: str = "") -> str:
    """'min–max (n runs)' of a series, for the table's spread column."""
    if not xs:
        return ""
    lo, hi = min(xs) * scale, max(xs) * scale
    fmt = (lambda v: f"{v:.0f}") if hi >= 100 else (lambda v: f"{v:.3g}")
    return f"{fmt(lo)}–{fmt(hi)}{(' ' + unit) if unit else ''} ({len(xs)} runs)"


def process_seconds(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> float:
    """Wall time of one whole process, start to exit (it must succeed)."""
    import subprocess

    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True)
    took = time.perf_counter() - t0
    if done.returncode not in (0, 1):  # 1: done, with findings (gkdesk check, consolidate)
        raise RuntimeError(f"{cmd[:4]} failed ({done.returncode}): {done.stderr.decode(errors='replace')[-600:]}")
    return took


def alternate(series: dict[str, list[str]], n: int, env: dict[str, str] | None = None) -> dict[str, list[float]]:
    """Run each command once untimed (bytecode, disk cache), then n times alternating; every time per command."""
    for cmd in series.values():
        process_seconds(cmd, env, ROOT)
    out: dict[str, list[float]] = {k: [] for k in series}
    for _ in range(n):
        for k, cmd in series.items():
            out[k].append(process_seconds(cmd, env, ROOT))
    return out
