"""Requests to the school whose answer is late, for the morning view.

A request with no answer is easy to forget and costs school days, so Today lists
each overdue one with the sentence the core writes for it, and names the keys that
act on it. With nothing overdue the widget takes no space at all.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from reintegrate.contacts import Overdue, overdue_contacts
from reintegrate.models import Contact, Student
from screens.session import Session

# More than this and the morning view would be about the school, not today's step.
SHOWN = 3
OVERDUE_MARK = "!"


def overdue_for(session: Session, student: Student) -> list[Overdue]:
    """The student's overdue requests as of the session's today, longest overdue first."""
    contacts = [c for c in session.store.all(Contact, student.id) if c.on <= session.today]
    return overdue_contacts(contacts, student.calendar, session.today)


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

    def __init__(self, overdue: Sequence[Overdue], **kwargs) -> None:
        super().__init__(**kwargs)
        self.overdue = list(overdue)
        self.border_title = "Waiting on the school"
        self.set_class(not self.overdue, "-empty")

    @classmethod
    def for_student(cls, session: Session, student: Student, **kwargs) -> OverdueRequests:
        return cls(overdue_for(session, student), **kwargs)

    def compose(self) -> ComposeResult:
        for item in self.overdue[:SHOWN]:
            yield Static(f"{OVERDUE_MARK} {escape(item.sentence)}", classes="overdue-line")
        hidden = len(self.overdue) - SHOWN
        if hidden > 0:
            more = "1 more request" if hidden == 1 else f"{hidden} more requests"
            yield Static(f"{OVERDUE_MARK} And {more} with no answer yet.", classes="overdue-line")
        if self.overdue:
            yield Static("Press f to write the follow-up letter, c to open the school log.",
                         classes="overdue-keys")
