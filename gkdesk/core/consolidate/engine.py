"""The consolidation itself: inputs read and checked one by one (in worker processes when there are many), each
included unit added to the running sums at once, the report year and duplicates decided as the inputs stream by.

Decisions (also in docs/guide-consolidate.md):

* Only input cells are summed; totals (合计/总计) are computed by ``Report.value`` from the summed inputs.
* A cell a unit left blank adds nothing: the consolidated cell is the sum of the units that gave a number, and the
  cell is listed as incomplete (``Consolidation.gaps``) with the units that left it blank. A cell that no unit
  filled stays blank. A value that is not a usable number (text, a negative, a fraction in a count cell) is left out
  the same way and listed with what the unit wrote.
* Refused or flagged, never silently: unreadable inputs (skipped, with the reason), a different report year than
  the chosen one (skipped), a different format (skipped), the same unit twice (counted once unless
  ``allow_duplicates``), the same file chosen twice (always counted once), units with errors (included, marked).
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
import pickle
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from pathlib import Path

from gkdesk.core.consolidate.inputs import Validator, collect_keyed, read_unit
from gkdesk.core.consolidate.model import (
    DUPLICATE,
    SKIPPED,
    Consolidation,
    ConsolidationCancelled,
    UnitResult,
    collector_paused,
    name_key,
)
from gkdesk.core.consolidate.sums import Sums
from gkdesk.core.consolidate.workers import run_workers
from gkdesk.core.errors import GkError
from gkdesk.core.format import CURRENT_VERSION, ReportFormat, load_format
from gkdesk.core.issues import Settings

log = logging.getLogger(__name__)

#: progress(done, total, name): called after each input has been read and checked
ProgressHook = Callable[[int, int, str], None]

#: below this many files, reading in this process is faster than starting worker processes
POOL_MIN_FILES = 300


def consolidate(inputs: Iterable[str | os.PathLike[str]], *, org_name: str = "", level: str = "county_gov",
                year: int | None = None, allow_duplicates: bool = False,
                exclude: Iterable[str | os.PathLike[str]] = (), progress: ProgressHook | None = None,
                cancelled: Callable[[], bool] | None = None, validate: Validator | None = None,
                settings: Settings | None = None, workers: int | None = None) -> Consolidation:
    """Read, check and sum the units' reports. Nothing is written; see ``save_outputs``.

    ``year`` None: the year most units report (ties: the latest). ``progress(done, total, name)`` is called after
    each input; ``cancelled()`` returning True stops with ConsolidationCancelled. ``validate`` replaces the rules
    (checked with ``settings``). ``workers``: processes reading the files (None: one per core when there are many
    files; 1: all in this process).
    """
    with collector_paused():
        return _consolidate(inputs, org_name, level, year, allow_duplicates, exclude, progress, cancelled, validate,
                            settings, workers)


def _consolidate(inputs: Iterable[str | os.PathLike[str]], org_name: str, level: str, year: int | None,
                 allow_duplicates: bool, exclude: Iterable[str | os.PathLike[str]], progress: ProgressHook | None,
                 cancelled: Callable[[], bool] | None, validate: Validator | None, settings: Settings | None,
                 workers: int | None) -> Consolidation:
    fmt = load_format(CURRENT_VERSION)
    try:
        fmt.level(level)
    except KeyError:
        raise GkError(f"机关级别“{level}”未知。可选：{'、'.join(lv.label for lv in fmt.levels)}。") from None
    keyed = collect_keyed(inputs, exclude)
    entries = [entry for entry, _ in keyed]
    # each file's key is its resolved path where keys keep the case (not on Windows): the summary shows it
    resolved = [key if isinstance(e, Path) else None for e, key in keyed] if os.path.normcase("Aa") == "Aa" else None
    units: list[UnitResult | None] = []
    to_read: list[Path] = []
    seen: dict[str, Path] = {}
    for entry, key in keyed:
        if isinstance(entry, Path):
            if key in seen:
                entry = UnitResult(entry, SKIPPED, f"同一文件被选择了两次（与“{seen[key].name}”相同），只计一次")
            else:
                seen[key] = entry
                to_read.append(entry)
                entry = None  # type: ignore[assignment]
        units.append(entry)
    total = sum(1 for e in entries if isinstance(e, Path))
    stream = _Stream(fmt, org_name, level, year, allow_duplicates)
    reader = _read_all(to_read, validate, settings, workers)
    done = 0
    try:
        for i, entry in enumerate(entries):
            if not isinstance(entry, Path):
                continue
            if cancelled is not None and cancelled():
                raise ConsolidationCancelled("汇总已取消，没有保存任何文件。")
            if units[i] is None:
                unit = next(reader)
                units[i] = unit
                stream.take(i, unit)
            done += 1
            if progress is not None:
                progress(done, total, entry.name)
    finally:
        reader.close()  # stops the worker processes when cancelled or failed
    return stream.finish([u for u in units if u is not None], resolved)


# --- reading, here or in worker processes ---------------------------------------------------------------
def _read_all(paths: list[Path], validate: Validator | None, settings: Settings | None,
              workers: int | None) -> Iterator[UnitResult]:
    """Each path read and checked, in order."""
    n = workers if workers is not None else (os.cpu_count() or 1) if len(paths) >= POOL_MIN_FILES else 1
    n = max(1, min(n, len(paths)))
    if n > 1 and validate is not None and not _picklable(validate):
        n = 1  # a check that cannot travel to another process runs here
    if n == 1:
        check = _checker(validate, settings)
        for p in paths:
            yield read_unit(p, check)
        return
    method = _start_method()
    if method == "fork" and validate is None:
        _warm_up(_checker(validate, settings))  # the rules loaded once, here: the forked workers share them
    ctx = multiprocessing.get_context(method)
    chunk = max(1, min(32, len(paths) // (n * 8)))
    results = run_workers(ctx, n, paths, chunk, _read_in_worker, _checker, (validate, settings))
    try:
        for path, packed in zip(paths, results, strict=True):
            yield UnitResult(path, *packed)
    finally:
        results.close()  # the workers stopped now, not when the collector gets to it


def _checker(validate: Validator | None, settings: Settings | None) -> Validator:
    if validate is not None:
        return validate
    from gkdesk.core.rules import validate as rules_validate  # loaded when first needed

    return functools.partial(rules_validate, settings=settings) if settings is not None else rules_validate


def _picklable(obj: object) -> bool:
    try:
        pickle.dumps(obj)
    except Exception:  # noqa: BLE001 - any failure means "not picklable": the work stays in this process
        return False
    return True


def _start_method() -> str:
    """fork where it is safe (a single-threaded process without Qt, e.g. the command line), else spawn."""
    if (sys.platform.startswith("linux") and threading.active_count() == 1
            and not any(m.startswith("PySide6") for m in sys.modules)):
        return "fork"
    return "spawn"


def _warm_up(check: Validator) -> None:
    """What reading and the first check load (the loader, the rules' modules and per-format tables) loaded now,
    before the workers fork."""
    from gkdesk.core import storage  # noqa: F401 - loaded for the workers
    from gkdesk.core.report import Report

    try:
        check(Report.new())
    except Exception:  # noqa: BLE001 - a faulty check is reported per unit (check_unit), not here
        log.debug("warming the check up failed", exc_info=True)


#: what a worker sends back of a UnitResult: every field but the path, which this process has already (a path
#: pickled and read back costs more than the rest of a usual unit's result)
_SENT = tuple(f.name for f in fields(UnitResult))[1:]
assert fields(UnitResult)[0].name == "path"


def _read_in_worker(path: Path, check: Validator) -> tuple[object, ...]:
    unit = read_unit(path, check)
    return tuple(map(unit.__dict__.__getitem__, _SENT))


# --- deciding as the units stream by -------------------------------------------------------------------
class _Stream:
    """Year, format and duplicate decisions per unit as it arrives, and sums per report year."""

    def __init__(self, fmt: ReportFormat, org_name: str, level: str, year: int | None, allow_duplicates: bool) -> None:
        self.fmt, self.org_name, self.level, self.year, self.allow = fmt, org_name, level, year, allow_duplicates
        self.own_name = name_key(org_name)
        self.sums: dict[int, Sums] = {}
        self.years: Counter[int] = Counter()
        self.groups: dict[tuple[str, int], list[int]] = {}

    def take(self, idx: int, u: UnitResult) -> None:
        if u.loaded and u.year:
            self.years[u.year] += 1
        key = name_key(u.name) if u.loaded else ""
        if u.status != SKIPPED and u.loaded:
            self._refuse_mismatch(u, key)
        if u.status == SKIPPED or not u.loaded:
            u.values = u.last_year = None
            return
        ident = (key, u.year)
        group = self.groups.setdefault(ident, []) if ident[0] else []  # no name: validation reports it
        group.append(idx)
        u.included = len(group) == 1 or self.allow
        if u.included and u.values is not None:
            sums = self.sums.get(u.year)
            if sums is None:
                sums = self.sums[u.year] = Sums(self.fmt.version)
            sums.add(idx, u.values, u.last_year)
        u.values = u.last_year = None

    def _refuse_mismatch(self, u: UnitResult, key: str) -> None:
        fmt = self.fmt
        if u.format_version != fmt.version:
            u.status, u.reason = SKIPPED, f"报告格式为 {u.format_version} 版，与汇总使用的 {fmt.version} 版不同"
        elif u.source_format and u.source_format != fmt.version:
            u.status, u.reason = SKIPPED, (f"报告表格沿用 {u.source_format[:4]} 年试行格式，栏目与 {fmt.version} 年格式不同，"
                                           "请该单位按国办公开办函〔2021〕30号格式重新填报")
        elif not u.year:
            u.status, u.reason = SKIPPED, "报告未填写年度，无法确认属于哪一年；请该单位填写年度后重新报送"
        elif self.year and u.year != self.year:
            u.status, u.reason = SKIPPED, f"报告年度为 {u.year} 年，与汇总年度 {self.year} 年不一致"
        elif self.own_name and key == self.own_name:
            u.status, u.reason = SKIPPED, ("机关名称与汇总机关相同，可能是以前保存的汇总报告（计入会重复相加）；"
                                           "如需计入，请把它移出所选文件夹后单独核对")

    def _choose_year(self, notes: list[str]) -> int:
        if self.year:
            return int(self.year)
        if not self.years:
            return 0
        ranked = self.years.most_common()
        best_n = ranked[0][1]
        tied = sorted(y for y, n in ranked if n == best_n)
        chosen = tied[-1]
        if len(self.years) > 1:
            others = "、".join(f"{y}年{n}份" for y, n in sorted(self.years.items()))
            how = "（份数相同，取最近的年度）" if len(tied) > 1 else ""
            notes.append(f"各单位报告的年度不一致（{others}），按多数取 {chosen} 年度{how}；"
                         f"其他年度的报告未计入。如需汇总其他年度，请指定年度。")
        return chosen

    def finish(self, units: list[UnitResult], resolved: list[str | None] | None = None) -> Consolidation:
        notes: list[str] = []
        year = self._choose_year(notes)
        for u in units:
            if u.status != SKIPPED and u.loaded and u.year != year:
                u.status, u.included = SKIPPED, False
                u.reason = f"报告年度为 {u.year} 年，与汇总年度 {year} 年不一致"
        for (_, yr), group in self.groups.items():
            if yr == year and len(group) > 1:
                self._mark_duplicates([units[i] for i in group], yr)
        sums = self.sums.get(year) or Sums(self.fmt.version)
        report, gaps = sums.report(self.fmt)
        report.meta.org_name, report.meta.level, report.meta.year = self.org_name.strip(), self.level, year
        report.last_year = sums.last_year(year, notes)
        return Consolidation(report, units, year, gaps, notes, resolved)

    def _mark_duplicates(self, group: list[UnitResult], yr: int) -> None:
        """The first of the group is counted; the others only when allowed. All are marked."""
        first = group[0]
        first.status = DUPLICATE
        others = "、".join(f"“{u.path.name}”" for u in group[1:])
        first.reason = (f"{first.name}（{yr}年）有 {len(group)} 份报告，本份已计入；另见 {others}"
                        + ("（均已计入）" if self.allow else "（未计入）"))
        for u in group[1:]:
            u.status = DUPLICATE
            u.reason = (f"与“{first.path.name}”是同一单位（{u.name}，{yr}年）"
                        + ("，按您的选择重复计入" if self.allow else "，只计入第一份"))
