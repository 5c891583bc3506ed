"""School-day arithmetic: every "after 3 school days" and "due within 5 school days"
in the app is counted here, so weekends and closures must be right."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reintegrate.models import Closure, SchoolCalendar
from reintegrate.schooldays import SchoolDays, long_date, short_date

MON = date(2026, 11, 2)  # a Monday
FRI, SAT, SUN = MON + timedelta(4), MON + timedelta(5), MON + timedelta(6)
NEXT_MON = MON + timedelta(7)

WEEK = SchoolDays(SchoolCalendar())
# Half term: the whole week after MON's week, plus one training day on its Wednesday.
HALF_TERM = Closure(start=NEXT_MON, end=NEXT_MON + timedelta(4), label="Half term")
TRAINING = Closure(start=MON + timedelta(2), end=MON + timedelta(2), label="")
CLOSED = SchoolDays(SchoolCalendar(closures=[HALF_TERM, TRAINING]))


def test_weekends_are_not_school_days():
    assert [WEEK.is_school_day(MON + timedelta(n)) for n in range(7)] == [True] * 5 + [False] * 2


def test_a_four_day_week():
    calendar = SchoolDays(SchoolCalendar(weekdays=[0, 1, 3, 4]))
    assert not calendar.is_school_day(MON + timedelta(2))
    assert list(calendar.between(MON, SUN)) == [MON, MON + timedelta(1), MON + timedelta(3), FRI]


def test_closures_are_not_school_days_and_are_named():
    assert not CLOSED.is_school_day(MON + timedelta(2))
    assert not CLOSED.is_school_day(NEXT_MON + timedelta(3))
    assert CLOSED.closure_on(NEXT_MON + timedelta(3)) == "Half term"
    assert CLOSED.closure_on(MON + timedelta(2)) == ""  # unnamed, but still a closure
    assert CLOSED.closure_on(MON) is None


def test_school_days_between_two_dates_include_both_ends():
    assert list(WEEK.between(MON, FRI)) == [MON + timedelta(n) for n in range(5)]
    assert WEEK.count(MON, NEXT_MON) == 6
    assert CLOSED.count(MON, NEXT_MON + timedelta(7)) == 4 + 1
    assert WEEK.count(FRI, MON) == 0


def test_next_school_day_skips_weekends_and_closures():
    assert WEEK.next_after(MON) == MON + timedelta(1)
    assert WEEK.next_after(FRI) == NEXT_MON
    assert WEEK.next_after(SAT) == NEXT_MON
    assert CLOSED.next_after(MON + timedelta(1)) == MON + timedelta(3)
    assert CLOSED.next_after(FRI) == NEXT_MON + timedelta(7)


def test_previous_school_day_skips_weekends_and_closures():
    assert WEEK.previous(NEXT_MON) == FRI
    assert WEEK.previous(SUN) == FRI
    assert CLOSED.previous(MON + timedelta(3)) == MON + timedelta(1)
    assert CLOSED.previous(NEXT_MON + timedelta(7)) == FRI


def test_next_school_days_starts_today_when_today_is_one():
    assert WEEK.upcoming(FRI, 3) == [FRI, NEXT_MON, NEXT_MON + timedelta(1)]
    assert WEEK.upcoming(SAT, 2) == [NEXT_MON, NEXT_MON + timedelta(1)]
    assert WEEK.upcoming(MON, 0) == []


def test_add_school_days_counts_from_the_day_after():
    # "A reply within 5 school days" from a Wednesday lands on the next Wednesday.
    assert WEEK.add(MON + timedelta(2), 5) == NEXT_MON + timedelta(2)
    assert WEEK.add(FRI, 1) == NEXT_MON
    assert WEEK.add(MON, 0) == MON
    assert CLOSED.add(MON, 3) == FRI  # Tuesday, Thursday (Wednesday closed), Friday
    assert CLOSED.add(MON, 4) == NEXT_MON + timedelta(7)


def test_last_school_days_end_at_until_and_are_oldest_first():
    assert WEEK.last(NEXT_MON, 3) == [MON + timedelta(3), FRI, NEXT_MON]
    assert WEEK.last(SUN, 2) == [MON + timedelta(3), FRI]
    assert CLOSED.last(NEXT_MON + timedelta(7), 3) == [MON + timedelta(3), FRI, NEXT_MON + timedelta(7)]


def test_a_calendar_closed_for_years_ends_the_search_instead_of_looping():
    shut = SchoolDays(SchoolCalendar(closures=[Closure(start=date(2020, 1, 1), end=date(2035, 12, 31))]))
    assert shut.next_after(MON) is None
    assert shut.previous(MON) is None
    assert shut.add(MON, 2) is None
    assert shut.upcoming(MON, 3) == []
    assert shut.last(MON, 3) == []


@pytest.mark.parametrize(
    ("day", "long", "short"),
    [
        (MON, "Monday 2 November 2026", "Mon 2 Nov"),
        (date(2027, 1, 9), "Saturday 9 January 2027", "Sat 9 Jan"),
        (date(2026, 12, 25), "Friday 25 December 2026", "Fri 25 Dec"),
    ],
)
def test_dates_are_written_the_way_the_family_reads_them(day, long, short):
    assert long_date(day) == long
    assert short_date(day) == short


@pytest.mark.parametrize("seed", range(40))
def test_a_range_of_school_days_agrees_with_asking_day_by_day(seed):
    """`school_days` walks the days and the closures together (overlapping, nested,
    out of order, touching the range's ends); it must agree with `is_school_day`."""
    import random

    rng = random.Random(seed)
    closures = []
    for _ in range(rng.randrange(0, 9)):
        first = MON + timedelta(rng.randrange(-20, 100))
        closures.append(Closure(start=first, end=first + timedelta(rng.randrange(0, 25))))
    calendar = SchoolDays(SchoolCalendar(weekdays=rng.sample(range(7), rng.randrange(1, 8)), closures=closures))
    start = MON + timedelta(rng.randrange(0, 40))
    end = start + timedelta(rng.randrange(-2, 90))
    every_day = (start + timedelta(n) for n in range((end - start).days + 1))
    assert list(calendar.between(start, end)) == [d for d in every_day if calendar.is_school_day(d)]
