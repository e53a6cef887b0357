"""From a Document to a 2021 Report: meta, narrative, the three tables, stated totals, the 2019 layout, the log."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from gkdesk.core.format import ReportFormat, TableDef, load_format
from gkdesk.core.importers.labels import fold, is_numeric, similarity, squeeze
from gkdesk.core.importers.log import ImportLog, Kind
from gkdesk.core.importers.source import Document, nfkc
from gkdesk.core.importers.structure import (
    Structure,
    find_processing_fee,
    find_publish_date,
    find_structure,
    find_year,
    guess_level,
    meta_rows,
    paragraphs,
    parse_title,
    split_overview,
)
from gkdesk.core.importers.tables import (
    Record,
    Token,
    align,
    column_labels_found,
    fit_values,
    place_by_position,
    records,
    tokens,
)
from gkdesk.core.report import CellValue, Report, Subsection, parse_loose_value

#: what marks each table when its section heading is missing (folded text a line starts with or contains)
_ANCHORS = {
    "s2": ("第二十条第一项", "第二十条第(一)项"),
    "s3": ("本列数据的勾稽关系", "本年新收政府信息公开申请"),
    "s4": ("行政复议",),
}
_2019_MARKERS = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增减", "其他对外管理服务事项",
                 "第二十条第九项", "政府集中采购", "采购项目数量")


@dataclass
class ImportResult:
    report: Report | None
    log: ImportLog

    @property
    def ok(self) -> bool:
        return self.report is not None


def build(doc: Document) -> ImportResult:
    log = ImportLog(source_name=doc.name, source_kind=doc.kind)
    for note in doc.notes:
        log.add("ignored", "", note)
    fmt = load_format()
    report = Report.new(fmt=fmt)
    st = find_structure(doc)
    found_any = False
    found_any |= _meta(doc, st, report, log)
    found_any |= _narrative(doc, st, report, log)
    anchors = _anchors(doc, st)
    regions = {k: st.region(k, anchors) for k in ("s2", "s3", "s4")}
    legacy = _is_2019(doc, regions.get("s2"))
    if legacy:
        report.source_format = "2019"
        log.add("assumed", "", "表格是2019年试行格式（国办公开办函〔2019〕60号）：能对应的数字已按2021年格式导入，"
                "其余逐项列在下面。导入后请按2021年格式补齐，校验会提示格式问题（FMT-2021）。")
    for tkey, skey in (("t2", "s2"), ("t3", "s3"), ("t4", "s4")):
        reg = regions[skey]
        if reg is None:
            log.add("missing", tkey, f"原文中没有找到这张表格（{fmt.table(tkey).title}），表格留空。")
            continue
        toks, prose = tokens(doc, *reg)
        for p in prose:
            log.add("ignored", tkey, f"表格所在部分的文字没有导入（年度报告格式中这一部分只有表格）：“{_short(p.text)}”",
                    f"第{p.line}行")
        if tkey == "t4":
            got = _fill_t4(toks, fmt.table("t4"), report, log, doc)
        elif legacy and tkey in ("t2", "t3"):
            got = _fill_2019(tkey, toks, report, log, doc)
        else:
            got = _fill_rows(fmt.table(tkey), records(toks), report, log, doc, tkey)
            if tkey == "t3" and _has_single_other_row(records(toks)) and not legacy:
                report.source_format = "2019"
                log.add("assumed", "t3", "表格中“（六）其他处理”只有一行，是2019年试行格式的写法；这一行的数字没有导入，"
                        "请按2021年格式的三种情形分别填写。")
        found_any |= got
    _stated_totals(report, fmt, log)
    _report_cut(doc, st, log)
    if not found_any:
        return ImportResult(None, log)
    return ImportResult(report, log)


def _report_cut(doc: Document, st: Structure, log: ImportLog) -> None:
    """Say so when the source stops before its end (an excerpt, a page that did not load completely)."""
    if "s6" in st.headings or not st.headings:
        return
    last = next((ln for ln in reversed(doc.lines) if ln.text.strip()), None)
    if last is None:
        return
    later = [h for k, h in (("s4", "四"), ("s5", "五"), ("s6", "六")) if k not in st.headings]
    log.add("missing", "", f"原文在第{last.no}行“{_short(last.text.strip(), 20)}”之后就结束了，没有第{'、'.join(later)}部分。"
            "原文可能不完整（只复制了一部分，或网页没有加载完整），请核对原文后补齐。")


# --- meta ----------------------------------------------------------------------------------------------
def _meta(doc: Document, st: Structure, report: Report, log: ImportLog) -> bool:
    found = False
    all_text = "\n".join(ln.text for ln in doc.lines)
    org, year = ("", None)
    first = min((h.line for h in st.headings.values()), default=len(doc.lines))
    kv = meta_rows(doc, first)
    if st.title:
        org, year = parse_title(st.title)
        log.add("matched", "meta", f"标题：“{st.title}”", f"第{doc.lines[st.title_line].no}行" if st.title_line is not None
                else "")
        found = True
    if "org" in kv:
        org = kv["org"][0].strip()
        report.meta.org_name = org
        log.add("matched", "meta", f"机关名称：{org}", f"第{kv['org'][1]}行")
    elif org:
        report.meta.org_name = org
        log.add("matched", "meta", f"机关名称：{org}（取自标题）")
    else:
        guess = _org_from_text(all_text[:3000])
        if guess:
            org = guess[0]
            report.meta.org_name = org
            log.add("assumed", "meta", f"机关名称：{org}（原文没有标准标题，取自“{_short(guess[1], 40)}”），请核对。")
        else:
            log.add("missing", "meta", "没有找到机关名称（原文没有标准标题），请在“报告信息”中填写。")
    if "year" in kv and kv["year"][0].strip().isdigit():
        year = int(kv["year"][0].strip())
    if year:
        report.meta.year = year
        log.add("matched", "meta", f"报告年度：{year}（取自标题）")
    else:
        y, how = find_year(all_text)
        if y:
            report.meta.year = y
            log.add("assumed", "meta", f"报告年度：{y}（取自{how}）")
        else:
            log.add("missing", "meta", "没有找到报告年度，请在“报告信息”中填写。")
    level_label = kv.get("level", ("", 0))[0].strip()
    if level_label and report.format.level_by_label(level_label):
        report.meta.level = report.format.level_by_label(level_label).key  # type: ignore[union-attr]
        log.add("matched", "meta", f"机关级别：{level_label}")
    elif org:
        lv = guess_level(org)
        if lv:
            report.meta.level = lv[0]
            label = report.format.level(lv[0]).label
            log.add("assumed", "meta", f"机关级别：{label}（{lv[1]}），请核对。")
        else:
            log.add("assumed", "meta", f"机关级别无法从名称判断，暂按“{report.format.level(report.meta.level).label}”，"
                    "请在“报告信息”中选择。")
    if st.title and org and year and fold(st.title) != fold(report.derived_title):
        report.meta.title_override = squeeze(st.title)
        log.add("assumed", "meta", f"原文标题与标准写法“{report.derived_title}”不同，保留原文标题。")
    pub = find_publish_date("\n".join(doc.lines[i].text for i in st.junk) or all_text[:600])
    if pub:
        report.meta.publish_date = pub
        log.add("matched", "meta", f"发布日期：{pub.isoformat()}")
    return found


# --- narrative -------------------------------------------------------------------------------------------
def _narrative(doc: Document, st: Structure, report: Report, log: ImportLog) -> bool:
    found = False
    fmt = report.format
    headings = {s.key: s.heading for s in fmt.sections}
    for key, h in st.headings.items():
        kind: Kind = "matched" if h.exact else "fuzzy"
        text = f"部分标题：“{h.text}”" + ("" if h.exact else f"，按“{headings[key]}”识别")
        log.add(kind, key if key in ("s1", "s5", "s6") else {"s2": "t2", "s3": "t3", "s4": "t4"}[key], text,
                f"第{doc.lines[h.line].no}行")
    pre = []
    for para in paragraphs(doc, st.preamble):
        if _is_period_only(para):
            log.add("ignored", "s1", f"统计期限句“{_short(para, 40)}”没有作为正文导入（gkdesk 按报告年度自动写出这句话）。")
            y = _period_year(para)
            if y and report.meta.year and y != report.meta.year:
                log.add("assumed", "meta", f"统计期限写的是 {y} 年，与报告年度 {report.meta.year} 不一致，请核对。")
            continue
        pre.append(para)
    reg = st.region("s1")
    if reg is not None:
        body = paragraphs(doc, list(range(*reg)))
        first = st.headings["s1"].rest
        if first:
            body.insert(0, first)
        intro, subs = split_overview(body)
        if pre:
            intro = "\n".join(pre + ([intro] if intro else []))
            log.add("assumed", "s1", f"标题和“一、总体情况”之间的 {len(pre)} 段文字放在了总体情况的开头。")
        report.overview_intro = intro
        report.overview = [Subsection(t, x) for t, x in subs]
        found = True
        log.add("matched", "s1", f"总体情况：开头 {len(intro)} 字，{len(subs)} 个小标题"
                + (f"（{'、'.join(_short(t, 12) for t, _ in subs)}）" if subs else "") + "。")
        if not subs:
            log.add("assumed", "s1", "总体情况中没有“（一）（二）……”小标题，全部文字放在了开头段落。")
    else:
        if pre:
            report.overview_intro = "\n".join(pre)
            log.add("assumed", "s1", f"没有找到“一、总体情况”；标题后的 {len(pre)} 段文字放在了总体情况的开头。")
        else:
            log.add("missing", "s1", "原文中没有找到“一、总体情况”。")
        report.overview = []
    for key, attr in (("s5", "section5"), ("s6", "section6")):
        reg = st.region(key)
        if reg is None:
            log.add("missing", key, f"原文中没有找到“{headings[key]}”，这一部分留空。")
            continue
        body = paragraphs(doc, list(range(*reg)))
        if st.headings[key].rest:
            body.insert(0, st.headings[key].rest)
        if key == "s6" or reg[1] >= len(doc.lines):
            _signature(body, report, log, key)
        setattr(report, attr, "\n".join(body))
        found = True
        log.add("matched", key, f"{len(body)} 段，共 {sum(len(b) for b in body)} 字。" if body else "这一部分没有文字。")
    fee = find_processing_fee(report.section6)
    if fee is not None:
        report.processing_fee_yuan = Decimal(fee[0])
        log.add("assumed", "s6", f"信息处理费：{fee[0]} 元（取自“{_short(fee[1], 40)}”），请核对。")
    elif report.section6:
        log.add("missing", "s6", "第六部分没有说明信息处理费收取情况，请补充（未收取的也应说明）。")
    return found


_PERIOD_ONLY = re.compile(r"^(本报告|报告|本年报|年报)?中?所列(的)?数据(的)?统计(期限|时间|周期)[^。]{0,8}?((?:19|20)\d{2})\s*年\s*1\s*月"
                          r"\s*1\s*日[^。]{0,16}?12\s*月\s*31\s*日(止)?。?$")
_YUAN = re.compile(r"^\s*(\d[\d,]*(?:\.\d+)?)\s*元\s*$")
_DATE_ONLY = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")


_ORG_IN_TEXT = (
    re.compile(r"现将(?P<org>[\u4e00-\u9fff（）()]{2,30}?)\s*(?:19|20)\d{2}\s*年度?\s*政府信息公开"),
    re.compile(r"(?:^|\n)\s*(?P<org>[\u4e00-\u9fff（）()]{2,30}?)\s*(?:19|20)\d{2}\s*年度?\s*政府信息公开工作年度报告"),
    re.compile(r"(?:请与|联系单位[:：]?)\s*(?P<org>[\u4e00-\u9fff]{2,30}?(?:局|委员会|委|办公室|办|厅|政府|街道办事处|中心))"
               r"(?:办公室|政务公开办公室)?\s*联系"),
)


def _org_from_text(text: str) -> tuple[str, str] | None:
    """The unit's name from the body when the source has no title ("现将某某局2023年政府信息公开…", "请与某某局联系")."""
    t = nfkc(text)
    for rx in _ORG_IN_TEXT:
        m = rx.search(t)
        if m and not re.match(r"^(我|本|你|该)", m.group("org")):
            return m.group("org").strip(), m.group(0).strip()
    return None


