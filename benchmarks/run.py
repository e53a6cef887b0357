"""Measure what the issues ask for and print one table: figure, reference measured in the same run, ratio, target.

Each ``benchmarks/bench_*.py`` module has ``run() -> list[dict]``; a row has the keys
``what`` (str), ``value`` (float), ``unit`` (str), and optionally ``reference`` (str), ``ref_value`` (float),
``target`` (str, e.g. "< 2 ms" or "ratio <= 1.5") and ``ok`` (bool).
``spread`` (str, the runs' min–max) is printed after the row. Every ``bench_*.py`` found is run, including those
other areas add (pdf, exports, edit latency); figures are medians of several runs, whole processes where the issue
asks. ``GKDESK_BENCH_RUNS=3`` shortens every series; ``GKDESK_BENCH_UNITS`` sets the 汇总 size (default 10,000).
Usage: python benchmarks/run.py [NAME ...]   (NAME = the part after bench_, e.g. core gui)
"""

from __future__ import annotations

import importlib
import os
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _fmt(v: float | None, unit: str = "") -> str:
    if v is None:
        return "-"
    if abs(v) >= 100:
        return f"{v:,.0f} {unit}".strip()
    return f"{v:.3g} {unit}".strip()


def main(argv: list[str]) -> int:
    names = argv or sorted(p.stem[len("bench_"):] for p in HERE.glob("bench_*.py"))
    rows: list[dict] = []
    failed = False
    for name in names:
        t0 = time.perf_counter()
        try:
            mod = importlib.import_module(f"bench_{name}")
            got = mod.run()
        except Exception:  # noqa: BLE001 - a broken benchmark is reported, the others still run
            traceback.print_exc()
            rows.append({"what": f"[{name}] 失败", "value": float("nan"), "unit": "", "ok": False})
            failed = True
            continue
        for r in got:
            r.setdefault("group", name)
            rows.append(r)
        print(f"# {name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    header = f"{'group':<12} {'what':<52} {'value':>14} {'reference':<34} {'ref value':>12} {'ratio':>7}  target  ok  spread"
    print(header)
    print("-" * len(header))
    for r in rows:
        ratio = None
        if r.get("ref_value"):
            ratio = r["value"] / r["ref_value"]
        ok = r.get("ok")
        print(f"{r.get('group', ''):<12} {r['what']:<52} {_fmt(r['value'], r.get('unit', '')):>14} "
              f"{r.get('reference', '') or '':<34} {_fmt(r.get('ref_value'), r.get('unit', '')):>12} "
              f"{f'{ratio:.2f}' if ratio is not None else '-':>7}  {r.get('target', '')}  "
              f"{'' if ok is None else ('yes' if ok else 'NO')}  {r.get('spread', '')}")
        if ok is False:
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
