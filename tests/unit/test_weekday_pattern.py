"""A weekday the records show going badly holds the move up; a support that helped on
nearly every good day is named as one to keep. The figures are the report's own."""

from __future__ import annotations

from datetime import date

from test_planner_support import TODAY, attempt, make_student, school_days_back

from reintegrate.models import Household, ProposalKind
from reintegrate.planner import propose, schedule
from reintegrate.planner.view import plan_view
from reintegrate.stats import outcome_by_weekday

K = ProposalKind
FRI, MON, TUE, WED = date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)
THU2, FRI2 = date(2026, 12, 3), date(2026, 12, 4)


def thursdays_refused(student, weeks: int = 4, helped=(), step: int = 2) -> list:
    """`weeks` weeks at `step` before TODAY (a Thursday): every Thursday refused, every
    other day completed, so the last three school days (Mon to Wed) went well."""
    made = []
    for on in school_days_back(student, 5 * weeks):
        if on.weekday() == 3:
            made.append(attempt(student, on, step, "refused", 7))
        else:
            made.append(attempt(student, on, step).model_copy(update={"helped": list(helped)}))
    return made


def rows(days):
    return [(d.on, d.step_id, d.note) for d in days]


def test_a_move_up_due_on_a_weekday_that_keeps_going_badly_waits_for_the_next_day() -> None:
    s = make_student()
    attempts = thursdays_refused(s)
    proposal = propose(s, attempts, [], TODAY)
    assert proposal.kind is K.repeat
    assert proposal.held_weekdays == [3]
    assert proposal.headline == "Keep 'Safe room with trusted adult' on Thu 26 Nov, a Thursday; move up on Fri 27 Nov."
    said = " ".join(proposal.reasons)
    assert "Thursdays went least well (0 of 4 attempts successful, against 16 of 16 on other days)" in said
    assert "the next school days do not move up on a Thursday" in said
    assert rows(schedule(s, attempts, [], TODAY, count=3, proposal=proposal)) == [
        (TODAY, "s2", "no move up on a Thursday"),
        (FRI, "s3", "move up if the last went well: 1 of 3"),
        (MON, "s3", "repeat 2 of 3"),
    ]


def test_later_moves_up_in_the_next_school_days_skip_that_weekday_too() -> None:
    s = make_student(current=1, advance_after_successes=2)
    attempts = thursdays_refused(s, step=1)
    days = schedule(s, attempts, [], TODAY, count=7)
    assert rows(days) == [
        (TODAY, "s1", "no move up on a Thursday"),
        (FRI, "s2", "move up if the last went well: 1 of 2"),
        (MON, "s2", "repeat 2 of 2"),
        (TUE, "s3", "move up if the last went well: 1 of 2"),
        (WED, "s3", "repeat 2 of 2"),
        (THU2, "s3", "no move up on a Thursday"),
        (FRI2, "s4", "move up if the last went well: 1 of 2"),
    ]


def test_on_other_weekdays_the_move_up_is_proposed_as_before() -> None:
    s = make_student(advance_after_successes=2)
    wednesday = date(2026, 11, 25)
    attempts = [a for a in thursdays_refused(s) if a.on < wednesday]  # Mon and Tue went well
    proposal = propose(s, attempts, [], wednesday)
    assert proposal.kind is K.advance
    assert proposal.held_weekdays == [3]
    assert rows(schedule(s, attempts, [], wednesday, count=2, proposal=proposal)) == [
        (wednesday, "s3", "move up: 1 of 2"), (TODAY, "s3", "repeat 2 of 2"),
    ]


def test_a_pattern_needs_the_weekdays_attempts_the_settings_ask_for() -> None:
    s = make_student(weekday_min_attempts=5)
    proposal = propose(s, thursdays_refused(s), [], TODAY)
    assert proposal.kind is K.advance
    assert proposal.held_weekdays == []
    assert not any("went least well" in r for r in proposal.reasons)


def test_no_pattern_when_the_other_days_went_badly_too() -> None:
    s = make_student()
    attempts = thursdays_refused(s)
    # Half of the other days refused too: Thursdays are not what stands out.
    others = [a for a in attempts if a.on.weekday() != 3][:-3]
    worse = [attempt(s, a.on, 2, "refused", 7) if n % 3 else a for n, a in enumerate(others)]
    keep = {a.id for a in others}
    mixed = sorted([a for a in attempts if a.id not in keep] + worse, key=lambda a: a.on)
    assert propose(s, mixed, [], TODAY).held_weekdays == []


def test_the_plan_counts_with_the_reports_weekday_table() -> None:
    s = make_student(weekday_unsuccessful_share=1.0)
    attempts = thursdays_refused(s)
    thursday = next(r for r in outcome_by_weekday(s, attempts) if r.weekday == 3)
    assert (thursday.attempts, thursday.successes) == (4, 0)
    assert propose(s, attempts, [], TODAY).held_weekdays == [3]
    # One Thursday that went well: no longer every Thursday unsuccessful.
    first = next(a for a in attempts if a.on.weekday() == 3)
    better = [attempt(s, a.on, 2) if a is first else a for a in attempts]
    assert propose(s, better, [], TODAY).held_weekdays == []


def test_only_the_last_weeks_setting_is_read_for_the_pattern() -> None:
    s = make_student(pattern_weeks=3)  # three Thursdays in the last three weeks: not several
    proposal = propose(s, thursdays_refused(s), [], TODAY)
    assert proposal.held_weekdays == []
    assert proposal.kind is K.advance


def test_a_support_that_helped_on_nearly_every_good_day_is_named_as_one_to_keep() -> None:
    s = make_student()
    attempts = thursdays_refused(s, helped=["Ms Patel at the gate"])
    # One good day without it: 15 of the 16.
    first_good = next(a for a in attempts if a.on.weekday() != 3)
    attempts = [a.model_copy(update={"helped": ["a quiet car"]}) if a is first_good else a for a in attempts]
    proposal = propose(s, attempts, [], TODAY)
    assert proposal.supports_to_keep == ["Ms Patel at the gate"]
    assert "'Ms Patel at the gate' helped on 15 of the 16 successful attempts: one to keep." in proposal.reasons
    rarely = propose(make_student(keep_support_share=0.95), attempts, [], TODAY)
    assert rarely.supports_to_keep == []


def test_today_and_the_next_school_days_say_the_same_through_the_plan_view() -> None:
    s = make_student()
    household = Household(students=[s], attempts=thursdays_refused(s))
    view = plan_view(household, s, TODAY, count=2)
    assert view.proposal.held_weekdays == [3]
    assert [d.note for d in view.next_days] == ["no move up on a Thursday", "move up if the last went well: 1 of 3"]
    assert any("do not move up on a Thursday" in r for r in view.proposal.reasons)
