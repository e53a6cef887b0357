"""Entry point: the window by default (``gkdesk [FILE]``), subcommands for the command line.

``run()`` is the program (the ``gkdesk`` command, ``python -m gkdesk``, the bundle's start script): ``main()`` on the
process's own arguments, then the process ends with its status. ``main(argv)`` is the same without ending the process
(tests and other callers in the same interpreter).
"""

from __future__ import annotations

import sys

from gkdesk.cli import COMMANDS


def main(argv: list[str] | None = None, *, ending: bool = False) -> int:
    """The window or a command; ``ending``: the process ends when this returns (``run``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version", "help")):
        from gkdesk.cli import main as cli_main

        return cli_main(argv, ending=ending)
    if argv and argv[0] == "--self-test":
        from gkdesk.selftest import run as self_test

        return self_test(argv[1:])
    from gkdesk import startgc

    startgc.pause()  # no collections until the first paint (startgc.py); launch turns it back on after the paint
    try:
        try:
            from gkdesk.gui.launch import run_gui
        except ImportError as exc:  # the window needs PySide6 and its system libraries
            print(f"无法启动图形界面：{exc}。命令行功能仍可使用，见 gkdesk --help。", file=sys.stderr)
            return 2
        return run_gui(argv)
    finally:
        startgc.resume()


def run() -> None:
    """The program: ``main()`` with the process's arguments, and its status as the process's exit status.

    A ``gkdesk check`` ends without Python's teardown (issue 16.5): when the check is done, its output flushed and
    every other exit handler run (the code cache written, logging closed), freeing each module and object one by one
    is work the system does anyway when the process ends: ~7 M of the ~137 M instructions of a cold check (5 %).
    Only when this is the first exit handler of the process (the ones before it would be skipped), only for a check
    that returned normally (an argparse error, Ctrl+C: the usual exit), and only when the output could be flushed
    (a closed pipe: Python reports it as always)."""
    argv = sys.argv[1:]
    status: list[int] = []
    if argv[:1] == ["check"] and _first_exit_handler():
        import atexit

        atexit.register(_end_now, status)  # registered first: runs last (atexit runs handlers newest first)
    code = main(argv, ending=True)
    status.append(code)
    sys.exit(code)


def _first_exit_handler() -> bool:
    import atexit

    count = getattr(atexit, "_ncallbacks", None)  # CPython's count of registered handlers; unknown: the usual exit
    return count is not None and count() == 0


def _end_now(status: list[int]) -> None:
    if not status:
        return  # main() did not return (it raised): the usual exit
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return  # e.g. the reader of a pipe is gone: the interpreter reports it as it always does
    import os

    os._exit(status[0])


if __name__ == "__main__":
    run()
