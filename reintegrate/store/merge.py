"""Two homes, one record: merging a copy of the records made on another computer.

Records are matched by id. The merged records are a pure function of the two copies
(`merged`), the same whichever copy is merged into which, and merging the same copy
again changes nothing:

- a record only one copy has is kept; one both have is compared by what it says
  (`content`, without the dates of changes): the same, nothing to do; one copy an
  earlier version of the other (its `changed_at` among the other's `replaces`), the
  later edit wins and nothing is lost; otherwise it is a conflict, and the later
  `changed_at` wins (equal times: the larger content, so the choice never depends on
  the order);
- a student is merged part by part (`STUDENT_PARTS`, each dated in `part_changes`), so
  a change made on one computer is never undone by another part changed on the other;
- a tombstone (a deletion) wins over a record last changed at or before it; a record
  changed after it was deleted elsewhere comes back, and its tombstone goes;
- a record whose student is gone (deleted on one computer) goes with the student.

Nothing is dropped unseen: every version that loses a conflict or goes with a deletion
(this computer's or the other's) is kept in the conflicts file beside the data file (`conflicts`), and the
plan lists each change before anything is written (`plan_merge`, then `apply_merge`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel

import reintegrate.store.conflicts as conflicts
from reintegrate.models import Household, Student, Tombstone
from reintegrate.models.base import KEPT_CHANGES
from reintegrate.models.student import STUDENT_PARTS
from reintegrate.store.changes import BOOKKEEPING, part_dates
from reintegrate.store.errors import SaveFailed
from reintegrate.store.tables import TABLES

# Kinds of record a family makes, by their household field; tombstones are apart.
KINDS: dict[str, type[BaseModel]] = {table: model for model, table in TABLES.items() if model is not Tombstone}
_NEVER = datetime.min.replace(tzinfo=UTC)


def canonical(record: BaseModel) -> str:
    """The record as one deterministic string: compared, and kept, by this."""
    return json.dumps(record.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content(record: BaseModel) -> str:
    """What a record says, without when it changed (`changes.BOOKKEEPING`): two copies
    that say the same are not a conflict, whatever their dates."""
    doc = record.model_dump(mode="json", exclude=set(BOOKKEEPING))
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def changed_at(record: BaseModel) -> datetime:
    return getattr(record, "changed_at", None) or _NEVER


@dataclass(frozen=True)
class Resolved:
    """One record both copies hold, merged: `record`, and whose content a change made on
    the other computer too replaced (`lost_ours`, `lost_theirs`), with the student parts
    that were changed on both (`parts`: part -> "ours" or "theirs", the side kept)."""

    record: BaseModel
    lost_ours: bool = False
    lost_theirs: bool = False
    parts: dict[str, str] = field(default_factory=dict)


def _pick(a_dates: list[datetime], b_dates: list[datetime], a_says: str, b_says: str) -> tuple[str, bool]:
    """Which of two versions wins ("a" or "b"), and whether it was a real conflict.

    The same content: no conflict (the later date is kept). A version whose date is
    among the other's earlier ones is older than it: the other wins, no conflict.
    Otherwise both were changed since they last agreed: the later change wins (equal
    times: the larger content, so the choice never depends on the order).
    """
    a_last, b_last = (a_dates[-1] if a_dates else _NEVER), (b_dates[-1] if b_dates else _NEVER)
    if a_says == b_says:
        return ("a" if a_last >= b_last else "b"), False
    a_older, b_older = a_last in b_dates[:-1], b_last in a_dates[:-1]
    if a_older != b_older:  # (both: a clock that went back; then as a conflict)
        return ("b" if a_older else "a"), False
    return ("a" if (a_last, a_says) > (b_last, b_says) else "b"), True


def _history(kept_dates: list[datetime], other_dates: list[datetime]) -> list[datetime]:
    """Both histories as one, oldest first, ending with the kept version's date: the
    other side's latest version becomes an earlier one (unless it is the kept one)."""
    last = kept_dates[-1] if kept_dates else None
    earlier = {*kept_dates[:-1], *other_dates[:-1], *({other_dates[-1]} - {last} if other_dates else set())}
    return [*sorted(earlier - {_NEVER})[-(KEPT_CHANGES - 1):], *([last] if last not in (None, _NEVER) else [])]


