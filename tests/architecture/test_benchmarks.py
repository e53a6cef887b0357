"""benchmarks/run.py runs every benchmarks/bench_*.py: each must be a benchmark (a module-level ``run()``), so a
helper module named bench_* would make the whole table print a failed row."""

from __future__ import annotations

import ast
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def test_every_bench_module_defines_run():
    found = sorted(BENCH.glob("bench_*.py"))
    assert len(found) >= 10
    without = [p.name for p in found
               if not any(isinstance(n, ast.FunctionDef) and n.name == "run"
                          for n in ast.parse(p.read_text(encoding="utf-8")).body)]
    assert without == []
