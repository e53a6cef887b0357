"""The source as lines: decoded text (TAB, ``|``, page-layout), or rows of cells from HTML and workbooks."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

#: page footers and headers that PDF extraction leaves inside the text: "-3-", "— 3 —", "第3页 共6页", "3/6"
_FOOTER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[，,]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")
_SOURCE_LINE = re.compile(r"^\s*source:\s*\S+\s*$", re.IGNORECASE)
_WIDE_GAP = re.compile(r"\S(?: {2,}|\u3000+)\S")


@dataclass
class Line:
    """One line (or row of cells) of the source."""

    no: int  # 1-based line (or row) number in the source, for the log
    text: str  # the line as text (cells joined by a tab when it is a row of cells)
    cells: list[str | None] | None = None  # a row of cells (None = covered by a merged cell); None for plain text
    indent: int = 0  # leading width (a full-width space counts 2)
    sheet: str = ""  # workbook sheet or HTML table the row came from

    @property
    def is_row(self) -> bool:
        return self.cells is not None and sum(1 for c in self.cells if c and c.strip()) > 1

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass
class Document:
    """A source to import, as numbered lines (and rows of cells)."""

    name: str
    kind: str  # what the log calls the source, e.g. "纯文本（页面排版，如从PDF提取）"
    lines: list[Line] = field(default_factory=list)
    layout: bool = False  # page-layout text: wrapped paragraphs, columns aligned with spaces
    truncated_tail: bool = False  # the text stops in the middle of a word or number (no final line break)
    notes: list[str] = field(default_factory=list)  # what was dropped while reading (footers, the source line)
    wrap: int | None = None  # width lines were hard-wrapped at (0 = not wrapped; None = not yet measured)


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (GBK files from Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def indent_of(text: str) -> int:
    n = 0
    for ch in text:
        if ch == " ":
            n += 1
        elif ch == "\u3000":
            n += 2
        elif ch == "\t":
            n += 4
        else:
            break
    return n


def text_document(text: str, name: str = "") -> Document:
    """Plain text (pasted from a web page or extracted from a PDF) as a Document."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\xa0", " ")
    truncated = bool(text) and not text[-1].isspace() and text[-1] not in "|。；;）)”\"'"
    raw_lines = text.split("\n")
    doc = Document(name=name, kind="", truncated_tail=truncated)
    footers = 0
    for i, raw in enumerate(raw_lines, start=1):
        if i <= 3 and _SOURCE_LINE.match(raw) and not doc.lines:
            doc.notes.append(f"第{i}行是来源地址（{raw.strip()[7:].strip()}），没有导入")
            continue
        if _FOOTER.match(raw):
            footers += 1
            continue
        doc.lines.append(Line(no=i, text=raw.rstrip(), indent=indent_of(raw)))
    if footers:
        doc.notes.append(f"去掉了 {footers} 处页码（如“-3-”）")
    _drop_running_heads(doc)
    tabs = sum(1 for ln in doc.lines if "\t" in ln.text.strip("\t "))
    pipes = sum(1 for ln in doc.lines if "|" in ln.text)
    gaps = sum(1 for ln in doc.lines if "\t" not in ln.text and _WIDE_GAP.search(ln.text.strip()))
    doc.layout = footers > 0 or (gaps >= 8 and tabs == 0 and pipes < 3)
    for ln in doc.lines:
        if "\t" in ln.text.strip():
            ln.cells = [c.strip() for c in ln.text.strip("\n").split("\t")]
    if doc.layout:
        doc.kind = "纯文本（页面排版，如从PDF提取）"
    elif tabs >= 3:
        doc.kind = "纯文本（表格以制表符分隔，如从网页复制）"
    elif pipes >= 3:
        doc.kind = "纯文本（表格以“|”分隔）"
    else:
        doc.kind = "纯文本"
    return doc


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def csv_document(text: str, name: str = "") -> Document:
    """A CSV file (a workbook saved as text): rows of cells, like a TAB-separated copy."""
    import csv
    import io

    from gkdesk.core.limits import LIMITS, LimitError

    doc = Document(name=name, kind="CSV 表格文本")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    # a cell may hold a whole section's text (the csv module's own limit is 128 KiB); the limit is gkdesk's
    csv.field_size_limit(LIMITS["field_chars"].value)
    reader = csv.reader(io.StringIO(text.replace("\ufeff", "")), dialect)
    rows = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > LIMITS["import_lines"].value:
                raise LimitError("import_lines", name)
    except csv.Error as exc:
        if "field larger than" in str(exc):
            raise LimitError("field_chars", name) from None
        raise ValueError(f"“{name}”第 {reader.line_num} 行不是正确的 CSV 格式，无法导入。请在 Excel 或 WPS 中打开后"
                         "另存为 .xlsx 再导入。") from None
    for i, row in enumerate(rows, start=1):
        cells: list[str | None] = [c.strip() for c in row]
        texts = [c for c in cells if c]
        if len(texts) <= 1 and not any(c == "" for c in cells[1:]):
            doc.lines.append(Line(no=i, text=texts[0] if texts else ""))
        else:
            doc.lines.append(Line(no=i, text="\t".join(c or "" for c in cells), cells=cells))
    return doc


def _table_texts() -> set[str]:
    from gkdesk.core.format import load_format
    from gkdesk.core.importers.labels import fold

    out: set[str] = set()
    for version in ("2021", "2019"):
        try:
            fmt = load_format(version)
        except Exception:  # noqa: BLE001 - a missing older format only weakens this filter
            continue
        for t in fmt.tables.values():
            out |= {fold(c.text) for c in t.layout.cells if c.text}
    return out


def _drop_running_heads(doc: Document) -> None:
    """A line repeated on every page (a running header such as the report title) is not part of the text."""
    import re as _re

    from gkdesk.core.importers.labels import fold

    counts: dict[str, int] = {}
    for ln in doc.lines:
        t = ln.text.strip()
        if len(t) >= 4 and _re.search(r"[\u4e00-\u9fff]", t) and "\t" not in t and "|" not in t:
            counts[t] = counts.get(t, 0) + 1
    repeated = {t for t, n in counts.items() if n >= 3}
    if not repeated:
        return
    known = _table_texts()
    repeated = {t for t in repeated if fold(t) not in known}
    if not repeated:
        return
    first_seen: set[str] = set()
    kept = []
    dropped = 0
    for ln in doc.lines:
        t = ln.text.strip()
        if t in repeated:
            if t not in first_seen:  # the first one may be the title itself
                first_seen.add(t)
                kept.append(ln)
                continue
            dropped += 1
            continue
        kept.append(ln)
    doc.lines = kept
    doc.notes.append(f"去掉了 {dropped} 处每页重复的页眉（如“{_short(sorted(repeated)[0])}”）")


def _short(text: str, n: int = 20) -> str:
    return text if len(text) <= n else text[:n] + "…"
