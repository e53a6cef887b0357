"""绑定正文数字: find figures typed into the narrative that equal the cell their sentence names, and bind them.

It reads the text the way TXT-NUM does (the same phrases: “受理政府信息公开申请21件” is 表三 本年新收 总计,
“行政复议3件” is 表四 行政复议 总计 …) and proposes a binding only when the figure EQUALS the table's current value:
a figure that differs is a TXT-NUM warning for the clerk to settle, never silently tied to a cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from gkdesk.core.bindings import Binding, Ref, text_fields
from gkdesk.core.report import Report
from gkdesk.core.rules.context import format_info
from gkdesk.core.rules.text import figure_cells, stated_figures
from gkdesk.core.rules.textnorm import norm
from gkdesk.core.textsim import nfkc


@dataclass(frozen=True)
class Proposal:
    """A figure found in a text that could be bound to its cells, with the words around it."""

    binding: Binding
    phrase: str  # the sentence's words around the figure, as TXT-NUM read them

    @property
    def figure(self) -> str:
        return self.phrase


def norm_map(text: str) -> list[int] | None:
    """For each character of ``norm(text)``, its index in ``text``; None where the mapping is not one-to-one
    enough to be sure (then nothing in that text is proposed)."""
    chars: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        for out in nfkc(ch):
            chars.append(out)
            idx.append(i)
    flat = "".join(chars)
    keep_c: list[str] = []
    keep_i: list[int] = []
    n = len(flat)
    i = 0
    while i < n:
        if flat[i].isspace():
            j = i
            while j < n and flat[j].isspace():
                j += 1
            if i > 0 and j < n and flat[i - 1].isdigit() and flat[j].isdigit():
                keep_c.append(" ")
                keep_i.append(idx[i])
            i = j
            continue
        keep_c.append(flat[i])
        keep_i.append(idx[i])
        i += 1
    if "".join(keep_c) != norm(text):
        return None
    return keep_i


def _ref_for(key: str, report: Report) -> Ref | None:
    """The cells a figure key names (the same resolution as TXT-NUM: roles from the format file)."""
    cells = figure_cells(format_info(report.format_version), key)
    return Ref(cells) if cells else None


def propose(report: Report) -> list[Proposal]:
    """Bindings for literal figures that equal the cell their phrase names (none already bound)."""
    info = format_info(report.format_version)
    blocks = {kw: (label, rows) for kw, label, rows in info.t3_blocks}
    keys = tuple(blocks)
    year = report.meta.year
    out: list[Proposal] = []
    for fid, text in text_fields(report):
        if not text:
            continue
        taken = [(b.start, b.end) for b in report.bindings if b.field == fid]
        mapping = None
        for key, n, phrase, a, b in stated_figures(text, year, keys):
            ref = _ref_for(key, report)
            if ref is None:
                continue
            try:
                ref.check(report)
            except ValueError:
                continue
            value = ref.value(report)
            if value is None or value != n:
                continue
            mapping = mapping or norm_map(text)
            if mapping is None:
                break
            start, end = mapping[a], mapping[b - 1] + 1
            literal = nfkc(text[start:end]).replace(",", "")
            if literal != str(n) or any(s < end and start < e for s, e in taken):
                continue  # a figure with separators or spaces inside is left as typed
            taken.append((start, end))
            out.append(Proposal(Binding(fid, start, end, ref), phrase))
    return out


def bind(report: Report, proposals: list[Proposal]) -> list[Binding]:
    """The report's bindings with the proposals added (for one undoable SetBindings edit)."""
    return sorted([*report.bindings, *(p.binding for p in proposals)], key=lambda b: (b.field, b.start))
