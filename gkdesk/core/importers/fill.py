"""The three tables from a section's cells: each row's figures placed where their place is certain, the rest blank
and logged ("无法确定位置" with the row's text); the 2019 layout mapped; stated totals compared with the sums."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from gkdesk.core.format import ReportFormat, RowDef, TableDef, load_format
from gkdesk.core.importers.labels import fold, is_blank_marker, is_value, recall, squeeze
from gkdesk.core.importers.log import ImportLog, Kind, short
from gkdesk.core.importers.place import Columns, Placement, Sum, delimited, positioned, sequence, sums_hold
from gkdesk.core.importers.source import Document, nfkc
from gkdesk.core.importers.tables import Record, Token, align, column_labels_found, records
from gkdesk.core.report import CellValue, Report, parse_loose_value

_YUAN = re.compile(r"^\s*(\d[\d,]*(?:\.\d+)?)\s*元\s*$")


def row_sums(tdef: TableDef, row: RowDef) -> list[Sum]:
    """The sums inside one row (T3's 总计 column, T4's three 总计) as column indexes."""
    out: list[Sum] = []
    cols = list(row.columns)
    for c in tdef.computed:
        if c.kind == "column_sum" and c.target in cols and all(o in cols for o in c.of):
            out.append((tuple(cols.index(o) for o in c.of), cols.index(c.target)))
    return out


def _where(tok: Token | Record | None) -> str:
    return f"第{tok.line}行" if tok is not None and tok.line else ""


def row_text(rec: Record) -> str:
    figures = " ".join(v.text if v.text.strip() else "（空）" for v in rec.values)
    return short(f"{squeeze(rec.label)} {figures}".strip(), 80)


def _is_last_token(doc: Document, tok: Token) -> bool:
    last = next((ln for ln in reversed(doc.lines) if ln.text.strip()), None)
    return last is not None and last.no == tok.line and last.text.rstrip().endswith(tok.text)


def place(doc: Document, values: list[Token], n: int, sums: list[Sum], cols: Columns | None) -> Placement:
    if any(v.delim for v in values):
        return delimited(values, n)
    if doc.layout and values and all(v.x0 >= 0 for v in values):
        return positioned(values, n, cols, sums)
    return sequence(values, n, sums)


def cell_value(tok: Token | None, typ: str, log: ImportLog, tkey: str, label: str, where: str) -> CellValue:
    if tok is None or not tok.text.strip() or is_blank_marker(tok.text):
        return None
    v = parse_loose_value(tok.text, typ)
    if typ == "decimal":
        yuan = _YUAN.match(nfkc(tok.text))
        if yuan:  # "5000元" in a 万元 column is 0.5 万元
            v = (Decimal(yuan.group(1).replace(",", "")) / 10000).normalize()
            log.add("assumed", tkey, f"“{label}”原文写的是“{tok.text.strip()}”，按 {v} 万元导入，请核对。", where)
    return v


def _store(report: Report | None, into: dict | None, tdef: TableDef, tkey: str, rk: str, ck: str,
           v: CellValue) -> None:
    if into is not None:
        into[(rk, ck)] = v
    elif tdef.is_computed(rk, ck):
        if v is not None:
            report.stated.setdefault(tkey, {}).setdefault(rk, {})[ck] = v  # type: ignore[union-attr]
    else:
        report.set_raw(tkey, rk, ck, v)  # type: ignore[union-attr]


def fill_rows(tdef: TableDef, recs: list[Record], report: Report | None, log: ImportLog, doc: Document,
              tkey: str, into: dict[tuple[str, str], CellValue] | None = None) -> bool:
    """Put aligned records' figures into the report (or into ``into``); log every row."""
    recs = split_labels_then_figures(tdef, recs, log, tkey)
    matched = align(recs, tdef.rows)
    complete: dict[int, list[list[Token]]] = {}
    for rec, row, _s in matched:
        written = [v for v in rec.values if v.text.strip()]
        if len(written) == len(row.columns) and not any(v.delim for v in rec.values):
            complete.setdefault(len(row.columns), []).append(written)
    learned = {n: Columns.learn(rows, n) for n, rows in complete.items()}
    seen = set()
    for rec, row, score in matched:
        seen.add(row.key)
        n = len(row.columns)
        values = list(rec.values)
        if doc.truncated_tail and values and _is_last_token(doc, values[-1]) and values[-1].text:
            values = values[:-1]
            log.add("missing", tkey, f"原文在“{row.label}”这一行的最后一个数字处中断，这个数字可能不完整，没有导入。",
                    _where(rec))
        if rec.unplaceable:
            pl = Placement([None] * n, uncertain=list(range(n)), how="uncertain")
        else:
            pl = place(doc, values, n, row_sums(tdef, row), learned.get(n))
        _log_row(rec, row, score, pl, tdef, log, tkey)
        for k, (col, tok) in enumerate(zip(row.columns, pl.cells, strict=True)):
            v = None if k in pl.uncertain else cell_value(tok, row.type, log, tkey, row.label, _where(rec))
            _store(report, into, tdef, tkey, row.key, col, v)
    missing_rows = [r for r in tdef.rows if r.key not in seen]
    if missing_rows:
        names = "；".join(r.label for r in missing_rows)
        log.add("missing", tkey, f"没有找到以下 {len(missing_rows)} 行，留空：{names}。")
    used = {id(m[0]) for m in matched}
    for rec in recs:
        if id(rec) not in used and rec.has_numbers and rec.labels:
            nums = " ".join(v.text for v in rec.values if v.text)
            log.add("unmapped", tkey, f"“{short(squeeze(rec.label), 30)}”（{short(nums, 40)}）对应不到本表任何一行，没有导入。",
                    _where(rec))
    _column_labels(recs, tdef, log, tkey)
    return bool(matched)


