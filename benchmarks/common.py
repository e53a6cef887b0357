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
