"""The report a unit writes: meta, narrative, the three tables (blank ≠ 0), last year's figures.

Cell values are ``None`` (blank), ``int`` (a count), ``Decimal`` (the fee in 万元, or a non-integral number that
validation will reject in a count cell) or ``str`` (text that is not a number, kept from an import so that
validation can name it). Computed cells (totals) are never stored as inputs: ``value()`` computes them, and
``stated`` keeps what an imported source said they were, until the user accepts the computed sums.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from gkdesk.core.format import CURRENT_VERSION, ReportFormat, load_format
from gkdesk.core.record import Record
from gkdesk.core.totals import leaves as cell_leaves
from gkdesk.core.values import UNIT_RE as _UNIT_RE
from gkdesk.core.values import CellValue, normalize_text, parse_loose_value, period_sentence, sum_values

TYPE_CHECKING = False  # typing is not imported at run time: a cold command line start (issue 16.5)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["CellValue", "Grid", "Meta", "Subsection", "LastYear", "Report", "sum_values", "CellInputError",
           "normalize_text", "parse_cell_input", "parse_loose_value", "LEVEL_UNDETERMINED", "LEVEL_UNDETERMINED_LABEL", "level_label"]

Grid = dict[str, dict[str, CellValue]]

#: 机关级别 not determined yet (an import could not tell it from the name; a file saved so): the clerk must choose it.
#: Stored as "" in .gkreport files; validation gives LEVEL-UNSET and the rules that depend on the level wait for it.
LEVEL_UNDETERMINED = ""
#: how an undetermined 机关级别 is named to the user (汇总 lists, exports)
LEVEL_UNDETERMINED_LABEL = "未确定"


def level_label(fmt: ReportFormat, key: str) -> str:
    """A 机关级别 key as the user reads it: the format's label, 未确定, or an unknown key as it is."""
    if key == LEVEL_UNDETERMINED:
        return LEVEL_UNDETERMINED_LABEL
    try:
        return fmt.level(key).label
    except KeyError:
        return key


