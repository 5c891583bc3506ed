"""Requests to the school whose answer is late, for the morning view.

A request with no answer is easy to forget and costs school days, so Today lists
each overdue one with the sentence the core writes for it, and names the keys that
act on it. Once the family has followed one up, the line says so instead of asking
again, until the follow-up itself is late. The widget is `screens.widgets.overdue`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from reintegrate.contacts import Overdue, overdue_contacts, request_label
from reintegrate.models import Contact, Student
from reintegrate.schooldays import SchoolDays, short_date
from screens.session import Session
from screens.today_keys import FOLLOW_UP_KEYS, SCHOOL_LOG_KEY, words

# More than this and the morning view would be about the school, not today's step.
SHOWN = 3
OVERDUE_MARK = "!"
FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class LateRequest:
    """An overdue request and, when the family already chased it, the follow-up."""

    overdue: Overdue
    follow_up: Contact | None = None

    @property
    def needs_follow_up(self) -> bool:
        return self.follow_up is None

    def sentence(self) -> str:
        if self.follow_up is None:
            return f"{OVERDUE_MARK} {self.overdue.sentence}"
        c, f = self.overdue.contact, self.follow_up
        due = f", answer due {short_date(f.due_on)}" if f.due_on and f.answered_on is None else ""
        return f"{request_label(c)} sent {c.on.day} {c.on:%b} — followed up {f.on.day} {f.on:%b}{due}."


def _same_person(a: Contact, b: Contact) -> bool:
    return not a.person or not b.person or a.person.casefold() == b.person.casefold()


def late_requests(contacts: Iterable[Contact], school: SchoolDays, today: date) -> list[LateRequest]:
    """Overdue requests, each with the follow-up sent after it to the same person that
    is still within its own time (a late follow-up is overdue in its own right)."""
    mine = [c for c in contacts if c.on <= today]
    overdue = overdue_contacts(mine, school, today)
    late_ids = {o.contact.id for o in overdue}
    found = []
    for item in overdue:
        chasers = [
            c for c in mine
            if c.letter_kind == FOLLOW_UP and c.id != item.contact.id and c.id not in late_ids
            and c.on >= item.contact.on and _same_person(c, item.contact)
        ]
        found.append(LateRequest(item, max(chasers, key=lambda c: c.on) if chasers else None))
    return found


def late_for(session: Session, student: Student) -> list[LateRequest]:
    """The student's late requests as of the session's today, longest overdue first."""
    return late_requests(session.store.all(Contact, student.id), session.school_days(student), session.today)


def overdue_for(session: Session, student: Student) -> list[Overdue]:
    """The overdue requests nobody has followed up yet: the ones the f key is for."""
    return [late.overdue for late in late_for(session, student) if late.needs_follow_up]


def overdue_lines(late: list[LateRequest]) -> tuple[str, ...]:
    """What the morning view says about late requests: a line each (at most SHOWN),
    how many more, and the keys; nothing when nothing is late."""
    if not late:
        return ()
    lines = [item.sentence() for item in late[:SHOWN]]
    hidden = len(late) - SHOWN
    if hidden > 0:
        more = "1 more request" if hidden == 1 else f"{hidden} more requests"
        lines.append(f"And {more} with no answer yet.")
    if any(item.needs_follow_up for item in late):
        lines.append(words(FOLLOW_UP_KEYS))
    else:
        lines.append(words(SCHOOL_LOG_KEY))
    return tuple(lines)
