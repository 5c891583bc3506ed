"""Data statements checked against counts made by hand from school_records.py."""

from __future__ import annotations

from datetime import date

import pytest
from school_records import SAM, SINCE, TODAY, attempt_id, build_attempts, build_days, build_student

from reintegrate import stats
from reintegrate.documents import statements as st
from reintegrate.models import Attempt, Ladder, Outcome


@pytest.fixture
def sam():
    return build_student()


@pytest.fixture
def attempts():
    return build_attempts()


@pytest.fixture
def days():
    return build_days()


def _attempt(on: date, outcome: Outcome, minutes: int | None, *, step_id: str = "s", planned: int = 60, **extra) -> Attempt:
    return Attempt(
        student_id=SAM,
        on=on,
        step_id=step_id,
        step_title="Step",
        planned_minutes=planned,
        outcome=outcome,
        minutes_managed=minutes,
        **extra,
    )


# --- one definition of success and attendance -----------------------------------


def test_success_and_attendance_are_the_ones_in_stats():
    # No second copy to drift: statements count with reintegrate.stats itself.
    assert st.is_success is stats.is_success
    for name in ("classify_day", "DayClass", "FULL_DAY_MINUTES", "_minutes_in_school"):
        assert not hasattr(st, name), name


# --- attendance ----------------------------------------------------------------

# Hand count, 1 October to 19 November 2025 (calendar school days, minus Thursday
# 6 November recorded closed, minus today 19 November with nothing recorded yet):
# October: 1 2 3 6 7 8 9 10 13 14 15 16 17 20 21 22 23 24 (18; half term not counted)
#   missed: 1 (refused) 2 (ill) 9 (nothing) 16 (refused) 17 (rest) 23 (not started)
#           24 (absent) = 7
#   partial: 3 6 7 8 10 13 14 15 20 21 22 = 11 (time in the library or a lesson)
# November: 3 4 5 7 10 11 12 13 17 18 (10; 14 is the training day)
#   missed: 3 5 10 11 12 17 = 6;  partial: 4 7 13 18 = 4
# Total 28 school days: 13 missed, 15 partial, 0 full.
MISSED = [(2025, 10, d) for d in (1, 2, 9, 16, 17, 23, 24)] + [(2025, 11, d) for d in (3, 5, 10, 11, 12, 17)]
PARTIAL = [(2025, 10, d) for d in (3, 6, 7, 8, 10, 13, 14, 15, 20, 21, 22)] + [(2025, 11, d) for d in (4, 7, 13, 18)]


def test_attendance_matches_the_hand_count(sam, attempts, days):
    statement = st.attendance_statement(sam, attempts, days, SINCE, TODAY, today=TODAY)
    assert statement.sentence == "Since 1 October: 28 school days, 13 missed entirely, 15 partial, 0 full."
    assert statement.numbers == {"school_days": 28, "missed": 13, "partial": 15, "full": 0}
    assert statement.figure("missed").dates == tuple(date(*d) for d in MISSED)
    assert statement.figure("partial").dates == tuple(date(*d) for d in PARTIAL)
    # Traceable to records: the ill/rest/absent days and the refused attempts.
    missed = statement.figure("missed")
    assert set(missed.day_ids) == {"day-2025-10-02", "day-2025-10-17", "day-2025-10-24", "day-2025-11-12"}
    assert attempt_id(date(2025, 11, 17)) in missed.attempt_ids
    assert attempt_id(date(2025, 11, 18)) in statement.figure("partial").attempt_ids


def test_today_counts_once_something_is_recorded_for_it(sam, attempts, days):
    attempts.append(_attempt(TODAY, Outcome.completed, 330, step_id="step-4", planned=120))
    statement = st.attendance_statement(sam, attempts, days, SINCE, TODAY, today=TODAY)
    assert statement.numbers == {"school_days": 29, "missed": 13, "partial": 15, "full": 1}
    assert statement.figure("full").dates == (TODAY,)


def test_without_today_every_school_day_in_range_counts(sam, attempts, days):
    # A closed period in the past: 19 November counts (as missed), and the phrasing
    # names both ends.
    statement = st.attendance_statement(sam, attempts, days, SINCE, TODAY)
    assert statement.sentence == (
        "From 1 October to 19 November: 29 school days, 14 missed entirely, 15 partial, 0 full."
    )


