"""Changing the ladder: pure operations that return a new Ladder and never touch the old.

Because every change yields a new value, undo is simply going back to an earlier
value (LadderHistory), and the screen can show a change before anything is saved.
Steps are never deleted: a retired step stays in the list so that attempts made at it
still point at something. Retired steps also keep their place, so restoring one puts
it back roughly where it was.

Order is easiest first: "below" a step means earlier in the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from pydantic import ValidationError

from reintegrate.ladder.templates import LadderTemplate, template_steps
from reintegrate.models import Attempt, Ladder, Outcome, Step, has_tag, new_id, plain_errors, tag_key, tag_keys

# Step.title's max_length in models.py; a split of a longest-possible title is tested.
TITLE_MAX = 80

# Gentle-hint thresholds (DESIGN: ladders of small steps; big jumps are where people
# drop out).
FEWEST_STEPS = 5
MOST_STEPS = 20
GAP_FACTOR = 2
FIRST_STEP_DIFFICULTY_MAX = 5


class LadderError(ValueError):
    """A change that cannot be made, explained in sentences the family can act on."""

    def __init__(self, sentences: list[str] | str):
        self.sentences = [sentences] if isinstance(sentences, str) else list(sentences)
        super().__init__(" ".join(self.sentences))


# --- building blocks -------------------------------------------------------------


def _build(steps: list[Step], current_step_id: str | None) -> Ladder:
    """A new validated Ladder from copies of `steps`.

    Steps are copied so that no Step object is shared between the old and the new
    ladder (models are mutable; a shared one edited in place would rewrite history).
    A ladder with active steps always has a current step afterwards: the first one,
    until the family chooses another.
    """
    copies = [step.model_copy(deep=True) for step in steps]
    if current_step_id is None:
        current_step_id = next((step.id for step in copies if not step.retired), None)
    # Every operation checks what the family asked for before getting here, so a
    # ValidationError from this line is a bug, and is deliberately not turned into a
    # LadderError that would look like an ordinary "cannot do that".
    return Ladder(steps=copies, current_step_id=current_step_id)


def _index(ladder: Ladder, step_id: str) -> int:
    for index, step in enumerate(ladder.steps):
        if step.id == step_id:
            return index
    raise LadderError("That step is not on this ladder.")


def _active_step(ladder: Ladder, step_id: str, doing: str) -> tuple[int, Step]:
    index = _index(ladder, step_id)
    step = ladder.steps[index]
    if step.retired:
        raise LadderError(f"'{step.title}' is retired. Restore it first to {doing} it.")
    return index, step


def _titled(title: str, suffix: str) -> str:
    """`title` + `suffix`, shortening the title so the result still fits."""
    room = TITLE_MAX - len(suffix)
    if len(title) > room:
        title = title[: max(room - 1, 1)].rstrip() + "…"
    return title + suffix


# --- operations ---------------------------------------------------------------------


def add_step(
    ladder: Ladder,
    step: Step,
    *,
    after_id: str | None = None,
    before_id: str | None = None,
) -> Ladder:
    """The ladder with `step` added after `after_id`, before `before_id`, or at the end.

    The end is the top of the ladder (the hardest step); retired steps count as
    places too, so adding after a retired step puts the new one just above it.
    """
    if after_id is not None and before_id is not None:
        raise LadderError("Choose where the new step goes: after one step or before one, not both.")
    if ladder.step(step.id) is not None:
        raise LadderError(f"'{step.title}' is already on the ladder.")
    steps = list(ladder.steps)
    if after_id is not None:
        position = _index(ladder, after_id) + 1
    elif before_id is not None:
        position = _index(ladder, before_id)
    else:
        position = len(steps)
    steps.insert(position, step)
    return _build(steps, ladder.current_step_id)


def edit_step(ladder: Ladder, step_id: str, **changes: object) -> Ladder:
    """The ladder with one step's fields changed, validated as a whole step.

    Attempts already recorded keep the title and minutes they were made with.
    """
    index = _index(ladder, step_id)
    if "id" in changes:
        raise LadderError("A step's id cannot be changed.")
    if "retired" in changes:
        raise LadderError("Retire or restore the step instead of editing whether it is retired.")
    data = ladder.steps[index].model_dump()
    data.update(changes)
    try:
        edited = Step.model_validate(data)
    except ValidationError as error:
        raise LadderError(plain_errors(error, Step)) from error
    steps = list(ladder.steps)
    steps[index] = edited
    return _build(steps, ladder.current_step_id)


def add_support(ladder: Ladder, step_id: str, support: str) -> Ladder:
    """The ladder with `support` added to a step's supports, in the words given (a
    support the app suggests, so the app counts it as matched). A support the step has
    already, in any case, is not added twice: LadderError says so."""
    step = ladder.steps[_index(ladder, step_id)]
    if has_tag(step.supports, support):
        raise LadderError(f"'{step.title}' already has the support '{support.strip()}'.")
    return edit_step(ladder, step_id, supports=[*step.supports, support])


def move_step(ladder: Ladder, step_id: str, delta: int) -> Ladder:
    """The ladder with an active step moved `delta` places (negative: easier, down).

    Retired steps keep their slots; only the order of active steps changes. Moving
    past either end stops at the end; a move that cannot happen at all says why.
    """
    _, step = _active_step(ladder, step_id, "move")
    active = ladder.active
    here = next(i for i, s in enumerate(active) if s.id == step_id)
    there = min(max(here + delta, 0), len(active) - 1)
    if delta and there == here:
        where = "first (easiest)" if delta < 0 else "last (hardest)"
        raise LadderError(f"'{step.title}' is already the {where} step.")
    reordered = list(active)
    reordered.insert(there, reordered.pop(here))
    slots = iter(reordered)
    steps = [s if s.retired else next(slots) for s in ladder.steps]
    return _build(steps, ladder.current_step_id)


def split_step(ladder: Ladder, step_id: str) -> tuple[Ladder, Step, Step]:
    """Replace a step that is too big a jump with two smaller ones, for the user to edit.

    The two new steps copy the original (place, supports, description, the child's
    rating) with half the minutes each. The original is retired rather than removed,
    so attempts made at it keep pointing at it; if it was the current step, the first
    part becomes current.
    """
    index, original = _active_step(ladder, step_id, "split")
    minutes = original.planned_minutes
    base = original.model_dump(exclude={"id", "title", "planned_minutes", "retired"})
    first = Step(
        **base,
        id=new_id(),
        title=_titled(original.title, " (first part)"),
        planned_minutes=max(1, minutes // 2),
    )
    second = Step(
        **base,
        id=new_id(),
        title=_titled(original.title, " (second part)"),
        planned_minutes=max(1, minutes - minutes // 2),
    )
    steps = list(ladder.steps)
    steps[index] = original.model_copy(update={"retired": True})
    steps[index + 1 : index + 1] = [first, second]
    current = first.id if ladder.current_step_id == step_id else ladder.current_step_id
    new = _build(steps, current)
    return new, new.step(first.id), new.step(second.id)  # type: ignore[return-value]


def retire_step(ladder: Ladder, step_id: str) -> Ladder:
    """The ladder without this step among the active ones; it is kept for history.

    If it was the current step, the nearest active step below it (easier) becomes
    current, or the one above it if it was the first. The last active step cannot be
    retired: a ladder always needs a step for today.
    """
    index, step = _active_step(ladder, step_id, "retire")
    active = ladder.active
    if len(active) == 1:
        raise LadderError(
            f"'{step.title}' is the only step left on the ladder, so it cannot be retired. "
            "Add another step first."
        )
    current = ladder.current_step_id
    if current == step_id:
        here = next(i for i, s in enumerate(active) if s.id == step_id)
        current = active[here - 1].id if here > 0 else active[here + 1].id
    steps = list(ladder.steps)
    steps[index] = step.model_copy(update={"retired": True})
    return _build(steps, current)


def restore_step(ladder: Ladder, step_id: str) -> Ladder:
    """The ladder with a retired step back among the active ones, in its old place."""
    index = _index(ladder, step_id)
    step = ladder.steps[index]
    if not step.retired:
        raise LadderError(f"'{step.title}' is already on the ladder; there is nothing to restore.")
    steps = list(ladder.steps)
    steps[index] = step.model_copy(update={"retired": False})
    return _build(steps, ladder.current_step_id)


def set_current(ladder: Ladder, step_id: str) -> Ladder:
    """The ladder with this (active) step as the one being practised now."""
    _active_step(ladder, step_id, "practise")
    return _build(list(ladder.steps), step_id)


def from_template(template: LadderTemplate) -> Ladder:
    """A new ladder with the template's steps; the first step is current."""
    return _build(template_steps(template), None)


