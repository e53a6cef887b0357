"""汇总: many units' reports → one report whose tables are the cell-by-cell sums, plus each unit's status and issues.

Decisions (also in docs/readme-consolidate.md):

* Only input cells are summed; totals (合计/总计) are computed by ``Report.value`` from the summed inputs.
* A cell a unit left blank adds nothing: the consolidated cell is the sum of the units that gave a number, and the
  cell is listed as incomplete (``Consolidation.gaps``) with the units that left it blank. A cell that no unit
  filled stays blank. A value that is not a usable number (text, a negative, a fraction in a count cell) is left out
  the same way and listed with what the unit wrote.
* Counts are summed as ``int``, the fee (万元) and 信息处理费 (元) as ``Decimal``: no float anywhere.
* Refused or flagged, never silently: unreadable inputs (skipped, with the reason), a different report year than
  the chosen one (skipped), a different format (skipped), the same unit twice (counted once unless
  ``allow_duplicates``), the same file chosen twice (always counted once), units with errors (included, marked).
"""

from __future__ import annotations

import importlib
import os
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from gkdesk.core.errors import GkError
from gkdesk.core.format import CURRENT_VERSION, ReportFormat, load_format
from gkdesk.core.issues import Issue, count_by_severity
from gkdesk.core.report import CellValue, LastYear, Report

REPORT_SUFFIX = ".gkreport"

#: progress(done, total, name): called after each input has been read and checked
ProgressHook = Callable[[int, int, str], None]
Validator = Callable[[Report], list[Issue]]

# Unit status, from worst to best; the Chinese text is built by UnitResult.status_text.
SKIPPED, DUPLICATE, OK = "skipped", "duplicate", "ok"

#: the key totals shown per unit: (label, table, [(row, column), ...] summed)
KEY_TOTALS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("本年新收", "t3", (("new", "total"),)),
    ("办结（七）总计", "t3", (("total", "total"),)),
    ("结转下年度", "t3", (("carry_out", "total"),)),
    ("行政复议总计", "t4", (("review", "total"),)),
    ("行政诉讼总计", "t4", (("lit_direct", "total"), ("lit_after_review", "total"))),
)


class ConsolidationCancelled(GkError):
    """The user stopped the consolidation; nothing was written."""


@dataclass
class UnitResult:
    """One input (a file, or a folder that held nothing usable) and what became of it."""

    path: Path
    status: str = OK
    reason: str = ""  # why skipped, or which unit it duplicates
    report: Report | None = None
    issues: list[Issue] = field(default_factory=list)
    included: bool = False
    imported: bool = False  # read through the importer (not a .gkreport file)
    import_log: Any = None

    @property
    def name(self) -> str:
        return self.report.meta.org_name.strip() if self.report is not None else ""

    @property
    def counts(self) -> dict[str, int]:
        return count_by_severity(self.issues)

    @property
    def has_errors(self) -> bool:
        return any(i.severity == "error" for i in self.issues)

    @property
    def note(self) -> str:
        """The reason, plus how an imported file was read (the import log's summary)."""
        if not self.imported or self.status == SKIPPED:
            return self.reason
        summary = getattr(self.import_log, "summary", None)
        how = f"经导入读取（{summary()}），请核对导入结果" if callable(summary) else "经导入读取，请核对导入结果"
        return "；".join(p for p in (self.reason, how) if p)

    @property
    def status_label(self) -> str:
        """The short status: 正常 / 有错误 / 跳过 / 重复（已计入） / 重复（未计入）."""
        if self.status == SKIPPED:
            return "跳过"
        if self.status == DUPLICATE:
            return ("重复（已计入）" if self.included else "重复（未计入）") + ("，有错误" if self.has_errors else "")
        return "有错误" if self.has_errors else "正常"

    @property
    def status_text(self) -> str:
        """What the dialog, the CLI and the summary show: 正常 / 有错误 / 跳过：原因 / 重复…"""
        if self.status == SKIPPED:
            return f"跳过：{self.reason}"
        parts = []
        if self.status == DUPLICATE:
            parts.append("重复（已计入）" if self.included else "重复（未计入）")
        if self.has_errors:
            parts.append(f"有错误（{self.counts['error']}个）")
        return "，".join(parts) or "正常"

    def key_totals(self) -> list[CellValue]:
        if self.report is None:
            return [None] * len(KEY_TOTALS)
        return [_sum_cells(self.report, table, cells) for _, table, cells in KEY_TOTALS]


