"""Two copies of one household that went their own ways, merged: in either order, as
often as you like, the same records, and no version lost without being kept aside."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from reintegrate.models import Attempt, Household, Ladder, Outcome, Step, Student, Tombstone
from reintegrate.store import conflicts
from reintegrate.store.merge import KINDS, content, merged, plan_merge

START = datetime(2026, 11, 2, 8, tzinfo=UTC)
DAY = date(2026, 11, 2)


def base() -> Household:
    students = []
    for n, name in enumerate(["Mina", "Sam"]):
        steps = [Step(id=f"s{n}-{k}", title=f"Step {k}", planned_minutes=5 + k) for k in range(3)]
        students.append(Student(id=f"stu{n}", name=name, ladder=Ladder(steps=steps, current_step_id=steps[0].id),
                                changed_at=START))
    attempts = [
        Attempt(id=f"att{k}", student_id=f"stu{k % 2}", on=DAY + timedelta(days=k), step_id=f"s{k % 2}-0",
                step_title="Step 0", planned_minutes=5, outcome=Outcome.completed, minutes_managed=5,
                changed_at=START)
        for k in range(4)
    ]
    return Household(students=students, attempts=attempts)


# (operation, which record, minutes after START: few values, so equal times happen)
operations = st.lists(
    st.tuples(
        st.sampled_from(["edit", "delete", "add", "ladder", "delete_student"]),
        st.integers(min_value=0, max_value=5),
        st.integers(min_value=0, max_value=4),
    ),
    max_size=6,
)


def diverge(ops, side: str) -> Household:
    household = base()
    records = {"students": list(household.students), "attempts": list(household.attempts)}
    tombstones: list[Tombstone] = []
    for number, (op, which, minutes) in enumerate(ops):
        when = START + timedelta(minutes=minutes)
        if op == "edit" and records["attempts"]:
            attempt = records["attempts"][which % len(records["attempts"])]
            attempt.notes = f"{side} {number}"
            attempt.changed_at = when
        elif op == "delete" and records["attempts"]:
            attempt = records["attempts"].pop(which % len(records["attempts"]))
            tombstones.append(Tombstone(id=attempt.id, kind="attempts", deleted_at=when))
        elif op == "add" and records["students"]:
            student = records["students"][which % len(records["students"])]
            records["attempts"].append(Attempt(
                id=f"{side}{number}", student_id=student.id, on=DAY + timedelta(days=which % 3),
                step_id=student.ladder.steps[0].id, step_title="Step 0", planned_minutes=5,
                outcome=Outcome.refused, minutes_managed=0, changed_at=when,
            ))
        elif op == "ladder" and records["students"]:
            student = records["students"][which % len(records["students"])]
            student.ladder = Ladder(steps=[*student.ladder.steps, Step(title=f"{side} {number}", planned_minutes=9)],
                                    current_step_id=student.ladder.current_step_id)
            student.changed_at = when
        elif op == "delete_student" and records["students"]:
            student = records["students"].pop(which % len(records["students"]))
            tombstones.append(Tombstone(id=student.id, kind="students", deleted_at=when))
            for attempt in [a for a in records["attempts"] if a.student_id == student.id]:
                records["attempts"].remove(attempt)
                tombstones.append(Tombstone(id=attempt.id, kind="attempts", deleted_at=when))
    return Household(students=records["students"], attempts=records["attempts"], tombstones=tombstones)


def versions(household: Household) -> set[str]:
    """What the records say (not when they changed: a merge joins their histories)."""
    return {kind + content(r) for kind in KINDS for r in getattr(household, kind)}


@settings(max_examples=150, deadline=None)
@given(operations, operations)
def test_merging_is_order_free_repeatable_and_loses_nothing(ops_a, ops_b):
    a, b = diverge(ops_a, "a"), diverge(ops_b, "b")
    both = merged(a, b)
    assert both == merged(b, a)
    assert merged(both, a) == both and merged(both, b) == both
    assert versions(merged(a, a)) == versions(a)  # a copy merged with itself is itself

    plan = plan_merge(a, b, "b.json", set())
    assert plan.result == both
    kept_aside = {conflicts.key(v.kind, v.record) for v in plan.set_aside}
    aside = {v.kind + content(v.record) for v in plan.set_aside}
    assert versions(a) | versions(b) <= versions(both) | aside, "a version vanished unseen"

    again = plan_merge(both, b, "b.json", kept_aside)
    assert not again.changes_anything and not again.kept_ours and not again.not_brought_back

    # Every attempt left belongs to a student left: nothing points at a deleted child.
    students = {s.id for s in both.students}
    assert all(a.student_id in students for a in both.attempts)
    # A record and its own tombstone never both survive.
    alive = {(kind, r.id) for kind in KINDS for r in getattr(both, kind)}
    assert not alive & {(t.kind, t.id) for t in both.tombstones}
