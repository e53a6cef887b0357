"""``gkdesk check FILE [--last LAST] [--json] [--deadline M-D] [--fee-threshold N] [--duplicate-ratio P]``: print the
issues of a report, grouped by severity."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from gkdesk.core.errors import GkError
from gkdesk.core.issues import SEVERITY_LABEL, Settings, count_by_severity
from gkdesk.core.record import replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

#: compiled when an option needs it (a plain check does not: ~75 K instructions a pattern)
_MONTH_DAY = r"^\s*(\d{1,2})\s*(?:[-－/.．]|月)\s*(\d{1,2})\s*日?\s*$"
#: the largest fee threshold accepted (万元); larger values would never warn at all
MAX_FEE_THRESHOLD = 100_000_000


def parse_deadline(text: str) -> tuple[int, int]:
    """``"2-20"`` or ``"2月20日"`` → (2, 20); a date that does not exist (2-30, 13-1) is refused in Chinese."""
    import argparse

    m = re.match(_MONTH_DAY, text.translate(_FULLWIDTH))
    if not m:
        raise argparse.ArgumentTypeError(
            f"截止日期“{text}”的写法不对，请写成“月-日”，例如 --deadline 2-20（表示次年2月20日）")
    month, day = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise argparse.ArgumentTypeError(f"截止日期“{text}”中的月份 {month} 不存在，月份应为 1 到 12")
    try:
        date(2024, month, day)  # a leap year: 2月29日 is allowed (in other years the rule uses 2月28日)
    except ValueError:
        raise argparse.ArgumentTypeError(f"截止日期“{text}”不存在：{month}月没有{day}日，请改正后重试") from None
    return month, day


def parse_fee_threshold(text: str) -> int:
    """A positive whole number of 万元 (half- or full-width digits)."""
    import argparse

    t = text.translate(_FULLWIDTH).strip().removesuffix("万元").strip()
    if not t.isdigit() or int(t) < 1:
        raise argparse.ArgumentTypeError(
            f"收费金额提醒阈值“{text}”不是正整数，请写成以万元为单位的整数，例如 --fee-threshold 500")
    value = int(t)
    if value > MAX_FEE_THRESHOLD:
        raise argparse.ArgumentTypeError(f"收费金额提醒阈值“{text}”过大，最大为 {MAX_FEE_THRESHOLD} 万元")
    return value


def parse_duplicate_ratio(text: str) -> float:
    """A percentage 1–100 (``"60"`` or ``"60%"``) → a ratio (0.6)."""
    import argparse

    t = text.translate(_FULLWIDTH).strip().removesuffix("%").strip()
    try:
        pct = Decimal(t)
    except InvalidOperation:
        pct = None
    if pct is None or not pct.is_finite() or not 1 <= pct <= 100:
        raise argparse.ArgumentTypeError(
            f"重复率提醒阈值“{text}”不对，请写 1 到 100 之间的百分数，例如 --duplicate-ratio 60")
    return float(pct) / 100


_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．％", "0123456789-/.%")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="校验报告文件，按严重程度列出问题",
                       description="校验一个 .gkreport 报告。退出码：0 无错误（可有警告、提示），1 有错误，2 无法读取。")
    p.add_argument("file", metavar="报告文件", help=".gkreport 文件")
    p.add_argument("--last", metavar="上年报告", help="上一年度的 .gkreport 文件（用于核对上年结转、现行有效件数和重复率）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（供其他程序使用）")
    p.add_argument("--deadline", metavar="月-日", type=parse_deadline,
                   help="本报告的公开截止日期（报告年度的次年），例如 2-20 表示次年2月20日；"
                        "默认：部门和乡镇、街道 1-31，县级以上人民政府 3-31")
    p.add_argument("--fee-threshold", metavar="万元", type=parse_fee_threshold,
                   help="本年收费金额达到此数（万元）时提醒可能误按“元”填报；默认：乡镇、街道 1000，其他 100000")
    p.add_argument("--duplicate-ratio", metavar="百分数", type=parse_duplicate_ratio,
                   help="与上年度报告文字重复率超过此百分数时提醒（需同时用 --last），默认 50")
    p.set_defaults(run=run)


def quick_args(argv: list[str]):  # noqa: ANN201 - a SimpleNamespace like argparse's, or None
    """``check FILE [--json] [--last LAST]`` read without argparse; None for any other form (see gkdesk.cli.quick_read)."""
    from gkdesk.cli import quick_read

    return quick_read(argv, "check", run, ("last",), ("json",), deadline=None, fee_threshold=None, duplicate_ratio=None)


def settings_from_args(args: argparse.Namespace, level_keys: Iterable[str]) -> Settings:
    """The validation settings the options ask for; the spec's defaults for what is not given."""
    settings = Settings()
    deadline = getattr(args, "deadline", None)
    if deadline is not None:  # one date for this report, whatever its level
        month, day = deadline
        settings = replace(settings, deadline_month=month, deadline_day=day,
                           government_deadline_month=month, government_deadline_day=day)
    threshold = getattr(args, "fee_threshold", None)
    if threshold is not None:
        settings = replace(settings, fee_unit_thresholds={key: threshold for key in level_keys})
    ratio = getattr(args, "duplicate_ratio", None)
    if ratio is not None:
        settings = replace(settings, duplicate_ratio_warn=ratio)
    return settings


