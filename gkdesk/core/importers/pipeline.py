"""From a Document to a 2021 Report: meta, narrative, the three tables, stated totals, the 2019 layout, the log."""

from __future__ import annotations

from dataclasses import dataclass

from gkdesk.core.format import load_format
from gkdesk.core.importers.fill import fill_2019, fill_rows, fill_t4, stated_totals
from gkdesk.core.importers.labels import fold
from gkdesk.core.importers.log import ImportLog, short
from gkdesk.core.importers.meta import read_meta
from gkdesk.core.importers.narrative import read_narrative
from gkdesk.core.importers.source import Document
from gkdesk.core.importers.structure import Structure, find_structure
from gkdesk.core.importers.tables import Record, records, tokens
from gkdesk.core.report import Report

__all__ = ["ImportResult", "build", "stated_totals", "_stated_totals"]

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
    """The imported report (None when nothing usable was found) and its log."""

    report: Report | None
    log: ImportLog

    @property
    def ok(self) -> bool:
        return self.report is not None


def build(doc: Document) -> ImportResult:
    doc, split = _unrun(doc)
    log = ImportLog(source_name=doc.name, source_kind=doc.kind)
    for note in doc.notes:
        log.add("ignored", "", note)
    if split:
        log.add("assumed", "", f"原文有 {split} 行把整份报告（或几部分）连成了一行（如从网页复制），已按年度报告格式的"
                "部分标题、表格栏目和行名分行后导入；段落之间的分隔无法恢复，请核对正文分段。")
    fmt = load_format()
    report = Report.new(fmt=fmt)
    st = find_structure(doc)
    found_any = False
    found_any |= read_meta(doc, st, report, log)
    found_any |= read_narrative(doc, st, report, log)
    anchors = _anchors(doc, st)
    regions = {k: st.region(k, anchors) for k in ("s2", "s3", "s4")}
    legacy = _is_2019(doc, regions.get("s2"))
    old: list[str] = ["t2"] if legacy else []
    if legacy:
        log.add("assumed", "", "表格是2019年试行格式（国办公开办函〔2019〕60号）：能对应的数字已按2021年格式导入，"
                "其余逐项列在下面。导入后请按2021年格式补齐，校验会提示格式问题（FMT-2021）。")
    for tkey, skey in (("t2", "s2"), ("t3", "s3"), ("t4", "s4")):
        reg = regions[skey]
        if reg is None:
            log.add("missing", tkey, f"原文中没有找到这张表格（{fmt.table(tkey).title}），表格留空。")
            continue
        toks, prose = tokens(doc, *reg)
        for p in prose:
            log.add("ignored", tkey, f"表格所在部分的文字没有导入（年度报告格式中这一部分只有表格）：“{short(p.text)}”",
                    f"第{p.line}行")
        if tkey == "t4":
            got = fill_t4(toks, fmt.table("t4"), report, log, doc)
        elif legacy and tkey in ("t2", "t3"):
            got = fill_2019(tkey, toks, report, log, doc)
            if tkey == "t3" and _has_single_other_row(records(toks)):
                old.append("t3")
        else:
            got = fill_rows(fmt.table(tkey), records(toks), report, log, doc, tkey)
            if tkey == "t3" and _has_single_other_row(records(toks)) and not legacy:
                old.append("t3")
                log.add("assumed", "t3", "表格中“（六）其他处理”只有一行，是2019年试行格式的写法；这一行的数字没有导入，"
                        "请按2021年格式的三种情形分别填写。")
        found_any |= got
    if old:  # which tables are in the 2019 layout: "2019" (T2 and T3), "2019-t2" or "2019-t3" (FMT-2021 names them)
        report.source_format = "2019" if len(old) == 2 else f"2019-{old[0]}"
    stated_totals(report, fmt, log)
    _report_cut(doc, st, log)
    if not found_any:
        return ImportResult(None, log)
    return ImportResult(report, log)


def _unrun(doc: Document) -> tuple[Document, int]:
    """Text whose lines ran together, read again with a line break before each heading and row label."""
    if doc.kind.startswith("纯文本") and any(len(ln.text) >= 300 for ln in doc.lines):
        from gkdesk.core.importers.runtogether import split_run_together
        from gkdesk.core.importers.source import text_document

        text, n = split_run_together("\n".join(ln.text for ln in doc.lines))
        if n:
            again = text_document(text, doc.name)
            again.notes = doc.notes + again.notes
            return again, n
    return doc, 0


def _report_cut(doc: Document, st: Structure, log: ImportLog) -> None:
    """Say so when the source stops before its end (an excerpt, a page that did not load completely)."""
    if "s6" in st.headings or not st.headings:
        return
    last = next((ln for ln in reversed(doc.lines) if ln.text.strip()), None)
    if last is None:
        return
    later = [h for k, h in (("s4", "四"), ("s5", "五"), ("s6", "六")) if k not in st.headings]
    log.add("missing", "", f"原文在第{last.no}行“{short(last.text.strip(), 20)}”之后就结束了，没有第{'、'.join(later)}部分。"
            "原文可能不完整（只复制了一部分，或网页没有加载完整），请核对原文后补齐。")


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


#: the workbook importer's name for it
_stated_totals = stated_totals