def _log_row(rec: Record, row: RowDef, score: float, pl: Placement, tdef: TableDef, log: ImportLog,
             tkey: str) -> None:
    if score >= 0.999 or fold(rec.labels[-1].text) == fold(row.label):
        kind: Kind = "matched"
        how = f"“{row.label}”"
    else:
        kind = "fuzzy"
        how = f"原文“{short(squeeze(rec.label), 30)}”按“{row.label}”导入（相似度 {score:.0%}）"
    shown = []
    for k, tok in enumerate(pl.cells):
        shown.append("？" if k in pl.uncertain else tok.text.strip() if tok is not None and tok.text.strip() else "空")
    log.add(kind, tkey, f"{how}：{' '.join(shown)}", _where(rec))
    names = [tdef.columns[c] for c in row.columns]
    if pl.uncertain:
        cols = "、".join(names[k] for k in pl.uncertain)
        log.add("missing", tkey, f"“{row.label}”这一行的数字无法确定位置（原文：“{row_text(rec)}”），{cols}留空，"
                "请对照原文填写。", _where(rec))
    elif pl.how == "position":
        blanks = [names[k] for k, t in enumerate(pl.cells) if t is None]
        log.add("assumed", tkey, f"“{row.label}”这一行只有 {sum(1 for t in pl.cells if t is not None)} 个数，"
                f"按它们在版面上所在的列放入；空着的是：{'、'.join(blanks)}。", _where(rec))
    elif pl.how == "arithmetic":
        blanks = [names[k] for k, t in enumerate(pl.cells) if t is None]
        log.add("assumed", tkey, f"“{row.label}”这一行少了数字，按本行合计能唯一确定各数所在的列；空着的是："
                f"{'、'.join(blanks)}，请核对。", _where(rec))
    if pl.missing:
        got = len(pl.cells) - len(pl.missing)
        log.add("missing", tkey, f"“{row.label}”这一行只找到 {got} 个数（应有 {len(pl.cells)} 个），"
                f"没有找到：{'、'.join(names[k] for k in pl.missing)}，留空。", _where(rec))


def _column_labels(recs: list[Record], tdef: TableDef, log: ImportLog, tkey: str) -> None:
    found = column_labels_found([t for r in recs for t in r.labels], tdef)
    logged: set[tuple[str, str]] = set()
    for ck, text, _s in found:
        ft, fl = fold(text), fold(tdef.columns[ck])
        if ft != fl and not fl.startswith(ft) and (ck, ft) not in logged:
            logged.add((ck, ft))
            log.add("fuzzy", tkey, f"列名“{squeeze(text)}”按“{tdef.columns[ck]}”识别。")


