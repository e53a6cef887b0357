"""What both exporters share: the report's texts in reading order, cell values as printed, safe writing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path

from gkdesk.core.errors import ExportError, GkError, SaveError
from gkdesk.core.fileio import atomic_write, describe_os_error
from gkdesk.core.format import GridCell, TableDef
from gkdesk.core.report import CellValue, Report

TYPE_CHECKING = False  # typing is not imported at run time: a cold export (issue 16.2)
if TYPE_CHECKING:
    from typing import BinaryIO


class TextItem:
    """One piece of user text with a key (for the workbook) and a Chinese location (for messages).

    A plain class, not a dataclass: creating dataclasses at import is a measurable part of a cold export."""

    __slots__ = ("key", "where", "text")

    def __init__(self, key: str, where: str, text: str) -> None:
        self.key, self.where, self.text = key, where, text


def overview_items(report: Report) -> list[TextItem]:
    """Section 一 in order: intro, then each subsection's title and text."""
    sec = report.format.sections[0].heading
    items = [TextItem("overview.intro", f"“{sec}”的开头部分", report.overview_intro)]
    for i, sub in enumerate(report.overview, start=1):
        items.append(TextItem(f"overview.{i}.title", f"“{sec}”第{i}个小标题", sub.title))
        items.append(TextItem(f"overview.{i}.text", f"“{sec}”第{i}小节“{_short(sub.title)}”的正文", sub.text))
    return items


def section_text(report: Report, field: str) -> str:
    return str(getattr(report, field, "") or "")


def _short(text: str, n: int = 12) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text as typed (one per line); Windows line ends and tabs tidied."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").split("\n")


def printable(text: str) -> str:
    """Drop invisible format/control characters (zero-width space, BOM, soft hyphen...) that have no glyph, and
    what XML cannot carry (lone surrogates, U+FFFE/U+FFFF: a workbook with them is malformed)."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cf", "Cc", "Cs")
                   and ch not in "\ufffe\uffff")


def decimal_places(value: Decimal) -> int:
    exp = value.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def cell_text(value: CellValue) -> str:
    """A cell value as printed: blank stays blank, numbers exactly as stored (no rounding, no separators)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ""
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        return format(value, "f")
    return str(value)


def date_text(d) -> str:  # type: ignore[no-untyped-def]
    """A date the way a 公文 writes it: 2025年1月20日 (Arabic numerals, no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def write_export(path: Path, writer: Callable[[BinaryIO], None], what: str) -> None:
    """Write through atomic_write; any failure of the writer becomes a Chinese message and leaves no file."""
    path = Path(path)
    if path.is_dir():
        raise SaveError(f"“{path}”是一个文件夹，不是文件。请另选一个文件名。")
    try:
        atomic_write(path, writer)
    except GkError:
        raise
    except OSError as exc:  # pragma: no cover - atomic_write already converts these
        raise SaveError(describe_os_error(exc, path)) from exc
    except Exception as exc:  # noqa: BLE001 - a library failure must reach the user as a message, not a crash
        raise ExportError(f"生成{what}时出错（{type(exc).__name__}：{str(exc)[:200]}）。没有写出文件。"
                          "请把报告文件发给技术支持人员。") from exc


# --- the document as printed: shared by the PDF, Word and web exports ---------------------------------------
#: a subsection title ending so runs into its first paragraph ("（一）主动公开方面：秉持……"), like published reports
RUN_IN_END = "：:。．.，,；;！!？?、"


class Block:
    """One piece of the printed report, in reading order.

    kinds: ``title``; ``meta`` (a “标签：值” line centred under the title, see ``printed_meta``); ``heading1`` (一、… in 黑体); ``heading2`` (（一）… in 楷体, on its own line); ``body`` (a paragraph;
    ``lead`` is a run-in subsection title printed before it in the heading2 face); ``table`` (``table`` = its key,
    ``text`` = its section heading); ``signature`` (``text`` = 机关名称, ``date`` = 成文日期 as printed, may be empty)."""

    __slots__ = ("kind", "text", "where", "lead", "lead_where", "table", "date")

    def __init__(self, kind: str, text: str = "", where: str = "", lead: str = "", lead_where: str = "",
                 table: str | None = None, date: str = "") -> None:
        self.kind, self.text, self.where, self.lead, self.lead_where = kind, text, where, lead, lead_where
        self.table, self.date = table, date

    def __repr__(self) -> str:
        return f"Block({self.kind!r}, {self.text[:20]!r})"


_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"


@cache
def regex(pattern: str) -> re.Pattern[str]:
    """Regular expressions compiled when first used, not at import (each costs milliseconds; the cold export counts)."""
    return re.compile(pattern)


_STRAY_SPACE = rf"(?<=[{_CJK}])[ \u00a0]+(?=[{_CJK}0-9A-Za-z])|(?<=[0-9A-Za-z%])[ \u00a0]+(?=[{_CJK}])"


def tidy(text: str) -> str:
    """A paragraph as printed: invisible characters dropped, stray spaces from imported text (``2024 年``, ``秋渠 乡``)
    removed between Chinese and digits/Latin, spaces between Latin words kept."""
    text = printable(text)
    return regex(_STRAY_SPACE).sub("", text) if " " in text or "\u00a0" in text else text


def clean_paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs of a text as printed; typed indents are dropped (the style indents)."""
    paras = [tidy(p).strip(" \u3000\u00a0") for p in paragraphs(text)]
    return [p for p in paras if p]


