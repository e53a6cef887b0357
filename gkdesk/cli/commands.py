"""The subcommands and the modules implementing them (read by the entry point without loading argparse)."""

from __future__ import annotations

#: subcommand -> module implementing it
COMMANDS: dict[str, str] = {
    "check": "gkdesk.cli.check",
    "export": "gkdesk.cli.export",
    "import": "gkdesk.cli.import_",
    "next-year": "gkdesk.cli.next_year",
    "consolidate": "gkdesk.cli.consolidate",
}
