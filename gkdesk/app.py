"""Entry point: the window by default (``gkdesk [FILE]``), subcommands for the command line."""

from __future__ import annotations

import sys

from gkdesk.cli import COMMANDS


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version", "help")):
        from gkdesk.cli import main as cli_main

        return cli_main(argv)
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


if __name__ == "__main__":
    sys.exit(main())
