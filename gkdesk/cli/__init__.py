"""The command line over the Qt-free core: ``gkdesk check|export|import|next-year|consolidate``.

Each subcommand lives in its own module with ``register(subparsers)`` and ``run(args) -> int``.
Exit status everywhere: 0 done/no errors, 1 done but problems found, 2 could not do it (bad file, bad arguments).
The parser (argparse) lives in gkdesk.cli.parser and loads only for a subcommand, not on the window's start-up path.

The plain forms of a command are read without argparse (issue 16.5: a cold ``gkdesk check`` spent more on importing
argparse and building the parser than on checking the report). ``quick_read(argv, ...)`` understands one positional
argument and the command's own options written out in full (``--pdf OUT``, ``--json``), each at most once; it returns
None for anything else (help, abbreviations, ``--x=y``, repeated or unknown options, mistakes), which the full parser
then reads with its Chinese messages. The result has the same attributes as argparse's namespace for that command
(tests/cli/test_quick_args.py compares them). It lives here, in the package itself: a check or an export reads its
arguments without importing another module.
"""

from __future__ import annotations

import sys
from types import SimpleNamespace

from gkdesk.cli.commands import COMMANDS

__all__ = ["COMMANDS", "main", "quick_read"]

#: the commands whose plain forms are read without argparse (their module has ``quick_args(argv)``)
QUICK = ("check", "export")


def main(argv: list[str] | None = None, *, ending: bool = False) -> int:
    """Run one command; ``ending``: the process ends when this returns (``gkdesk.app.run``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "help":
        argv = ["--help"]
    import gc

    # what the interpreter made to start (a few ten thousand objects) is never garbage: a command line run's
    # collections need not walk it again (~5 % of a cold check or export, measured by instruction counts)
    gc.freeze()
    # a check reads one report (two with --last), bounded by the loader's limits, and ends: no collection of the
    # objects it makes pays for itself (~2 % of a cold check by instruction count). Enabled again after for in-process
    # callers such as tests (they keep their collector), not when the process ends now (enabling it there made a
    # collection of everything the check loaded: ~2.7 M instructions).
    paused = argv[:1] == ["check"] and gc.isenabled()
    if paused:
        gc.disable()
        # nor does the collection Python makes when the process ends (it frees memory the system takes back anyway
        # and finds no garbage a check leaves: ~3 % of a cold check, 4.8 M instructions): at exit, before it, everything
        # is frozen. Only at the process's end (atexit), so in-process callers are not affected.
        import atexit

        atexit.unregister(gc.freeze)  # once, however often an in-process caller runs a check
        atexit.register(gc.freeze)
    try:
        return _main(argv)
    finally:
        if paused and not ending:
            gc.enable()


def _main(argv: list[str]) -> int:
    import gkdesk.core  # noqa: F401 - first: its code cache must be in place before any dataclass is made

    if argv and argv[0] in QUICK:  # the common scripted calls, read without argparse (issue 16.5; quick_read)
        from importlib import import_module

        quick = import_module(COMMANDS[argv[0]]).quick_args(argv[1:])
        if quick is not None:
            return run_guarded(quick)
    from gkdesk.cli.parser import build_parser

    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    return run_guarded(args)


def run_guarded(args) -> int:  # noqa: ANN001 - an argparse.Namespace (argparse is not imported here)
    """The command line's boundary: whatever goes wrong ends in one Chinese message on stderr and exit status 2,
    never in a traceback (the traceback goes to the log)."""
    from gkdesk.core.errors import GkError

    try:
        return int(args.run(args))
    except GkError as exc:
        print(f"错误：{exc}", file=sys.stderr)
    except KeyboardInterrupt:
        print("\n已取消。", file=sys.stderr)
    except (RecursionError, MemoryError) as exc:
        print(f"错误：输入文件的结构过于复杂或内容过多（{type(exc).__name__}），无法处理。请检查文件是否完整、是否是年度报告。",
              file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 - the boundary: a message, not a traceback
        import logging

        logging.getLogger("gkdesk.cli").exception("gkdesk %s failed", getattr(args, "command", ""))
        print(f"错误：处理时出现了意外的问题（{type(exc).__name__}：{str(exc)[:200]}）。输入文件可能已损坏；"
              "请换用备份文件重试，或把文件和这条信息发给技术支持。", file=sys.stderr)
    return 2


def quick_read(argv: list[str], command: str, run, values: tuple[str, ...], flags: tuple[str, ...],  # noqa: ANN001
         **defaults: object) -> SimpleNamespace | None:
    """``command FILE [--VALUE X] [--FLAG]`` as a namespace (``values``/``flags`` are option names without ``--``);
    None when ``argv`` is anything else."""
    got: dict[str, object] = {}
    file: str | None = None
    i = 0
    while i < len(argv):
        a = argv[i]
        name = a[2:] if a.startswith("--") else None
        if name is not None and (name in values or name in flags):
            dest = name.replace("-", "_")
            if dest in got:
                return None
            if name in flags:
                got[dest] = True
            elif i + 1 < len(argv) and argv[i + 1] and not argv[i + 1].startswith("-"):
                got[dest] = argv[i + 1]
                i += 1
            else:
                return None
        elif a.startswith("-") or not a or file is not None:
            return None
        else:
            file = a
        i += 1
    if file is None:
        return None
    ns = {v.replace("-", "_"): None for v in values} | {f.replace("-", "_"): False for f in flags} | defaults
    return SimpleNamespace(command=command, file=file, **(ns | got), run=run)
