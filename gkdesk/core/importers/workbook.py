"""Workbooks: gkdesk's own export read back exactly (docs/xlsx-layout.md); other workbooks read like table text."""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from gkdesk.core.format import load_format
from gkdesk.core.importers.log import ImportLog
from gkdesk.core.importers.pipeline import ImportResult, _stated_totals, build
from gkdesk.core.importers.source import Document, Line
from gkdesk.core.limits import LimitError, check, check_archive, number_in_range
from gkdesk.core.report import (
    LEVEL_UNDETERMINED,
    LEVEL_UNDETERMINED_LABEL,
    CellValue,
    Report,
    Subsection,
    parse_loose_value,
)
from gkdesk.core.workbook_layout import GRID_TOP, LAYOUT_KEY, META_SHEET, SUPPORTED_LAYOUT


def _refuse(name: str, why: str) -> ImportResult:
    log = ImportLog(source_name=name, source_kind="Excel 工作簿")
    log.add("missing", "", why)
    return ImportResult(None, log)


def import_workbook(data: bytes, name: str = "") -> ImportResult:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        return _refuse(name, "缺少读取 Excel 的组件（openpyxl），请重新安装 gkdesk。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            check_archive(z, name)  # decompress once, counting, before openpyxl unpacks anything
        wb = load_workbook(io.BytesIO(data), data_only=True)
        for ws in wb.worksheets:  # rows are walked up to the sheet's stated extent, filled or not
            check("import_lines", ws.max_row, name)
            check("table_cells", ws.max_row * ws.max_column, name)
    except LimitError as exc:
        return _refuse(name, str(exc))
    except zipfile.BadZipFile:
        return _refuse(name, f"“{name}”已损坏或不是 Excel 工作簿（.xlsx），无法读取。请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。")
    except KeyError as exc:
        return _refuse(name, f"“{name}”不是 Excel 工作簿（缺少 {exc}）。如果是 Word 文档，请复制正文后用“从剪贴板导入”。")
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for broken or foreign files
        return _refuse(name, f"“{name}”无法按 Excel 工作簿读取（{type(exc).__name__}）。请在 Excel 或 WPS 中打开后"
                             "另存为 .xlsx 再导入；加密的工作簿请先取消密码。")
    keywords = str(getattr(wb.properties, "keywords", "") or "")
    if keywords.startswith(LAYOUT_KEY):
        return _own_workbook(wb, name, keywords)
    return build(workbook_document(wb, name))


# --- gkdesk's own workbook ---------------------------------------------------------------------------------
def _props(keywords: str) -> dict[str, str]:
    out = {}
    for part in keywords.split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def _own_workbook(wb: Any, name: str, keywords: str) -> ImportResult:
    props = _props(keywords)
    log = ImportLog(source_name=name, source_kind="gkdesk 导出的 Excel 工作簿")
    try:
        version = int(props.get("gkdesk-xlsx-layout", "0"))
    except ValueError:
        version = 0
    if version > SUPPORTED_LAYOUT:
        log.add("assumed", "", f"这个工作簿由较新版本的 gkdesk 导出（版式 {version}），按本版本能识别的部分导入，请核对。")
    fmt_version = props.get("report-format", "2021")
    try:
        fmt = load_format(fmt_version)
    except Exception:  # noqa: BLE001 - unknown format version: the message says what to do
        return _refuse(name, f"工作簿使用的报告格式“{fmt_version}”本版本不认识，请升级 gkdesk 后再导入。")
    report = Report.new(fmt=fmt)
    sheets = wb.worksheets
    if len(sheets) < 1 + len(fmt.sections):
        log.add("missing", "", f"工作簿只有 {len(sheets)} 个工作表（应有 {1 + len(fmt.sections)} 个），缺少的部分留空。")
    by_name = {ws.title: ws for ws in sheets}
    meta_ws = by_name.get(META_SHEET) or (sheets[0] if sheets else None)
    if meta_ws is not None:
        _own_meta(meta_ws, report, log)
    for i, sec in enumerate(fmt.sections):
        from gkdesk.core.exporters.xlsx import sheet_name  # the same name the exporter gives the sheet

        ws = by_name.get(sheet_name(sec.heading)) or (sheets[1 + i] if len(sheets) > 1 + i else None)
        part = sec.table or sec.key
        if ws is None:
            log.add("missing", part, f"没有找到工作表“{sec.heading}”，这一部分留空。")
            continue
        if sec.kind == "table" and sec.table:
            _own_table(ws, report, sec.table, log)
        else:
            _own_text(ws, report, sec.field or "", sec.key, log)
    _stated_totals(report, fmt, log)
    return ImportResult(report, log)


def _keyed_rows(ws: Any) -> list[tuple[str, Any]]:
    out = []
    for row in ws.iter_rows(min_col=1, max_col=3):
        key = row[0].value
        if key is None or str(key).strip() == "":
            continue
        out.append((str(key).strip(), row))
    return out


def _own_meta(ws: Any, report: Report, log: ImportLog) -> None:
    m = report.meta
    extra = {f.key: f for f in report.format.meta_fields if f.attribute is None}
    title = None
    for key, row in _keyed_rows(ws):
        cell = row[2] if len(row) > 2 else None
        v = cell.value if cell is not None else None
        if key == "org_name":
            m.org_name = "" if v is None else str(v)
        elif key == "level":
            lv = report.format.level_by_label(str(v)) if v else None
            m.level = lv.key if lv else LEVEL_UNDETERMINED  # never a default level: the clerk chooses
            if not lv:
                known = not v or str(v).strip() == LEVEL_UNDETERMINED_LABEL
                log.add("missing", "meta", ("机关级别未确定" if known else f"机关级别“{v}”不认识，暂未确定")
                        + "，请在“基本信息”中选择。")
        elif key == "year" and v not in (None, ""):
            try:
                m.year = int(v)
            except (TypeError, ValueError):
                log.add("missing", "meta", f"报告年度“{v}”不是年份，请在“基本信息”中填写。")
        elif key in ("written_date", "publish_date"):
            d = _date(v)
            if v not in (None, "") and d is None:
                log.add("missing", "meta", f"日期“{v}”无法识别，请在“基本信息”中填写。")
            setattr(m, key, d)
        elif key == "title" and v:
            title = str(v)
        elif key == "processing_fee_yuan" and v not in (None, ""):
            d2 = _decimal(v, cell)
            report.processing_fee_yuan = d2 if isinstance(d2, Decimal) else None
        elif key in extra and v not in (None, ""):  # a field the format adds (meta_fields without an attribute)
            kind = extra[key].type
            m.extra[key] = _date(v) if kind == "date" else int(v) if kind == "int" and str(v).isdigit() else str(v)
    if title and title != report.derived_title:
        m.title_override = title
    log.add("matched", "meta", f"基本信息：{m.org_name or '（未填机关名称）'}，{m.year or '（未填年度）'}年")


def _own_text(ws: Any, report: Report, field: str, part: str, log: ImportLog) -> None:
    texts: dict[str, list[str]] = {}
    order: list[str] = []
    for row in ws.iter_rows(min_col=1, max_col=2):
        key = row[0].value
        if key is None or str(key).strip() == "":
            continue
        key = str(key).strip()
        val = row[1].value if len(row) > 1 else None
        if key.endswith("+") and texts.get(key[:-1]):  # the paragraph above continues (layout 2)
            texts[key[:-1]][-1] += "" if val is None else str(val)
            continue
        if key not in texts:
            texts[key] = []
            order.append(key)
        texts[key].append("" if val is None else str(val))
    joined = {k: "\n".join(v) for k, v in texts.items()}
    if field == "overview":
        report.overview_intro = joined.get("overview.intro", "")
        subs: dict[int, Subsection] = {}
        for k in order:
            m = re.fullmatch(r"overview\.(\d+)\.(title|text)", k)
            if m:
                sub = subs.setdefault(int(m.group(1)), Subsection(""))
                setattr(sub, m.group(2), joined[k])
        report.overview = [subs[n] for n in sorted(subs)]
        log.add("matched", part, f"总体情况：开头 {len(report.overview_intro)} 字，{len(report.overview)} 个小标题。")
    else:
        setattr(report, field, joined.get(field, ""))
        log.add("matched", part, f"{len(joined.get(field, ''))} 字。")


def _own_table(ws: Any, report: Report, tkey: str, log: ImportLog) -> None:
    tdef = report.format.table(tkey)
    n = 0
    for gc in tdef.layout.value_cells():
        assert gc.ref is not None
        rk, ck = gc.ref
        cell = ws.cell(row=GRID_TOP + gc.row, column=1 + gc.col)
        v = _decimal(cell.value, cell) if tdef.cell_type(rk) == "decimal" else _count(cell.value)
        if tdef.is_computed(rk, ck):
            if v is not None:
                report.stated.setdefault(tkey, {}).setdefault(rk, {})[ck] = v
        else:
            report.set_raw(tkey, rk, ck, v)
            n += v is not None
    log.add("matched", tkey, f"按 gkdesk 工作簿的固定位置读取了 {n} 个数。")


def _count(v: Any) -> CellValue:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)):
        d = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
        if not number_in_range(d):
            return repr(v)[:40]  # kept as text for validation to name
        return int(d) if d == d.to_integral_value() else d
    return parse_loose_value(str(v), "int")


