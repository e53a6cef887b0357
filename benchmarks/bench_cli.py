"""Command line start-up (issue 16 item 5): ``gkdesk check`` of the example, cold (a whole process, bytecode
cached), against ``python -c "import gkdesk"`` in the same run; target ratio <= 1.5."""

from __future__ import annotations

import os
import statistics
import sys

from common import EXAMPLE, alternate, runs, spread


def run() -> list[dict]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    times = alternate({"check": [sys.executable, "-m", "gkdesk", "check", str(EXAMPLE)],
                       "import": [sys.executable, "-c", "import gkdesk"],
                       "bare": [sys.executable, "-c", "pass"]}, runs(9), env)
    check, ref, bare = (statistics.median(times[k]) * 1000 for k in ("check", "import", "bare"))
    return [
        {"what": "gkdesk check 示例，冷启动（整个进程）", "value": check, "unit": "ms",
         "reference": 'python -c "import gkdesk"', "ref_value": ref, "target": "ratio <= 1.5",
         "ok": check <= 1.5 * ref, "spread": spread(times["check"], 1000)},
        {"what": "  参考：python -c pass（解释器本身）", "value": bare, "unit": "ms",
         "reference": 'python -c "import gkdesk"', "ref_value": ref, "spread": spread(times["bare"], 1000)},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
