"""The ``.gkreport`` file: UTF-8 JSON, atomic save with backup, strict load with one Chinese error type.

See docs/file-format.md. Older file versions are migrated step by step through ``MIGRATIONS``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from gkdesk import __version__
from gkdesk.core import bindings
from gkdesk.core.errors import FileChangedOnDiskError, FormatDefinitionError, ReportFileError, SaveError
from gkdesk.core.fileio import atomic_write, describe_os_error, fingerprint
from gkdesk.core.format import load_format
from gkdesk.core.limits import (
    LIMITS,
    LimitError,
    NotRegularFileError,
    read_regular_file,
)
from gkdesk.core.migrations import migrate_1_to_2
from gkdesk.core.report import LEVEL_UNDETERMINED, Grid, Meta, Report, Subsection
from gkdesk.core.storage_tables import keep_disagreeing_totals, read_tables
from gkdesk.core.storage_values import (  # noqa: F401 - value_to_json/value_from_json are part of this module's API
    _BAD_CHAR_BYTES,
    _BAD_CHARS,
    _BAD_ESCAPE_BYTES,
    _BAD_ESCAPES,
    _bad,
    _date_from_json,
    _date_to_json,
    _expect,
    _extra_meta_from_json,
    _extra_meta_to_json,
    _last_year,
    _may_hold_bad_chars,
    _str,
    _text,
    check_strings,
    value_from_json,
    value_to_json,
)

TYPE_CHECKING = False  # typing is not imported at run time: a cold command line start (issue 16.5)
if TYPE_CHECKING:
    from typing import Any

FILE_FORMAT = "gkdesk.report"
FILE_VERSION = 2
EXTENSION = ".gkreport"
BACKUP_SUFFIX = ".bak"

#: MIGRATIONS[n] turns a version-n document (dict) into a version-(n+1) document.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: migrate_1_to_2}


# --- report <-> dict -------------------------------------------------------------------------------
def _grid_to_json(report: Report, grid: dict[str, Grid], with_computed: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    fmt = report.format
    for tkey, tdef in fmt.tables.items():
        rows: dict[str, Any] = {}
        for r in tdef.rows:
            cols: dict[str, Any] = {}
            for c in r.columns:
                if with_computed:
                    cols[c] = value_to_json(report.value(tkey, r.key, c))
                else:
                    v = grid.get(tkey, {}).get(r.key, {}).get(c)
                    if v is not None:
                        cols[c] = value_to_json(v)
            if cols or with_computed:
                rows[r.key] = cols
        if rows or with_computed:
            out[tkey] = rows
    return out


def report_to_dict(report: Report, saved_at: datetime | None = None) -> dict[str, Any]:
    m = report.meta
    doc: dict[str, Any] = {
        "format": FILE_FORMAT,
        "version": FILE_VERSION,
        "report_format": report.format_version,
        "app": f"gkdesk {__version__}",
        "saved_at": (saved_at or datetime.now().astimezone()).isoformat(timespec="seconds"),  # tests pin it
        "meta": {
            "org_name": m.org_name, "level": m.level, "year": m.year,
            "written_date": _date_to_json(m.written_date), "publish_date": _date_to_json(m.publish_date),
            "title": m.title_override,
            **_extra_meta_to_json(report),
        },
        "overview": {"intro": report.overview_intro,
                     "subsections": [{"title": s.title, "text": s.text} for s in report.overview]},
        "section5": report.section5,
        "section6": report.section6,
        "processing_fee_yuan": value_to_json(report.processing_fee_yuan),
        "tables": _grid_to_json(report, report.tables, with_computed=True),
        "stated_totals": _grid_to_json(report, report.stated, with_computed=False),
        "last_year": None,
        "source_format": report.source_format,
    }
    ly = report.last_year
    if ly is not None:
        doc["last_year"] = {
            "year": ly.year,
            "carry_out": {k: value_to_json(v) for k, v in ly.carry_out.items()},
            "t2_valid": {k: value_to_json(v) for k, v in ly.t2_valid.items()},
            "overview": ly.overview, "section5": ly.section5, "from_file": ly.from_file,
        }
        if ly.figures:
            doc["last_year"]["figures"] = {t: {r: {c: value_to_json(v) for c, v in cols.items()}
                                               for r, cols in rows.items() if cols}
                                           for t, rows in ly.figures.items()}
    if report.explanations:
        from gkdesk.core import explain

        doc["explanations"] = explain.to_json(report.explanations)
    if report.bindings:
        doc["bindings"] = bindings.to_json(report)
    return doc


def report_from_dict(doc: Any, clean: bool = False, adopt: bool = False) -> Report:
    """Build a Report from a parsed file; raise ReportFileError for anything that is not a valid report.
    ``clean``: no string in ``doc`` holds a character ``check_strings`` refuses (texts not searched again).
    ``adopt``: ``doc`` was parsed for this report alone: its table rows may become the report's (and change)."""
    if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
        raise ReportFileError(
            "这不是 gkdesk 报告文件（可能是其他程序的 JSON 文件）。请选择扩展名为 .gkreport 的报告文件；"
            "其他来源的年报请用“文件 → 导入”。")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise _bad("缺少文件版本号")
    if version > FILE_VERSION:
        raise ReportFileError(
            f"该文件由较新版本的 gkdesk 保存（文件版本 {version}），当前程序只能读取版本 {FILE_VERSION} 及以下。"
            "请升级 gkdesk 后再打开；文件本身没有改动。")
    while version < FILE_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise _bad(f"无法从文件版本 {version} 升级")
        doc = step(doc)
        version += 1
        doc["version"] = version
    fmt_version = str(doc.get("report_format", "2021"))
    try:
        fmt = load_format(fmt_version)
    except FormatDefinitionError:
        raise ReportFileError(f"该文件使用了 gkdesk 不认识的报告格式“{fmt_version}”。请升级 gkdesk 后再打开。") from None

    meta_raw = _expect(doc.get("meta", {}), dict, "meta")
    year = meta_raw.get("year", 0) or 0
    if not isinstance(year, int) or isinstance(year, bool) or not (0 <= year <= 9999):
        raise _bad("报告年度应为四位年份")
    level = meta_raw.get("level") or LEVEL_UNDETERMINED  # "" or absent: undetermined, the clerk chooses (no guess)
    if not isinstance(level, str) or level != LEVEL_UNDETERMINED and level not in _format_keys(fmt, "levels"):
        raise _bad(f"机关级别“{level}”未知")
    title = _str(meta_raw, "title", "meta.", "name_chars", clean) or None
    meta = Meta(
        org_name=_str(meta_raw, "org_name", "meta.", "name_chars", clean), level=level, year=year,
        written_date=_date_from_json(meta_raw.get("written_date"), "成文日期"),
        publish_date=_date_from_json(meta_raw.get("publish_date"), "发布日期"),
        title_override=title or None,
    )
    meta.extra = _extra_meta_from_json(fmt, meta_raw)
    ov = _expect(doc.get("overview", {}), dict, "overview")
    subs = []
    raw_subs = _expect(ov.get("subsections", []), list, "overview.subsections")
    if len(raw_subs) > LIMITS["subsections"].value:
        raise _bad(f"“总体情况”有 {len(raw_subs)} 个小标题，超过了上限（{LIMITS['subsections'].shown()}）")
    for i, s in enumerate(raw_subs):
        where = f"总体情况第{i + 1}小节 "
        _expect(s, dict, where[:-1])
        subs.append(Subsection(_str(s, "title", where, "short_field_chars", clean),
                               _str(s, "text", where, "field_chars", clean)))
    report = Report(meta=meta, overview_intro=_str(ov, "intro", "overview.", "field_chars", clean), overview=subs,
                    section5=_str(doc, "section5", "", "field_chars", clean),
                    section6=_str(doc, "section6", "", "field_chars", clean),
                    format_version=fmt.version)
    if len(report.overview_text()) > LIMITS["overview_chars"].value:
        raise _bad(f"“总体情况”全文超过了上限（{LIMITS['overview_chars'].shown()}）")
    fee = value_from_json(doc.get("processing_fee_yuan"), "信息处理费", "decimal")
    if isinstance(fee, str):
        raise _bad("信息处理费应为数字")
    report.processing_fee_yuan = fee  # type: ignore[assignment]
    report.tables = {key: {r: {} for r in rows} for key, rows in _format_keys(fmt)}
    tables = _expect(doc.get("tables", {}), dict, "tables")
    stated_raw = _expect(doc.get("stated_totals", {}) or {}, dict, "stated_totals")
    file_totals = read_tables(report, fmt, tables, adopt)
    for tkey, rows in stated_raw.items():
        if tkey not in fmt.tables:
            raise _bad(f"未知的表格“{tkey}”")
        tdef = fmt.table(tkey)
        for rkey, cols in _expect(rows, dict, f"stated_totals.{tkey}").items():
            for ckey, raw in _expect(cols, dict, f"stated_totals.{tkey}.{rkey}").items():
                if rkey not in tdef.row_keys or not tdef.is_computed(rkey, ckey):
                    raise _bad(f"stated_totals 中的 {tkey}/{rkey}/{ckey} 不是合计单元格")
                v = value_from_json(raw, f"{tkey}/{rkey}/{ckey}", tdef.row(rkey).type)
                if v is not None:
                    report.stated.setdefault(tkey, {}).setdefault(rkey, {})[ckey] = v
    keep_disagreeing_totals(report, file_totals)
    source_format = doc.get("source_format")
    if source_format is not None:
        report.source_format = _text(_expect(source_format, str, "source_format"), "source_format", "short_field_chars")
    ly_raw = doc.get("last_year")
    if ly_raw is not None:
        report.last_year = _last_year(ly_raw, fmt)
    raw_explanations = doc.get("explanations")
    if raw_explanations is not None:  # most files have none: then explain.py is not loaded (a cold check, issue 16.5)
        from gkdesk.core import explain

        try:
            report.explanations = explain.from_json(raw_explanations)
        except explain.ExplanationError as exc:
            raise _bad(str(exc)) from None
    try:
        report.bindings = bindings.from_json(doc.get("bindings"), report)
    except bindings.BindingError as exc:
        raise _bad(str(exc)) from None
    bindings.refresh(report)  # a text edited by hand outside gkdesk quotes the tables again
    return report


