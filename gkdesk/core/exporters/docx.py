"""The report as a Word document (.docx) for 审签 in Word or WPS: the PDF's document, editable.

GB/T 9704: A4, 天头 37 mm, 订口 28 mm, a 156 × 225 mm text block with the 28 × 22 document grid (w:docGrid), 3号
仿宋 body, 一、 in 黑体, （一） in 楷体, the title in 2号 小标宋, page numbers “— N —” in 4号 宋体 on the outer side
(odd pages right, even pages left, one character in), the 落款. Styles name the fonts Windows and WPS offices have
(方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体) with their usual substitutes in the font table, so a machine
without the GB2312 faces shows 仿宋/楷体. The tables are drawn from the format's layout, merges included.

The package is written by hand (WordprocessingML as text, no XML library): a bundle without python-docx and lxml
stays within its size, and the export takes milliseconds.
"""

from __future__ import annotations

import math
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from gkdesk.core.exporters.common import Block, document_blocks, printable, signature_indents, write_export
from gkdesk.core.exporters.docx_parts import TABLE_SIZE, E, el, esc, para, table
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


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = R_NS
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: paragraph styles: id -> (name shown in Word, font role, options); character styles below
STYLE_NAMES = {"GkTitle": "报告标题", "GkBody": "正文", "GkHeading1": "一级标题", "GkHeading2": "二级标题",
               "GkSignature": "落款", "GkPageNumber": "页码", "GkLead": "小标题"}


def export_docx(report: Report, path: Path) -> None:
    """Write the report as a .docx; SaveError/ExportError (Chinese) on failure, never a partial file."""
    doc = build_document(report)

    def writer(fh: BinaryIO) -> None:
        doc.save(fh)

    write_export(Path(path), writer, "Word 文档")