def _is_period_only(para: str) -> bool:
    return bool(_PERIOD_ONLY.match(re.sub(r"\s+", "", nfkc(para))))


def _period_year(para: str) -> int | None:
    m = _PERIOD_ONLY.match(re.sub(r"\s+", "", nfkc(para)))
    return int(m.group(5)) if m else None


def _signature(body: list[str], report: Report, log: ImportLog, part: str) -> None:
    """The signature under the last section (机关名称, 成文日期) is not narrative: take it off, keep the date."""
    org = fold(report.meta.org_name)
    taken: list[str] = []
    while body:
        last = re.sub(r"\s+", "", nfkc(body[-1]))
        m = _DATE_ONLY.match(last)
        if m:
            try:
                report.meta.written_date = report.meta.written_date or date(*map(int, m.groups()))
            except ValueError:
                break
        elif not (org and len(last) <= 40 and (fold(last) == org or org in fold(last) and not re.search("[。；，]", last))):
            break
        taken.insert(0, body.pop())
    if taken:
        log.add("assumed", part, f"末尾的落款“{' '.join(taken)}”作为落款处理（机关名称、成文日期），没有放进正文。")


# --- tables ---------------------------------------------------------------------------------------------
def _anchors(doc: Document, st: Structure) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, marks in _ANCHORS.items():
        if key in st.headings:
            continue
        for i, ln in enumerate(doc.lines):
            f = fold(ln.text)
            if any(fold(m) in f for m in marks) and len(f) < 80:
                out[key] = i
                break
    return out


