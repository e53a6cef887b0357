"""The self-test's steps that need no window: environment, format, example, validation, save, exports."""

from __future__ import annotations

import os
import platform
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from gkdesk import __version__


class StepFailed(Exception):
    """A check did not hold; the message says what, in Chinese."""


@dataclass
class Context:
    workdir: Path
    verbose: bool = False
    report: object | None = None  # the loaded example (gkdesk.core.report.Report)
    qt_app: object | None = None


@dataclass(frozen=True)
class Step:
    key: str
    zh: str
    en: str
    func: Callable[[Context], str]


def missing_module(exc: ImportError, what: str, module: str) -> StepFailed:
    name = getattr(exc, "name", None) or ""
    if name and module.startswith(name) or name == module:
        return StepFailed(f"本版本缺少“{what}”模块（{module}），请安装完整版本。")
    return StepFailed(f"“{what}”模块无法加载：{exc}")


# --- steps -------------------------------------------------------------------------------------------------------
def step_env(ctx: Context) -> str:
    frozen = "打包版" if getattr(sys, "frozen", False) else "源码运行"
    bundle = getattr(sys, "_MEIPASS", None)
    lib_path = os.environ.get("LD_LIBRARY_PATH", "")
    if bundle and lib_path and os.path.normpath(bundle) in {os.path.normpath(p) for p in lib_path.split(os.pathsep)}:
        raise StepFailed("程序把自带库的路径传给了它启动的其他程序：用 WPS、LibreOffice 打开导出的文件时可能失败。"
                         "请重新安装 gkdesk。")
    libc = platform.libc_ver()
    libc_text = f"，{libc[0]} {libc[1]}" if libc[0] else ""
    return (f"gkdesk {__version__}（{frozen}），Python {platform.python_version()}，"
            f"{platform.system()} {platform.release()} {platform.machine()}{libc_text}")


def step_format(ctx: Context) -> str:
    from gkdesk.core.format import load_format

    fmt = load_format()
    cells = sum(len(t.input_cells()) for t in fmt.tables.values())
    if not fmt.tables or cells == 0:
        raise StepFailed("报告格式描述中没有表格，程序资源可能已损坏，请重新安装。")
    return f"{fmt.version} 年版格式，{len(fmt.sections)} 部分，{len(fmt.tables)} 张表，{cells} 个填报单元格"


def step_example(ctx: Context) -> str:
    from gkdesk.core import storage
    from gkdesk.paths import example_report

    path = example_report()
    if not path.is_file():
        raise StepFailed(f"找不到示例报告 {path}，程序文件不完整，请重新安装。")
    ctx.report = report = storage.load(path)
    filled = sum(1 for *_, v in report.iter_inputs() if v is not None)
    return f"{report.title}，{filled} 个单元格有数"


def step_validate(ctx: Context) -> str:
    from gkdesk.core.issues import Issue, count_by_severity

    try:
        from gkdesk.core.rules import validate
    except ImportError as exc:
        raise missing_module(exc, "校验", "gkdesk.core.rules") from exc
    issues = validate(_need_report(ctx))
    if not isinstance(issues, list) or not all(isinstance(i, Issue) for i in issues):
        raise StepFailed("校验结果的格式不对（应为问题列表）。")
    counts = count_by_severity(issues)
    if counts["error"]:
        first = next(i for i in issues if i.severity == "error")
        raise StepFailed(f"示例报告应当没有错误，却校验出 {counts['error']} 个错误，例如：[{first.rule}] {first.message}")
    return f"示例报告：{counts['error']} 个错误，{counts['warning']} 个警告，{counts['hint']} 个提示"


