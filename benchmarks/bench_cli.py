"""Command line start-up (issue 16 item 5): ``gkdesk check`` of the example, cold (a whole process, bytecode
cached), against ``python -c "import gkdesk"`` in the same run; target ratio <= 1.5.

The main row has gkdesk's start-up code cache (core/codecache.py: compiled dataclass methods and regular expressions,
in the user's cache folder) filled, as on every run after the first, like the bytecode; the second row is the very
first run, with an empty cache folder each time."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile

from common import EXAMPLE, alternate, runs, spread


def run() -> list[dict]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        env["GKDESK_CACHE_DIR"] = os.path.join(tmp, "cache")
        # "first": the code cache is emptied before each run (python -c keeps the same interpreter start-up)
        first = ("import os, sys, runpy; d = sys.argv[1]; os.environ['GKDESK_CACHE_DIR'] = d; "
                 "[os.remove(os.path.join(d, f)) for f in (os.listdir(d) if os.path.isdir(d) else ())]; "
                 "sys.argv = ['gkdesk', 'check', sys.argv[2]]; runpy.run_module('gkdesk', run_name='__main__')")
        times = alternate({"check": [sys.executable, "-m", "gkdesk", "check", str(EXAMPLE)],
                           "first": [sys.executable, "-c", first, os.path.join(tmp, "first"), str(EXAMPLE)],
                           "import": [sys.executable, "-c", "import gkdesk"],
                           "bare": [sys.executable, "-c", "pass"]}, runs(9), {**env})
    check, first_t, ref, bare = (statistics.median(times[k]) * 1000 for k in ("check", "first", "import", "bare"))
    return [
        {"what": "gkdesk check 示例，冷启动（整个进程）", "value": check, "unit": "ms",
         "reference": 'python -c "import gkdesk"', "ref_value": ref, "target": "ratio <= 1.5",
         "ok": check <= 1.5 * ref, "spread": spread(times["check"], 1000)},
        {"what": "  gkdesk check 示例，首次运行（启动代码缓存为空）", "value": first_t, "unit": "ms",
         "reference": 'python -c "import gkdesk"', "ref_value": ref, "spread": spread(times["first"], 1000)},
        {"what": "  参考：python -c pass（解释器本身）", "value": bare, "unit": "ms",
         "reference": 'python -c "import gkdesk"', "ref_value": ref, "spread": spread(times["bare"], 1000)},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
