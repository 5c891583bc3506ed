"""The versions a merge kept aside, in a family's words, and taken out once decided."""

from __future__ import annotations

from datetime import UTC, date, datetime

from reintegrate.models import Attempt, Contact, Household, Ladder, Outcome, Step, Student
from reintegrate.store.conflicts import conflicts_file, discard, keep, read, review
from reintegrate.store.merge import SetAside

TODAY = date(2026, 11, 26)
THEN = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 25, 8, 10, tzinfo=UTC)


def household() -> tuple[Household, Student, Attempt]:
    steps = [Step(id="a", title="Drive past", planned_minutes=5), Step(id="b", title="Sit in the car park",
                                                                        planned_minutes=10)]
    sam = Student(id="sam", name="Sam", ladder=Ladder(steps=steps, current_step_id="a"), changed_at=NOW)
    attempt = Attempt(id="att", student_id="sam", on=date(2026, 11, 24), step_id="a", step_title="Drive past",
                      planned_minutes=5, outcome=Outcome.partial, minutes_managed=3, notes="Dad's notes",
                      changed_at=NOW)
    return Household(students=[sam], attempts=[attempt]), sam, attempt


def test_each_version_is_said_beside_the_record_now_and_goes_once_decided(tmp_path):
    records, sam, attempt = household()
    path = conflicts_file(tmp_path / "reintegrate.json")
    moved = sam.ladder.model_copy(update={"current_step_id": "b"})
    gone = Contact(id="gone", student_id="sam", on=date(2026, 11, 20), person="Mrs Lopes", changed_at=THEN)
    orphan = Contact(id="orphan", student_id="someone-deleted", on=date(2026, 11, 20), changed_at=THEN)
    keep(path, [
        SetAside("attempts", attempt.model_copy(update={"notes": "Mum's notes", "changed_at": THEN}),
                 "this computer", "replaced by a later change made on the other computer"),
        SetAside("students", sam.model_copy(update={"ladder": moved, "changed_at": THEN}), "dad.json",
                 "this computer's version was changed later"),
        SetAside("contacts", gone, "dad.json", "deleted on this computer"),
        SetAside("contacts", orphan, "dad.json", "deleted on this computer"),
    ], NOW)
    found = review(path, records)
    assert [v.title for v in found] == [
        "a student's contact with the school on Fri 20 Nov 2026",
        "Sam's contact with the school on Fri 20 Nov 2026",
        "The student Sam",
        "Sam's attempt on Tue 24 Nov 2026",
    ]
    orphan_v, gone_v, sam_v, attempt_v = found
    assert attempt_v.lines == (
        "Kept aside on Wed 25 Nov 2026 at 08:10 UTC: this computer's version, saved on Tue 24 Nov 2026 at 19:00 UTC. "
        "Why: replaced by a later change made on the other computer.",
        "In the records now: a version saved on Wed 25 Nov 2026 at 08:10 UTC.",
        "What differs: Notes.",
        "  Notes: kept aside “Mum's notes”, now “Dad's notes”",
    )
    assert attempt_v.from_here and attempt_v.can_keep
    assert sam_v.differs == ("Ladder",)
    assert "  Ladder: kept aside “2 steps, now at Sit in the car park”, now “2 steps, now at Drive past”" in sam_v.lines
    assert gone_v.current is None and gone_v.can_keep and "nothing (it is deleted here)" in gone_v.lines[1]
    assert not orphan_v.can_keep and "student is no longer in the records" in orphan_v.why_not

    discard(path, attempt_v.key)
    assert [e["id"] for e in read(path)] == ["sam", "gone", "orphan"]
    discard(path, attempt_v.key)  # already gone: nothing changes
    assert len(read(path)) == 3


def test_a_kind_of_outcome_is_said_in_the_apps_words(tmp_path):
    """Walk 3, finding 7: the screen said 'kept aside “partial”, now “not_started”'."""
    records, _, attempt = household()
    path = conflicts_file(tmp_path / "reintegrate.json")
    keep(path, [SetAside("attempts", attempt.model_copy(update={"outcome": Outcome.not_started, "minutes_managed": 0,
                                                              "changed_at": THEN}),
                         "this computer", "replaced by a later change made on the other computer")], NOW)
    [version] = review(path, records)
    assert f"  Outcome: kept aside “{Outcome.not_started.label}”, now “{Outcome.partial.label}”" in version.lines
