"""The report as a Word document (.docx) for 审签 in Word or WPS: the PDF's document, editable.

GB/T 9704: A4, 天头 37 mm, 订口 28 mm, a 156 × 225 mm text block with the 28 × 22 document grid (w:docGrid), 3号
仿宋 body, 一、 in 黑体, （一） in 楷体, the title in 2号 小标宋, page numbers “— N —” in 4号 宋体 on the outer side
(odd pages right, even pages left, one character in), the 落款. Styles name the fonts Windows and WPS offices have
(方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体) with their usual substitutes in the font table, so a machine
without the GB2312 faces shows 仿宋/楷体. The tables are drawn from the format's layout, merges included.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, BinaryIO

from gkdesk.core.exporters.common import Block, document_blocks, printable, signature_indents, write_export
from gkdesk.core.exporters.docx_parts import TABLE_SIZE, child, el, para, qname, table
from gkdesk.core.report import Report

# page and grid, in twips (1/20 pt)
PAGE_W, PAGE_H = 11906, 16838  # A4
TOP, LEFT = 2098, 1587  # 天头 37 mm, 订口 28 mm
BOTTOM, RIGHT = 1984, 1474  # so that the block is 156 × 225 mm
TEXT_W = PAGE_W - LEFT - RIGHT  # 8845
TEXT_H = PAGE_H - TOP - BOTTOM  # 12756
LINES, CHARS = 22, 28
LINE_PITCH = TEXT_H // LINES  # 579: Word fits floor(12756 / 579) = 22 lines
BODY_PT = 16  # 3号
#: w:charSpace: how much narrower than the 16 pt font each grid character is, in 1/4096 pt (Word's unit)
CHAR_SPACE = math.floor((TEXT_W / 20 / CHARS - BODY_PT) * 4096)
#: The grid is Word's "lines only" grid (w:type="lines"): LibreOffice draws a "lines and characters" grid whose
#: pitch is below the font size with two cells for every character (about 17 a line). The 28 characters a line
#: come from text condensed by this much (twips): 28 × (16 − 0.25) pt = 441 pt fits the 442.25 pt block, and
#: 两端对齐 fills the rest. charSpace is still written, for a user who switches the grid to lines and characters.
CONDENSE = math.ceil((BODY_PT - TEXT_W / 20 / CHARS) * 20)
FOOTER_FROM_EDGE = 1304  # 23 mm: the 14 pt page number line's top 7 mm below the text block

#: fonts by role: (name in the styles, substitute named in the font table, size in pt)
FONTS = {
    "title": ("方正小标宋简体", "宋体", 22),
    "body": ("仿宋_GB2312", "仿宋", 16),
    "heading1": ("黑体", "SimHei", 16),
    "heading2": ("楷体_GB2312", "楷体", 16),
    "table": ("宋体", "SimSun", 10.5),
    "pageno": ("宋体", "SimSun", 14),
}
FONT_TABLE_ENTRIES = {  # name: (altName, charset, family, pitch)
    "方正小标宋简体": ("宋体", "86", "script", "fixed"),
    "仿宋_GB2312": ("仿宋", "86", "modern", "fixed"),
    "仿宋": ("FangSong", "86", "modern", "fixed"),
    "楷体_GB2312": ("楷体", "86", "modern", "fixed"),
    "楷体": ("KaiTi", "86", "modern", "fixed"),
    "黑体": ("SimHei", "86", "modern", "fixed"),
    "宋体": ("SimSun", "86", "auto", "variable"),
}


def export_docx(report: Report, path: Path) -> None:
    """Write the report as a .docx; SaveError/ExportError (Chinese) on failure, never a partial file."""
    doc = build_document(report)

    def writer(fh: BinaryIO) -> None:
        doc.save(fh)

    write_export(Path(path), writer, "Word 文档")


def _rpr(rpr: Any, role: str, size: float | None = None, snap: bool = True, condense: int = 0) -> None:
    """Fonts of a role on a w:rPr: every script slot named (eastAsia for Word and WPS), no theme font, no bold.
    ``snap=False`` takes the text off the grid (table cells); ``condense`` narrows each character (twips)."""
    from docx.oxml.ns import qn

    name, _alt, default_size = FONTS[role]
    for tag in ("w:rFonts", "w:b", "w:bCs", "w:snapToGrid", "w:color", "w:spacing", "w:sz", "w:szCs", "w:lang"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    half = str(round(2 * (size or default_size)))
    at = 1 if rpr.find(qn("w:rStyle")) is not None else 0
    # schema order: rStyle, rFonts, ..., snapToGrid, ..., color, spacing, ..., sz, szCs, ..., lang. No
    # w:hint="eastAsia": it makes digits East Asian text, which LibreOffice then breaks inside a number
    new = [el("w:rFonts", ascii=name, hAnsi=name, eastAsia=name, cs=name)]
    if not snap:
        new.append(el("w:snapToGrid", val="0"))
    new.append(el("w:color", val="000000"))
    if condense:
        new.append(el("w:spacing", val=str(-condense)))
    new += [el("w:sz", val=half), el("w:szCs", val=half), el("w:lang", val="zh-CN", eastAsia="zh-CN", bidi="ar-SA")]
    for i, e in enumerate(new):
        rpr.insert(at + i, e)


def _ppr_lines(ppr: Any, exact: int | None = LINE_PITCH, before: int = 0, after: int = 0) -> None:
    if exact:
        child(ppr, "w:spacing", before=str(before), after=str(after), line=str(exact), lineRule="exact")
    else:
        child(ppr, "w:spacing", before=str(before), after=str(after), line="240", lineRule="auto")


# --- styles ----------------------------------------------------------------------------------------------
def _styles(doc: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _rpr(rpr, "body")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _ppr_lines(ppr, None)
    normal = doc.styles["Normal"]
    _rpr(normal.element.get_or_add_rPr(), "body")

    def para_style(name: str, role: str, *, align: str = "both", indent: bool = True, outline: int | None = None,
                   keep_next: bool = False, exact: int | None = LINE_PITCH, after: int = 0,
                   size: float | None = None, snap: bool = True, condense: int = CONDENSE) -> Any:
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        st.quick_style = True
        p = st.element.get_or_add_pPr()
        # schema order: keepNext, widowControl, snapToGrid, spacing, ind, jc, outlineLvl
        if keep_next:
            p.append(el("w:keepNext"))
        p.append(el("w:widowControl"))
        if not snap:
            p.append(el("w:snapToGrid", val="0"))  # table rows and page numbers are not put on the body's grid
        _ppr_lines(p, exact, after=after)
        if indent:
            p.append(el("w:ind", firstLineChars="200", firstLine=str(2 * BODY_PT * 20)))
        p.append(el("w:jc", val=align))
        if outline is not None:
            p.append(el("w:outlineLvl", val=str(outline)))
        _rpr(st.element.get_or_add_rPr(), role, size, snap, condense)
        return st

    para_style("报告标题", "title", align="center", indent=False, outline=0, keep_next=True, after=LINE_PITCH,
               condense=0)
    para_style("正文", "body")
    para_style("一级标题", "heading1", align="left", outline=1, keep_next=True)
    para_style("二级标题", "heading2", align="left", outline=2, keep_next=True)
    para_style("落款", "body", align="right", indent=False)
    for key, size in TABLE_SIZE.items():
        para_style(f"表格文字{key[1:]}", "table", align="center", indent=False, exact=None, size=size, snap=False,
                   condense=0)
    para_style("页码", "pageno", align="right", indent=False, exact=None, snap=False, condense=0)
    lead = doc.styles.add_style("小标题", WD_STYLE_TYPE.CHARACTER)
    _rpr(lead.element.get_or_add_rPr(), "heading2", condense=CONDENSE)
    for key, size in TABLE_SIZE.items():  # 第二十条第（一）项 block titles
        block = doc.styles.add_style(f"表格黑体{key[1:]}", WD_STYLE_TYPE.CHARACTER)
        _rpr(block.element.get_or_add_rPr(), "heading1", size, snap=False)


def _font_table(doc: Any) -> None:
    """Declare each font with its substitute (w:altName) and GB2312 charset, as Word does for 仿宋_GB2312."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    part = doc.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    ns = root.nsmap["w"]
    for font in root.findall(f"{{{ns}}}font"):
        if font.get(f"{{{ns}}}name") in FONT_TABLE_ENTRIES:
            root.remove(font)
    for name, (alt, charset, family, pitch) in FONT_TABLE_ENTRIES.items():
        font = etree.SubElement(root, f"{{{ns}}}font")
        font.set(f"{{{ns}}}name", name)
        for tag, val in (("altName", alt), ("charset", charset), ("family", family), ("pitch", pitch)):
            etree.SubElement(font, f"{{{ns}}}{tag}").set(f"{{{ns}}}val", val)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- the page --------------------------------------------------------------------------------------------
