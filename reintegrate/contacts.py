"""Contacts with the school and the barriers found behind refusals.

A request that goes unanswered costs the family school days, so every request with a
due date is watched. A request and the follow-ups sent about it are one `Thread`:
`waiting_on_school` is the one list of threads still waiting for an answer (overdue
ones first), each with a calm sentence saying what to do; Today, `status`, the school
log and the follow-up letter all start from it. Waiting is counted in school days
only — weekends, closures and days marked closed are not days the school could have
answered on: every count here takes the student's `schooldays.SchoolDays`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reintegrate.models import Barrier, BarrierStatus, Channel, Contact, Direction, has_tag
from reintegrate.schooldays import SchoolDays, short_date

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


# A contact the school made: the channel alone, never a request of the family's.
_FROM_SCHOOL_NOUNS = {
    Channel.email: "Email",
    Channel.phone: "Phone call",
    Channel.meeting: "Meeting request",
    Channel.letter: "Letter",
    Channel.in_person: "Word in person",
}


def request_label(contact: Contact) -> str:
    """'Meeting request to Mr Hughes', or for a contact not made from a letter, its
    channel; one the school made is 'Phone call from Ms Okafor'."""
    if contact.direction is Direction.from_school:
        label = _FROM_SCHOOL_NOUNS[contact.channel]
        return f"{label} from {contact.person}" if contact.person else f"{label} from the school"
    label = REQUEST_NOUNS.get(contact.letter_kind) or _CHANNEL_NOUNS[contact.channel]
    if contact.person:
        label += f" to {contact.person}"
    return label


def school_days_waited(school: SchoolDays, sent_on: date, today: date) -> int:
    """Whole school days since `sent_on`, counting neither that day nor today."""
    return school.waited(sent_on, today)


# --- Threads: a request and its follow-ups ------------------------------------------


@dataclass(frozen=True)
class Thread:
    """A request and the follow-ups sent about it (each `Contact.follows_up` points
    back into the thread), oldest first. One answer, to any of them, answers it."""

    request: Contact
    follow_ups: tuple[Contact, ...] = ()

    @property
    def id(self) -> str:
        return self.request.id

    @property
    def contacts(self) -> tuple[Contact, ...]:
        return (self.request, *self.follow_ups)

    @property
    def answered(self) -> Contact | None:
        """The contact whose answer closed the thread (the earliest answer), if any."""
        answered = [c for c in self.contacts if c.answered_on is not None]
        return min(answered, key=lambda c: (c.answered_on, c.on), default=None)

    @property
    def due_on(self) -> date | None:
        """When the latest ask wants its answer: the newest contact with a due date."""
        return next((c.due_on for c in reversed(self.contacts) if c.due_on is not None), None)

    @property
    def is_waiting(self) -> bool:
        """Asked for an answer by a date, and no contact in it has been answered."""
        return self.answered is None and self.due_on is not None


def _thread_starts(by_id: dict[str, Contact]) -> dict[str, str]:
    """Each contact's id -> the id of the request its chain of `follows_up` leads back
    to. A link to a contact not in the log (deleted, another student's) ends the chain;
    a loop (two homes linking two follow-ups to each other) starts at its oldest contact.
    Each contact is walked once, however long the chains in a hostile file."""
    start: dict[str, str] = {}
    for contact in by_id.values():
        chain: list[Contact] = []
        on_chain: dict[str, int] = {}
        current = contact
        while True:
            if current.id in start:
                found = start[current.id]
                break
            on_chain[current.id] = len(chain)
            chain.append(current)
            earlier = by_id.get(current.follows_up) if current.follows_up is not None else None
            if earlier is None or earlier.student_id != current.student_id:
                found = current.id
                break
            if earlier.id in on_chain:
                found = min(chain[on_chain[earlier.id]:], key=lambda c: (c.on, c.id)).id
                break
            current = earlier
        for member in chain:
            start[member.id] = found
    return start


def threads(contacts: Iterable[Contact]) -> list[Thread]:
    """Every contact in exactly one thread, the oldest request first."""
    by_id = {c.id: c for c in contacts}
    members: dict[str, list[Contact]] = {}
    for contact_id, start_id in _thread_starts(by_id).items():
        members.setdefault(start_id, []).append(by_id[contact_id])
    found = []
    for start_id, group in members.items():
        rest = sorted((c for c in group if c.id != start_id), key=lambda c: (c.on, c.id))
        found.append(Thread(by_id[start_id], tuple(rest)))
    return sorted(found, key=lambda t: (t.request.on, t.request.id))


def thread_of(contacts: Iterable[Contact], contact_id: str) -> Thread | None:
    """The thread holding the contact with this id (None if there is none)."""
    return next((t for t in threads(contacts) if any(c.id == contact_id for c in t.contacts)), None)


def answer_state(contact: Contact, thread: Thread, today: date) -> tuple[str, date | None]:
    """How one contact of a thread stands, for a table row: ("answered", when the thread
    was answered), ("followed_up", when the next follow-up went), ("overdue", due date),
    ("due", due date) or ("none", None). Only the latest ask of an open thread can be
    overdue; an answer to any contact answers them all."""
    answered = thread.answered
    if answered is not None and answered.answered_on is not None:
        return "answered", answered.answered_on
    later = [c for c in thread.follow_ups if (c.on, c.id) > (contact.on, contact.id) and c.on <= today]
    if later:
        return "followed_up", later[0].on
    if contact.due_on is None:
        return "none", None
    return ("overdue" if today > contact.due_on else "due"), contact.due_on


def _dates_text(days: Sequence[date]) -> str:
    words = [f"{d.day} {d:%b}" for d in days]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def thread_sentence(thread: Thread, due_on: date, waited: int, overdue: bool) -> str:
    """'Meeting request to Mrs Lopes sent 2 Nov, followed up 9 Nov — no answer after
    12 school days: follow up.' or '... — answer due Mon 24 Nov.'"""
    request = thread.request
    said = f"{request_label(request)} sent {request.on.day} {request.on:%b}"
    if thread.follow_ups:
        said += ", followed up " + _dates_text([c.on for c in thread.follow_ups])
    if not overdue:
        return f"{said} — answer due {short_date(due_on)}."
    if waited == 0:
        # Due on a day the school was shut (the date was typed in, not counted).
        return f"{said} — no answer by the date asked: follow up."
    days = "1 school day" if waited == 1 else f"{waited} school days"
    return f"{said} — no answer after {days}: follow up."


@dataclass(frozen=True)
class Waiting:
    """A thread waiting on the school: its request, when the answer is (or was) due,
    and what to say about it."""

    thread: Thread
    due_on: date
    overdue: bool
    # Whole school days since the request, not counting the day it was sent or
    # today (today's answer may still come).
    school_days_waited: int
    sentence: str

    @property
    def contact(self) -> Contact:
        """The request the thread started with."""
        return self.thread.request


# An overdue request is a `Waiting` whose due date has passed.
Overdue = Waiting


def waiting_on_school(contacts: Iterable[Contact], school: SchoolDays, today: date) -> list[Waiting]:
    """What is waiting on the school on `today`: one entry per thread asked on or
    before `today` with an answer due and none given. Overdue ones first (a request due
    today is not overdue yet: the school has until the end of the day), then those
    still within their time; each by due date. Today and `status` both list this."""
    found: list[Waiting] = []
    for thread in threads(c for c in contacts if c.on <= today):
        due = thread.due_on
        if due is None or thread.answered is not None:
            continue
        waited = school_days_waited(school, thread.request.on, today)
        overdue = today > due
        found.append(Waiting(thread, due, overdue, waited, thread_sentence(thread, due, waited, overdue)))
    found.sort(key=lambda w: (not w.overdue, w.due_on, w.thread.request.on))
    return found


def overdue_contacts(contacts: Iterable[Contact], school: SchoolDays, today: date) -> list[Overdue]:
    """The threads whose answer is late, the longest overdue first."""
    return [w for w in waiting_on_school(contacts, school, today) if w.overdue]


def request_to_follow_up(
    contacts: Iterable[Contact], school: SchoolDays, today: date, *, about: str = "", person: str = ""
) -> Waiting:
    """The request a follow-up letter is about: the thread holding the contact `about`
    (any contact in it), else the longest overdue request that went to `person`, else
    the longest overdue one. A ValueError says why there is none."""
    waiting = waiting_on_school(contacts, school, today)
    if about:
        found = next((w for w in waiting if any(c.id == about for c in w.thread.contacts)), None)
        if found is not None:
            return found
        thread = thread_of([c for c in contacts if c.on <= today], about)
        if thread is None:
            problem = f"No contact in the log has the id '{about}'."
        elif thread.answered is not None and thread.answered.answered_on is not None:
            day = thread.answered.answered_on
            problem = f"{request_label(thread.request)} was answered on {day.day} {day:%b}: there is nothing to follow up."
        else:
            problem = f"{request_label(thread.request)} asked for no answer by a date: there is nothing to follow up."
        raise ValueError(problem + _choices(waiting))
    overdue = [w for w in waiting if w.overdue]
    if not overdue:
        raise ValueError("There is no overdue request to follow up on.")
    wanted = " ".join(person.split()).casefold()
    if wanted:
        for item in overdue:
            if any(" ".join(c.person.split()).casefold() == wanted for c in item.thread.contacts):
                return item
    return overdue[0]


def _choices(waiting: Sequence[Waiting]) -> str:
    if not waiting:
        return " No request is waiting for an answer."
    return " Requests waiting for an answer: " + "; ".join(f"{w.thread.id} ({w.sentence.rstrip('.')})" for w in waiting) + "."


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
    clean = " ".join(tag.split())
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
        workaround_on=today if workaround.strip() else None,
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
    return next((b for b in open_barriers(barriers) if has_tag(b.trigger_tags, tag)), None)


def reusable_barrier(barriers: Iterable[Barrier], tag: str) -> Barrier | None:
    """The barrier a trigger proposal should add to instead of opening a second one:
    the unresolved barrier with that trigger, else the one resolved most recently (the
    trigger is back, so it is reopened)."""
    current = barrier_for_trigger(barriers, tag)
    if current is not None:
        return current
    resolved = [b for b in barriers if b.status is BarrierStatus.resolved and has_tag(b.trigger_tags, tag)]
    return max(resolved, key=lambda b: (b.resolved_on or b.opened_on, b.opened_on), default=None)


def barrier_with_evidence(barrier: Barrier, today: date, evidence: Sequence[str] = ()) -> Barrier:
    """The same barrier (same id), reopened if it was resolved, with the new evidence
    dated at the end of its description."""
    data = barrier.model_dump()
    if barrier.status is BarrierStatus.resolved:
        data.update(status=BarrierStatus.open, resolved_on=None)
    if evidence:
        lines = [barrier.description] if barrier.description else []
        lines.append(f"Raised again by the planner on {short_date(today)}:")
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
