"""``gkdesk export FILE [--xlsx OUT.xlsx] [--pdf OUT.pdf] [--docx OUT.docx] [--html OUT.html]``: write the report as
an Excel workbook, a PDF, a Word document and/or a web page."""

from __future__ import annotations

import sys
from pathlib import Path

from gkdesk.core.errors import GkError
from gkdesk.core.report import Report

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

KINDS = {"xlsx": ".xlsx", "pdf": ".pdf", "docx": ".docx", "html": ".html"}  # = gkdesk.core.exporters.KINDS
KIND_NAME = {"xlsx": "Excel 工作簿", "pdf": "PDF 文件", "docx": "Word 文档", "html": "网页文件"}
DEFAULT_KINDS = ("xlsx", "pdf")  # what ``gkdesk export FILE`` writes when no output is named


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export", help="把报告导出为 Excel、PDF、Word 或网页",
        description="把一个 .gkreport 报告导出为 Excel 工作簿（.xlsx）、PDF、Word 文档（.docx）和/或网页（.html）。"
                    "一个选项也不指定时，把 Excel 和 PDF 写到报告文件旁边（同名，扩展名不同）。报告还有错误时照样导出，"
                    "但会在屏幕上提醒。退出码：0 已写出，2 无法导出（文件读不了、写不了等）。",
    )
    p.add_argument("file", metavar="报告文件", help=".gkreport 文件")
    p.add_argument("--xlsx", metavar="输出.xlsx", help="写出的 Excel 文件")
    p.add_argument("--pdf", metavar="输出.pdf", help="写出的 PDF 文件")
    p.add_argument("--docx", metavar="输出.docx", help="写出的 Word 文档（供 Word/WPS 审签修改）")
    p.add_argument("--html", metavar="输出.html", help="写出的网页（单个文件，可直接发布到门户网站的年报栏目）")
    p.add_argument("--undated", action="store_true",
                   help="成文日期为空时仍导出 PDF（落款将没有日期）；不加时会拒绝导出 PDF 并说明原因")
    p.add_argument("--notes", metavar="审核说明.pdf|.xlsx",
                   help="另外写出审核说明（已核实的问题及其说明、尚未核实的警告，供上级审核，不属于公开报告）")
    p.set_defaults(run=run)


def quick_args(argv: list[str]):  # noqa: ANN201 - a SimpleNamespace like argparse's, or None
    """``export FILE [--xlsx X] [--pdf P] [--docx D] [--html H] [--notes N] [--undated]`` read without argparse; None
    for any other form (see gkdesk.cli.quick_read)."""
    from gkdesk.cli import quick_read

    return quick_read(argv, "export", run, ("xlsx", "pdf", "docx", "html", "notes"), ("undated",))


def _target(value: str, kind: str) -> Path:
    path = Path(value)
    ext = KINDS[kind]
    if path.suffix == "":
        return path.with_suffix(ext)
    if path.suffix.lower() != ext and not (kind == "html" and path.suffix.lower() == ".htm"):
        raise GkError(f"--{kind} 后面的文件名“{value}”应以 {ext} 结尾。")
    return path


def _notes_target(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() not in (".pdf", ".xlsx"):
        raise GkError(f"--notes 后面的文件名“{value}”应以 .pdf 或 .xlsx 结尾（审核说明可导出为 PDF 或 Excel）。")
    return path


def run(args: argparse.Namespace) -> int:
    from gkdesk.core import storage

    src = Path(args.file)
    try:
        targets = [(kind, _target(getattr(args, kind), kind)) for kind in KINDS if getattr(args, kind, None)]
        notes = _notes_target(args.notes) if getattr(args, "notes", None) else None
        if not targets and notes is None:
            targets = [(kind, src.with_suffix(KINDS[kind])) for kind in DEFAULT_KINDS]
        if notes is not None:
            targets.append(("notes", notes))
        for _kind, path in targets:
            if path.resolve() == src.resolve():
                raise GkError(f"输出文件“{path}”就是报告文件本身，不能覆盖它。请换一个文件名。")
        report = storage.load(src)
    except GkError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    _warn_errors(report)
    status = 0
    for kind, path in targets:
        if kind == "pdf" and not report.meta.written_date and not getattr(args, "undated", False):
            print(f"错误：报告没有填写成文日期，PDF 的落款将没有日期，所以没有导出“{path}”。请在“基本信息”中填写成文日期"
                  "（如 2025年1月20日）后再导出；确实要导出不带日期的落款时，加上 --undated。", file=sys.stderr)
            status = 2
            continue
        try:
            export(report, kind, path)
        except GkError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            status = 2
            continue
        print(f"已导出 {KIND_NAME.get(kind, '审核说明')}：{path}")
    return status


def export(report: Report, kind: str, path: Path) -> None:
    if kind == "notes":
        from gkdesk.core.exporters.notes import export_notes

        export_notes(report, path)
        return
    from gkdesk.core.exporters import export as export_one

    export_one(report, kind, path)


def _warn_errors(report: Report) -> None:
    from gkdesk.core.issues import count_by_severity
    from gkdesk.core.rules import validate

    n = count_by_severity(validate(report))["error"]
    if n:
        print(f"警告：报告还有{n}个错误，导出的文件会照原样写出这些内容。用 gkdesk check 查看并改正后再导出。",
              file=sys.stderr)