def one_line(text: str) -> str:
    return " ".join(tidy(text).split())


def signature_date(report: Report) -> str:
    """The 落款 date: 成文日期, else 发布日期, else empty (validation warns about a missing 成文日期)."""
    return date_text(report.meta.written_date or report.meta.publish_date)


def document_blocks(report: Report) -> list[Block]:
    """The report as the PDF, Word and web exports print it: title, statistical period (when the text does not
    state it), the six sections with their tables, and the 落款."""
    out = [Block("title", one_line(report.title), "报告标题")]
    out.extend(Block("meta", line, where) for line, where in printed_meta(report))
    intro_all = report.overview_intro + "".join(s.text for s in report.overview)
    if "统计期限" not in intro_all and report.meta.year:
        out.append(Block("body", report.period_text, "统计期限说明"))
    for sec in report.format.sections:
        out.append(Block("heading1", sec.heading, f"标题“{sec.heading}”"))
        if sec.kind == "table" and sec.table:
            out.append(Block("table", sec.heading, f"表格“{sec.heading}”", table=sec.table))
        elif sec.field == "overview":
            out.extend(_overview_blocks(report))
        else:
            where = f"“{sec.heading}”"
            out.extend(Block("body", p, where) for p in clean_paragraphs(section_text(report, sec.field or "")))
    out.append(Block("signature", one_line(report.meta.org_name), "机关名称", date=signature_date(report)))
    return out


def printed_meta(report: Report) -> list[tuple[str, str]]:
    """The lines “标签：值” printed under the title, with their Chinese location: the 基本信息 fields that the format
    adds with ``"print": true`` (the built-in fields have their own place: title, 落款), in the format's order; a
    field with no value prints nothing."""
    from gkdesk.core.fields import registry_of

    fields = [m for m in report.format.meta_fields if m.print and not m.attribute]
    if not fields:
        return []
    reg = registry_of(report)
    out = []
    for m in fields:
        value = one_line(reg.meta_display(report, m.key))
        if value:
            out.append((f"{m.label}：{value}", f"基本信息“{m.label}”"))
    return out


def _overview_blocks(report: Report) -> list[Block]:
    items = overview_items(report)
    out = [Block("body", p, items[0].where) for p in clean_paragraphs(items[0].text)]
    for title_item, text_item in zip(items[1::2], items[2::2], strict=True):
        title = one_line(title_item.text)
        paras = clean_paragraphs(text_item.text)
        if title and title[-1] in RUN_IN_END and paras:
            out.append(Block("body", paras[0], text_item.where, lead=title, lead_where=title_item.where))
            paras = paras[1:]
        elif title:
            out.append(Block("heading2", title, title_item.where))
        out.extend(Block("body", p, text_item.where) for p in paras)
    return out


