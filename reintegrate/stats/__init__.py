"""Attendance, trends and patterns: the numbers a family takes to a review meeting.

Pure functions over one student's records; no I/O and no clock (ranges take `today`).
Most functions take records already chosen for one student and range (`select`);
`attendance` and `progress` choose for themselves. The counting rules are written out
in `reintegrate.stats._attendance` and repeated in every report (`COUNTING_RULES`);
the data statements in letters (`reintegrate.documents.statements`) count with them too.

Names are imported when first asked for (`from reintegrate.stats import attendance`):
the planner's patterns (`reintegrate.planner.patterns`), as Today is worked out before
the first paint, load the two modules they count with, not every figure of the reports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Module -> the public names it defines.
_MODULES = {
    "_attendance": [
        "COUNTING_RULES", "FULL_DAY_MINUTES", "MISSED_REASONS", "TIERS", "Attendance", "DayResult",
        "SchoolDay", "attendance", "classify_day", "is_success", "minutes_at_step", "minutes_in_school",
        "outside_school", "percent", "tier_for",
    ],
    "_patterns": [
        "BeforeDistress", "Mean", "Mornings", "TagCount", "TagRow", "WeekdayRow", "before_distress",
        "helped_on_successful", "left_early", "mornings", "outcome_by_weekday", "tag_pattern",
    ],
    "_ranges": [
        "RANGE_LABELS", "DateRange", "RangePreset", "select",
    ],
    "_series": [
        "NOT_ENOUGH_FOR_TREND", "TREND_MIN_ATTEMPTS", "TREND_MIN_DAYS", "StepChange", "StepPoint", "Trend",
        "WeekMinutes", "distress_trend", "minutes_per_week", "peak_distress_series", "step_history",
        "step_positions", "step_series", "trend",
    ],
    "_progress": [
        "Progress", "progress",
    ],
}
_PUBLIC = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "COUNTING_RULES", "FULL_DAY_MINUTES", "MISSED_REASONS", "NOT_ENOUGH_FOR_TREND", "RANGE_LABELS",
    "TIERS", "TREND_MIN_ATTEMPTS", "TREND_MIN_DAYS",
    "Attendance", "BeforeDistress", "DateRange", "DayResult", "Mean", "Mornings",
    "Progress", "RangePreset", "SchoolDay", "StepChange", "StepPoint", "TagCount",
    "TagRow", "Trend", "WeekMinutes", "WeekdayRow", "attendance", "before_distress",
    "classify_day", "distress_trend", "helped_on_successful", "is_success", "minutes_at_step",
    "left_early", "minutes_in_school", "minutes_per_week", "mornings", "outcome_by_weekday",
    "outside_school", "peak_distress_series",
    "percent", "progress", "select", "step_history", "step_positions", "step_series",
    "tag_pattern", "tier_for", "trend",
]

if TYPE_CHECKING:
    from reintegrate.stats._attendance import (
        COUNTING_RULES,
        FULL_DAY_MINUTES,
        MISSED_REASONS,
        TIERS,
        Attendance,
        DayResult,
        SchoolDay,
        attendance,
        classify_day,
        is_success,
        minutes_at_step,
        minutes_in_school,
        outside_school,
        percent,
        tier_for,
    )
    from reintegrate.stats._patterns import (
        BeforeDistress,
        Mean,
        Mornings,
        TagCount,
        TagRow,
        WeekdayRow,
        before_distress,
        helped_on_successful,
        left_early,
        mornings,
        outcome_by_weekday,
        tag_pattern,
    )
    from reintegrate.stats._progress import (
        Progress,
        progress,
    )
    from reintegrate.stats._ranges import (
        RANGE_LABELS,
        DateRange,
        RangePreset,
        select,
    )
    from reintegrate.stats._series import (
        NOT_ENOUGH_FOR_TREND,
        TREND_MIN_ATTEMPTS,
        TREND_MIN_DAYS,
        StepChange,
        StepPoint,
        Trend,
        WeekMinutes,
        distress_trend,
        minutes_per_week,
        peak_distress_series,
        step_history,
        step_positions,
        step_series,
        trend,
    )


def __getattr__(name: str) -> object:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'reintegrate.stats' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"reintegrate.stats.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
