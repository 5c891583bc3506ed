"""School-day arithmetic: every "3 school days" in the app is counted here."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from reintegrate.models import SchoolCalendar

_ONE_DAY = timedelta(days=1)
# A calendar with no school days left in it (every weekday closed for years) must not
# send a search into an endless loop.
_SEARCH_LIMIT = 3 * 366


def is_school_day(calendar: SchoolCalendar, day: date) -> bool:
    if day.weekday() not in calendar.weekdays:
        return False
    return not any(closure.covers(day) for closure in calendar.closures)


def closure_on(calendar: SchoolCalendar, day: date) -> str | None:
    """The name of the closure covering `day`, if any ('' for an unnamed one)."""
    for closure in calendar.closures:
        if closure.covers(day):
            return closure.label
    return None


def school_days(calendar: SchoolCalendar, start: date, end: date) -> Iterator[date]:
    """School days from start to end, both included."""
    # One pass over the days and the closures together (merged and in date order):
    # counting ten years of school days must not test every day against every holiday.
    weekdays = set(calendar.weekdays)
    closed = _merged([(c.start, c.end) for c in calendar.closures if c.start <= end and c.end >= start])
    next_closed = 0
    day = start
    while day <= end:
        while next_closed < len(closed) and closed[next_closed][1] < day:
            next_closed += 1
        shut = next_closed < len(closed) and closed[next_closed][0] <= day
        if not shut and day.weekday() in weekdays:
            yield day
        day += _ONE_DAY


def _merged(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Date spans in order, overlapping ones joined into one."""
    merged: list[tuple[date, date]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def count_school_days(calendar: SchoolCalendar, start: date, end: date) -> int:
    return sum(1 for _ in school_days(calendar, start, end))


def next_school_day(calendar: SchoolCalendar, after: date) -> date | None:
    """The first school day strictly after `after`."""
    day = after
    for _ in range(_SEARCH_LIMIT):
        day += _ONE_DAY
        if is_school_day(calendar, day):
            return day
    return None


def previous_school_day(calendar: SchoolCalendar, before: date) -> date | None:
    day = before
    for _ in range(_SEARCH_LIMIT):
        day -= _ONE_DAY
        if is_school_day(calendar, day):
            return day
    return None


def next_school_days(calendar: SchoolCalendar, start: date, count: int) -> list[date]:
    """`count` school days starting at `start` (included when it is a school day)."""
    days: list[date] = []
    day = start
    for _ in range(_SEARCH_LIMIT):
        if len(days) >= count:
            break
        if is_school_day(calendar, day):
            days.append(day)
        day += _ONE_DAY
    return days


def add_school_days(calendar: SchoolCalendar, start: date, count: int) -> date | None:
    """The date `count` school days after `start` (a due date "within 5 school days")."""
    day: date | None = start
    for _ in range(count):
        day = next_school_day(calendar, day)
        if day is None:
            return None
    return day


def last_school_days(calendar: SchoolCalendar, until: date, count: int) -> list[date]:
    """The last `count` school days up to and including `until`, oldest first."""
    days: list[date] = []
    day = until
    for _ in range(_SEARCH_LIMIT):
        if len(days) >= count:
            break
        if is_school_day(calendar, day):
            days.append(day)
        day -= _ONE_DAY
    return list(reversed(days))


WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def long_date(day: date) -> str:
    """'Monday 2 November 2026' — the way the date is shown to the family."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    """'Mon 2 Nov'."""
    return f"{day:%a} {day.day} {day:%b}"


def day_mark_problem(calendar: SchoolCalendar, kind: str, on: date, today: date) -> str | None:
    """Why a day cannot be marked `kind` (a DayKind value), or None when it can.

    A day that is not a school day counts neither way, so marking it (even "closed")
    would only suggest it was missed; and nobody knows on Monday that Thursday will be
    a day off ill. Days known ahead (a closure, an agreed rest, an absence) are fine:
    the next school days skip them.
    """
    if not is_school_day(calendar, on):
        closure = closure_on(calendar, on)
        why = (f"the school is closed then ({closure})" if closure
               else f"{WEEKDAY_NAMES[on.weekday()]} is not one of the school days")
        return (f"{long_date(on)} is not a school day: {why}. It counts neither way in "
                "attendance, so there is nothing to mark.")
    if kind == "ill" and on > today:
        return (f"{long_date(on)} has not come yet, so it cannot be marked ill. For a day "
                "already known, choose agreed rest or absent; the plan then skips it.")
    return None
