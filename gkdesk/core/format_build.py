"""Building a report format from its description (``resources/formats/*.json``) and checking the description itself.

Only a run that does not find the built format in its cache (core/format_cache.py: the first run, or after the file or
this code changed) imports this module: ``gkdesk.core.format.load_format_file`` calls ``build``.
"""

from __future__ import annotations

import json
from pathlib import Path

from gkdesk.core.errors import FormatDefinitionError
from gkdesk.core.format_types import (
    META_TYPES,
    RESERVED,
    ComputedDef,
    FeeDef,
    GridCell,
    KeyTotal,
    Layout,
    Level,
    MetaFieldDef,
    ReportFormat,
    RowDef,
    Section,
    TableDef,
)

TYPE_CHECKING = False  # typing is not imported at run time: a cold command line start (issue 16.5)
if TYPE_CHECKING:
    from typing import Any


def _fail(path: Path, what: str) -> FormatDefinitionError:
    return FormatDefinitionError(
        f"格式描述文件 {path.name} 有误：{what}。请重新安装 gkdesk；如果问题依旧，请联系开发者。"
    )


def _place(path: Path, table_key: str, rows: list[list[dict[str, Any]]], n_cols: int, first_row: int,
           header: bool) -> list[GridCell]:
    """Place HTML-like rows of cells (with rowspan/colspan) on a grid, checking the rectangle is exactly filled."""
    occupied: set[tuple[int, int]] = set()
    out: list[GridCell] = []
    last = first_row + len(rows)
    beyond = False  # a merged cell reaching below the last row
    for r_i, row in enumerate(rows):
        r = first_row + r_i
        col = 0
        for spec in row:
            while (r, col) in occupied:
                col += 1
            rs, cs = int(spec.get("rowspan", 1)), int(spec.get("colspan", 1))
            if rs < 1 or cs < 1:
                raise _fail(path, f"表 {table_key} 第 {r + 1} 行有非正的合并跨度")
            if col + cs > n_cols:
                raise _fail(path, f"表 {table_key} 第 {r + 1} 行超出 {n_cols} 列")
            for dr in range(rs):
                for dc in range(cs):
                    if (r + dr, col + dc) in occupied:
                        raise _fail(path, f"表 {table_key} 第 {r + dr + 1} 行第 {col + dc + 1} 列被两个单元格占用")
                    occupied.add((r + dr, col + dc))
            if r + rs > last:
                beyond = True
            ref = tuple(spec["ref"]) if "ref" in spec else None
            text = spec.get("text")
            if (ref is None) == (text is None):
                raise _fail(path, f"表 {table_key} 第 {r + 1} 行有既无文字也无数据引用的单元格")
            out.append(GridCell(r, col, rs, cs, text=text, ref=ref, header=header))  # type: ignore[arg-type]
            col += cs
    # every position is in columns 0..n_cols-1 (checked above): the grid is full when the count says so
    if beyond or len(occupied) != len(rows) * n_cols:
        for r in range(first_row, last):
            for c in range(n_cols):
                if (r, c) not in occupied:
                    raise _fail(path, f"表 {table_key} 第 {r + 1} 行第 {c + 1} 列没有单元格")
        raise _fail(path, f"表 {table_key} 的合并单元格超出了表格末行")
    return out


def _table(path: Path, raw: dict[str, Any]) -> TableDef:
    key = raw["key"]
    columns = {c["key"]: c["label"] for c in raw["columns"]}
    rows = []
    seen_rows: set[str] = set()
    for r in raw["rows"]:
        if r["key"] in seen_rows:
            raise _fail(path, f"表 {key} 的行键 {r['key']} 重复")
        seen_rows.add(r["key"])
        if r["type"] not in ("int", "decimal"):
            raise _fail(path, f"表 {key} 行 {r['key']} 的数据类型 {r['type']} 未知")
        for c in r["columns"]:
            if c not in columns:
                raise _fail(path, f"表 {key} 行 {r['key']} 引用了不存在的列 {c}")
        rows.append(RowDef(r["key"], tuple(r["labels"]), tuple(r["columns"]), r["type"], r.get("block"),
                           r.get("role")))
    computed = []
    for c in raw.get("computed", []):
        target = c.get("column") if c["kind"] == "column_sum" else c.get("row")
        pool = columns if c["kind"] == "column_sum" else seen_rows
        if target not in pool or any(o not in pool for o in c["of"]):
            raise _fail(path, f"表 {key} 的计算单元格定义引用了不存在的行或列")
        computed.append(ComputedDef(c["kind"], target, tuple(c["of"]), c["rule"]))
    lay = raw["layout"]
    n_cols = int(lay["columns"])
    header_cells = _place(path, key, lay["header"], n_cols, 0, True)
    n_header = len(lay["header"])
    body_cells = _place(path, key, lay["body"], n_cols, n_header, False)
    cells = tuple(header_cells + body_cells)
    table = TableDef(
        key=key, section=raw["section"], title=raw["title"], unit=raw.get("unit", "件"), columns=columns,
        rows=tuple(rows), computed=tuple(computed),
        layout=Layout(n_cols, n_header, n_header + len(lay["body"]), int(lay.get("label_columns", 0)), cells),
        note=raw.get("note"), blocks=tuple(raw.get("blocks", ())),
        role=raw.get("role"), column_roles={c["key"]: c["role"] for c in raw["columns"] if c.get("role")},
    )
    refs = [c.ref for c in cells if c.ref is not None]
    expected = table.cells()
    if sorted(refs) != sorted(expected):
        missing = set(expected) - set(refs)
        extra = [r for r in refs if r not in expected or refs.count(r) > 1]
        raise _fail(path, f"表 {key} 的版式与行列定义不一致（缺少 {sorted(missing)[:3]}，多出或重复 {extra[:3]}）")
    return table


