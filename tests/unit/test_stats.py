"""Attendance, success and date ranges, each checked on a small hand-counted history."""

from __future__ import annotations

from datetime import date

import pytest

from reintegrate.models import (
    Attempt,
    Closure,
    DayKind,
    DayStatus,
    Ladder,
    Outcome,
    Plan,
    SchoolCalendar,
    Step,
    Student,
)
from reintegrate.stats import (
    DateRange,
    DayResult,
    RangePreset,
    attendance,
    classify_day,
    is_success,
    minutes_at_step,
    minutes_in_school,
    minutes_per_week,
    outside_school,
    percent,
    progress,
    select,
    tier_for,
)

SID = "kid"


def student(**extra) -> Student:
    steps = [
        Step(id="a", title="Drive past", planned_minutes=10),
        Step(id="b", title="One lesson", planned_minutes=60),
        Step(id="old", title="Old step", planned_minutes=20, retired=True),
        Step(id="c", title="Full day", planned_minutes=390),
    ]
    return Student(id=SID, name="Kit", ladder=Ladder(steps=steps, current_step_id="b"), **extra)


def attempt(on: date, outcome: Outcome, minutes: int | None = None, step: str = "b",
            planned: int = 60, who: str = SID, **extra) -> Attempt:
    return Attempt(student_id=who, on=on, step_id=step, step_title=step, planned_minutes=planned,
                   outcome=outcome, minutes_managed=minutes, **extra)


def day(on: date, kind: DayKind) -> DayStatus:
    return DayStatus(student_id=SID, on=on, kind=kind)


# ---------------------------------------------------------------- success


@pytest.mark.parametrize(("outcome", "minutes", "expected"), [
    (Outcome.completed, 60, True),
    (Outcome.completed, None, True),
    (Outcome.did_more, 90, True),
    (Outcome.partial, 60, True),   # partly, but the planned 60 minutes were reached
    (Outcome.partial, 59, False),
    (Outcome.partial, None, False),
    (Outcome.refused, 0, False),
    (Outcome.not_started, None, False),
])
def test_is_success(outcome, minutes, expected):
    assert is_success(attempt(date(2026, 10, 5), outcome, minutes)) is expected


def test_minutes_in_school_uses_the_plan_only_for_a_completed_step_without_minutes():
    d = date(2026, 10, 5)
    assert minutes_in_school(attempt(d, Outcome.completed, None, planned=45)) == 45
    assert minutes_in_school(attempt(d, Outcome.did_more, None, planned=45)) == 45
    assert minutes_in_school(attempt(d, Outcome.completed, 20, planned=45)) == 20
    assert minutes_in_school(attempt(d, Outcome.partial, None, planned=45)) == 0
    assert minutes_in_school(attempt(d, Outcome.refused, None, planned=45)) == 0


# ---------------------------------------------------------------- percentages and tiers


@pytest.mark.parametrize(("part", "whole", "expected"), [
    (1, 18, 6),     # 5.56 -> 6
    (10, 18, 56),   # 55.6 -> 56
    (1, 8, 13),     # 12.5 exactly: halves go up, not to the even 12
    (5, 8, 63),     # 62.5 -> 63
    (0, 7, 0),
    (7, 7, 100),
    (3, 0, None),   # no school days: no percentage at all
])
def test_percent_rounds_halves_up(part, whole, expected):
    assert percent(part, whole) == expected


@pytest.mark.parametrize(("value", "tier"), [
    (100, "93 % and above"), (93, "93 % and above"), (92, "80–92 %"), (80, "80–92 %"),
    (79, "51–79 %"), (51, "51–79 %"), (50, "50 % and below"), (0, "50 % and below"),
    (None, None),
])
def test_tier_boundaries(value, tier):
    assert tier_for(value) == tier


# ---------------------------------------------------------------- attendance


