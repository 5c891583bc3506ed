"""School-day arithmetic: every "after 3 school days" and "due within 5 school days"
in the app is counted here, so weekends and closures must be right."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reintegrate.models import Closure, SchoolCalendar
from reintegrate.schooldays import (
    add_school_days,
    closure_on,
    count_school_days,
    is_school_day,
    last_school_days,
    long_date,
    next_school_day,
    next_school_days,
    previous_school_day,
    school_days,
    short_date,
)

MON = date(2026, 11, 2)  # a Monday
FRI, SAT, SUN = MON + timedelta(4), MON + timedelta(5), MON + timedelta(6)
NEXT_MON = MON + timedelta(7)

WEEK = SchoolCalendar()
# Half term: the whole week after MON's week, plus one training day on its Wednesday.
HALF_TERM = Closure(start=NEXT_MON, end=NEXT_MON + timedelta(4), label="Half term")
TRAINING = Closure(start=MON + timedelta(2), end=MON + timedelta(2), label="")
CLOSED = SchoolCalendar(closures=[HALF_TERM, TRAINING])


def test_weekends_are_not_school_days():
    assert [is_school_day(WEEK, MON + timedelta(n)) for n in range(7)] == [True] * 5 + [False] * 2


def test_a_four_day_week():
    calendar = SchoolCalendar(weekdays=[0, 1, 3, 4])
    assert not is_school_day(calendar, MON + timedelta(2))
    assert list(school_days(calendar, MON, SUN)) == [MON, MON + timedelta(1), MON + timedelta(3), FRI]


def test_closures_are_not_school_days_and_are_named():
    assert not is_school_day(CLOSED, MON + timedelta(2))
    assert not is_school_day(CLOSED, NEXT_MON + timedelta(3))
    assert closure_on(CLOSED, NEXT_MON + timedelta(3)) == "Half term"
    assert closure_on(CLOSED, MON + timedelta(2)) == ""  # unnamed, but still a closure
    assert closure_on(CLOSED, MON) is None


def test_school_days_between_two_dates_include_both_ends():
    assert list(school_days(WEEK, MON, FRI)) == [MON + timedelta(n) for n in range(5)]
    assert count_school_days(WEEK, MON, NEXT_MON) == 6
    assert count_school_days(CLOSED, MON, NEXT_MON + timedelta(7)) == 4 + 1
    assert count_school_days(WEEK, FRI, MON) == 0


def test_next_school_day_skips_weekends_and_closures():
    assert next_school_day(WEEK, MON) == MON + timedelta(1)
    assert next_school_day(WEEK, FRI) == NEXT_MON
    assert next_school_day(WEEK, SAT) == NEXT_MON
    assert next_school_day(CLOSED, MON + timedelta(1)) == MON + timedelta(3)
    assert next_school_day(CLOSED, FRI) == NEXT_MON + timedelta(7)


def test_previous_school_day_skips_weekends_and_closures():
    assert previous_school_day(WEEK, NEXT_MON) == FRI
    assert previous_school_day(WEEK, SUN) == FRI
    assert previous_school_day(CLOSED, MON + timedelta(3)) == MON + timedelta(1)
    assert previous_school_day(CLOSED, NEXT_MON + timedelta(7)) == FRI


def test_next_school_days_starts_today_when_today_is_one():
    assert next_school_days(WEEK, FRI, 3) == [FRI, NEXT_MON, NEXT_MON + timedelta(1)]
    assert next_school_days(WEEK, SAT, 2) == [NEXT_MON, NEXT_MON + timedelta(1)]
    assert next_school_days(WEEK, MON, 0) == []


def test_add_school_days_counts_from_the_day_after():
    # "A reply within 5 school days" from a Wednesday lands on the next Wednesday.
    assert add_school_days(WEEK, MON + timedelta(2), 5) == NEXT_MON + timedelta(2)
    assert add_school_days(WEEK, FRI, 1) == NEXT_MON
    assert add_school_days(WEEK, MON, 0) == MON
    assert add_school_days(CLOSED, MON, 3) == FRI  # Tuesday, Thursday (Wednesday closed), Friday
    assert add_school_days(CLOSED, MON, 4) == NEXT_MON + timedelta(7)


def test_last_school_days_end_at_until_and_are_oldest_first():
    assert last_school_days(WEEK, NEXT_MON, 3) == [MON + timedelta(3), FRI, NEXT_MON]
    assert last_school_days(WEEK, SUN, 2) == [MON + timedelta(3), FRI]
    assert last_school_days(CLOSED, NEXT_MON + timedelta(7), 3) == [MON + timedelta(3), FRI, NEXT_MON + timedelta(7)]


def test_a_calendar_closed_for_years_ends_the_search_instead_of_looping():
    shut = SchoolCalendar(closures=[Closure(start=date(2020, 1, 1), end=date(2035, 12, 31))])
    assert next_school_day(shut, MON) is None
    assert previous_school_day(shut, MON) is None
    assert add_school_days(shut, MON, 2) is None
    assert next_school_days(shut, MON, 3) == []
    assert last_school_days(shut, MON, 3) == []


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
    calendar = SchoolCalendar(weekdays=rng.sample(range(7), rng.randrange(1, 8)), closures=closures)
    start = MON + timedelta(rng.randrange(0, 40))
    end = start + timedelta(rng.randrange(-2, 90))
    every_day = (start + timedelta(n) for n in range((end - start).days + 1))
    assert list(school_days(calendar, start, end)) == [d for d in every_day if is_school_day(calendar, d)]
