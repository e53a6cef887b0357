"""A Word document (.docx) as a Document: paragraphs as lines, tables as rows with merged cells placed."""

from __future__ import annotations

import io
import zipfile
import zlib

from gkdesk.core.importers.source import Document, Line
from gkdesk.core.limits import ArchiveBudget, LimitError, check, read_member

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(el) -> str:
    parts: list[str] = []
    for node in el.iter():
        if node.tag == W + "t" and node.text:
            parts.append(node.text)
        elif node.tag == W + "tab":
            parts.append("\t")
        elif node.tag in (W + "br", W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _cell_props(tc) -> tuple[int, str | None]:
    span, vmerge = 1, None
    pr = tc.find(W + "tcPr")
    if pr is not None:
        gs = pr.find(W + "gridSpan")
        if gs is not None:
            try:
                span = max(1, min(int(gs.get(W + "val", "1")), 100))
            except ValueError:
                span = 1
        vm = pr.find(W + "vMerge")
        if vm is not None:
            vmerge = vm.get(W + "val", "continue")
    return span, vmerge


def docx_document(data: bytes, name: str = "") -> Document:
    """Read the body of a .docx; raise ValueError with a Chinese message when it is not one."""
    from defusedxml import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            check("archive_members", len(z.infolist()), name)
            xml = read_member(z, "word/document.xml", ArchiveBudget(name))
    except (zipfile.BadZipFile, KeyError, NotImplementedError, EOFError, zlib.error) as exc:
        raise ValueError(f"“{name}”已损坏或不是 Word 文档（.docx），无法读取。请在 Word 或 WPS 中打开后另存为 .docx，"
                         "或复制正文后用“从剪贴板导入”。") from exc
    check("xml_elements", xml.count(b"<"), name)  # counted before the parser builds them
    check("import_lines", xml.count(b"<w:p>") + xml.count(b"<w:p "), name)
    try:
        root = ElementTree.fromstring(xml)
    except RecursionError:
        raise LimitError("nesting_depth", name) from None
    except Exception as exc:  # noqa: BLE001 - broken or hostile XML
        raise ValueError(f"“{name}”的内容无法读取（{type(exc).__name__}）。请复制正文后用“从剪贴板导入”。") from exc
    body = root.find(W + "body")
    doc = Document(name=name, kind="Word 文档（.docx）")
    if body is None:
        return doc
    no = 0
    for el in body:
        if el.tag == W + "p":
            for part in _text(el).split("\n"):
                no += 1
                doc.lines.append(Line(no=no, text=part))
        elif el.tag == W + "tbl":
            for tr in el.iter(W + "tr"):
                no += 1
                cells: list[str | None] = []
                for tc in tr.findall(W + "tc"):
                    span, vmerge = _cell_props(tc)
                    text = " ".join(_text(p).strip() for p in tc.iter(W + "p") if _text(p).strip())
                    cells.append(None if vmerge == "continue" else text)
                    cells.extend([None] * (span - 1))
                texts = [c for c in cells if c]
                if len(texts) <= 1 and not any(c == "" for c in cells[1:]):
                    doc.lines.append(Line(no=no, text=texts[0] if texts else "", sheet="table"))
                else:
                    doc.lines.append(Line(no=no, text="\t".join(c or "" for c in cells), cells=cells, sheet="table"))
    return doc
