"""The ``.gkreport`` file's tables, read fast and exactly as strictly as cell by cell (a 汇总 reads thousands of
files): a per-format schema of rows and columns, a row of whole numbers taken in one step, and the totals a file
states compared with the sums of their cells (``Report.value``), whole rows added at once. See storage.py."""

from __future__ import annotations

from collections import deque
from decimal import Decimal
from itertools import chain, repeat
from operator import itemgetter

from gkdesk.core.limits import MAX_COUNT
from gkdesk.core.report import CellValue, Report
from gkdesk.core.storage_values import _bad, _expect, value_from_json
from gkdesk.core.totals import leaf_rows, leaf_sum, leaves

try:
    from operator import call  # Python 3.11
except ImportError:  # pragma: no cover - Python 3.10 (pyproject: requires-python >= 3.10)

    def call(obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """``operator.call`` of Python 3.11: ``obj(*args, **kwargs)``."""
        return obj(*args, **kwargs)


TYPE_CHECKING = False  # typing is not imported at run time: a cold command line start (issue 16.5)
if TYPE_CHECKING:
    from typing import Any

#: a computed cell: its leaves (``totals.leaf_rows``), and when they are the input cells of whole rows, each once,
#: those rows with how many input cells each has (else None)
Total = "tuple[Any, tuple[tuple[str, int], ...] | None]"

#: per format (by identity): table key -> row key -> (cell type, column key -> Total of a computed cell or None,
#: the computed columns, the computed column when it is the only one, every column in the format's order, and when
#: that one computed column adds exactly the row's own input cells, their count)
_SCHEMAS: dict[int, tuple[Any, dict[str, dict[str, tuple[Any, ...]]]]] = {}
_INT_ONLY = {int}


def _schema(fmt: Any) -> dict[str, dict[str, tuple[Any, ...]]]:
    """What ``read_tables`` checks a cell against, built once per format: the same answers as ``TableDef.row``,
    ``row_keys``, ``columns`` and ``is_computed``, looked up in one dict each."""
    hit = _SCHEMAS.get(id(fmt))
    if hit is not None and hit[0] is fmt:
        return hit[1]
    from gkdesk.core.format_cache import derived

    # plain data from the format alone: kept between runs with the built format (~4 % of a cold check)
    schema = derived(fmt, "loader-schema", _build_schema, ("storage_tables.py", "totals.py"))
    _SCHEMAS[id(fmt)] = (fmt, schema)
    return schema


def _build_schema(fmt: Any) -> dict[str, dict[str, tuple[Any, ...]]]:
    schema = {}
    for tkey, tdef in fmt.tables.items():
        inputs = {r.key: sorted(c for c in r.columns if not tdef.is_computed(r.key, c)) for r in tdef.rows}
        schema[tkey] = rows = {}
        for r in tdef.rows:
            computed: dict[str, Total | None] = {}
            for c in r.columns:
                lv = leaves(tdef, r.key, c) if tdef.is_computed(r.key, c) else None
                computed[c] = None if lv is None else (leaf_rows(lv), _whole_rows(lv, inputs))
            totals = frozenset(c for c, t in computed.items() if t is not None)
            only = next(iter(totals)) if len(totals) == 1 else None
            own = computed[only][1] if only is not None else None  # type: ignore[index]
            # the row's 合计 adds exactly the row's own input cells: their count (else None)
            own_n = own[0][1] if own is not None and len(own) == 1 and own[0][0] == r.key \
                and own[0][1] == len(inputs[r.key]) == len(r.columns) - 1 else None
            rows[r.key] = (r.type, computed, totals, only, tuple(r.columns), own_n)
    return schema


def _whole_rows(lv: tuple[tuple[str, str], ...], inputs: dict[str, list[str]]) -> tuple[tuple[str, int], ...] | None:
    """The rows whose input cells the leaves are, each exactly once (in any order), or None."""
    rows = list(dict.fromkeys(r for r, _ in lv))
    if sorted(lv) != sorted((r, c) for r in rows for c in inputs.get(r, [])):
        return None
    return tuple((r, len(inputs[r])) for r in rows)


def read_tables(report: Report, fmt: Any, tables: dict[str, Any],
                adopt: bool = False) -> list[tuple[str, str, str, CellValue, Total]]:
    """The file's ``tables`` into ``report.tables`` (already holding every row, empty), checked cell by cell in
    the file's order exactly as ``value_from_json`` does: a whole number below ``MAX_COUNT`` (the usual cell)
    takes the short way, anything else the full check. Returns the computed cells the file states, as
    (table, row, column, value, Total), for ``keep_disagreeing_totals``. ``adopt``: ``tables`` is the caller's to
    give away (parsed for this report alone): the usual row's object becomes the report's row instead of a copy."""
    schema = _schema(fmt)
    plans = _plans(fmt, schema)
    out: list[tuple[str, str, str, CellValue, Total]] = []
    for tkey, rows in tables.items():
        plan = plans.get(tkey)
        if plan is not None and type(rows) is dict and _whole_table(report, tkey, rows, plan, adopt):
            continue
        tschema = schema.get(tkey)
        if tschema is None:
            raise _bad(f"未知的表格“{tkey}”")
        if not isinstance(rows, dict):
            _expect(rows, dict, f"tables.{tkey}")
        grid = report.tables[tkey]
        # the usual table, in one step: every row an object, every cell a whole number in range (each row is
        # then only asked for its columns); otherwise each row is asked for its values as well
        counts = _whole_numbers(rows)
        for rkey, cols in rows.items():
            rschema = tschema.get(rkey)
            if rschema is None:
                raise _bad(f"表格 {tkey} 中未知的行“{rkey}”")
            if not isinstance(cols, dict):
                _expect(cols, dict, f"tables.{tkey}.{rkey}")
            ctype, computed, totals, only, shape, own_n = rschema
            if counts and ctype == "int" and own_n is not None and tuple(cols) == shape:
                # the usual row, shortest: every column in the format's order, whole numbers in range, its one
                # 合计 adding its own input cells: what the branch below does for it (the row a copy of the
                # file's, in its order: or the file's own object when the caller gives it away)
                if adopt:
                    grid[rkey] = row = cols
                else:
                    row = grid[rkey]
                    row.update(cols)
                v = row.pop(only)  # type: ignore[arg-type]
                if sum(row.values()) != v:
                    out.append((tkey, rkey, only, v, computed[only]))  # type: ignore[index]
                continue
            row = grid[rkey]
            if (ctype == "int" and cols and computed.keys() >= cols.keys()
                    and (counts or set(map(type, cols.values())) == _INT_ONLY
                         and min(cols.values()) > -MAX_COUNT and max(cols.values()) < MAX_COUNT)):
                # a row of known columns holding whole numbers in range (the usual row): the loop below would
                # keep each as it is, in the file's order, the computed ones apart
                if adopt:
                    grid[rkey] = row = cols
                else:
                    row.update(cols)
                if only is not None:  # the row's one computed cell (its 合计)
                    if only in cols:
                        v = row.pop(only)
                        total = computed[only]
                        own = total[1]  # type: ignore[index]
                        # a 合计 of this very row, every input cell filled (whole numbers, checked above) and
                        # agreeing with their sum: ``keep_disagreeing_totals`` would compute that sum and keep
                        # nothing, so it is not handed on
                        if (own is None or len(own) != 1 or own[0][0] != rkey or len(row) != own[0][1]
                                or sum(row.values()) != v):
                            out.append((tkey, rkey, only, v, total))
                elif totals:
                    for ckey in [c for c in cols if c in totals]:  # in the file's order
                        out.append((tkey, rkey, ckey, row.pop(ckey), computed[ckey]))
                continue
            for ckey, raw in cols.items():
                if ckey not in computed:
                    raise _bad(f"表格 {tkey} 行 {rkey} 中未知的列“{ckey}”")
                if type(raw) is int and -MAX_COUNT < raw < MAX_COUNT:  # value_from_json's answer for it
                    v: CellValue = raw if ctype == "int" else Decimal(raw)
                else:
                    v = value_from_json(raw, f"{tkey}/{rkey}/{ckey}", ctype)
                lv = computed[ckey]
                if lv is not None:
                    out.append((tkey, rkey, ckey, v, lv))
                elif v is None:
                    row.pop(ckey, None)
                else:
                    row[ckey] = v
    return out


#: per format (by identity): table key -> ``_Plan`` of a table whose rows all hold whole numbers (``_plan``)
_PLANS: dict[int, tuple[Any, dict[str, Any]]] = {}


def _plans(fmt: Any, schema: dict[str, dict[str, tuple[Any, ...]]]) -> dict[str, Any]:
    hit = _PLANS.get(id(fmt))
    if hit is None or hit[0] is not fmt:
        plans = {tkey: plan for tkey, tschema in schema.items() if (plan := _plan(tschema)) is not None}
        hit = _PLANS[id(fmt)] = (fmt, plans)
    return hit[1]


def _plan(tschema: dict[str, tuple[Any, ...]]) -> tuple[Any, ...] | None:
    """How ``_whole_table`` reads a table as gkdesk writes it (every row, every column, in the format's order):
    (the row keys, each row's number of columns, every column key row after row, the getter of each computed cell's
    leaves and of the computed cells themselves among the values row after row, the computed cells' rows and
    columns, the getter of the whole-number rows' values or None when every row is one, the other rows with their
    cell type). None for a table with a computed cell that is not the sum of whole-number input cells of this
    table, or one in a row of another type (it is read cell by cell)."""
    at: dict[tuple[str, str], int] = {}
    ints: list[int] = []
    others: list[tuple[str, str]] = []
    for rkey, (ctype, _, _, _, shape, _) in tschema.items():
        if ctype != "int":
            others.append((rkey, ctype))
        for c in shape:
            if ctype == "int":
                ints.append(len(at))
            at[rkey, c] = len(at)
    if not ints:
        return None
    sums, cells, pop_rows, pop_cols = [], [], [], []
    for rkey, (ctype, computed, _, _, shape, _) in tschema.items():
        for c in shape:
            total = computed[c]
            if total is None:
                continue
            leaf_rows_, leaf_cols = total[0]
            leaf_cells = list(zip(leaf_rows_, leaf_cols, strict=True))
            if ctype != "int" or not leaf_cells or any(cell not in at or tschema[cell[0]][0] != "int"
                                                       or tschema[cell[0]][1][cell[1]] is not None
                                                       for cell in leaf_cells):
                return None
            sums.append(_getter([at[cell] for cell in leaf_cells]))
            cells.append(at[rkey, c])
            pop_rows.append(rkey)
            pop_cols.append(c)
    return (tuple(tschema), tuple(len(rs[4]) for rs in tschema.values()),
            [c for rs in tschema.values() for c in rs[4]], sums, _getter(cells), pop_rows, pop_cols,
            _getter(ints) if others else None, others)


def _getter(positions: list[int]) -> Any:
    """What gives the values at these positions of a list, always as a sequence (one position or none too)."""
    if len(positions) > 1:
        return itemgetter(*positions)
    return itemgetter(slice(positions[0], positions[0] + 1)) if positions else itemgetter(slice(0, 0))


def _whole_table(report: Report, tkey: str, rows: dict[str, Any], plan: tuple[Any, ...], adopt: bool) -> bool:
    """The usual table as gkdesk writes it, in one step: every row of the format with every column in the format's
    order, each cell a whole number strictly between ``-MAX_COUNT`` and ``MAX_COUNT``, each computed cell equal to
    the sum of its leaves (what ``Report.value`` gives it). Then the rows without their computed cells become the
    table's (a copy unless ``adopt``): what the cell-by-cell reading keeps of it, with no total to keep as stated.
    False, with nothing changed, for any other table."""
    keys, lengths, columns, sums, cells, pop_rows, pop_cols, ints, others = plan
    got = rows.values()
    if (tuple(rows) != keys or set(map(type, got)) != _DICT_ONLY or tuple(map(len, got)) != lengths
            or list(chain.from_iterable(got)) != columns):
        return False
    values = list(chain.from_iterable(map(dict.values, got)))
    whole = values if ints is None else ints(values)
    if (set(map(type, whole)) != _INT_ONLY or min(whole) <= -MAX_COUNT or max(whole) >= MAX_COUNT
            or list(map(sum, map(call, sums, repeat(values)))) != list(cells(values))):
        return False
    if not adopt:
        rows = dict(zip(keys, map(dict.copy, got), strict=True))
    deque(map(dict.__delitem__, map(rows.__getitem__, pop_rows), pop_cols), 0)
    for rkey, ctype in others:  # e.g. the 万元 row: each cell as the cell-by-cell reading takes it (after the
        # whole-number rows, which hold nothing it refuses: the first refused cell is the same)
        row = rows[rkey]
        for ckey, raw in list(row.items()):
            if type(raw) is int and -MAX_COUNT < raw < MAX_COUNT:  # value_from_json's answer for it
                row[ckey] = Decimal(raw)
                continue
            v = value_from_json(raw, f"{tkey}/{rkey}/{ckey}", ctype)
            if v is None:
                del row[ckey]
            else:
                row[ckey] = v
    report.tables[tkey] = rows
    return True


def _whole_numbers(rows: dict[str, Any]) -> bool:
    """Every row an object whose every cell is a whole number (``int``, not ``bool``) strictly between
    ``-MAX_COUNT`` and ``MAX_COUNT``: what the row-by-row test of ``read_tables`` asks of each row's values."""
    if set(map(type, rows.values())) != _DICT_ONLY:
        return False
    values = list(chain.from_iterable(map(dict.values, rows.values())))
    return (bool(values) and set(map(type, values)) == _INT_ONLY
            and min(values) > -MAX_COUNT and max(values) < MAX_COUNT)


_DICT_ONLY = {dict}


def keep_disagreeing_totals(report: Report, file_totals: list[tuple[str, str, str, CellValue, Total]]) -> None:
    """A total the file states (written by another tool) that disagrees with the sum of its cells is evidence: it is
    kept as stated (``Report.stated``), unless the file states it there already. The sum is ``Report.value``: a
    whole row of whole numbers added at once, a column of rows that all hold whole numbers in the same columns
    added for every column at once (``_column_sums``), anything else through ``totals.leaf_sum``."""
    stated = report.stated
    row_sums: dict[tuple[str, str], int | None] = {}
    columns: dict[tuple[str, tuple[str, ...]], _Sums | None] = {}
    for tkey, rkey, ckey, v, (lv, whole) in file_totals:
        if v is None or stated and report.stated_value(tkey, rkey, ckey) is not None:
            continue
        grid = report.tables[tkey]
        total: Any = None
        if whole is not None:
            rows = _rows_of(whole)
            group = (tkey, rows)
            if group not in columns:
                columns[group] = _column_sums(grid, rows)
            sums = columns[group]
            if sums is not None and sums.complete and all(n == len(sums) for _, n in whole):
                total = sum(sums.values())  # every row holds exactly its n input cells, all whole numbers
            else:
                total = 0
                for r, n in whole:
                    key = (tkey, r)
                    if key not in row_sums:
                        row = grid.get(r)
                        row_sums[key] = (sum(row.values()) if row is not None and len(row) == n
                                         and set(map(type, row.values())) == _INT_ONLY else None)
                    s = row_sums[key]
                    if s is None:
                        total = None  # a blank, text or fraction in one of the rows: the long way
                        break
                    total += s
        else:
            column = _one_column(lv)
            if column is not None:
                group = (tkey, column[1])
                if group not in columns:
                    columns[group] = _column_sums(grid, column[1])
                sums = columns[group]
                if sums is not None:
                    total = sums.get(column[0])
        if total is None:
            total = leaf_sum(grid, lv)
        if v != total:
            stated.setdefault(tkey, {}).setdefault(rkey, {})[ckey] = v


#: leaves -> (their one column, their rows) when they are one column of different rows, else None
_ONE_COLUMN: dict[Any, tuple[str, tuple[str, ...]] | None] = {}


def _one_column(lv: Any) -> tuple[str, tuple[str, ...]] | None:
    hit = _ONE_COLUMN.get(lv, False)
    if hit is False:
        rows, cols = lv
        hit = (cols[0], rows) if cols and len(set(cols)) == 1 and len(set(rows)) == len(rows) else None
        if len(_ONE_COLUMN) < 1024:
            _ONE_COLUMN[lv] = hit
    return hit  # type: ignore[return-value]


def _rows_of(whole: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    rows = _ROWS.get(whole)
    if rows is None:
        rows = tuple(r for r, _ in whole)
        if len(_ROWS) < 1024:
            _ROWS[whole] = rows
    return rows


_ROWS: dict[tuple[tuple[str, int], ...], tuple[str, ...]] = {}


class _Sums(dict):  # type: ignore[type-arg]
    """Column -> sum of some rows' cells in it; ``complete``: every row holds exactly these columns."""

    __slots__ = ("complete",)


def _column_sums(grid: dict[str, dict[str, CellValue]], rows: tuple[str, ...]) -> _Sums | None:
    """Column -> the sum of the rows' cells in it, when every row holds the first row's columns, every one a whole
    number: then a column's sum is ``leaf_sum`` of its cells in these rows (whole numbers, none blank). None
    otherwise (the long way)."""
    found = list(map(grid.get, rows))
    if not found or None in found:
        return None
    first = tuple(found[0])  # type: ignore[arg-type]
    if not first:
        return None
    get = itemgetter(*first)
    try:
        values = list(map(get, found))
    except KeyError:
        return None  # a row without one of the columns
    if len(first) == 1:
        values = [(v,) for v in values]
    if set(map(type, chain.from_iterable(values))) != _INT_ONLY:
        return None
    out = _Sums(zip(first, map(sum, zip(*values, strict=True)), strict=True))
    out.complete = set(map(len, found)) == {len(first)}  # type: ignore[arg-type]
    return out
