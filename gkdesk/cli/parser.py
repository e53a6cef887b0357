"""The Chinese argument parser of the command line and the parser with every subcommand."""

from __future__ import annotations

import argparse
import importlib
import sys

from gkdesk import __version__
from gkdesk.cli.commands import COMMANDS

_TRANSLATIONS = {
    "the following arguments are required": "缺少必需的参数",
    "unrecognized arguments": "无法识别的参数",
    "invalid choice": "无效的选项",
    "expected one argument": "需要一个参数值",
    "argument": "参数",
}


class ChineseArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：")

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "用法：")

    def error(self, message: str) -> None:  # type: ignore[override]
        for en, zh in _TRANSLATIONS.items():
            message = message.replace(en, zh)
        self.print_usage(sys.stderr)
        words = self.prog.split()  # "gkdesk" for the top level, "gkdesk check" for a subcommand
        command = "gkdesk" if len(words) < 2 else f"gkdesk {words[-1]}"
        self.exit(2, f"参数错误：{message}。用 {command} --help 查看用法。\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every subcommand, or with only ``only`` (a command named on the command line: the others'
    modules are then not imported, which a cold ``gkdesk export`` notices)."""
    parser = ChineseArgumentParser(
        prog="gkdesk",
        description="gkdesk：政府信息公开工作年度报告的编写、校验、导出与汇总。不带子命令时打开图形窗口：gkdesk [报告文件]。",
    )
    parser.add_argument("--version", action="version", version=f"gkdesk {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="子命令", parser_class=ChineseArgumentParser)
    for name, module in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(module).register(sub)
    return parser
