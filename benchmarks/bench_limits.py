"""Worst cases of issue 15: each hostile or largest-allowed input read in a fresh process (seconds, peak MB).

Every case must end in a report or the boundary's refusal within 10 s and 1 GB. Run: python benchmarks/bench_limits.py
[CASE ...]; figures are quoted in docs/limits.md.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "core"))


def run() -> list[dict]:
    """Rows for benchmarks/run.py: each case's time and peak memory against the issue's 10 s / 1 GB."""
    from hostile_files import CASES, make, measure

    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="gkdesk-limits-") as tmp:
        for case in CASES:
            path, entry = make(case, Path(tmp) / case)
            r = measure(path, entry)
            path.unlink()
            done = r["outcome"].startswith(("report", "refused"))
            rows.append({"what": f"{case}（{r['outcome'][:7]}）", "value": r["seconds"], "unit": "s",
                         "target": "< 10 s", "ok": done and r["seconds"] < 10})
            rows.append({"what": f"{case} 峰值内存", "value": r["peak_mb"], "unit": "MB", "target": "< 1024 MB",
                         "ok": done and r["peak_mb"] < 1024})
    return rows


def main(argv: list[str]) -> int:
    from hostile_files import CASES, make, measure

    cases = argv or list(CASES)
    worst = 0
    print(f"{'case':<22}{'size':>10}{'seconds':>9}{'peak MB':>9}  outcome")
    with tempfile.TemporaryDirectory(prefix="gkdesk-limits-") as tmp:
        for case in cases:
            path, entry = make(case, Path(tmp) / case)
            r = measure(path, entry)
            size = path.stat().st_size
            ok = r["seconds"] < 10 and r["peak_mb"] < 1024 and r["outcome"].startswith(("report", "refused"))
            worst |= not ok
            print(f"{case:<22}{size / 1048576:>8.1f}MB{r['seconds']:>9.2f}{r['peak_mb']:>9.0f}  {r['outcome']}"
                  + ("" if ok else "   <-- over 10 s / 1 GB or crashed"), flush=True)
            path.unlink()
    return 1 if worst else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
