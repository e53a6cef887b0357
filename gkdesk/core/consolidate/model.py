"""What a consolidation produces: each input's outcome (``UnitResult``), the incomplete cells, the whole result."""

from __future__ import annotations

import gc
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from itertools import chain
from operator import attrgetter
from pathlib import Path

from gkdesk.core.errors import GkError
from gkdesk.core.fields import KeyTotalCells, registry
from gkdesk.core.format import CURRENT_VERSION, TableDef, load_format
from gkdesk.core.issues import Issue, count_by_severity
from gkdesk.core.report import CellValue, LastYear, Report
from gkdesk.core.totals import LeafRows, leaf_rows, leaf_sum, leaves

REPORT_SUFFIX = ".gkreport"

_SEVERITY = attrgetter("severity")

# Unit status, from worst to best; the Chinese text is built by UnitResult.status_text.
SKIPPED, DUPLICATE, OK = "skipped", "duplicate", "ok"

@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a consolidation or its summary runs (as the window's worker
    threads already have it, gui/threads.py): reading and checking a report leaves no cycles, reference counting
    frees it, and the collector would otherwise walk the growing list of results again and again (~10% of the
    summary's time for 10,000 units). Left as it was found (off under the window's worker thread)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@cache
def key_total_cells(version: str = CURRENT_VERSION) -> tuple[KeyTotalCells, ...]:
    """The key figures shown per unit (本年新收, 办结总计…): the format's ``key_totals``, resolved by role (once
    per format version: the bundled format never changes while running)."""
    return registry(version).key_totals()


@cache
def _key_total_leaves(version: str) -> tuple[tuple[tuple[str, LeafRows | None, str, str, _Whole | None], ...], ...]:
    """Per key figure, per cell: (table, the input cells it adds up or None for an input cell, row, column, and when
    those are every input cell of some rows, each once: the rows and their input columns)."""
    fmt = load_format(version)
    out = []
    for kt in key_total_cells(version):
        tdef = fmt.table(kt.table)
        cells = []
        for r, c in kt.cells:
            lv = leaves(tdef, r, c)
            cells.append((kt.table, None if lv is None else leaf_rows(lv), r, c,
                          None if lv is None else _whole_rows(tdef, lv)))
        out.append(tuple(cells))
    return tuple(out)


#: rows whose input cells are exactly a computed cell's leaves: (the rows, each one's input columns as a set)
_Whole = tuple[tuple[str, ...], list[frozenset[str]]]


def _whole_rows(tdef: TableDef, lv: tuple[tuple[str, str], ...]) -> _Whole | None:
    rows = tuple(dict.fromkeys(r for r, _ in lv))
    inputs = {r: [c for rr, c in tdef.input_cells() if rr == r] for r in rows}
    if sorted(lv) != sorted((r, c) for r in rows for c in inputs[r]):
        return None
    return rows, [frozenset(inputs[r]) for r in rows]
class ConsolidationCancelled(GkError):
    """The user stopped the consolidation; nothing was written."""


@dataclass
class UnitResult:
    """One input (a file, or a folder that held nothing usable) and what became of it.

    The unit's report itself is not kept (a province consolidates thousands): only what the result shows of it —
    name, year, level, its key totals and issues. ``values`` carries its input cells from the reader to the sums
    and is dropped once they are added.
    """

    path: Path
    status: str = OK
    reason: str = ""  # why skipped, or which unit it duplicates
    issues: list[Issue] = field(default_factory=list)  # open issues: what the unit still has to fix or confirm
    explained: list[tuple[Issue, str]] = field(default_factory=list)  # warnings marked 已核实, with the 说明
    included: bool = False
    imported: bool = False  # read through the importer (not a .gkreport file)
    import_summary: str = ""  # the import log's one-line summary, for an imported file
    loaded: bool = False  # a report was read from this input
    name: str = ""  # 机关名称 as the unit wrote it
    year: int = 0
    level: str = ""
    format_version: str = ""
    source_format: str | None = None
    totals: list[CellValue] = field(default_factory=list)  # key_total_cells() of the unit's own report
    values: tuple[CellValue, ...] | None = None  # input cells in the format's order, then the 信息处理费
    last_year: LastYear | None = None

    @property
    def counts(self) -> dict[str, int]:
        return count_by_severity(self.issues)

    @property
    def has_errors(self) -> bool:
        return "error" in map(_SEVERITY, self.issues)  # (asked several times per unit by the summary and the CLI)

    @property
    def note(self) -> str:
        """The reason, plus how an imported file was read (the import log's summary)."""
        if not self.imported or self.status == SKIPPED:
            return self.reason
        how = f"经导入读取（{self.import_summary}），请核对导入结果" if self.import_summary else "经导入读取，请核对导入结果"
        return "；".join(p for p in (self.reason, how) if p)

    @property
    def status_label(self) -> str:
        """The short status: 正常 / 有错误 / 跳过 / 重复（已计入） / 重复（未计入）."""
        if self.status == SKIPPED:
            return "跳过"
        if self.status == DUPLICATE:
            return ("重复（已计入）" if self.included else "重复（未计入）") + ("，有错误" if self.has_errors else "")
        return "有错误" if self.has_errors else "正常"

    @property
    def status_text(self) -> str:
        """What the dialog, the CLI and the summary show: 正常 / 有错误 / 跳过：原因 / 重复…"""
        if self.status == SKIPPED:
            return f"跳过：{self.reason}"
        parts = []
        if self.status == DUPLICATE:
            parts.append("重复（已计入）" if self.included else "重复（未计入）")
        if self.has_errors:
            parts.append(f"有错误（{self.counts['error']}个）")
        return "，".join(parts) or "正常"

    def key_totals(self) -> list[CellValue]:
        return list(self.totals) if self.loaded else [None] * len(key_total_cells())


