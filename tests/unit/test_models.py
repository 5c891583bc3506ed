"""The models are the one gate every record passes: forms, the data file and imports.

Validation problems must come back as sentences a tired parent can act on, never as
pydantic's own wording or a field path."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from reintegrate.models import (
    Attempt,
    Closure,
    Contact,
    DayKind,
    DayStatus,
    Decision,
    Household,
    Ladder,
    Morning,
    Outcome,
    Plan,
    PlannerSettings,
    SchoolCalendar,
    Step,
    Student,
    clean_tags,
    has_tag,
    plain_errors,
    tag_key,
)

DAY = date(2026, 11, 2)
ATTEMPT = dict(
    student_id="s1", on=DAY, step_id="st1", step_title="Sit outside the gate", planned_minutes=15, outcome="completed"
)


def sentences(model, **fields) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        model(**fields)
    return plain_errors(caught.value, model)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"distress_peak": 11}, "Peak distress must be a whole number from 0 to 10."),
        ({"distress_before": -1}, "Distress before must be a whole number from 0 to 10."),
        ({"distress_after": 42}, "Distress after must be a whole number from 0 to 10."),
        ({"minutes_managed": "ten"}, "Minutes managed must be a whole number."),
        ({"minutes_managed": 1441}, "Minutes managed must be a whole number from 0 to 1440."),
        ({"planned_minutes": 0}, "Planned minutes must be a whole number from 1 to 600."),
        ({"on": "yesterday"}, "Date is not a date or time this app understands."),
        ({"notes": "x" * 4001}, "Notes is too long (at most 4000 characters)."),
        ({"step_title": "   "}, "Step title cannot be empty."),
        ({"colour": "red"}, "'colour' is not a field this app knows."),
        ({"outcome": "maybe"}, "Outcome must be one of: 'completed', 'partial', 'not_started', 'refused' or 'did_more'."),
        ({"triggers": ["  "]}, "Triggers cannot be empty."),
    ],
)
def test_attempt_problems_read_as_sentences(fields, expected):
    assert sentences(Attempt, **{**ATTEMPT, **fields}) == [expected]


def test_a_missing_field_is_named_by_its_title():
    fields = {k: v for k, v in ATTEMPT.items() if k != "on"}
    assert sentences(Attempt, **fields) == ["Date is missing."]


def test_every_problem_is_reported_not_just_the_first():
    found = sentences(Attempt, **{**ATTEMPT, "distress_peak": 11, "distress_after": -2})
    assert found == [
        "Peak distress must be a whole number from 0 to 10.",
        "Distress after must be a whole number from 0 to 10.",
    ]


def test_a_nested_field_is_named_by_its_own_title():
    found = sentences(Attempt, **{**ATTEMPT, "morning": {"left_home_at": "25:00"}})
    assert found == ["Left home at is not a date or time this app understands."]


def test_sentences_never_quote_what_was_typed():
    typed = "she screamed at the gate"
    found = sentences(Attempt, **{**ATTEMPT, "distress_peak": typed, "child_words": "x" * 4001 + typed})
    assert found and all(typed not in sentence for sentence in found)


@pytest.mark.parametrize("outcome", [Outcome.refused, Outcome.not_started])
def test_no_minutes_when_the_step_was_not_started_or_refused(outcome):
    assert sentences(Attempt, **{**ATTEMPT, "outcome": outcome, "minutes_managed": 5}) == [
        f"Minutes managed should be 0 when the outcome is '{outcome.label}'."
    ]
    assert Attempt(**{**ATTEMPT, "outcome": outcome, "minutes_managed": 0}).minutes_managed == 0
    assert Attempt(**{**ATTEMPT, "outcome": outcome}).minutes_managed is None


@pytest.mark.parametrize("outcome", [Outcome.completed, Outcome.partial, Outcome.did_more])
def test_minutes_are_allowed_with_any_other_outcome(outcome):
    assert Attempt(**{**ATTEMPT, "outcome": outcome, "minutes_managed": 20}).minutes_managed == 20


def test_reached_planned_minutes():
    assert Attempt(**{**ATTEMPT, "minutes_managed": 15}).reached_planned_minutes
    assert not Attempt(**{**ATTEMPT, "minutes_managed": 14}).reached_planned_minutes
    assert not Attempt(**ATTEMPT).reached_planned_minutes


def test_tags_are_trimmed_kept_as_typed_and_deduplicated_in_any_case():
    # Issue 25, item 3: the family's words keep their capitals; "School Van" and
    # "school van" are still one tag, its first spelling kept.
    attempt = Attempt(**{**ATTEMPT, "triggers": [" School Van", "noise ", "school van", "NOISE", "Crowded corridor"]})
    assert attempt.triggers == ["School Van", "noise", "Crowded corridor"]
    step = Step(title="Gate", planned_minutes=5, supports=["short predictable handover to Ms Patel",
                                                             "Short predictable  handover to ms patel "])
    assert step.supports == ["short predictable handover to Ms Patel"]
    assert Morning(behaviours=["Crying", "crying"]).behaviours == ["Crying"]
    assert clean_tags(["Van,", "  school VAN ", "van,"]) == ["Van,", "school VAN"]
    # Records already lower-cased stay as they are.
    assert Step(title="Gate", planned_minutes=5, supports=["ms patel"]).supports == ["ms patel"]
    assert tag_key(" Ms  Patel ") == tag_key("ms patel") and has_tag(["Ms Patel absent"], "ms patel ABSENT")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.text(alphabet=" \tVvAaNn\n", max_size=6), max_size=4))
def test_tags_tidied_by_the_quick_tests_are_the_same_as_tidied_one_by_one(values):
    """The quick road for the usual lists (empty, one tidy tag) and the joined test for
    a space, tab or line break say what testing each tag in turn said."""
    from reintegrate.models.base import _dedupe

    tidy = values
    if any("  " in v or "\t" in v or "\n" in v for v in values):
        tidy = [" ".join(v.split()) for v in values]
    expected = [t for i, t in enumerate(tidy) if t.casefold() not in {u.casefold() for u in tidy[:i]}]
    assert _dedupe(list(values)) == expected


def test_text_is_trimmed_and_assignment_is_validated():
    attempt = Attempt(**{**ATTEMPT, "notes": "  went well  "})
    assert attempt.notes == "went well"
    with pytest.raises(ValidationError):
        attempt.distress_peak = 11


def test_records_get_distinct_ids():
    assert Attempt(**ATTEMPT).id != Attempt(**ATTEMPT).id


def _ladder_steps():
    return [Step(title="Drive past", planned_minutes=10), Step(title="Gate", planned_minutes=15)]


def test_ladder_current_step_must_be_on_the_ladder():
    steps = _ladder_steps()
    ladder = Ladder(steps=steps, current_step_id=steps[1].id)
    assert ladder.current == steps[1]
    assert ladder.position(steps[1].id) == 2
    assert sentences(Ladder, steps=steps, current_step_id="elsewhere") == ["The current step is not on the ladder."]


def test_ladder_current_step_cannot_be_retired():
    steps = _ladder_steps()
    steps[0] = steps[0].model_copy(update={"retired": True})
    assert sentences(Ladder, steps=steps, current_step_id=steps[0].id) == ["The current step has been retired."]
    ladder = Ladder(steps=steps, current_step_id=steps[1].id)
    assert ladder.active == [steps[1]]
    assert ladder.position(steps[0].id) is None
    assert ladder.position(steps[1].id) == 1


def test_ladder_steps_have_distinct_ids():
    step = Step(title="Gate", planned_minutes=5)
    assert sentences(Ladder, steps=[step, step]) == ["Two steps share one id."]


def test_an_empty_ladder_has_no_current_step():
    assert Ladder().current is None


def test_plan_starting_reviews_after_six_weeks_by_default():
    plan = Plan.starting(DAY)
    assert (plan.start, plan.review_on) == (DAY, date(2026, 12, 14))
    assert Plan.starting(DAY, weeks=2).review_on == date(2026, 11, 16)
    assert sentences(Plan, start=DAY, review_on=date(2026, 11, 1)) == [
        "The review date must be on or after the plan start."
    ]


def test_calendar_weekdays_are_sorted_unique_and_not_empty():
    assert SchoolCalendar(weekdays=[4, 0, 0, 2]).weekdays == [0, 2, 4]
    assert sentences(SchoolCalendar, weekdays=[]) == ["Choose at least one school weekday."]
    assert sentences(SchoolCalendar, weekdays=[7]) == ["School weekdays must be a whole number from 0 to 6."]


def test_closure_must_end_on_or_after_its_start():
    assert Closure(start=DAY, end=DAY).covers(DAY)
    assert sentences(Closure, start=DAY, end=date(2026, 11, 1)) == ["A closure must end on or after the day it starts."]


def test_other_records_explain_their_own_rules():
    assert sentences(PlannerSettings, pause_days=5, pause_window=3) == [
        "Days of extreme distress cannot exceed the window they are counted in."
    ]
    assert sentences(Decision, student_id="s", on=DAY, proposal_kind="advance", accepted=False) == [
        "Say briefly why the proposal was not followed."
    ]
    assert sentences(Contact, student_id="s", on=DAY, due_on=date(2026, 11, 1)) == [
        "The response cannot be due before the contact was made."
    ]
    assert sentences(Student, name=" ") == ["Name cannot be empty."]
    assert sentences(DayStatus, student_id="s", on=DAY, kind="holiday") == [
        "Day must be one of: 'closed', 'ill', 'agreed_rest' or 'absent'."
    ]


def test_labels_for_every_outcome_and_day_kind():
    assert {o.label for o in Outcome} == {"Completed", "Partly", "Not started", "Refused", "Did more"}
    assert DayKind.agreed_rest.label == "Rest day agreed with the team"


def test_a_household_round_trips_through_json():
    student = Student(name="Mina", ladder=Ladder(steps=_ladder_steps()))
    attempt = Attempt(
        **{**ATTEMPT, "student_id": student.id, "morning": {"woke_on_time": False, "left_home_at": time(8, 40)}}
    )
    household = Household(students=[student], attempts=[attempt])
    assert Household.model_validate_json(household.model_dump_json()) == household