def _decimal(v: Any, cell: Any) -> CellValue:
    if v is None or v == "":
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        d = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
        if not number_in_range(d):
            return repr(v)[:40]  # kept as text for validation to name
        fmt = str(getattr(cell, "number_format", "") or "")
        m = re.fullmatch(r"0(?:\.(0+))?", fmt)
        places = len(m.group(1) or "") if m else None
        if places is not None:
            with contextlib.suppress(InvalidOperation):
                d = d.quantize(Decimal(1).scaleb(-places)) if places else d.quantize(Decimal(1))
        return d
    return parse_loose_value(str(v), "decimal")


def _date(v: Any) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, str):
        m = re.search(r"(\d{4})\D+(\d{1,2})\D+(\d{1,2})", v)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


# --- any other workbook -------------------------------------------------------------------------------------
def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, (datetime, date)):
        return v.strftime("%Y年%m月%d日")
    return str(v)


def workbook_document(wb: Any, name: str) -> Document:
    """Every sheet's rows as lines of cells (merged areas read once, at their top-left cell)."""
    doc = Document(name=name, kind="Excel 工作簿")
    no = 0
    for ws in wb.worksheets:
        covered: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        covered.add((r, c))
        hidden = {k for k, d in ws.column_dimensions.items() if d.hidden}
        for r_i, row in enumerate(ws.iter_rows(), start=1):
            no += 1
            cells: list[str | None] = []
            for cell in row:
                if getattr(cell, "column_letter", None) in hidden:
                    continue
                if (r_i, cell.column) in covered:
                    cells.append(None)
                else:
                    cells.append(_cell_text(cell.value).strip())
            while cells and not cells[-1]:
                cells.pop()
            texts = [c for c in cells if c]
            if not texts:
                doc.lines.append(Line(no=no, text="", sheet=ws.title))
            elif len(texts) == 1 and not any(c == "" for c in cells[1:]):
                for part in texts[0].split("\n"):
                    doc.lines.append(Line(no=no, text=part, sheet=ws.title))
            else:
                doc.lines.append(Line(no=no, text="\t".join(c or "" for c in cells), cells=cells, sheet=ws.title))
    return doc
