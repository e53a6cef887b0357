"""The report as one self-contained web page for the portal's 政府信息公开年报 column.

One file: inline CSS, no script, no web font, no link to fetch. The three tables are real ``<table>``s with
``<caption>``, ``<th scope>`` and the official merged headers from the format; they scroll sideways inside their box on
a phone. Every text from the report is escaped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import BinaryIO

from gkdesk.core.exporters.common import (
    Block,
    cell_text,
    document_blocks,
    label_words,
    printable,
    signature_indents,
    table_rows,
    write_export,
)
from gkdesk.core.format import GridCell, TableDef
from gkdesk.core.report import Report

#: Chinese system faces by role (the same roles as the PDF and Word exports); nothing is downloaded
FACES = {
    "title": '"方正小标宋简体","FZXiaoBiaoSong-B05S","方正小标宋_GBK","华文中宋","STZhongsong","Songti SC","SimSun",serif',
    "body": '"仿宋_GB2312","仿宋","FangSong","FangSong_GB2312","STFangsong","Songti SC","SimSun",serif',
    "heading1": '"黑体","SimHei","Heiti SC","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif',
    "heading2": '"楷体_GB2312","楷体","KaiTi","KaiTi_GB2312","STKaiti","Kaiti SC",serif',
    "table": '"宋体","SimSun","Songti SC","Noto Serif CJK SC",serif',
}

CSS = f"""
*{{box-sizing:border-box}}
html{{-webkit-text-size-adjust:100%;text-size-adjust:100%}}
body{{margin:0;background:#f3f3f3;color:#111}}
.gk-report{{max-width:50em;margin:0 auto;padding:1.25em 1em 2em;background:#fff;
  font-family:{FACES["body"]};font-size:16px;line-height:1.8}}
@media (min-width:768px){{.gk-report{{font-size:18px;padding:2.5em 3em 3em;margin:1.5em auto}}}}
.gk-report h1{{font-family:{FACES["title"]};font-size:1.45em;line-height:1.5;text-align:center;margin:.5em 0 1em}}
.gk-report h2{{font-family:{FACES["heading1"]};font-size:1em;font-weight:normal;margin:.4em 0;text-indent:2em}}
.gk-report h3{{font-family:{FACES["heading2"]};font-size:1em;font-weight:normal;margin:.4em 0;text-indent:2em}}
.gk-report p{{margin:0 0 .4em;text-indent:2em;text-align:justify;overflow-wrap:break-word}}
.gk-report p.meta{{text-indent:0;text-align:center}}
.gk-report .lead{{font-family:{FACES["heading2"]}}}
.gk-report .table-box{{overflow-x:auto;margin:.6em 0 1.2em;max-width:100%;border:0}}
.gk-report table{{border-collapse:collapse;margin:0 auto;font-family:{FACES["table"]};font-size:.8em;line-height:1.45;
  min-width:100%}}
.gk-report caption{{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}}
.gk-report th,.gk-report td{{border:1px solid #000;padding:.35em .45em;text-align:center;vertical-align:middle}}
.gk-report th{{font-weight:normal}}
.gk-report .kw{{word-break:keep-all}}
.gk-report th.block{{font-family:{FACES["heading1"]}}}
.gk-report th.row{{text-align:left;min-width:7em}}
.gk-report th.group{{min-width:4em}}
.gk-report th.vertical{{writing-mode:vertical-rl;text-orientation:upright;min-width:0;text-align:center;
  letter-spacing:.1em;padding:.5em .3em}}
.gk-report td.num{{white-space:nowrap;font-variant-numeric:tabular-nums;min-width:3.2em}}
.gk-report .note{{font-size:.9em;text-align:left;min-width:10em}}
.gk-report .signature{{margin-top:2.5em}}
.gk-report .signature p{{text-indent:0;text-align:right;margin:0}}
@media print{{body{{background:#fff}}.gk-report{{max-width:none;margin:0;padding:0}}.table-box{{overflow:visible}}}}
"""


def export_html(report: Report, path: Path) -> None:
    """Write the report as one web page (UTF-8); SaveError/ExportError (Chinese) on failure, never a partial file."""
    data = render_html(report).encode("utf-8")

    def writer(fh: BinaryIO) -> None:
        fh.write(data)

    write_export(Path(path), writer, "网页文件")


def _e(text: str) -> str:
    return escape(printable(text), quote=True)


def render_html(report: Report) -> str:
    """The whole page as text."""
    blocks = document_blocks(report)
    body: list[str] = []
    for b in blocks:
        body.append(_block(report, b))
    title = _e(blocks[0].text)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="gkdesk">\n'
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        '<article class="gk-report">\n' + "\n".join(body) + "\n</article>\n</body>\n</html>\n"
    )


def _block(report: Report, b: Block) -> str:
    if b.kind == "title":
        return f"<h1>{_e(b.text)}</h1>"
    if b.kind == "meta":
        return f'<p class="meta">{_e(b.text)}</p>'
    if b.kind == "heading1":
        return f"<h2>{_e(b.text)}</h2>"
    if b.kind == "heading2":
        return f"<h3>{_e(b.text)}</h3>"
    if b.kind == "body":
        lead = f'<span class="lead">{_e(b.lead)}</span>' if b.lead else ""
        return f"<p>{lead}{_e(b.text)}</p>"
    if b.kind == "table" and b.table:
        return _table(report, report.format.table(b.table), b.text)
    if b.kind == "signature":
        if not b.text and not b.date:
            return ""
        org_right, date_right = signature_indents(b.text, b.date)
        lines = []
        if b.text:
            lines.append(f'<p style="padding-right:{org_right:g}em">{_e(b.text)}</p>')
        if b.date:
            lines.append(f'<p style="padding-right:{date_right:g}em">{_e(b.date)}</p>')
        return '<div class="signature">' + "".join(lines) + "</div>"
    return ""


def _label(text: str) -> str:
    """A short label breaks only between its words (商业<wbr>企业; the cell has word-break:keep-all); a sentence
    wraps as text does."""
    if len(text) > 12:
        return _e(text)
    return '<span class="kw">' + "<wbr>".join(_e(w) for w in label_words(printable(text))) + "</span>"


def _span(gc: GridCell) -> str:
    return (f' rowspan="{gc.rowspan}"' if gc.rowspan > 1 else "") + (f' colspan="{gc.colspan}"' if gc.colspan > 1 else "")


def _table(report: Report, tdef: TableDef, heading: str) -> str:
    lay = tdef.layout
    rows = table_rows(tdef)
    cap_id = f"gk-{tdef.key}"
    out = [f'<div class="table-box" role="region" aria-labelledby="{cap_id}" tabindex="0">',
           f'<table class="{tdef.key}">', f'<caption id="{cap_id}">{_e(heading)}</caption>']
    if lay.n_header_rows:
        out.append("<thead>")
        for r in range(lay.n_header_rows):
            out.append("<tr>" + "".join(_header_cell(gc, r == 0 and gc.col == 0 and gc.colspan > 1 and gc.rowspan > 1)
                                        for gc in rows[r]) + "</tr>")
        out.append("</thead>")
    group_open = False
    for r in range(lay.n_header_rows, lay.n_rows):
        cells = rows[r]
        block_title = len(cells) == 1 and cells[0].ref is None and cells[0].colspan == lay.n_cols
        if block_title or not group_open:
            if group_open:
                out.append("</tbody>")
            out.append("<tbody>")
            group_open = True
        has_values = any(gc.ref is not None for gc in cells)
        out.append("<tr>" + "".join(_body_cell(report, tdef, gc, block_title, has_values) for gc in cells) + "</tr>")
    if group_open:
        out.append("</tbody>")
    out.append("</table>\n</div>")
    return "\n".join(out)


def _header_cell(gc: GridCell, note: bool) -> str:
    text = _label(gc.text or "")
    if note:  # 表三's corner: the note on the arithmetic, not a column header
        return f'<td class="note"{_span(gc)}>{text}</td>'
    scope = "colgroup" if gc.colspan > 1 else "col"
    return f'<th scope="{scope}"{_span(gc)}>{text}</th>'


def _body_cell(report: Report, tdef: TableDef, gc: GridCell, block_title: bool, has_values: bool) -> str:
    if gc.ref is not None:
        return f'<td class="num"{_span(gc)}>{_e(cell_text(report.value(tdef.key, *gc.ref)))}</td>'
    text = _label(gc.text or "")
    if block_title:  # 第二十条第（一）项: the title of the rows below it
        return f'<th class="block" scope="rowgroup"{_span(gc)}>{text}</th>'
    if not has_values:  # 信息内容 | 本年制发件数 …: column headers inside the body
        scope = "colgroup" if gc.colspan > 1 else "col"
        return f'<th class="col" scope="{scope}"{_span(gc)}>{text}</th>'
    lay = tdef.layout
    if gc.rowspan > 1 and gc.col == 0 and lay.label_columns > 2:  # 三、本年度办理结果 down the first column
        return f'<th class="vertical" scope="row"{_span(gc)}>{text}</th>'
    if gc.rowspan > 1:
        return f'<th class="group" scope="row"{_span(gc)}>{text}</th>'
    return f'<th class="row" scope="row"{_span(gc)}>{text}</th>'
