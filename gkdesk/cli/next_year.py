"""``gkdesk next-year FILE -o OUT``: start next year's report from this year's (上年结转 carried over)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("next-year", help="以本年度报告为基础新建下一年度报告",
                       description="以一份 .gkreport 报告为基础新建下一年度报告：机关信息不变，年度加一，"
                                   "“上年结转”填入本年“结转下年度继续办理”，其余数字留空，正文作为草稿保留。"
                                   "退出码：0 已生成，2 无法读取或无法保存。")
    p.add_argument("file", metavar="本年报告", help="本年度的 .gkreport 文件")
    p.add_argument("-o", "--output", metavar="输出文件", required=True, help="下一年度报告的保存位置（.gkreport）")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（原文件保留为 .bak）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from gkdesk.core import storage
    from gkdesk.core.carryover import next_year
    from gkdesk.core.errors import GkError

    src, out = Path(args.file), Path(args.output)
    if out.suffix.lower() != storage.EXTENSION:
        out = out.with_name(out.name + storage.EXTENSION)
    try:
        if out.resolve() == src.resolve():
            print(f"错误：输出文件不能是本年报告本身（{src}）。请换一个文件名，例如“{_suggest(src)}”。", file=sys.stderr)
            return 2
    except OSError:
        pass
    if out.exists() and not args.force:
        print(f"错误：“{out}”已经存在，没有覆盖。请换一个文件名，或加 --force 覆盖（原文件会保留为 .bak）。",
              file=sys.stderr)
        return 2
    try:
        report = storage.load(src)
        new = next_year(report)
        storage.save(new, out)
    except GkError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    carried = new.value("t3", "carry_in", "total")
    print(f"已生成 {new.meta.year or '下一'} 年度报告草稿：{out}")
    print(f"  上年结转：已按 {report.meta.year or '上'} 年报告的“结转下年度继续办理”填入（总计 {carried if carried is not None else '空'} 件）。")
    print("  其余表格数字留空；正文沿用上年文字，请逐段更新（校验会提示与上年的重复率）。")
    return 0


def _suggest(src: Path) -> str:
    return str(src.with_name(src.stem + "-下一年度" + src.suffix))