# --- labels first, then figures ----------------------------------------------------------------------------
def split_labels_then_figures(tdef: TableDef, recs: list[Record], log: ImportLog, tkey: str) -> list[Record]:
    """Text extracted without layout gives a block's row labels first, then all its figures. Such a record is split
    into one record per row only when the figures fit the rows exactly and every row's own sum confirms it (and no
    other reading order does too); otherwise each row is marked unplaceable (blank and logged)."""
    out: list[Record] = []
    for rec in recs:
        rows = _rows_named(tdef, rec) if len(rec.labels) >= 2 and rec.has_numbers else []
        figures = [v for v in rec.values if v.text.strip()]
        if len(rows) < 2 or any(v.delim for v in rec.values):
            out.append(rec)
            continue
        need = sum(len(r.columns) for _t, r in rows)
        split = _row_major(rows, figures) if len(figures) == need else None
        confirmed = split is not None and all(sums_hold(cells, row_sums(tdef, r)) for (_t, r), cells
                                              in zip(rows, split, strict=True))
        checkable = any(row_sums(tdef, r) for _t, r in rows)
        alt = _column_major(rows, figures) if confirmed else None
        if alt is not None and alt != split and all(sums_hold(c, row_sums(tdef, r)) for (_t, r), c
                                                    in zip(rows, alt, strict=True)):
            confirmed = False
        names = "、".join(f"“{r.label}”" for _t, r in rows[:3]) + ("等" if len(rows) > 3 else "")
        if confirmed and checkable and split is not None:
            log.add("assumed", tkey, f"{names} {len(rows)} 行的标签在前、{len(figures)} 个数字在后（无版面的文字），"
                    "数字个数与各行栏目数正好相符，且每行合计都对得上，按行依次放入，请核对。", _where(rec))
            for (tok, _r), cells in zip(rows, split, strict=True):
                out.append(Record(labels=[tok], values=list(cells)))
            continue
        why = ("数字个数与各行栏目数不符" if len(figures) != need else
               "这些行没有合计可以核对" if not checkable else "按行放入后合计对不上，或还有别的放法也对得上")
        log.add("missing", tkey, f"{names} {len(rows)} 行的标签在前、数字在后（无版面的文字），{why}，"
                f"无法确定位置，这些行留空（原文：“{row_text(rec)}”）。", _where(rec))
        for tok, _r in rows:
            out.append(Record(labels=[tok], values=[Token("", tok.line, tok.row)], unplaceable=True))
    return out


def _rows_named(tdef: TableDef, rec: Record) -> list[tuple[Token, RowDef]]:
    """The label cells of a record that each name a different row of the table, in the table's order."""
    out: list[tuple[Token, RowDef]] = []
    j = 0
    for tok in rec.labels:
        for k in range(j, len(tdef.rows)):
            ft = fold(tok.text)
            if ft == fold(tdef.rows[k].label) or len(ft) >= 4 and recall(tdef.rows[k].label, tok.text) >= 0.9:
                out.append((tok, tdef.rows[k]))
                j = k + 1
                break
    return out


def _row_major(rows: list[tuple[Token, RowDef]], figures: list[Token]) -> list[list[Token]]:
    out, i = [], 0
    for _t, r in rows:
        out.append(figures[i:i + len(r.columns)])
        i += len(r.columns)
    return out


def _column_major(rows: list[tuple[Token, RowDef]], figures: list[Token]) -> list[list[Token]] | None:
    widths = {len(r.columns) for _t, r in rows}
    if len(widths) != 1:
        return None
    n, m = widths.pop(), len(rows)
    return [[figures[c * m + i] for c in range(n)] for i in range(m)]


