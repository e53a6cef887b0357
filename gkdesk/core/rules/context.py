"""What every rule reads: the report, the settings, and format facts (labels, positions) cached once per format."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache, cached_property

from gkdesk.core.fields import registry
from gkdesk.core.format import Level, ReportFormat, TableDef, load_format
from gkdesk.core.issues import Issue, Settings, Severity
from gkdesk.core.location import Location
from gkdesk.core.record import Frozen, Record, names
from gkdesk.core.report import CellValue, Report
from gkdesk.core.totals import LeafRows, leaf_rows, leaf_sum, leaves
from gkdesk.core.values import BLANK_WORDS, as_number, fmt_num, sum_values  # noqa: F401 - rules import them from here

_EMPTY: dict[str, dict[str, CellValue]] = {}

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(\S{1,3}\)|\d+[.、．])")


def bare(label: str) -> str:
    """A label without its leading numbering: “二、上年结转…” → “上年结转…”, “1.属于国家秘密” → “属于国家秘密”."""
    return _NUMBERING.sub("", label)


def short(label: str) -> str:
    """A label without the explanatory parenthesis: “（二）部分公开（区分处理的…）” → “（二）部分公开”."""
    return re.sub(r"（[^（）]*）$", "", label)


def quote(text: str) -> str:
    """“text”, with quotation marks inside turned into single ones (“危及‘三安全一稳定’”)."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


class TableInfo(Frozen):
    """What the rules need of one table: names for messages, input cells, positions, sums."""

    key: str
    part: str  # “第三部分”
    heading: str
    tdef: TableDef
    row_names: dict[str, str]  # what a user calls the row in a message
    col_names: dict[str, str]
    inputs: tuple[tuple[str, str, str], ...]  # (row, col, type) in reading order
    cell_pos: dict[tuple[str, str], int]
    row_pos: dict[str, int]
    computed: dict[tuple[str, str], tuple[str, tuple[str, ...]]]  # (row, col) -> (kind, parts)
    #: the input cells by row, in reading order: (row, ((col, type), …), (col, …), {col, …})
    input_rows: tuple[tuple[str, tuple[tuple[str, str], ...], tuple[str, ...], frozenset[str]], ...]
    #: the rows of ``input_rows`` and their column sets, as lists compared in one step with a report's rows
    input_row_keys: tuple[str, ...]
    input_key_sets: list[frozenset[str]]
    #: every value cell's Location and name, made once per format (rules name cells often)
    cell_locs: dict[tuple[str, str], Location]
    cell_names: dict[tuple[str, str], str]
    input_types: dict[tuple[str, str], str]  # input cell -> "int" | "decimal"
    #: computed cell -> the input cells it adds up (core/totals.py, as ``Report.value`` reads them)
    leaves: dict[tuple[str, str], LeafRows]

    _fields = ("key", "part", "heading", "tdef", "row_names", "col_names", "inputs", "cell_pos", "row_pos", "computed",
               "input_rows", "input_row_keys", "input_key_sets", "cell_locs", "cell_names", "input_types", "leaves")

    def __init__(self, key: str, part: str, heading: str, tdef: TableDef, row_names: dict[str, str],
                 col_names: dict[str, str], inputs: tuple[tuple[str, str, str], ...],
                 cell_pos: dict[tuple[str, str], int], row_pos: dict[str, int],
                 computed: dict[tuple[str, str], tuple[str, tuple[str, ...]]],
                 input_rows: tuple[tuple[str, tuple[tuple[str, str], ...], tuple[str, ...], frozenset[str]], ...] = (),
                 input_row_keys: tuple[str, ...] = (), input_key_sets: list[frozenset[str]] | None = None,
                 cell_locs: dict[tuple[str, str], Location] | None = None,
                 cell_names: dict[tuple[str, str], str] | None = None,
                 input_types: dict[tuple[str, str], str] | None = None,
                 leaves: dict[tuple[str, str], LeafRows] | None = None) -> None:
        self.__dict__.update(key=key, part=part, heading=heading, tdef=tdef, row_names=row_names, col_names=col_names,
                             inputs=inputs, cell_pos=cell_pos, row_pos=row_pos, computed=computed,
                             input_rows=input_rows, input_row_keys=input_row_keys,
                             input_key_sets=[] if input_key_sets is None else input_key_sets,
                             cell_locs={} if cell_locs is None else cell_locs,
                             cell_names={} if cell_names is None else cell_names,
                             input_types={} if input_types is None else input_types,
                             leaves={} if leaves is None else leaves)

    def cell_name(self, row: str, col: str) -> str:
        """“第三部分表格“一、本年新收…”一行“自然人”一栏” (made when first asked for, then kept)."""
        name = self.cell_names.get((row, col))
        if name is None:
            name = f"{self.part}表格{quote(self.row_names[row])}一行{quote(self.col_names[col])}一栏"
            if (row, col) in self.cell_pos:
                self.cell_names[(row, col)] = name
        return name


