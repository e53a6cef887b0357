"""Where each figure of a row goes — only where its place is certain (issue 14: positions, not sequences).

A row's figures come in one of three ways:

* **delimited** (TAB/HTML/workbook rows, ``|`` cells): every cell, empty ones included, has its position;
* **positioned** (page-layout text): a blank cell leaves no mark, but each figure stands under its column;
* **sequence** (raw text, a one-line copy): figures in order, nothing marks a blank cell.

A sequence with fewer figures than columns is placed only where every order-keeping placement that the row's own
arithmetic (总计 = the sum of its parts) allows gives the same figure; the other cells stay blank and the caller logs
"无法确定位置" with the row's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from gkdesk.core.importers.labels import is_blank_marker, is_numeric
from gkdesk.core.importers.tables import Token

#: a sum inside a row: (indexes of the parts, index of the total)
Sum = tuple[tuple[int, ...], int]
#: more placements than this are not enumerated (the row is left blank instead)
_MAX_PLACEMENTS = 20000


@dataclass
class Placement:
    """Where a row's figures went: one token per column, and what was uncertain or missing."""

    cells: list[Token | None]  # one per column; None = blank (written blank, or not placeable)
    uncertain: list[int] = field(default_factory=list)  # columns whose figure could not be placed with certainty
    missing: list[int] = field(default_factory=list)  # columns the row does not reach (a row cut short)
    how: str = ""  # "exact", "position", "arithmetic", "trimmed", "uncertain"


def number(tok: Token | None) -> float | None:
    """The figure as a number for arithmetic; None for a blank (empty cell or a dash)."""
    if tok is None or not tok.text.strip() or is_blank_marker(tok.text):
        return None
    if not is_numeric(tok.text):
        return None
    import re
    import unicodedata

    t = unicodedata.normalize("NFKC", tok.text).replace(",", "").replace("，", "").replace(" ", "")
    m = re.match(r"[+-]?\d+(?:\.\d+)?", t)
    return float(m.group(0)) if m else None


def sums_hold(cells: list[Token | None], sums: list[Sum], need_totals: bool = False) -> bool:
    """Every stated total equals the sum of its parts (blank parts count as 0). A blank total states nothing; with
    ``need_totals`` it fails the check (a placement that leaves a total out has nothing to confirm it)."""
    for parts, total in sums:
        t = number(cells[total])
        if t is None:
            if need_totals or cells[total] is not None and cells[total].text.strip() \
                    and not is_blank_marker(cells[total].text):
                return False  # no total to confirm it, or a word where a total should be
            continue
        s = 0.0
        for p in parts:
            v = number(cells[p])
            if v is None and cells[p] is not None and cells[p].text.strip() and not is_blank_marker(cells[p].text):
                return False
            s += v or 0.0
        if abs(s - t) > 1e-6:
            return False
    return True


def delimited(values: list[Token], n: int) -> Placement:
    """Cells of a row of cells: exactly n after the label is certain. Surplus empty cells (merged label columns, a
    value spanning columns) are dropped from one end only when that end alone explains them; a short row (cut off)
    keeps its cells from the left."""
    vals = list(values)
    if len(vals) == n:
        return Placement(list(vals), how="exact")
    if len(vals) < n:
        return Placement(list(vals) + [None] * (n - len(vals)), missing=list(range(len(vals), n)), how="exact")
    surplus = len(vals) - n
    lead = next((i for i, t in enumerate(vals) if t.text.strip()), len(vals))
    trail = next((i for i, t in enumerate(reversed(vals)) if t.text.strip()), len(vals))
    if lead == len(vals):  # nothing written at all
        return Placement(vals[:n], how="exact")
    options = []
    for k in range(surplus + 1):  # k empties dropped at the start, the rest at the end
        if k <= lead and surplus - k <= trail:
            options.append(vals[k:k + n])
    distinct = {tuple(id(t) for t in o) for o in options}
    if len(distinct) == 1:
        return Placement(list(options[0]), how="trimmed")
    # surplus empty cells at both ends: the written cells could stand in more than one place
    if all(len({id(o[i]) for o in options}) == 1 for i in range(n)):
        return Placement(list(options[0]), how="trimmed")
    return Placement([None] * n, uncertain=list(range(n)), how="uncertain")