_PER_FORMAT: dict[tuple[int, str], tuple[Any, Any]] = {}


def _format_keys(fmt: Any, what: str = "rows") -> Any:
    """Per format (the same object while it lives): each table's row keys in order, or the set of level keys."""
    hit = _PER_FORMAT.get((id(fmt), what))
    if hit is None or hit[0] is not fmt:
        made = (tuple((key, tuple(r.key for r in t.rows)) for key, t in fmt.tables.items()) if what == "rows"
                else frozenset(lv.key for lv in fmt.levels))
        if len(_PER_FORMAT) >= 64:  # formats made in tests or by hand: kept only while few
            _PER_FORMAT.clear()
        hit = _PER_FORMAT[(id(fmt), what)] = (fmt, made)
    return hit[1]


# --- bytes <-> report ------------------------------------------------------------------------------
def dumps(report: Report, saved_at: datetime | None = None) -> bytes:
    """The file's bytes, unchecked (the recovery copy); ``save`` checks first (``savable_bytes``)."""
    try:
        return json.dumps(report_to_dict(report, saved_at), ensure_ascii=False, indent=1).encode("utf-8")
    except UnicodeEncodeError:
        raise SaveError("报告中有无法保存的字符（代理项），没有写入。请删去最近粘贴的文字后再保存。") from None