# --- header labels break between words ----------------------------------------------------------------------
#: the words of the official table headers and short row labels: a label too long for its column breaks between
#: them (商业/企业, 法律服务/机构), never inside one. The labels themselves come from the format, unchanged.
LABEL_WORDS = frozenset((
    "自然人", "法人", "其他", "组织", "商业", "企业", "科研", "机构", "社会", "公益", "法律", "服务", "总计", "申请人",
    "情况", "结果", "维持", "纠正", "尚未", "审结", "行政", "复议", "诉讼", "未经", "直接", "起诉", "复议后", "本年",
    "制发", "废止", "现行", "有效", "件数", "处理", "决定", "数量", "信息", "内容", "收费", "金额", "单位", "万元",
    "予以", "公开", "部分", "不予", "无法", "提供", "规章", "规范性", "文件", "许可", "处罚", "强制", "事业性",
    "本年度", "办理", "结转", "下年度", "继续", "上年", "新收", "政府", "申请",
))
_ENUM = r"^(?:[（(][一二三四五六七八九十]{1,2}[）)]|[一二三四五六七八九十]{1,2}、|\d{1,2}[.．、])"
_NO_START = "，。、；：？！）》」』】〕〉…—’”%‰·"


def label_words(text: str) -> list[str]:
    """A label cut into words: a leading enumerator, then the longest known word at each place (else one
    character); closing punctuation stays with the word before it, opening punctuation with the word after."""
    words: list[str] = []
    m = regex(_ENUM).match(text)
    i = 0
    if m:
        words.append(m.group(0))
        i = m.end()
    pending = ""
    while i < len(text):
        for n in (3, 2, 1):
            w = text[i:i + n]
            if n == 1 or w in LABEL_WORDS:
                break
        i += len(w)
        if w in "（(《“‘":
            pending += w
            continue
        if w in _NO_START and words and not pending:
            words[-1] += w
            continue
        words.append(pending + w)
        pending = ""
    if pending:
        words.append(pending)
    return words


def em_width(text: str) -> float:
    """Width in em: a Chinese character or full-width sign 1, a Latin letter, digit or space ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def label_lines(text: str, max_em: float) -> list[str]:
    """The label in lines of at most ``max_em`` em, broken between words (a word wider than a line is cut)."""
    if em_width(text) <= max_em:
        return [text]
    lines: list[str] = []
    cur = ""
    for w in label_words(text):
        while em_width(w) > max_em:  # a word wider than the column: cut it, nothing better exists
            if cur:
                lines.append(cur)
                cur = ""
            n = max(1, int(max_em))
            lines.append(w[:n])
            w = w[n:]
        if cur and em_width(cur + w) > max_em:
            lines.append(cur)
            cur = w
        else:
            cur += w
    if cur:
        lines.append(cur)
    return lines


def signature_indents(org: str, date: str) -> tuple[float, float]:
    """Right indents (em) of the 落款 lines: the date 右空四字, the name centred above the date (GB/T 9704 §7.3.5);
    a name too long for that ends flush right."""
    date_right = 4.0
    ow, dw = em_width(org), em_width(date) if date else em_width(org)
    org_right = max(0.0, date_right + dw / 2 - ow / 2)
    if org_right + ow > 28:
        org_right = 0.0
    return org_right, date_right


def table_rows(tdef: TableDef) -> list[list[GridCell]]:
    """The layout's cells row by row (only the cells that start in a row), left to right."""
    rows: list[list[GridCell]] = [[] for _ in range(tdef.layout.n_rows)]
    for gc in sorted(tdef.layout.cells, key=lambda c: (c.row, c.col)):
        rows[gc.row].append(gc)
    return rows