def test_attendance_ignores_other_students_and_handles_an_empty_period(sam, attempts, days):
    other = [a.model_copy(update={"student_id": "someone-else"}) for a in attempts]
    statement = st.attendance_statement(sam, other, days, SINCE, TODAY, today=TODAY)
    # Sam's own day records still count; none of the other child's attempts do.
    assert statement.numbers["missed"] == statement.numbers["school_days"] == 28
    empty = st.attendance_statement(sam, attempts, days, date(2025, 10, 27), date(2025, 10, 31))
    assert empty.sentence == "From 27 to 31 October: no school days yet."


# --- attempts at the current step ----------------------------------------------


def test_current_step_attempts_match_the_hand_count(sam, attempts):
    # 'Morning until break' (step-4): 23 Oct not started; 3 Nov refused; 4 Nov partly
    # (60 of 120); 5 Nov refused; 7 Nov completed; 11 Nov not started; 13 Nov partly
    # (90); 17 Nov refused; 18 Nov partly (45). 9 attempts, 1 succeeded.
    statement = st.step_attempts_statement(sam, attempts, SINCE, TODAY, today=TODAY)
    assert statement.sentence == (
        "Nine attempts at 'Morning until break' since 1 October: 1 succeeded, 8 did not "
        "(3 refused, 2 not started, 3 partly done)."
    )
    assert statement.numbers["refused"] == 3
    assert statement.figure("succeeded").attempt_ids == (attempt_id(date(2025, 11, 7)),)
    assert len(statement.figure("not_succeeded").dates) == 8


def test_a_run_with_no_success_says_so(sam, attempts):
    # 11 Nov not started, 13 Nov partly, 17 Nov refused, 18 Nov partly.
    statement = st.step_attempts_statement(sam, attempts, date(2025, 11, 10), date(2025, 11, 18))
    assert statement.sentence == (
        "Four attempts at 'Morning until break' from 10 to 18 November have not succeeded "
        "(1 refused, 1 not started, 2 partly done)."
    )


def test_current_step_with_no_attempts_or_no_step(sam, attempts):
    statement = st.step_attempts_statement(sam, attempts, SINCE, date(2025, 10, 22), step_title="Mornings")
    assert statement.sentence == "No attempts yet at 'Mornings' from 1 to 22 October."
    no_step = sam.model_copy(update={"ladder": Ladder()})
    assert st.step_attempts_statement(no_step, attempts, SINCE, TODAY) is None


def test_all_successful_attempts(sam, attempts):
    sam.ladder.current_step_id = "step-3"
    # step-3 from 20 to 22 October: three completed lessons.
    statement = st.step_attempts_statement(sam, attempts, date(2025, 10, 20), date(2025, 10, 22))
    assert statement.sentence == "Three attempts at 'One lesson: art' from 20 to 22 October: all 3 succeeded."


# --- repeated unsuccessful attempts --------------------------------------------


def test_repeated_unsuccessful_matches_the_hand_count(sam, attempts):
    # Unsuccessful: 1, 13 (20 of 45 min), 16, 23 Oct; 3, 4, 5, 11, 13, 17, 18 Nov = 11 of
    # 22 attempts; after the success on 7 Nov: 11, 13, 17, 18 Nov = the last 4 in a row.
    statement = st.repeated_unsuccessful_statement(sam, attempts, SINCE, TODAY, today=TODAY)
    assert statement.sentence == "Since 1 October, 11 of 22 attempts did not succeed, including the last 4 in a row."
    assert statement.figure("latest_run").dates == tuple(date(2025, 11, d) for d in (11, 13, 17, 18))
    assert statement.numbers["not_succeeded"] == 11


def test_longest_run_when_the_latest_attempt_succeeded(sam, attempts):
    # 23 Oct, 3, 4, 5 Nov unsuccessful, then 7 Nov completed.
    statement = st.repeated_unsuccessful_statement(sam, attempts, date(2025, 10, 23), date(2025, 11, 7))
    assert statement.sentence == (
        "From 23 October to 7 November, 4 of 5 attempts did not succeed; the longest run was "
        "4 in a row, 23 October to 5 November."
    )
    assert statement.numbers["latest_run"] == 0


