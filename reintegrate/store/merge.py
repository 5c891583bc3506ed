"""Two homes, one record: merging a copy of the records made on another computer.

Records are matched by id. The merged records are a pure function of the two copies
(`merged`), the same whichever copy is merged into which, and merging the same copy
again changes nothing:

- a record only one copy has is kept; one both have and that differs: the later
  `changed_at` wins (equal times: the larger canonical JSON, so the choice never
  depends on the order);
- a tombstone (a deletion) wins over a record last changed at or before it; a record
  changed after it was deleted elsewhere comes back, and its tombstone goes;
- a record whose student is gone (deleted on one computer) goes with the student.

Nothing is dropped unseen: every version that does not survive (this computer's or
the other's) is kept in the conflicts file beside the data file (`conflicts`), and the
plan lists each change before anything is written (`plan_merge`, then `apply_merge`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pydantic import BaseModel

import reintegrate.store.conflicts as conflicts
from reintegrate.models import Household, Student, Tombstone
from reintegrate.store.errors import SaveFailed
from reintegrate.store.tables import TABLES

# Kinds of record a family makes, by their household field; tombstones are apart.
KINDS: dict[str, type[BaseModel]] = {table: model for model, table in TABLES.items() if model is not Tombstone}
_NEVER = datetime.min.replace(tzinfo=UTC)


def canonical(record: BaseModel) -> str:
    """The record as one deterministic string: compared, and kept, by this."""
    return json.dumps(record.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def changed_at(record: BaseModel) -> datetime:
    return getattr(record, "changed_at", None) or _NEVER


def _rank(record: BaseModel) -> tuple[datetime, str]:
    return changed_at(record), canonical(record)


def merged(ours: Household, theirs: Household) -> Household:
    """The records both copies end up with; symmetric, and idempotent."""
    tombstones: dict[tuple[str, str], Tombstone] = {}
    for tombstone in [*ours.tombstones, *theirs.tombstones]:
        key = (tombstone.kind, tombstone.id)
        held = tombstones.get(key)
        if held is None or (tombstone.deleted_at, canonical(tombstone)) > (held.deleted_at, canonical(held)):
            tombstones[key] = tombstone
    kept: dict[str, list[BaseModel]] = {}
    for kind in KINDS:
        versions: dict[str, BaseModel] = {}
        for record in [*getattr(ours, kind), *getattr(theirs, kind)]:
            held = versions.get(record.id)
            if held is None or _rank(record) > _rank(held):
                versions[record.id] = record
        kept[kind] = [
            record for record_id, record in sorted(versions.items())
            if (kind, record_id) not in tombstones or tombstones[(kind, record_id)].deleted_at < changed_at(record)
        ]
    students = {s.id for s in kept["students"]}
    for kind, model in KINDS.items():
        if "student_id" in model.model_fields:
            kept[kind] = [r for r in kept[kind] if r.student_id in students]
        # Changed after it was deleted elsewhere, and still here: it is no longer deleted.
        for record in kept[kind]:
            tombstones.pop((kind, record.id), None)
    return Household(**kept, tombstones=[tombstones[key] for key in sorted(tombstones)])


@dataclass(frozen=True)
class SetAside:
    """A version that does not survive the merge, for the conflicts file."""

    kind: str
    record: BaseModel
    source: str  # "this computer" or the other copy's file name
    why: str


@dataclass
class MergePlan:
    """What merging would change here, worked out before anything is written."""

    source: str
    result: Household
    added: list[tuple[str, BaseModel]] = field(default_factory=list)
    updated: list[tuple[str, BaseModel, BaseModel]] = field(default_factory=list)  # (kind, ours, theirs)
    kept_ours: list[tuple[str, BaseModel, BaseModel]] = field(default_factory=list)  # ours is later
    deleted: list[tuple[str, BaseModel, str]] = field(default_factory=list)  # (kind, ours, why)
    not_brought_back: list[tuple[str, BaseModel]] = field(default_factory=list)
    tombstones: list[Tombstone] = field(default_factory=list)  # new or later, to write
    set_aside: list[SetAside] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.updated or self.deleted or self.tombstones or self.set_aside)


def plan_merge(ours: Household, theirs: Household, source: str, already_kept: set[str]) -> MergePlan:
    """Compare this copy with the other; `already_kept` holds `conflicts.key`s of the
    versions the conflicts file has, so a repeated merge sets nothing aside twice."""
    result = merged(ours, theirs)
    plan = MergePlan(source, result)
    here_deleted = {(t.kind, t.id): t for t in ours.tombstones}
    there_deleted = {(t.kind, t.id): t for t in result.tombstones}
    kept = set(already_kept)

    def set_aside(kind: str, record: BaseModel, where: str, why: str) -> bool:
        key = conflicts.key(kind, record)
        if key in kept:
            return False
        kept.add(key)
        plan.set_aside.append(SetAside(kind, record, where, why))
        return True

    for kind in KINDS:
        mine = {r.id: r for r in getattr(ours, kind)}
        other = {r.id: r for r in getattr(theirs, kind)}
        final = {r.id: r for r in getattr(result, kind)}
        for record_id in sorted(mine.keys() | other.keys()):
            o, t, r = mine.get(record_id), other.get(record_id), final.get(record_id)
            if o is None and r is not None:
                plan.added.append((kind, r))
                if (kind, record_id) in here_deleted:
                    plan.notes.append(f"{describe(kind, r, result)}, deleted here, was changed later on the other "
                                      "computer, so it is back.")
            elif o is not None and r is None:
                gone = there_deleted.get((kind, record_id))
                why = "deleted on the other computer" if gone else "its student was deleted on the other computer"
                plan.deleted.append((kind, o, why))
                set_aside(kind, o, "this computer", why)
            elif o is not None and r is not None and o != r:
                plan.updated.append((kind, o, r))
                set_aside(kind, o, "this computer", "replaced by a later change made on the other computer")
            elif t is not None and r is not None and t != r:
                if set_aside(kind, t, source, "this computer's version was changed later"):
                    plan.kept_ours.append((kind, o, t))
            elif t is not None and r is None:
                if set_aside(kind, t, source, "deleted on this computer"):
                    plan.not_brought_back.append((kind, t))
    for tombstone in result.tombstones:
        if here_deleted.get((tombstone.kind, tombstone.id)) != tombstone:
            plan.tombstones.append(tombstone)
    plan.notes += _ladders(plan) + _same_names(ours, result) + _same_days(plan, result)
    return plan


def _ladders(plan: MergePlan) -> list[str]:
    notes = []
    for kind, ours, theirs in [*plan.updated, *plan.kept_ours]:
        if kind == "students" and ours.ladder != theirs.ladder:
            later = "the other computer's" if (kind, ours, theirs) in plan.updated else "this computer's"
            notes.append(f"{ours.name}'s ladder differs between the two computers: {later}, changed later, is "
                         "kept; the other ladder is in the conflicts file.")
    return notes


def _same_names(ours: Household, result: Household) -> list[str]:
    here = {s.id for s in ours.students}
    names: dict[str, list[Student]] = {}
    for student in result.students:
        names.setdefault(student.name.casefold(), []).append(student)
    return [
        f"Two students are called {found[0].name}, with different ids: both are kept, as separate students. "
        "If they are the same child, keep one and delete the other."
        for found in names.values()
        if len(found) > 1 and any(s.id not in here for s in found) and any(s.id in here for s in found)
    ]


def _same_days(plan: MergePlan, result: Household) -> list[str]:
    new = {r.id for kind, r in plan.added if kind == "attempts"}
    days: dict[tuple[str, object], list] = {}
    for attempt in result.attempts:
        days.setdefault((attempt.student_id, attempt.on), []).append(attempt)
    notes = []
    for found in (days[day] for day in sorted(days, key=lambda day: (day[1], day[0]))):
        if len(found) > 1 and any(a.id in new for a in found) and any(a.id not in new for a in found):
            notes.append(f"{describe('attempts', found[0], result, whose_only=True)} has {len(found)} attempts on "
                         f"{found[0].on:%a} {found[0].on.day} {found[0].on:%b %Y}, recorded on different "
                         "computers: all are kept.")
    return notes


def describe(kind: str, record: BaseModel, household: Household, *, whose_only: bool = False) -> str:
    """A record in a family's words ('Sam's attempt on Tue 3 Nov 2026'), never its notes."""
    student_id = getattr(record, "student_id", None)
    student = next((s.name for s in household.students if s.id == student_id), "a student")
    if whose_only:
        return student
    day = getattr(record, "on", None) or getattr(record, "opened_on", None)
    when = f" on {day:%a} {day.day} {day:%b %Y}" if day else ""
    what = {
        "attempts": "attempt", "days": "marked day", "decisions": "decision",
        "contacts": "contact with the school", "barriers": "barrier",
    }.get(kind, kind.rstrip("s"))
    if kind == "students":
        return f"The student {record.name}"
    return f"{student}'s {what}{when}"


def report(plan: MergePlan) -> list[tuple[str, list[str]]]:
    """What the merge does, as headed lists in a family's words: the command line
    prints them, the app's preview shows them. Empty when nothing would change."""
    final = plan.result  # names come from the merged students
    sections = [
        ("Added from the other computer", [describe(k, r, final) for k, r in plan.added]),
        ("Updated: changed later on the other computer (this computer's version is kept aside)",
         [describe(k, theirs, final) for k, _, theirs in plan.updated]),
        ("Kept as here: changed later on this computer (the other version is kept aside)",
         [describe(k, ours, final) for k, ours, _ in plan.kept_ours]),
        ("Deleted here (this computer's version is kept aside)",
         [f"{describe(k, r, _with_students(final, plan))}: {why}" for k, r, why in plan.deleted]),
        ("Not brought back: deleted on this computer (the other version is kept aside)",
         [describe(k, r, _with_students(final, plan)) for k, r in plan.not_brought_back]),
        ("Worth knowing", plan.notes),
    ]
    return [(heading, lines) for heading, lines in sections if lines]