def sequence(values: list[Token], n: int, sums: list[Sum]) -> Placement:
    """Figures in order, blanks unmarked: placed only where every placement the row's arithmetic allows agrees."""
    vals = [v for v in values if v.text.strip()]
    k = len(vals)
    if k == n:  # every cell written; the row's sums still confirm that these figures are this row's, in this order
        if sums_hold(list(vals), sums):
            return Placement(list(vals), how="exact")
        return Placement([None] * n, uncertain=list(range(n)), how="uncertain")
    if k > n or k == 0:
        return Placement([None] * n, uncertain=list(range(n)) if k else [], how="uncertain")
    agreed: list[set[int]] | None = None
    count = 0
    for slots in combinations(range(n), k):
        count += 1
        if count > _MAX_PLACEMENTS:
            return Placement([None] * n, uncertain=list(range(n)), how="uncertain")
        cells: list[Token | None] = [None] * n
        for s, v in zip(slots, vals, strict=True):
            cells[s] = v
        if not sums_hold(cells, sums, need_totals=True):
            continue
        ids = [{id(c) if c is not None else 0} for c in cells]
        agreed = ids if agreed is None else [a | b for a, b in zip(agreed, ids, strict=True)]
    if agreed is None:
        return Placement([None] * n, uncertain=list(range(n)), how="uncertain")
    by_id = {id(v): v for v in vals}
    out: list[Token | None] = [None] * n
    uncertain = []
    for i, a in enumerate(agreed):
        if len(a) == 1:
            only = next(iter(a))
            out[i] = by_id.get(only) if only else None
        else:
            uncertain.append(i)
    return Placement(out, uncertain=uncertain, how="arithmetic" if not uncertain else "uncertain")


@dataclass
class Columns:
    """Where each column stands in page-layout text: the median left edge, right edge and centre of its figures in
    the table's complete rows."""

    x0: list[float]
    x1: list[float]
    centre: list[float]

    @classmethod
    def learn(cls, rows: list[list[Token]], n: int) -> Columns | None:
        """The columns, when the complete rows agree on them (figures separated by single spaces do not)."""
        full = [r for r in rows if len(r) == n and all(t.x0 >= 0 for t in r)]
        if len(full) < 2 or n < 2:
            return None

        def med(xs: list[float]) -> float:
            xs = sorted(xs)
            return xs[len(xs) // 2]

        cols = cls([med([r[k].x0 for r in full]) for k in range(n)], [med([r[k].x1 for r in full]) for k in range(n)],
                   [med([r[k].center for r in full]) for k in range(n)])
        if any(cols.centre[k + 1] - cols.centre[k] < 3 for k in range(n - 1)):
            return None
        agree = sum(1 for r in full if all(cols.distance(t, k) <= 0.5 * cols.tolerance(k) for k, t in enumerate(r)))
        return cols if agree >= 0.8 * len(full) else None

    def distance(self, tok: Token, k: int) -> float:
        return min(abs(tok.x0 - self.x0[k]), abs(tok.x1 - self.x1[k]), abs(tok.center - self.centre[k]))

    def tolerance(self, k: int) -> float:
        gaps = [abs(self.centre[k] - self.centre[j]) for j in (k - 1, k + 1) if 0 <= j < len(self.centre)]
        return 0.4 * min(gaps) if gaps else 3.0


def positioned(values: list[Token], n: int, cols: Columns | None, sums: list[Sum]) -> Placement:
    """Figures of page-layout text under the columns they stand in; when a figure is not clearly under one column,
    the row is placed as a sequence (certain cells only)."""
    vals = [v for v in values if v.text.strip()]
    if len(vals) == n:
        return sequence(vals, n, sums)
    if cols is not None and 0 < len(vals) < n and all(v.x0 >= 0 for v in vals):
        out: list[Token | None] = [None] * n
        last = -1
        ok = True
        for v in vals:
            ds = sorted((cols.distance(v, k), k) for k in range(n))
            (d1, k1), (d2, _k2) = ds[0], ds[1]
            if d1 > cols.tolerance(k1) or d2 <= 2 * d1 + 1 or k1 <= last:
                ok = False
                break
            out[k1] = v
            last = k1
        if ok and sums_hold(out, sums):
            return Placement(out, how="position")
    return sequence(vals, n, sums)
