"""Values of the ``.gkreport`` file checked as they are read: numbers the program can hold, text that UTF-8 and XML
can carry, within the limits of core/limits.py; last year's figures as strictly as the tables (see storage.py)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation

from gkdesk.core.errors import ReportFileError
from gkdesk.core.limits import BAD_CHARS, FEE_DECIMALS, LIMITS, MAX_COUNT, bad_chars, decimals, number_in_range
from gkdesk.core.report import CellValue, LastYear, Report

TYPE_CHECKING = False  # typing is not imported at run time: a cold command line start (issue 16.5)
if TYPE_CHECKING:
    from typing import Any


# --- values ----------------------------------------------------------------------------------------
def value_to_json(v: CellValue) -> Any:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, Decimal):
        return str(v)
    return {"text": str(v)}


def value_from_json(v: Any, where: str, cell_type: str) -> CellValue:
    if v is None:
        return None
    if isinstance(v, bool):
        raise _bad(f"{where} 的值应为数字，文件中却是 {json.dumps(v)}")
    if isinstance(v, int):
        return _number(Decimal(v), where, cell_type, integral=True) if abs(v) < MAX_COUNT else _too_big(where)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            raise _bad(f"{where} 的值不是有限的数字")
        return _number(Decimal(repr(v)), where, cell_type, integral=True)
    if isinstance(v, Decimal):  # a JSON number with a fraction or exponent (json.loads(parse_float=Decimal))
        return _number(v, where, cell_type, integral=True)
    if isinstance(v, str):
        if len(v) > 64:
            raise _bad(f"{where} 的值“{v[:20]}…”不是数字")
        try:
            d = Decimal(v)
        except InvalidOperation:
            raise _bad(f"{where} 的值“{v[:20]}”不是数字") from None
        return _number(d, where, cell_type, integral="." not in v)
    if isinstance(v, dict) and set(v) == {"text"} and isinstance(v["text"], str):
        return _text(v["text"], where, "cell_text_chars")
    raise _bad(f"{where} 的值类型不对")


def _number(d: Decimal, where: str, cell_type: str, *, integral: bool) -> int | Decimal:
    """A number the rest of the program can hold: finite, below 10^12, the fee with at most 4 decimals."""
    if not d.is_finite():
        raise _bad(f"{where} 的值不是有限的数字")
    if not number_in_range(d):
        _too_big(where)
    if cell_type == "decimal" and decimals(d) > FEE_DECIMALS:
        raise _bad(f"{where} 的值“{d}”超过 {FEE_DECIMALS} 位小数")
    if cell_type == "int" and integral and d == d.to_integral_value():
        return int(d)
    return d


def _too_big(where: str) -> Any:
    raise _bad(f"{where} 的值超出范围（数字应小于一万亿，且最多 28 位有效数字）")


def _text(v: str, where: str, key: str = "field_chars") -> str:
    """Text a report can hold and save again: no control characters other than TAB/LF, no surrogates or
    U+FFFE/U+FFFF (UTF-8 and the xlsx/docx XML cannot carry them), not longer than the field's limit."""
    lim = LIMITS[key]
    if len(v) > lim.value:
        raise _bad(f"{where} 有 {len(v)} 字，超过了上限（{lim.shown()}）")
    n = bad_chars(v)
    if n:
        raise _bad(f"{where} 中有 {n} 个无法保存的字符（控制字符、代理项或 U+FFFE/U+FFFF）")
    return v


def _bad(what: str) -> ReportFileError:
    return ReportFileError(f"报告文件内容有误：{what}。该文件可能被其他程序改动过。请打开它的备份（.bak）或上一次导出的版本。",
                           detail=what)