def _utf8_sig(data: bytes) -> str:
    """``data.decode("utf-8-sig")`` (one leading BOM dropped) without importing that codec (a cold check)."""
    return (data[3:] if data[:3] == b"\xef\xbb\xbf" else data).decode("utf-8")


def loads(data: bytes, name: str = "报告文件") -> Report:
    if len(data) > LIMITS["report_bytes"].value:
        raise ReportFileError(LIMITS["report_bytes"].message(name))
    if not data.strip():
        raise ReportFileError(f"“{name}”是空文件，没有报告内容。请打开它的备份（.bak）或自动恢复的副本。")
    try:
        text = _utf8_sig(data)
    except UnicodeDecodeError:
        if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
            # JSON cut inside a multibyte character, or re-saved by an editor in another encoding (GBK)
            raise ReportFileError(
                f"“{name}”已损坏（文件不完整，或被其他程序改成了非 UTF-8 编码），无法打开。"
                "请打开同一文件夹中的备份文件（.bak），或在启动时选择恢复自动保存的副本。") from None
        raise ReportFileError(
            f"“{name}”不是 gkdesk 报告文件（不是文本文件，可能是 Word、Excel 或压缩包）。"
            "请选择 .gkreport 文件；Excel 表格或网页请用“文件 → 导入”。") from None
    try:
        doc = _decoder().decode(text)  # json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except _NotANumber as exc:
        raise _bad(f"文件中有“{exc}”，它不是有限的数字") from None
    except (ValueError, RecursionError):
        raise ReportFileError(
            f"“{name}”已损坏或不完整（内容不是完整的报告数据），无法打开。"
            "请打开同一文件夹中的备份文件（.bak），或在启动时选择恢复自动保存的副本。") from None
    try:
        clean = not _may_hold_bad_chars(text)
        report = report_from_dict(doc, clean, adopt=True)  # doc is this call's own
        if not clean:
            check_strings({k: v for k, v in doc.items() if k in _READ_KEYS})  # what was read, not ignored parts
        return report
    except ReportFileError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError, RecursionError, ArithmeticError) as exc:
        raise _bad(f"无法识别的内容（{type(exc).__name__}）") from exc