def test_attendance_on_a_hand_counted_fortnight():
    # Mon 5 Oct 2026 to Fri 16 Oct 2026; the calendar closes Fri 16 Oct (training day).
    kid = student(calendar=SchoolCalendar(closures=[Closure(start=date(2026, 10, 16),
                                                            end=date(2026, 10, 16))]))
    d = lambda n: date(2026, 10, n)  # noqa: E731
    attempts = [
        attempt(d(5), Outcome.completed, 200, step="c", planned=390),  # full: the last step
        attempt(d(6), Outcome.completed, 300),             # full: 300 minutes in school
        attempt(d(7), Outcome.refused, 0),                 # Wed: a refusal, then...
        attempt(d(7), Outcome.partial, 299),               # ...299 minutes: partial
        attempt(d(13), Outcome.refused, 0),                # Tue: refused (and marked ill)
        attempt(d(14), Outcome.completed, None, step="a", planned=10),  # partial, 10 planned
        attempt(d(15), Outcome.completed, 0),              # Thu: done, but no time: missed
        attempt(d(10), Outcome.completed, 390, step="c"),  # a Saturday: not a school day
        attempt(d(9), Outcome.completed, 390, step="c", who="someone else"),
        attempt(d(20), Outcome.completed, 390, step="c"),  # after the range
    ]
    days = [
        day(d(8), DayKind.agreed_rest),  # Thu: missed, agreed rest
        # Fri 9: nothing recorded -> missed
        day(d(12), DayKind.closed),      # Mon: closed, not a school day
        day(d(13), DayKind.ill),         # Tue: the refusal above wins
    ]
    result = attendance(kid, attempts, days, DateRange(d(5), d(16)))

    # School days: 5 in the first week + Tue, Wed, Thu of the second = 8.
    assert [x.on.day for x in result.days] == [5, 6, 7, 8, 9, 13, 14, 15]
    assert [x.result for x in result.days] == [
        DayResult.full, DayResult.full, DayResult.partial, DayResult.missed,
        DayResult.missed, DayResult.missed, DayResult.partial, DayResult.missed,
    ]
    assert (result.school_days, result.full, result.partial, result.missed) == (8, 2, 2, 4)
    assert result.attended == 4
    assert result.missed_by_reason == {"refused": 1, "no_time": 1, "agreed_rest": 1,
                                       "no_record": 1}
    assert result.agreed_rest == 1
    assert result.full_percent == 25       # 2 of 8
    assert result.attended_percent == 50   # 4 of 8
    assert result.tier == "50 % and below"
    assert [x.minutes for x in result.days] == [200, 300, 299, 0, 0, 0, 10, 0]


def test_a_day_status_alone_gives_the_reason_for_a_missed_day():
    kid = student()
    d = lambda n: date(2026, 10, n)  # noqa: E731
    days = [day(d(5), DayKind.ill), day(d(6), DayKind.absent)]
    attempts = [attempt(d(7), Outcome.not_started)]
    result = attendance(kid, attempts, days, DateRange(d(5), d(7)))
    assert [x.reason for x in result.days] == ["ill", "absent", "not_started"]
    assert result.missed == 3 and result.tier == "50 % and below"


def test_an_empty_range_has_no_percentage_and_no_tier():
    kid = student()
    result = attendance(kid, [], [], DateRange(date(2026, 10, 10), date(2026, 10, 11)))
    assert result.school_days == 0
    assert result.full_percent is None and result.attended_percent is None
    assert result.tier is None


def test_full_needs_completion_not_just_minutes():
    # 320 minutes but only partly done (the plan was 390): partial, not full.
    kid = student()
    on = date(2026, 10, 5)
    result = attendance(kid, [attempt(on, Outcome.partial, 320, step="c", planned=390)], [],
                        DateRange(on, on))
    assert result.partial == 1 and result.full == 0


# ---------------------------------------------------------------- one school day

MONDAY = date(2026, 10, 5)


@pytest.mark.parametrize(("made", "result", "minutes"), [
    (attempt(MONDAY, Outcome.completed, 300), DayResult.full, 300),
    (attempt(MONDAY, Outcome.did_more, 320, planned=200), DayResult.full, 320),
    # The top *active* step is a full day whatever its minutes; a retired step is not.
    (attempt(MONDAY, Outcome.completed, 150, step="c", planned=150), DayResult.full, 150),
    (attempt(MONDAY, Outcome.completed, 150, step="old", planned=150), DayResult.partial, 150),
    (attempt(MONDAY, Outcome.partial, 299, planned=400), DayResult.partial, 299),
    (attempt(MONDAY, Outcome.partial, 320, planned=400), DayResult.partial, 320),  # not finished
    (attempt(MONDAY, Outcome.completed, None, planned=15), DayResult.partial, 15),
    # Partly done in school with no minutes written: some time in school, length unknown.
    (attempt(MONDAY, Outcome.partial, None), DayResult.partial, 0),
    (attempt(MONDAY, Outcome.partial, 0), DayResult.missed, 0),
    (attempt(MONDAY, Outcome.refused, 0), DayResult.missed, 0),
    (attempt(MONDAY, Outcome.not_started, None), DayResult.missed, 0),
])
def test_classify_day_from_one_attempt(made, result, minutes):
    day = classify_day(MONDAY, [made], None, "c")
    assert (day.result, day.minutes) == (result, minutes)


