"""An HTML page saved from a portal as a Document: paragraphs as lines, tables as rows with merged cells placed."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from gkdesk.core.importers.source import Document, Line
from gkdesk.core.limits import LIMITS, LimitError, check

_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section", "article", "br", "hr",
          "center", "blockquote", "pre", "ul", "ol", "dd", "dt", "header", "footer", "title"}
_SKIP = {"script", "style", "noscript", "template", "head", "select", "option", "button", "svg", "iframe"}


def looks_like_html(text: str) -> bool:
    head = text[:3000].lower()
    return bool(re.search(r"<(html|body|table|p|div|td)[\s>]", head)) and head.count("<") >= 3


class _Parser(HTMLParser):
    def __init__(self, name: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.cells = 0  # cells seen (limit "table_cells", counted again after spans in _place)
        self.items: list[tuple[str, object]] = []  # ("text", str) or ("table", rows)
        self.buf: list[str] = []
        self.skip = 0
        self.tables: list[dict] = []  # stack of tables being read
        self.title = ""
        self._in_title = False

    # text outside tables goes to buf, inside a cell to the cell
    def handle_starttag(self, tag: str, attrs) -> None:
        a = dict(attrs)
        if tag in _SKIP and tag != "head":
            self.skip += 1
            return
        if tag == "title":
            self._in_title = True
        if tag == "table":
            if self.tables and not self.tables[-1]["layout"]:
                self._to_layout(self.tables[-1])  # a table inside a table: the outer one only lays out the page
            self._flush()
            check("nesting_depth", len(self.tables) + 1, self.name)
            self.tables.append({"rows": [], "row": None, "cell": None, "layout": False})
            return
        if self.tables and self.tables[-1]["layout"]:
            if tag in _BLOCK or tag in ("td", "th"):
                self._flush()
            return
        if self.tables:
            t = self.tables[-1]
            if tag == "tr":
                self.cells += 1  # an empty row costs as much as a cell
                check("table_cells", self.cells, self.name)
                t["row"] = []
                t["rows"].append(t["row"])
            elif tag in ("td", "th"):
                if t["row"] is None:
                    t["row"] = []
                    t["rows"].append(t["row"])
                self.cells += 1
                check("table_cells", self.cells, self.name)
                t["cell"] = {"text": [], "rowspan": _span(a.get("rowspan")), "colspan": _span(a.get("colspan"))}
                t["row"].append(t["cell"])
            elif tag in ("br", "p", "div") and t["cell"] is not None:
                t["cell"]["text"].append("\n")
            return
        if tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and tag != "head":
            self.skip = max(0, self.skip - 1)
            return
        if tag == "title":
            self._in_title = False
        if tag == "table" and self.tables:
            t = self.tables.pop()
            self._flush()
            if not t["layout"]:
                self.items.append(("table", _place(t["rows"], self.name)))
            return
        if self.tables and self.tables[-1]["layout"]:
            if tag in _BLOCK or tag in ("td", "th"):
                self._flush()
            return
        if self.tables:
            t = self.tables[-1]
            if tag in ("td", "th"):
                t["cell"] = None
            return
        if tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self._in_title:
            self.title += data
            return
        if self.tables and not self.tables[-1]["layout"]:
            cell = self.tables[-1]["cell"]
            if cell is not None:
                cell["text"].append(data)
            return
        self.buf.append(data)

    def _to_layout(self, t: dict) -> None:
        """Turn a table that turned out to hold the page (it contains a table) into paragraphs read so far."""
        for row in t["rows"]:
            for cell in row:
                for piece in "".join(cell["text"]).split("\n"):
                    piece = re.sub(r"\s+", " ", piece).strip()
                    if piece:
                        self.items.append(("text", piece))
        t["rows"], t["row"], t["cell"], t["layout"] = [], None, None, True

    def _flush(self) -> None:
        text = "".join(self.buf)
        self.buf = []
        for piece in text.split("\n"):
            piece = re.sub(r"[ \t\r\f\v]+", " ", piece).strip()
            if piece:
                self.items.append(("text", piece))
        check("import_lines", len(self.items), self.name)

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """``<![CDATA[…]]>`` and the like; a declaration the standard parser does not know (``<![bogus[``) is skipped
        up to its ``>`` instead of stopping the whole page."""
        try:
            return super().parse_marked_section(i, report)
        except (ValueError, AssertionError):
            j = self.rawdata.find(">", i + 3)
            return len(self.rawdata) if j < 0 else j + 1

    def close(self) -> None:
        super().close()
        while self.tables:
            t = self.tables.pop()
            self._flush()
            if not t["layout"]:
                self.items.append(("table", _place(t["rows"], self.name)))
        self._flush()


def _span(v: str | None) -> int:
    try:
        return max(1, min(int(str(v).strip() or 1), 100))
    except ValueError:
        return 1


def _cell_text(parts: list[str]) -> str:
    text = "".join(parts)
    lines = [re.sub(r"\s+", " ", x).strip() for x in text.split("\n")]
    lines = [x for x in lines if x]
    # a label broken over lines in the cell ("商业\n企业") joins without a space; paragraphs stay lines
    return "".join(lines) if all(len(x) <= 12 for x in lines) else "\n".join(lines)


def _place(rows: list[list[dict]], name: str = "") -> list[list[str | None]]:
    """Rows of cells with rowspan/colspan placed on a grid; covered positions are None, a cell's text is at its
    top-left position only (so a merged figure is read once). The grid's size is checked before it is built
    (limit "table_cells"): a few kilobytes of ``rowspan=100 colspan=100`` would otherwise fill gigabytes."""
    cap = LIMITS["table_cells"].value
    placed = sum(cell["rowspan"] * cell["colspan"] for row in rows for cell in row)
    check("table_cells", placed, name)
    grid: dict[tuple[int, int], str | None] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            text = _cell_text(cell["text"])
            if (r + cell["rowspan"]) * max(width, c + cell["colspan"]) > cap:
                raise LimitError("table_cells", name)
            for dr in range(cell["rowspan"]):
                for dc in range(cell["colspan"]):
                    grid[(r + dr, c + dc)] = None
            grid[(r, c)] = text
            c += cell["colspan"]
            width = max(width, c)
    check("table_cells", len(rows) * width, name)
    return [[grid.get((r, c)) if (r, c) in grid else "" for c in range(width)] for r in range(len(rows))]


def strip_heavy(html: str) -> str:
    """The page without what is never report text and can be most of its size: ``<script>``, ``<style>`` and
    comments, and inline ``data:`` images. An opening with no closing after it cuts the page there (so the lazy
    patterns below always stop at the nearest closing, and the work stays linear)."""
    cut = len(html)
    for opener, last_closer in _PAIRS:
        m = last_closer.match(html)
        o = opener.search(html, m.end() if m else 0)
        if o:
            cut = min(cut, o.start())
    return _DATA_URI.sub("data:,", _HEAVY.sub("", html[:cut]))


_PAIRS = tuple((re.compile(o, re.I), re.compile(r"(?is).*" + c)) for o, c in (
    ("<script", "</script"), ("<style", "</style"), ("<!--", "-->")))
_HEAVY = re.compile(r"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>", re.S | re.I)
_DATA_URI = re.compile(r"data:[\w/+.-]{0,40};base64,[A-Za-z0-9+/=\s]{64,}")


def html_document(html: str, name: str = "") -> Document:
    html = strip_heavy(html)
    check("import_chars", len(html), name)
    p = _Parser(name)
    try:
        p.feed(html)
        p.close()
    except LimitError:
        raise
    except Exception as exc:  # noqa: BLE001 - html.parser is lenient; anything else is a broken file
        raise ValueError(f"“{name}”无法按网页读取（{type(exc).__name__}）。请在浏览器中打开它，复制正文后用“从剪贴板导入”。") from exc
    doc = Document(name=name, kind="网页（HTML）")
    no = 0
    if p.title.strip() and not any(k == "text" and p.title.strip() in str(v) for k, v in p.items[:5]):
        pass  # the <title> is often "标题 - 门户网站名": used only when the body has no title (see below)
    for kind, item in p.items:
        if kind == "text":
            no += 1
            doc.lines.append(Line(no=no, text=str(item)))
        else:
            for row in item:  # type: ignore[attr-defined]
                no += 1
                texts = [c for c in row if c]
                if len(texts) <= 1 and not any(c is not None and c == "" for c in row[1:]):
                    for piece in (texts[0] if texts else "").split("\n"):  # a one-cell row holding paragraphs
                        doc.lines.append(Line(no=no, text=piece, sheet="table"))
                else:
                    cells = [c.replace("\n", " ") if c else c for c in row]
                    doc.lines.append(Line(no=no, text="\t".join(c or "" for c in cells), cells=cells, sheet="table"))
    if not any("年度报告" in ln.text for ln in doc.lines[:30]) and p.title.strip():
        t = re.split(r"\s*[-_|–—]\s*", p.title.strip())[0]
        doc.lines.insert(0, Line(no=0, text=t))
    return doc
