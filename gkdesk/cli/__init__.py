"""The command line over the Qt-free core: ``gkdesk check|export|import|next-year|consolidate``.

Each subcommand lives in its own module with ``register(subparsers)`` and ``run(args) -> int``.
Exit status everywhere: 0 done/no errors, 1 done but problems found, 2 could not do it (bad file, bad arguments).
The parser (argparse) lives in gkdesk.cli.parser and loads only for a subcommand, not on the window's start-up path.
"""

from __future__ import annotations

import sys

#: subcommand -> module implementing it
COMMANDS: dict[str, str] = {
    "check": "gkdesk.cli.check",
    "export": "gkdesk.cli.export",
    "import": "gkdesk.cli.import_",
    "next-year": "gkdesk.cli.next_year",
    "consolidate": "gkdesk.cli.consolidate",
}

def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "help":
        argv = ["--help"]
    from gkdesk.cli.parser import build_parser

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    return int(args.run(args))