def summary(plan: MergePlan) -> str:
    """'2 added, 1 updated, 1 deleted; 3 versions kept aside', or that nothing changes."""
    if not plan.changes_anything:
        return f"Nothing to change: this copy already holds everything in {plan.source}."
    counts = [(len(plan.added), "added"), (len(plan.updated), "updated"), (len(plan.kept_ours), "kept as here"),
              (len(plan.deleted), "deleted")]
    said = ", ".join(f"{n} {what}" for n, what in counts if n) or "no record changes"
    aside = len(plan.set_aside)
    return said + (f"; {aside} {'version' if aside == 1 else 'versions'} kept aside" if aside else "")


def _with_students(final: Household, plan: MergePlan) -> Household:
    """The merged students and the deleted ones, so a deleted record is still named."""
    gone = [r for k, r, _ in plan.deleted if k == "students"] + [r for k, r in plan.not_brought_back if k == "students"]
    return Household(students=[*final.students, *gone]) if gone else final


def apply_merge(store, plan: MergePlan) -> None:
    """Write a plan: a backup first, the set-aside versions, then one atomic save."""
    if not plan.changes_anything:
        return
    store.back_up("merge")
    if plan.set_aside:
        try:
            conflicts.keep(conflicts.conflicts_file(store.path), plan.set_aside, store.clock())
        except OSError as exc:  # nothing is merged unless what it replaces is kept first
            raise SaveFailed(store.path, exc) from None
    removed = [(KINDS[kind], record.id) for kind, record, _ in plan.deleted]
    brought = [r for _, r in plan.added] + [theirs for _, _, theirs in plan.updated]
    with store.batch():
        store.absorb(brought, plan.tombstones, removed)
        current = store.meta("current_student_id")
        if current is not None and current not in {s.id for s in plan.result.students}:
            store.set_meta("current_student_id", plan.result.students[0].id if plan.result.students else None)
