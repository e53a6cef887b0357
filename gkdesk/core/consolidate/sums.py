"""Sums as you go: each included unit's input cells are added the moment it is read, so no report is kept.

Counts are summed as ``int``, the fee (万元) and 信息处理费 (元) as ``Decimal``: no float anywhere. A cell a unit left
blank, or filled with something that is not a usable number, adds nothing and is listed (``CellGap``).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from gkdesk.core.consolidate.model import CellGap, UnitResult, key_total_cells, key_totals
from gkdesk.core.format import CURRENT_VERSION, ReportFormat, load_format
from gkdesk.core.report import CellValue, LastYear, Report
from gkdesk.core.totals import leaves

_INT_ONLY = {int}


@lru_cache(maxsize=8)
def input_cells(version: str = CURRENT_VERSION) -> tuple[tuple[str, str, str, bool], ...]:
    """Every input cell of the format as (table, row, column, is_int), in the format's order."""
    fmt = load_format(version)
    out = []
    for tkey, tdef in fmt.tables.items():
        types = {r.key: r.type for r in tdef.rows}
        out.extend((tkey, row, col, types[row] == "int") for row, col in tdef.input_cells())
    return tuple(out)


@lru_cache(maxsize=8)
def _input_rows(version: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """``input_cells`` grouped by row (consecutive cells of one row), to read each row's cells in one step."""
    groups: list[tuple[str, str, list[str]]] = []
    for t, r, c, _ in input_cells(version):
        if groups and groups[-1][:2] == (t, r):
            groups[-1][2].append(c)
        else:
            groups.append((t, r, [c]))
    return tuple((t, r, tuple(cols)) for t, r, cols in groups)


@lru_cache(maxsize=8)
def _input_groups(version: str) -> tuple[tuple[str, Any, Any, bool], ...]:
    """``_input_rows`` as runs of consecutive rows of one table with the same columns: (table, getter of the rows,
    getter of the columns, whether the getters give one item rather than a tuple)."""
    runs: list[tuple[str, list[str], tuple[str, ...]]] = []
    for t, r, cols in _input_rows(version):
        if runs and runs[-1][0] == t and runs[-1][2] == cols:
            runs[-1][1].append(r)
        else:
            runs.append((t, [r], cols))
    return tuple((t, operator.itemgetter(*rows), operator.itemgetter(*cols), len(rows) == 1 or len(cols) == 1)
                 for t, rows, cols in runs)


def input_values(report: Report) -> tuple[CellValue, ...]:
    """The report's input cells in ``input_cells`` order, then its 信息处理费 (元)."""
    tables = report.tables
    vals: list[CellValue] = []
    try:  # the usual report holds every input cell (a blank one is stored as absent): whole runs of rows at once
        for t, rows, cols, single in _input_groups(report.format_version):
            if single:
                got = rows(tables[t])
                if type(got) is not dict:  # one column of several rows
                    vals.extend(map(cols, got))
                    continue
                got = cols(got)  # one row
                if type(got) is tuple:
                    vals.extend(got)
                else:
                    vals.append(got)
            else:
                vals.extend(chain.from_iterable(map(cols, rows(tables[t]))))
    except KeyError:  # a blank cell (or a missing row): each cell looked up
        empty: dict = {}
        vals = []
        for t, r, cols_ in _input_rows(report.format_version):
            vals.extend(map(tables.get(t, empty).get(r, empty).get, cols_))
    vals.append(report.processing_fee_yuan)
    return tuple(vals)


@lru_cache(maxsize=8)
def _key_positions(version: str) -> tuple[Any, ...] | None:
    """Per key figure, the getter of the input cells its cells add up from ``input_values`` (every leaf of every
    cell, repeats kept; an input cell as itself); None when some figure has a cell without such cells."""
    fmt = load_format(version)
    where = {(t, r, c): pos for pos, (t, r, c, _) in enumerate(input_cells(version))}
    out = []
    for kt in key_total_cells(version):
        tdef = fmt.table(kt.table)
        positions: list[int] = []
        for r, c in kt.cells:
            cells = leaves(tdef, r, c) or ((r, c),)
            if not all((kt.table, rr, cc) in where for rr, cc in cells):
                return None
            positions.extend(where[kt.table, rr, cc] for rr, cc in cells)
        if not positions:
            return None
        out.append(operator.itemgetter(*positions))
    return tuple(out)


def _fast_key_totals(version: str, values: tuple[CellValue, ...]) -> list[CellValue] | None:
    """``key_totals`` of the report whose ``input_values`` these are, when every cell those figures add up holds a
    whole number (the usual unit): then each computed cell is the sum of its leaves, each figure the sum of its
    cells, i.e. the sum of all those values. None otherwise (``key_totals`` answers)."""
    figures = _key_positions(version)
    if figures is None:
        return None
    out: list[CellValue] = []
    for get in figures:
        vals = get(values)
        if type(vals) is not tuple:
            vals = (vals,)
        if set(map(type, vals)) != _INT_ONLY:
            return None
        out.append(sum(vals))
    return out


def unit_from_report(path: Path, report: Report) -> UnitResult:
    """What the consolidation keeps of a report read from ``path``: what it shows, and the figures to add."""
    ly = report.last_year
    if ly is not None:  # only the figures are summed; the texts would only take memory
        ly = LastYear(year=ly.year, carry_out=dict(ly.carry_out), t2_valid=dict(ly.t2_valid), from_file=ly.from_file)
    values = input_values(report)
    totals = _fast_key_totals(report.format_version, values)
    return UnitResult(path, loaded=True, name=report.meta.org_name.strip(), year=report.meta.year,
                      level=report.meta.level, format_version=report.format_version,
                      source_format=report.source_format, totals=key_totals(report) if totals is None else totals,
                      values=values, last_year=ly)


def usable(value: CellValue, is_int: bool) -> bool:
    """A number the sums may take: not negative, an integer in a count cell, finite."""
    if isinstance(value, bool):
        return False
    if is_int:
        return isinstance(value, int) and value >= 0
    return isinstance(value, (int, Decimal)) and value >= 0 and Decimal(value).is_finite()


class Sums:
    """The running sums of one report year's included units, with the cells some of them left incomplete."""

    def __init__(self, version: str = CURRENT_VERSION) -> None:
        self.version = version
        self.cells = input_cells(version)
        self.totals: list[int | Decimal] = [0 if is_int else Decimal(0) for *_, is_int in self.cells]
        self.filled = [0] * len(self.cells)
        self.is_int = [cell[3] for cell in self.cells]
        # the usual unit fills every count cell with a whole number: those are added in one step (``add``)
        self.int_pos = [pos for pos, cell in enumerate(self.cells) if cell[3]]
        self.dec_pos = [pos for pos, cell in enumerate(self.cells) if not cell[3]]
        self._ints = operator.itemgetter(*self.int_pos) if len(self.int_pos) > 1 else None
        self.int_totals = [0] * len(self.int_pos)
        self.int_units = 0  # units whose count cells were all added in one step
        self._pending: list[tuple[int, ...]] = []  # their count cells, added to int_totals in batches (``_fold``)
        self.blank: dict[int, list[int]] = {}  # cell position -> unit indexes
        self.invalid: dict[int, list[tuple[int, CellValue]]] = {}
        self.fee: Decimal | None = None
        self.count = 0
        # last year's figures: summed only when every unit has them for the year before
        self.ly_units = 0
        self.ly_any = False
        self.ly_parts: list[LastYear | None] = []

    def add(self, index: int, values: Sequence[CellValue], last_year: LastYear | None = None) -> None:
        """Add one unit (``index`` into the result's units) whose inputs are ``values`` (see ``input_values``)."""
        ints = self._ints(values) if self._ints is not None else None
        if ints is not None and set(map(type, ints)) == _INT_ONLY and min(ints) >= 0:
            # every count cell a whole number (not bool, not blank) and none negative: what the loop below would
            # add for them, in one step; the other cells (万元) go through the loop
            self._pending.append(ints)
            if len(self._pending) >= 256:
                self._fold()
            self.int_units += 1
            self._add_cells(index, values, self.dec_pos)
        else:
            self._add_cells(index, values, range(len(self.cells)))
        fee = values[-1]
        if isinstance(fee, Decimal | int) and not isinstance(fee, bool):
            self.fee = (self.fee or Decimal(0)) + fee
        self.count += 1
        self.ly_parts.append(last_year)

    def _add_cells(self, index: int, values: Sequence[CellValue], positions: Iterable[int]) -> None:
        totals, filled, is_int = self.totals, self.filled, self.is_int
        blank, invalid = self.blank, self.invalid
        for pos in positions:  # the same test as ``usable``, inlined: this loop runs per cell
            v = values[pos]
            t = type(v)
            if t is int:
                if v >= 0:  # type: ignore[operator]
                    totals[pos] += v  # type: ignore[operator]
                    filled[pos] += 1
                    continue
            elif v is None:
                blank.setdefault(pos, []).append(index)
                continue
            elif t is Decimal and not is_int[pos] and v.is_finite() and v >= 0:  # type: ignore[union-attr,operator]
                totals[pos] += v  # type: ignore[operator]
                filled[pos] += 1
                continue
            invalid.setdefault(pos, []).append((index, v))

    def _fold(self) -> None:
        """The pending units' count cells added to ``int_totals``, column by column (whole numbers: exact)."""
        if self._pending:
            self.int_totals = list(map(sum, zip(self.int_totals, *self._pending, strict=True)))
            self._pending.clear()

    def _merged(self) -> tuple[list[int | Decimal], list[int]]:
        """Totals and filled counts per cell: the loop's and the one-step additions together."""
        self._fold()
        totals, filled = list(self.totals), list(self.filled)
        for k, pos in enumerate(self.int_pos):
            totals[pos] += self.int_totals[k]
            filled[pos] += self.int_units
        return totals, filled

    def report(self, fmt: ReportFormat | None = None) -> tuple[Report, list[CellGap]]:
        """A new report whose input cells are the sums, and the incomplete cells in the format's order."""
        fmt = fmt or load_format(self.version)
        out = Report.new(fmt=fmt)
        gaps: list[CellGap] = []
        totals, filled = self._merged()
        for pos, (tkey, row, col, _) in enumerate(self.cells):
            if filled[pos]:
                out.tables[tkey][row][col] = totals[pos]
            blank, invalid = self.blank.get(pos, []), self.invalid.get(pos, [])
            if blank or invalid:
                gaps.append(CellGap(tkey, row, col, filled[pos], list(blank), list(invalid)))
        out.processing_fee_yuan = self.fee
        return out, gaps

    def last_year(self, year: int, notes: list[str]) -> LastYear | None:
        """The units' last-year figures (上年结转, 现行有效) summed, when every unit has them for the year before."""
        lys = self.ly_parts
        if not lys:
            return None
        if any(ly is None or ly.year != year - 1 for ly in lys):
            if any(ly is not None for ly in lys):
                notes.append("部分单位的报告没有上年度数据，汇总报告未带入上年结转和现行有效件数；核对时请手工比对上年汇总报告。")
            return None
        present = [ly for ly in lys if ly is not None]

        def summed(parts: list[CellValue]) -> CellValue:
            if not parts or any(not usable(p, True) for p in parts):
                return None
            return sum(parts)  # type: ignore[arg-type]

        out = LastYear(year=year - 1, from_file=all(ly.from_file for ly in present))
        for c in sorted(set().union(*(ly.carry_out.keys() for ly in present))):
            v = summed([ly.carry_out.get(c) for ly in present])
            if v is not None:
                out.carry_out[c] = v
        for r in sorted(set().union(*(ly.t2_valid.keys() for ly in present))):
            v = summed([ly.t2_valid.get(r) for ly in present])
            if v is not None:
                out.t2_valid[r] = v
        return out


def sum_reports(reports: Sequence[Report], fmt: ReportFormat | None = None) -> tuple[Report, list[CellGap]]:
    """A new report whose input cells are the sums of the reports' usable values, and the incomplete cells
    (gap indexes are positions in ``reports``)."""
    fmt = fmt or load_format(CURRENT_VERSION)
    sums = Sums(fmt.version)
    for i, rep in enumerate(reports):
        sums.add(i, input_values(rep))
    return sums.report(fmt)


__all__ = ["Sums", "input_cells", "input_values", "sum_reports", "unit_from_report", "usable"]