def _is_2019(doc: Document, region: tuple[int, int] | None) -> bool:
    if region is None:
        return False
    text = fold("".join(doc.lines[i].text for i in range(*region)))
    return sum(1 for m in _2019_MARKERS if fold(m) in text) >= 2


def _has_single_other_row(recs: list[Record]) -> bool:
    return any(r.has_numbers and fold(r.labels[-1].text).endswith("六其他处理") for r in recs if r.labels)


def _where(tok: Token | Record) -> str:
    return f"第{tok.line}行" if tok.line else ""


def _fill_rows(tdef: TableDef, recs: list[Record], report: Report | None, log: ImportLog, doc: Document,
               tkey: str, into: dict[tuple[str, str], CellValue] | None = None) -> bool:
    """Put aligned records' figures into the report (or into ``into``); log every row."""
    matched = align(recs, tdef.rows)
    complete: dict[int, list[list[Token]]] = {}
    for rec, row, _s in matched:
        full = fit_values(rec.values, len(row.columns))
        if len(full) == len(row.columns) and all(t.text for t in full):
            complete.setdefault(len(full), []).append(full)
    seen = set()
    last_tok: Token | None = None
    for rec, row, score in matched:
        seen.add(row.key)
        vals = fit_values(rec.values, len(row.columns))
        if doc.truncated_tail and vals and rec.values and rec.values[-1] is vals[-1] and _is_last_token(doc, vals[-1]):
            vals = vals[:-1]
            log.add("missing", tkey, f"原文在“{row.label}”这一行的最后一个数字处中断，这个数字可能不完整，没有导入。",
                    _where(rec))
        placed: list[Token | None] = list(vals)
        if doc.layout and 0 < len(vals) < len(row.columns):
            by_pos = place_by_position(vals, complete.get(len(row.columns), []), len(row.columns))
            if by_pos is not None:
                placed = by_pos
                blanks = [tdef.columns[c] for c, t in zip(row.columns, by_pos, strict=True) if t is None]
                log.add("assumed", tkey, f"“{row.label}”这一行只有 {len(vals)} 个数，按它们在版面上所在的列放入；"
                        f"空着的是：{'、'.join(blanks)}。", _where(rec))
        label_src = squeeze(rec.label)
        if score >= 0.999 or fold(rec.labels[-1].text) == fold(row.label):
            kind: Kind = "matched"
            how = f"“{row.label}”"
        else:
            kind = "fuzzy"
            how = f"原文“{_short(label_src, 30)}”按“{row.label}”导入（相似度 {score:.0%}）"
        figures = []
        for col, tok in zip(row.columns, placed, strict=False):
            v = parse_loose_value(tok.text, row.type) if tok is not None and tok.text else None
            if tok is not None and row.type == "decimal":
                yuan = _YUAN.match(nfkc(tok.text))
                if yuan:  # "5000元" in a 万元 column is 0.5 万元
                    v = (Decimal(yuan.group(1).replace(",", "")) / 10000).normalize()
                    log.add("assumed", tkey, f"“{row.label}”原文写的是“{tok.text.strip()}”，按 {v} 万元导入，请核对。",
                            _where(rec))
            figures.append(tok.text if tok is not None and tok.text else "空")
            if into is not None:
                into[(row.key, col)] = v
            elif tdef.is_computed(row.key, col):
                if v is not None:
                    report.stated.setdefault(tkey, {}).setdefault(row.key, {})[col] = v  # type: ignore[union-attr]
            else:
                report.set_raw(tkey, row.key, col, v)  # type: ignore[union-attr]
        log.add(kind, tkey, f"{how}：{' '.join(figures)}", _where(rec))
        if len(placed) < len(row.columns):
            missing = [tdef.columns[c] for c in row.columns[len(placed):]]
            log.add("missing", tkey, f"“{row.label}”这一行只找到 {len(vals)} 个数（应有 {len(row.columns)} 个），"
                    f"没有找到：{'、'.join(missing)}，留空。", _where(rec))
        last_tok = rec.values[-1] if rec.values else last_tok
    missing_rows = [r for r in tdef.rows if r.key not in seen]
    if missing_rows:
        names = "；".join(r.label for r in missing_rows)
        log.add("missing", tkey, f"没有找到以下 {len(missing_rows)} 行，留空：{names}。")
    used = {id(m[0]) for m in matched}
    for rec in recs:
        if id(rec) not in used and rec.has_numbers and rec.labels:
            nums = " ".join(v.text for v in rec.values if v.text)
            log.add("unmapped", tkey, f"“{_short(squeeze(rec.label), 30)}”（{_short(nums, 40)}）对应不到本表任何一行，没有导入。",
                    _where(rec))
    found = column_labels_found([t for r in recs for t in r.labels], tdef)
    logged: set[tuple[str, str]] = set()
    for ck, text, _s in found:
        ft, fl = fold(text), fold(tdef.columns[ck])
        if ft != fl and not fl.startswith(ft) and (ck, ft) not in logged:
            logged.add((ck, ft))
            log.add("fuzzy", tkey, f"列名“{squeeze(text)}”按“{tdef.columns[ck]}”识别。")
    return bool(matched)