def test_scattered_failures_and_too_few_to_mention(sam, attempts):
    # 1 to 22 October: 13 attempts, unsuccessful on 1, 13 and 16 October, never two in a row.
    statement = st.repeated_unsuccessful_statement(sam, attempts, SINCE, date(2025, 10, 22))
    assert statement.sentence == "From 1 to 22 October, 3 of 13 attempts did not succeed."
    assert st.repeated_unsuccessful_statement(sam, attempts, SINCE, date(2025, 10, 12)) is None


# --- a trigger that concentrates in unsuccessful attempts ----------------------


def test_trigger_matches_the_hand_count(sam, attempts):
    # 'school van' in 10 of the 11 unsuccessful attempts (not 4 Nov: crowded corridor)
    # and in 1 of the 11 successful ones (21 October).
    statement = st.trigger_statement(sam, attempts, SINCE, TODAY, today=TODAY)
    assert statement.sentence == (
        "The trigger 'school van' was noted in 10 of 11 unsuccessful attempts since 1 October, "
        "and in 1 of 11 successful ones."
    )
    assert statement.figure("successful_with_trigger").attempt_ids == (attempt_id(date(2025, 10, 21)),)
    assert attempt_id(date(2025, 11, 4)) not in statement.figure("unsuccessful_with_trigger").attempt_ids


def test_trigger_uses_the_students_thresholds(sam, attempts):
    sam.settings.trigger_successful_share = 0.05  # 1 of 11 successful is now too common
    assert st.trigger_statement(sam, attempts, SINCE, TODAY) is None
    sam.settings.trigger_successful_share = 0.2
    sam.settings.trigger_min_unsuccessful = 12  # only 11 unsuccessful attempts
    assert st.trigger_statement(sam, attempts, SINCE, TODAY) is None


def test_trigger_with_no_successful_attempts(sam, attempts):
    # 11 to 18 November: four unsuccessful attempts, all with the van.
    statement = st.trigger_statement(sam, attempts, date(2025, 11, 11), date(2025, 11, 18))
    assert statement.sentence.endswith("from 11 to 18 November; there were no successful attempts to compare with.")
    assert statement.numbers["unsuccessful_with_trigger"] == 4


# --- mornings ------------------------------------------------------------------


def test_mornings_match_the_hand_count(sam, attempts):
    # 22 mornings. Would not get out of bed: 1, 13, 16, 23 Oct; 3, 5, 11, 13, 18 Nov = 9.
    # Clung to a parent: 3, 6 Oct; 3, 4, 7, 18 Nov = 6. Locked in a room: 16 Oct, 17 Nov
    # = 2 (tied with 'did not wake on time', first seen later, 23 Oct).
    # Stomach ache: 1, 16 Oct; 3, 11, 18 Nov = 5. Headache: 13, 23 Oct; 5, 13 Nov = 4.
    # Crying: 23 Oct, 17 Nov = 2.
    # Distress before, sorted: 4 4 4 5 5 5 5 5 5 6 6 6 7 7 7 7 8 8 8 8 8 9 -> median 6.
    statement = st.mornings_statement(sam, attempts, SINCE, TODAY, today=TODAY)
    assert statement.sentence == (
        "Mornings since 1 October (22 recorded): would not get out of bed on 9, clung to a "
        "parent on 6, locked in a room on 2. Symptoms noted: stomach ache on 5, headache on 4, "
        "crying on 2. Distress just before the step was recorded on 22 mornings and was typically "
        "6 out of 10 (the middle value)."
    )
    assert statement.figure("behaviour:clung to a parent").dates == (
        date(2025, 10, 3), date(2025, 10, 6), date(2025, 11, 3), date(2025, 11, 4), date(2025, 11, 7), date(2025, 11, 18),
    )
    assert len(statement.figure("median_distress_before_step").attempt_ids) == 22


