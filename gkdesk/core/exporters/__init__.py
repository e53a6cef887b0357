"""Exports of a report: Excel workbook (xlsx.py), PDF laid out like a 公文 (pdf.py, fonts.py), Word document
(docx.py) and web page (html.py); common.py holds the document structure they share.

``export(report, kind, path)`` is the one place that maps a kind to its exporter (command line and window); each
exporter module is imported only when it is used.
"""

from __future__ import annotations

from pathlib import Path

TYPE_CHECKING = False  # typing is not imported at run time: a cold export (issue 16.2)
if TYPE_CHECKING:
    from gkdesk.core.report import Report

#: kind -> file extension
KINDS = {"xlsx": ".xlsx", "pdf": ".pdf", "docx": ".docx", "html": ".html"}


def export(report: Report, kind: str, path: Path) -> None:
    """Write ``report`` as ``kind`` to ``path``; SaveError/ExportError (Chinese) on failure, never a partial file."""
    if kind == "xlsx":
        from gkdesk.core.exporters.xlsx import export_xlsx

        export_xlsx(report, path)
    elif kind == "docx":
        from gkdesk.core.exporters.docx import export_docx

        export_docx(report, path)
    elif kind == "html":
        from gkdesk.core.exporters.html import export_html

        export_html(report, path)
    elif kind == "pdf":
        from gkdesk.core.exporters.pdf import export_pdf

        export_pdf(report, path)
    else:
        raise ValueError(kind)
