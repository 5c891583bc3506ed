"""A household for the supports-at-home Pilot and snapshot tests (pytest collects this
file; it holds no tests): Sam's check-in puts what home offers first, and the Mondays
are refused at low distress. Every id and date is fixed."""

from __future__ import annotations

from datetime import date

from reintegrate.models import CheckIn, Household
from tests.ui.test_ui_planner_support import GOOD, make_student, runs


def home_household() -> Household:
    s = make_student()
    attempts = runs(s, [(2, [GOOD, ("refused", 3), GOOD, GOOD])])
    checkin = CheckIn(id="checkin-home", student_id=s.id, on=date(2026, 11, 2),
                      parent={"tangible.1": 5, "tangible.2": 5, "attention.1": 2, "social_evaluative.1": 1})
    return Household(students=[s], attempts=attempts, checkins=[checkin])


GAMING = ("late-night gaming",)


def refusing_household() -> Household:
    """The same check-in, and three refusals at low distress after late-night gaming
    between good days: the planner proposes the home side."""
    built = home_household()
    s = built.students[0]
    low = ("refused", 3, 0, GAMING)
    built.attempts = runs(s, [(2, [low, GOOD, low, GOOD, low])])
    return built