def append_template(ladder: Ladder, template: LadderTemplate) -> Ladder:
    """The ladder with a template's steps (fresh ids) added above the existing ones."""
    return _build(list(ladder.steps) + template_steps(template), ladder.current_step_id)


# --- undo ---------------------------------------------------------------------------


class LadderHistory:
    """Earlier ladder values, newest last, so the screen can undo the last changes.

    Usage: `after = history.record(before, split_step(before, id)[0], "Split 'X'")`,
    then `history.undo()` gives `before` back.
    """

    def __init__(self, limit: int = 50):
        self.limit = limit
        self._entries: list[tuple[Ladder, str]] = []

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def can_undo(self) -> bool:
        return bool(self._entries)

    @property
    def undo_label(self) -> str | None:
        """What undo would take back, e.g. "Split 'Half day'", or None."""
        return self._entries[-1][1] if self._entries else None

    def push(self, before: Ladder, label: str = "") -> None:
        """Remember `before`, the ladder as it was just before a change."""
        self._entries.append((before.model_copy(deep=True), label))
        del self._entries[: -self.limit]

    def record(self, before: Ladder, after: Ladder, label: str = "") -> Ladder:
        """Remember `before` if the change did anything; returns `after` for chaining."""
        if after != before:
            self.push(before, label)
        return after

    def undo(self) -> Ladder:
        """The ladder as it was before the last recorded change."""
        if not self._entries:
            raise LadderError("There is nothing to undo.")
        ladder, _ = self._entries.pop()
        return ladder.model_copy(deep=True)

    def clear(self) -> None:
        self._entries.clear()


