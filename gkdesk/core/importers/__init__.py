"""Import published reports (text, HTML, workbooks, the 2019 layout) into a 2021 Report, with a log of how."""

from __future__ import annotations

from pathlib import Path

from gkdesk.core.importers.log import ImportLog, LogEntry
from gkdesk.core.importers.pipeline import ImportResult, build
from gkdesk.core.importers.source import decode, text_document

__all__ = ["ImportLog", "ImportResult", "LogEntry", "import_file", "import_text", "SUPPORTED_SUFFIXES"]

#: what the file dialog offers (a .gkreport is opened, not imported)
SUPPORTED_SUFFIXES = (".txt", ".text", ".htm", ".html", ".xhtml", ".mht", ".mhtml", ".xlsx", ".xlsm", ".csv", ".docx")
MAX_BYTES = 50 * 1024 * 1024


def import_text(text: str, name: str = "") -> ImportResult:
    """Import text pasted or read from a file (web page copy, PDF extraction, TAB or ``|`` tables)."""
    from gkdesk.core.importers.html import looks_like_html

    if looks_like_html(text):
        from gkdesk.core.importers.html import html_document

        return build(html_document(text, name))
    return build(text_document(text, name))


def import_file(path: str | Path) -> ImportResult:
    """Import a published report from a file; ``.report`` is None when nothing usable was found (the log says why)."""
    from gkdesk.core.fileio import describe_os_error

    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix == ".gkreport":
        return _refuse(name, f"“{name}”是 gkdesk 报告文件，请用“文件 → 打开”打开它，不需要导入。")
    if suffix in (".doc", ".wps"):
        return _refuse(name, f"“{name}”是旧版 Word/WPS 文档，无法直接导入。请在 Word 或 WPS 中打开，"
                             "全选并复制正文后用“粘贴文字导入”，或另存为网页（.html）或 .docx 再导入。")
    if suffix == ".pdf":
        return _refuse(name, f"“{name}”是 PDF 文件，无法直接导入。请在 PDF 阅读器中全选并复制文字后用“粘贴文字导入”，"
                             "或先转成文本（例如 pdftotext -layout）再导入。")
    if suffix == ".xls":
        return _refuse(name, f"“{name}”是旧版 Excel 工作簿（.xls）。请在 Excel 或 WPS 中另存为 .xlsx 后再导入。")
    try:
        if path.is_dir():
            return _refuse(name, f"“{path}”是一个文件夹，请选择一个文件。")
        size = path.stat().st_size
        if size > MAX_BYTES:
            return _refuse(name, f"“{name}”有 {size // (1024 * 1024)} MB，不像是一份年度报告，没有导入。")
        data = path.read_bytes()
    except OSError as exc:
        return _refuse(name, describe_os_error(exc, path, writing=False))
    if not data.strip():
        return _refuse(name, f"“{name}”是空文件，没有可导入的内容。")
    if data[:4] == b"PK\x03\x04":
        if suffix == ".docx":
            from gkdesk.core.importers.docx import docx_document

            return _build_or_refuse(lambda: docx_document(data, name), name)
        from gkdesk.core.importers.workbook import import_workbook

        return import_workbook(data, name)
    if data[:5] == b"%PDF-":
        return _refuse(name, f"“{name}”实际是 PDF 文件，无法直接导入。请复制其中的文字后用“粘贴文字导入”。")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return _refuse(name, f"“{name}”是旧版 Office 文件（.doc/.xls），请另存为 .docx/.xlsx 或网页后再导入。")
    if suffix in (".mht", ".mhtml") or data[:200].lstrip().lower().startswith((b"mime-version", b"from:")):
        html = _mht_html(data)
        if html is None:
            return _refuse(name, f"“{name}”是单个文件网页（.mht），但其中没有找到网页内容。请在浏览器中打开后另存为“网页，全部”（.html）。")
        return import_text(html, name)
    text = decode(data)
    if suffix == ".csv":
        from gkdesk.core.importers.source import csv_document

        return build(csv_document(text, name))
    if "\x00" in text[:2000]:
        return _refuse(name, f"“{name}”不是文本文件，也不是网页或工作簿，无法导入。")
    return import_text(text, name)


def _mht_html(data: bytes) -> str | None:
    """The HTML part of a single-file web page (.mht, MIME), decoded."""
    import email
    from email import policy

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


def _build_or_refuse(make, name: str) -> ImportResult:
    from gkdesk.core.importers.source import Document

    try:
        doc: Document = make()
    except ValueError as exc:
        return _refuse(name, str(exc))
    return build(doc)
