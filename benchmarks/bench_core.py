"""Load and save times of the example report, against reading/writing the same bytes (the floor)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import EXAMPLE, median_seconds


def run() -> list[dict]:
    from gkdesk.core import storage

    example = EXAMPLE
    data = example.read_bytes()
    report = storage.loads(data)
    rows = []
    load = median_seconds(lambda: storage.load(example), 200)
    read = median_seconds(example.read_bytes, 200)
    rows.append({"what": "load example .gkreport (parse + check)", "value": load * 1000, "unit": "ms",
                 "reference": "read the same bytes", "ref_value": read * 1000, "target": "< 10 ms",
                 "ok": load < 0.010})
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "r.gkreport"
        raw = Path(tmp) / "raw.bin"

        def plain_write() -> None:
            with open(raw, "wb") as fh:
                fh.write(data)

        save = median_seconds(lambda: storage.save(report, target), 50)
        write = median_seconds(plain_write, 50)
    rows.append({"what": "save example (atomic: tmp + fsync + backup + replace)", "value": save * 1000, "unit": "ms",
                 "reference": "plain write of the same bytes", "ref_value": write * 1000, "target": "< 50 ms",
                 "ok": save < 0.050})
    return rows