class _CellLocs(dict):
    """Every value cell's Location of one table, each made when first asked for (a cold ``gkdesk check`` names only
    the cells it reports); a key that is not a cell of the table raises KeyError as a full dict would."""

    __slots__ = ("table", "cells")

    def __init__(self, table: str, cells: dict[tuple[str, str], int]) -> None:
        super().__init__()
        self.table = table
        self.cells = cells

    def __missing__(self, rc: tuple[str, str]) -> Location:
        if rc not in self.cells:
            raise KeyError(rc)
        loc = self[rc] = Location.cell(self.table, *rc)
        return loc


class RoleKeys(Frozen):
    """The keys the rules need, found once per format by role (resources/formats/*.json); None: not in this format."""

    t2: str | None  # proactive
    t3: str | None  # requests
    t4: str | None  # appeals
    new: str | None
    carry_in: str | None
    results_total: str | None
    carry_out: str | None
    total: str | None  # the 总计 column of t3
    stock_rows: tuple[str, ...]  # t2 rows with 制发/废止/现行有效
    issued: str | None
    repealed: str | None
    valid: str | None
    rules_row: str | None  # 规章
    normative_row: str | None
    review: str | None
    litigation: tuple[str, ...]
    t4_total: str | None

    _fields = ("t2", "t3", "t4", "new", "carry_in", "results_total", "carry_out", "total", "stock_rows", "issued",
               "repealed", "valid", "rules_row", "normative_row", "review", "litigation", "t4_total")

    def __init__(self, t2: str | None = None, t3: str | None = None, t4: str | None = None, new: str | None = None,
                 carry_in: str | None = None, results_total: str | None = None, carry_out: str | None = None,
                 total: str | None = None, stock_rows: tuple[str, ...] = (), issued: str | None = None,
                 repealed: str | None = None, valid: str | None = None, rules_row: str | None = None,
                 normative_row: str | None = None, review: str | None = None, litigation: tuple[str, ...] = (),
                 t4_total: str | None = None) -> None:
        self.__dict__.update(t2=t2, t3=t3, t4=t4, new=new, carry_in=carry_in, results_total=results_total,
                             carry_out=carry_out, total=total, stock_rows=stock_rows, issued=issued, repealed=repealed,
                             valid=valid, rules_row=rules_row, normative_row=normative_row, review=review,
                             litigation=litigation, t4_total=t4_total)


def role_keys(fmt: ReportFormat) -> RoleKeys:
    reg = registry(fmt)
    t2, t3, t4 = reg.table_key("proactive"), reg.table_key("requests"), reg.table_key("appeals")
    issued, repealed, valid = (reg.column("proactive", r) for r in ("issued", "repealed", "valid"))
    stock = tuple(r.key for r in fmt.tables[t2].rows if {issued, repealed, valid} <= set(r.columns)) \
        if t2 and issued and repealed and valid else ()
    return RoleKeys(
        t2, t3, t4, reg.row("requests", "new"), reg.row("requests", "carry_in"), reg.row("requests", "results_total"),
        reg.row("requests", "carry_out"), reg.column("requests", "total"), stock, issued, repealed, valid,
        reg.row("proactive", "rules"), reg.row("proactive", "normative"), reg.row("appeals", "review"),
        reg.rows("appeals", "litigation"), reg.column("appeals", "total"))