# --- reading the ladder -------------------------------------------------------------


def mastered_ids(ladder: Ladder) -> set[str]:
    """Active steps below the current one: those the child has already moved past."""
    current = ladder.current_step_id
    if current is None:
        return set()
    mastered: set[str] = set()
    for step in ladder.active:
        if step.id == current:
            return mastered
        mastered.add(step.id)
    return set()


class StepStats(NamedTuple):
    count: int
    last_outcome: Outcome | None


def step_stats(ladder: Ladder, attempts: Iterable[Attempt]) -> dict[str, StepStats]:
    """For every step on the ladder (retired too): how many attempts, and the latest outcome.

    "Latest" is by date; attempts on the same date count in the order given.
    """
    counts = {step.id: 0 for step in ladder.steps}
    latest: dict[str, Attempt] = {}
    for attempt in attempts:
        if attempt.step_id not in counts:
            continue
        counts[attempt.step_id] += 1
        seen = latest.get(attempt.step_id)
        if seen is None or attempt.on >= seen.on:
            latest[attempt.step_id] = attempt
    return {
        step_id: StepStats(count, latest[step_id].outcome if step_id in latest else None)
        for step_id, count in counts.items()
    }


def hints(
    ladder: Ladder,
    arranged_supports: set[str] | None = None,
    *,
    child_name: str | None = None,
) -> list[str]:
    """Gentle suggestions about the ladder's shape. They never block a change."""
    found: list[str] = []
    active = ladder.active
    count = len(active)
    if count == 0:
        found.append("The ladder has no steps yet. Start from a template, or add a first small step.")
    elif count < FEWEST_STEPS:
        noun = "step" if count == 1 else "steps"
        found.append(
            f"The ladder has {count} {noun}. Ladders usually work best with at least "
            f"{FEWEST_STEPS} small steps, so that each move up is a small one."
        )
    elif count > MOST_STEPS:
        found.append(
            f"The ladder has {count} steps. More than {MOST_STEPS} can make progress feel "
            "slow; some neighbouring steps might be combined."
        )
    for lower, upper in zip(active, active[1:]):
        if upper.planned_minutes > GAP_FACTOR * lower.planned_minutes:
            found.append(
                f"'{upper.title}' ({upper.planned_minutes} minutes) is more than twice as "
                f"long as the step below it, '{lower.title}' ({lower.planned_minutes} "
                "minutes). A step in between could make that move easier."
            )
    if active and (active[0].expected_difficulty or 0) > FIRST_STEP_DIFFICULTY_MAX:
        first = active[0]
        # Whose rating it is is not known (a template suggests one; the family may have
        # asked the child), so it is said as the step's rating, never as the child's.
        who = child_name or "the child"
        found.append(
            f"The first step, '{first.title}', is rated {first.expected_difficulty} out of 10 "
            f"for difficulty. A first step rated {FIRST_STEP_DIFFICULTY_MAX} or lower makes for "
            f"an easier start for {who}; an easier step could be added below it."
        )
    if arranged_supports is not None:
        found.extend(_support_hints(active, tag_keys(arranged_supports)))
    return found


def _support_hints(active: list[Step], arranged: set[str]) -> list[str]:
    users: dict[str, list[Step]] = {}
    shown: dict[str, str] = {}
    for step in active:
        for support in step.supports:
            if tag_key(support) not in arranged:
                shown.setdefault(tag_key(support), support)
                users.setdefault(tag_key(support), []).append(step)
    sentences = []
    for key, steps in users.items():
        support = shown[key]
        if len(steps) == 1:
            who = f"'{steps[0].title}' relies on it"
        elif len(steps) == 2:
            who = f"'{steps[0].title}' and '{steps[1].title}' rely on it"
        else:
            who = f"'{steps[0].title}' and {len(steps) - 1} other steps rely on it"
        sentences.append(f"The support '{support}' is not arranged yet; {who}.")
    return sentences