@dataclass
class CellGap:
    """An input cell that some included units left blank or filled with something that is not a usable number."""

    table: str
    row: str
    column: str
    filled: int = 0  # units that gave a usable number
    blank: list[int] = field(default_factory=list)  # indexes into Consolidation.units
    invalid: list[tuple[int, CellValue]] = field(default_factory=list)


@dataclass
class Consolidation:
    report: Report
    units: list[UnitResult]
    year: int
    gaps: list[CellGap] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # general remarks (how the year was chosen, last year's data)

    @property
    def included(self) -> list[UnitResult]:
        return [u for u in self.units if u.included]

    @property
    def skipped(self) -> list[UnitResult]:
        return [u for u in self.units if not u.included]

    @property
    def flagged(self) -> list[UnitResult]:
        """Inputs the user must look at: skipped, duplicates, units with errors."""
        return [u for u in self.units if u.status != OK or u.has_errors]

    @property
    def exit_code(self) -> int:
        """0 all inputs consolidated cleanly, 1 done but some skipped or flagged, 2 nothing usable."""
        if not self.included:
            return 2
        return 1 if self.flagged else 0

    def _duplicate_groups(self) -> int:
        """How many units sent more than one report (the first of each group is counted in any case)."""
        groups = {unit_identity(u.report) for u in self.units if u.status == DUPLICATE and u.report is not None}
        return len(groups)

    def summary_line(self) -> str:
        n_err = sum(1 for u in self.included if u.has_errors)
        n_dup_out = sum(1 for u in self.units if u.status == DUPLICATE and not u.included)
        n_dup_in = sum(1 for u in self.units if u.status == DUPLICATE and u.included) - self._duplicate_groups()
        n_skip = sum(1 for u in self.units if u.status == SKIPPED)
        text = f"共 {len(self.units)} 个输入，{len(self.included)} 个单位计入 {self.year or '____'} 年度汇总"
        extra = []
        if n_err:
            extra.append(f"{n_err} 个单位的报告有错误（已计入，请核实）")
        if n_dup_out:
            extra.append(f"{n_dup_out} 份重复报告未计入")
        if n_dup_in > 0:
            extra.append(f"{n_dup_in} 份重复报告按您的选择计入")
        if n_skip:
            extra.append(f"{n_skip} 个输入被跳过")
        if self.gaps:
            extra.append(f"{len(self.gaps)} 个单元格有单位未填写或填写有误")
        return text + ("；" + "；".join(extra) if extra else "") + "。"


# --- gathering the inputs --------------------------------------------------------------------------
def importable_suffixes() -> frozenset[str]:
    """File types the importer declares (looked for inside folders); empty when no importer is installed."""
    try:
        importers = importlib.import_module("gkdesk.core.importers")
    except ImportError:
        return frozenset()
    for attr in ("SUPPORTED_SUFFIXES", "SUFFIXES", "EXTENSIONS"):
        got = getattr(importers, attr, None)
        if got:
            return frozenset(s.lower() if s.startswith(".") else "." + s.lower() for s in got)
    return frozenset()


def collect_inputs(inputs: Iterable[str | os.PathLike[str]],
                   exclude: Iterable[str | os.PathLike[str]] = ()) -> list[Path | UnitResult]:
    """Expand folders (recursively, sorted) into report files, keeping the order the inputs were given.

    Each entry is a file to read, or a UnitResult already skipped (an empty or unreadable folder, the output file).
    Inside folders only ``.gkreport`` files are taken: a unit often sends its report also as Excel or PDF, and
    a folder may hold notes; files of the importer's types found there are named in the folder's entry (the user
    can choose them explicitly). Hidden and temporary files are ignored. A file named explicitly is always tried.
    """
    other_types = set(importable_suffixes()) - {REPORT_SUFFIX}
    excluded = {_key(Path(p)) for p in exclude}
    out: list[Path | UnitResult] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found: list[Path | UnitResult] = []
            others: list[Path] = []

            def _onerror(exc: OSError, root: Path = path, found: list[Path | UnitResult] = found) -> None:
                where = Path(exc.filename) if exc.filename else root
                found.append(UnitResult(where, SKIPPED, f"无法打开文件夹（{exc.strerror or exc}）"))

            for folder, dirs, names in os.walk(path, onerror=_onerror):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in sorted(names):
                    p = Path(folder, n)
                    if n.startswith(".") or _key(p) in excluded:
                        continue
                    if p.suffix.lower() == REPORT_SUFFIX:
                        found.append(p)
                    elif p.suffix.lower() in other_types:
                        others.append(p)
            if others:
                names_ = "、".join(f"“{p.name}”" for p in others[:5]) + (" 等" if len(others) > 5 else "")
                found.append(UnitResult(path, SKIPPED, (
                    f"文件夹中还有 {len(others)} 个其他格式的文件未读取（{names_}）；如果其中有未报送 .gkreport 的单位的"
                    "报告，请用“添加文件”单独选择这些文件导入")))
            if not any(isinstance(f, Path) for f in found):
                found.insert(0, UnitResult(path, SKIPPED, "文件夹中没有找到报告文件（.gkreport）"))
            out.extend(found)
        elif _key(path) in excluded:
            out.append(UnitResult(path, SKIPPED, "这是本次汇总要保存的文件，不作为单位报告计入"))
        else:
            out.append(path)
    return out