def resolve(ours: BaseModel, theirs: BaseModel) -> Resolved:
    """Two versions of one record: a student part by part, any other record whole."""
    if isinstance(ours, Student):
        return _resolve_student(ours, theirs)
    a_dates = [*ours.replaces, changed_at(ours)]
    b_dates = [*theirs.replaces, changed_at(theirs)]
    side, conflict = _pick(a_dates, b_dates, content(ours), content(theirs))
    kept = ours if side == "a" else theirs
    history = _history(*((a_dates, b_dates) if side == "a" else (b_dates, a_dates)))
    record = kept.model_copy(update={"replaces": history[:-1] if kept.changed_at else history})
    return Resolved(record, lost_ours=conflict and side == "b", lost_theirs=conflict and side == "a")


def _part_text(student: Student, part: str) -> str:
    return json.dumps(student.model_dump(mode="json", include={part}), sort_keys=True, ensure_ascii=False)


def _resolve_student(ours: Student, theirs: Student) -> Resolved:
    update: dict = {}
    dates: dict[str, list[datetime]] = {}
    conflicts_: dict[str, str] = {}
    for part in STUDENT_PARTS:
        a_dates, b_dates = part_dates(ours, part), part_dates(theirs, part)
        side, conflict = _pick(a_dates, b_dates, _part_text(ours, part), _part_text(theirs, part))
        kept = ours if side == "a" else theirs
        update[part] = getattr(kept, part)
        history = _history(*((a_dates, b_dates) if side == "a" else (b_dates, a_dates)))
        if history and (part in ours.part_changes or part in theirs.part_changes):
            dates[part] = history  # (neither dated it on its own: both use changed_at, and so does this)
        if conflict:
            conflicts_[part] = "ours" if side == "a" else "theirs"
    times = [t for t in (ours.changed_at, theirs.changed_at) if t is not None]
    update.update(part_changes=dates, changed_at=max(times, default=None))
    record = ours.model_copy(update=update)
    return Resolved(record, lost_ours="theirs" in conflicts_.values(), lost_theirs="ours" in conflicts_.values(),
                    parts=conflicts_)


def _as_merged(record: BaseModel) -> BaseModel:
    """A version only one side has, its change history put in the order a merge puts it
    (oldest first, its own date last): after a clock went back, a save can leave it out
    of order, and merging the result again must change nothing."""
    if isinstance(record, Student):
        tidy = all(_history(dates, dates) == dates for dates in record.part_changes.values())
    else:
        tidy = list(record.replaces) == sorted(set(record.replaces))
    return record if tidy else resolve(record, record).record


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
        mine = {r.id: r for r in getattr(ours, kind)}
        other = {r.id: r for r in getattr(theirs, kind)}
        versions: dict[str, BaseModel] = {}
        for record_id in mine.keys() | other.keys():
            a, b = mine.get(record_id), other.get(record_id)
            # Both the same (most records, when two homes sync often): nothing to choose.
            same = a is None or b is None or a == b
            versions[record_id] = _as_merged(a or b) if same else resolve(a, b).record
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
    restamped: list[tuple[str, BaseModel]] = field(default_factory=list)  # the same content, newer dates
    tombstones: list[Tombstone] = field(default_factory=list)  # new or later, to write
    set_aside: list[SetAside] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    future: list[str] = field(default_factory=list)  # records dated after the merge's moment

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.updated or self.deleted or self.tombstones or self.set_aside)

    @property
    def writes_anything(self) -> bool:
        """Also when only the dates of changes differ (said nowhere: nothing a family wrote)."""
        return self.changes_anything or bool(self.restamped)


