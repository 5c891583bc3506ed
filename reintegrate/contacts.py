"""Contacts with the school and the barriers found behind refusals.

A request that goes unanswered costs the family school days, so every request with a
due date is watched: once the date passes with no answer it becomes an `Overdue`,
with a calm sentence saying what to do. Waiting is counted in school days only —
weekends, closures and days marked closed are not days the school could have
answered on: every count here takes the student's `schooldays.SchoolDays`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reintegrate.models import Barrier, BarrierStatus, Channel, Contact
from reintegrate.schooldays import SchoolDays

# What each kind of letter asked for, as the start of a reminder sentence. Keys are
# the letter kinds in reintegrate.documents.letters.LETTER_KINDS (kept here so this module
# does not depend on the letter templates).
REQUEST_NOUNS = {
    "notify_unable_to_attend": "Notice that school is not possible at the moment",
    "request_meeting": "Meeting request",
    "request_evaluation": "Evaluation request",
    "request_supports": "Request for temporary supports",
    "ask_homebound_hybrid": "Question about home or hybrid teaching",
    "follow_up": "Follow-up",
    "plan_not_working": "Request to review the plan",
}
_CHANNEL_NOUNS = {
    Channel.email: "Email",
    Channel.phone: "Phone call",
    Channel.meeting: "Request at a meeting",
    Channel.letter: "Letter",
    Channel.in_person: "Request in person",
}
_ONE_DAY = timedelta(days=1)


def due_after_school_days(school: SchoolDays, sent_on: date, n: int) -> date:
    """The date an answer is due when it was asked for "within n school days".

    Sent on Monday 3 November, within 5 school days: Monday 10 November (the weekend
    does not count, and neither does a closure or a day marked closed in between).
    """
    if n < 0:
        raise ValueError("The number of school days cannot be negative.")
    due = school.add(sent_on, n)
    if due is None:
        raise ValueError(
            f"The school calendar has no school days after {sent_on.day} {sent_on:%B %Y}; "
            "check the school weekdays and closures."
        )
    return due


def is_waiting(contact: Contact) -> bool:
    """A request with a due date that has not been answered yet."""
    return contact.due_on is not None and contact.answered_on is None


def request_label(contact: Contact) -> str:
    """'Meeting request', or for a contact not made from a letter, its channel."""
    label = REQUEST_NOUNS.get(contact.letter_kind) or _CHANNEL_NOUNS[contact.channel]
    if contact.person:
        label += f" to {contact.person}"
    return label


@dataclass(frozen=True)
class Overdue:
    """A request whose answer is late, and what to say about it."""

    contact: Contact
    due_on: date
    # Whole school days since the request, not counting the day it was sent or
    # today (today's answer may still come).
    school_days_waited: int
    sentence: str


def school_days_waited(school: SchoolDays, sent_on: date, today: date) -> int:
    return school.waited(sent_on, today)


def overdue_sentence(contact: Contact, waited: int) -> str:
    """'Meeting request sent 3 Nov — no answer after 5 school days: follow up.'"""
    sent = f"{contact.on.day} {contact.on:%b}"
    days = "1 school day" if waited == 1 else f"{waited} school days"
    if waited == 0:
        # Due on a day the school was shut (the date was typed in, not counted).
        return f"{request_label(contact)} sent {sent} — no answer by the date asked: follow up."
    return f"{request_label(contact)} sent {sent} — no answer after {days}: follow up."


def overdue_contacts(
    contacts: Iterable[Contact], school: SchoolDays, today: date
) -> list[Overdue]:
    """Unanswered requests whose due date has passed, the longest overdue first.

    A request due today is not overdue yet: the school has until the end of the day.
    """
    found: list[Overdue] = []
    for contact in contacts:
        if not is_waiting(contact) or contact.due_on is None or today <= contact.due_on:
            continue
        waited = school_days_waited(school, contact.on, today)
        found.append(Overdue(contact, contact.due_on, waited, overdue_sentence(contact, waited)))
    found.sort(key=lambda o: (o.due_on, o.contact.on))
    return found


def waiting_contacts(contacts: Iterable[Contact], today: date) -> list[Contact]:
    """Requests still within their time to answer, the soonest due first."""
    waiting = [c for c in contacts if is_waiting(c) and c.due_on is not None and today <= c.due_on]
    return sorted(waiting, key=lambda c: (c.due_on, c.on))


def mark_answered(contact: Contact, on: date, answer: str) -> Contact:
    """A copy of the contact with its answer recorded (the log is never edited in place)."""
    if on < contact.on:
        raise ValueError("The answer cannot come before the request was made.")
    data = contact.model_dump()
    data.update(answered_on=on, answer=answer)
    return Contact.model_validate(data)


# --- Barriers ---------------------------------------------------------------------


def barrier_from_trigger(
    student_id: str,
    tag: str,
    today: date,
    *,
    title: str | None = None,
    description: str | None = None,
    workaround: str = "",
    owner: str = "family",
    evidence: Sequence[str] = (),
) -> Barrier:
    """A new open barrier for a trigger the planner named (its `address_trigger` proposal).

    `evidence` takes the proposal's reasons, so the barrier remembers why it was opened.
    """
    clean = " ".join(tag.split()).lower()
    if not clean:
        raise ValueError("Name the trigger this barrier is about.")
    if description is None:
        lines = [f"Opened because '{clean}' keeps coming up in attempts that did not succeed."]
        lines += [str(reason) for reason in evidence]
        description = "\n".join(lines)
    return Barrier(
        student_id=student_id,
        title=title or clean[:1].upper() + clean[1:],
        description=description,
        trigger_tags=[clean],
        workaround=workaround,
        owner=owner,
        opened_on=today,
    )


def open_barriers(barriers: Iterable[Barrier]) -> list[Barrier]:
    """Barriers not yet resolved — open ones first, then those worked around for now,
    each group oldest first. A workaround is temporary, so the barrier stays listed."""
    rank = {BarrierStatus.open: 0, BarrierStatus.worked_around: 1}
    unresolved = [b for b in barriers if b.status is not BarrierStatus.resolved]
    return sorted(unresolved, key=lambda b: (rank[b.status], b.opened_on))


def barrier_for_trigger(barriers: Iterable[Barrier], tag: str) -> Barrier | None:
    """The unresolved barrier already linked to this trigger, if any, so a repeated
    proposal does not create a second one."""
    clean = " ".join(tag.split()).lower()
    return next((b for b in open_barriers(barriers) if clean in b.trigger_tags), None)


def reusable_barrier(barriers: Iterable[Barrier], tag: str) -> Barrier | None:
    """The barrier a trigger proposal should add to instead of opening a second one:
    the unresolved barrier with that trigger, else the one resolved most recently (the
    trigger is back, so it is reopened)."""
    current = barrier_for_trigger(barriers, tag)
    if current is not None:
        return current
    clean = " ".join(tag.split()).lower()
    resolved = [b for b in barriers if b.status is BarrierStatus.resolved and clean in b.trigger_tags]
    return max(resolved, key=lambda b: (b.resolved_on or b.opened_on, b.opened_on), default=None)


def barrier_with_evidence(barrier: Barrier, today: date, evidence: Sequence[str] = ()) -> Barrier:
    """The same barrier (same id), reopened if it was resolved, with the new evidence
    dated at the end of its description."""
    data = barrier.model_dump()
    if barrier.status is BarrierStatus.resolved:
        data.update(status=BarrierStatus.open, resolved_on=None)
    if evidence:
        lines = [barrier.description] if barrier.description else []
        lines.append(f"Raised again by the planner on {today.isoformat()}:")
        lines += [str(reason) for reason in evidence]
        data["description"] = "\n".join(lines)
    return Barrier.model_validate(data)


def set_barrier_status(barrier: Barrier, status: BarrierStatus, on: date) -> Barrier:
    """A copy with the new status; resolving dates it, reopening clears the date."""
    if status is BarrierStatus.resolved and on < barrier.opened_on:
        raise ValueError("A barrier cannot be resolved before it was noticed.")
    data = barrier.model_dump()
    data.update(status=status, resolved_on=on if status is BarrierStatus.resolved else None)
    return Barrier.model_validate(data)
