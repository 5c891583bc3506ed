"""Gentle hints about the ladder's shape: each appears when it should, and only then."""

from __future__ import annotations

from reintegrate.ladder import hints, retire_step
from reintegrate.models import Ladder, Step


def ladder(*specs: tuple[str, int], **first_fields) -> Ladder:
    steps = [Step(title=title, planned_minutes=minutes) for title, minutes in specs]
    if first_fields:
        steps[0] = steps[0].model_copy(update=first_fields)
    return Ladder(steps=steps, current_step_id=steps[0].id if steps else None)


def even(count: int) -> Ladder:
    return ladder(*[(f"Step {n}", 10) for n in range(count)])


def test_a_well_shaped_ladder_gets_no_hints():
    assert hints(even(5)) == []
    assert hints(even(20)) == []


def test_too_few_and_too_many_steps():
    assert hints(Ladder()) == ["The ladder has no steps yet. Start from a template, or add a first small step."]
    (few,) = hints(even(4))
    assert few.startswith("The ladder has 4 steps.") and "at least 5" in few
    assert hints(even(1))[0].startswith("The ladder has 1 step.")
    (many,) = hints(even(21))
    assert many.startswith("The ladder has 21 steps.") and "More than 20" in many


def test_retired_steps_do_not_count():
    five = even(5)
    assert hints(retire_step(five, five.steps[2].id))[0].startswith("The ladder has 4 steps.")


def test_a_big_jump_names_both_steps():
    shaped = ladder(("Car park", 15), ("Safe room", 30), ("One lesson", 61), ("Two lessons", 100), ("Half day", 180))
    (jump,) = hints(shaped)
    assert "'One lesson' (61 minutes)" in jump
    assert "'Safe room' (30 minutes)" in jump
    # Exactly twice is still a manageable step.
    assert hints(ladder(("A", 15), ("B", 30), ("C", 60), ("D", 120), ("E", 240))) == []


def test_a_jump_is_measured_across_retired_steps():
    shaped = ladder(("A", 10), ("B", 15), ("C", 20), ("D", 35), ("E", 60), ("F", 70))
    assert hints(shaped) == []
    (jump,) = hints(retire_step(shaped, shaped.steps[3].id))
    assert "'E' (60 minutes)" in jump and "'C' (20 minutes)" in jump


def test_a_hard_first_step_is_the_steps_rating_not_the_childs():
    shaped = ladder(*[(f"Step {n}", 10) for n in range(5)], expected_difficulty=6)
    (hint,) = hints(shaped, child_name="Sam")
    assert hint.startswith("The first step, 'Step 0', is rated 6 out of 10 for difficulty.")
    assert "Sam rated" not in hint  # whose rating it is is not known: a template suggests one
    assert hints(ladder(*[(f"Step {n}", 10) for n in range(5)], expected_difficulty=5)) == []
    assert hints(shaped)[0].endswith("makes for an easier start for the child; an easier step could be added below it.")


def test_supports_not_yet_arranged_are_named_with_the_steps_that_need_them():
    steps = [
        Step(title="Car park", planned_minutes=10, supports=["parent drives"]),
        Step(title="Safe room", planned_minutes=15, supports=["parent drives", "safe space"]),
        Step(title="Lesson", planned_minutes=20, supports=["safe space", "flexible arrival"]),
        Step(title="Two lessons", planned_minutes=30, supports=["safe space"]),
        Step(title="Half day", planned_minutes=40, supports=["flexible arrival"], retired=True),
        Step(title="Day", planned_minutes=60),
    ]
    shaped = Ladder(steps=steps, current_step_id=steps[0].id)
    assert hints(shaped) == []  # not asked about supports
    found = hints(shaped, arranged_supports={"Parent Drives"})
    assert found == [
        "The support 'safe space' is not arranged yet; 'Safe room' and 2 other steps rely on it.",
        "The support 'flexible arrival' is not arranged yet; 'Lesson' relies on it.",
    ]
    assert hints(shaped, arranged_supports={"parent drives", "safe space", "flexible arrival"}) == []
    two = hints(shaped, arranged_supports={"parent drives", "flexible arrival"})
    assert len(two) == 1 and "'Safe room' and 2 other steps" in two[0]
    steps[3] = steps[3].model_copy(update={"retired": True})
    pair = Ladder(steps=steps[:4] + steps[5:], current_step_id=steps[0].id)
    assert "'Safe room' and 'Lesson' rely on it" in hints(pair, arranged_supports={"parent drives", "flexible arrival"})[-1]