# --- T4: one row of 15 cells ------------------------------------------------------------------------------
def fill_t4(toks: list[Token], tdef: TableDef, report: Report, log: ImportLog, doc: Document) -> bool:
    cols = [(r.key, c) for r in tdef.rows for c in r.columns]
    sums: list[Sum] = []
    for i, r in enumerate(tdef.rows):
        for parts, total in row_sums(tdef, r):
            off = sum(len(x.columns) for x in tdef.rows[:i])
            sums.append((tuple(p + off for p in parts), total + off))
    data = _t4_cells(toks, len(cols))
    if data is None:
        recs = records(toks)
        if align(recs, tdef.rows):
            return fill_rows(tdef, recs, report, log, doc, "t4")
        log.add("missing", "t4", "这一部分没有找到表格数字，表格留空。")
        return False
    if doc.truncated_tail and data and data[-1].text and _is_last_token(doc, data[-1]):
        data = data[:-1]
        log.add("missing", "t4", "原文在表格最后一个数字处中断，这个数字可能不完整，没有导入。")
    pl = place(doc, data, len(cols), sums, None)
    for k, ((rk, ck), tok) in enumerate(zip(cols, pl.cells, strict=True)):
        v = None if k in pl.uncertain else cell_value(tok, "int", log, "t4", tdef.row(rk).label, "")
        _store(report, None, tdef, "t4", rk, ck, v)
    shown = " ".join("？" if k in pl.uncertain else (t.text.strip() or "空") if t is not None else "空"
                     for k, t in enumerate(pl.cells))
    log.add("matched", "t4", f"按表格列的顺序读到 {sum(1 for t in data if t.text.strip())} 个数：{shown}",
            _where(data[0]) if data else "")
    names = [f"{tdef.row(rk).label}·{tdef.columns[ck]}" for rk, ck in cols]
    text = short(" ".join(t.text if t.text.strip() else "（空）" for t in data), 80)
    if pl.uncertain:
        log.add("missing", "t4", f"表格的数字无法确定位置（原文：“{text}”），{'、'.join(names[k] for k in pl.uncertain)}"
                "留空，请对照原文填写。")
    elif pl.how == "arithmetic":
        log.add("assumed", "t4", f"表格少了数字，按各组合计能唯一确定各数所在的列；空着的是："
                f"{'、'.join(names[k] for k, t in enumerate(pl.cells) if t is None)}，请核对。")
    if pl.missing:
        log.add("missing", "t4", f"只找到 {len(cols) - len(pl.missing)} 个数（应有 {len(cols)} 个），没有找到："
                f"{'、'.join(names[k] for k in pl.missing)}，留空。")
    return bool(data)


def _t4_cells(toks: list[Token], n: int) -> list[Token] | None:
    """The figure cells of T4: the first physical row with figures (with the next row when it wraps), or, without
    rows, every figure of the section in order."""
    by_row: dict[int, list[Token]] = {}
    for t in toks:
        if t.row >= 0:
            by_row.setdefault(t.row, []).append(t)
    rows = list(by_row.values())
    for i, ts in enumerate(rows):
        figs = [t for t in ts if t.text and is_value(t.text)]
        if len(figs) >= 4 and len(figs) >= len([t for t in ts if t.text]) - 1:
            cells = [t for t in ts if t.text == "" or is_value(t.text)]
            if any(t.delim for t in cells):
                return _trim_delimited(cells, n)
            for more in rows[i + 1:]:  # a data row wrapped onto the next line
                if len(cells) >= n:
                    break
                extra = [t for t in more if t.text and is_value(t.text)]
                if not extra or len(extra) < len([t for t in more if t.text]):
                    break
                cells += extra
            return cells
    vals = [v for r in records(toks) for v in r.values]
    if sum(1 for v in vals if v.text.strip()) >= 4:
        if any(v.delim for v in vals):
            return _trim_delimited(vals, n)
        return [v for v in vals if v.text.strip()]
    return None


def _trim_delimited(cells: list[Token], n: int) -> list[Token]:
    return cells if len(cells) <= n else delimited(cells, n).cells  # type: ignore[return-value]


