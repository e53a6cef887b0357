"""``gkdesk import SRC -o OUT.gkreport [--log]``: import a published report (text, HTML, workbook) into a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="导入已发布的年度报告（文本、网页、Excel 工作簿）",
                       description="把已发布的年度报告（从网页复制或从PDF提取的文本、保存的网页、Excel 工作簿、Word 文档）导入为"
                                   " .gkreport 报告，并说明每部分从哪里识别、怎样匹配、哪些没有找到。"
                                   "退出码：0 已导入（可能不完整，见导入记录）；2 没有找到可用的内容或无法保存。")
    p.add_argument("source", metavar="来源文件",
                   help="要导入的文件：.txt、.html、.mht、.xlsx、.docx、.csv（或 - 表示从标准输入读取文本）")
    p.add_argument("-o", "--output", metavar="输出文件", required=True, help="保存为的 .gkreport 文件")
    p.add_argument("--log", action="store_true", help="打印完整的导入记录")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（原文件保留为 .bak）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from gkdesk.core import storage
    from gkdesk.core.errors import GkError
    from gkdesk.core.importers import import_file, import_text
    from gkdesk.core.report import LEVEL_UNDETERMINED

    out = Path(args.output)
    if out.suffix.lower() != storage.EXTENSION:
        out = out.with_name(out.name + storage.EXTENSION)
    if out.exists() and not args.force:
        print(f"错误：“{out}”已经存在，没有覆盖。请换一个文件名，或加 --force 覆盖（原文件会保留为 .bak）。",
              file=sys.stderr)
        return 2
    if args.source == "-":
        from gkdesk.core.importers.source import decode
        from gkdesk.core.limits import LIMITS

        data = sys.stdin.buffer.read(LIMITS["import_bytes"].value + 1)
        if len(data) > LIMITS["import_bytes"].value:
            print(f"错误：{LIMITS['import_bytes'].message('标准输入')}", file=sys.stderr)
            return 2

        result = import_text(decode(data), "标准输入")
    else:
        result = import_file(Path(args.source))
    if result.report is None:
        print(f"没有导入：{Path(args.source).name} 中没有找到可用的年度报告内容。", file=sys.stderr)
        for e in result.log.entries:
            if e.kind == "missing":
                print(f"  {e.text}", file=sys.stderr)
        return 2
    try:
        storage.save(result.report, out)
    except GkError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    if args.log:
        print(result.log.to_text())
        print()
    r = result.report
    print(f"已导入：{r.title} → {out}")
    print(f"  导入记录：{result.log.summary()}")
    missing = result.log.of_kind("missing")
    if missing:
        print(f"  有 {len(missing)} 处没有找到或不完整" + ("（加 --log 查看详情）" if not args.log else "") + "。")
    if r.meta.level == LEVEL_UNDETERMINED:
        print("  机关级别未确定：无法从原文判断，请用 gkdesk 打开该文件，在“基本信息”中选择本机关的级别"
              "（截止日期、收费金额提醒等按级别判断；选定之前 gkdesk check 报告 LEVEL-UNSET 错误）。")
    from gkdesk.core.issues import count_by_severity
    from gkdesk.core.rules import validate

    c = count_by_severity(validate(r))
    print(f"  校验：{c['error']} 个错误，{c['warning']} 个警告，{c['hint']} 个提示（用 gkdesk check {out} 查看）。")
    return 0
