"""Differential check of validation speed work: the issues of many seeded random reports, one JSON line each.

Run it on two checkouts and compare the outputs (they must be byte-identical)::

    PYTHONPATH=/work/main python tools/diff_validate.py 3000 > before.jsonl
    PYTHONPATH=.          python tools/diff_validate.py 3000 > after.jsonl
    cmp before.jsonl after.jsonl

The reports start from the example report, a blank one and filled 汇总-style units (every level), then get random
mutations: cells (blank, text, negative, fraction, huge), meta, narrative snippets, subsections, the fee, last
year's figures, stated totals, a 2019 source format. Each report is checked with ``validate`` and as the 汇总 reads
it (saved and loaded again, ``read_unit``), issues in order with every field.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import gkdesk  # noqa: E402 - the checkout on PYTHONPATH, whose tests' generator is used

ROOT = Path(gkdesk.__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "consolidate"))

from consolidate_helpers import make_unit  # noqa: E402

from gkdesk.core import storage  # noqa: E402
from gkdesk.core.consolidate.inputs import read_unit  # noqa: E402
from gkdesk.core.issues import Settings  # noqa: E402
from gkdesk.core.lastyear import last_year_from  # noqa: E402
from gkdesk.core.report import Report, Subsection  # noqa: E402
from gkdesk.core.rules import validate  # noqa: E402

EXAMPLE = ROOT / "examples" / "qiuqu-township-2024.gkreport"
VALUES = [None, 0, 0, 1, 3, 12, 40, -1, "无", "/", "abc", " ", "－", Decimal("1.5"), Decimal("20000"), Decimal("3"),
          Decimal("0.12345"), Decimal("-2"), 10**6, 999999999]
SNIPPETS = ["共受理政府信息公开申请15件", "办结12件", "结转下年度继续办理3件", "上年结转2件", "2023年，我乡收到申请8件",
            "行政复议2件", "行政诉讼1件", "依据国办公开办函〔2019〕60号", "国办公开办函[2021]30号", "向市政府提出的申请8宗",
            "本街道", "我镇", "存在的问题：宣传不够。改进措施：加强培训。", "本年度未收取信息处理费", "收取信息处理费100元",
            "统计期限自2024年1月1日起至2024年12月31日止", "一、总体情况", "五、存在的主要问题及改进情况", "考核评议问责",
            "予以公开9件", "（一）主动公开", "制发规范性文件3件", "无", "\n", "。", "2022年", "主动公开政府信息1200条",
            "政府信息管理", "平台建设", "监督保障", "社会评价满意度", "年度考核", "追责", "2025年1月", "２０２４年",
            "新收政府信息公开申请35件", "行政复议0件", "收费0.5万元", "第三部分", "　", "A"]
LEVELS = ["", "township", "county_gov", "county", "city_gov", "city", "province_gov", "province", "street"]


def _cells(report: Report) -> list[tuple[str, str, str]]:
    return [(t, r, c) for t, tdef in report.format.tables.items() for r, c in tdef.input_cells()]


def _text(rng: random.Random) -> str:
    return "，".join(rng.choice(SNIPPETS) for _ in range(rng.randint(0, 6)))


def _start(rng: random.Random, i: int) -> Report:
    kind = rng.random()
    if kind < 0.15:
        return storage.loads(EXAMPLE.read_bytes())
    if kind < 0.2:
        return Report.new("某镇人民政府", "township", 2024)
    level = rng.choice([lv for lv in LEVELS if lv])
    try:
        return make_unit(rng, f"第{i}号单位", level=level, big=rng.choice([3, 20, 40]))
    except KeyError:
        return make_unit(rng, f"第{i}号单位", big=20)


def _mutate(rng: random.Random, rep: Report) -> None:
    cells = _cells(rep)
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 6, 15])):
        what = rng.random()
        if what < 0.45:
            t, r, c = rng.choice(cells)
            rep.set_raw(t, r, c, rng.choice(VALUES))
        elif what < 0.55:
            key = rng.choice(["org_name", "level", "year", "written_date", "publish_date"])
            value = {"org_name": ["", "某镇人民政府", "某县人民政府", "某市教育局", "某街道办事处", " 某乡 "],
                     "level": LEVELS, "year": [0, 2019, 2020, 2023, 2024, 2030],
                     "written_date": [None, date(2025, 1, 10), date(2025, 2, 1), date(2024, 3, 1)],
                     "publish_date": [None, date(2025, 1, 20), date(2025, 5, 1), date(2024, 6, 1)]}[key]
            v = rng.choice(value)
            if key == "level":
                try:
                    rep.format.level(v)
                except KeyError:
                    v = ""
            setattr(rep.meta, key, v)
        elif what < 0.7:
            field = rng.choice(["overview_intro", "section5", "section6"])
            setattr(rep, field, _text(rng) if rng.random() < 0.7 else getattr(rep, field) + _text(rng))
        elif what < 0.8 and rep.overview:
            i = rng.randrange(len(rep.overview))
            if rng.random() < 0.5:
                rep.overview[i].text = _text(rng)
            elif rng.random() < 0.5:
                rep.overview[i].title = rng.choice(["（一）主动公开", "监督保障", "", "（九）其他", "（五）监督保障"])
            else:
                del rep.overview[i]
        elif what < 0.83:
            rep.overview.insert(rng.randint(0, len(rep.overview)), Subsection("（七）新增", _text(rng)))
        elif what < 0.88:
            rep.processing_fee_yuan = rng.choice([None, Decimal("0"), Decimal("100"), Decimal("1.234"),
                                                  Decimal("-5"), 50])
        elif what < 0.94:
            last = rep.copy()
            last.meta.year = (rep.meta.year or 2024) - rng.choice([1, 1, 2])
            for c in ("natural", "commercial", "total"):
                if rng.random() < 0.5:
                    last.set_raw("t3", "carry_out", c, rng.choice([0, 2, 7, None]))
            rep.last_year = last_year_from(last, from_file=rng.random() < 0.5)
        elif what < 0.97:
            rep.stated = {"t3": {"new": {"total": rng.choice([0, 13])}, "results_total": {"natural": 19}},
                          "t4": {"review": {"total": 4}}}
        else:
            rep.source_format = rng.choice([None, "2019", "2019-t3"])


def _issues(issues: list) -> list:
    return [[i.rule, i.severity, i.message, str(i.location), i.table, i.row, i.column, i.field] for i in issues]


def main(n: int, seed: int = 16) -> None:
    rng = random.Random(seed)
    settings = Settings(today=date(2025, 3, 1))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "unit.gkreport")
        for i in range(n):
            rep = _start(rng, i)
            _mutate(rng, rep)
            line: dict[str, object] = {"i": i, "validate": _issues(validate(rep, settings))}
            try:
                data = storage.dumps(rep)
            except Exception as exc:  # noqa: BLE001 - a report the generator broke: recorded as such
                line["saved"] = type(exc).__name__
            else:
                path.write_bytes(data)
                unit = read_unit(path, lambda r: validate(r, settings))
                line["unit"] = [unit.status, unit.reason, unit.name, unit.year, unit.level, _issues(unit.issues),
                                [str(v) for v in unit.totals], [repr(v) for v in (unit.values or ())]]
            print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