class FormatInfo(Frozen):
    """Format facts the rules need, computed once per format."""

    fmt: ReportFormat
    tables: dict[str, TableInfo]
    section_rank: dict[str, int]  # table key or narrative field -> position of its section in the report
    blank_markers: frozenset[str]
    t3_blocks: tuple[tuple[str, str, tuple[str, ...]], ...]  # (keyword, label, rows): 予以公开 … 其他处理
    t3_details: tuple[str, ...]
    keys: RoleKeys
    #: the T3 columns whose 本年办结 is the plain sum of the result rows (all of them in the formats so far)
    t3_summed: frozenset[str]
    #: Location -> its place in reading order (``FieldRegistry.order``), filled as issues are sorted
    order_keys: dict[Location, tuple[int, int, int]]
    #: number of subsections -> (string form, Location) of every narrative text (see ``Ctx.text_fields``)
    text_places: dict[int, tuple[tuple[str, Location], ...]]
    #: what a rule works out from the format alone, by the rule's name (filled when first asked for)
    memo: dict[str, object]

    _fields = ("fmt", "tables", "section_rank", "blank_markers", "t3_blocks", "t3_details", "keys", "t3_summed",
               "order_keys", "text_places", "memo")

    def __init__(self, fmt: ReportFormat, tables: dict[str, TableInfo], section_rank: dict[str, int],
                 blank_markers: frozenset[str], t3_blocks: tuple[tuple[str, str, tuple[str, ...]], ...],
                 t3_details: tuple[str, ...], keys: RoleKeys = RoleKeys(), t3_summed: frozenset[str] = frozenset(),
                 order_keys: dict[Location, tuple[int, int, int]] | None = None,
                 text_places: dict[int, tuple[tuple[str, Location], ...]] | None = None,
                 memo: dict[str, object] | None = None) -> None:
        self.__dict__.update(fmt=fmt, tables=tables, section_rank=section_rank, blank_markers=blank_markers,
                             t3_blocks=t3_blocks, t3_details=t3_details, keys=keys, t3_summed=t3_summed,
                             order_keys={} if order_keys is None else order_keys,
                             text_places={} if text_places is None else text_places,
                             memo={} if memo is None else memo)


def _row_name(table_key: str, labels: tuple[str, ...], requests: str | None) -> str:
    if len(labels) == 1:
        return labels[0]
    if table_key == requests:  # drop “三、本年度办理结果”: the (一)…(七) label already says where it is
        labels = labels[1:]
    return "·".join(short(lb) for lb in labels)


@cache
def format_info(version: str) -> FormatInfo:
    fmt = load_format(version)
    from gkdesk.core.format_cache import derived

    # the plain part (names, positions, sums) is kept between runs with the built format (a cold check: ~4 %)
    key_values, plain_tables, section_rank, blocks, details, summed = derived(
        fmt, "rules-info", _plain_info, ("rules/context.py", "totals.py", "fields.py"))
    tables: dict[str, TableInfo] = {}
    for key, (part, heading, row_names, col_names, inputs, cell_pos, row_pos, computed, input_rows, input_row_keys,
              input_key_sets, input_types, leaf_cells) in plain_tables.items():
        tables[key] = TableInfo(
            key=key, part=part, heading=heading, tdef=fmt.tables[key], row_names=row_names, col_names=col_names,
            inputs=inputs, cell_pos=cell_pos, row_pos=row_pos, computed=computed, input_rows=input_rows,
            input_row_keys=input_row_keys, input_key_sets=input_key_sets,
            cell_locs=_CellLocs(key, cell_pos),  # Locations and names made when first used (TableInfo.cell_name)
            input_types=input_types, leaves=leaf_cells)
    return FormatInfo(fmt, tables, section_rank, BLANK_WORDS, blocks, details, RoleKeys(*key_values), summed)