def test_the_best_attempt_of_the_day_counts_and_minutes_add_up():
    refused = attempt(MONDAY, Outcome.refused, 0)
    later = attempt(MONDAY, Outcome.partial, 30)
    again = attempt(MONDAY, Outcome.completed, 20, planned=20)
    day = classify_day(MONDAY, [refused, later, again], None, "c")
    assert (day.result, day.minutes, day.reason) == (DayResult.partial, 50, "")


# ---------------------------------------------------------------- steps outside school


def outdoor_student(**extra) -> Student:
    """Kit's ladder with the first step ("Drive past") and a retired car-park step
    happening outside school."""
    steps = [
        Step(id="a", title="Drive past", planned_minutes=10, in_school=False),
        Step(id="park", title="Car park", planned_minutes=15, in_school=False, retired=True),
        Step(id="b", title="One lesson", planned_minutes=60),
        Step(id="c", title="Full day", planned_minutes=390),
    ]
    return Student(id=SID, name="Kit", ladder=Ladder(steps=steps, current_step_id="b"), **extra)


def test_outside_school_steps_include_retired_ones_and_unknown_steps_count_as_in_school():
    kid = outdoor_student()
    assert outside_school(kid) == {"a", "park"}
    assert outside_school(student()) == frozenset()
    drive = attempt(MONDAY, Outcome.completed, 10, step="a", planned=10)
    stranger = attempt(MONDAY, Outcome.completed, 25, step="not-on-the-ladder", planned=25)
    assert minutes_at_step(drive) == 10
    assert minutes_in_school(drive, outside_school(kid)) == 0
    assert minutes_in_school(drive) == 10  # no ladder given: every step in school
    assert minutes_in_school(stranger, outside_school(kid)) == 25


def test_a_step_outside_school_is_not_attendance():
    # Mon 5 - Fri 9 Oct 2026. Mon: drove past (done!). Tue: car park (a retired
    # outside step), done. Wed: drove past, then 20 minutes of the lesson. Thu: the
    # drive past only partly done. Fri: completed the last step, but it is in school.
    kid = outdoor_student()
    d = lambda n: date(2026, 10, n)  # noqa: E731
    attempts = [
        attempt(d(5), Outcome.completed, 10, step="a", planned=10),
        attempt(d(6), Outcome.completed, None, step="park", planned=15),
        attempt(d(7), Outcome.completed, 10, step="a", planned=10),
        attempt(d(7), Outcome.partial, 20, step="b"),
        attempt(d(8), Outcome.partial, None, step="a", planned=10),
        attempt(d(9), Outcome.completed, 390, step="c", planned=390),
    ]
    result = attendance(kid, attempts, [], DateRange(d(5), d(9)))
    assert [x.result for x in result.days] == [
        DayResult.missed, DayResult.missed, DayResult.partial, DayResult.missed, DayResult.full,
    ]
    assert [x.minutes for x in result.days] == [0, 0, 20, 0, 390]
    assert result.missed_by_reason == {"outside_school": 3}
    # The same records with every step in school: all five days at least in part.
    everyone_in = attendance(student(), attempts, [], DateRange(d(5), d(9)))
    assert everyone_in.attended == 5
    # Minutes in school each week leave out the drives and the car park too.
    assert [w.minutes for w in minutes_per_week(attempts, DateRange(d(5), d(9)),
                                                outside_school(kid))] == [410]
    assert progress(kid, attempts, [], [], DateRange(d(5), d(9))).weeks[0].minutes == 410


def test_a_step_outside_school_cannot_make_a_full_day_even_at_the_top():
    steps = [Step(id="in", title="Hub", planned_minutes=30),
             Step(id="out", title="Outdoor day", planned_minutes=400, in_school=False)]
    kid = Student(id=SID, name="Kit", ladder=Ladder(steps=steps, current_step_id="out"))
    made = attempt(MONDAY, Outcome.completed, 400, step="out", planned=400)
    assert attendance(kid, [made], [], DateRange(MONDAY, MONDAY)).missed == 1


# ---------------------------------------------------------------- today is not over


