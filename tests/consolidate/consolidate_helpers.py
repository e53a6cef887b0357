"""Seeded generator of unit reports whose tables are internally consistent (for consolidation tests)."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from gkdesk.core import storage
from gkdesk.core.format import load_format
from gkdesk.core.issues import Issue
from gkdesk.core.report import Report


def make_unit(rng: random.Random, name: str, year: int = 2024, level: str = "township",
              fee: Decimal | None = None, big: int = 20) -> Report:
    """A report whose every input cell is filled and whose T3 balances (new + carry_in = total + carry_out)."""
    fmt = load_format()
    rep = Report.new(org_name=name, level=level, year=year, fmt=fmt)
    t2 = fmt.table("t2")
    for row in t2.rows:
        for col in row.columns:
            if row.type == "int":
                rep.set_raw("t2", row.key, col, 0 if row.key == "rules" else rng.randint(0, big))
    issued, repealed = rep.raw("t2", "normative", "issued"), rep.raw("t2", "normative", "repealed")
    rep.set_raw("t2", "normative", "valid", issued + rng.randint(0, big))  # type: ignore[operator]
    rep.set_raw("t2", "normative", "repealed", min(repealed, issued))  # type: ignore[type-var]
    rep.set_raw("t2", "fees", "amount_wanyuan",
                fee if fee is not None else Decimal(rng.randint(0, 999999)).scaleb(-4))
    t3 = fmt.table("t3")
    detail = next(c.of for c in t3.computed if c.kind == "row_sum")
    for col in [c for c in t3.columns if c != "total"]:
        total = 0
        for row in detail:
            v = rng.randint(0, 3) if rng.random() < 0.3 else 0
            rep.set_raw("t3", row, col, v)
            total += v
        carry_out = rng.randint(0, 2)
        carry_in = rng.randint(0, total + carry_out)
        rep.set_raw("t3", "carry_out", col, carry_out)
        rep.set_raw("t3", "carry_in", col, carry_in)
        rep.set_raw("t3", "new", col, total + carry_out - carry_in)
    for row in ("review", "lit_direct", "lit_after_review"):
        for col in ("maintain", "correct", "other", "pending"):
            rep.set_raw("t4", row, col, rng.randint(0, 2))
    for sub in rep.overview:
        sub.text = f"{name}按照条例要求开展{sub.title}相关工作。"
    rep.section5 = f"{name}存在的问题：宣传不够。改进：加强培训。"
    rep.section6 = "本年度未收取信息处理费。"
    return rep


def save_units(folder: Path, reports: list[Report], prefix: str = "unit") -> list[Path]:
    """Save each report as <prefix>NNN.gkreport in ``folder``; return the paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, rep in enumerate(reports):
        p = folder / f"{prefix}{i:03d}.gkreport"
        storage.save(rep, p)
        paths.append(p)
    return paths


def fake_validate(report: Report) -> list[Issue]:
    """A stand-in validator that tests consolidation, not the rules: names with 错 get an error, 警 a warning."""
    out = []
    if "错" in report.meta.org_name:
        out.append(Issue("TEST-ERR", "error", f"{report.meta.org_name}的表格有错误", table="t3", row="new",
                         column="natural"))
    if "警" in report.meta.org_name:
        out.append(Issue("TEST-WARN", "warning", "请核实", field="section5"))
    return out