def key_totals(report: Report) -> list[CellValue]:
    """The key figures of one report (blank when none of their cells holds a number)."""
    out: list[CellValue] = []
    tables, empty = report.tables, {}
    for cells in _key_total_leaves(report.format_version):
        nums = []
        for table, cell_leaves, r, c, whole in cells:  # ``Report.value`` of each cell, leaves looked up once
            grid = tables.get(table, empty)
            if cell_leaves is None:
                v = grid.get(r, empty).get(c)
            else:
                v = _rows_sum(grid, whole) if whole is not None else None
                if v is None:
                    v = leaf_sum(grid, cell_leaves)
            if isinstance(v, (int, Decimal)) and not isinstance(v, bool):
                nums.append(v)
        out.append(sum(nums) if nums else None)  # type: ignore[arg-type]
    return out


def _rows_sum(grid: dict[str, dict[str, CellValue]], whole: _Whole) -> int | None:
    """The sum of the rows' cells when each row holds exactly its input cells, all whole numbers (then it is
    ``leaf_sum`` of those cells, added in one step); else None."""
    rows = list(map(grid.get, whole[0]))
    if None in rows or list(map(dict.keys, rows)) != whole[1]:  # type: ignore[arg-type]
        return None
    values = list(chain.from_iterable(map(dict.values, rows)))  # type: ignore[arg-type]
    return sum(values) if set(map(type, values)) == _INT_ONLY else None  # type: ignore[arg-type]


_INT_ONLY = {int}


def name_key(name: str) -> str:
    """机关名称 with spaces and full/half width ignored: what makes two reports the same unit's (with the year)."""
    return "".join(unicodedata.normalize("NFKC", name).split())


@dataclass
class CellGap:
    """An input cell that some included units left blank or filled with something that is not a usable number."""

    table: str
    row: str
    column: str
    filled: int = 0  # units that gave a usable number
    blank: list[int] = field(default_factory=list)  # indexes into Consolidation.units
    invalid: list[tuple[int, CellValue]] = field(default_factory=list)


@dataclass
class Consolidation:
    """The result of a 汇总: the summed report and what happened to every unit."""

    report: Report
    units: list[UnitResult]
    year: int
    gaps: list[CellGap] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # general remarks (how the year was chosen, last year's data)
    #: each unit's path resolved while the inputs were listed (None: not known), for the summary's 文件 column
    resolved: list[str | None] | None = None

    @property
    def included(self) -> list[UnitResult]:
        return [u for u in self.units if u.included]

    @property
    def skipped(self) -> list[UnitResult]:
        return [u for u in self.units if not u.included]

    @property
    def flagged(self) -> list[UnitResult]:
        """Inputs the user must look at: skipped, duplicates, units with errors."""
        return [u for u in self.units if u.status != OK or u.has_errors]

    @property
    def exit_code(self) -> int:
        """0 all inputs consolidated cleanly, 1 done but some skipped or flagged, 2 nothing usable."""
        if not self.included:
            return 2
        return 1 if self.flagged else 0

    def _duplicate_groups(self) -> int:
        """How many units sent more than one report (the first of each group is counted in any case)."""
        return len({(name_key(u.name), u.year) for u in self.units if u.status == DUPLICATE and u.loaded})

    def summary_line(self) -> str:
        n_err = sum(1 for u in self.included if u.has_errors)
        n_dup_out = sum(1 for u in self.units if u.status == DUPLICATE and not u.included)
        n_dup_in = sum(1 for u in self.units if u.status == DUPLICATE and u.included) - self._duplicate_groups()
        n_skip = sum(1 for u in self.units if u.status == SKIPPED)
        text = f"共 {len(self.units)} 个输入，{len(self.included)} 个单位计入 {self.year or '____'} 年度汇总"
        extra = []
        if n_err:
            extra.append(f"{n_err} 个单位的报告有错误（已计入，请核实）")
        if n_dup_out:
            extra.append(f"{n_dup_out} 份重复报告未计入")
        if n_dup_in > 0:
            extra.append(f"{n_dup_in} 份重复报告按您的选择计入")
        if n_skip:
            extra.append(f"{n_skip} 个输入被跳过")
        if self.gaps:
            extra.append(f"{len(self.gaps)} 个单元格有单位未填写或填写有误")
        return text + ("；" + "；".join(extra) if extra else "") + "。"
