"""The consolidation's inputs: folders expanded into report files, and one input read and checked."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from gkdesk.core.consolidate.model import REPORT_SUFFIX, SKIPPED, UnitResult
from gkdesk.core.consolidate.sums import unit_from_report
from gkdesk.core.errors import GkError
from gkdesk.core.explain import review
from gkdesk.core.issues import Issue
from gkdesk.core.report import Report

log = logging.getLogger(__name__)

Validator = Callable[[Report], list[Issue]]


def importable_suffixes() -> frozenset[str]:
    """File types the importer reads (looked for inside folders, to name them to the user)."""
    from gkdesk.core.importers import SUPPORTED_SUFFIXES

    return frozenset(s.lower() if s.startswith(".") else "." + s.lower() for s in SUPPORTED_SUFFIXES)


def collect_inputs(inputs: Iterable[str | os.PathLike[str]],
                   exclude: Iterable[str | os.PathLike[str]] = ()) -> list[Path | UnitResult]:
    """Expand folders (recursively, sorted) into report files, keeping the order the inputs were given.

    Each entry is a file to read, or a UnitResult already skipped (an empty or unreadable folder, the output file).
    Inside folders only ``.gkreport`` files are taken: a unit often sends its report also as Excel or PDF, and
    a folder may hold notes; files of the importer's types found there are named in the folder's entry (the user
    can choose them explicitly). Hidden and temporary files are ignored. A file named explicitly is always tried.
    """
    return [entry for entry, _ in collect_keyed(inputs, exclude)]


def collect_keyed(inputs: Iterable[str | os.PathLike[str]],
                  exclude: Iterable[str | os.PathLike[str]] = ()) -> list[tuple[Path | UnitResult, str]]:
    """``collect_inputs`` with each file's ``path_key`` (found while listing the folders: a province's folder holds
    thousands of files, and resolving each path again costs a system call per part of it)."""
    excluded = {path_key(Path(p)) for p in exclude}
    out: list[tuple[Path | UnitResult, str]] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            out.extend(_folder(path, excluded))
            continue
        key = path_key(path)
        if key in excluded:
            out.append((UnitResult(path, SKIPPED, "这是本次汇总要保存的文件，不作为单位报告计入"), key))
        else:
            out.append((path, key))
    return out


def _folder(path: Path, excluded: set[str]) -> list[tuple[Path | UnitResult, str]]:
    found: list[tuple[Path | UnitResult, str]] = []
    others: list[Path] = []
    other_types: frozenset[str] | None = None  # the importer's types: its package loaded only when a folder holds
    # a file that is not a .gkreport (the importer is not needed otherwise; loading it costs ~30 ms)

    def _onerror(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else path
        found.append((UnitResult(where, SKIPPED, f"无法打开文件夹（{exc.strerror or exc}）"), ""))

    for folder, dirs, names in _walk(str(path), _onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(folder)
        real = path_key(base)  # each folder resolved once (a link or junction among its parents too)
        for n, is_link in sorted(names):
            if n.startswith("."):
                continue
            p = base / n
            # a file that is not a link resolves to its resolved folder joined with its name
            key = path_key(p) if is_link else os.path.normcase(os.path.join(real, n))
            if key in excluded:
                continue
            if n.lower().endswith(REPORT_SUFFIX):  # its suffix (the name does not start with a dot)
                found.append((p, key))
                continue
            if other_types is None:
                other_types = importable_suffixes() - {REPORT_SUFFIX}
            if p.suffix.lower() in other_types:
                others.append(p)
    if others:
        names_ = "、".join(f"“{p.name}”" for p in others[:5]) + (" 等" if len(others) > 5 else "")
        found.append((UnitResult(path, SKIPPED, (
            f"文件夹中还有 {len(others)} 个其他格式的文件未读取（{names_}）；如果其中有未报送 .gkreport 的单位的"
            "报告，请用“添加文件”单独选择这些文件导入")), ""))
    if not any(isinstance(f, Path) for f, _ in found):
        found.insert(0, (UnitResult(path, SKIPPED, "文件夹中没有找到报告文件（.gkreport）"), ""))
    return found


def _walk(top: str, onerror: Callable[[OSError], None]) -> Iterator[tuple[str, list[str], list[tuple[str, bool]]]]:
    """``os.walk(top, onerror=onerror)`` (top-down, links to folders listed but not entered, the caller may prune
    ``dirs``) whose file names come with whether each is a symbolic link (known from the listing, no extra call)."""
    try:
        with os.scandir(top) as it:
            entries = list(it)
    except OSError as exc:
        onerror(exc)
        return
    dirs: list[str] = []
    files: list[tuple[str, bool]] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            dirs.append(entry.name)
        else:
            try:
                files.append((entry.name, entry.is_symlink()))
            except OSError:
                files.append((entry.name, True))  # unknown: resolved the long way
    yield top, dirs, files
    for d in dirs:
        sub = os.path.join(top, d)
        if not os.path.islink(sub):
            yield from _walk(sub, onerror)


def path_key(path: Path) -> str:
    """The same file under different spellings (relative, ../, case on Windows) gives the same key."""
    try:
        return os.path.normcase(str(path.resolve()))
    except (OSError, RuntimeError):  # RuntimeError: a symbolic-link loop (Python 3.11)
        return os.path.normcase(os.path.abspath(path))


def read_report(path: Path) -> tuple[UnitResult, Report | None]:
    """Read one input: a .gkreport through storage, anything else through the importer."""
    from gkdesk.core import storage

    unit = UnitResult(path)
    if not path.exists() and not path.is_symlink():  # a link loop is read below, to be named as one
        unit.status, unit.reason = SKIPPED, "找不到该文件（可能已被移动、改名或删除）"
        return unit, None
    if path.suffix.lower() == REPORT_SUFFIX or path.name.lower().endswith(REPORT_SUFFIX + ".bak"):
        try:
            return unit, storage.load(path)
        except GkError as exc:
            unit.status, unit.reason = SKIPPED, str(exc)
            return unit, None
    from gkdesk.core.importers import import_file

    unit.imported = True
    report: Any = None
    import_log: Any = None
    try:
        result = import_file(path)
        report, import_log = result.report, result.log
    except GkError as exc:
        unit.status, unit.reason = SKIPPED, str(exc)
    except Exception as exc:  # noqa: BLE001 - a broken third-party file must not stop the other units
        log.exception("importing %s for 汇总 failed", path)
        unit.status, unit.reason = SKIPPED, f"无法导入该文件（{type(exc).__name__}：{exc}）。请在 gkdesk 中导入它查看原因"
    if unit.status != SKIPPED and not isinstance(report, Report):
        unit.status, report = SKIPPED, None
        unit.reason = _log_reason(import_log) or "导入后没有得到报告内容。请在 gkdesk 中导入它查看原因"
    if import_log is not None:
        unit.import_summary = import_log.summary()
    return unit, report


def read_unit(path: Path, check: Validator | None = None) -> UnitResult:
    """Read and check one input; what the consolidation keeps of it (the report itself is not kept)."""
    unit, report = read_report(path)
    if report is None:
        return unit
    kept = unit_from_report(path, report)
    kept.imported, kept.import_summary = unit.imported, unit.import_summary
    if check is not None:
        reviewed = review(check_unit(check, report), report.explanations)
        kept.issues = reviewed.open
        kept.explained = [(i, e.note) for i, e in reviewed.explained]
    return kept


def check_unit(check: Validator, report: Report) -> list[Issue]:
    """Validate one unit; a fault in a rule marks this unit instead of stopping the whole consolidation."""
    try:
        return list(check(report))
    except Exception as exc:  # noqa: BLE001 - one unit's odd content must not cost the other units' work
        log.exception("validating %s for 汇总 failed", report.meta.org_name)
        return [Issue("CHECK-FAILED", "error",
                      f"校验该报告时程序出错（{type(exc).__name__}：{exc}），无法确认其数据是否正确。请在 gkdesk 中打开该报告检查，"
                      "并把该文件和日志文件夹中的 gkdesk.log 发给技术支持。")]


def _log_reason(import_log: Any) -> str:
    """The importer's own words for why nothing was imported (its first 'missing' entry), if it has a log."""
    for entry in getattr(import_log, "entries", None) or []:
        if getattr(entry, "kind", "") == "missing" and getattr(entry, "text", ""):
            return str(entry.text)
    return ""
