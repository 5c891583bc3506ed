"""Whatever a family does to the ladder, in any order, it stays a valid ladder."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reintegrate.ladder import (
    LadderError,
    LadderHistory,
    add_step,
    edit_step,
    move_step,
    restore_step,
    retire_step,
    set_current,
    split_step,
)
from reintegrate.models import Ladder, Step

OPERATIONS = ["add", "add_after", "edit", "move", "split", "retire", "restore", "set_current", "undo"]

edits = st.lists(
    st.tuples(
        st.sampled_from(OPERATIONS),
        st.integers(min_value=0, max_value=40),  # which step
        st.integers(min_value=-4, max_value=4),  # how far to move
        st.integers(min_value=-1, max_value=700),  # minutes: some of them invalid
    ),
    max_size=30,
)


def apply(name: str, ladder: Ladder, target: str, delta: int, minutes: int) -> Ladder:
    if name == "add":
        return add_step(ladder, Step(title=f"New {minutes}", planned_minutes=max(1, minutes % 600)))
    if name == "add_after":
        return add_step(ladder, Step(title="Between", planned_minutes=5), after_id=target)
    if name == "edit":
        title = "" if minutes % 7 == 0 else f"Edited {minutes}"
        return edit_step(ladder, target, title=title, planned_minutes=minutes)
    if name == "move":
        return move_step(ladder, target, delta)
    if name == "split":
        return split_step(ladder, target)[0]
    if name == "retire":
        return retire_step(ladder, target)
    if name == "restore":
        return restore_step(ladder, target)
    assert name == "set_current"
    return set_current(ladder, target)


def assert_valid(ladder: Ladder) -> None:
    assert Ladder.model_validate(ladder.model_dump()) == ladder
    ids = [step.id for step in ladder.steps]
    assert len(ids) == len(set(ids))
    assert ladder.active, "a ladder that had an active step always keeps one"
    current = ladder.current
    assert current is not None and not current.retired
    assert [ladder.position(step.id) for step in ladder.active] == list(range(1, len(ladder.active) + 1))
    assert all(ladder.position(step.id) is None for step in ladder.steps if step.retired)


@settings(max_examples=200, deadline=None)
@given(start=st.integers(min_value=1, max_value=8), current=st.integers(min_value=0, max_value=7), sequence=edits)
def test_any_sequence_of_edits_leaves_a_valid_ladder(start, current, sequence):
    steps = [Step(title=f"Step {n}", planned_minutes=10 * (n + 1)) for n in range(start)]
    ladder = Ladder(steps=steps, current_step_id=steps[current % start].id)
    history = LadderHistory()
    earlier: list[Ladder] = []
    for name, pick, delta, minutes in sequence:
        snapshot = ladder.model_dump()
        if name == "undo":
            if history.can_undo:
                ladder = history.undo()
                assert ladder == earlier.pop()
            else:
                assert not earlier
            assert_valid(ladder)
            continue
        target = ladder.steps[pick % len(ladder.steps)].id
        try:
            changed = apply(name, ladder, target, delta, minutes)
        except LadderError as error:
            assert error.sentences and all(s.endswith(".") for s in error.sentences)
            changed = ladder
        assert ladder.model_dump() == snapshot, f"{name} changed the ladder it was given"
        if changed != ladder:
            earlier.append(ladder)
        ladder = history.record(ladder, changed, name)
        assert_valid(ladder)
