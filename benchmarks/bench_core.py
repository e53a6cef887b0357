"""Load and save times of the example report, against reading/writing the same bytes (the floor)."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _median(fn, n: int = 200) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run() -> list[dict]:
    from gkdesk.core import storage

    example = ROOT / "examples" / "qiuqu-township-2024.gkreport"
    data = example.read_bytes()
    report = storage.loads(data)
    rows = []
    load = _median(lambda: storage.load(example))
    read = _median(example.read_bytes)
    rows.append({"what": "load example .gkreport (parse + check)", "value": load * 1000, "unit": "ms",
                 "reference": "read the same bytes", "ref_value": read * 1000, "target": "< 10 ms",
                 "ok": load < 0.010})
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "r.gkreport"
        raw = Path(tmp) / "raw.bin"

        def plain_write() -> None:
            with open(raw, "wb") as fh:
                fh.write(data)

        save = _median(lambda: storage.save(report, target), 50)
        write = _median(plain_write, 50)
    rows.append({"what": "save example (atomic: tmp + fsync + backup + replace)", "value": save * 1000, "unit": "ms",
                 "reference": "plain write of the same bytes", "ref_value": write * 1000, "target": "< 50 ms",
                 "ok": save < 0.050})
    return rows
