"""The demo household: lived-in, current for any `today`, and the same every time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reintegrate.demo import VAN, demo_household
from reintegrate.models import DayKind, Household, Outcome, ProposalKind
from reintegrate.schooldays import SchoolDays
from reintegrate.store import Store

TODAY = date(2026, 11, 26)  # a Thursday
# A Monday, a Saturday, a Sunday, a date in a new year: the story must hold for each.
TODAYS = [TODAY, date(2026, 11, 30), date(2026, 11, 28), date(2026, 11, 29), date(2027, 1, 6), date(2025, 3, 3)]


def unsuccessful(attempt) -> bool:
    """As the planner counts it: refused, not started, or partly under half the minutes."""
    if attempt.outcome in (Outcome.refused, Outcome.not_started):
        return True
    return attempt.outcome is Outcome.partial and (attempt.minutes_managed or 0) * 2 < attempt.planned_minutes


@pytest.fixture(scope="module")
def demo() -> Household:
    return demo_household(TODAY)


def test_same_today_gives_the_same_household():
    assert demo_household(TODAY) == demo_household(TODAY)


def test_ids_are_unique_across_records(demo):
    ids = [r.id for kind in ("students", "attempts", "days", "decisions", "contacts", "barriers") for r in getattr(demo, kind)]
    ids += [s.id for s in demo.students[0].ladder.steps]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_history_covers_every_school_day_until_yesterday(today):
    household = demo_household(today)
    student = household.students[0]
    calendar = student.calendar
    recorded = [a.on for a in household.attempts] + [d.on for d in household.days]
    assert len(recorded) == len(set(recorded)), "one record per school day"
    assert max(recorded) == SchoolDays(calendar).previous(today)
    assert all(day < today for day in recorded)
    assert all(SchoolDays(calendar).is_school_day(day) for day in recorded)
    expected = list(SchoolDays(calendar).between(student.plan.start, today - timedelta(days=1)))
    assert sorted(recorded) == expected


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_six_weeks_or_more_of_attempts(today):
    household = demo_household(today)
    attempted = sorted(a.on for a in household.attempts)
    assert (attempted[-1] - attempted[0]).days >= 42
    assert len({day.isocalendar()[:2] for day in attempted}) >= 6
    assert len(attempted) >= 30
    start = household.students[0].plan.start
    assert 6 * 7 <= (today - start).days <= 8 * 7


def test_the_story_starts_with_refusals_and_climbs_the_ladder(demo):
    ladder = demo.students[0].ladder
    assert 10 <= len(ladder.active) <= 15
    first = demo.attempts[:2]
    assert {a.outcome for a in first} <= {Outcome.refused, Outcome.not_started}
    positions = [ladder.position(a.step_id) for a in demo.attempts]
    assert positions[0] == 1
    assert positions[-1] >= 6
    assert ladder.current_step_id == demo.attempts[-1].step_id


def test_there_is_a_step_back_after_two_bad_days(demo):
    ladder = demo.students[0].ladder
    attempts = demo.attempts
    backs = [
        i for i in range(1, len(attempts))
        if ladder.position(attempts[i].step_id) < ladder.position(attempts[i - 1].step_id)
    ]
    assert backs
    before = attempts[backs[0] - 2 : backs[0]]
    assert all(unsuccessful(a) for a in before)
    decision = next(d for d in demo.decisions if d.proposal_kind is ProposalKind.step_back)
    assert decision.accepted and decision.chosen_step_id == attempts[backs[0]].step_id


def test_the_van_sits_behind_most_unsuccessful_attempts(demo):
    bad = [a for a in demo.attempts if unsuccessful(a)]
    good = [a for a in demo.attempts if a.outcome in (Outcome.completed, Outcome.did_more)]
    settings = demo.students[0].settings
    with_van = [a for a in bad if VAN in a.triggers]
    assert len(with_van) >= settings.trigger_min_unsuccessful
    assert len(with_van) / len(bad) >= settings.trigger_unsuccessful_share
    assert sum(VAN in a.triggers for a in good) / len(good) <= settings.trigger_successful_share
    barrier = demo.barriers[0]
    assert VAN in barrier.trigger_tags and barrier.workaround


def test_ill_days_a_rest_day_and_a_closure(demo):
    kinds = [d.kind for d in demo.days]
    assert kinds.count(DayKind.ill) >= 2
    student = demo.students[0]
    past = [c for c in student.calendar.closures if c.end < TODAY and c.start >= student.plan.start]
    assert past, "a closure inside the history"
    assert not any(c.covers(a.on) for c in past for a in demo.attempts)


def test_records_read_like_real_mornings(demo):
    attempts = demo.attempts
    assert sum(bool(a.child_words) for a in attempts) >= 10
    assert sum(bool(a.helped) for a in attempts) >= 20
    assert any(a.symptoms for a in attempts if unsuccessful(a))
    assert any(a.morning.behaviours for a in attempts if unsuccessful(a))
    assert all(a.distress_peak is not None and a.distress_before is not None for a in attempts)
    assert {a.outcome for a in attempts} >= {Outcome.completed, Outcome.partial, Outcome.refused, Outcome.not_started, Outcome.did_more}


def test_school_staff_decisions_and_an_overdue_meeting_request(demo):
    school = demo.students[0].school
    roles = " ".join(s.role for s in school.staff)
    assert school.name and "Head of Year" in roles and "SENCo" in roles
    assert len(demo.decisions) >= 2
    assert any(not d.accepted and d.note for d in demo.decisions)
    overdue = [c for c in demo.contacts if c.due_on and c.due_on < TODAY and c.answered_on is None]
    assert len(overdue) == 1 and "meeting" in overdue[0].summary


def test_the_demo_saves_and_loads_unchanged(tmp_path, demo):
    with Store.open(tmp_path / "demo.json", today=TODAY) as store:
        store.replace_all(demo)
    with Store.open(tmp_path / "demo.json", read_only=True) as store:
        loaded = store.household()
    for kind in ("students", "attempts", "days", "decisions", "contacts", "barriers"):
        assert sorted(getattr(loaded, kind), key=lambda r: r.id) == sorted(getattr(demo, kind), key=lambda r: r.id)


def test_the_first_steps_happen_outside_school_and_are_not_attendance(demo):
    from reintegrate.stats import DateRange, attendance

    student = demo.students[0]
    steps = student.ladder.steps
    assert [s.title for s in steps if not s.in_school] == [
        "Drive past school", "Sit in the car park", "Walk to the gate",
    ]
    outside = {s.id for s in steps if not s.in_school}
    drives = [a for a in demo.attempts if a.step_id in outside and a.outcome is Outcome.completed]
    assert drives, "the story starts outside school"
    counted = attendance(student, demo.attempts, demo.days,
                         DateRange(student.plan.start, TODAY), today=TODAY)
    by_day = {d.on: d for d in counted.days}
    assert all(by_day[a.on].result.value == "missed" and by_day[a.on].reason == "outside_school"
               for a in drives)