def _key(path: Path) -> str:
    try:
        return os.path.normcase(str(path.resolve()))
    except (OSError, RuntimeError):  # RuntimeError: a symbolic-link loop (Python 3.11)
        return os.path.normcase(os.path.abspath(path))


def read_unit(path: Path) -> UnitResult:
    """Read one input: a .gkreport through storage, anything else through the importer."""
    from gkdesk.core import storage

    unit = UnitResult(path)
    if not path.exists() and not path.is_symlink():  # a link loop is read below, to be named as one
        unit.status, unit.reason = SKIPPED, "找不到该文件（可能已被移动、改名或删除）"
        return unit
    if path.suffix.lower() == REPORT_SUFFIX or path.name.lower().endswith(REPORT_SUFFIX + ".bak"):
        try:
            unit.report = storage.load(path)
        except GkError as exc:
            unit.status, unit.reason = SKIPPED, str(exc)
        return unit
    unit.imported = True
    try:
        import_file = importlib.import_module("gkdesk.core.importers").import_file
    except (ImportError, AttributeError):
        unit.status, unit.reason = SKIPPED, "此版本的 gkdesk 不能导入该类型的文件，请先在 gkdesk 中打开并另存为 .gkreport"
        return unit
    try:
        result = import_file(path)
        unit.report, unit.import_log = result.report, getattr(result, "log", None)
    except GkError as exc:
        unit.status, unit.reason = SKIPPED, str(exc)
    except Exception as exc:  # noqa: BLE001 - a broken third-party file must not stop the other units
        unit.status, unit.reason = SKIPPED, f"无法导入该文件（{type(exc).__name__}）。请在 gkdesk 中导入它查看原因"
    if unit.status != SKIPPED and not isinstance(unit.report, Report):
        unit.status, unit.report = SKIPPED, None
        unit.reason = _log_reason(unit.import_log) or "导入后没有得到报告内容。请在 gkdesk 中导入它查看原因"
    return unit


def _log_reason(log: Any) -> str:
    """The importer's own words for why nothing was imported (its first 'missing' entry), if it has a log."""
    for entry in getattr(log, "entries", None) or []:
        if getattr(entry, "kind", "") == "missing" and getattr(entry, "text", ""):
            return str(entry.text)
    return ""


# --- the consolidation -----------------------------------------------------------------------------
def consolidate(inputs: Iterable[str | os.PathLike[str]], *, org_name: str = "", level: str = "county_gov",
                year: int | None = None, allow_duplicates: bool = False,
                exclude: Iterable[str | os.PathLike[str]] = (), progress: ProgressHook | None = None,
                cancelled: Callable[[], bool] | None = None, validate: Validator | None = None) -> Consolidation:
    """Read, check and sum the units' reports. Nothing is written; see ``save_outputs``.

    ``year`` None: the year most units report (ties: the latest). ``progress(done, total, name)`` is called after
    each input; ``cancelled()`` returning True stops with ConsolidationCancelled.
    """
    fmt = load_format(CURRENT_VERSION)
    try:
        fmt.level(level)
    except KeyError:
        raise GkError(f"机关级别“{level}”未知。可选：{'、'.join(lv.label for lv in fmt.levels)}。") from None
    if validate is None:
        from gkdesk.core.rules import validate as default_validate  # loaded when first needed

        validate = default_validate
    check: Validator = validate
    entries = collect_inputs(inputs, exclude)
    units: list[UnitResult] = []
    seen_paths: dict[str, UnitResult] = {}
    total = sum(1 for e in entries if isinstance(e, Path))
    done = 0
    for path in entries:
        if isinstance(path, UnitResult):
            units.append(path)
            continue
        if cancelled is not None and cancelled():
            raise ConsolidationCancelled("汇总已取消，没有保存任何文件。")
        k = _key(path)
        if k in seen_paths:
            unit = UnitResult(path, SKIPPED, f"同一文件被选择了两次（与“{seen_paths[k].path.name}”相同），只计一次")
        else:
            unit = read_unit(path)
            seen_paths[k] = unit
            if unit.report is not None:
                unit.issues = _check_unit(check, unit.report)
        units.append(unit)
        done += 1
        if progress is not None:
            progress(done, total, path.name)
    notes: list[str] = []
    chosen_year = _choose_year(units, year, notes)
    _refuse_mismatches(units, fmt, chosen_year, org_name)
    for u in units:
        u.included = u.status == OK
    _mark_duplicates(units, allow_duplicates)
    report, gaps = sum_reports([u.report for u in units if u.included and u.report is not None], fmt)
    report.meta.org_name, report.meta.level, report.meta.year = org_name.strip(), level, chosen_year
    _carry_last_year(report, [u for u in units if u.included], chosen_year, notes)
    # gap indexes refer to the included units; translate them to indexes into ``units``
    idx = [i for i, u in enumerate(units) if u.included and u.report is not None]
    for g in gaps:
        g.blank = [idx[b] for b in g.blank]
        g.invalid = [(idx[b], v) for b, v in g.invalid]
    return Consolidation(report, units, chosen_year, gaps, notes)


