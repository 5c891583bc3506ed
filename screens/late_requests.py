"""What is waiting on the school, for the morning view.

A request with no answer is easy to forget and costs school days, so Today lists what
`status` lists: the core's `waiting_on_school`, one line per request and its follow-ups
(one thread), the overdue ones marked and first, with the sentence the core writes for
it, and names the keys that act on it. The widget is `screens.widgets.overdue`.
"""

from __future__ import annotations

from reintegrate.contacts import Waiting, waiting_on_school
from reintegrate.models import Contact, Student
from screens.session import Session
from screens.today_keys import FOLLOW_UP_KEYS, SCHOOL_LOG_KEY, words

# More than this and the morning view would be about the school, not today's step.
SHOWN = 3
OVERDUE_MARK = "!"


def waiting_for(session: Session, student: Student) -> list[Waiting]:
    """The student's requests waiting on the school as of the session's today."""
    return waiting_on_school(session.store.all(Contact, student.id), session.school_days(student), session.today)


def overdue_for(session: Session, student: Student) -> list[Waiting]:
    """The requests whose answer is late: the ones the f key is for."""
    return [item for item in waiting_for(session, student) if item.overdue]


def waiting_line(item: Waiting) -> str:
    return f"{OVERDUE_MARK} {item.sentence}" if item.overdue else item.sentence


def overdue_lines(waiting: list[Waiting]) -> tuple[str, ...]:
    """What the morning view says about requests waiting on the school: a line each (at
    most SHOWN), how many more, and the keys; nothing when nothing is waiting."""
    if not waiting:
        return ()
    lines = [waiting_line(item) for item in waiting[:SHOWN]]
    hidden = len(waiting) - SHOWN
    if hidden > 0:
        more = "1 more request" if hidden == 1 else f"{hidden} more requests"
        lines.append(f"And {more} with no answer yet.")
    if any(item.overdue for item in waiting):
        lines.append(words(FOLLOW_UP_KEYS))
    else:
        lines.append(words(SCHOOL_LOG_KEY))
    return tuple(lines)
