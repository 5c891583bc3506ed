"""The plan's review date: near within five school days of it, overdue after it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from reintegrate.models import DayStatus, Student
from reintegrate.planner.proposal import ReviewStatus
from reintegrate.planner.words import count
from reintegrate.schooldays import SchoolDays, long_date

REVIEW_NEAR = 5  # school days


def review_status(student: Student, today: date, days: Iterable[DayStatus]) -> ReviewStatus | None:
    """`near` within five school days of the plan's review date, `overdue` after it;
    `days` are the student's day statuses (a day marked closed is no school day)."""
    plan = student.plan
    if plan is None:
        return None
    school = SchoolDays.of(student, days)
    due = plan.review_on
    one = timedelta(days=1)
    if today > due:
        n = school.count(due + one, today)
        by = f" by {count(n, 'school day')}" if n else ""
        sentence = (
            f"The plan review was due on {long_date(due)} and is overdue{by}: ask the "
            "school team for a review meeting."
        )
        return ReviewStatus(state="overdue", review_on=due, school_days=n, sentence=sentence)
    n = school.count(today + one, due)
    if n > REVIEW_NEAR:
        return None
    if due == today:
        sentence = f"The plan review is due today, {long_date(due)}."
    else:
        sentence = (
            f"The plan review is due on {long_date(due)}, in {count(n, 'school day')}: "
            "make sure a meeting is booked."
        )
    return ReviewStatus(state="near", review_on=due, school_days=n, sentence=sentence)