# --- styles ----------------------------------------------------------------------------------------------
def rpr(role: str, size: float | None = None, snap: bool = True, condense: int = 0) -> E:
    """w:rPr of a role: every script slot names the font (eastAsia for Word and WPS), no theme font, no bold.
    No w:hint="eastAsia": it makes digits East Asian text, which LibreOffice then breaks inside a number. For the same
    reason the Latin language is en-US (as Word writes it for a Chinese document), the East Asian one zh-CN: with
    zh-CN for Latin text LibreOffice broke "2024" across two lines.
    ``snap=False`` takes the text off the grid (table cells); ``condense`` narrows each character (twips)."""
    name, _alt, default_size = FONTS[role]
    half = str(round(2 * (size or default_size)))
    r = el("w:rPr")
    # schema order: rFonts, ..., snapToGrid, ..., color, spacing, ..., sz, szCs, ..., lang
    r.append(el("w:rFonts", ascii=name, hAnsi=name, eastAsia=name, cs=name))
    if not snap:
        r.append(el("w:snapToGrid", val="0"))
    r.append(el("w:color", val="000000"))
    if condense:
        r.append(el("w:spacing", val=str(-condense)))
    for tag in ("w:sz", "w:szCs"):
        r.append(el(tag, val=half))
    r.append(el("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    return r


def _spacing(exact: int | None, after: int = 0) -> E:
    if exact:
        return el("w:spacing", before="0", after=str(after), line=str(exact), lineRule="exact")
    return el("w:spacing", before="0", after=str(after), line="240", lineRule="auto")


def _para_style(sid: str, role: str, *, align: str = "both", indent: bool = True, outline: int | None = None,
                keep_next: bool = False, exact: int | None = LINE_PITCH, after: int = 0, size: float | None = None,
                snap: bool = True, condense: int = CONDENSE, name: str | None = None) -> E:
    st = E("w:style", {"w:type": "paragraph", "w:customStyle": "1", "w:styleId": sid})
    st.append(el("w:name", val=name or STYLE_NAMES[sid]))
    st.append(el("w:basedOn", val="Normal"))
    st.append(el("w:qFormat"))
    p = st.append(el("w:pPr"))
    # schema order: keepNext, widowControl, snapToGrid, spacing, ind, jc, outlineLvl
    if keep_next:
        p.append(el("w:keepNext"))
    p.append(el("w:widowControl"))
    if not snap:
        p.append(el("w:snapToGrid", val="0"))  # table rows and page numbers are not put on the body's grid
    p.append(_spacing(exact, after))
    if indent:
        p.append(el("w:ind", firstLineChars="200", firstLine=str(2 * BODY_PT * 20)))
    p.append(el("w:jc", val=align))
    if outline is not None:
        p.append(el("w:outlineLvl", val=str(outline)))
    st.append(rpr(role, size, snap, condense))
    return st


def _char_style(sid: str, name: str, role: str, size: float | None = None, snap: bool = True,
                condense: int = 0) -> E:
    st = E("w:style", {"w:type": "character", "w:customStyle": "1", "w:styleId": sid})
    st.append(el("w:name", val=name))
    st.append(el("w:basedOn", val="DefaultParagraphFont"))
    st.append(rpr(role, size, snap, condense))
    return st


def styles_xml() -> str:
    root = E("w:styles", {"xmlns:w": W_NS})
    defaults = root.append(el("w:docDefaults"))
    defaults.append(el("w:rPrDefault")).append(rpr("body"))
    defaults.append(el("w:pPrDefault")).append(el("w:pPr")).append(_spacing(None))
    normal = root.append(E("w:style", {"w:type": "paragraph", "w:default": "1", "w:styleId": "Normal"}))
    normal.append(el("w:name", val="Normal"))
    normal.append(el("w:qFormat"))
    normal.append(rpr("body"))
    font = root.append(E("w:style", {"w:type": "character", "w:default": "1", "w:styleId": "DefaultParagraphFont"}))
    font.append(el("w:name", val="Default Paragraph Font"))
    font.append(el("w:uiPriority", val="1"))
    font.append(el("w:semiHidden"))
    grid = root.append(E("w:style", {"w:type": "table", "w:default": "1", "w:styleId": "TableNormal"}))
    grid.append(el("w:name", val="Normal Table"))
    grid.append(el("w:semiHidden"))
    mar = grid.append(el("w:tblPr")).append(el("w:tblCellMar"))
    for side, w in (("top", 0), ("left", 108), ("bottom", 0), ("right", 108)):
        mar.append(el(f"w:{side}", w=str(w), type="dxa"))
    root.append(_para_style("GkTitle", "title", align="center", indent=False, outline=0, keep_next=True,
                            after=LINE_PITCH, condense=0))
    root.append(_para_style("GkBody", "body"))
    root.append(_para_style("GkHeading1", "heading1", align="left", outline=1, keep_next=True))
    root.append(_para_style("GkHeading2", "heading2", align="left", outline=2, keep_next=True))
    root.append(_para_style("GkSignature", "body", align="right", indent=False))
    for key, size in TABLE_SIZE.items():
        root.append(_para_style(f"GkTable{key[1:]}", "table", align="center", indent=False, exact=None, size=size,
                                snap=False, condense=0, name=f"表格文字{key[1:]}"))
        root.append(_char_style(f"GkTableHeading{key[1:]}", f"表格黑体{key[1:]}", "heading1", size, snap=False))
    root.append(_para_style("GkPageNumber", "pageno", align="right", indent=False, exact=None, snap=False,
                            condense=0))
    root.append(_char_style("GkLead", "小标题", "heading2", condense=CONDENSE))
    return XML_HEAD + root.xml()


def font_table_xml() -> str:
    """Each font with its substitute (w:altName) and GB2312 charset, as Word writes 仿宋_GB2312."""
    root = E("w:fonts", {"xmlns:w": W_NS})
    for name, (alt, charset, family, pitch) in FONT_TABLE_ENTRIES.items():
        font = root.append(el("w:font", name=name))
        # schema order: altName, panose1, charset, family, notTrueType, pitch
        for tag, val in (("altName", alt), ("charset", charset), ("family", family), ("pitch", pitch)):
            font.append(el(f"w:{tag}", val=val))
    return XML_HEAD + root.xml()


def settings_xml() -> str:
    # schema order: zoom, ..., defaultTabStop, ..., evenAndOddHeaders, ..., characterSpacingControl, ..., compat
    return (XML_HEAD + f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
            '<w:evenAndOddHeaders/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat>'
            '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            'w:val="15"/></w:compat></w:settings>')


def footer_xml(odd: bool) -> str:
    """“— N —” in 4号 宋体: 单页码居右空一字，双页码居左空一字 (one 4号 character = 280 twips)."""
    p = el("w:p")
    ppr = p.append(el("w:pPr"))
    ppr.append(el("w:pStyle", val="GkPageNumber"))
    ppr.append(el("w:ind", right="280") if odd else el("w:ind", left="280"))
    ppr.append(el("w:jc", val="right" if odd else "left"))
    for part in ("— ", None, " —"):
        if part is None:
            field = p.append(el("w:fldSimple", instr=" PAGE "))
            t = field.append(el("w:r")).append(el("w:t"))
            t.text = "1"
        else:
            t = p.append(el("w:r")).append(E("w:t", {"xml:space": "preserve"}))
            t.text = part
    return XML_HEAD + f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">' + p.xml() + "</w:ftr>"


# --- the document ----------------------------------------------------------------------------------------
class Document:
    """The .docx package; ``save(fh)`` writes it, ``parts`` holds its files (name -> text), for tests."""

    def __init__(self, parts: dict[str, str]) -> None:
        self.parts = parts

    def save(self, fh: BinaryIO) -> None:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            for name, text in self.parts.items():
                z.writestr(name, text.encode("utf-8"))


def build_document(report: Report) -> Document:
    """The document (not saved), for export and for tests."""
    content: list[E] = []
    for b in document_blocks(report):
        _block(content, report, b)
    sect = el("w:sectPr")
    sect.append(E("w:footerReference", {"w:type": "default", "r:id": "rIdFooterOdd"}))
    sect.append(E("w:footerReference", {"w:type": "even", "r:id": "rIdFooterEven"}))
    sect.append(el("w:pgSz", w=str(PAGE_W), h=str(PAGE_H)))
    sect.append(el("w:pgMar", top=str(TOP), right=str(RIGHT), bottom=str(BOTTOM), left=str(LEFT), header="851",
                   footer=str(FOOTER_FROM_EDGE), gutter="0"))
    sect.append(el("w:cols", space="425"))
    sect.append(el("w:docGrid", type="lines", linePitch=str(LINE_PITCH), charSpace=str(CHAR_SPACE)))
    body = "".join(e.xml() for e in content) + sect.xml()
    document = (XML_HEAD + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>')
    return Document(_package(report, document))


def _block(content: list[E], report: Report, b: Block) -> None:
    if b.kind in ("title", "heading1", "heading2"):
        style = {"title": "GkTitle", "heading1": "GkHeading1", "heading2": "GkHeading2"}[b.kind]
        content.append(para(style, [(b.text, None)]))
    elif b.kind == "meta":
        content.append(para("GkBody", [(b.text, None)], jc="center", ind_firstLine="0", ind_firstLineChars="0"))
    elif b.kind == "body":
        runs = [(b.lead, "GkLead")] if b.lead else []
        content.append(para("GkBody", [*runs, (b.text, None)]))
    elif b.kind == "table" and b.table:
        content.append(table(report, report.format.table(b.table)))
        content.append(para("GkBody"))  # a line between the table and the next heading
    elif b.kind == "signature" and (b.text or b.date):
        last = content[-1] if content else None  # the 落款 never stands alone: the last paragraph goes with it
        if last is not None and last.tag == "w:p":
            ppr = last.find("w:pPr")
            if ppr is not None and ppr.find("w:keepNext") is None:
                ppr.insert(1, el("w:keepNext"))  # after w:pStyle
        org_right, date_right = signature_indents(b.text, b.date)
        em = BODY_PT * 20
        two_lines = str(2 * LINE_PITCH)
        if b.text:
            content.append(para("GkSignature", [(b.text, None)], keep_next="1", spacing_before=two_lines,
                                ind_right=str(round(org_right * em))))
        if b.date:
            extra = {} if b.text else {"spacing_before": two_lines}
            content.append(para("GkSignature", [(b.date, None)], ind_right=str(round(date_right * em)), **extra))


def _package(report: Report, document: str) -> dict[str, str]:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    overrides = {"/word/document.xml": f"{main}.document.main+xml", "/word/styles.xml": f"{main}.styles+xml",
                 "/word/settings.xml": f"{main}.settings+xml", "/word/fontTable.xml": f"{main}.fontTable+xml",
                 "/word/footer1.xml": f"{main}.footer+xml", "/word/footer2.xml": f"{main}.footer+xml",
                 "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
                 "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml"}
    types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>' + "".join(
                 f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in overrides.items()) + "</Types>")
    pkg_rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    rels = (f'<Relationships xmlns="{pkg_rels}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
            f'<Relationship Id="rId2" Type="{pkg_rels}/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/></Relationships>')
    doc_rels = (f'<Relationships xmlns="{pkg_rels}">' + "".join(
        f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}"/>' for rid, kind, target in (
            ("rIdStyles", "styles", "styles.xml"), ("rIdSettings", "settings", "settings.xml"),
            ("rIdFonts", "fontTable", "fontTable.xml"), ("rIdFooterOdd", "footer", "footer1.xml"),
            ("rIdFooterEven", "footer", "footer2.xml"))) + "</Relationships>")
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    props = (("dc:title", printable(report.title)), ("dc:subject", "政府信息公开工作年度报告"),
             ("dc:creator", printable(report.meta.org_name)), ("cp:keywords", f"政府信息公开;{report.meta.year or ''}"),
             ("dc:description", "由 gkdesk 生成"), ("cp:lastModifiedBy", "gkdesk"), ("cp:revision", "1"))
    core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
            "".join(f"<{t}>{esc(v)}</{t}>" for t, v in props if v) +
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>')
    app = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           "<Application>gkdesk</Application></Properties>")
    return {"[Content_Types].xml": XML_HEAD + types, "_rels/.rels": XML_HEAD + rels,
            "docProps/core.xml": XML_HEAD + core, "docProps/app.xml": XML_HEAD + app,
            "word/document.xml": document, "word/_rels/document.xml.rels": XML_HEAD + doc_rels,
            "word/styles.xml": styles_xml(), "word/settings.xml": settings_xml(),
            "word/fontTable.xml": font_table_xml(), "word/footer1.xml": footer_xml(odd=True),
            "word/footer2.xml": footer_xml(odd=False)}
