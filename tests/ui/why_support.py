"""A household for the Why screen's Pilot and snapshot tests (pytest collects this
file; it holds no tests): two check-ins, signals in the records, a day at home with a
note, and attempts whose feared outcome is recorded. Every id and date is fixed."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from reintegrate.models import CameTrue, CheckIn, DayKind, DayStatus, Household, Morning
from reintegrate.store import Store
from screens.app import ReintegrateApp, make_app
from tests.ui.test_ui_planner_support import BAD, GOOD, TODAY, make_student, runs


def why_household(checkins: bool = True) -> Household:
    s = make_student()
    attempts = runs(s, [(2, [BAD, BAD]), (1, [GOOD] * 3), (2, [GOOD, ("refused", 6, 0, ("crowded corridor",))])])
    attempts[-2] = attempts[-2].model_copy(update={
        "prediction": "Everyone will look at me", "prediction_confidence": 8,
        "prediction_came_true": CameTrue.no, "morning": Morning(behaviours=["clung to a parent"])})
    made = [
        CheckIn(id="checkin-1", student_id=s.id, on=date(2026, 10, 5),
                parent={"negative_affect.1": 4, "negative_affect.2": 3, "social_evaluative.1": 3,
                        "attention.1": 2, "tangible.1": 1}),
        CheckIn(id="checkin-2", student_id=s.id, on=date(2026, 11, 2),
                parent={"negative_affect.1": 3, "social_evaluative.1": 5, "social_evaluative.2": 4,
                        "attention.1": 2, "tangible.1": 1},
                child={"social_evaluative.1": 5, "social_evaluative.3": 4, "negative_affect.2": 2},
                recorded_at=datetime(2026, 11, 2, 18)),
    ] if checkins else []
    home = DayStatus(id="day-1", student_id=s.id, on=date(2026, 11, 11), kind=DayKind.absent,
                     during_school_hours="Mostly in their room, some games")
    return Household(students=[s], attempts=attempts, days=[home], checkins=made)


def why_store(built: Household, tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "reintegrate.json", today=TODAY)
    store.put_many([*built.students, *built.attempts, *built.days, *built.decisions, *built.checkins])
    store.set_meta("current_student_id", built.students[0].id)
    return store


def why_app(built: Household, tmp_path: Path) -> ReintegrateApp:
    return make_app(why_store(built, tmp_path), TODAY)