def plan_merge(ours: Household, theirs: Household, source: str, already_kept: set[str],
               now: datetime | None = None) -> MergePlan:
    """Compare this copy with the other; `already_kept` holds `conflicts.key`s of the
    versions the conflicts file has, so a repeated merge sets nothing aside twice.
    `now` (the store's clock) names the records dated after it."""
    result = merged(ours, theirs)
    plan = MergePlan(source, result)
    if now is not None:
        plan.future = _in_the_future(ours, theirs, now)
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
            elif o is not None and t is not None and r is not None:
                if o == t:  # the same on both computers: at most its history tidied
                    if o != r:
                        plan.restamped.append((kind, r))
                    continue
                both = resolve(o, t)
                if content(o) != content(r):
                    plan.updated.append((kind, o, r))
                elif o != r:
                    plan.restamped.append((kind, r))  # only its dates: written, not reported
                if both.lost_ours:
                    set_aside(kind, o, "this computer", "replaced by a later change made on the other computer")
                if both.lost_theirs and set_aside(kind, t, source, "this computer's version was changed later") \
                        and content(o) == content(r):
                    plan.kept_ours.append((kind, o, t))
                if both.parts:
                    plan.notes.append(_both_changed(r, both.parts))
            elif t is not None and r is None:
                if set_aside(kind, t, source, "deleted on this computer"):
                    plan.not_brought_back.append((kind, t))
    for tombstone in result.tombstones:
        if here_deleted.get((tombstone.kind, tombstone.id)) != tombstone:
            plan.tombstones.append(tombstone)
    plan.notes += _same_names(ours, result) + _same_days(plan, result) + _after_a_move(plan, result)
    return plan


def _after_a_move(plan: MergePlan, result: Household) -> list[str]:
    """An attempt one computer recorded at another step after the other computer had
    moved the step, said in words: the planner counts it (at the step just left, it is
    part of the new step's stay; planner.context.stay). Said once, in the merge that
    brings the attempt and the move together."""
    new = {r.id for _, r in plan.added}
    steps = {s.id: {step.id: n for n, step in enumerate(s.ladder.steps)} for s in result.students}
    titles = {step.id: step.title for s in result.students for step in s.ladder.steps}
    moves: dict[str, list] = {}
    for decision in sorted(result.decisions, key=lambda d: d.on):
        if decision.from_step_id and decision.chosen_step_id and decision.from_step_id != decision.chosen_step_id:
            moves.setdefault(decision.student_id, []).append(decision)
    notes = []
    for attempt in sorted(result.attempts, key=lambda a: (a.on, a.student_id)):
        move = next((d for d in reversed(moves.get(attempt.student_id, [])) if d.on < attempt.on), None)
        if move is None or attempt.step_id != move.from_step_id or (attempt.id in new) == (move.id in new):
            continue
        rank = steps.get(attempt.student_id, {})
        up = rank.get(move.from_step_id, -1) < rank.get(move.chosen_step_id, -1)
        way = "move up" if up else "step back"
        who, where = ("The other computer", "made here") if attempt.id in new else ("This computer", "made on the other computer")
        student = describe("attempts", attempt, result, whose_only=True)
        notes.append(
            f"{who} recorded {student}'s {attempt.on:%a} {attempt.on.day} {attempt.on:%b} at '{attempt.step_title}', "
            f"the step before {move.on:%A}'s {way} to '{titles.get(move.chosen_step_id, move.chosen_step_title)}' ({move.on:%a} {move.on.day} {move.on:%b}, "
            f"{where}): the plan counts it with the results since the {way}."
        )
    return notes


# A clock a few minutes ahead is not worth a word; a version from next year is.
FUTURE_MARGIN = timedelta(minutes=10)
FUTURE_NAMED = 5


