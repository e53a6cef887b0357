"""What both exporters share: the report's texts in reading order, cell values as printed, safe writing."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from gkdesk.core.errors import ExportError, GkError, SaveError
from gkdesk.core.fileio import atomic_write, describe_os_error
from gkdesk.core.report import CellValue, Report


@dataclass(frozen=True)
class TextItem:
    """One piece of user text with a key (for the workbook) and a Chinese location (for messages)."""

    key: str
    where: str
    text: str


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
