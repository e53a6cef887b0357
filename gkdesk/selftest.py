"""``gkdesk --self-test``: checks that this installation works end to end (format, example, validation, exports, window).

Run after installing (or by the build on the frozen bundle): every step prints one line in Chinese with a short English
tag, the exit status is 0 only when every step passed. Nothing touches the network; files go to a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import socket
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
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


def _missing_module(exc: ImportError, what: str, module: str) -> StepFailed:
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
        raise _missing_module(exc, "校验", "gkdesk.core.rules") from exc
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
    if storage.dumps(again) != storage.dumps(report):
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
        raise _missing_module(exc, "Excel 导出", "gkdesk.core.exporters.xlsx") from exc
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
        raise _missing_module(exc, "PDF 导出", "gkdesk.core.exporters.pdf") from exc
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


def _ensure_qt_app(ctx: Context):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "gkdesk"])
    ctx.qt_app = app
    return app


def step_qt(ctx: Context) -> str:
    try:
        _ensure_qt_app(ctx)
    except ImportError as exc:
        raise StepFailed(f"无法加载 Qt（PySide6）：{exc}") from exc
    from PySide6.QtCore import QLibraryInfo, QTranslator
    from PySide6.QtGui import QFontDatabase, QIcon, QImage

    from gkdesk.paths import resource

    icon = QIcon(str(resource("icons", "gkdesk.svg")))
    if icon.isNull() or icon.pixmap(32, 32).isNull():
        raise StepFailed("无法显示程序图标（SVG 图标插件缺失）。")
    if QImage(str(resource("icons", "gkdesk.ico"))).isNull():
        raise StepFailed("无法读取 ICO 图标（图像格式插件缺失）。")
    translator = QTranslator()
    tr_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", tr_dir):
        raise StepFailed(f"找不到 Qt 的中文翻译 qtbase_zh_CN.qm（在 {tr_dir}），对话框按钮会显示英文。")
    cancel = translator.translate("QPlatformTheme", "Cancel")
    if cancel != "取消":
        raise StepFailed(f"Qt 中文翻译不完整：Cancel 被翻译为“{cancel}”。")
    fonts_dir = resource("fonts")
    added = 0
    if fonts_dir.is_dir():
        for f in sorted(fonts_dir.iterdir()):
            if f.suffix.lower() in (".ttf", ".otf", ".ttc") and QFontDatabase.addApplicationFont(str(f)) >= 0:
                added += 1
    cjk = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not cjk:
        raise StepFailed("没有可显示中文的字体：界面中的汉字会显示为方框。请重新安装 gkdesk（它自带中文字体）。")
    platform_name = ctx.qt_app.platformName()  # type: ignore[attr-defined,union-attr]
    return f"平台 {platform_name}，图标、中文翻译正常，自带字体 {added} 个，中文字体 {len(cjk)} 种"


def step_window(ctx: Context) -> str:
    try:
        _ensure_qt_app(ctx)
        from gkdesk.gui.appsetup import make_app
        from gkdesk.gui.launch import open_main_window
    except ImportError as exc:
        raise _missing_module(exc, "图形界面", "gkdesk.gui.launch") from exc
    from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QObject, QSettings, QTimer

    from gkdesk.paths import example_report

    loop = QEventLoop()

    class PaintWatch(QObject):
        painted = False

        def eventFilter(self, obj, event):  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = True
                QTimer.singleShot(0, loop.quit)
            return False

    timer = QElapsedTimer()
    timer.start()
    app = make_app([])
    # the user's own settings and crash-recovery folder are left alone: both go to the temporary folder
    settings = QSettings(str(ctx.workdir / "自检-设置.ini"), QSettings.Format.IniFormat)
    window = open_main_window(str(example_report()), settings, ctx.workdir / "自检-恢复", offer_recovery=False)
    watch = PaintWatch()
    app.installEventFilter(watch)
    try:
        window.show()
        if not watch.painted:
            QTimer.singleShot(15000, loop.quit)
            loop.exec()
        ms = timer.elapsed()
        if not watch.painted:
            raise StepFailed("主窗口 15 秒内没有显示出来。")
        title = window.windowTitle()
        if "秋渠乡" not in title and "qiuqu" not in title:
            raise StepFailed(f"主窗口没有打开示例报告（标题为“{title}”）。")
        grab = window.grab()
        if grab.isNull() or grab.width() < 300:
            raise StepFailed("主窗口画面为空。")
        settle = QElapsedTimer()  # the window sets its icon just after the first paint
        settle.start()
        while app.windowIcon().isNull() and settle.elapsed() < 3000:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if app.windowIcon().isNull():
            raise StepFailed("程序图标没有加载。")
    finally:
        app.removeEventFilter(watch)
        stack = getattr(getattr(window, "doc", None), "stack", None)
        if stack is not None:
            stack.setClean()  # closing must not ask about unsaved changes
        window.close()
        window.deleteLater()
        app.processEvents()
    return f"打开示例并显示用时 {ms} 毫秒，窗口 {grab.width()}×{grab.height()}"


# --- network watch: the whole self-test must not try to reach the network (offices are offline) ------------------
_NET_EVENTS: list[str] | None = None  # None: not recording
_HOOK_INSTALLED = False
_WATCHED = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
            "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect")


def _audit(event: str, args: tuple) -> None:
    if _NET_EVENTS is None or event not in _WATCHED:
        return
    if event == "socket.connect":
        sock = args[0] if args else None
        if getattr(sock, "family", None) not in (getattr(socket, "AF_INET", 2), getattr(socket, "AF_INET6", 10)):
            return  # a local (Unix-domain) socket is not the network
    detail = ", ".join(repr(a)[:60] for a in args[1:2]) if event == "socket.connect" else repr(args[:1])[:80]
    _NET_EVENTS.append(f"{event}({detail})")


def _start_watching_network() -> None:
    global _NET_EVENTS, _HOOK_INSTALLED
    _NET_EVENTS = []
    if not _HOOK_INSTALLED:  # an audit hook cannot be removed: install it once per process
        sys.addaudithook(_audit)
        _HOOK_INSTALLED = True


def step_network(ctx: Context) -> str:
    events = list(_NET_EVENTS or [])
    if events:
        raise StepFailed(f"自检过程中程序尝试联网 {len(events)} 次（应当完全离线）：{'; '.join(events[:3])}")
    return "以上各步没有任何联网尝试"


STEPS: tuple[Step, ...] = (
    Step("env", "运行环境", "environment", step_env),
    Step("format", "报告格式", "format", step_format),
    Step("example", "示例报告", "example", step_example),
    Step("validate", "校验", "validation", step_validate),
    Step("save", "保存与重新打开", "save/load", step_save),
    Step("xlsx", "导出 Excel", "xlsx export", step_xlsx),
    Step("pdf", "导出 PDF", "pdf export", step_pdf),
    Step("qt", "Qt 运行库", "Qt runtime", step_qt),
    Step("window", "主窗口", "main window", step_window),
    Step("network", "离线检查", "no network", step_network),
)


# --- helpers -----------------------------------------------------------------------------------------------------
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


def _parser() -> argparse.ArgumentParser:
    from gkdesk.cli.parser import ChineseArgumentParser

    p = ChineseArgumentParser(prog="gkdesk --self-test",
                              description="自检：检查本机上的 gkdesk 能否正常读取、校验、导出报告并显示窗口。"
                                          "全部通过时退出码为 0，否则为 1。不联网，文件写到临时文件夹。")
    p.add_argument("--only", metavar="步骤", help="只做这些步骤，逗号分隔：" + ",".join(s.key for s in STEPS))
    p.add_argument("--skip", metavar="步骤", help="跳过这些步骤，逗号分隔")
    p.add_argument("--keep", metavar="文件夹", help="把导出的文件留在这个文件夹（默认用完即删的临时文件夹）")
    p.add_argument("--log", metavar="文件", help="同时把结果写入这个文本文件（Windows 图形版没有控制台时使用）")
    p.add_argument("-v", "--verbose", action="store_true", help="失败时显示详细的出错位置")
    return p


def _select(only: str | None, skip: str | None) -> list[Step]:
    keys = {s.key for s in STEPS}
    for arg in (only, skip):
        for k in (arg or "").split(","):
            if k.strip() and k.strip() not in keys:
                raise SystemExit(f"参数错误：没有名为“{k.strip()}”的自检步骤。可用：{', '.join(s.key for s in STEPS)}")
    wanted = {k.strip() for k in only.split(",")} if only else keys
    wanted -= {k.strip() for k in (skip or "").split(",")}
    return [s for s in STEPS if s.key in wanted]


def run(argv: list[str] | None = None) -> int:
    """Run the self-test; return 0 when every selected step passed, 1 otherwise, 2 for bad arguments."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):
                if stream.isatty():
                    stream.reconfigure(errors="replace")
                else:  # a pipe or file (CI log, support ticket): UTF-8 whatever the Windows code page is
                    stream.reconfigure(encoding="utf-8", errors="replace")
    try:
        args = _parser().parse_args(list(argv or []))
        steps = _select(args.only, args.skip)
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
        return 2 if exc.code not in (0, None) else 0
    lines: list[str] = []

    def say(text: str) -> None:
        lines.append(text)
        print(text, flush=True)

    say(f"gkdesk 自检（self-test）{__version__}")
    failed = 0
    _start_watching_network()
    with tempfile.TemporaryDirectory(prefix="gkdesk-selftest-") as tmp:
        workdir = Path(args.keep) if args.keep else Path(tmp)
        try:
            workdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from gkdesk.core.fileio import describe_os_error

            print(describe_os_error(exc, workdir / "x"), file=sys.stderr)
            return 2
        ctx = Context(workdir=workdir, verbose=args.verbose)
        for step in steps:
            t0 = time.perf_counter()
            try:
                detail = step.func(ctx)
                mark = "通过 OK  "
            except StepFailed as exc:
                detail, mark = str(exc), "失败 FAIL"
            except Exception as exc:  # noqa: BLE001 - any crash of a step is a failed step, the others still run
                detail, mark = f"出错：{type(exc).__name__}: {exc}", "失败 FAIL"
                if args.verbose:
                    detail += "\n" + traceback.format_exc()
            if mark.startswith("失败"):
                failed += 1
            ms = (time.perf_counter() - t0) * 1000
            say(f"[{mark}] {step.zh}（{step.en}，{ms:.0f} ms）：{detail}")
    if failed:
        say(f"自检未通过：{failed} / {len(steps)} 项失败（self-test FAILED）。请把以上内容发给技术支持。")
    else:
        say(f"自检通过：{len(steps)} 项全部正常（self-test passed）。")
    if args.log:
        from gkdesk.core.errors import GkError
        from gkdesk.core.fileio import atomic_write

        try:
            text = ("\n".join(lines) + "\n").encode("utf-8")
            atomic_write(Path(args.log), lambda fh: fh.write(text))
        except GkError as exc:
            print(f"无法写入自检记录：{exc}", file=sys.stderr)
            return 1
    return 1 if failed else 0
