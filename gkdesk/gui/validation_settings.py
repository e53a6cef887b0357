"""The validation settings of 工具 → 校验设置… in QSettings: the choices shown, their defaults, the core Settings.

Loaded with the first check of a report, after the window's first paint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from gkdesk.core.issues import Settings

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from gkdesk.core.format import ReportFormat

VALIDATION_GROUP = "validation"
TOWNSHIP = "township"
_KEYS = ("deadline", "government_deadline", "fee_threshold_township", "fee_threshold_other", "duplicate_percent",
         "yoy_percent", "yoy_min_change", "correct_points")
#: the largest fee threshold the dialog accepts (万元)
MAX_FEE_THRESHOLD = 100_000_000


@dataclass(frozen=True)
class ValidationChoices:
    """What the 校验设置 dialog shows: deadlines as (month, day), thresholds in 万元, repetition in %."""

    deadline: tuple[int, int]
    government_deadline: tuple[int, int]
    fee_township: int
    fee_other: int
    duplicate_percent: int
    #: 核实性 (year over year): a change beyond this % (100 = doubled or halved), of at least yoy_min_change 件;
    #: a 纠正率 this many points above last year's
    yoy_percent: int = 100
    yoy_min_change: int = 10
    correct_points: int = 30


def valid_month_day(month: int, day: int) -> bool:
    """A day that exists in some year (2月29日 does; in other years the rule uses 2月28日)."""
    try:
        date(2024, month, day)
    except ValueError:
        return False
    return True


def default_validation_choices(fmt: ReportFormat) -> ValidationChoices:
    """The spec's defaults: the format's parameters and its levels' fee thresholds."""
    base = Settings()
    md = fmt.parameters.get("deadline_month_day")
    deadline = (base.deadline_month, base.deadline_day)
    if isinstance(md, (list, tuple)) and len(md) == 2 and all(isinstance(x, int) for x in md) and valid_month_day(*md):
        deadline = (int(md[0]), int(md[1]))
    ratio = fmt.parameters.get("duplicate_ratio_warn", base.duplicate_ratio_warn)
    try:
        percent = round(float(ratio) * 100)
    except (TypeError, ValueError):
        percent = round(base.duplicate_ratio_warn * 100)
    plaus = fmt.parameters.get("plausibility", {}) if isinstance(fmt.parameters.get("plausibility"), dict) else {}
    yoy = (_whole(round(float(plaus.get("ratio", 1.0)) * 100), 100, 1, 1000),
           _whole(plaus.get("min_change", 10), 10, 0, 100000), _whole(plaus.get("correct_rate_points", 30), 30, 1, 100))
    township = [lv.fee_unit_threshold for lv in fmt.levels if lv.key == TOWNSHIP]
    others = [lv.fee_unit_threshold for lv in fmt.levels if lv.key != TOWNSHIP]
    fee_other = max(set(others), key=others.count) if others else 100_000
    return ValidationChoices(deadline=deadline,
                             government_deadline=(base.government_deadline_month, base.government_deadline_day),
                             fee_township=township[0] if township else fee_other, fee_other=fee_other,
                             duplicate_percent=min(100, max(1, percent)),
                             yoy_percent=yoy[0], yoy_min_change=yoy[1], correct_points=yoy[2])


def _month_day(value: object, default: tuple[int, int]) -> tuple[int, int]:
    try:
        month, day = (int(x) for x in str(value).split("-"))
    except (TypeError, ValueError):
        return default
    return (month, day) if valid_month_day(month, day) else default


def _whole(value: object, default: int, low: int, high: int) -> int:
    try:
        n = int(str(value))
    except (TypeError, ValueError):
        return default
    return n if low <= n <= high else default


def load_validation_choices(settings: QSettings, fmt: ReportFormat) -> ValidationChoices:
    """The user's choices; anything missing or damaged in the settings file is the default."""
    d = default_validation_choices(fmt)
    settings.beginGroup(VALIDATION_GROUP)
    try:
        raw = {key: settings.value(key) for key in _KEYS}
    finally:
        settings.endGroup()
    return ValidationChoices(
        deadline=_month_day(raw["deadline"], d.deadline),
        government_deadline=_month_day(raw["government_deadline"], d.government_deadline),
        fee_township=_whole(raw["fee_threshold_township"], d.fee_township, 1, MAX_FEE_THRESHOLD),
        fee_other=_whole(raw["fee_threshold_other"], d.fee_other, 1, MAX_FEE_THRESHOLD),
        duplicate_percent=_whole(raw["duplicate_percent"], d.duplicate_percent, 1, 100),
        yoy_percent=_whole(raw["yoy_percent"], d.yoy_percent, 1, 1000),
        yoy_min_change=_whole(raw["yoy_min_change"], d.yoy_min_change, 0, 100000),
        correct_points=_whole(raw["correct_points"], d.correct_points, 1, 100))


def save_validation_choices(settings: QSettings, choices: ValidationChoices, fmt: ReportFormat) -> None:
    """Keep only what differs from the defaults (so a later format's defaults reach users who never changed them)."""
    d = default_validation_choices(fmt)
    values: dict[str, tuple[tuple[int, int] | int, tuple[int, int] | int]] = {
        "deadline": (choices.deadline, d.deadline),
        "government_deadline": (choices.government_deadline, d.government_deadline),
        "fee_threshold_township": (choices.fee_township, d.fee_township),
        "fee_threshold_other": (choices.fee_other, d.fee_other),
        "duplicate_percent": (choices.duplicate_percent, d.duplicate_percent),
        "yoy_percent": (choices.yoy_percent, d.yoy_percent),
        "yoy_min_change": (choices.yoy_min_change, d.yoy_min_change),
        "correct_points": (choices.correct_points, d.correct_points),
    }
    settings.beginGroup(VALIDATION_GROUP)
    try:
        for key, (value, default) in values.items():
            if value == default:
                settings.remove(key)
            elif isinstance(value, tuple):
                settings.setValue(key, f"{value[0]}-{value[1]}")
            else:
                settings.setValue(key, value)
    finally:
        settings.endGroup()
    settings.sync()


def core_settings(choices: ValidationChoices, fmt: ReportFormat, today: date | None = None) -> Settings:
    """The core validation Settings for the choices (fee thresholds only where they differ from the format)."""
    d = default_validation_choices(fmt)
    thresholds: dict[str, int] = {}
    for lv in fmt.levels:
        chosen, default = ((choices.fee_township, d.fee_township) if lv.key == TOWNSHIP
                           else (choices.fee_other, d.fee_other))
        if chosen != default:
            thresholds[lv.key] = chosen
    return Settings(deadline_month=choices.deadline[0], deadline_day=choices.deadline[1],
                    government_deadline_month=choices.government_deadline[0],
                    government_deadline_day=choices.government_deadline[1],
                    fee_unit_thresholds=thresholds, duplicate_ratio_warn=choices.duplicate_percent / 100,
                    yoy_ratio=choices.yoy_percent / 100, yoy_min_change=choices.yoy_min_change,
                    yoy_correct_rate_points=choices.correct_points, today=today)


def load_validation_settings(settings: QSettings, fmt: ReportFormat, today: date | None = None) -> Settings:
    return core_settings(load_validation_choices(settings, fmt), fmt, today)