def _in_the_future(ours: Household, theirs: Household, now: datetime) -> list[str]:
    """The records (and deletions) dated after `now`: such a version wins every conflict
    until that moment comes, so each is named, with whose clock dated it."""
    found: list[tuple[datetime, str]] = []
    named = Household(students=[*ours.students, *theirs.students])
    for household, whose in ((theirs, "the other computer"), (ours, "this computer")):
        for kind in KINDS:
            for record in getattr(household, kind):
                when = changed_at(record)
                if when > now + FUTURE_MARGIN:
                    found.append((when, f"{describe(kind, record, named)}, saved on {_moment(when)} by {whose}'s "
                                        "clock"))
        for tombstone in household.tombstones:
            if tombstone.deleted_at > now + FUTURE_MARGIN:
                what = {"students": "a student"}.get(tombstone.kind, f"a record of {tombstone.kind}")
                found.append((tombstone.deleted_at, f"the deletion of {what} (id {tombstone.id[:12]}), dated "
                                                    f"{_moment(tombstone.deleted_at)} by {whose}'s clock"))
    if not found:
        return []
    lines = [f"{line}, after now ({_moment(now)}): it wins every merge until then. Check that computer's date "
             "and time." for _, line in sorted(found, key=lambda item: item[0], reverse=True)[:FUTURE_NAMED]]
    if len(found) > FUTURE_NAMED:
        lines.append(f"… and {len(found) - FUTURE_NAMED} more dated in the future.")
    return lines


def _moment(when: datetime) -> str:
    return f"{when:%a} {when.day} {when:%b %Y} at {when:%H:%M} UTC"


PART_WORDS = {
    "name": "name", "calendar": "school calendar", "settings": "planner settings", "ladder": "ladder",
    "plan": "plan dates", "school": "school details", "created_on": "start date",
    "arranged_supports": "arranged supports", "home_supports": "supports at home",
}


def _both_changed(student: Student, parts: dict[str, str]) -> str:
    """'Sam's ladder was changed on both computers: …' for the parts a merge had to choose."""
    whose = {"ours": "this computer's", "theirs": "the other computer's"}
    named = [p for p in STUDENT_PARTS if p in parts]
    changed = " and ".join(PART_WORDS[p] for p in named)
    if len(set(parts.values())) == 1:
        kept = f"{whose[parts[named[0]]]} change, the later, is kept"
    else:
        kept = "; ".join(f"for the {PART_WORDS[p]}, {whose[parts[p]]}, the later, is kept" for p in named)
    return (f"{student.name}'s {changed} {'was' if len(named) == 1 else 'were'} changed on both computers: "
            f"{kept}, and the other version is in the conflicts file.")


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
        ("Dated in the future", plan.future),
        ("Added from the other computer", [describe(k, r, final) for k, r in plan.added]),
        ("Updated: changed on the other computer",
         [describe(k, theirs, final) + (": changed here too, so this computer's version is kept aside"
                                        if any(v.record is ours for v in plan.set_aside) else "")
          for k, ours, theirs in plan.updated]),
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
    if not plan.writes_anything:
        return
    store.back_up("merge")
    if plan.set_aside:
        try:
            conflicts.keep(conflicts.conflicts_file(store.path), plan.set_aside, store.clock())
        except OSError as exc:  # nothing is merged unless what it replaces is kept first
            raise SaveFailed(store.path, exc) from None
    removed = [(KINDS[kind], record.id) for kind, record, _ in plan.deleted]
    brought = [r for _, r in plan.added] + [theirs for _, _, theirs in plan.updated] + [r for _, r in plan.restamped]
    with store.batch():
        store.absorb(brought, plan.tombstones, removed)
        current = store.meta("current_student_id")
        if current is not None and current not in {s.id for s in plan.result.students}:
            store.set_meta("current_student_id", plan.result.students[0].id if plan.result.students else None)