def _is_last_token(doc: Document, tok: Token) -> bool:
    last = next((ln for ln in reversed(doc.lines) if ln.text.strip()), None)
    return last is not None and last.no == tok.line and last.text.rstrip().endswith(tok.text)


def _fill_t4(toks: list[Token], tdef: TableDef, report: Report, log: ImportLog, doc: Document) -> bool:
    cols = [(r.key, c) for r in tdef.rows for c in r.columns]
    by_row: dict[int, list[Token]] = {}
    for t in toks:
        if t.row >= 0:
            by_row.setdefault(t.row, []).append(t)
    data: list[Token] | None = None
    rows = list(by_row.items())
    for i, (_row, ts) in enumerate(rows):
        if sum(1 for t in ts if is_numeric(t.text)) >= 10:
            data = fit_values([t for t in ts if t.text == "" or is_numeric(t.text) or _valueish(t)], len(cols))
            for _r2, more in rows[i + 1:]:  # a data row wrapped onto the next line
                if len(data) >= len(cols):
                    break
                data += [t for t in more if t.text and _valueish(t)][:len(cols) - len(data)]
            break
    if data is None:
        recs = records(toks)
        vals = [v for r in recs for v in r.values if v.text]
        if len(vals) >= 5:
            data = vals[:len(cols)]
        else:
            matched = align(recs, tdef.rows)
            if matched:
                return _fill_rows(tdef, recs, report, log, doc, "t4")
            log.add("missing", "t4", "这一部分没有找到表格数字，表格留空。")
            return False
    if doc.truncated_tail and data and _is_last_token(doc, data[-1]):
        data = data[:-1]
        log.add("missing", "t4", "原文在表格最后一个数字处中断，这个数字可能不完整，没有导入。")
    for (rk, ck), tok in zip(cols, data, strict=False):
        v = parse_loose_value(tok.text, "int") if tok.text else None
        if tdef.is_computed(rk, ck):
            if v is not None:
                report.stated.setdefault("t4", {}).setdefault(rk, {})[ck] = v
        else:
            report.set_raw("t4", rk, ck, v)
    log.add("matched", "t4", f"按表格列的顺序读到 {len(data)} 个数：{' '.join(t.text or '空' for t in data)}",
            _where(data[0]) if data else "")
    if len(data) < len(cols):
        names = [f"{tdef.row(rk).label}·{tdef.columns[ck]}" for rk, ck in cols[len(data):]]
        log.add("missing", "t4", f"只找到 {len(data)} 个数（应有 {len(cols)} 个），没有找到：{'、'.join(names)}，留空。")
    return bool(data)