def _page(doc: Any) -> None:
    from docx.shared import Twips

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Twips(PAGE_W), Twips(PAGE_H)
    sec.top_margin, sec.bottom_margin = Twips(TOP), Twips(BOTTOM)
    sec.left_margin, sec.right_margin = Twips(LEFT), Twips(RIGHT)
    sec.header_distance, sec.footer_distance = Twips(851), Twips(FOOTER_FROM_EDGE)
    child(sec._sectPr, "w:docGrid", type="lines", linePitch=str(LINE_PITCH), charSpace=str(CHAR_SPACE))
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(sec.footer.paragraphs[0], odd=True)
    _page_number(sec.even_page_footer.paragraphs[0], odd=False)


def _page_number(p: Any, odd: bool) -> None:
    """“— N —”: 单页码居右空一字，双页码居左空一字 (one 4号 character = 280 twips)."""
    p.style = "页码"
    ppr = p._p.get_or_add_pPr()
    ppr.append(el("w:ind", right="280") if odd else el("w:ind", left="280"))
    ppr.append(el("w:jc", val="right" if odd else "left"))
    p.add_run("— ")
    field = el("w:fldSimple", instr=" PAGE ")
    run = el("w:r")
    t = el("w:t")
    t.text = "1"
    run.append(t)
    field.append(run)
    p._p.append(field)
    tail = p.add_run(" —")  # python-docx adds runs after the last run: move it after the field
    p._p.remove(tail._r)
    p._p.append(tail._r)


