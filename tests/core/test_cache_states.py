"""Issue 16: the consolidation property tests, the export tests and the font-coverage tests pass with gkdesk's caches
cold, warm and damaged.

Each state is a whole pytest run in its own process, because the code cache (core/codecache.py) and the format cache
(core/format_cache.py) are read once, when ``gkdesk.core`` is first imported: one process sees one state. The cache
folder (GKDESK_CACHE_DIR) starts empty (cold), then holds what that run wrote (warm), then the same files damaged
four ways (emptied, cut short, garbage at the end, reversed). The font metrics cache follows the same state through
the exporter tests' own switch (GKDESK_TEST_FONT_CACHE, tests/exporters/conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUITES = ["tests/consolidate", "tests/exporters"]


def _damage(folder: Path) -> int:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    for i, p in enumerate(files):
        blob = p.read_bytes()
        p.write_bytes([b"", blob[:64], blob[:-7] + b"garbage", blob[::-1]][i % 4])
    return len(files)


def _run(cache: Path, state: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GKDESK_", "PYTEST_"))}
    env.update(GKDESK_CACHE_DIR=str(cache), GKDESK_TEST_FONT_CACHE=state, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow", *SUITES],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


@pytest.mark.slow
def test_consolidation_and_export_tests_pass_with_the_caches_cold_warm_and_damaged(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    for state in ("cold", "warm", "damaged"):
        if state == "damaged":
            assert _damage(cache) >= 3, "the warm run left no caches to damage"
        before = sorted(p.name for p in cache.iterdir())
        proc = _run(cache, state)
        tail = (proc.stdout + proc.stderr)[-3000:]
        assert proc.returncode == 0, f"{state}: {tail}"
        assert " passed" in proc.stdout and " failed" not in proc.stdout, f"{state}: {tail}"
        if state == "cold":
            assert before == []
            written = sorted(p.name for p in cache.iterdir())
            # the code cache and the built format were written by the cold run: the next one is warm
            assert any(n.startswith("code-") for n in written) and any(n.startswith("format-") for n in written)
    shutil.rmtree(cache)
