"""Differential check of 汇总 speed work on the benchmark's realistic units (benchmarks/realistic_units.py).

Prints, for each of the first N unit files of the benchmark's folder (generated once, as the benchmark does), one JSON
line with everything the 汇总 keeps of it (``read_unit``: status, name, year, issues with every field, 已核实 issues,
key totals, input values), then the SHA-256 of every part of the summary workbook of a consolidation of those N units
(the parts' dates aside: docProps/core.xml and the 生成时间 cell hold the time of the run). Run it on two checkouts and
compare (the outputs must be byte-identical)::

    PYTHONPATH=/work/main python tools/diff_units.py 2000 > before.txt
    PYTHONPATH=.          python tools/diff_units.py 2000 > after.txt
    cmp before.txt after.txt
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import gkdesk

ROOT = Path(gkdesk.__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "consolidate"))

from bench_consolidate import units_folder  # noqa: E402

from gkdesk.core.consolidate import consolidate, save_outputs  # noqa: E402
from gkdesk.core.consolidate.inputs import read_unit  # noqa: E402
from gkdesk.core.issues import Settings  # noqa: E402
from gkdesk.core.rules import validate  # noqa: E402

#: the run's date and time in the summary (the generated-at cell, the document properties)
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?|\d{4}年\d{1,2}月\d{1,2}日 ?\d{1,2}:\d{2}(?::\d{2})?"
                    .encode())


def _issues(issues: list) -> list:
    return [[i.rule, i.severity, i.message, str(i.location), i.table, i.row, i.column, i.field] for i in issues]


def main(n: int) -> None:
    folder = units_folder()
    paths = sorted(folder.glob("*.gkreport"))[:n]
    settings = Settings(today=date(2025, 3, 1))
    for p in paths:
        u = read_unit(p, lambda r: validate(r, settings))
        line = [p.name, u.status, u.reason, u.name, u.year, u.level, u.format_version, u.source_format,
                _issues(u.issues), [[_issues([i])[0], note] for i, note in u.explained],
                [str(v) for v in u.totals], [repr(v) for v in (u.values or ())],
                None if u.last_year is None else repr(u.last_year)]
        print(json.dumps(line, ensure_ascii=False))
    with tempfile.TemporaryDirectory() as tmp:
        result = consolidate(paths, org_name="某某省人民政府", level="county_gov", settings=settings)
        out, summary = Path(tmp, "汇总.gkreport"), Path(tmp, "清单.xlsx")
        save_outputs(result, out, summary)
        with zipfile.ZipFile(summary) as z:
            for name in sorted(z.namelist()):
                data = _STAMP.sub(b"<time>", z.read(name))
                print(name, hashlib.sha256(data).hexdigest())
        print("report", hashlib.sha256(_STAMP.sub(b"<time>", out.read_bytes())).hexdigest())


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
