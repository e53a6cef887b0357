"""A typed place in a report (a meta field, a narrative text, a subsection's title or text, the fee, a table cell).

One string form, shared by issues (CLI ``--json``), the workbook's key column (docs/xlsx-layout.md) and the
``.gkreport`` file; ``parse_location`` reads it back:

=====================  ===========================  =====================================================
kind                   string form                  example
=====================  ===========================  =====================================================
``report``             ``report``                   the whole report
``meta``               the meta field's key         ``org_name``, ``year``, ``title`` (keys from the format)
``text``               the narrative field          ``section5``, ``section6``; the 总体情况 intro is ``overview.intro``
``overview``           ``overview``                 the whole 一、总体情况 (all subsections)
``subsection``         ``overview.N.title|text``    ``overview.1.title`` — **N counts from 1**
``fee``                ``processing_fee_yuan``      信息处理费 in 元
``table``              the table key                ``t3``
``row``                ``table.row``                ``t3.carry_in``
``cell``               ``table.row.column``         ``t3.new.total``
=====================  ===========================  =====================================================

The one numbering convention: **subsections are numbered from 1 in every string and every label** (as the user reads
“第1小节” and as the workbook has always written them); only ``Location.index`` is the 0-based position in
``Report.overview``.
"""

from __future__ import annotations

# the string forms the format's key namespace reserves live with the format (it checks them when it loads)
from gkdesk.core.format import FEE, INTRO_FIELD, RESERVED, ReportFormat, load_format
from gkdesk.core.record import Frozen

__all__ = ["FEE", "INTRO", "INTRO_FIELD", "RESERVED", "Kind", "Location", "parse_location"]

TYPE_CHECKING = False  # typing is not imported at run time: a cold command line start (issue 16.5)
if TYPE_CHECKING:
    from typing import Literal

    Kind = Literal["report", "meta", "text", "overview", "subsection", "fee", "table", "row", "cell"]
else:
    Kind = str

#: the string form of the 总体情况 introduction (its Report attribute is ``overview_intro``)
INTRO = "overview.intro"


class Location(Frozen):
    """A place in a report (a field, a text, a table, a row or a cell); ``str()`` is its string form."""

    kind: Kind
    key: str  # meta key, narrative field (Report attribute) or table key
    index: int  # subsection: 0-based position in Report.overview
    part: str  # subsection: "title" or "text"
    row: str
    column: str

    _fields = ("kind", "key", "index", "part", "row", "column")

    def __init__(self, kind: Kind, key: str = "", index: int = -1, part: str = "", row: str = "",
                 column: str = "") -> None:
        self.__dict__.update(kind=kind, key=key, index=index, part=part, row=row, column=column)

    # --- constructors ---------------------------------------------------------------------------
    @staticmethod
    def whole() -> Location:
        return Location("report")

    @staticmethod
    def meta(key: str) -> Location:
        return Location("meta", key)

    @staticmethod
    def text(field: str) -> Location:
        """A narrative text by its Report attribute: ``overview_intro``, ``section5``, ``section6``."""
        return Location("text", field)

    @staticmethod
    def overview() -> Location:
        return Location("overview")

    @staticmethod
    def subsection(index: int, part: str) -> Location:
        """Subsection ``index`` (0-based position) ``part`` ("title" or "text")."""
        if part not in ("title", "text"):
            raise ValueError(part)
        return Location("subsection", index=index, part=part)

    @staticmethod
    def fee() -> Location:
        return Location("fee")

    @staticmethod
    def table(key: str) -> Location:
        return Location("table", key)

    @staticmethod
    def row_of(table: str, row: str) -> Location:
        return Location("row", table, row=row)

    @staticmethod
    def cell(table: str, row: str, column: str) -> Location:
        return Location("cell", table, row=row, column=column)

    # --- reading --------------------------------------------------------------------------------
    @property
    def number(self) -> int:
        """A subsection's number as the user sees it (1 for the first)."""
        return self.index + 1

    @property
    def table_key(self) -> str | None:
        return self.key if self.kind in ("table", "row", "cell") else None

    @property
    def is_text(self) -> bool:
        """A place that holds user text (a narrative field or a subsection's title/text)."""
        return self.kind in ("text", "subsection")

    def __str__(self) -> str:
        k = self.kind
        if k == "report":
            return "report"
        if k == "overview":
            return "overview"
        if k == "fee":
            return FEE
        if k == "subsection":
            return f"overview.{self.number}.{self.part}"
        if k == "text":
            return INTRO if self.key == INTRO_FIELD else self.key
        if k == "row":
            return f"{self.key}.{self.row}"
        if k == "cell":
            return f"{self.key}.{self.row}.{self.column}"
        return self.key  # meta, table

    def to_json(self) -> str:
        return str(self)


def parse_location(text: str, fmt: ReportFormat | None = None) -> Location:
    """The Location written as ``text`` (the inverse of ``str``); ValueError (Chinese) when it names no place.

    Bare keys are told apart with the format (tables, narrative fields, meta fields); ``fmt`` defaults to the
    current format.
    """
    if fmt is None:
        fmt = load_format()
    t = text.strip()
    if t == "report":
        return Location.whole()
    if t == "overview":
        return Location.overview()
    if t == FEE:
        return Location.fee()
    if t in (INTRO, INTRO_FIELD):
        return Location.text(INTRO_FIELD)
    parts = t.split(".")
    if parts[0] == "overview" and len(parts) == 3 and parts[1].isdigit() and parts[2] in ("title", "text"):
        n = int(parts[1])
        if n >= 1:
            return Location.subsection(n - 1, parts[2])
    elif parts[0] in fmt.tables:
        tdef = fmt.tables[parts[0]]
        if len(parts) == 1:
            return Location.table(parts[0])
        if parts[1] in tdef.row_keys:
            if len(parts) == 2:
                return Location.row_of(parts[0], parts[1])
            if len(parts) == 3 and parts[2] in tdef.columns:
                return Location.cell(*parts)
    elif len(parts) == 1:
        if any(s.field == t for s in fmt.sections if s.kind == "narrative"):
            return Location.text(t)
        if any(m.key == t for m in fmt.meta_fields):
            return Location.meta(t)
    raise ValueError(f"“{text}”不是报告中的位置（应为基本信息字段、正文字段、overview.N.title 或 表.行.列）。")