def _meta_fields(path: Path, raw: Any) -> tuple[MetaFieldDef, ...]:
    out = []
    for m in raw:
        if m["type"] not in META_TYPES:
            raise _fail(path, f"基本信息字段 {m['key']} 的类型 {m['type']} 未知")
        out.append(MetaFieldDef(m["key"], m["label"], m["type"], m.get("attribute"), bool(m.get("required", False)),
                                m.get("placeholder", ""), bool(m.get("print", False))))
    return tuple(out)


def _check_keys(path: Path, fmt: ReportFormat) -> None:
    """Meta keys, narrative fields and table keys share one namespace (the string form of a Location)."""
    keys = [m.key for m in fmt.meta_fields] + [s.field for s in fmt.sections if s.field and s.field != "overview"]
    keys += list(fmt.tables)
    dup = {k for k in keys if keys.count(k) > 1 or k in RESERVED or "." in k}
    if dup:
        raise _fail(path, f"字段键 {sorted(dup)} 重复、含“.”或是保留字")
    tables_by_role = [t.role for t in fmt.tables.values() if t.role]
    if len(set(tables_by_role)) != len(tables_by_role):
        raise _fail(path, "两张表用了同一个角色")
    for kt in fmt.key_totals:
        if kt.table not in tables_by_role:
            raise _fail(path, f"汇总指标“{kt.label}”引用了不存在的表角色 {kt.table}")


def build(path: Path, data: bytes | None = None) -> ReportFormat:
    """Load and check one format description (``data``: the file's bytes when already read); raise
    FormatDefinitionError when it is inconsistent."""
    try:
        raw = json.loads((path.read_bytes() if data is None else data).decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise _fail(path, f"无法读取（{exc}）") from exc
    try:
        if raw.get("format") != "gkdesk.annual-report-format":
            raise _fail(path, "不是 gkdesk 的格式描述")
        tables = {t["key"]: _table(path, t) for t in raw["tables"]}
        sections = tuple(
            Section(s["key"], s["number"], s["heading"], s["kind"], s.get("table"), s.get("field"))
            for s in raw["sections"]
        )
        for s in sections:
            if s.kind == "table" and s.table not in tables:
                raise _fail(path, f"第{s.number}部分引用了不存在的表 {s.table}")
            if s.kind == "narrative" and not s.field:
                raise _fail(path, f"第{s.number}部分没有正文字段")
        if len({s.key for s in sections}) != len(sections):
            raise _fail(path, "部分的键重复")
        levels = tuple(Level(**lv) for lv in raw["levels"])
        if len({lv.key for lv in levels}) != len(levels):
            raise _fail(path, "机关级别的键重复")
        meta_fields = _meta_fields(path, raw.get("meta_fields", ()))
        fee_raw = raw.get("fee")
        fee = FeeDef(fee_raw["label"], fee_raw["section"]) if fee_raw else None
        key_totals = tuple(KeyTotal(k["label"], k["table"], k["row"], k["column"]) for k in raw.get("key_totals", ()))
        fmt = ReportFormat(
            version=str(raw["version"]), name=raw["name"], basis=raw["basis"],
            applies_from_year=int(raw["applies_from_year"]), title_template=raw["title_template"],
            period_template=raw["period_template"], sections=sections,
            overview_topics=tuple(raw.get("overview_topics", ())), levels=levels, tables=tables,
            parameters=dict(raw.get("parameters", {})), meta_fields=meta_fields, fee=fee, key_totals=key_totals,
        )
        _check_keys(path, fmt)
    except FormatDefinitionError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _fail(path, f"缺少或写错了字段 {exc}") from exc
    return fmt