def step_save(ctx: Context) -> str:
    from gkdesk.core import storage

    report = _need_report(ctx)
    path = ctx.workdir / "自检-保存.gkreport"
    storage.save(report, path)
    storage.save(report, path)  # the second save replaces the file and keeps a backup
    again = storage.load(path)
    pinned = datetime.now().astimezone()  # the same clock for both: a second ticking over changes nothing
    if storage.dumps(again, saved_at=pinned) != storage.dumps(report, saved_at=pinned):
        raise StepFailed("保存后再打开，内容与原报告不一致。")
    return f"保存、备份并重新打开一致（{path.stat().st_size:,} 字节）"


def _numbered_copy(report):
    """A copy of the example whose count cells hold distinct numbers, so that every cell can be found in the export."""
    rep = report.copy()
    for n, (table, row, col, _) in enumerate(list(rep.iter_inputs()), start=1):
        if rep.format.table(table).cell_type(row) == "int":
            rep.set_raw(table, row, col, 100 + n)
    return rep


def step_xlsx(ctx: Context) -> str:
    try:
        from gkdesk.core.exporters.xlsx import export_xlsx
    except ImportError as exc:
        raise missing_module(exc, "Excel 导出", "gkdesk.core.exporters.xlsx") from exc
    from openpyxl import load_workbook

    report = _need_report(ctx)
    path = ctx.workdir / "自检-示例.xlsx"
    export_xlsx(report, path)
    size = _check_file(path, b"PK\x03\x04", "Excel 文件")
    numbered = _numbered_copy(report)
    npath = ctx.workdir / "自检-编号.xlsx"
    export_xlsx(numbered, npath)
    wb = load_workbook(npath)
    numbers: Counter = Counter()
    texts: list[str] = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
                    numbers[int(v) if float(v).is_integer() else float(v)] += 1
                elif isinstance(v, str):
                    texts.append(v)
    want = [v for *_, v in numbered.iter_inputs() if isinstance(v, int)]
    missing = [v for v in want if numbers[v] == 0]
    if missing:
        raise StepFailed(f"导出的 Excel 缺少 {len(missing)} / {len(want)} 个单元格的数值（例如 {missing[0]}）。")
    org = report.meta.org_name
    if org and not any(org in t for t in texts):
        raise StepFailed(f"导出的 Excel 中找不到单位名称“{org}”。")
    return f"{size:,} 字节，{len(wb.worksheets)} 个工作表，{len(want)} 个数值全部找到"


def step_pdf(ctx: Context) -> str:
    try:
        from gkdesk.core.exporters.pdf import export_pdf
    except ImportError as exc:
        raise missing_module(exc, "PDF 导出", "gkdesk.core.exporters.pdf") from exc
    path = ctx.workdir / "自检-示例.pdf"
    export_pdf(_need_report(ctx), path)
    size = _check_file(path, b"%PDF-", "PDF 文件")
    data = path.read_bytes()
    if b"%%EOF" not in data[-64:]:
        raise StepFailed("PDF 文件没有正常结束（可能只写了一半）。")
    embedded = data.count(b"/FontFile2") + data.count(b"/FontFile3") + data.count(b"/FontFile ")
    if embedded == 0:
        raise StepFailed("PDF 中没有嵌入字体，在没有中文字体的电脑上会显示乱码。")
    fonts = sorted({part.split(b"/")[0].split(b" ")[0].split(b">")[0].decode("latin-1")
                    for part in data.split(b"/BaseFont /")[1:]})
    pages = data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page>")
    return f"{size:,} 字节，{pages or '若干'} 页，嵌入字体 {embedded} 个：{', '.join(f[:40] for f in fonts[:4])}"


def _need_report(ctx: Context):
    if ctx.report is None:
        step_example(ctx)
    return ctx.report


def _check_file(path: Path, magic: bytes, what: str) -> int:
    if not path.is_file():
        raise StepFailed(f"导出后没有生成{what}。")
    size = path.stat().st_size
    if size < 1024:
        raise StepFailed(f"生成的{what}只有 {size} 字节，内容不完整。")
    with open(path, "rb") as fh:
        if not fh.read(len(magic)) == magic:
            raise StepFailed(f"生成的文件不是有效的{what}。")
    return size
