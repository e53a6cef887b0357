"""The shapes in which offices copy a published report, rendered from a real report (issue 14).

Each shape is a function ``(report) -> str | bytes``; ``measure`` imports it back and counts, for every input cell,
whether it came back exact, blank (with the row named in the log) or wrong. Blank cells of the original are
rendered as each shape writes them: nothing (layout, raw text), an empty cell (HTML, TAB, ``|``) or a dash.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from gkdesk.core.importers import ImportResult, import_file, import_text
from gkdesk.core.report import Report

from .helpers import cell_text, report_html, report_tab_text

BLANKS = ("", "–", "—", "/", "－")
SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


def real_report() -> Report:
    """淮安市人民政府 2024 (shared/samples/published/01_…): a full city report, every figure checked by test_samples."""
    path = SAMPLES / "published" / "01_huaian_city_2024.txt"
    rep = import_file(path).report
    assert rep is not None
    rep.stated = {}
    return rep


def full_width(s: str) -> str:
    return s.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789."})


# --- shapes gkdesk renders through its own PDF ------------------------------------------------------------
def pdf_text(report: Report, mode: str) -> str:
    """Our PDF export turned into text by pdftotext: ``layout`` (-layout), ``raw`` (-raw) or ``plain`` (no option:
    reading order, labels and figures in separate runs)."""
    from gkdesk.core.exporters.pdf import export_pdf

    with tempfile.TemporaryDirectory() as d:
        pdf = Path(d) / "r.pdf"
        export_pdf(report, pdf)
        opts = {"layout": ["-layout"], "raw": ["-raw"], "plain": []}[mode]
        subprocess.run(["pdftotext", *opts, "-enc", "UTF-8", str(pdf), str(Path(d) / "r.txt")], check=True,
                       timeout=60)
        return (Path(d) / "r.txt").read_text(encoding="utf-8")


def has_pdftotext() -> bool:
    return shutil.which("pdftotext") is not None


# --- shapes written directly ----------------------------------------------------------------------------
def tab_text(report: Report, blank: str = "") -> str:
    return report_tab_text(report, cell=lambda v: blank if v is None else cell_text(v))


def pipe_text(report: Report, blank: str = "") -> str:
    """``|`` rows as a portal's flattened table gives them ("规章 | 0 | 0 | 0 |")."""
    out = []
    for line in tab_text(report, blank).split("\n"):
        if "\t" in line:
            out.append(" | ".join(line.split("\t")) + " |")
        else:
            out.append(line)
    return "\n".join(out)


def html_page(report: Report) -> str:
    return report_html(report)


def html_empty_cells(report: Report) -> str:
    """HTML where a blank figure is an empty ``<td></td>`` (no text, no marker)."""
    return report_html(report).replace("<p style='text-align:center'><span></span></p>", "")


def traditional(report: Report) -> str:
    """The TAB copy in Traditional characters (labels and narrative alike), as a Hong Kong/Taiwan-set browser shows it."""
    from gkdesk.core.importers.hanzi import to_traditional

    return to_traditional(tab_text(report, "–"))


def gbk_bytes(report: Report) -> bytes:
    return tab_text(report).encode("gb18030")


def full_width_text(report: Report) -> str:
    return report_tab_text(report, cell=lambda v: "" if v is None else full_width(cell_text(v)))


def one_line(report: Report, blank: str = "–") -> str:
    """The whole report on one line: paragraphs and cells separated by single spaces."""
    text = tab_text(report, blank)
    return " ".join(part for line in text.split("\n") for part in line.split("\t") if part.strip())


def labels_then_figures(report: Report) -> str:
    """Tables as a PDF viewer's copy gives them: each block's row labels first, then all its figures (no blanks)."""
    out = [report.title, "一、总体情况", report.overview_intro]
    out += [f"{s.title}{s.text}" for s in report.overview]
    for sec, tkey in (("二、主动公开政府信息情况", "t2"), ("三、收到和处理政府信息公开申请情况", "t3"),
                      ("四、政府信息公开行政复议、行政诉讼情况", "t4")):
        out.append(sec)
        tdef = report.format.table(tkey)
        blocks: dict[str, list] = {}
        for r in tdef.rows:
            blocks.setdefault(r.block or "", []).append(r)
        titles = {b["key"]: b.get("title", "") for b in tdef.blocks if isinstance(b, dict) and "key" in b}
        for block, rows in blocks.items():
            if block:
                out.append(titles.get(block, ""))
            out.append("\t".join(tdef.columns[c] for c in rows[0].columns) if tkey == "t2" else "")
            if tkey != "t4":
                out += [r.label for r in rows]
            else:
                out += ["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]
            for r in rows:
                for c in r.columns:
                    v = report.value(tkey, r.key, c)
                    if v is not None:
                        out.append(cell_text(v))
    out += ["五、存在的主要问题及改进情况", report.section5, "六、其他需要报告的事项", report.section6]
    return "\n".join(x for x in out if x)


# --- measuring ---------------------------------------------------------------------------------------------
@dataclass
class Count:
    exact: int = 0
    blank: int = 0
    wrong: int = 0
    unlogged: list = field(default_factory=list)  # blanks whose row the log does not name
    wrong_cells: list = field(default_factory=list)

    def __add__(self, o: Count) -> Count:
        return Count(self.exact + o.exact, self.blank + o.blank, self.wrong + o.wrong, self.unlogged + o.unlogged,
                     self.wrong_cells + o.wrong_cells)


def _eq(a, b) -> bool:
    if a is None or b is None:
        return a is b
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except ArithmeticError:
        return str(a) == str(b)


def compare(orig: Report, result: ImportResult) -> Count:
    """Every input cell of the original: exact, blank (logged) or wrong."""
    rep = result.report
    c = Count()
    logged = {e.table: [] for e in result.log.entries}
    for e in result.log.entries:
        if e.kind in ("missing", "unmapped", "assumed"):
            logged.setdefault(e.table, []).append(e.text)
    for tkey, rk, ck, v in orig.iter_inputs():
        got = rep.raw(tkey, rk, ck) if rep is not None else None
        if _eq(got, v):
            c.exact += 1
        elif got is None:
            c.blank += 1
            label = orig.format.table(tkey).row(rk).label
            texts = logged.get(tkey, [])
            if not any(label in t or "表格留空" in t or "无法确定位置" in t or "没有找到以下" in t for t in texts):
                c.unlogged.append((tkey, rk, ck))
        else:
            c.wrong += 1
            c.wrong_cells.append((tkey, rk, ck, v, got))
    return c


def import_shape(data: str | bytes, suffix: str = ".txt") -> ImportResult:
    if isinstance(data, bytes):
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / f"report{suffix}"
            path.write_bytes(data)
            return import_file(path)
    return import_text(data, f"report{suffix}")


def escape(text: str) -> str:
    return html.escape(text)