def _date_to_json(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _date_from_json(v: Any, where: str) -> date | None:
    if v is None or v == "":
        return None
    if not isinstance(v, str):
        raise _bad(f"{where} 应为日期")
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise _bad(f"{where} 的日期“{v}”无法识别") from None


def _expect(obj: Any, typ: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(obj, typ) or isinstance(obj, bool) and typ is not bool:
        raise _bad(f"{where} 的类型不对")
    return obj


#: what the user calls the file's text fields, for the messages
_FIELD_LABEL = {
    "meta.title": "标题", "meta.org_name": "机关名称", "overview.intro": "“总体情况”开头",
    "section5": "“五、存在的主要问题及改进情况”", "section6": "“六、其他需要报告的事项”",
    "last_year.overview": "上年度的“总体情况”", "last_year.section5": "上年度的“五、存在的主要问题及改进情况”",
}


def _str(obj: dict[str, Any], key: str, where: str, limit: str = "field_chars", clean: bool = False) -> str:
    """The text at ``key`` (checked as ``_text`` does). ``clean``: the file is known to hold no character
    ``BAD_CHARS`` finds (``storage._may_hold_bad_chars``), so the text is not searched for one again."""
    v = obj.get(key, "")
    if v is None:
        return ""
    if type(v) is str and len(v) <= LIMITS[limit].value and (clean or BAD_CHARS.search(v) is None):
        return v  # what the lines below return for it; the label is only for the messages
    label = _FIELD_LABEL.get(f"{where}{key}") or {"title": where[:-1] + "的标题", "text": where[:-1] + "的正文"}.get(
        key, f"{where}{key}")
    return _text(_expect(v, str, label), label, limit)


_LAST_YEAR_KEYS = {"year", "carry_out", "t2_valid", "overview", "section5", "from_file", "figures"}


def _last_year(raw: Any, fmt: Any) -> LastYear:
    """Last year's figures, checked as strictly as the tables: known keys, whole numbers or blank."""
    _expect(raw, dict, "last_year")
    unknown = set(raw) - _LAST_YEAR_KEYS
    if unknown:
        raise _bad(f"上年度数据中有未知的项“{sorted(unknown)[0]}”")
    ly_year = raw.get("year")
    if ly_year is not None and (not isinstance(ly_year, int) or isinstance(ly_year, bool) or not 0 <= ly_year <= 9999):
        raise _bad("上年度年份应为四位年份")
    from_file = raw.get("from_file", False)
    if not isinstance(from_file, bool):
        raise _bad("last_year.from_file 应为 true 或 false")

    def figures(key: str, allowed: Any, label: str) -> dict[str, CellValue]:
        out: dict[str, CellValue] = {}
        for k, v in _expect(raw.get(key, {}) or {}, dict, f"last_year.{key}").items():
            if k not in allowed:
                raise _bad(f"{label}中有未知的项“{k[:20]}”")
            if v is not None and (not isinstance(v, int) or isinstance(v, bool)):
                raise _bad(f"{label}/{k} 应为整数或空白")
            out[k] = value_from_json(v, f"{label}/{k}", "int")
        return out

    return LastYear(
        year=ly_year,
        carry_out=figures("carry_out", set(fmt.table("t3").row("carry_out").columns), "上年结转"),
        t2_valid=figures("t2_valid", set(fmt.table("t2").row_keys), "上年现行有效"),
        overview=_str(raw, "overview", "last_year.", "overview_chars"), section5=_str(raw, "section5", "last_year."),
        from_file=from_file,
        figures=_last_figures(raw.get("figures"), fmt),
    )


def _last_figures(raw: Any, fmt: Any) -> dict[str, dict[str, dict[str, CellValue]]]:
    """last_year.figures: every figure of last year's tables, checked against the format like this year's."""
    out: dict[str, dict[str, dict[str, CellValue]]] = {}
    if raw is None:
        return out
    for tkey, rows in _expect(raw, dict, "last_year.figures").items():
        if tkey not in fmt.tables:
            raise _bad(f"last_year.figures 中有未知的表格“{tkey}”")
        tdef = fmt.table(tkey)
        for rkey, cols in _expect(rows, dict, f"last_year.figures.{tkey}").items():
            if rkey not in tdef.row_keys:
                raise _bad(f"last_year.figures 中有未知的行“{tkey}/{rkey}”")
            row = tdef.row(rkey)
            for ckey, v in _expect(cols, dict, f"last_year.figures.{tkey}.{rkey}").items():
                if ckey not in row.columns:
                    raise _bad(f"last_year.figures 中有未知的栏目“{tkey}/{rkey}/{ckey}”")
                val = value_from_json(v, f"上年/{tkey}/{rkey}/{ckey}", row.type)
                if isinstance(val, str):
                    raise _bad(f"上年数字 {tkey}/{rkey}/{ckey} 不是数字")
                if val is not None:
                    out.setdefault(tkey, {}).setdefault(rkey, {})[ckey] = val
    return out



def check_strings(doc: Any) -> None:
    """Every string anywhere in the file (keys included, also parts a later version adds) must be text UTF-8 and XML
    can carry; the JSON path of the first that is not is named."""
    stack: list[tuple[Any, str]] = [(doc, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, str):
            if bad_chars(node):
                raise _bad(f"{where or '文件'} 中有无法保存的字符（控制字符、代理项或 U+FFFE/U+FFFF）")
        elif isinstance(node, dict):
            for k, v in node.items():
                if isinstance(k, str) and bad_chars(k):
                    raise _bad(f"{where or '文件'} 中有含无法保存字符的键")
                stack.append((v, f"{where}.{k}" if where else str(k)))
        elif isinstance(node, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(node))


def _extra_meta_to_json(report: Report) -> dict[str, Any]:
    """Meta fields the format describes beyond the built-in ones (``Meta.extra``), under their keys."""
    out: dict[str, Any] = {}
    for m in report.format.meta_fields:
        if m.attribute is None and m.key in report.meta.extra:
            v = report.meta.extra[m.key]
            out[m.key] = _date_to_json(v) if isinstance(v, date) else v
    return out


def _extra_meta_from_json(fmt: Any, meta_raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in fmt.meta_fields:
        if m.attribute is not None or meta_raw.get(m.key) in (None, ""):
            continue
        v = meta_raw[m.key]
        if m.type == "date":
            out[m.key] = _date_from_json(v, m.label)
        elif m.type in ("int", "year"):
            out[m.key] = _expect(v, int, f"meta.{m.key}")
        else:
            out[m.key] = _text(_expect(v, str, m.label), m.label, "short_field_chars")
    return out


def _may_hold_bad_chars(data: bytes | str) -> bool:
    """Whether a string parsed from this JSON file can hold a character ``check_strings`` refuses. A control
    character written as such is refused by ``json.loads`` itself, a lone surrogate by the UTF-8 decoder; TAB and LF
    (``\\t``, ``\\n``) are allowed. What remains can only come from the escapes ``\\b``, ``\\f``, ``\\r`` or ``\\u``,
    or from DEL, U+FFFE or U+FFFF written as such: without any of them no string needs the walk (an escaped
    backslash before b/f/r/u only makes the walk run). Looked for in the file's bytes (UTF-8: an ASCII byte is
    always that character, U+FFFE/U+FFFF always EF BF BE/BF), or in its text (faster: one character is looked
    for with ``memchr``, two or three bytes in UTF-8 with a slower search, so the escapes only after a backslash)."""
    if isinstance(data, bytes):
        escapes, singles, after = _BAD_ESCAPE_BYTES, _BAD_CHAR_BYTES, _BAD_AFTER_BYTES
        backslash = b"\\"
    else:
        escapes, singles, after = _BAD_ESCAPES, _BAD_CHARS, _BAD_AFTER
        backslash = "\\"
    # the few backslashes of a usual file (a line break written as \n) are looked at one by one: four searches for
    # two characters through a long text cost ~10 times more; many backslashes: the searches
    i = data.find(backslash)  # type: ignore[arg-type]
    for _ in range(64):
        if i < 0:
            return any(s in data for s in singles)  # type: ignore[operator]
        if data[i + 1:i + 2] in after:
            return True
        i = data.find(backslash, i + 1)  # type: ignore[arg-type]
    return any(s in data for s in escapes) or any(s in data for s in singles)  # type: ignore[operator]


_BAD_ESCAPES = ("\\u", "\\r", "\\b", "\\f")
_BAD_CHARS = ("\x7f", "\ufffe", "\uffff")
_BAD_ESCAPE_BYTES = tuple(s.encode("utf-8") for s in _BAD_ESCAPES)
_BAD_CHAR_BYTES = tuple(s.encode("utf-8") for s in _BAD_CHARS)
#: what follows the backslash of one of _BAD_ESCAPES (a set: "" for a backslash at the end is not in it)
_BAD_AFTER = frozenset(s[1:] for s in _BAD_ESCAPES)
_BAD_AFTER_BYTES = frozenset(s[1:] for s in _BAD_ESCAPE_BYTES)
