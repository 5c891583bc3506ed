"""A count and its word agree in number in every planner and statement sentence.

"What they feared did not happen in 1 of the last attempt" read on every surface for two
weeks: the sentences are built from counts, so they are checked over histories of 0, 1
and 2 attempts (and thresholds of 1 and 2), where "1 attempts" and "the last attempt"
go wrong.
"""

from __future__ import annotations

import re
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_planner_support import TODAY

from reintegrate.documents.statements import change_statement, data_statements
from reintegrate.models import (
    Attempt,
    CameTrue,
    Ladder,
    Outcome,
    PlannerSettings,
    SchoolCalendar,
    Step,
    Student,
)
from reintegrate.planner import propose
from reintegrate.planner.purpose import prediction_sentence

EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NOUNS = r"attempt|day|time|step|minute|morning|week|one|refusal|support"
ADJ = r"(?:(?:good|school|unsuccessful|successful|more|recorded) )?"
NUMBER = r"(?<![\d:.])"
WRONG = [
    # One thing, a plural word: '1 attempts', 'One good attempts', '1 school days'.
    re.compile(rf"{NUMBER}\b(?:1|[Oo]ne) {ADJ}(?:{NOUNS})s\b"),
    # Several (or none), a singular word: '2 attempt', '0 good attempt'.
    re.compile(rf"{NUMBER}\b(?:0|[2-9]|\d\d+|Two|Three|Four|Five) {ADJ}(?:{NOUNS})\b(?!s)"),
    # 'n of the last attempt': a share of a single thing.
    re.compile(r"\b(?:\d+|[Oo]ne|[Nn]o) of (?:the last|the) (?:\w+ )?(?:attempt|day|one)\b(?!s)"),
    # 'the last 1 attempt'.
    re.compile(r"\bthe last 1\b"),
]


def disagreements(text: str) -> list[str]:
    return [m.group(0) for pattern in WRONG for m in pattern.finditer(text)]


def test_the_checker_finds_what_the_family_read() -> None:
    assert disagreements("What they feared did not happen in 1 of the last attempt where it was noted.")
    assert disagreements("Moving up starts again: 1 good attempts in a row are needed.")
    assert disagreements("and in 0 of 1 successful ones.")
    assert disagreements("partly, 0 of 1 minutes")
    assert not disagreements("2 of the last 3 attempts at 'Half day, 15 minutes' completed (Tue 24 Nov).")
    assert not disagreements("What they feared did not happen on the last attempt where it was noted.")


def _step(i: int, minutes: int) -> Step:
    return Step(id=f"s{i}", title=f"Step {i}", planned_minutes=minutes)


@st.composite
def small_histories(draw) -> tuple[Student, list[Attempt]]:
    """0, 1 or 2 attempts (sometimes a few more), thresholds of 1 and 2."""
    small = st.integers(1, 2)
    limits = PlannerSettings(
        advance_after_successes=draw(small),
        step_back_after_failures=draw(small),
        split_after_step_backs=draw(small),
        pause_days=1,
        pause_window=draw(small),
        pause_peak=draw(st.integers(5, 10)),
        step_back_peak=draw(st.integers(5, 10)),
        trigger_min_unsuccessful=draw(small),
        trigger_unsuccessful_share=0.5,
        trigger_successful_share=draw(st.sampled_from([0.0, 1.0])),
        advance_on_expectancy=draw(st.booleans()),
    )
    steps = [_step(i, draw(st.sampled_from([1, 2, 30]))) for i in range(3)]
    current = draw(st.sampled_from(steps))
    student = Student(
        id="kid", name="Sam", calendar=SchoolCalendar(weekdays=[0, 1, 2, 3, 4]),
        settings=limits, ladder=Ladder(steps=steps, current_step_id=current.id),
    )
    n = draw(st.sampled_from([0, 1, 2, 2, 3]))
    back = sorted(draw(st.lists(st.integers(0, 20), min_size=n, max_size=n, unique=True)), reverse=True)
    attempts = []
    for offset in back:
        on = TODAY - timedelta(days=offset)
        step = current if draw(st.integers(0, 4)) else draw(st.sampled_from(steps))
        outcome = draw(st.sampled_from(list(Outcome)))
        managed = None
        if outcome is Outcome.partial:
            managed = draw(st.none() | st.integers(0, step.planned_minutes))
        attempts.append(Attempt(
            student_id="kid", on=on, step_id=step.id, step_title=step.title,
            planned_minutes=step.planned_minutes, outcome=outcome, minutes_managed=managed,
            distress_peak=draw(st.none() | st.integers(0, 10)),
            distress_before=draw(st.none() | st.integers(0, 10)),
            triggers=draw(st.lists(st.just("noise"), max_size=1)),
            prediction_came_true=draw(st.none() | st.sampled_from(list(CameTrue))),
        ))
    return student, attempts


@EXAMPLES
@given(small_histories())
def test_the_planner_counts_agree(history) -> None:
    student, attempts = history
    proposal = propose(student, attempts, [], TODAY)
    for sentence in [proposal.headline, *proposal.reasons, *proposal.review_reasons]:
        assert not disagreements(sentence), sentence


@EXAMPLES
@given(small_histories())
def test_the_statements_counts_agree(history) -> None:
    student, attempts = history
    start = TODAY - timedelta(days=30)
    found = data_statements(student, attempts, [], start, TODAY, today=TODAY)
    change = change_statement(student, attempts, [], start, TODAY, today=TODAY)
    for statement in [*found, *([change] if change else [])]:
        assert not disagreements(statement.sentence), statement.sentence


@given(st.lists(st.sampled_from(list(CameTrue)), min_size=1, max_size=7))
def test_what_they_feared_counts_agree(noted: list[CameTrue]) -> None:
    attempts = [
        Attempt(student_id="kid", on=TODAY - timedelta(days=i), step_id="s0", step_title="Step 0",
                planned_minutes=30, outcome=Outcome.completed, prediction_came_true=came)
        for i, came in enumerate(noted)
    ]
    sentence = prediction_sentence(attempts)
    assert sentence is not None and not disagreements(sentence), sentence
