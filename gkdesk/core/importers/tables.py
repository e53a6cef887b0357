"""Figures out of table text: cells as tokens, tokens as labelled records, records aligned to the format's rows."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from gkdesk.core.format import RowDef, TableDef
from gkdesk.core.importers.labels import fold, is_numeric, is_value, similarity
from gkdesk.core.importers.source import Document
from gkdesk.core.importers.structure import PAGE_MARK

_GAP = re.compile(r"(?: {2,}|\u3000+|\t)")
_NUM_RUN = re.compile(r"^[\d.,/—\-]+(?: [\d.,/—\-]+)+$")
#: a line of prose inside a table section ("该部分以表格形式报告。", the narrative of 三 in some reports)
_PROSE = re.compile(r"[。；！？]")


@dataclass
class Token:
    """A figure or word read from the source, with where it came from."""

    text: str
    line: int  # source line number
    row: int  # physical row id (-1 when the source has no rows: one cell per line)
    grid: bool = False  # from a row of cells (TAB line, HTML or workbook row): an empty cell is a blank figure
    delim: bool = False  # a delimited cell (a row of cells, or ``|`` cells): every cell, empty ones too, is written
    x0: int = -1  # display columns the cell occupies in page-layout text (CJK characters are two wide)
    x1: int = -1

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Record:
    """Label cells followed by value cells, as they come in the source."""

    labels: list[Token] = field(default_factory=list)
    values: list[Token] = field(default_factory=list)
    unplaceable: bool = False  # its figures were found but cannot be placed with certainty (labels-then-figures)

    @property
    def label(self) -> str:
        return " ".join(t.text for t in self.labels)

    @property
    def line(self) -> int:
        return (self.labels or self.values)[0].line if (self.labels or self.values) else 0

    @property
    def has_numbers(self) -> bool:
        return any(t.text.strip() for t in self.values)

    @property
    def has_figures(self) -> bool:
        """Figures written, or (in a row of cells) blank figure cells on the label's own row."""
        if self.has_numbers or self.unplaceable:
            return True
        if not self.labels or not self.labels[-1].grid:
            return False
        return any(v.row == self.labels[-1].row for v in self.values)


@dataclass
class Prose:
    """A line of running text met inside a table."""

    text: str
    line: int


def tokens(doc: Document, start: int, stop: int) -> tuple[list[Token], list[Prose]]:
    """The cells of lines [start, stop) in reading order, and the prose lines found among them."""
    lines = doc.lines[start:stop]
    out: list[Token] = []
    prose: list[Prose] = []
    pipe_lines = sum(1 for ln in lines if "|" in ln.text)
    if pipe_lines >= 3 and not any(ln.cells is not None for ln in lines):
        return _pipe_tokens(lines, prose), prose
    for ln in lines:
        if ln.cells is not None:
            for c in ln.cells:
                if c is None:
                    continue  # covered by a merged cell
                out.append(Token(c.strip(), ln.no, ln.no, grid=True, delim=True))
            continue
        s = ln.text.strip()
        if not s or PAGE_MARK.match(s):
            continue
        if _is_prose(s):
            prose.append(Prose(s, ln.no))
            continue
        split = doc.layout or bool(_GAP.search(s)) and _has_number_cells(s)
        out.extend(Token(t, ln.no, ln.no, x0=a, x1=b) for t, a, b in split_cells(ln.text, split))
    return out, prose


