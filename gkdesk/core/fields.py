"""The field registry: every field of a report, built from the format file — labels, order, roles, get/set.

``registry(fmt)`` is the one place that knows what a ``Location`` is called (issue descriptions, the import log,
exports, the 汇总 summary), which tab and section it belongs to, its reading order, and how to read and write it in a
``Report``. Rules, carry-over and 汇总 find rows and columns by **role** (``rows("requests", "result")``), never by
key strings.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gkdesk.core.format import MetaFieldDef, ReportFormat, Section, TableDef, load_format
from gkdesk.core.location import INTRO_FIELD, Location
from gkdesk.core.record import Frozen, Record
from gkdesk.core.report import Report, Subsection

TYPE_CHECKING = False  # typing is not imported at run time: a cold command line start (issue 16.5)
if TYPE_CHECKING:
    from typing import Any

#: what the 总体情况 introduction is called (it has no heading of its own)
INTRO_SUFFIX = "（导语）"


class KeyTotalCells(Frozen):
    """A 汇总 key figure resolved to cells: ``label`` = sum of ``cells`` of ``table``."""

    label: str
    table: str
    cells: tuple[tuple[str, str], ...]

    _fields = ("label", "table", "cells")

    def __init__(self, label: str, table: str, cells: tuple[tuple[str, str], ...]) -> None:
        self.__dict__.update(label=label, table=table, cells=cells)


class FieldRegistry(Record):
    """Every field of a format: labels, reading order, tabs, roles, get and set by Location."""

    fmt: ReportFormat
    meta_fields: tuple[MetaFieldDef, ...]
    _meta: dict[str, MetaFieldDef]
    _tables_by_role: dict[str, str]
    _cell_pos: dict[str, dict[tuple[str, str], int]]
    _row_pos: dict[str, dict[str, int]]
    _section_rank: dict[str, int]
    _sections: dict[Location, Section | None]

    _fields = ("fmt", "meta_fields", "_meta", "_tables_by_role", "_cell_pos", "_row_pos", "_section_rank", "_sections")

    def __init__(self, fmt: ReportFormat, meta_fields: tuple[MetaFieldDef, ...] = (),
                 _meta: dict[str, MetaFieldDef] | None = None, _tables_by_role: dict[str, str] | None = None,
                 _cell_pos: dict[str, dict[tuple[str, str], int]] | None = None,
                 _row_pos: dict[str, dict[str, int]] | None = None, _section_rank: dict[str, int] | None = None,
                 _sections: dict[Location, Section | None] | None = None) -> None:
        self.__dict__.update(fmt=fmt, meta_fields=meta_fields, _meta={} if _meta is None else _meta,
                             _tables_by_role={} if _tables_by_role is None else _tables_by_role,
                             _cell_pos={} if _cell_pos is None else _cell_pos,
                             _row_pos={} if _row_pos is None else _row_pos,
                             _section_rank={} if _section_rank is None else _section_rank,
                             _sections={} if _sections is None else _sections)
        self._index()

    def _index(self) -> None:
        fmt = self.fmt
        self.meta_fields = fmt.meta_fields
        self._meta = {m.key: m for m in fmt.meta_fields}
        self._tables_by_role = {t.role: k for k, t in fmt.tables.items() if t.role}
        for k, t in fmt.tables.items():
            self._cell_pos[k] = {rc: i for i, rc in enumerate(t.cells())}
            self._row_pos[k] = {r.key: i for i, r in enumerate(t.rows)}
        for i, s in enumerate(fmt.sections, start=1):
            for name in (s.table, s.field):
                if name:
                    self._section_rank[name] = i

    # --- roles ------------------------------------------------------------------------------------
    def table_key(self, role: str) -> str | None:
        """The key of the table with that role (None when this format has no such table)."""
        return self._tables_by_role.get(role)

    def table_of(self, role: str) -> TableDef | None:
        key = self.table_key(role)
        return self.fmt.tables[key] if key else None

    def _tdef(self, table: str) -> TableDef | None:
        """A table by key or by role."""
        if table in self.fmt.tables:
            return self.fmt.tables[table]
        return self.table_of(table)

    def rows(self, table: str, role: str) -> tuple[str, ...]:
        """Keys of the rows with that role, in order (``table``: key or role); () when none."""
        t = self._tdef(table)
        return tuple(r.key for r in t.rows if r.role == role) if t else ()

    def row(self, table: str, role: str) -> str | None:
        """The one row with that role (None when the table has none; ValueError when it has several)."""
        found = self.rows(table, role)
        if len(found) > 1:
            raise ValueError(f"table {table} has {len(found)} rows with role {role}")
        return found[0] if found else None

    def columns(self, table: str, role: str) -> tuple[str, ...]:
        t = self._tdef(table)
        return tuple(c for c in t.columns if t.column_roles.get(c) == role) if t else ()

    def column(self, table: str, role: str) -> str | None:
        found = self.columns(table, role)
        if len(found) > 1:
            raise ValueError(f"table {table} has {len(found)} columns with role {role}")
        return found[0] if found else None

    def row_role(self, table: str, row: str) -> str | None:
        t = self.fmt.tables.get(table)
        if t is None:
            return None
        for r in t.rows:
            if r.key == row:
                return r.role
        return None

    def key_totals(self) -> tuple[KeyTotalCells, ...]:
        """The 汇总 summary's key figures, each resolved to the cells it sums."""
        out = []
        for kt in self.fmt.key_totals:
            tkey = self.table_key(kt.table)
            if tkey is None:
                continue
            col = self.column(tkey, kt.column)
            cells = tuple((r, col) for r in self.rows(tkey, kt.row)) if col else ()
            out.append(KeyTotalCells(kt.label, tkey, cells))
        return tuple(out)

    # --- meta -------------------------------------------------------------------------------------
    def meta_field(self, key: str) -> MetaFieldDef | None:
        return self._meta.get(key)

    # --- where a location belongs -----------------------------------------------------------------
    def section_of(self, loc: Location) -> Section | None:
        """The section (tab) a location is in; None for 基本信息 and the whole report."""
        try:
            return self._sections[loc]
        except KeyError:
            sec = self._sections[loc] = self._section_of(loc)
            return sec

    def _section_of(self, loc: Location) -> Section | None:
        k = loc.kind
        for s in self.fmt.sections:
            if k in ("table", "row", "cell") and s.table == loc.key:
                return s
            if k in ("overview", "subsection") and s.field == "overview":
                return s
            if k == "text" and (s.field == loc.key or (loc.key == INTRO_FIELD and s.field == "overview")):
                return s
            if k == "fee" and self.fmt.fee is not None and s.key == self.fmt.fee.section:
                return s
        return None

    def order(self, loc: Location) -> tuple[int, int, int]:
        """Reading order: 基本信息 (in the format's order), then the sections; cells in table reading order."""
        k = loc.kind
        if k == "report":
            return 0, -1, 0
        if k == "meta":
            keys = [m.key for m in self.meta_fields]
            return 0, keys.index(loc.key) if loc.key in keys else len(keys), 0
        if k in ("table", "row", "cell"):
            rank = self._section_rank.get(loc.key, 9)
            if k == "table":
                return rank, -1, -1
            if k == "row":
                return rank, self._row_pos.get(loc.key, {}).get(loc.row, -1), -1
            return rank, self._cell_pos.get(loc.key, {}).get((loc.row, loc.column), -1), 0
        if k == "subsection":
            return self._section_rank.get("overview", 1), 1 + 2 * loc.index + (loc.part == "text"), 0
        if k == "overview" or (k == "text" and loc.key == INTRO_FIELD):
            return self._section_rank.get("overview", 1), 0, 0
        if k == "fee":
            sec = self.section_of(loc)
            return (self.fmt.sections.index(sec) + 1 if sec else 9), 1, 0
        return self._section_rank.get(loc.key, 9), 0, 0

    # --- labels -----------------------------------------------------------------------------------
    def label(self, loc: Location, *, full_row_label: bool = False) -> str:
        """What a user calls the place: '三、表 → 一、本年新收… → 自然人', '机关全称', '一、总体情况 第2小节正文'.

        ``full_row_label`` names a row with all its label levels, for a spreadsheet read out of context.
        """
        k = loc.kind
        if k == "report":
            return "整份报告"
        if k == "meta":
            m = self._meta.get(loc.key)
            return m.label if m else loc.key
        if k in ("table", "row", "cell"):
            tdef = self.fmt.tables.get(loc.key)
            if tdef is None:
                return loc.key
            parts = [self.fmt.section_for_table(loc.key).heading.split("、", 1)[0] + "、表"]
            if loc.row:
                try:
                    r = tdef.row(loc.row)
                    parts.append(r.full_label if full_row_label else r.label)
                except KeyError:
                    parts.append(loc.row)
            if loc.column:
                parts.append(tdef.columns.get(loc.column, loc.column))
            return " → ".join(parts)
        sec = self.section_of(loc)
        heading = sec.heading if sec else ""
        if k == "subsection":
            return f"{heading} 第{loc.number}小节{'标题' if loc.part == 'title' else '正文'}"
        if k == "text" and loc.key == INTRO_FIELD:
            return heading + INTRO_SUFFIX
        if k == "fee":
            label = self.fmt.fee.label if self.fmt.fee else "信息处理费"
            return f"{sec.number}、{label}" if sec else label
        return heading or loc.key

    # --- reading and writing a report -------------------------------------------------------------
    def get(self, report: Report, loc: Location) -> Any:
        """The value at ``loc``: a meta value, a text, the fee (Decimal in 元 or None), a cell's stated value."""
        k = loc.kind
        if k == "meta":
            m = self._meta.get(loc.key)
            if m is None:
                raise KeyError(str(loc))
            return getattr(report.meta, m.attribute) if m.attribute else report.meta.extra.get(m.key)
        if k == "text":
            return getattr(report, loc.key)
        if k == "subsection":
            return getattr(report.overview[loc.index], loc.part)
        if k == "fee":
            return report.processing_fee_yuan
        if k == "cell":
            return report.value(loc.key, loc.row, loc.column)
        raise KeyError(str(loc))

    def set(self, report: Report, loc: Location, value: Any) -> None:
        """Write ``value`` at ``loc`` (an input cell, a text, a meta field, the fee); KeyError for other places."""
        k = loc.kind
        if k == "meta":
            m = self._meta.get(loc.key)
            if m is None:
                raise KeyError(str(loc))
            if m.attribute:
                setattr(report.meta, m.attribute, value)
            elif value is None or value == "":
                report.meta.extra.pop(m.key, None)
            else:
                report.meta.extra[m.key] = value
        elif k == "text":
            if not any(s.field == loc.key for s in self.fmt.sections) and loc.key != INTRO_FIELD:
                raise KeyError(str(loc))
            setattr(report, loc.key, value)
        elif k == "subsection":
            sub: Subsection = report.overview[loc.index]
            setattr(sub, loc.part, value)
        elif k == "fee":
            report.processing_fee_yuan = value
        elif k == "cell":
            if self.fmt.table(loc.key).is_computed(loc.row, loc.column):
                raise ValueError(f"计算单元格 {loc} 不能直接修改")
            report.set_raw(loc.key, loc.row, loc.column, value)
        else:
            raise KeyError(str(loc))

    def text_locations(self, report: Report) -> list[Location]:
        """Every narrative text of the report, in reading order (intro, subsection titles and texts, 五, 六)."""
        out: list[Location] = []
        for s in self.fmt.sections:
            if s.kind != "narrative" or not s.field:
                continue
            if s.field == "overview":
                out.append(Location.text(INTRO_FIELD))
                for i in range(len(report.overview)):
                    out += [Location.subsection(i, "title"), Location.subsection(i, "text")]
            else:
                out.append(Location.text(s.field))
        return out

    def meta_display(self, report: Report, key: str) -> str:
        """A meta value as printed: the level's label, a date as 2025年1月20日, '' when not set."""
        m = self._meta[key]
        v = self.get(report, Location.meta(key))
        if v is None or v == "" or v == 0 and m.type == "year":
            return ""
        if m.type == "level":
            try:
                return self.fmt.level(str(v)).label
            except KeyError:
                return str(v)
        if isinstance(v, date):
            return f"{v.year}年{v.month}月{v.day}日"
        if isinstance(v, Decimal):
            return format(v, "f")
        return str(v)


_CACHE: dict[int, tuple[ReportFormat, FieldRegistry]] = {}


def registry(fmt: ReportFormat | str | None = None) -> FieldRegistry:
    """The registry of a format (an object, a version, or the current format); built once per format object."""
    if fmt is None or isinstance(fmt, str):
        fmt = load_format(fmt) if fmt else load_format()
    hit = _CACHE.get(id(fmt))
    if hit is not None and hit[0] is fmt:
        return hit[1]
    reg = FieldRegistry(fmt)
    _CACHE[id(fmt)] = (fmt, reg)
    return reg


def registry_of(report: Report) -> FieldRegistry:
    return registry(report.format)
