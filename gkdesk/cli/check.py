"""``gkdesk check FILE [--last LAST] [--json]``: print the issues of a report, grouped by severity."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gkdesk.core.errors import GkError
from gkdesk.core.issues import SEVERITY_LABEL, count_by_severity


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="校验报告文件，按严重程度列出问题",
                       description="校验一个 .gkreport 报告。退出码：0 无错误（可有警告、提示），1 有错误，2 无法读取。")
    p.add_argument("file", metavar="报告文件", help=".gkreport 文件")
    p.add_argument("--last", metavar="上年报告", help="上一年度的 .gkreport 文件（用于核对上年结转、现行有效件数和重复率）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（供其他程序使用）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from gkdesk.core import storage
    from gkdesk.core.lastyear import last_year_from
    from gkdesk.core.rules import validate

    try:
        report = storage.load(Path(args.file))
        if args.last:
            report.last_year = last_year_from(storage.load(Path(args.last)))
    except GkError as exc:
        if args.json:
            print(json.dumps({"file": args.file, "error": str(exc)}, ensure_ascii=False))
        else:
            print(f"错误：{exc}", file=sys.stderr)
        return 2
    issues = validate(report)
    counts = count_by_severity(issues)
    if args.json:
        print(json.dumps({"file": args.file, "issues": [i.to_json() for i in issues]}, ensure_ascii=False, indent=1))
    else:
        print(f"{report.title}（{args.file}）")
        if not issues:
            print("校验通过：没有发现问题。")
        for sev in ("error", "warning", "hint"):
            group = [i for i in issues if i.severity == sev]
            if not group:
                continue
            print(f"\n{SEVERITY_LABEL[sev]}（{len(group)}）")
            for i in group:
                print(f"  [{i.rule}] {i.message}")
        print(f"\n共 {counts['error']} 个错误，{counts['warning']} 个警告，{counts['hint']} 个提示。")
    return 1 if counts["error"] else 0