#: the top-level keys report_from_dict reads (the others are ignored: informative, or written by other tools)
_READ_KEYS = ("meta", "overview", "section5", "section6", "processing_fee_yuan", "tables", "stated_totals",
              "last_year", "source_format", "explanations", "bindings", "report_format")


class _NotANumber(ValueError):
    pass


def _no_constant(name: str) -> Any:
    raise _NotANumber(name)  # NaN, Infinity: not JSON, never written by gkdesk


_DECODER: list[json.JSONDecoder] = []


def _decoder() -> json.JSONDecoder:
    """One decoder for every file (``json.loads`` with arguments makes a new one per call; a 汇总 reads thousands)."""
    if not _DECODER:
        _DECODER.append(json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constant))
    return _DECODER[0]


def _read(path: Path) -> bytes:
    try:
        return read_regular_file(path, "report_bytes")
    except (LimitError, NotRegularFileError) as exc:
        raise ReportFileError(str(exc)) from None
    except OSError as exc:
        raise ReportFileError(describe_os_error(exc, path, writing=False)) from exc


def load(path: Path) -> Report:
    if not isinstance(path, Path):  # (a Path made again from a Path is parsed again: a 汇总 loads thousands)
        path = Path(path)
    return loads(_read(path), path.name)


def load_with_fingerprint(path: Path) -> tuple[Report, str]:
    report, data = load_with_content(path)
    return report, fingerprint_of(data)


def load_with_content(path: Path) -> tuple[Report, bytes]:
    """The report and the bytes it was read from: ``fingerprint_of(bytes)`` is its fingerprint, computed when needed
    (the window opens a file before its first paint and needs the fingerprint only when saving)."""
    path = Path(path)
    data = _read(path)
    return loads(data, path.name), data


def unsavable(report: Report) -> str | None:
    """Why gkdesk could not open ``report`` again once saved (a limit or a value it refuses), or None."""
    try:
        doc = report_to_dict(report)
        check_strings(doc)
        report_from_dict(doc)
    except ReportFileError as exc:
        return exc.detail or str(exc)
    return None


def savable_bytes(report: Report, name: str, saved_at: datetime | None = None) -> bytes:
    """The file's bytes, after checking that gkdesk can open what it is about to write (the loader's limits and
    value checks); otherwise SaveError saying what to change — nothing is written."""
    doc = report_to_dict(report, saved_at)
    try:
        check_strings(doc)
        report_from_dict(doc)
    except ReportFileError as exc:
        raise SaveError(f"没有保存“{name}”：{exc.detail or exc}。请改正后再保存；磁盘上的文件没有改动。") from None
    data = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    if len(data) > LIMITS["report_bytes"].value:
        raise SaveError(f"没有保存“{name}”：报告内容超过了 gkdesk 的上限（{LIMITS['report_bytes'].shown()}），"
                        "保存后将无法再打开。请删去过长的文字后再保存；磁盘上的文件没有改动。")
    return data


def fingerprint_of(data: bytes) -> str:
    """The fingerprint of a file's content (the same as ``fileio.fingerprint`` of the file)."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


def save(report: Report, path: Path, *, expected_fingerprint: str | None = None,
         check_changed: bool = False, saved_at: datetime | None = None) -> str:
    """Save atomically, keeping the previous version as ``<name>.bak``. Returns the new file's fingerprint.

    With ``check_changed`` the file on disk must still be what was opened (``expected_fingerprint``; None meaning
    it did not exist); otherwise FileChangedOnDiskError is raised and nothing is written.
    """
    path = Path(path)
    if check_changed:
        now = fingerprint(path)
        if now != expected_fingerprint:
            raise FileChangedOnDiskError(
                f"“{path.name}”在您打开之后被其他人或程序修改过。为避免覆盖对方的修改，本次没有保存。"
                "请用“另存为”保存到新文件，再比较两个版本。")
    data = savable_bytes(report, path.name, saved_at)
    atomic_write(path, lambda fh: fh.write(data), backup_suffix=BACKUP_SUFFIX)
    import hashlib

    return hashlib.sha256(data).hexdigest()
