"""Ladder operations: each returns a new ladder, leaves the old one alone, and says why
when a change cannot be made."""

from __future__ import annotations

from datetime import date

import pytest

from reintegrate.ladder import (
    LadderError,
    LadderHistory,
    add_step,
    add_support,
    append_template,
    edit_step,
    from_template,
    mastered_ids,
    move_step,
    restore_step,
    retire_step,
    set_current,
    split_step,
    step_stats,
)
from reintegrate.ladder.templates import LadderTemplate, TemplateStep
from reintegrate.models import Attempt, Ladder, Outcome, Step


def make_ladder(*minutes: int, current: int | None = 0) -> Ladder:
    """Steps titled A, B, C, ... with the given planned minutes and ids a, b, c, ..."""
    steps = [
        Step(id=chr(ord("a") + n), title=chr(ord("A") + n), planned_minutes=m)
        for n, m in enumerate(minutes)
    ]
    return Ladder(steps=steps, current_step_id=steps[current].id if current is not None else None)


def titles(ladder: Ladder) -> list[str]:
    return [s.title for s in ladder.active]


@pytest.fixture
def six() -> Ladder:
    return make_ladder(10, 15, 20, 30, 45, 60, current=2)


def unchanged(before_dump: dict, ladder: Ladder) -> bool:
    return ladder.model_dump() == before_dump


# --- add ----------------------------------------------------------------------------


def test_add_step_goes_on_top_by_default(six):
    before = six.model_dump()
    new = add_step(six, Step(id="z", title="Z", planned_minutes=90))
    assert titles(new) == ["A", "B", "C", "D", "E", "F", "Z"]
    assert new.current_step_id == "c"
    assert unchanged(before, six)


def test_add_step_after_and_before_a_step(six):
    after = add_step(six, Step(id="z", title="Z", planned_minutes=12), after_id="a")
    assert titles(after) == ["A", "Z", "B", "C", "D", "E", "F"]
    before = add_step(six, Step(id="z", title="Z", planned_minutes=5), before_id="a")
    assert titles(before) == ["Z", "A", "B", "C", "D", "E", "F"]


def test_add_step_rejects_unclear_or_unknown_places_and_duplicates(six):
    step = Step(id="z", title="Z", planned_minutes=5)
    with pytest.raises(LadderError, match="not both"):
        add_step(six, step, after_id="a", before_id="b")
    with pytest.raises(LadderError, match="not on this ladder"):
        add_step(six, step, after_id="nope")
    with pytest.raises(LadderError, match="already on the ladder"):
        add_step(six, Step(id="a", title="Again", planned_minutes=5))


def test_first_step_on_an_empty_ladder_becomes_current():
    new = add_step(Ladder(), Step(title="Drive past", planned_minutes=10))
    assert new.current is not None and new.current.title == "Drive past"


def test_new_ladder_shares_no_step_objects_with_the_old(six):
    new = add_step(six, Step(id="z", title="Z", planned_minutes=5))
    new.steps[0].title = "Changed in place"
    assert six.steps[0].title == "A"


# --- edit ---------------------------------------------------------------------------


def test_edit_step_changes_fields_and_normalises_supports(six):
    before = six.model_dump()
    new = edit_step(six, "b", title="Sit in the car park", planned_minutes=25, supports=["Parent drives", " parent  drives"])
    step = new.step("b")
    assert (step.title, step.planned_minutes, step.supports) == ("Sit in the car park", 25, ["Parent drives"])
    assert unchanged(before, six)


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        ({"planned_minutes": 0}, "Planned minutes must be a whole number from 1 to 600."),
        ({"planned_minutes": "ten"}, "Planned minutes must be a whole number."),
        ({"title": "   "}, "Title cannot be empty."),
        ({"expected_difficulty": 11}, "Expected difficulty must be a whole number from 0 to 10."),
        ({"colour": "blue"}, "'colour' is not a field this app knows."),
    ],
)
def test_edit_step_explains_invalid_values_in_plain_sentences(six, changes, sentence):
    with pytest.raises(LadderError) as caught:
        edit_step(six, "b", **changes)
    assert sentence in caught.value.sentences


def test_edit_step_refuses_id_and_retired_and_unknown_steps(six):
    with pytest.raises(LadderError, match="id cannot be changed"):
        edit_step(six, "b", id="x")
    with pytest.raises(LadderError, match="Retire or restore"):
        edit_step(six, "b", retired=True)
    with pytest.raises(LadderError, match="not on this ladder"):
        edit_step(six, "nope", title="X")


