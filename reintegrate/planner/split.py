"""The in-between step proposed when the gap between two steps looks too large."""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from reintegrate.models import Step, has_tag
from reintegrate.planner.words import q


def _fresh_id(step: Step, lower: Step | None, minutes: int, taken: Collection[str]) -> str:
    """An id derived from what the split is made of, so proposing twice over the same
    records gives the same proposal, and never one already on the ladder."""
    seed = f"split:{step.id}:{lower.id if lower else ''}:{minutes}"
    for n in range(len(taken) + 1):
        candidate = hashlib.sha256(f"{seed}:{n}".encode()).hexdigest()[:32]
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable: more candidates tried than ids taken")


def make_split(step: Step, lower: Step | None, taken: Collection[str]) -> Step:
    """A concrete step between `lower` and `step`: the harder step's place, for fewer
    minutes (half way between the two, or half of them), keeping the supports the
    easier step relied on. `taken` are the ids already on the ladder."""
    high = step.planned_minutes
    low = lower.planned_minutes if lower is not None else 0
    middle = (low + high) / 2 if 0 < low < high else high / 2
    minutes = 5 * round(middle / 5) if middle >= 20 else round(middle)
    floor, ceiling = max(1, low + 1), max(1, high - 1)
    minutes = min(max(minutes, floor), ceiling) if floor <= ceiling else max(1, high // 2)
    kept = [t for t in (lower.supports if lower else []) if not has_tag(step.supports, t)]
    pieces = []
    if minutes < high:
        pieces.append(f"{minutes} min")
    if kept:
        pieces.append("with " + ", ".join(kept))
    if not pieces:
        pieces.append("with one extra support")
    suffix = f" ({'; '.join(pieces)})"
    base = step.title
    if len(base) + len(suffix) > 80:
        base = base[: max(1, 79 - len(suffix))].rstrip() + "…"
    title = (base + suffix)[:80]
    # Only what the step is: the dialog's own instructions stay in the dialog. The place is
    # named in brackets, as the family wrote it, not run into the sentence.
    parts = [f"the same place ({step.place})"] if step.place else []
    if minutes < high:
        parts.append(f"{minutes} minutes instead of {high}")
    if kept and lower is not None:
        parts.append(f"keeping the supports from {q(lower.title)} ({', '.join(kept)})")
    if minutes >= high and not kept:
        parts.append("with one extra support agreed with the school")
    difficulty = None
    if lower is not None and lower.expected_difficulty is not None and step.expected_difficulty is not None:
        difficulty = round((lower.expected_difficulty + step.expected_difficulty) / 2)
    return Step(
        id=_fresh_id(step, lower, minutes, taken),
        title=title,
        description=f"An in-between step before {q(step.title)}: {', '.join(parts)}.",
        place=step.place,
        planned_minutes=minutes,
        supports=[*step.supports, *kept],
        expected_difficulty=difficulty,
    )