_VALUE_WORD = r"(?:[\d.,，]+(?:件|个|条|万元|元)?|[/／—–\-－]+|无)"
_TRAILING = re.compile(rf"^(.*?[^\d\s.,，])\s+({_VALUE_WORD}(?:\s+{_VALUE_WORD})*)$")


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def split_cells(raw: str, by_gaps: bool) -> list[tuple[str, int, int]]:
    """Cells of a text line with their display columns: split at runs of 2+ spaces (when ``by_gaps``), and a run of
    figures separated by single spaces at the end of a label ("规章 0 0 0") is split off as cells too."""
    xs = []
    x = 0
    for ch in raw:
        xs.append(x)
        x += 4 - x % 4 if ch == "\t" else _width(ch)
    xs.append(x)
    segs: list[tuple[int, int]] = []
    pattern = r"\S+(?:[ ]\S+)*" if by_gaps else r"\S.*\S|\S"
    for m in re.finditer(pattern, raw.replace("\u3000", "  ")):
        segs.append((m.start(), m.end()))
    out: list[tuple[str, int, int]] = []
    for a, b in segs:
        text = raw[a:b]
        tm = _TRAILING.match(text)
        if tm and not is_value(text):
            label_end = a + len(tm.group(1))
            out.append((raw[a:label_end], xs[a], xs[label_end]))
            a = a + tm.start(2)
            text = raw[a:b]
        if " " in text and all(is_value(w) for w in text.split()):
            for w in re.finditer(r"\S+", text):
                out.append((w.group(0), xs[a + w.start()], xs[a + w.end()]))
        else:
            out.append((text, xs[a], xs[b]))
    return out


def _has_number_cells(s: str) -> bool:
    return sum(1 for p in _GAP.split(s) if is_value(p)) >= 1


def _is_prose(s: str) -> bool:
    """A sentence rather than a cell: ends a sentence somewhere, or is long and comma-separated (not a bracketed
    note such as "（本列数据的勾稽关系为：……）")."""
    t = s.strip()
    if is_value(t) or t[:1] in "（(" and t[-1:] in "）)":
        return False
    return len(t) > 24 and bool(_PROSE.search(t)) or len(t) > 60 and t.count("，") + t.count(",") >= 3


def _pipe_tokens(lines, prose: list[Prose]) -> list[Token]:
    """``|``-separated cells, whether a row is on one line ("规章 | 0 | 0 |") or a cell per line between ``|`` lines.
    A ``|`` ends a cell; line breaks inside a cell are joined ("商业\\n企业")."""
    out: list[Token] = []
    pending: list[tuple[str, int]] = []
    row = -1  # a line holding a whole row ("规章 | 0 | 0 | 0 |") is that row; one cell per line has no rows

    def flush(closed: bool) -> None:
        nonlocal pending
        texts = [t for t, _ in pending if t]
        first = pending[0][1] if pending else 0
        if texts and any(_is_prose(t) for t in texts):
            for t, no in pending:
                if t and _is_prose(t):
                    prose.append(Prose(t, no))
                elif t:
                    out.append(Token(t, no, row, grid=row >= 0, delim=True))
        elif texts:
            out.append(Token("".join(texts), first, row, grid=row >= 0, delim=True))
        elif closed:
            out.append(Token("", first, row, grid=row >= 0, delim=True))
        pending = []

    for ln in lines:
        s = ln.text.strip()
        if "|" not in s:
            if s:
                pending.append((s, ln.no))
            continue
        whole_row = s.count("|") >= 2 and len(s.strip("| ")) > 0
        if whole_row and pending:
            flush(False)
        row = ln.no if whole_row else -1
        pieces = s.split("|")
        for k, piece in enumerate(pieces):
            piece = piece.strip()
            if k < len(pieces) - 1:
                if piece:
                    pending.append((piece, ln.no))
                if not pending:
                    pending.append(("", ln.no))
                flush(True)
            elif piece:
                pending.append((piece, ln.no))
        if whole_row and pending:
            flush(False)
    flush(False)
    return out


def records(toks: list[Token]) -> list[Record]:
    recs: list[Record] = []
    cur: Record | None = None
    for t in toks:
        if t.text == "" or is_value(t.text):
            if cur is None or _starts_next_row(cur, t):
                cur = Record()
                recs.append(cur)
            cur.values.append(t)
        else:
            new_row = t.grid and cur is not None and cur.labels and cur.values and cur.values[-1].row != t.row
            if cur is None or cur.has_numbers or new_row:
                cur = Record()
                recs.append(cur)
            elif cur.values:  # empty cells between labels (merged label columns) belong to no one
                cur.values = []
            cur.labels.append(t)
    return recs


