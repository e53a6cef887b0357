"""The classes of a report format (tables, rows, layout, levels …) and its constants; ``gkdesk.core.format``
loads them from ``resources/formats/*.json`` and is where everything imports them from."""

from __future__ import annotations

from gkdesk.core.record import Frozen

TYPE_CHECKING = False  # typing is not imported at run time: a cold command line start (issue 16.5)
if TYPE_CHECKING:
    from typing import Any, Literal

    CellType = Literal["int", "decimal"]
    #: what a meta field holds: text, the level (one of ``levels``), a year, a date, the title override
    MetaType = Literal["text", "level", "year", "date", "title", "int"]
else:
    CellType = MetaType = str
META_TYPES = ("text", "level", "year", "date", "title", "int")

#: The format the editor targets.
CURRENT_VERSION = "2021"
#: the Report attribute of the 总体情况 introduction, and the fee's string form (see core/location.py)
INTRO_FIELD = "overview_intro"
FEE = "processing_fee_yuan"
#: reserved string forms of a Location: no meta field, narrative field or table may use them as its key
RESERVED = frozenset({"report", "overview", FEE, INTRO_FIELD, "period", "format_version"})


class Section(Frozen):
    """A part (一 … 六) of the report: a narrative text or a table."""

    key: str
    number: str
    heading: str
    kind: Literal["narrative", "table"]
    table: str | None
    field: str | None

    _fields = ("key", "number", "heading", "kind", "table", "field")

    def __init__(self, key: str, number: str, heading: str, kind: Literal["narrative", "table"],
                 table: str | None = None, field: str | None = None) -> None:
        self.__dict__.update(key=key, number=number, heading=heading, kind=kind, table=table, field=field)


class MetaFieldDef(Frozen):
    """A field of 基本信息, described in the format file (``meta_fields``), in the order the tab shows them."""

    key: str  # the string form of its Location, the .gkreport key and the workbook key
    label: str
    type: MetaType
    attribute: str | None  # the ``Meta`` attribute; None: kept in ``Meta.extra`` under ``key``
    required: bool  # META-REQUIRED names it when empty (fields without a rule of their own)
    placeholder: str
    print: bool  # printed under the title of the PDF as “label：value” (the built-in fields have their place)

    _fields = ("key", "label", "type", "attribute", "required", "placeholder", "print")

    def __init__(self, key: str, label: str, type: MetaType, attribute: str | None = None, required: bool = False,
                 placeholder: str = "", print: bool = False) -> None:
        self.__dict__.update(key=key, label=label, type=type, attribute=attribute, required=required,
                             placeholder=placeholder, print=print)


class FeeDef(Frozen):
    """The 信息处理费 field (in 元): its label and the section it belongs to."""

    label: str
    section: str

    _fields = ("label", "section")

    def __init__(self, label: str, section: str) -> None:
        self.__dict__.update(label=label, section=section)


class KeyTotal(Frozen):
    """A figure the 汇总 summary shows per unit: the sum of ``column`` over the rows with role ``row`` (roles)."""

    label: str
    table: str  # table role
    row: str  # row role
    column: str  # column role

    _fields = ("label", "table", "row", "column")

    def __init__(self, label: str, table: str, row: str, column: str) -> None:
        self.__dict__.update(label=label, table=table, row=row, column=column)


class Level(Frozen):
    """A 机关级别 and what the rules make of it."""

    key: str
    label: str
    rulemaking: bool
    government: bool
    fee_unit_threshold: int

    _fields = ("key", "label", "rulemaking", "government", "fee_unit_threshold")

    def __init__(self, key: str, label: str, rulemaking: bool, government: bool, fee_unit_threshold: int) -> None:
        self.__dict__.update(key=key, label=label, rulemaking=rulemaking, government=government,
                             fee_unit_threshold=fee_unit_threshold)


class RowDef(Frozen):
    """A row of an official table: its labels, columns, cell type and role."""

    key: str
    labels: tuple[str, ...]
    columns: tuple[str, ...]
    type: CellType
    block: str | None
    role: str | None  # what the row means to rules, carry-over and 汇总 (new, carry_in, result, ...)

    _fields = ("key", "labels", "columns", "type", "block", "role")

    def __init__(self, key: str, labels: tuple[str, ...], columns: tuple[str, ...], type: CellType,
                 block: str | None = None, role: str | None = None) -> None:
        self.__dict__.update(key=key, labels=labels, columns=columns, type=type, block=block, role=role)

    @property
    def label(self) -> str:
        """The most specific label (what a user calls this row)."""
        return self.labels[-1]

    @property
    def full_label(self) -> str:
        return "".join(self.labels) if len(self.labels) == 1 else " › ".join(self.labels)


class ComputedDef(Frozen):
    """A computed row or column: the sum of ``of`` (checked by ``rule``)."""

    kind: Literal["column_sum", "row_sum"]
    target: str  # the column key (column_sum) or the row key (row_sum) that is computed
    of: tuple[str, ...]
    rule: str

    _fields = ("kind", "target", "of", "rule")

    def __init__(self, kind: Literal["column_sum", "row_sum"], target: str, of: tuple[str, ...], rule: str) -> None:
        self.__dict__.update(kind=kind, target=target, of=of, rule=rule)