def _check_unit(check: Validator, report: Report) -> list[Issue]:
    """Validate one unit; a fault in a rule marks this unit instead of stopping the whole consolidation."""
    try:
        return list(check(report))
    except Exception as exc:  # noqa: BLE001 - one unit's odd content must not cost the other units' work
        return [Issue("CHECK-FAILED", "error",
                      f"校验该报告时程序出错（{type(exc).__name__}），无法确认其数据是否正确。请在 gkdesk 中打开该报告检查，"
                      "并把该文件发给技术支持。")]


def _choose_year(units: list[UnitResult], year: int | None, notes: list[str]) -> int:
    if year:
        return int(year)
    years = Counter(u.report.meta.year for u in units if u.report is not None and u.report.meta.year)
    if not years:
        return 0
    ranked = years.most_common()
    best_n = ranked[0][1]
    tied = sorted(y for y, n in ranked if n == best_n)
    chosen = tied[-1]
    if len(years) > 1:
        others = "、".join(f"{y}年{n}份" for y, n in sorted(years.items()))
        how = "（份数相同，取最近的年度）" if len(tied) > 1 else ""
        notes.append(f"各单位报告的年度不一致（{others}），按多数取 {chosen} 年度{how}；"
                     f"其他年度的报告未计入。如需汇总其他年度，请指定年度。")
    return chosen


def _refuse_mismatches(units: list[UnitResult], fmt: ReportFormat, year: int, org_name: str) -> None:
    own_name = _name_key(org_name)
    for u in units:
        if u.status == SKIPPED or u.report is None:
            continue
        rep = u.report
        if rep.format_version != fmt.version:
            u.status, u.reason = SKIPPED, f"报告格式为 {rep.format_version} 版，与汇总使用的 {fmt.version} 版不同"
        elif rep.source_format and rep.source_format != fmt.version:
            u.status, u.reason = SKIPPED, (f"报告表格沿用 {rep.source_format[:4]} 年试行格式，栏目与 {fmt.version} 年格式不同，"
                                           "请该单位按国办公开办函〔2021〕30号格式重新填报")
        elif not rep.meta.year:
            u.status, u.reason = SKIPPED, "报告未填写年度，无法确认属于哪一年；请该单位填写年度后重新报送"
        elif year and rep.meta.year != year:
            u.status, u.reason = SKIPPED, f"报告年度为 {rep.meta.year} 年，与汇总年度 {year} 年不一致"
        elif own_name and _name_key(rep.meta.org_name) == own_name:
            u.status, u.reason = SKIPPED, ("机关名称与汇总机关相同，可能是以前保存的汇总报告（计入会重复相加）；"
                                           "如需计入，请把它移出所选文件夹后单独核对")


def unit_identity(report: Report) -> tuple[str, int]:
    """机关名称 (spaces and full/half width ignored) + year: what makes two reports the same unit's."""
    return _name_key(report.meta.org_name), report.meta.year


def _name_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


