"""The worker processes of a large 汇总 (core/consolidate/workers.py): results in order whatever worker read them,
a dead worker ends with an error (not a hang), a failure in a worker reaches the caller, nothing is left running."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal

import pytest
from consolidate_helpers import make_unit, save_units

from gkdesk.core.consolidate import ConsolidationCancelled, consolidate
from gkdesk.core.consolidate import workers as workers_mod
from gkdesk.core.errors import GkError


def _square(x: int, offset: int) -> tuple[int, ...]:
    return (x * x + offset, os.getpid())


def _fail_on(x: int, bad: int) -> tuple[int, ...]:
    if x == bad:
        raise ValueError(f"坏的输入 {x}")
    return (x,)


def _offset(n: int) -> int:
    return n


def test_results_come_in_order_from_every_worker():
    ctx = multiprocessing.get_context("spawn")
    out = list(workers_mod.run_workers(ctx, 2, list(range(101)), 4, _square, _offset, (7,)))
    assert [v for v, _ in out] == [x * x + 7 for x in range(101)]
    assert multiprocessing.active_children() == []


def test_a_failure_in_a_worker_reaches_the_caller_and_stops_the_others():
    ctx = multiprocessing.get_context("spawn")
    with pytest.raises(ValueError, match="坏的输入 37"):
        list(workers_mod.run_workers(ctx, 2, list(range(200)), 3, _fail_on, _offset, (37,)))
    assert multiprocessing.active_children() == []


def _units(tmp_path, n):
    rng = random.Random(5)
    save_units(tmp_path, [make_unit(rng, f"第{i}乡") for i in range(n)])


def _die_on(x: int, bad: int) -> tuple[int, ...]:
    if x == bad:
        os.kill(os.getpid(), signal.SIGKILL)  # as the system kills a worker that ran out of memory
    return (x,)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this system")
def test_a_worker_that_dies_ends_with_an_error_not_a_hang():
    ctx = multiprocessing.get_context("spawn")
    got = []
    with pytest.raises(GkError, match="子进程意外退出"):
        for (x,) in workers_mod.run_workers(ctx, 2, list(range(60)), 4, _die_on, _offset, (21,)):
            got.append(x)
    assert got == list(range(20))  # every chunk before the lost one
    assert multiprocessing.active_children() == []


def test_cancelling_stops_the_workers(tmp_path):
    _units(tmp_path, 40)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 5

    with pytest.raises(ConsolidationCancelled):
        consolidate([tmp_path], workers=2, cancelled=cancelled)
    assert multiprocessing.active_children() == []
