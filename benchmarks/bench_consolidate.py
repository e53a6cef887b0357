"""汇总 of 500 generated unit reports (.gkreport files) with the check summary: target under 3 s.

References measured in the same run show where the time goes: just loading the 500 files (storage.load), and
validating the 500 loaded reports (rules.validate).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

N_UNITS = 500
# the seeded unit generator is shared with the consolidation tests
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "consolidate"))
REPEAT = 3


def _unit(rng: random.Random, i: int):
    """A filled, balanced unit report from the tests' generator, with a longer narrative; a few carry an error."""
    from consolidate_helpers import make_unit

    rep = make_unit(rng, f"第{i:03d}号乡镇人民政府", big=40)
    rep.overview_intro = f"本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。第{i}号乡镇认真贯彻条例。"
    for sub in rep.overview:
        sub.text = f"围绕{sub.title}开展工作，完成了年度任务。" * rng.randint(1, 4)
    if i % 50 == 7:  # a few units with an error, as in real life
        rep.set_raw("t3", "carry_out", "natural", 99)
    return rep


def run() -> list[dict]:
    from gkdesk.core import storage
    from gkdesk.core.consolidate import consolidate, save_outputs
    from gkdesk.core.rules import validate

    rng = random.Random(2024)
    with tempfile.TemporaryDirectory(prefix="gk-bench-consolidate-") as tmp:
        folder = Path(tmp, "units")
        folder.mkdir()
        for i in range(N_UNITS):
            storage.save(_unit(rng, i), folder / f"unit{i:03d}.gkreport")
        files = sorted(folder.glob("*.gkreport"))
        load_t, validate_t, total_t, summary_t = [], [], [], []
        for r in range(REPEAT):
            t0 = time.perf_counter()
            reports = [storage.load(p) for p in files]
            load_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            for rep in reports:
                validate(rep)
            validate_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            result = consolidate([folder], org_name="某某县人民政府", level="county_gov")
            t1 = time.perf_counter()
            save_outputs(result, Path(tmp, f"汇总{r}.gkreport"), Path(tmp, f"清单{r}.xlsx"))
            t2 = time.perf_counter()
            total_t.append(t2 - t0)
            summary_t.append(t2 - t1)
        assert len(result.included) == N_UNITS and sum(u.has_errors for u in result.units) == N_UNITS // 50
    total, load = statistics.median(total_t), statistics.median(load_t)
    return [
        {"what": f"汇总 {N_UNITS} 份报告（读取、校验、相加、保存报告和校验清单）", "value": total, "unit": "s",
         "reference": f"仅读取 {N_UNITS} 份（storage.load）", "ref_value": load, "target": "< 3 s", "ok": total < 3.0},
        {"what": f"  其中：校验 {N_UNITS} 份（rules.validate，单独测）", "value": statistics.median(validate_t),
         "unit": "s", "reference": f"仅读取 {N_UNITS} 份（storage.load）", "ref_value": load},
        {"what": "  其中：保存汇总报告和校验清单（xlsx）", "value": statistics.median(summary_t), "unit": "s",
         "reference": f"仅读取 {N_UNITS} 份（storage.load）", "ref_value": load},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