def run(args: argparse.Namespace) -> int:
    from gkdesk.core import storage
    from gkdesk.core.rules import validate

    try:
        report = storage.load(Path(args.file))
        if args.last:
            from gkdesk.core.lastyear import last_year_from

            report.last_year = last_year_from(storage.load(Path(args.last)))
    except GkError as exc:
        if args.json:
            print(json.dumps({"file": args.file, "error": str(exc)}, ensure_ascii=False))
        else:
            print(f"错误：{exc}", file=sys.stderr)
        return 2
    issues = validate(report, settings_from_args(args, [lv.key for lv in report.format.levels]))
    if report.explanations:
        from gkdesk.core.explain import review

        reviewed = review(issues, report.explanations)
        open_issues, explained, lapsed = reviewed.open, reviewed.explained, reviewed.lapsed
    else:  # nothing explained (most reports): every issue is open, as review() says (explain.py is not loaded)
        open_issues, explained, lapsed = issues, [], []
    counts = count_by_severity(open_issues)
    if args.json:
        print(json.dumps({
            "file": args.file,
            "issues": [i.to_json() for i in open_issues],
            "explained": [{**i.to_json(), "note": e.note, "date": e.on.isoformat() if e.on else None}
                          for i, e in explained],
            "lapsed": [e.to_json() for e in lapsed],
        }, ensure_ascii=False, indent=1))
    else:
        print(f"{report.title}（{args.file}）")
        if not open_issues:
            print("校验通过：没有发现需要处理的问题。" if explained else "校验通过：没有发现问题。")
        for sev in ("error", "warning", "hint"):
            group = [i for i in open_issues if i.severity == sev]
            if not group:
                continue
            print(f"\n{SEVERITY_LABEL[sev]}（{len(group)}）")
            for i in group:
                print(f"  [{i.rule}] {i.message}")
        if explained:
            print(f"\n已核实（{len(explained)}）")
            for i, e in explained:
                print(f"  [{i.rule}] {i.message}\n      核实说明：{e.note}")
        if lapsed:
            print(f"\n另有 {len(lapsed)} 条核实说明因数字已改变而不再适用，相应问题已重新列出。")
        tail = f"，{len(explained)} 个已核实" if explained else ""
        print(f"\n共 {counts['error']} 个错误，{counts['warning']} 个警告，{counts['hint']} 个提示{tail}。")
    return 1 if counts["error"] else 0
