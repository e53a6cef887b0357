"""``gkdesk --self-test``: checks that this installation works end to end (format, example, validation, exports, window).

Run after installing (or by the build on the frozen bundle): every step prints one line in Chinese with a short English
tag, the exit status is 0 only when every step passed. Nothing touches the network; files go to a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import sys
import tempfile
import time
import traceback
from pathlib import Path

from gkdesk import __version__
from gkdesk.selftest.steps import (
    Context,
    Step,
    StepFailed,
    step_env,
    step_example,
    step_format,
    step_pdf,
    step_save,
    step_validate,
    step_xlsx,
)
from gkdesk.selftest.window import step_qt, step_window

__all__ = ["STEPS", "Context", "Step", "StepFailed", "run"]


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