def _plain_info(fmt: ReportFormat) -> tuple:  # type: ignore[type-arg]
    """What ``format_info`` computes from the format, as plain data (``format_cache.derived`` keeps it)."""
    keys = role_keys(fmt)
    tables: dict[str, tuple] = {}  # type: ignore[type-arg]
    section_rank: dict[str, int] = {}
    for i, s in enumerate(fmt.sections, start=1):
        if s.table:
            section_rank[s.table] = i
        if s.field:
            section_rank[s.field] = i
    for key, t in fmt.tables.items():
        sec = fmt.section_for_table(key)
        computed: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}
        for rk, ck in t.cells():
            comp = t.computed_def(rk, ck)
            if comp is not None:
                computed[(rk, ck)] = (comp.kind, comp.of)
        cells = t.cells()
        inputs = tuple((r, c, t.cell_type(r)) for r, c in t.input_cells())
        by_row: dict[str, list[tuple[str, str]]] = {}
        for r, c, typ in inputs:
            by_row.setdefault(r, []).append((c, typ))
        tables[key] = (
            f"第{sec.number}部分", sec.heading,
            {r.key: _row_name(key, r.labels, keys.t3) for r in t.rows},
            dict(t.columns),
            inputs,
            {rc: i for i, rc in enumerate(cells)},
            {r.key: i for i, r in enumerate(t.rows)},
            computed,
            tuple((r, tuple(cols), tuple(c for c, _ in cols), frozenset(c for c, _ in cols)) for r, cols in by_row.items()),
            tuple(by_row),
            [frozenset(c for c, _ in cols) for cols in by_row.values()],
            {(r, c): typ for r, c, typ in inputs},
            {rc: leaf_rows(leaves(t, *rc) or ()) for rc in computed},
        )
    blocks: list[tuple[str, str, tuple[str, ...]]] = []
    details: tuple[str, ...] = ()
    if keys.t3:
        t3 = fmt.table(keys.t3)
        details = registry(fmt).rows(keys.t3, "result")
        groups: dict[str, list[str]] = {}
        for r in t3.rows:
            if r.key in details and len(r.labels) >= 2:
                groups.setdefault(r.labels[1], []).append(r.key)
        for label, rows in groups.items():
            blocks.append((bare(short(label)), short(label), tuple(rows)))
    summed: frozenset[str] = frozenset()
    if keys.t3 and keys.results_total:
        t3_computed = tables[keys.t3][7]
        summed = frozenset(c for c in fmt.tables[keys.t3].row(keys.results_total).columns
                           if t3_computed.get((keys.results_total, c)) == ("row_sum", details)
                           and not any((r, c) in t3_computed for r in details))
    key_values = tuple(getattr(keys, n) for n in names(keys))
    return key_values, tables, section_rank, tuple(blocks), details, summed


#: issues made before, by everything that makes them: a rule that finds the same problem again (every run after an
#: edit) returns the same Issue object, which saves building it and makes later comparisons identity checks. Issues are
#: immutable, so sharing them is safe; the memo is emptied when it grows past _INTERN_MAX (no stale entry can be
#: wrong: the key is the whole issue).
_INTERNED: dict[tuple[object, ...], Issue] = {}
_INTERN_MAX = 8192


def make_issue(rule: str, severity: Severity, message: str, table: str | None = None, row: str | None = None,
               column: str | None = None, field: str | None = None, loc: Location | None = None) -> Issue:
    key = (rule, severity, message, table, row, column, field, loc)
    issue = _INTERNED.get(key)
    if issue is None:
        if len(_INTERNED) >= _INTERN_MAX:
            _INTERNED.clear()
        issue = _INTERNED[key] = Issue(rule, severity, message, table, row, column, field, loc)  # type: ignore[arg-type]
    return issue


