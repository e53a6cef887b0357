"""One home for each value rule: blank words, number parsing, totals, the 信息处理费 sentence, the 统计期限 sentence.

Importers, validation, the report model and the exporters all read these; none keeps a copy.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from gkdesk.core.limits import number_in_range

CellValue = int | Decimal | str | None  # a runtime alias (types.UnionType: typing is not imported)


class LazyPattern:
    """A regular expression compiled the first time it is used: ``search``, ``finditer``, ``sub`` … are those of
    ``re.compile(pattern, flags)``, kept on this object once asked for (later uses cost what the pattern's own do).

    Compiling costs a cold ``gkdesk check`` ~75 K instructions a pattern even with the code cache (core/codecache.py);
    the patterns only some texts need (a figure before 件, a document number, an office name …) are made so (issue 16.5).
    """

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self._spec = (pattern, flags)

    def __getattr__(self, name: str) -> object:  # only for what this object does not have yet
        if name.startswith("__"):  # copy, pickle and friends probing special methods: not the pattern's
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = re.compile(*self._spec)
        value = getattr(compiled, name)
        self.__dict__[name] = value
        return value

# --- blank words ---------------------------------------------------------------------------------------
#: what a source or a user writes in a figure cell to mean "nothing here": kept blank by imports; as text in a
#: cell, NUM-BLANK (not NUM-INT) names it
BLANK_WORDS = frozenset({"/", "-", "—", "——", "－", "－－", "--", "无", "\\", "／", "–", "一", "—/—", "空"})
_DASHES = frozenset("-—/－–\\／")
#: words a source writes in a figure cell instead of a number (kept as text for validation to name)
VALUE_WORDS = frozenset({"不涉及", "暂无", "没有", "未涉及", "未发生"})


def normalize_text(text: str) -> str:
    """Full-width digits and punctuation to half-width; spaces trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def is_blank_word(text: str) -> bool:
    """True for "", "/", "——", "无", "空"… (width and inner spaces ignored)."""
    t = normalize_text(text).replace(" ", "")
    return t == "" or t in BLANK_WORDS or set(t) <= _DASHES or text.strip() in BLANK_WORDS


# --- numbers -------------------------------------------------------------------------------------------
UNIT_RE = LazyPattern(r"(件|个|条|宗|项|万元|元|次)$")  # imports and typed cells, not a check


def parse_loose_value(text: str, cell_type: str) -> CellValue:
    """Lenient parsing for imports: blank words stay blank, units and separators are dropped; what is still not
    a number is kept as text for validation to name (never turned into 0)."""
    if is_blank_word(text):
        return None
    t = normalize_text(text).replace(" ", "")
    t2 = UNIT_RE.sub("", t).replace(",", "")
    try:
        d = Decimal(t2) if len(t2) <= 64 else None
    except InvalidOperation:
        d = None
    if d is None or not number_in_range(d):  # "1e999999999" stays text: int() of it would not return
        return text.strip()
    if cell_type == "int" and d == d.to_integral_value():
        return int(d)
    return d


def as_number(v: object) -> int | Decimal | None:
    """The value as a number, or None for blanks and text."""
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, Decimal)):
        return v
    return None


def sum_values(parts: list[CellValue]) -> CellValue:
    """A total: the sum of the parts that are numbers; blank when none is (blank ≠ 0)."""
    nums = [p for p in parts if isinstance(p, (int, Decimal)) and not isinstance(p, bool)]
    if not nums:
        return None
    total: int | Decimal = 0
    for n in nums:
        total += n
    if isinstance(total, Decimal) and total == total.to_integral_value():
        return int(total)
    return total


def fmt_num(v: int | Decimal) -> str:
    """A number as the user wrote it: no exponent, no thousands separator, no trailing “.0”."""
    if isinstance(v, Decimal):
        if v == v.to_integral_value():
            return str(int(v))
        return format(v.normalize(), "f")
    return str(v)


# --- 信息处理费 in a text -----------------------------------------------------------------------------------
FEE_WORD = re.compile(r"信息处理费|处理费")
_FEE_NONE = re.compile(r"(未|没有|无|不涉及|均未|未曾|免)(收取?|产生|发生|涉及)?[^。；;]{0,12}(信息)?处理费|"
                       r"(信息)?处理费[^。；;]{0,10}(为|共)?\s*0\s*元|(不|未|没有|免)(收取?|涉及|产生)[^。；;]{0,6}(任何)?费用|"
                       r"处理费[^。；;]{0,8}(未收取|没有收取|未收|不收取|无收取|未产生|未涉及|不涉及|免收)")
_FEE_AMOUNT = re.compile(r"处理费[^。；;\d]{0,12}?(\d[\d,，]*(?:\.\d+)?)\s*(万元|元)|收取[^。；;\d]{0,20}?"
                         r"(\d[\d,，]*(?:\.\d+)?)\s*(万元|元)[^。；;]{0,6}处理费")


def fee_amounts(text: str) -> list[tuple[Decimal, str]]:
    """Every 信息处理费 amount a text states, in 元, with the words it came from (万元 converted)."""
    t = unicodedata.normalize("NFKC", text)
    out = []
    for m in _FEE_AMOUNT.finditer(t):
        num = (m.group(1) or m.group(3)).replace(",", "").replace("，", "")
        try:
            d = Decimal(num)
        except InvalidOperation:
            continue
        if (m.group(2) or m.group(4)) == "万元":
            d = (d * 10000).normalize()
        out.append((d, m.group(0)))
    return out


def fee_says_none(text: str) -> str | None:
    """The words saying that no 信息处理费 was collected, or None."""
    m = _FEE_NONE.search(unicodedata.normalize("NFKC", text))
    return m.group(0) if m else None


def find_processing_fee(text: str) -> tuple[str, str] | None:
    """The 信息处理费 stated in a text, in 元: (amount as text, the words it came from); "0" when it says none."""
    amounts = fee_amounts(text)
    if amounts:
        d, words = amounts[0]
        return fmt_num(d), words
    none = fee_says_none(text)
    return ("0", none) if none is not None else None


# --- 统计期限 --------------------------------------------------------------------------------------------
#: compiled when first used (a text without “统计” never needs them)
PERIOD_WORD = LazyPattern(r"统计(?:期限|时限|时间段|时间|区间|周期)")
PERIOD = LazyPattern(
    r"统计(?:期限|时限|时间段|时间|区间|周期)[^。]{0,8}?(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?,?"
    r"(?:至|到|—|-|~|－)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")


def period_sentence(template: str, year: int) -> str:
    """The format's 统计期限 sentence for ``year`` (“____” when the year is not set)."""
    return template.format(year=year or "____")


def mentions_period(text: str) -> bool:
    """Whether a text already speaks of the 统计期限 (then the PDF does not add the sentence)."""
    return bool(PERIOD_WORD.search(unicodedata.normalize("NFKC", text)))
