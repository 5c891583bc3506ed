"""Requests to the school whose answer is late, for the morning view.

A request with no answer is easy to forget and costs school days, so Today lists
each overdue one with the sentence the core writes for it, and names the keys that
act on it. Once the family has followed one up, the line says so instead of asking
again, until the follow-up itself is late. With nothing late the widget takes no space.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from reintegrate.contacts import Overdue, overdue_contacts, request_label
from reintegrate.models import Contact, Student
from reintegrate.schooldays import short_date
from screens.session import Session
from screens.widgets.plain import escape

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


def late_requests(contacts: Iterable[Contact], student: Student, today: date) -> list[LateRequest]:
    """Overdue requests, each with the follow-up sent after it to the same person that
    is still within its own time (a late follow-up is overdue in its own right)."""
    mine = [c for c in contacts if c.on <= today]
    overdue = overdue_contacts(mine, student.calendar, today)
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
    return late_requests(session.store.all(Contact, student.id), student, session.today)


def overdue_for(session: Session, student: Student) -> list[Overdue]:
    """The overdue requests nobody has followed up yet: the ones the f key is for."""
    return [late.overdue for late in late_for(session, student) if late.needs_follow_up]


class OverdueRequests(Vertical):
    """Each overdue request in one line, and how to follow it up."""

    DEFAULT_CSS = """
    OverdueRequests {
        height: auto;
        border: round $warning;
        border-title-color: $text;
        padding: 0 1;
        margin-bottom: 1;
    }
    OverdueRequests.-empty { display: none; }
    OverdueRequests .overdue-keys { color: $text-muted; }
    """

    def __init__(self, late: Sequence[LateRequest], **kwargs) -> None:
        super().__init__(**kwargs)
        self.late = list(late)
        self.border_title = "Waiting on the school"
        self.set_class(not self.late, "-empty")

    @classmethod
    def for_student(cls, session: Session, student: Student, **kwargs) -> OverdueRequests:
        return cls(late_for(session, student), **kwargs)

    def compose(self) -> ComposeResult:
        for item in self.late[:SHOWN]:
            yield Static(escape(item.sentence()), classes="overdue-line")
        hidden = len(self.late) - SHOWN
        if hidden > 0:
            more = "1 more request" if hidden == 1 else f"{hidden} more requests"
            yield Static(f"And {more} with no answer yet.", classes="overdue-line")
        if any(item.needs_follow_up for item in self.late):
            yield Static("Press f to write the follow-up letter, c to open the school log.",
                         classes="overdue-keys")
        else:
            yield Static("Press c to open the school log.", classes="overdue-keys")