class GridCell(Frozen):
    """One cell of the drawn table (header, label or value), with its merge span."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str | None
    ref: tuple[str, str] | None  # (row key, column key) for value cells
    header: bool

    _fields = ("row", "col", "rowspan", "colspan", "text", "ref", "header")

    def __init__(self, row: int, col: int, rowspan: int, colspan: int, text: str | None = None,
                 ref: tuple[str, str] | None = None, header: bool = False) -> None:
        self.__dict__.update(row=row, col=col, rowspan=rowspan, colspan=colspan, text=text, ref=ref, header=header)


class Layout(Frozen):
    """The official table as a grid: header rows, then body rows; each cell placed with its spans."""

    n_cols: int
    n_header_rows: int
    n_rows: int
    label_columns: int
    cells: tuple[GridCell, ...]

    _fields = ("n_cols", "n_header_rows", "n_rows", "label_columns", "cells")

    def __init__(self, n_cols: int, n_header_rows: int, n_rows: int, label_columns: int,
                 cells: tuple[GridCell, ...]) -> None:
        self.__dict__.update(n_cols=n_cols, n_header_rows=n_header_rows, n_rows=n_rows, label_columns=label_columns,
                             cells=cells)

    def value_cells(self) -> list[GridCell]:
        return [c for c in self.cells if c.ref is not None]

    def position_of(self, row_key: str, col_key: str) -> GridCell:
        for c in self.cells:
            if c.ref == (row_key, col_key):
                return c
        raise KeyError((row_key, col_key))


class TableDef(Frozen):
    """An official table: columns, rows, computed cells and the drawn layout."""

    key: str
    section: str
    title: str
    unit: str
    columns: dict[str, str]  # column key -> label (ordered)
    rows: tuple[RowDef, ...]
    computed: tuple[ComputedDef, ...]
    layout: Layout
    note: str | None
    blocks: tuple[dict[str, Any], ...]
    role: str | None  # what the table is to the rules (proactive, requests, appeals)
    column_roles: dict[str, str]  # column key -> role (total, applicant, ...)

    _fields = ("key", "section", "title", "unit", "columns", "rows", "computed", "layout", "note", "blocks", "role",
               "column_roles")

    def __init__(self, key: str, section: str, title: str, unit: str, columns: dict[str, str], rows: tuple[RowDef, ...],
                 computed: tuple[ComputedDef, ...], layout: Layout, note: str | None = None,
                 blocks: tuple[dict[str, Any], ...] = (), role: str | None = None,
                 column_roles: dict[str, str] | None = None) -> None:
        self.__dict__.update(key=key, section=section, title=title, unit=unit, columns=columns, rows=rows,
                             computed=computed, layout=layout, note=note, blocks=blocks, role=role,
                             column_roles={} if column_roles is None else column_roles)

    def row(self, key: str) -> RowDef:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    @property
    def row_keys(self) -> list[str]:
        return [r.key for r in self.rows]

    def cells(self) -> list[tuple[str, str]]:
        """Every (row, column) of the table in reading order, computed cells included."""
        return [(r.key, c) for r in self.rows for c in r.columns]

    def is_computed(self, row_key: str, col_key: str) -> bool:
        return self.computed_def(row_key, col_key) is not None

    def computed_def(self, row_key: str, col_key: str) -> ComputedDef | None:
        """The computation that defines this cell, if any. A column sum wins over a row sum where they cross
        (both give the same number once the inputs are consistent)."""
        for c in self.computed:
            if c.kind == "column_sum" and c.target == col_key:
                return c
        for c in self.computed:
            if c.kind == "row_sum" and c.target == row_key:
                return c
        return None

    def input_cells(self) -> list[tuple[str, str]]:
        return [rc for rc in self.cells() if not self.is_computed(*rc)]

    def cell_type(self, row_key: str) -> CellType:
        return self.row(row_key).type


class ReportFormat(Frozen):
    """A whole report format (resources/formats/*.json), checked when loaded."""

    version: str
    name: str
    basis: str
    applies_from_year: int
    title_template: str
    period_template: str
    sections: tuple[Section, ...]
    overview_topics: tuple[str, ...]
    levels: tuple[Level, ...]
    tables: dict[str, TableDef]
    parameters: dict[str, Any]
    meta_fields: tuple[MetaFieldDef, ...]
    fee: FeeDef | None
    key_totals: tuple[KeyTotal, ...]

    _fields = ("version", "name", "basis", "applies_from_year", "title_template", "period_template", "sections",
               "overview_topics", "levels", "tables", "parameters", "meta_fields", "fee", "key_totals")

    def __init__(self, version: str, name: str, basis: str, applies_from_year: int, title_template: str,
                 period_template: str, sections: tuple[Section, ...], overview_topics: tuple[str, ...],
                 levels: tuple[Level, ...], tables: dict[str, TableDef], parameters: dict[str, Any] | None = None,
                 meta_fields: tuple[MetaFieldDef, ...] = (), fee: FeeDef | None = None,
                 key_totals: tuple[KeyTotal, ...] = ()) -> None:
        self.__dict__.update(version=version, name=name, basis=basis, applies_from_year=applies_from_year,
                             title_template=title_template, period_template=period_template, sections=sections,
                             overview_topics=overview_topics, levels=levels, tables=tables,
                             parameters={} if parameters is None else parameters, meta_fields=meta_fields, fee=fee,
                             key_totals=key_totals)

    def table(self, key: str) -> TableDef:
        return self.tables[key]

    def level(self, key: str) -> Level:
        for lv in self.levels:
            if lv.key == key:
                return lv
        raise KeyError(key)

    def level_by_label(self, label: str) -> Level | None:
        for lv in self.levels:
            if lv.label == label:
                return lv
        return None

    def section_for_table(self, table_key: str) -> Section:
        for s in self.sections:
            if s.table == table_key:
                return s
        raise KeyError(table_key)
