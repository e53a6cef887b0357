"""``gkdesk consolidate INPUTS... -o OUT.gkreport [--summary OUT.xlsx]``: sum many units' reports into one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gkdesk.core.errors import GkError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "consolidate", help="把多个单位的报告汇总为一份，并生成校验清单",
        description="把多个单位的 .gkreport 报告（或包含它们的文件夹）逐格相加，汇总为一份报告，"
                    "并可生成列出每个单位状态和问题的校验清单（Excel）。"
                    "退出码：0 全部汇总且没有问题，1 已汇总但有单位被跳过、重复或有错误，2 没有可汇总的报告。")
    p.add_argument("inputs", nargs="+", metavar="输入", help="单位报告文件（.gkreport，或 Excel、网页、文本等可导入的文件）或文件夹（包括子文件夹，只读取其中的 .gkreport）")
    p.add_argument("-o", "--output", required=True, metavar="汇总报告", help="汇总结果保存为此 .gkreport 文件")
    p.add_argument("--summary", metavar="校验清单", help="把各单位的状态和问题另存为此 .xlsx 文件")
    p.add_argument("--name", default="", metavar="机关名称", help="汇总机关的名称（如“某某县人民政府”），可稍后在报告中填写")
    p.add_argument("--level", default="county_gov", metavar="级别",
                   help="汇总机关的级别，如“县级人民政府”（默认）或 county_gov")
    p.add_argument("--year", type=int, metavar="年度", help="汇总年度；不指定时按多数单位报告的年度")
    p.add_argument("--allow-duplicates", action="store_true",
                   help="同一单位（机关名称和年度相同）的多份报告都计入（默认只计入第一份）")
    p.set_defaults(run=run)


def _level_key(text: str) -> str | None:
    from gkdesk.core.format import load_format

    fmt = load_format()
    for lv in fmt.levels:
        if text in (lv.key, lv.label):
            return lv.key
    return None


def run(args: argparse.Namespace) -> int:
    from gkdesk.core.consolidate import consolidate, save_outputs
    from gkdesk.core.format import load_format

    out = Path(args.output)
    summary = Path(args.summary) if args.summary else None
    if out.suffix.lower() != ".gkreport":
        print(f"错误：汇总报告应保存为 .gkreport 文件，例如 {out.with_suffix('.gkreport').name}。", file=sys.stderr)
        return 2
    if summary is not None and summary.suffix.lower() != ".xlsx":
        print(f"错误：校验清单应保存为 .xlsx 文件，例如 {summary.with_suffix('.xlsx').name}。", file=sys.stderr)
        return 2
    level = _level_key(args.level)
    if level is None:
        labels = "、".join(f"{lv.label}（{lv.key}）" for lv in load_format().levels)
        print(f"错误：机关级别“{args.level}”未知。可选：{labels}。", file=sys.stderr)
        return 2
    if args.year is not None and not (1990 <= args.year <= 9999):
        print(f"错误：年度“{args.year}”不对，请填写四位年份，如 2024。", file=sys.stderr)
        return 2
    show_progress = sys.stderr.isatty()

    def progress(done: int, total: int, name: str) -> None:
        if show_progress:
            print(f"\r已读取 {done}/{total}：{name[:40]:<40}", end="" if done < total else "\n", file=sys.stderr)

    try:
        result = consolidate(args.inputs, org_name=args.name, level=level, year=args.year,
                             allow_duplicates=args.allow_duplicates,
                             exclude=[p for p in (out, summary) if p is not None], progress=progress)
    except GkError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\n汇总已取消，没有保存任何文件。", file=sys.stderr)
        return 2
    lines = []  # written at once: a province lists 10,000 units
    for i, u in enumerate(result.units, 1):
        counts = u.counts
        what = f"{u.name}（{u.year or '未填年度'}）" if u.loaded else ""
        tail = f"  错误 {counts['error']}，警告 {counts['warning']}" if u.loaded else ""
        lines.append(f"{i:>4}. [{u.status_label}] {u.path}  {what}{tail}\n")
        if u.note:
            lines.append(f"      {u.note}\n")
    sys.stdout.write("".join(lines))
    for note in result.notes:
        print(f"提示：{note}")
    print(result.summary_line())
    try:
        if result.included:
            save_outputs(result, out, summary)
            print(f"汇总报告已保存：{out}")
        else:
            print("没有可以汇总的报告，未保存汇总报告。请查看上面列出的原因。", file=sys.stderr)
            if summary is not None:
                from gkdesk.core.consolidate.summary import write_summary

                write_summary(result, summary)
        if summary is not None:
            print(f"校验清单已保存：{summary}")
    except GkError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    if not result.report.meta.org_name and result.included:
        print("提示：未指定汇总机关名称（--name），请打开汇总报告后填写。")
    return result.exit_code