# --- the document ----------------------------------------------------------------------------------------
def build_document(report: Report) -> Any:
    """The python-docx Document (not saved), for export and for tests."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    doc = docx.Document()
    pkg = doc.part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # the template's picture of an empty page
            del pkg.rels[rid]
    _styles(doc)
    _font_table(doc)
    _page(doc)
    body = doc.element.body
    for p in list(body.iterchildren()):  # the template's empty paragraph
        if p.tag.endswith("}p"):
            body.remove(p)
    ids = {st.name: st.style_id for st in doc.styles}
    for b in document_blocks(report):
        _block(body, report, b, ids)
    cp = doc.core_properties
    cp.title = printable(report.title)
    cp.author = printable(report.meta.org_name)
    cp.subject = "政府信息公开工作年度报告"
    cp.keywords = f"政府信息公开;{report.meta.year or ''}"
    cp.comments = "由 gkdesk 生成"
    cp.last_modified_by = "gkdesk"
    cp.category = ""
    cp.revision = 1
    return doc


def _block(body: Any, report: Report, b: Block, ids: dict[str, str]) -> None:
    add = body.sectPr.addprevious  # the body's content goes before its w:sectPr
    if b.kind in ("title", "heading1", "heading2"):
        style = {"title": "报告标题", "heading1": "一级标题", "heading2": "二级标题"}[b.kind]
        add(para(ids[style], [(b.text, None)]))
    elif b.kind == "body":
        runs = [(b.lead, ids["小标题"])] if b.lead else []
        add(para(ids["正文"], [*runs, (b.text, None)]))
    elif b.kind == "table" and b.table:
        add(table(report, report.format.table(b.table), ids))
        add(para(ids["正文"]))  # a line between the table and the next heading
    elif b.kind == "signature" and (b.text or b.date):
        last = body.sectPr.getprevious()  # the 落款 never stands alone on a page: the last paragraph goes with it
        if last is not None and last.tag == qname("w:p"):
            ppr = last.find(qname("w:pPr"))
            if ppr is not None and ppr.find(qname("w:keepNext")) is None:
                ppr.insert(1, el("w:keepNext"))  # after w:pStyle
        org_right, date_right = signature_indents(b.text, b.date)
        em = BODY_PT * 20
        two_lines = str(2 * LINE_PITCH)
        if b.text:
            add(para(ids["落款"], [(b.text, None)], keep_next="1", spacing_before=two_lines,
                   ind_right=str(round(org_right * em))))
        if b.date:
            extra = {} if b.text else {"spacing_before": two_lines}
            add(para(ids["落款"], [(b.date, None)], ind_right=str(round(date_right * em)), **extra))


