"""Import published reports (text, HTML, workbooks, the 2019 layout) into a 2021 Report, with a log of how."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from gkdesk.core.importers.log import ImportLog, LogEntry
from gkdesk.core.importers.pipeline import ImportResult, build
from gkdesk.core.importers.source import Document, decode, text_document
from gkdesk.core.limits import check, clean_report, read_regular_file

__all__ = ["ImportLog", "ImportResult", "LogEntry", "import_file", "import_text", "SUPPORTED_SUFFIXES"]

#: what the file dialog offers (a .gkreport is opened, not imported)
SUPPORTED_SUFFIXES = (".txt", ".text", ".htm", ".html", ".xhtml", ".mht", ".mhtml", ".xlsx", ".xlsm", ".csv", ".docx")


def import_text(text: str, name: str = "") -> ImportResult:
    """Import text pasted or read from a file (web page copy, PDF extraction, TAB or ``|`` tables).

    Never raises: a text over the limits, or one that cannot be read, gives a result without a report whose log
    says why."""
    return _guarded(lambda: _import_text(text, name), name)


def _import_text(text: str, name: str) -> ImportResult:
    from gkdesk.core.importers.html import looks_like_html

    if looks_like_html(text):  # scripts and inline images are dropped before the characters are counted
        from gkdesk.core.importers.html import html_document

        return _build(html_document(text, name))
    check("import_chars", len(text), name or "粘贴的文字")
    return _build(text_document(text, name))


def _build(doc: Document) -> ImportResult:
    check("import_lines", len(doc.lines), doc.name or "粘贴的文字")
    return build(doc)


def _guarded(make: Callable[[], ImportResult], name: str) -> ImportResult:
    """The importer's boundary: every failure becomes a result without a report and a Chinese reason; the texts of
    a report are cleaned of characters it cannot hold (with a note), and a report that could not be saved is refused."""
    from gkdesk.core import storage
    from gkdesk.core.errors import GkError

    shown = name or "粘贴的文字"
    try:
        result = make()
        report = result.report
        if report is not None:
            for note in clean_report(report):
                result.log.add("ignored", "", note)
            problem = storage.unsavable(report)
            if problem:
                return _refuse(name, f"“{shown}”导入后的内容无法保存：{problem}。没有导入。")
        return result
    except GkError as exc:
        return _refuse(name, str(exc))
    except ValueError as exc:  # the readers' Chinese messages
        return _refuse(name, str(exc))
    except (RecursionError, MemoryError):
        return _refuse(name, f"“{shown}”的结构过于复杂（嵌套过深或内容过多），无法导入。" + _ADVICE)
    except Exception as exc:  # noqa: BLE001 - a hostile file must never end in a traceback
        logging.getLogger(__name__).exception("import of %s failed", name)
        return _refuse(name, f"“{shown}”无法导入：读取时出现了意外的问题（{type(exc).__name__}）。" + _ADVICE)


_ADVICE = "请在原来的程序（浏览器、Word、WPS）中打开它，复制正文后用“从剪贴板导入”。"


def import_file(path: str | Path) -> ImportResult:
    """Import a published report from a file; ``.report`` is None when nothing usable was found (the log says why).
    Never raises (see ``import_text``)."""
    path = Path(path)
    return _guarded(lambda: _import_file(path), path.name)


def _import_file(path: Path) -> ImportResult:
    from gkdesk.core.fileio import describe_os_error

    name = path.name
    suffix = path.suffix.lower()
    if suffix == ".gkreport":
        return _refuse(name, f"“{name}”是 gkdesk 报告文件，请用“文件 → 打开”打开它，不需要导入。")
    if suffix in (".doc", ".wps"):
        return _refuse(name, f"“{name}”是旧版 Word/WPS 文档，无法直接导入。请在 Word 或 WPS 中打开，"
                             "全选并复制正文后用“从剪贴板导入”，或另存为网页（.html）或 .docx 再导入。")
    if suffix == ".pdf":
        return _refuse(name, f"“{name}”是 PDF 文件，无法直接导入。请在 PDF 阅读器中全选（Ctrl+A）并复制（Ctrl+C）文字后，"
                             "用“文件 → 从剪贴板导入”导入。")
    if suffix == ".xls":
        return _refuse(name, f"“{name}”是旧版 Excel 工作簿（.xls）。请在 Excel 或 WPS 中另存为 .xlsx 后再导入。")
    try:
        data = read_regular_file(path, "import_bytes")
    except IsADirectoryError:
        return _refuse(name, f"“{path}”是一个文件夹，请选择一个文件。")
    except OSError as exc:
        return _refuse(name, describe_os_error(exc, path, writing=False))
    if not data.strip():
        return _refuse(name, f"“{name}”是空文件，没有可导入的内容。")
    if data[:4] == b"PK\x03\x04":
        if suffix == ".docx":
            from gkdesk.core.importers.docx import docx_document

            return _build(docx_document(data, name))
        from gkdesk.core.importers.workbook import import_workbook

        return import_workbook(data, name)
    if data[:5] == b"%PDF-":
        return _refuse(name, f"“{name}”实际是 PDF 文件，无法直接导入。请复制其中的文字后用“文件 → 从剪贴板导入”。")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return _refuse(name, f"“{name}”是旧版 Office 文件（.doc/.xls），请另存为 .docx/.xlsx 或网页后再导入。")
    if suffix in (".mht", ".mhtml") or data[:200].lstrip().lower().startswith((b"mime-version", b"from:")):
        html = _mht_html(data, name)
        if html is None:
            return _refuse(name, f"“{name}”是单个文件网页（.mht），但其中没有找到网页内容。请在浏览器中打开后另存为“网页，全部”（.html）。")
        return _import_text(html, name)
    text = decode(data)
    if suffix == ".csv":
        from gkdesk.core.importers.source import csv_document

        check("import_chars", len(text), name)
        return _build(csv_document(text, name))
    if "\x00" in text[:2000]:
        return _refuse(name, f"“{name}”不是文本文件，也不是网页或工作簿，无法导入。")
    return _import_text(text, name)


def _mht_html(data: bytes, name: str) -> str | None:
    """The HTML part of a single-file web page (.mht, MIME), decoded. The parts' nesting is counted before the
    standard library's parser (which recurses once per level) is given the file."""
    import email
    from email import policy

    boundaries = len(re.findall(rb"(?i)boundary\s*=", data))
    check("nesting_depth", boundaries, name)
    msg = email.message_from_bytes(data, policy=policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                continue
            charset = part.get_content_charset() or ""
            try:
                return payload.decode(charset) if charset else decode(payload)
            except (LookupError, UnicodeDecodeError):
                return decode(payload)
    return None


def _refuse(name: str, why: str) -> ImportResult:
    log = ImportLog(source_name=name)
    log.add("missing", "", why)
    return ImportResult(None, log)