def _valueish(t: Token) -> bool:
    from gkdesk.core.importers.labels import is_value
    return is_value(t.text)


def _fill_2019(tkey: str, toks: list[Token], report: Report, log: ImportLog, doc: Document) -> bool:
    old = load_format("2019")
    tdef = old.table(tkey)
    got: dict[tuple[str, str], CellValue] = {}
    sub = ImportLog()
    ok = _fill_rows(tdef, records(toks), None, sub, doc, tkey, into=got)
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
            log.add("assumed", tkey, f"{m.get('why', '')}：{_show(got[(fr, fc)])}，请核对。")
    if tkey == "t3":
        for (rk, ck), v in got.items():
            if rk == "ot_all":
                continue
            used.add((rk, ck))
            if new.is_computed(rk, ck):
                if v is not None:
                    report.stated.setdefault("t3", {}).setdefault(rk, {})[ck] = v
            else:
                report.set_raw("t3", rk, ck, v)
    for (rk, ck), v in got.items():
        if (rk, ck) in used:
            continue
        why = reasons.get(f"{tkey}.{rk}.{ck}") or reasons.get(f"{tkey}.{rk}") or "2021年格式没有对应栏目"
        label = f"{tdef.row(rk).label}·{tdef.columns[ck]}"
        log.add("unmapped", tkey, f"2019年格式“{label}”= {_show(v)}：{why}，没有导入。")
    return ok