def _starts_next_row(cur: Record, t: Token) -> bool:
    """A cell on a later row than its record's label, after that row's own cells: the next row's leading (merged
    label) columns, not this row's figures."""
    if not t.grid or not cur.labels:
        return False
    own = cur.labels[-1].row
    return t.row != own and any(v.row == own for v in cur.values)


def fit_values(values: list[Token], n: int) -> list[Token]:
    """The n cells of a row: surplus empty cells (merged label columns, row ends) dropped at the ends first."""
    vals = list(values)
    while len(vals) > n and vals and vals[0].text == "":
        vals.pop(0)
    while len(vals) > n and vals and vals[-1].text == "":
        vals.pop()
    while vals and vals[-1].text == "" and len(vals) > n:
        vals.pop()
    return vals[:n]


def row_score(row: RowDef, label: str) -> float:
    """How well a record's label names a row: the row's own label, helped by its parents' labels."""
    own = similarity(row.label, label)
    if len(row.labels) > 1 and 0.55 <= own < 0.999:  # parents help a label that is already half there
        full = similarity("".join(row.labels[1:]), label) if len(row.labels) > 2 else own
        own = max(own, min(full, 0.98))
    return own


def align(recs: list[Record], rows: tuple[RowDef, ...], threshold: float = 0.56) -> list[tuple[Record, RowDef, float]]:
    """Match records (with figures) to rows keeping the table's order: a dynamic programme maximising the summed
    label similarity, so wrapped, cut or misspelt labels still land in the right row and nothing is matched twice."""
    headers = {fold(lb) for r in rows for lb in r.labels[:-1]}
    cand = [r for r in recs if r.labels and (r.has_numbers or r.has_figures and fold(r.label) not in headers)]
    n, m = len(cand), len(rows)
    if not n or not m:
        return []
    score = [[row_score(rows[j], cand[i].label) for j in range(m)] for i in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            b = max(best[i - 1][j], best[i][j - 1])
            s = score[i - 1][j - 1]
            if s >= threshold:
                b = max(b, best[i - 1][j - 1] + s)
            best[i][j] = b
    out: list[tuple[Record, RowDef, float]] = []
    i, j = n, m
    while i > 0 and j > 0:
        s = score[i - 1][j - 1]
        if s >= threshold and abs(best[i][j] - (best[i - 1][j - 1] + s)) < 1e-9:
            out.append((cand[i - 1], rows[j - 1], s))
            i, j = i - 1, j - 1
        elif abs(best[i][j] - best[i - 1][j]) < 1e-9:
            i -= 1
        else:
            j -= 1
    out.reverse()
    return out


def column_labels_found(toks: list[Token], tdef: TableDef) -> list[tuple[str, str, float]]:
    """Header cells that name a column of the table in other words: (column key, source text, similarity).
    Texts the official table itself contains (other headers, row labels) are not column labels."""
    import difflib

    known = {fold(c.text) for c in tdef.layout.cells if c.text}
    known |= {fold(lb) for r in tdef.rows for lb in r.labels}
    out = []
    for t in toks:
        ft = fold(t.text)
        if not ft or ft in known or is_numeric(t.text) or len(ft) > 30 or any(ft in k for k in known):
            continue  # the official table's own text, or a piece of it wrapped over lines
        for ck, label in tdef.columns.items():
            fl = fold(label)
            ratio = difflib.SequenceMatcher(None, fl, ft, autojunk=False).ratio()
            if (ft.startswith(fl) and len(ft) - len(fl) <= 8) or ratio >= 0.75:
                out.append((ck, t.text, max(ratio, similarity(label, t.text))))
    return out