# --- the 2019 layout -----------------------------------------------------------------------------------------
def fill_2019(tkey: str, toks: list[Token], report: Report, log: ImportLog, doc: Document) -> bool:
    old = load_format("2019")
    tdef = old.table(tkey)
    got: dict[tuple[str, str], CellValue] = {}
    sub = ImportLog()
    ok = fill_rows(tdef, records(toks), None, sub, doc, tkey, into=got)
    for e in sub.entries:
        log.add(e.kind, e.table, e.text.replace("按“", "按2019年格式的“"), e.where)
    mapping = old.parameters.get("map_to_2021", {})
    reasons: dict[str, str] = mapping.get("unmapped_reason", {})
    new = report.format.table(tkey)
    used: set[tuple[str, str]] = set()
    for m in mapping.get("cells", []):
        ft, fr, fc = m["from"]
        if ft != tkey or (fr, fc) not in got:
            continue
        _, tr, tc = m["to"]
        report.set_raw(tkey, tr, tc, got[(fr, fc)])
        used.add((fr, fc))
        if m.get("kind") == "assumed":
            log.add("assumed", tkey, f"{m.get('why', '')}：{show(got[(fr, fc)])}，请核对。")
    if tkey == "t3":
        for (rk, ck), v in got.items():
            if rk == "ot_all":
                continue
            used.add((rk, ck))
            _store(report, None, new, "t3", rk, ck, v)
    for (rk, ck), v in got.items():
        if (rk, ck) in used:
            continue
        why = reasons.get(f"{tkey}.{rk}.{ck}") or reasons.get(f"{tkey}.{rk}") or "2021年格式没有对应栏目"
        label = f"{tdef.row(rk).label}·{tdef.columns[ck]}"
        log.add("unmapped", tkey, f"2019年格式“{label}”= {show(v)}：{why}，没有导入。")
    return ok


# --- stated totals -------------------------------------------------------------------------------------------
def stated_totals(report: Report, fmt: ReportFormat, log: ImportLog) -> None:
    """Keep only the stated totals that differ from the sums gkdesk computes; say which agree and which do not."""
    for tkey, grid in list(report.stated.items()):
        tdef = fmt.table(tkey)
        agree, differ, unchecked = 0, [], []
        for rk, cols in list(grid.items()):
            for ck, v in list(cols.items()):
                computed = report.value(tkey, rk, ck)
                if same(v, computed):
                    del cols[ck]
                    agree += 1
                elif _has_blank_part(report, tdef, rk, ck):
                    unchecked.append(f"{tdef.row(rk).label}·{tdef.columns[ck]}：原文 {show(v)}")
                else:
                    differ.append(f"{tdef.row(rk).label}·{tdef.columns[ck]}：原文 {show(v)}，各项之和 {show(computed)}")
            if not cols:
                del grid[rk]
        if not grid:
            del report.stated[tkey]
        if agree:
            log.add("matched", tkey, f"原文所列 {agree} 个合计数与各项之和一致。")
        for d in differ:
            log.add("assumed", tkey, f"原文所列合计与各项之和不一致（{d}）。已保留原文数字，校验会指出；"
                    "核实后可用“采用计算的合计”更正。")
        if unchecked:
            log.add("assumed", tkey, f"{len(unchecked)} 个原文所列合计暂时无法核对，因为它们的部分栏目留空了"
                    f"（{'；'.join(unchecked[:4])}{'等' if len(unchecked) > 4 else ''}）。已保留原文数字，补齐空格后校验会核对。")


def _has_blank_part(report: Report, tdef: TableDef, rk: str, ck: str) -> bool:
    """A computed cell some of whose input cells are blank (so its sum says nothing about the source's arithmetic)."""
    comp = tdef.computed_def(rk, ck)
    if comp is None:
        return report.raw(tdef.key, rk, ck) is None
    parts = [(rk, c) for c in comp.of] if comp.kind == "column_sum" else [(r, ck) for r in comp.of]
    return any(_has_blank_part(report, tdef, r, c) for r, c in parts)


def same(a: CellValue, b: CellValue) -> bool:
    if a is None or b is None:
        return a is b
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except (InvalidOperation, ValueError):
        return str(a) == str(b)


def show(v: CellValue) -> str:
    return "空" if v is None else str(v)
