"""Two copies of one household that went their own ways, merged: in either order, as
often as you like, the same records, and no version lost without being kept aside."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reintegrate.models import Attempt, Household, Ladder, Outcome, Step, Student, Tombstone
from reintegrate.models.student import STUDENT_PARTS
from reintegrate.store import conflicts
from reintegrate.store.changes import part_dates
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
        st.sampled_from(["edit", "delete", "add", "ladder", "rename", "delete_student"]),
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
            if attempt.changed_at != when:  # as the store dates a save (`changes.restamp`)
                attempt.replaces = [*attempt.replaces, attempt.changed_at]
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
        elif op in ("ladder", "rename") and records["students"]:
            student = records["students"][which % len(records["students"])]
            if op == "ladder":
                student.ladder = Ladder(steps=[*student.ladder.steps, Step(title=f"{side} {number}",
                                                                           planned_minutes=9)],
                                        current_step_id=student.ladder.current_step_id)
            else:
                student.name = f"{student.name.split()[0]} {side}{number}"
            # As the store dates a save: only the part that changed (`changes.restamp`).
            part = "ladder" if op == "ladder" else "name"
            dates = {p: part_dates(student, p) for p in STUDENT_PARTS}
            dates[part] = [d for d in dates[part] if d != when] + [when]
            student.part_changes = dates
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
# A clock that went back on one side, for a student the other side deleted: the ladder's
# history came out of order, and merging the result again reordered it.
@example([("delete_student", 0, 0), ("ladder", 0, 2), ("ladder", 0, 0), ("ladder", 0, 1)],
         [("delete_student", 1, 0)])
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
    # A version either survives, is kept aside, or is an earlier version of the one that
    # survived (edited since on the other side: nothing in it was lost).
    survivors = {(kind, r.id): r for kind in KINDS for r in getattr(both, kind)}
    for side in (a, b):
        for kind in KINDS:
            for record in getattr(side, kind):
                if kind + content(record) in versions(both) | aside:
                    continue
                later = survivors.get((kind, record.id))
                assert later is not None, "a version vanished unseen"
                if kind != "students":
                    assert record.changed_at in later.replaces, "a version vanished unseen"
                    continue
                # A student: each part survives, or is an earlier version of the part that did.
                for part in STUDENT_PARTS:
                    if getattr(record, part) != getattr(later, part):
                        assert part_dates(record, part)[-1] in part_dates(later, part)[:-1], \
                            f"the {part} of a student vanished unseen"

    again = plan_merge(both, b, "b.json", kept_aside)
    assert not again.changes_anything and not again.kept_ours and not again.not_brought_back

    # Every attempt left belongs to a student left: nothing points at a deleted child.
    students = {s.id for s in both.students}
    assert all(a.student_id in students for a in both.attempts)
    # A record and its own tombstone never both survive.
    alive = {(kind, r.id) for kind in KINDS for r in getattr(both, kind)}
    assert not alive & {(t.kind, t.id) for t in both.tombstones}