def test_editing_a_step_does_not_change_what_past_attempts_say(six):
    step = six.step("c")
    attempt = Attempt(
        student_id="s",
        on=date(2025, 3, 3),
        step_id=step.id,
        step_title=step.title,
        planned_minutes=step.planned_minutes,
        outcome=Outcome.completed,
        minutes_managed=20,
    )
    recorded = attempt.model_dump()
    edited = edit_step(six, "c", title="Forty minutes in the safe room", planned_minutes=40)
    assert edited.step("c").title == "Forty minutes in the safe room"
    assert attempt.model_dump() == recorded
    assert (attempt.step_title, attempt.planned_minutes) == ("C", 20)
    assert attempt.reached_planned_minutes
    # Still counted against the same step, whatever it is called now.
    assert step_stats(edited, [attempt])["c"] == (1, Outcome.completed)


# --- move ---------------------------------------------------------------------------


def test_move_step_up_and_down(six):
    assert titles(move_step(six, "c", 1)) == ["A", "B", "D", "C", "E", "F"]
    assert titles(move_step(six, "c", -1)) == ["A", "C", "B", "D", "E", "F"]
    assert titles(move_step(six, "c", -10)) == ["C", "A", "B", "D", "E", "F"]
    assert move_step(six, "c", 1).current_step_id == "c"


def test_move_step_at_the_ends_says_so(six):
    with pytest.raises(LadderError, match="already the first"):
        move_step(six, "a", -1)
    with pytest.raises(LadderError, match="already the last"):
        move_step(six, "f", 1)


def test_move_step_skips_retired_steps_which_keep_their_slots(six):
    ladder = retire_step(six, "d")
    moved = move_step(ladder, "c", 1)
    assert titles(moved) == ["A", "B", "E", "C", "F"]
    assert [s.id for s in moved.steps][3] == "d"  # the retired step did not move
    with pytest.raises(LadderError, match="retired"):
        move_step(ladder, "d", 1)


# --- split --------------------------------------------------------------------------


def test_split_step_prefills_two_halves_and_retires_the_original(six):
    six = edit_step(six, "e", supports=["safe space"], place="Safe room", expected_difficulty=6)
    before = six.model_dump()
    new, first, second = split_step(six, "e")
    assert titles(new) == ["A", "B", "C", "D", "E (first part)", "E (second part)", "F"]
    assert (first.planned_minutes, second.planned_minutes) == (22, 23)
    for part in (first, second):
        assert (part.place, part.supports, part.expected_difficulty) == ("Safe room", ["safe space"], 6)
        assert part.id not in {"e"} and not part.retired
    assert new.step("e").retired and new.step("e").title == "E"
    assert new.current_step_id == "c"
    assert unchanged(before, six)


def test_splitting_the_current_step_makes_the_first_part_current(six):
    new, first, _ = split_step(six, "c")
    assert new.current_step_id == first.id
    assert new.position(first.id) == 3


def test_split_keeps_long_titles_within_the_limit_and_one_minute_steps_valid():
    ladder = Ladder(steps=[Step(id="x", title="W" * 80, planned_minutes=1)], current_step_id="x")
    new, first, second = split_step(ladder, "x")
    assert len(first.title) <= 80 and first.title.endswith("(first part)")
    assert len(second.title) <= 80 and second.title.endswith("(second part)")
    assert first.planned_minutes == second.planned_minutes == 1


def test_split_refuses_retired_steps(six):
    with pytest.raises(LadderError, match="retired"):
        split_step(retire_step(six, "b"), "b")


# --- retire and restore ---------------------------------------------------------------


def test_retire_current_moves_current_to_the_step_below(six):
    new = retire_step(six, "c")
    assert new.current_step_id == "b"
    assert new.step("c").retired and titles(new) == ["A", "B", "D", "E", "F"]


def test_retire_first_step_when_current_moves_current_up():
    ladder = make_ladder(10, 20, 30, current=0)
    assert retire_step(ladder, "a").current_step_id == "b"


def test_retire_skips_retired_neighbours_when_moving_current(six):
    ladder = retire_step(six, "b")
    assert retire_step(ladder, "c").current_step_id == "a"


def test_the_last_active_step_cannot_be_retired():
    ladder = retire_step(make_ladder(10, 20, current=1), "a")
    with pytest.raises(LadderError, match="only step left"):
        retire_step(ladder, "b")


def test_retire_twice_and_unknown_steps_are_explained(six):
    with pytest.raises(LadderError, match="retired"):
        retire_step(retire_step(six, "b"), "b")
    with pytest.raises(LadderError, match="not on this ladder"):
        retire_step(six, "nope")