def _stated_totals(report: Report, fmt: ReportFormat, log: ImportLog) -> None:
    """Keep only the stated totals that differ from the sums gkdesk computes; say which agree and which do not."""
    for tkey, grid in list(report.stated.items()):
        tdef = fmt.table(tkey)
        agree, differ = 0, []
        for rk, cols in list(grid.items()):
            for ck, v in list(cols.items()):
                computed = report.value(tkey, rk, ck)
                if _same(v, computed):
                    del cols[ck]
                    agree += 1
                else:
                    differ.append(f"{tdef.row(rk).label}·{tdef.columns[ck]}：原文 {_show(v)}，各项之和 {_show(computed)}")
            if not cols:
                del grid[rk]
        if not grid:
            del report.stated[tkey]
        if agree:
            log.add("matched", tkey, f"原文所列 {agree} 个合计数与各项之和一致。")
        for d in differ:
            log.add("assumed", tkey, f"原文所列合计与各项之和不一致（{d}）。已保留原文数字，校验会指出；"
                    "核实后可用“采用计算的合计”更正。")


def _same(a: CellValue, b: CellValue) -> bool:
    if a is None or b is None:
        return a is b
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except (InvalidOperation, ValueError):
        return str(a) == str(b)


def _show(v: CellValue) -> str:
    return "空" if v is None else str(v)


def _short(text: str, n: int = 30) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[:n] + "…"


def similarity_of(a: str, b: str) -> float:  # re-exported for tests
    return similarity(a, b)