class Meta(Record):
    """基本信息: the organisation, its level, the year and the dates."""

    org_name: str
    level: str
    year: int
    written_date: date | None
    publish_date: date | None
    title_override: str | None
    #: fields the format describes beyond the ones above (``meta_fields`` without an ``attribute``), by key
    extra: dict[str, Any]

    _fields = ("org_name", "level", "year", "written_date", "publish_date", "title_override", "extra")

    def __init__(self, org_name: str = "", level: str = "township", year: int = 0, written_date: date | None = None,
                 publish_date: date | None = None, title_override: str | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        self.__dict__.update(org_name=org_name, level=level, year=year, written_date=written_date,
                             publish_date=publish_date, title_override=title_override,
                             extra={} if extra is None else extra)


class Subsection(Record):
    """A subsection of 总体情况: its title and text."""

    title: str
    text: str

    _fields = ("title", "text")

    def __init__(self, title: str, text: str = "") -> None:
        self.__dict__.update(title=title, text=text)


class LastYear(Record):
    """What is known of last year's report (from its file, or carried over by next-year)."""

    year: int | None
    carry_out: dict[str, CellValue]  # T3 四、结转下年度继续办理, by column
    t2_valid: dict[str, CellValue]  # T2 现行有效件数 by row (rules, normative)
    overview: str  # last year's 一、总体情况 (all text)
    section5: str
    from_file: bool  # True when taken from last year's gkdesk file (X-CARRY becomes an error)
    #: every figure of last year's three tables (computed cells included), for the year-over-year 核实性 rules
    figures: dict[str, dict[str, dict[str, CellValue]]]

    _fields = ("year", "carry_out", "t2_valid", "overview", "section5", "from_file", "figures")

    def __init__(self, year: int | None = None, carry_out: dict[str, CellValue] | None = None,
                 t2_valid: dict[str, CellValue] | None = None, overview: str = "", section5: str = "",
                 from_file: bool = False, figures: dict[str, dict[str, dict[str, CellValue]]] | None = None) -> None:
        self.__dict__.update(year=year, carry_out={} if carry_out is None else carry_out,
                             t2_valid={} if t2_valid is None else t2_valid, overview=overview, section5=section5,
                             from_file=from_file, figures={} if figures is None else figures)

    def figure(self, table: str, row: str, col: str) -> CellValue:
        return self.figures.get(table, {}).get(row, {}).get(col)


class Report(Record):
    """One annual report: 基本信息, the narrative texts, the tables and what belongs to them."""

    meta: Meta
    overview_intro: str
    overview: list[Subsection]
    section5: str
    section6: str
    processing_fee_yuan: Decimal | None  # 信息处理费 collected, in 元 (None = not stated)
    tables: dict[str, Grid]
    stated: dict[str, Grid]  # source-stated values of computed cells
    last_year: LastYear | None
    format_version: str
    #: the table layout the figures came from when imported ("2019" for the superseded 试行 format; FMT-2021)
    source_format: str | None
    #: warnings marked 已核实 with a written 说明 (gkdesk.core.explain.Explanation)
    explanations: list[Any]
    #: figures in the narrative bound to table cells (gkdesk.core.bindings.Binding)
    bindings: list[Any]

    # --- construction -------------------------------------------------------------------------------

    _fields = ("meta", "overview_intro", "overview", "section5", "section6", "processing_fee_yuan", "tables", "stated",
               "last_year", "format_version", "source_format", "explanations", "bindings")

    def __init__(self, meta: Meta | None = None, overview_intro: str = "", overview: list[Subsection] | None = None,
                 section5: str = "", section6: str = "", processing_fee_yuan: Decimal | None = None,
                 tables: dict[str, Grid] | None = None, stated: dict[str, Grid] | None = None,
                 last_year: LastYear | None = None, format_version: str = CURRENT_VERSION,
                 source_format: str | None = None, explanations: list[Any] | None = None,
                 bindings: list[Any] | None = None) -> None:
        self.__dict__.update(meta=Meta() if meta is None else meta, overview_intro=overview_intro,
                             overview=[] if overview is None else overview, section5=section5, section6=section6,
                             processing_fee_yuan=processing_fee_yuan, tables={} if tables is None else tables,
                             stated={} if stated is None else stated, last_year=last_year,
                             format_version=format_version, source_format=source_format,
                             explanations=[] if explanations is None else explanations,
                             bindings=[] if bindings is None else bindings)
    @classmethod
    def new(cls, org_name: str = "", level: str = "township", year: int = 0,
            fmt: ReportFormat | None = None) -> Report:
        fmt = fmt or load_format()
        rep = cls(meta=Meta(org_name=org_name, level=level, year=year), format_version=fmt.version)
        rep.overview = [Subsection(f"（{n}）{t}") for n, t in zip("一二三四五六七八九十", fmt.overview_topics, strict=False)]
        rep.tables = {key: {r.key: {} for r in t.rows} for key, t in fmt.tables.items()}
        return rep

    @property
    def format(self) -> ReportFormat:
        return load_format(self.format_version)

    def copy(self) -> Report:
        import copy  # only here: a check never copies a report (and never loads copy)

        return copy.deepcopy(self)

    # --- meta derived -------------------------------------------------------------------------------
    @property
    def derived_title(self) -> str:
        return self.format.title_template.format(org=self.meta.org_name, year=self.meta.year or "____")

    @property
    def title(self) -> str:
        return self.meta.title_override or self.derived_title

    @property
    def level_label(self) -> str:
        """The 机关级别 as the user reads it: the format's label, 未确定, or an unknown key as it is."""
        return level_label(self.format, self.meta.level)

    @property
    def period_text(self) -> str:
        return period_sentence(self.format.period_template, self.meta.year)

    @property
    def period(self) -> tuple[date, date] | None:
        if not self.meta.year:
            return None
        return date(self.meta.year, 1, 1), date(self.meta.year, 12, 31)

    def overview_text(self) -> str:
        """All of 一、总体情况 as one text (intro, then each subsection's title and text)."""
        parts = [self.overview_intro] + [f"{s.title}{s.text}" if s.title else s.text for s in self.overview]
        return "\n".join(p for p in parts if p)

    # --- cells --------------------------------------------------------------------------------------
    def raw(self, table: str, row: str, col: str) -> CellValue:
        """The stored input value (None for computed cells and blanks)."""
        return self.tables.get(table, {}).get(row, {}).get(col)

    def value(self, table: str, row: str, col: str) -> CellValue:
        """What the report states for a cell: the input, or for a computed cell the sum of its parts.

        A sum of parts that are all blank is blank; parts that are not numbers are left out (validation names them).
        """
        leaves = cell_leaves(self.format.table(table), row, col)
        grid = self.tables.get(table, {})
        if leaves is None:
            return grid.get(row, {}).get(col)
        # the sum of the input cells under it: the same as summing its parts' sums (blank parts add nothing)
        return sum_values([grid.get(r, {}).get(c) for r, c in leaves])

    def stated_value(self, table: str, row: str, col: str) -> CellValue:
        return self.stated.get(table, {}).get(row, {}).get(col)

    def has_stated(self) -> bool:
        return any(v is not None for g in self.stated.values() for r in g.values() for v in r.values())

    def number(self, table: str, row: str, col: str) -> int | Decimal:
        """The value as a number for arithmetic; blanks and text count as 0."""
        v = self.value(table, row, col)
        return v if isinstance(v, (int, Decimal)) else 0

    def set_raw(self, table: str, row: str, col: str, value: CellValue) -> None:
        self.tables.setdefault(table, {}).setdefault(row, {})
        if value is None:
            self.tables[table][row].pop(col, None)
        else:
            self.tables[table][row][col] = value

    def iter_inputs(self, fmt: ReportFormat | None = None):
        fmt = fmt or self.format
        for tkey, tdef in fmt.tables.items():
            for row, col in tdef.input_cells():
                yield tkey, row, col, self.raw(tkey, row, col)


# --- parsing what a user types or a source states -----------------------------------------------------
class CellInputError(ValueError):
    """A typed value that cannot go into a cell; ``str()`` is the Chinese reason."""


def parse_cell_input(text: str, cell_type: str) -> CellValue:
    """Strict parsing of what a user typed into a cell: blank, or a non-negative integer (count), or a decimal
    with at most 4 places (fee). Full-width digits are accepted. Anything else raises CellInputError."""
    t = normalize_text(text)
    if t == "":
        return None
    if re.fullmatch(r"\d{13,}(\.\d*)?", t):
        raise CellInputError("数字过大：每格最多填写12位整数。请核对后重新输入。")
    if cell_type == "int":
        if re.fullmatch(r"\d+", t):
            return int(t)
        if re.fullmatch(r"\d{1,3}(,\d{3})+", t):
            raise CellInputError("请不要输入千位分隔符“,”，直接输入数字即可。")
        if t.startswith("-") or t.startswith("+"):
            raise CellInputError("此处应填写非负整数（单位：件），不能带正负号。")
        if re.fullmatch(r"\d*\.\d+", t):
            raise CellInputError("此处应填写整数（单位：件），不能有小数。")
        if _UNIT_RE.search(t):
            raise CellInputError("此处只填数字，不要填写“件”等单位。")
        raise CellInputError(f"“{text.strip()}”不是数字。此处应填写非负整数（单位：件），没有数据请填0。")
    # decimal (fee, 万元)
    if t.endswith("元") or t.endswith("万元"):
        raise CellInputError("本年收费金额以万元为单位，只填数字（最多4位小数），不要填写“元”“万元”等单位。")
    if t.startswith("-"):
        raise CellInputError("收费金额不能为负数。")
    if not re.fullmatch(r"\d+(\.\d+)?", t):
        raise CellInputError(f"“{text.strip()}”不是数字。本年收费金额以万元为单位，请填写数字（最多4位小数）。")
    d = Decimal(t)
    if -d.as_tuple().exponent > 4:  # type: ignore[operator]
        raise CellInputError("本年收费金额最多保留4位小数（即精确到元）。")
    return d
