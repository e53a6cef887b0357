"""The plain forms of a command read without argparse (issue 16.5: a cold ``gkdesk check`` spent more on importing
argparse and building the parser than on checking the report).

``read(argv, ...)`` understands one positional argument and the command's own options written out in full
(``--pdf OUT``, ``--json``), each at most once; it returns None for anything else (help, abbreviations, ``--x=y``,
repeated or unknown options, mistakes), which the full parser then reads with its Chinese messages. The result has
the same attributes as argparse's namespace for that command (tests/cli/test_quick_args.py compares them).
"""

from __future__ import annotations

from types import SimpleNamespace


def read(argv: list[str], command: str, run, values: tuple[str, ...], flags: tuple[str, ...],  # noqa: ANN001
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
