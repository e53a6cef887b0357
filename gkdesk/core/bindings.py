"""Figures in the narrative bound to the tables: “全年共受理申请[21]件” where [21] is 表三 本年新收 总计.

A binding is a span of a narrative field's text that quotes a cell, or the sum of several cells. The field's text
always holds the current figure (so every reader — rules, exports, the CLI — sees plain text), and the span is kept
beside it. ``refresh`` rewrites every bound span from the tables after any change; ``remap`` moves the spans when the
clerk edits the text around them and drops a span whose figure was itself edited (it becomes a literal again).

In the .gkreport file a binding is ``{"field": "section5", "start": 12, "end": 14, "ref": "t3.new.total"}`` (offsets
in characters of the field's text; a sum is ``"t4.lit_direct.total+t4.lit_after_review.total"``).
"""

from __future__ import annotations

from decimal import Decimal

from gkdesk.core.fields import registry_of
from gkdesk.core.location import Location, parse_location
from gkdesk.core.record import Frozen, replace
from gkdesk.core.report import CellValue, Report, sum_values

Cell = tuple[str, str, str]

#: what a bound figure reads while the cells it quotes are blank (never a made-up 0)
UNFILLED = "（未填）"


class BindingError(ValueError):
    """A reference that names no cell of the report's format; ``str()`` is the Chinese reason."""


class Ref(Frozen):
    """One cell or the sum of several cells (all of the same table type)."""

    cells: tuple[Cell, ...]

    _fields = ("cells",)

    def __init__(self, cells: tuple[Cell, ...]) -> None:
        self.__dict__.update(cells=cells)

    @property
    def key(self) -> str:
        return "+".join(".".join(c) for c in self.cells)

    @classmethod
    def parse(cls, text: str) -> Ref:
        cells = []
        for part in text.split("+"):
            bits = part.strip().split(".")
            if len(bits) != 3 or not all(bits):
                raise BindingError(f"引用“{text}”的格式不对，应为“表.行.栏”，多个单元格用“+”连接。")
            cells.append((bits[0], bits[1], bits[2]))
        if not cells:
            raise BindingError("引用为空。")
        return cls(tuple(cells))

    def check(self, report: Report) -> None:
        fmt = report.format
        for t, r, c in self.cells:
            try:
                tdef = fmt.table(t)
                row = tdef.row(r)
            except KeyError:
                raise BindingError(f"引用的单元格 {t}.{r}.{c} 不在本报告格式中。") from None
            if c not in row.columns:
                raise BindingError(f"引用的单元格 {t}.{r}.{c} 不在本报告格式中。")

    def value(self, report: Report) -> CellValue:
        vals = [report.value(*c) for c in self.cells]
        if any(v is None or isinstance(v, str) for v in vals):
            return None  # a sum with a blank part would be a made-up figure
        return sum_values(vals)

    def render(self, report: Report) -> str:
        return format_figure(self.value(report))


def format_figure(v: CellValue) -> str:
    if v is None or isinstance(v, str):
        return UNFILLED
    if isinstance(v, Decimal):
        return format(v.normalize(), "f") if v == v.to_integral_value() else format(v, "f")
    return str(v)


class Binding(Frozen):
    """A figure written in a narrative text, bound to the cells whose value it states."""

    field: str  # the narrative text's Location as a string: overview.intro, overview.N.title|text (N from 1), section5
    start: int
    end: int
    ref: Ref

    _fields = ("field", "start", "end", "ref")

    def __init__(self, field: str, start: int, end: int, ref: Ref) -> None:
        self.__dict__.update(field=field, start=start, end=end, ref=ref)

    def to_json(self) -> dict[str, object]:
        return {"field": self.field, "start": self.start, "end": self.end, "ref": self.ref.key}


# --- narrative fields by id (the string form of their Location: overview.intro, overview.N.text, section5) ------
def text_fields(report: Report) -> list[tuple[str, str]]:
    reg = registry_of(report)
    return [(str(loc), reg.get(report, loc)) for loc in reg.text_locations(report)]


def _text_location(report: Report, fid: str) -> Location:
    try:
        loc = parse_location(fid, report.format)
    except ValueError:
        raise KeyError(fid) from None
    if not loc.is_text or (loc.kind == "subsection" and not 0 <= loc.index < len(report.overview)):
        raise KeyError(fid)
    return loc


def get_text(report: Report, fid: str) -> str:
    return str(registry_of(report).get(report, _text_location(report, fid)))


def set_text(report: Report, fid: str, text: str) -> None:
    registry_of(report).set(report, _text_location(report, fid), text)


def is_text_field(report: Report, fid: str) -> bool:
    try:
        get_text(report, fid)
    except (KeyError, ValueError, IndexError):
        return False
    return True


def of_field(report: Report, fid: str) -> list[Binding]:
    return sorted((b for b in report.bindings if b.field == fid), key=lambda b: b.start)