class Ctx(Record):
    """One validation run: the report, its settings and a memo of computed cells."""

    report: Report
    settings: Settings
    info: FormatInfo
    issues: list[Issue]
    _memo: dict[tuple[str, str, str], CellValue]
    _texts: list[tuple[str, str]] | None

    _fields = ("report", "settings", "info", "issues", "_memo", "_texts")

    def __init__(self, report: Report, settings: Settings, info: FormatInfo, issues: list[Issue] | None = None,
                 _memo: dict[tuple[str, str, str], CellValue] | None = None,
                 _texts: list[tuple[str, str]] | None = None) -> None:
        self.__dict__.update(report=report, settings=settings, info=info, issues=[] if issues is None else issues,
                             _memo={} if _memo is None else _memo, _texts=_texts)

    @property
    def fmt(self) -> ReportFormat:
        return self.info.fmt

    @property
    def year(self) -> int:
        return self.report.meta.year or 0

    @cached_property
    def level(self) -> Level | None:
        """The report's level (looked up once per run; the rules do not change the report)."""
        try:
            return self.fmt.level(self.report.meta.level)
        except KeyError:
            return None

    @cached_property
    def today(self) -> date:
        """The settings' day, or the real date (read once per run, so every rule judges the same day)."""
        return self.settings.today or date.today()

    def add(self, rule: str, severity: Severity, message: str, *, table: str | None = None, row: str | None = None,
            column: str | None = None, field: str | None = None, loc: Location | None = None) -> None:
        """One issue, at ``loc`` (or the legacy table/row/column, or ``field`` = the string form of a location)."""
        self.issues.append(make_issue(rule, severity, message, table, row, column, field, loc))

    # --- cells ------------------------------------------------------------------------------------
    def raw(self, table: str, row: str, col: str) -> CellValue:
        return self.report.tables.get(table, {}).get(row, {}).get(col)

    def value(self, table: str, row: str, col: str) -> CellValue:
        """Same result as ``Report.value`` (a computed cell is the sum of its numeric parts, None if none is a
        number), memoised for this run and without per-call format lookups."""
        leaves = self.info.tables[table].leaves.get((row, col))
        if leaves is None:
            return self.report.tables.get(table, {}).get(row, {}).get(col)
        key = (table, row, col)
        memo = self._memo
        if key in memo:
            return memo[key]
        v = memo[key] = leaf_sum(self.report.tables.get(table, _EMPTY), leaves)  # as Report.value adds them
        return v

    def number(self, table: str, row: str, col: str) -> int | Decimal | None:
        return as_number(self.value(table, row, col))

    def stated(self, table: str, row: str, col: str) -> int | Decimal | None:
        return as_number(self.report.stated.get(table, {}).get(row, {}).get(col))

    # --- text -------------------------------------------------------------------------------------
    def text_fields(self) -> list[tuple[str, str]]:
        """Every narrative text with the string form of its location, in report order (made once per run)."""
        texts = self._texts
        if texts is None:
            r = self.report
            overview = r.overview
            texts = self._texts = [
                (fid, getattr(r, loc.key) if loc.kind == "text" else getattr(overview[loc.index], loc.part))
                for fid, loc in _text_places(self.info, len(overview))]
        return texts


def _text_places(info: FormatInfo, n_subsections: int) -> tuple[tuple[str, Location], ...]:
    """The string form and Location of every narrative text of a report with that many subsections
    (``FieldRegistry.text_locations``, whose places depend only on the format and the number of subsections)."""
    places = info.text_places.get(n_subsections)
    if places is None:
        found = registry(info.fmt).text_locations(_Subsections(n_subsections))  # type: ignore[arg-type]
        places = info.text_places[n_subsections] = tuple((str(loc), loc) for loc in found)
    return places


class _Subsections:
    """Stands in for a report where only the number of subsections is read."""

    def __init__(self, n: int) -> None:
        self.overview = range(n)
