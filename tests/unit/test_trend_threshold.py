"""A trend needs enough attempts over enough days (issue 11, item 12)."""

from __future__ import annotations

from datetime import date, timedelta

from reintegrate.stats import NOT_ENOUGH_FOR_TREND, TREND_MIN_ATTEMPTS, TREND_MIN_DAYS, distress_trend

START = date(2026, 10, 5)


def _points(count: int, every: int) -> list[tuple[date, float]]:
    return [(START + timedelta(days=every * n), float(2 + n)) for n in range(count)]


def test_two_attempts_a_day_apart_make_no_trend():
    assert distress_trend(_points(2, 1)) is None


def test_enough_attempts_over_too_few_days_make_no_trend():
    assert distress_trend(_points(TREND_MIN_ATTEMPTS + 3, 1)) is None


def test_too_few_attempts_over_many_days_make_no_trend():
    assert distress_trend(_points(TREND_MIN_ATTEMPTS - 1, 7)) is None


def test_enough_attempts_over_enough_days_make_a_trend():
    every = -(-TREND_MIN_DAYS // (TREND_MIN_ATTEMPTS - 1))
    line = distress_trend(_points(TREND_MIN_ATTEMPTS, every))
    assert line is not None and line.slope_per_day > 0


def test_the_sentence_says_what_is_enough():
    assert NOT_ENOUGH_FOR_TREND.startswith("Not enough records yet for a trend")
    assert str(TREND_MIN_ATTEMPTS) in NOT_ENOUGH_FOR_TREND


def test_two_attempts_a_day_apart_read_as_not_enough_in_a_report():
    from reintegrate.documents.reports._context import trend_sentence
    from reintegrate.models import Attempt, Outcome
    from reintegrate.stats import DateRange, progress
    from tests.fixtures import STUDENT_ID, make_household

    today = date(2026, 11, 2)
    student = next(s for s in make_household(today).students if s.id == STUDENT_ID)
    attempts = [Attempt(student_id=STUDENT_ID, on=today - timedelta(days=d), step_id="s", step_title="Step",
                        planned_minutes=15, outcome=Outcome.completed, minutes_managed=15, distress_peak=peak)
                for d, peak in ((1, 2), (0, 4))]
    p = progress(student, attempts, [], [], DateRange.last_two_weeks(today), today=today)
    assert p.distress_trend is None
    assert trend_sentence(p) == NOT_ENOUGH_FOR_TREND

