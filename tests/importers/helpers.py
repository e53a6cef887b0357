"""Build sources from a report the way portals and offices write them (HTML with merged cells, TAB text)."""

from __future__ import annotations

import html
from decimal import Decimal

from gkdesk.core.report import Report


def cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def table_html(report: Report, tkey: str, stated: dict | None = None) -> str:
    """The official table with rowspan/colspan, as a portal page has it (values: stated totals win)."""
    tdef = report.format.table(tkey)
    lay = tdef.layout
    rows: dict[int, list] = {}
    for c in sorted(lay.cells, key=lambda c: (c.row, c.col)):
        rows.setdefault(c.row, []).append(c)
    out = ['<table border="1" cellspacing="0">']
    for r in range(lay.n_rows):
        out.append("<tr>")
        for c in rows.get(r, []):
            if c.ref is not None:
                v = (stated or {}).get(c.ref, report.value(tkey, *c.ref))
                text = cell_text(v)
            else:
                text = c.text or ""
            span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            out.append(f"<td{span}><p style='text-align:center'><span>{html.escape(text)}</span></p></td>")
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def report_html(report: Report, stated: dict | None = None) -> str:
    """A whole report as a portal page: chrome around it, paragraphs, the three tables."""
    p = ["<html><head><meta charset='utf-8'><title>", html.escape(report.title), " - 某某县人民政府门户网站</title>",
         "<style>p{font-size:16px}</style><script>var x='<p>不是正文</p>';</script></head><body>",
         "<div class='nav'>首页 &gt; 政府信息公开 &gt; 年度报告</div>",
         f"<h1>{html.escape(report.title)}</h1>", "<div class='info'>发布时间：2025-01-20　来源：办公室　字体：【大 中 小】</div>",
         "<div class='content'>", "<p>一、总体情况</p>"]
    if report.overview_intro:
        p += [f"<p>{html.escape(x)}</p>" for x in report.overview_intro.split("\n")]
    for s in report.overview:
        paras = s.text.split("\n")
        p.append(f"<p><strong>{html.escape(s.title)}</strong>{html.escape(paras[0])}</p>")
        p += [f"<p>{html.escape(x)}</p>" for x in paras[1:]]
    for sec, tkey in (("二、主动公开政府信息情况", "t2"), ("三、收到和处理政府信息公开申请情况", "t3"),
                      ("四、政府信息公开行政复议、行政诉讼情况", "t4")):
        p.append(f"<p>{sec}</p>")
        p.append(table_html(report, tkey, (stated or {}).get(tkey)))
    p.append("<p>五、存在的主要问题及改进情况</p>")
    p += [f"<p>{html.escape(x)}</p>" for x in report.section5.split("\n")]
    p.append("<p>六、其他需要报告的事项</p>")
    p += [f"<p>{html.escape(x)}</p>" for x in report.section6.split("\n")]
    p.append("</div><div class='footer'>主办：某某县人民政府办公室</div></body></html>")
    return "\n".join(p)


def table_tab_text(report: Report, tkey: str, cell=cell_text, stated: dict | None = None) -> str:
    """The table as a browser copies it: one line per row, cells separated by TABs, merged cells flattened."""
    tdef = report.format.table(tkey)
    lay = tdef.layout
    grid: dict[tuple[int, int], str] = {}
    for c in lay.cells:
        if c.ref is not None:
            v = (stated or {}).get(c.ref, report.value(tkey, *c.ref))
            grid[(c.row, c.col)] = cell(v)
        else:
            grid[(c.row, c.col)] = c.text or ""
    return "\n".join("\t".join(grid.get((r, k), "") for k in range(lay.n_cols)) for r in range(lay.n_rows))


def report_tab_text(report: Report, cell=cell_text, stated: dict | None = None, label=lambda s: s) -> str:
    """A whole report as text copied from a web page (TAB tables)."""
    out = [report.title, "", "一、总体情况", report.overview_intro]
    out += [f"{s.title}{s.text}" for s in report.overview]
    for sec, tkey in (("二、主动公开政府信息情况", "t2"), ("三、收到和处理政府信息公开申请情况", "t3"),
                      ("四、政府信息公开行政复议、行政诉讼情况", "t4")):
        out += ["", sec, label(table_tab_text(report, tkey, cell, (stated or {}).get(tkey)))]
    out += ["", "五、存在的主要问题及改进情况", report.section5, "", "六、其他需要报告的事项", report.section6, ""]
    return "\n".join(out)
