"""The plain forms of check/export read without argparse (gkdesk.cli.quick_read) give exactly argparse's namespace; every
other form is left to argparse (None)."""

from __future__ import annotations

import pytest

from gkdesk.cli import check, export
from gkdesk.cli.parser import build_parser

SAME = [
    ("check", ["r.gkreport"]),
    ("check", ["r.gkreport", "--json"]),
    ("check", ["--json", "r.gkreport"]),
    ("check", ["r.gkreport", "--last", "old.gkreport"]),
    ("check", ["--last", "old.gkreport", "--json", "报告 2024.gkreport"]),
    ("export", ["r.gkreport"]),
    ("export", ["r.gkreport", "--pdf", "out.pdf"]),
    ("export", ["r.gkreport", "--pdf", "out.pdf", "--undated"]),
    ("export", ["--xlsx", "a.xlsx", "r.gkreport", "--docx", "b.docx", "--html", "c.html", "--notes", "n.pdf"]),
    ("export", ["--undated", "r.gkreport", "--xlsx", "a"]),
]

LEFT_TO_ARGPARSE = [
    ("check", []),
    ("check", ["-h"]),
    ("check", ["--help"]),
    ("check", ["r.gkreport", "--deadline", "2-20"]),
    ("check", ["r.gkreport", "--jso"]),  # an abbreviation argparse accepts
    ("check", ["r.gkreport", "--last=old.gkreport"]),
    ("check", ["r.gkreport", "--last"]),
    ("check", ["r.gkreport", "--last", "-x"]),
    ("check", ["r.gkreport", "--json", "--json"]),
    ("check", ["a.gkreport", "b.gkreport"]),
    ("check", ["-"]),
    ("check", [""]),
    ("check", ["r.gkreport", "--pdf", "x.pdf"]),  # another command's option
    ("export", ["r.gkreport", "--pdf"]),
    ("export", ["r.gkreport", "--pdf", "a.pdf", "--pdf", "b.pdf"]),
    ("export", ["r.gkreport", "--json"]),
    ("export", ["--", "r.gkreport"]),
]

MODULES = {"check": check, "export": export}


def _argparse(command: str, argv: list[str]) -> dict:
    ns = build_parser(command).parse_args([command, *argv])
    return vars(ns)


@pytest.mark.parametrize(("command", "argv"), SAME)
def test_the_plain_forms_read_as_argparse_reads_them(command, argv):
    quick = MODULES[command].quick_args(argv)
    assert quick is not None
    assert vars(quick) == _argparse(command, argv)


@pytest.mark.parametrize(("command", "argv"), LEFT_TO_ARGPARSE)
def test_everything_else_is_left_to_argparse(command, argv):
    assert MODULES[command].quick_args(argv) is None