def test_restore_puts_a_step_back_in_its_old_place(six):
    restored = restore_step(retire_step(six, "d"), "d")
    assert titles(restored) == titles(six)
    with pytest.raises(LadderError, match="nothing to restore"):
        restore_step(six, "d")


# --- current, templates ---------------------------------------------------------------


def test_set_current(six):
    assert set_current(six, "e").current_step_id == "e"
    with pytest.raises(LadderError, match="Restore it first"):
        set_current(retire_step(six, "e"), "e")
    with pytest.raises(LadderError, match="not on this ladder"):
        set_current(six, "nope")


def small_template() -> LadderTemplate:
    return LadderTemplate(
        id="tiny",
        name="Tiny",
        steps=[TemplateStep(title=t, planned_minutes=m) for t, m in [("One", 10), ("Two", 15)]],
    )


def test_from_template_gives_fresh_ids_and_starts_at_the_first_step():
    one, two = from_template(small_template()), from_template(small_template())
    assert titles(one) == ["One", "Two"]
    assert one.current_step_id == one.steps[0].id
    assert not {s.id for s in one.steps} & {s.id for s in two.steps}


def test_append_template_adds_on_top_and_keeps_the_current_step(six):
    new = append_template(six, small_template())
    assert titles(new) == ["A", "B", "C", "D", "E", "F", "One", "Two"]
    assert new.current_step_id == "c"
    assert len({s.id for s in new.steps}) == len(new.steps)


# --- history ------------------------------------------------------------------------


def test_history_undoes_changes_newest_first(six):
    history = LadderHistory()
    one = history.record(six, move_step(six, "c", 1), "Move 'C' up")
    two = history.record(one, retire_step(one, "a"), "Retire 'A'")
    assert history.undo_label == "Retire 'A'"
    assert history.undo() == one
    assert history.undo() == six
    assert not history.can_undo
    with pytest.raises(LadderError, match="nothing to undo"):
        history.undo()
    assert two != one


def test_history_ignores_changes_that_changed_nothing_and_keeps_a_limit(six):
    history = LadderHistory(limit=3)
    history.record(six, edit_step(six, "a", title="A"))
    assert len(history) == 0
    ladder = six
    for minutes in range(11, 16):
        ladder = history.record(ladder, edit_step(ladder, "a", planned_minutes=minutes))
    assert len(history) == 3
    assert history.undo().step("a").planned_minutes == 14


def test_history_keeps_its_own_copies(six):
    history = LadderHistory()
    history.push(six)
    six.steps[0].title = "Changed in place"
    assert history.undo().steps[0].title == "A"


# --- reading ------------------------------------------------------------------------


def test_mastered_ids_are_the_active_steps_below_the_current_one(six):
    assert mastered_ids(six) == {"a", "b"}
    assert mastered_ids(retire_step(six, "a")) == {"b"}
    assert mastered_ids(make_ladder(10, 20, current=None)) == set()
    assert mastered_ids(set_current(six, "a")) == set()


def attempt(step_id: str, on: date, outcome: Outcome) -> Attempt:
    return Attempt(
        student_id="s", on=on, step_id=step_id, step_title="T", planned_minutes=10, outcome=outcome
    )


def test_step_stats_counts_attempts_and_finds_the_latest_outcome(six):
    attempts = [
        attempt("c", date(2025, 3, 5), Outcome.completed),
        attempt("c", date(2025, 3, 3), Outcome.refused),
        attempt("b", date(2025, 3, 1), Outcome.partial),
        attempt("b", date(2025, 3, 1), Outcome.did_more),
        attempt("gone", date(2025, 3, 1), Outcome.partial),
    ]
    stats = step_stats(retire_step(six, "b"), attempts)
    assert stats["c"] == (2, Outcome.completed)
    assert stats["b"].count == 2 and stats["b"].last_outcome is Outcome.did_more
    assert stats["a"] == (0, None)
    assert "gone" not in stats and set(stats) == {s.id for s in six.steps}


# --- a suggested support --------------------------------------------------------------


def test_add_support_adds_the_app_s_words_once(six):
    before = six.model_dump()
    new = add_support(six, "c", "a short predictable handover to a trusted adult")
    assert new.step("c").supports == ["a short predictable handover to a trusted adult"]
    assert new.current_step_id == "c" and unchanged(before, six)
    with pytest.raises(LadderError, match="already has the support"):
        add_support(new, "c", "A Short Predictable Handover to a Trusted Adult ")