def test_mornings_count_each_day_once_and_show_a_half_median(sam):
    day = date(2025, 11, 3)
    records = [
        _attempt(day, Outcome.refused, 0, distress_before=7, symptoms=["headache"]),
        _attempt(day, Outcome.partial, 20, distress_before=2, symptoms=["headache"]),
        _attempt(date(2025, 11, 4), Outcome.refused, 0, distress_before=8),
    ]
    statement = st.mornings_statement(sam, records, day, date(2025, 11, 4))
    # Two mornings; the first attempt of each day gives the distress: 7 and 8.
    assert statement.sentence == (
        "Mornings from 3 to 4 November (2 recorded). Symptoms noted: headache on 1. "
        "Distress just before the step was recorded on 2 mornings and was typically 7.5 out of 10 "
        "(the middle value)."
    )
    assert st.mornings_statement(sam, [], day, day) is None


def test_one_morning_of_distress_is_said_without_a_middle_value(sam):
    day = date(2025, 11, 3)
    records = [
        _attempt(day, Outcome.refused, 0, distress_before=7),
        _attempt(date(2025, 11, 4), Outcome.refused, 0),  # a morning with no distress noted
    ]
    statement = st.mornings_statement(sam, records, day, date(2025, 11, 4))
    # Two mornings recorded, distress on one of them: the count is of the mornings it was noted.
    assert statement.sentence == (
        "Mornings from 3 to 4 November (2 recorded). "
        "Distress just before the step was recorded on 1 morning: 7 out of 10."
    )


def test_what_changed_says_the_days_attended_as_a_sentence(sam, attempts, days):
    # The last 10 school days to 19 November against the 10 before, counted by stats.
    statement = st.change_statement(sam, attempts, days, SINCE, TODAY, today=TODAY)
    now = statement.numbers["attended_last_fortnight"]
    before = statement.numbers["attended_fortnight_before"]
    assert (
        f"Sam attended on {now} of the last 10 school days, in part or in full, against {before} of the 10 before."
    ) in statement.sentence
    assert "In the last 10 school days" not in statement.sentence


def test_back_at_the_first_step_after_others_is_not_said_to_have_stayed(sam):
    """Walk 3, finding 2: moved up on 5 Nov and back on 25 Nov, a letter said "the step
    has stayed at" the first one. The period's attempts at other steps are named."""
    current = sam.ladder.current
    records = [
        _attempt(date(2025, 11, 3), Outcome.completed, 120, step_id=current.id, planned=120),
        _attempt(date(2025, 11, 5), Outcome.partial, 90, step_id="step-5", planned=180),
        _attempt(date(2025, 11, 10), Outcome.refused, 0, step_id=current.id, planned=120),
    ]
    records[0] = records[0].model_copy(update={"step_title": current.title})
    records[1] = records[1].model_copy(update={"step_title": "Half day"})
    records[2] = records[2].model_copy(update={"step_title": current.title})
    statement = st.change_statement(sam, records, [], date(2025, 11, 3), date(2025, 11, 10), today=date(2025, 11, 10))
    assert "stayed" not in statement.sentence
    assert (f"Since 3 November, Sam has been at other steps too (attempts at 'Half day') and is back at "
            f"'{current.title}'.") in statement.sentence
    assert statement.numbers["step_direction"] == 0
    # The same step throughout is still said to have stayed.
    same = st.change_statement(sam, [records[0], records[2]], [], date(2025, 11, 3), date(2025, 11, 10),
                               today=date(2025, 11, 10))
    assert f"the step has stayed at '{current.title}'" in same.sentence


# --- the collection and the wording helpers ------------------------------------


def test_data_statements_in_letter_order(sam, attempts, days):
    kinds = [s.kind for s in st.data_statements(sam, attempts, days, SINCE, TODAY, today=TODAY)]
    assert kinds == [st.ATTENDANCE, st.CURRENT_STEP, st.REPEATED_UNSUCCESSFUL, st.TRIGGER, st.MORNINGS]
    quiet = st.data_statements(sam, [], [], SINCE, TODAY, today=TODAY)
    assert [s.kind for s in quiet] == [st.ATTENDANCE, st.CURRENT_STEP]