def test_today_counts_only_once_something_is_recorded_for_it():
    # Mon 5 - Fri 9 Oct; today is Thursday 8.
    kid = student()
    d = lambda n: date(2026, 10, n)  # noqa: E731
    week = DateRange(d(5), d(9))
    attempts = [attempt(d(5), Outcome.completed, 60), attempt(d(9), Outcome.completed, 60)]
    morning = attendance(kid, attempts, [], week, today=d(8))
    # Friday is after today and today has nothing yet: Mon, Tue, Wed only.
    assert [x.on.day for x in morning.days] == [5, 6, 7]
    assert morning.missed_by_reason == {"no_record": 2}
    done = attendance(kid, attempts + [attempt(d(8), Outcome.refused, 0)], [], week, today=d(8))
    assert [x.on.day for x in done.days] == [5, 6, 7, 8]
    ill = attendance(kid, attempts, [day(d(8), DayKind.ill)], week, today=d(8))
    assert ill.days[-1].reason == "ill"
    # Without `today` every school day in the range counts: a closed, past period.
    assert attendance(kid, attempts, [], week).school_days == 5
    assert progress(kid, attempts, [], [], week, today=d(8)).attendance.school_days == 3


# ---------------------------------------------------------------- ranges


TODAY = date(2026, 10, 16)  # a Friday


def test_last_two_and_six_weeks_end_today_and_count_whole_weeks():
    two = DateRange.last_two_weeks(TODAY)
    six = DateRange.last_six_weeks(TODAY)
    assert (two.start, two.end) == (date(2026, 10, 3), TODAY)   # 14 days inclusive
    assert (six.start, six.end) == (date(2026, 9, 5), TODAY)    # 42 days inclusive
    assert two.label == "Last 2 weeks" and six.preset is RangePreset.six_weeks


def test_this_plan_starts_at_the_plan_and_falls_back_to_all_records():
    planned = student(plan=Plan.starting(date(2026, 9, 14)))
    rng = DateRange.this_plan(planned, TODAY)
    assert (rng.start, rng.end, rng.preset) == (date(2026, 9, 14), TODAY, RangePreset.plan)

    unplanned = student()
    records = [attempt(date(2026, 9, 2), Outcome.completed, 60)]
    rng = DateRange.this_plan(unplanned, TODAY, records, [])
    assert (rng.start, rng.preset) == (date(2026, 9, 2), RangePreset.all)


def test_all_records_starts_at_the_earliest_record_of_this_student():
    kid = student(created_on=date(2026, 9, 20))
    attempts = [attempt(date(2026, 9, 25), Outcome.completed, 60),
                attempt(date(2026, 1, 1), Outcome.completed, 60, who="someone else")]
    days = [day(date(2026, 9, 22), DayKind.ill)]
    assert DateRange.all_records(kid, attempts, days, TODAY).start == date(2026, 9, 20)
    assert DateRange.all_records(student(), attempts, days, TODAY).start == date(2026, 9, 22)
    assert DateRange.all_records(student(), [], [], TODAY).start == TODAY


def test_custom_range_stops_at_today_and_refuses_a_backwards_range():
    rng = DateRange.custom(date(2026, 10, 1), date(2026, 12, 1), TODAY)
    assert rng.end == TODAY  # future school days must not count as missed
    with pytest.raises(ValueError):
        DateRange.custom(date(2026, 10, 2), date(2026, 10, 1), TODAY)


def test_a_plan_that_has_not_started_yet_is_an_empty_range():
    kid = student(plan=Plan.starting(date(2026, 11, 2)))
    rng = DateRange.this_plan(kid, TODAY)
    assert rng.empty
    assert attendance(kid, [], [], rng).school_days == 0


def test_preset_for_dispatches_by_name():
    kid = student(plan=Plan.starting(date(2026, 9, 14)))
    assert DateRange.preset_for("two_weeks", kid, [], [], TODAY) == DateRange.last_two_weeks(TODAY)
    assert DateRange.preset_for("plan", kid, [], [], TODAY).start == date(2026, 9, 14)
    assert DateRange.preset_for("all", kid, [], [], TODAY).preset is RangePreset.all
    custom = DateRange.preset_for("custom", kid, [], [], TODAY, date(2026, 10, 1), date(2026, 10, 9))
    assert (custom.start, custom.end) == (date(2026, 10, 1), date(2026, 10, 9))
    with pytest.raises(ValueError):
        DateRange.preset_for("custom", kid, [], [], TODAY)


def test_select_keeps_this_student_in_range_oldest_first():
    kid = student()
    late = attempt(date(2026, 10, 9), Outcome.completed, 60)
    early = attempt(date(2026, 10, 5), Outcome.refused, 0)
    other = attempt(date(2026, 10, 6), Outcome.completed, 60, who="someone else")
    outside = attempt(date(2026, 10, 20), Outcome.completed, 60)
    chosen = select(kid, [late, other, outside, early], DateRange(date(2026, 10, 5), TODAY))
    assert chosen == [early, late]
