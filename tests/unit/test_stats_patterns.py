"""Chart series, patterns and step history, each on a small hand-counted history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reintegrate.models import (
    Attempt,
    Decision,
    Ladder,
    Morning,
    Outcome,
    ProposalKind,
    Step,
    Student,
)
from reintegrate.stats import (
    DateRange,
    before_distress,
    helped_on_successful,
    minutes_per_week,
    mornings,
    outcome_by_weekday,
    peak_distress_series,
    progress,
    step_history,
    step_positions,
    step_series,
    tag_pattern,
    trend,
)

SID = "kid"


def student() -> Student:
    steps = [
        Step(id="a", title="Drive past", planned_minutes=10),
        Step(id="b", title="One lesson", planned_minutes=60),
        Step(id="old", title="Old step", planned_minutes=20, retired=True),
        Step(id="c", title="Half day", planned_minutes=180),
    ]
    return Student(id=SID, name="Kit", ladder=Ladder(steps=steps, current_step_id="b"))


def attempt(on: date, outcome: Outcome, minutes: int | None = None, step: str = "b",
            planned: int = 60, **extra) -> Attempt:
    return Attempt(student_id=SID, on=on, step_id=step, step_title=step, planned_minutes=planned,
                   outcome=outcome, minutes_managed=minutes, **extra)


def history() -> list[Attempt]:
    """Six attempts; successful are 2, 4 and 6 (see is_success)."""
    d = lambda n: date(2026, 10, n)  # noqa: E731
    return [
        attempt(d(5), Outcome.refused, 0, triggers=["van", "noise"], symptoms=["headache"],
                distress_before=8, distress_peak=9,
                morning=Morning(woke_on_time=False,
                                behaviours=["would not get out of bed", "crying"])),   # 1 Mon
        attempt(d(6), Outcome.completed, 60, triggers=["noise"],
                helped=["parent drives", "safe space"], distress_before=3,
                distress_peak=3, morning=Morning(woke_on_time=True)),                 # 2 Tue
        attempt(d(7), Outcome.partial, 30, triggers=["van"], symptoms=["headache", "crying"],
                distress_before=6, distress_peak=7),                                  # 3 Wed
        attempt(d(8), Outcome.partial, 60, helped=["parent drives"], distress_before=4,
                distress_peak=4),                                                     # 4 Thu
        attempt(d(12), Outcome.not_started, triggers=["van"], distress_before=9,
                morning=Morning(woke_on_time=False,
                                behaviours=["would not get out of bed"])),            # 5 Mon
        attempt(d(13), Outcome.did_more, 90, helped=["safe space", "parent drives"],
                symptoms=["headache"], distress_peak=2),                              # 6 Tue
    ]


# ---------------------------------------------------------------- patterns


def test_outcome_by_weekday():
    rows = {row.name: row for row in outcome_by_weekday(student(), history())}
    assert list(rows) == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    # Monday: refused (1) and not started (5); nothing successful.
    assert rows["Monday"].attempts == 2 and rows["Monday"].successes == 0
    assert rows["Monday"].outcomes[Outcome.refused] == 1
    assert rows["Monday"].outcomes[Outcome.not_started] == 1
    # Tuesday: completed (2) and did more (6), both successful.
    assert (rows["Tuesday"].attempts, rows["Tuesday"].successes) == (2, 2)
    # Wednesday: partial 30 of 60 is unsuccessful; Thursday: partial 60 of 60 succeeds.
    assert (rows["Wednesday"].attempts, rows["Wednesday"].successes) == (1, 0)
    assert (rows["Thursday"].attempts, rows["Thursday"].successes) == (1, 1)
    assert rows["Friday"].attempts == 0  # an empty school weekday still appears


def test_weekend_attempts_add_their_own_row():
    rows = outcome_by_weekday(student(), [attempt(date(2026, 10, 10), Outcome.completed, 60)])
    assert [r.name for r in rows][-1] == "Saturday"
    assert rows[-1].successes == 1


def test_trigger_pattern_counts_each_group():
    rows = tag_pattern(history(), "triggers")
    # Unsuccessful: 1, 3, 5 (3 attempts); successful: 2, 4, 6 (3 attempts).
    # van: in 1, 3, 5 -> 3 of 3 unsuccessful, 0 of 3 successful.
    # noise: in 1 -> 1 of 3 unsuccessful; in 2 -> 1 of 3 successful.
    assert [(r.tag, r.in_unsuccessful, r.unsuccessful, r.in_successful, r.successful)
            for r in rows] == [("van", 3, 3, 0, 3), ("noise", 1, 3, 1, 3)]
    assert rows[0].unsuccessful_share == 1.0 and rows[0].successful_share == 0.0
    assert rows[1].unsuccessful_share == pytest.approx(1 / 3)


def test_tags_in_any_case_are_counted_as_one_and_said_as_first_typed():
    # Issue 25, item 3: "Ms Patel absent" typed one morning, "ms patel absent" (an older
    # record, lower-cased when saved) another: one trigger, in the family's own words.
    d = lambda n: date(2026, 10, n)  # noqa: E731
    made = [
        attempt(d(5), Outcome.refused, 0, triggers=["Ms Patel absent"]),
        attempt(d(6), Outcome.completed, 60, helped=["Ms Patel at the gate"]),
        attempt(d(7), Outcome.refused, 0, triggers=["ms patel absent"],
                morning=Morning(behaviours=["Asked to stay home with Mum"])),
        attempt(d(8), Outcome.completed, 60, helped=["ms patel at the gate"],
                morning=Morning(behaviours=["asked to stay home with mum"])),
    ]
    assert [(r.tag, r.in_unsuccessful, r.in_successful) for r in tag_pattern(made, "triggers")] == [
        ("Ms Patel absent", 2, 0)]
    assert [(r.tag, r.count, r.out_of) for r in helped_on_successful(made)] == [("Ms Patel at the gate", 2, 2)]
    assert [(r.tag, r.count) for r in mornings(made).behaviours] == [("Asked to stay home with Mum", 2)]


def test_symptom_pattern_counts_each_group():
    rows = tag_pattern(history(), "symptoms")
    # headache: 1, 3 unsuccessful and 6 successful; crying: 3 only.
    assert [(r.tag, r.in_unsuccessful, r.in_successful) for r in rows] == [
        ("headache", 2, 1), ("crying", 1, 0)]


def test_shares_are_zero_when_a_group_is_empty():
    rows = tag_pattern([attempt(date(2026, 10, 5), Outcome.refused, 0, triggers=["van"])],
                       "triggers")
    assert rows[0].successful == 0 and rows[0].successful_share == 0.0


def test_before_distress_by_result_and_outcome():
    result = before_distress(history())
    # Successful with a 'before' recorded: 3 (attempt 2), 4 (attempt 4); 6 has none.
    assert result.successful.value == pytest.approx(3.5) and result.successful.count == 2
    # Unsuccessful: 8, 6, 9.
    assert result.unsuccessful.value == pytest.approx(23 / 3) and result.unsuccessful.count == 3
    assert result.by_outcome[Outcome.partial].value == pytest.approx(5.0)  # 6 and 4
    assert result.by_outcome[Outcome.partial].count == 2
    assert result.by_outcome[Outcome.refused].value == 8
    assert result.by_outcome[Outcome.did_more].value is None
    assert result.by_outcome[Outcome.did_more].count == 0


def test_helped_on_successful_days_only():
    # Successful attempts 2, 4, 6: parent drives in all three, safe space in 2 and 6.
    rows = helped_on_successful(history())
    assert [(r.tag, r.count, r.out_of) for r in rows] == [
        ("parent drives", 3, 3), ("safe space", 2, 3)]


def test_mornings():
    result = mornings(history())
    assert [(r.tag, r.count, r.out_of) for r in result.behaviours] == [
        ("would not get out of bed", 2, 6), ("crying", 1, 6)]
    assert (result.woke_on_time, result.woke_late, result.not_recorded) == (1, 2, 3)


# ---------------------------------------------------------------- series


def test_minutes_per_week_covers_every_week_of_the_range():
    # Wed 30 Sep to Tue 13 Oct touches ISO weeks 40, 41 and 42.
    weeks = minutes_per_week(history(), DateRange(date(2026, 9, 30), date(2026, 10, 13)))
    assert [w.label for w in weeks] == ["week of 28 Sep", "week of 5 Oct", "week of 12 Oct"]
    assert [w.monday for w in weeks] == [date(2026, 9, 28), date(2026, 10, 5), date(2026, 10, 12)]
    # W41: 0 + 60 + 30 + 60 = 150.  W42: 0 + 90 = 90.
    assert [w.minutes for w in weeks] == [0, 150, 90]
    assert minutes_per_week(history(), DateRange(date(2026, 10, 2), date(2026, 10, 1))) == []


def test_peak_distress_series_skips_attempts_without_a_peak():
    assert [v for _, v in peak_distress_series(history())] == [9, 3, 7, 4, 2]


def test_trend_slope_per_week_on_an_exact_line():
    start = date(2026, 10, 5)
    points = [(start, 8), (start + timedelta(days=7), 6), (start + timedelta(days=14), 4)]
    line = trend(points)
    assert line is not None
    assert line.slope_per_week == pytest.approx(-2.0)
    assert line.at(start) == pytest.approx(8.0)
    assert line.at(start + timedelta(days=21)) == pytest.approx(2.0)
    assert line.points == 3


def test_trend_on_scattered_points():
    # x = 0, 1, 2 days; y = 1, 3, 2: mean x 1, mean y 2; slope = (-1*-1 + 0 + 1*0) / 2 = 0.5/day.
    start = date(2026, 10, 5)
    line = trend([(start, 1), (start + timedelta(days=1), 3), (start + timedelta(days=2), 2)])
    assert line.slope_per_day == pytest.approx(0.5)
    assert line.slope_per_week == pytest.approx(3.5)
    assert line.intercept == pytest.approx(1.5)


def test_no_trend_without_two_dates():
    day = date(2026, 10, 5)
    assert trend([]) is None
    assert trend([(day, 5)]) is None
    assert trend([(day, 5), (day, 7)]) is None


def test_step_positions_keep_a_retired_step_at_its_last_place():
    # Active: a=1, b=2, c=3. 'old' stood after b, so it shows as 3 and is marked retired.
    assert step_positions(student()) == {"a": (1, False), "b": (2, False), "old": (3, True),
                                         "c": (3, False)}


def test_step_series_marks_step_backs_and_unknown_steps():
    d = date(2026, 10, 5)
    attempts = [attempt(d, Outcome.completed, 10, step="a"),
                attempt(d, Outcome.completed, 60, step="b"),
                attempt(d, Outcome.completed, 20, step="old"),
                attempt(d, Outcome.refused, 0, step="a"),
                attempt(d, Outcome.completed, 5, step="gone"),
                attempt(d, Outcome.completed, 180, step="c")]
    points = step_series(student(), attempts)
    assert [p.position for p in points] == [1, 2, 3, 1, None, 3]
    assert [p.stepped_back for p in points] == [False, False, False, True, False, False]
    assert [p.retired for p in points] == [False, False, True, False, False, False]


# ---------------------------------------------------------------- decisions


def decisions() -> list[Decision]:
    def decision(n, day, kind, proposed, accepted=True, chosen=None, note=""):
        return Decision(id=f"d{n}", student_id=SID, on=date(2026, 9, day), proposal_kind=kind,
                        proposed_step_id=proposed, proposed_step_title=proposed.upper(),
                        chosen_step_id=chosen, chosen_step_title=(chosen or "").upper(),
                        accepted=accepted, note=note)
    return [
        decision(5, 29, ProposalKind.advance, "b", False, "c", "Ready for more"),  # to c: up
        decision(1, 1, ProposalKind.advance, "b"),                                # to b
        decision(2, 8, ProposalKind.repeat, "b"),                                 # same: no row
        decision(3, 15, ProposalKind.step_back, "a", False, None, "Not yet"),     # stays on b
        decision(4, 22, ProposalKind.step_back, "a"),                             # to a: back
    ]


def test_step_history_follows_accepted_and_chosen_steps():
    changes = step_history(student(), decisions())
    assert [(c.on.day, c.title, c.position, c.direction) for c in changes] == [
        (1, "B", 2, ""), (22, "A", 1, "back"), (29, "C", 3, "up")]
    assert [c.decision.id for c in changes] == ["d1", "d4", "d5"]


def test_progress_bundles_every_figure_for_the_range():
    rng = DateRange(date(2026, 9, 20), date(2026, 10, 9))
    result = progress(student(), history(), [], decisions(), rng)
    # Attempts 1-4 fall inside (5-9 Oct); 5 and 6 are after the range.
    assert len(result.attempts) == 4 and result.successes == 2
    # The step-back on 22 Sep is known to be "back" from the decision on 1 Sep.
    assert [(c.on.day, c.direction) for c in result.step_history] == [(22, "back"), (29, "up")]
    assert [d.id for d in result.decisions] == ["d4", "d5"]
    assert result.attendance.school_days == 15  # 21 Sep to 9 Oct, weekdays
    assert result.attendance.partial == 3       # 6, 7 and 8 Oct
    # Sun 20 Sep belongs to the week of Mon 14 Sep: weeks of 14, 21, 28 Sep and 5 Oct.
    assert [w.minutes for w in result.weeks] == [0, 0, 0, 150]


def test_the_first_move_in_the_records_has_a_direction_from_the_step_it_left():
    # The progress screen says "Up to step 2" for it; the report's step history agrees.
    first = decisions()[1].model_copy(update={"from_step_id": "a"})
    [change] = step_history(student(), [first])
    assert (change.title, change.direction) == ("B", "up")