def _mark_duplicates(units: list[UnitResult], allow: bool) -> None:
    """Reports of the same unit and year: the first is counted; the others only with ``allow``. All are marked."""
    groups: dict[tuple[str, int], list[UnitResult]] = {}
    for u in units:
        if u.status == SKIPPED or u.report is None:
            continue
        ident = unit_identity(u.report)
        if ident[0]:  # no name to compare: validation reports the missing 机关名称
            groups.setdefault(ident, []).append(u)
    for (_, yr), group in groups.items():
        if len(group) < 2:
            continue
        first = group[0]
        first.status, first.included = DUPLICATE, True
        others = "、".join(f"“{u.path.name}”" for u in group[1:])
        first.reason = (f"{first.name}（{yr}年）有 {len(group)} 份报告，本份已计入；另见 {others}"
                        + ("（均已计入）" if allow else "（未计入）"))
        for u in group[1:]:
            u.status, u.included = DUPLICATE, allow
            u.reason = (f"与“{first.path.name}”是同一单位（{u.name}，{yr}年）"
                        + ("，按您的选择重复计入" if allow else "，只计入第一份"))


def _usable(value: CellValue, cell_type: str) -> bool:
    if isinstance(value, bool):
        return False
    if cell_type == "int":
        return isinstance(value, int) and value >= 0
    return isinstance(value, (int, Decimal)) and value >= 0 and Decimal(value).is_finite()


def sum_reports(reports: Sequence[Report], fmt: ReportFormat | None = None) -> tuple[Report, list[CellGap]]:
    """A new report whose input cells are the sums of the reports' usable values, and the incomplete cells."""
    fmt = fmt or load_format(CURRENT_VERSION)
    out = Report.new(fmt=fmt)
    gaps: list[CellGap] = []
    for tkey, tdef in fmt.tables.items():
        types = {r.key: r.type for r in tdef.rows}
        for row, col in tdef.input_cells():
            is_int = types[row] == "int"
            acc: int | Decimal = 0 if is_int else Decimal(0)
            gap = CellGap(tkey, row, col)
            for i, rep in enumerate(reports):
                v = rep.tables.get(tkey, {}).get(row, {}).get(col)
                if v is None:
                    gap.blank.append(i)
                elif _usable(v, types[row]):
                    acc += v  # type: ignore[operator]
                    gap.filled += 1
                else:
                    gap.invalid.append((i, v))
            if gap.filled:
                out.tables[tkey][row][col] = acc
            if gap.blank or gap.invalid:
                gaps.append(gap)
    fees = [r.processing_fee_yuan for r in reports if r.processing_fee_yuan is not None]
    out.processing_fee_yuan = sum(fees, Decimal(0)) if fees else None
    return out, gaps


def _carry_last_year(report: Report, units: list[UnitResult], year: int, notes: list[str]) -> None:
    """Sum the units' last-year figures (上年结转, 现行有效) when every unit has them for the year before."""
    reps = [u.report for u in units if u.report is not None]
    lys = [r.last_year for r in reps]
    if not reps:
        return
    if any(ly is None or ly.year != year - 1 for ly in lys):
        if any(ly is not None for ly in lys):
            notes.append("部分单位的报告没有上年度数据，汇总报告未带入上年结转和现行有效件数；核对时请手工比对上年汇总报告。")
        return

    def summed(parts: list[CellValue]) -> CellValue:
        if not parts or any(not _usable(p, "int") for p in parts):
            return None
        return sum(parts)  # type: ignore[arg-type]

    cols = set().union(*(ly.carry_out.keys() for ly in lys if ly))
    rows = set().union(*(ly.t2_valid.keys() for ly in lys if ly))
    ly_sum = LastYear(year=year - 1, from_file=all(ly.from_file for ly in lys if ly))
    for c in sorted(cols):
        v = summed([ly.carry_out.get(c) for ly in lys if ly])
        if v is not None:
            ly_sum.carry_out[c] = v
    for r in sorted(rows):
        v = summed([ly.t2_valid.get(r) for ly in lys if ly])
        if v is not None:
            ly_sum.t2_valid[r] = v
    report.last_year = ly_sum


def _sum_cells(report: Report, table: str, cells: tuple[tuple[str, str], ...]) -> CellValue:
    vals = [report.value(table, r, c) for r, c in cells]
    nums = [v for v in vals if isinstance(v, (int, Decimal)) and not isinstance(v, bool)]
    return sum(nums) if nums else None  # type: ignore[return-value]


# --- writing ---------------------------------------------------------------------------------------
def save_outputs(result: Consolidation, report_path: str | os.PathLike[str],
                 summary_path: str | os.PathLike[str] | None = None) -> None:
    """Save the consolidated report (atomically, with backup) and, if asked, the check summary workbook."""
    from gkdesk.core import storage

    storage.save(result.report, Path(report_path))
    if summary_path is not None:
        from gkdesk.core.consolidate_summary import write_summary

        write_summary(result, Path(summary_path))
