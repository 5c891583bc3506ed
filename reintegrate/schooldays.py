"""School days: the one answer to "is this a school day?" for a student on a date.

A date is a school day for a student when it is one of the school's weekdays, no
closure in the calendar covers it, and it is not marked *school closed* among the
student's day statuses (a staff training day typed in with `d` on the morning). A
closure in the calendar and a day marked closed mean the same thing everywhere:
Today, `status`, the next school days, the school days a request has waited, the
deadlines of letters, attendance and every statement all ask a `SchoolDays` made
by `SchoolDays.of(student, days)`. Ill, absent and agreed rest days are school
days: they count as missed in attendance. Only "closed" takes the day away.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta

from reintegrate.models import DayKind, DayStatus, SchoolCalendar, Student

_ONE_DAY = timedelta(days=1)
# A calendar with no school days left in it (every weekday closed for years) must not
# send a search into an endless loop.
_SEARCH_LIMIT = 3 * 366
# The one kind of day status that takes the day away: the school was shut.
CLOSED = DayKind.closed


class SchoolDays:
    """Which dates are school days for one student, and the arithmetic on them.

    Made once per answer (`SchoolDays.of`) and asked as often as needed: the
    calendar's closures are merged into date spans once, so asking about a date is
    a binary search, not a scan of years of holidays.

    `SchoolDays(calendar)` alone is the school's timetable, without any day marked:
    only what can be marked asks it that way (`day_mark_problem`).
    """

    def __init__(self, calendar: SchoolCalendar, closed: Mapping[date, str] | None = None) -> None:
        self.calendar = calendar
        self._weekdays = frozenset(calendar.weekdays)
        self._spans = _merged([(c.start, c.end) for c in calendar.closures])
        self._starts = [first for first, _ in self._spans]
        # Days marked closed, with their note ('' when none was written).
        self._marked = dict(closed or {})
        self._known: dict[date, bool] = {}

    @classmethod
    def of(cls, student: Student, days: Iterable[DayStatus]) -> SchoolDays:
        """The student's school days: the calendar and the days marked closed among
        `days` (other students' days in the list are left out)."""
        closed = {d.on: d.note for d in days if d.kind is CLOSED and d.student_id == student.id}
        return cls(student.calendar, closed)

    @classmethod
    def from_kinds(cls, calendar: SchoolCalendar, kinds: Mapping[date, DayKind]) -> SchoolDays:
        """The same, from one student's day statuses already read as date -> kind
        (the planner's `History.statuses`)."""
        return cls(calendar, {on: "" for on, kind in kinds.items() if kind is CLOSED})

    def _in_closure(self, day: date) -> bool:
        i = bisect_right(self._starts, day) - 1
        return i >= 0 and self._spans[i][1] >= day

    def is_school_day(self, day: date) -> bool:
        # The planner asks about the same few weeks many times over: remember answers.
        known = self._known.get(day)
        if known is None:
            known = day.weekday() in self._weekdays and day not in self._marked and not self._in_closure(day)
            self._known[day] = known
        return known

    def closure_on(self, day: date) -> str | None:
        """Why the school is shut on `day`: a closure's name, a day marked closed's
        note ('' for an unnamed one), or None when it is not closed."""
        for closure in self.calendar.closures:
            if closure.covers(day):
                return closure.label
        return self._marked.get(day)

    def between(self, start: date, end: date) -> Iterator[date]:
        """School days from start to end, both included."""
        # One pass over the days and the merged closures together: counting ten years
        # of school days must not test every day against every holiday.
        spans = self._spans
        at = max(0, bisect_right(self._starts, start) - 1)
        day = start
        while day <= end:
            while at < len(spans) and spans[at][1] < day:
                at += 1
            shut = at < len(spans) and spans[at][0] <= day
            if not shut and day.weekday() in self._weekdays and day not in self._marked:
                yield day
            day += _ONE_DAY

    def count(self, start: date, end: date) -> int:
        return sum(1 for _ in self.between(start, end))

    def _walk(self, start: date, step: timedelta, count: int) -> list[date]:
        found: list[date] = []
        day = start
        for _ in range(_SEARCH_LIMIT):
            if len(found) >= count:
                break
            if self.is_school_day(day):
                found.append(day)
            day += step
        return found

    def next_after(self, after: date) -> date | None:
        """The first school day strictly after `after`."""
        found = self._walk(after + _ONE_DAY, _ONE_DAY, 1)
        return found[0] if found else None

    def previous(self, before: date) -> date | None:
        """The last school day strictly before `before`."""
        found = self._walk(before - _ONE_DAY, -_ONE_DAY, 1)
        return found[0] if found else None

    def upcoming(self, start: date, count: int) -> list[date]:
        """`count` school days from `start` (included when it is a school day)."""
        return self._walk(start, _ONE_DAY, count)

    def last(self, until: date, count: int) -> list[date]:
        """The last `count` school days up to and including `until`, oldest first."""
        return self._walk(until, -_ONE_DAY, count)[::-1]

    def add(self, start: date, count: int) -> date | None:
        """The date `count` school days after `start` (a due date "within 5 school days")."""
        if count <= 0:
            return start
        found = self._walk(start + _ONE_DAY, _ONE_DAY, count)
        return found[-1] if len(found) == count else None

    def waited(self, sent_on: date, today: date) -> int:
        """Whole school days since `sent_on`, counting neither that day nor today
        (today's answer may still come)."""
        return self.count(sent_on + _ONE_DAY, today - _ONE_DAY)


def _merged(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Date spans in order, overlapping ones joined into one."""
    merged: list[tuple[date, date]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


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
    a day off ill. Days known ahead are fine: a closure takes the day out of the next
    school days; an agreed rest or an absence keeps it there with no step planned.
    """
    # Only the school's timetable decides whether a day can carry a mark: a day
    # already marked closed can still be marked again (ill, or closed with a note).
    timetable = SchoolDays(calendar)
    if not timetable.is_school_day(on):
        closure = timetable.closure_on(on)
        why = (f"the school is closed then ({closure})" if closure
               else f"{WEEKDAY_NAMES[on.weekday()]} is not one of the school days")
        return (f"{long_date(on)} is not a school day: {why}. It counts neither way in "
                "attendance, so there is nothing to mark.")
    if kind == "ill" and on > today:
        return (f"{long_date(on)} has not come yet, so it cannot be marked ill. For a day "
                "already known, choose agreed rest or absent: no step is then planned for it.")
    return None