# --- keeping the text current ------------------------------------------------------------------------
def refresh(report: Report) -> set[str]:
    """Rewrite every bound span with its current figure; the fields whose text changed."""
    changed: set[str] = set()
    if not report.bindings:
        return changed
    out: list[Binding] = []
    for fid in sorted({b.field for b in report.bindings}):
        if not is_text_field(report, fid):
            continue  # its subsection was deleted: the binding goes with it
        text = get_text(report, fid)
        pieces: list[str] = []
        pos = 0
        shift = 0
        for b in of_field(report, fid):
            if b.start < pos or b.end > len(text):
                continue  # overlapping or beyond the text: not a valid span any more
            new = b.ref.render(report)
            pieces.append(text[pos:b.start])
            pieces.append(new)
            out.append(replace(b, start=b.start + shift, end=b.start + shift + len(new)))
            shift += len(new) - (b.end - b.start)
            pos = b.end
        pieces.append(text[pos:])
        new_text = "".join(pieces)
        if new_text != text:
            set_text(report, fid, new_text)
            changed.add(fid)
    report.bindings = out
    return changed


def remap(old: str, new: str, spans: list[Binding]) -> list[Binding]:
    """The spans of a field after its text changed from ``old`` to ``new`` by an edit of the clerk.

    The edit is taken as one replaced stretch (common prefix and suffix kept); spans before it stay, spans after it
    move; a span the stretch overlaps, or that gains a digit at its edge (“21” typed into “215”), is dropped."""
    if old == new:
        return list(spans)
    p = 0
    limit = min(len(old), len(new))
    while p < limit and old[p] == new[p]:
        p += 1
    s = 0
    while s < limit - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    old_end, new_end = len(old) - s, len(new) - s
    inserted = new[p:new_end]
    delta = len(new) - len(old)
    out = []
    for b in spans:
        if b.end < p or (b.end == p and not _joins(inserted[:1])):
            out.append(b)
        elif b.start > old_end or (b.start == old_end and not _joins(inserted[-1:])):
            out.append(replace(b, start=b.start + delta, end=b.end + delta))
    return out


def _joins(ch: str) -> bool:
    return bool(ch) and (ch.isdigit() or ch in ".,，．０１２３４５６７８９")


def binding_at(report: Report, fid: str, pos: int) -> Binding | None:
    for b in of_field(report, fid):
        if b.start <= pos < b.end:
            return b
    return None


def masked(report: Report, fid: str, text: str) -> str:
    """The text with its bound figures blotted out (for the heuristic TXT-NUM, which need not guess at them)."""
    spans = [b for b in report.bindings if b.field == fid]
    if not spans:
        return text
    chars = list(text)
    for b in spans:
        for i in range(max(0, b.start), min(len(chars), b.end)):
            chars[i] = "〇"
    return "".join(chars)


# --- file ---------------------------------------------------------------------------------------------
def to_json(report: Report) -> list[dict[str, object]]:
    return [b.to_json() for b in sorted(report.bindings, key=lambda b: (b.field, b.start))]


def from_json(raw: object, report: Report) -> list[Binding]:
    """Bindings read from a file, checked against the report's fields and format; raises BindingError."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise BindingError("bindings 应为列表。")
    out: list[Binding] = []
    for item in raw:
        if not isinstance(item, dict):
            raise BindingError("bindings 的条目应为对象。")
        fid, start, end, ref = item.get("field"), item.get("start"), item.get("end"), item.get("ref")
        if not isinstance(fid, str) or not is_text_field(report, fid):
            raise BindingError(f"引用所在的正文“{fid}”不存在。")
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
            raise BindingError("引用的位置应为整数。")
        assert isinstance(start, int) and isinstance(end, int)
        if not (0 <= start < end <= len(get_text(report, fid))):
            raise BindingError(f"“{fid}”中引用的位置超出了正文。")
        if not isinstance(ref, str):
            raise BindingError("引用应为文字。")
        r = Ref.parse(ref)
        r.check(report)
        out.append(Binding(fid, start, end, r))
    by_field: dict[str, list[Binding]] = {}
    for b in out:
        by_field.setdefault(b.field, []).append(b)
    for spans in by_field.values():
        spans.sort(key=lambda b: b.start)
        for a, b in zip(spans, spans[1:], strict=False):
            if b.start < a.end:
                raise BindingError(f"“{a.field}”中两处引用重叠。")
    return out


def describe_ref(ref: Ref, report: Report) -> str:
    """“表三“一、本年新收政府信息公开申请数量”的“总计”” (a sum: the cells joined by “与”, then “之和”)."""
    fmt = report.format
    names = []
    for t, r, c in ref.cells:
        try:
            tdef = fmt.table(t)
            part = fmt.section_for_table(t).heading.split("、", 1)[0]
            names.append(f"表{part}“{tdef.row(r).label}”的“{tdef.columns.get(c, c)}”")
        except KeyError:
            names.append(f"{t}.{r}.{c}")
    return names[0] if len(names) == 1 else "与".join(names) + "之和"
