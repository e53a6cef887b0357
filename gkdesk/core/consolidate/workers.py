"""The worker processes of a large 汇总: each takes the next chunk of files, reads and checks them, and sends the
chunk's results back through its own pipe; this process takes them in the inputs' order.

What ``multiprocessing.Pool.imap`` did, without its three helper threads in this process (handing out the tasks,
receiving the results, watching the workers): under load they cost this process ~35 µs a unit — more than taking
the unit itself — and competed with the workers for the two cores. Here the workers claim chunks through one shared
counter (the faster takes more), and this process waits on the pipes and unpickles the results itself. A worker
that dies (killed, out of memory) ends the consolidation with an error instead of a hang; closing the reader
(cancelled, failed) stops the workers.
"""

from __future__ import annotations

import gc
import pickle
import signal
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from gkdesk.core.errors import GkError

#: what a worker sends for a chunk that failed (the exception follows): a fault outside read_unit's own handling
_FAILED = -1


def run_workers(ctx: Any, n: int, paths: Sequence[Path], chunk: int, read: Callable[[Path, Any], tuple[Any, ...]],
                init: Callable[..., Any], init_args: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    """``read(path, state)`` of each path, in order, in ``n`` processes of ``ctx`` (``state = init(*init_args)``,
    once per worker). The workers stop when the iterator is closed or garbage-collected."""
    counter = ctx.Value("l", 0)
    conns, procs = [], []
    try:
        for _ in range(n):
            receive, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_work, args=(send, counter, paths, chunk, read, init, init_args),
                               name="gkdesk-consolidate-worker", daemon=True)
            proc.start()
            send.close()  # only the worker writes: its end closing is how a dead worker shows
            conns.append(receive)
            procs.append(proc)
        yield from _in_order(conns, -(-len(paths) // chunk))
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for proc in procs:
            proc.join()
        for conn in conns:
            conn.close()


def _in_order(conns: list[Any], chunks: int) -> Iterator[tuple[Any, ...]]:
    """The chunks' results as they come from the pipes, given back in the chunks' order."""
    waiting: dict[int, list[tuple[Any, ...]]] = {}
    open_ = list(conns)
    for k in range(chunks):
        while k not in waiting:
            if not open_:
                raise GkError("读取报告的子进程意外退出（可能是内存不足），汇总没有完成，没有保存任何文件。"
                              "请关闭其他程序后重试，或分批汇总。")
            for conn in wait(open_):
                try:
                    data = conn.recv_bytes()
                except EOFError:
                    open_.remove(conn)
                    continue
                index, results = pickle.loads(data)
                if index == _FAILED:
                    raise results
                waiting[index] = results
        yield from waiting.pop(k)


def _work(conn: Any, counter: Any, paths: Sequence[Path], chunk: int, read: Callable[[Path, Any], tuple[Any, ...]],
          init: Callable[..., Any], init_args: tuple[Any, ...]) -> None:
    """A worker: chunks claimed one after another until none is left."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle: it stops the workers
    # what the worker got from its parent lives as long as it does: the collector need not walk it again (and it
    # is on here, even when the parent paused it while forking)
    gc.freeze()
    gc.enable()
    try:
        state = init(*init_args)
        while True:
            with counter.get_lock():
                k = counter.value
                counter.value = k + 1
            batch = paths[k * chunk:(k + 1) * chunk]
            if not batch:
                break
            conn.send_bytes(pickle.dumps((k, [read(p, state) for p in batch]), pickle.HIGHEST_PROTOCOL))
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        try:
            data = pickle.dumps((_FAILED, exc), pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - an exception that cannot travel: its text does
            data = pickle.dumps((_FAILED, RuntimeError(f"{type(exc).__name__}: {exc}")), pickle.HIGHEST_PROTOCOL)
        conn.send_bytes(data)
    finally:
        conn.close()