def test_a_missing_figure_is_a_key_error(sam, attempts, days):
    with pytest.raises(KeyError):
        st.attendance_statement(sam, attempts, days, SINCE, TODAY).figure("nonsense")


@pytest.mark.parametrize(
    ("start", "end", "today", "expected"),
    [
        (date(2025, 10, 1), date(2025, 11, 19), date(2025, 11, 19), "since 1 October"),
        (date(2025, 10, 1), date(2025, 10, 31), None, "from 1 to 31 October"),
        (date(2025, 10, 1), date(2025, 11, 19), date(2025, 12, 1), "from 1 October to 19 November"),
        (date(2025, 12, 1), date(2026, 1, 9), None, "from 1 December 2025 to 9 January 2026"),
        (date(2025, 12, 1), date(2026, 1, 9), date(2026, 1, 9), "since 1 December 2025"),
    ],
)
def test_period_phrase(start, end, today, expected):
    assert st.period_phrase(start, end, today) == expected


# --- letters and reports quote the same numbers --------------------------------

RANGES = [
    (SINCE, TODAY, TODAY),  # the plan so far: today has nothing yet, so is left out
    (SINCE, TODAY, None),  # a closed period: every school day counts
    (date(2025, 10, 1), date(2025, 10, 31), TODAY),
    (date(2025, 11, 3), date(2025, 11, 30), TODAY),  # runs past today
    (date(2025, 10, 27), date(2025, 10, 31), TODAY),  # half term: no school days
]


@pytest.mark.parametrize(("start", "end", "today"), RANGES)
def test_statement_figures_are_stats_attendance(sam, attempts, days, start, end, today):
    statement = st.attendance_statement(sam, attempts, days, start, end, today=today)
    counted = stats.attendance(sam, attempts, days, stats.DateRange(start, end), today=today)
    assert statement.numbers == {
        "school_days": counted.school_days,
        "missed": counted.missed,
        "partial": counted.partial,
        "full": counted.full,
    }
    for result in stats.DayResult:
        expected = tuple(d.on for d in counted.days if d.result is result)
        assert statement.figure(result.value).dates == expected


def test_steps_outside_school_reach_the_letters_too(sam, attempts, days):
    # Step 1 now happens outside school: its completed attempts on 3, 6 and 7 October
    # give no time in school, so those days move from partial to missed.
    sam.ladder.steps[0].in_school = False
    statement = st.attendance_statement(sam, attempts, days, SINCE, TODAY, today=TODAY)
    assert statement.numbers == {"school_days": 28, "missed": 16, "partial": 12, "full": 0}
    moved = {date(2025, 10, 3), date(2025, 10, 6), date(2025, 10, 7)}
    assert moved <= set(statement.figure("missed").dates)
    assert {attempt_id(d) for d in moved} <= set(statement.figure("missed").attempt_ids)


def _letter_and_report(household, today):
    """The meeting request and the progress report for the plan so far, on `today`."""
    from reintegrate.documents import letters
    from reintegrate.documents.reports import ReportInput, render_markdown

    student = household.students[0]
    letter = letters.render_letter("request_meeting", letters.LetterInput(
        student=student, today=today, attempts=household.attempts, days=household.days,
        contacts=household.contacts, barriers=household.barriers))
    rng = stats.DateRange.this_plan(student, today, household.attempts, household.days)
    report = ReportInput.from_household(household, student, rng, today)
    return letter, report, render_markdown(report)


@pytest.mark.parametrize("which", ["school_records", "demo"])
def test_a_letter_quotes_the_attendance_the_report_shows(which):
    from school_records import build_household

    from reintegrate.demo import demo_household

    today = TODAY if which == "school_records" else date(2026, 11, 26)
    household = build_household() if which == "school_records" else demo_household(today)
    letter, report, markdown = _letter_and_report(household, today)
    quoted = letter.statements[0]
    assert quoted.kind == st.ATTENDANCE
    figures = report.progress().attendance
    assert quoted.numbers == {"school_days": figures.school_days, "missed": figures.missed,
                              "partial": figures.partial, "full": figures.full}
    # Word for word: the sentence in the letter is the one in the report's summary.
    assert quoted.sentence in letter.body
    assert quoted.sentence in markdown
