"""The next school days as an iCalendar file, for the family's own calendar.

Most parents live in a calendar, not a terminal: `reintegrate calendar` and the
schedule screen's "save to calendar" write the plan view's next school days as one
all-day event a school day (the planned step, its minutes, place and supports, or the
reason no step is planned on a day marked ahead), and each answer still due from the
school as an event on its due date.

Every event's uid is derived from what it is about, never drawn at random: the student
and the date for a school day, the contact for an answer due. Importing a newer file
then updates the events a calendar already holds instead of adding a second copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event, vText

from reintegrate import __version__
from reintegrate.contacts import request_label, threads
from reintegrate.models import Contact, Step, Student
from reintegrate.planner.proposal import PlannedDay
from reintegrate.planner.view import PlanView
from reintegrate.schooldays import long_date

UID_DOMAIN = "reintegrate.local"
MEDIA_TYPE = "text/calendar"


# Line breaks of every kind, and control characters: a value in a calendar is one line.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: str) -> str:
    """`text` on one line: each run of line breaks or control characters is one space."""
    return _BREAKS.sub(" ", text).strip()


def day_uid(student: Student, on: date) -> str:
    return f"day-{student.id}-{on.isoformat()}@{UID_DOMAIN}"


def contact_uid(contact: Contact) -> str:
    return f"answer-{contact.id}@{UID_DOMAIN}"


def answers_due(contacts: Iterable[Contact]) -> list[Contact]:
    """Requests with a due date and no answer yet, overdue ones included (soonest first):
    a late answer is exactly what the family should still see in their calendar. One per
    request and its follow-ups (a thread), on the date its latest ask gave; an answer to
    any of them answers the thread."""
    latest = [next(c for c in reversed(t.contacts) if c.due_on is not None) for t in threads(contacts) if t.is_waiting]
    return sorted(latest, key=lambda c: (c.due_on, c.on))


def plan_calendar(student: Student, view: PlanView, contacts: Iterable[Contact], stamp: datetime) -> bytes:
    """The calendar file for `view`'s next school days and `contacts`' answers due.

    `stamp` (timezone-aware) is when the file is made: calendars use it to tell a newer
    copy of an event from an older one.
    """
    calendar = Calendar()
    calendar.add("prodid", f"-//reintegrate//reintegrate {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    # An X- property is no type icalendar knows, and it would write the name as it is:
    # given as TEXT, ';' ',' and '\\' are escaped, so a name cannot end the value early.
    calendar.add("x-wr-calname", vText(one_line(f"School days: {student.name}")))
    for day in view.next_days:
        calendar.add_component(_day_event(student, view, day, stamp))
    for contact in answers_due(contacts):
        calendar.add_component(_answer_event(student, contact, stamp))
    return calendar.to_ical()


def _step(student: Student, view: PlanView, step_id: str | None) -> Step | None:
    if step_id is None:
        return None
    split = view.proposal.split
    if split is not None and split.id == step_id:
        return split  # an in-between step proposed, not on the ladder yet
    return student.ladder.step(step_id)


def _event(uid: str, on: date, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("dtstart", on)
    event.add("dtend", on + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a plan for the child, not a busy slot for the parent
    return event


def _day_event(student: Student, view: PlanView, day: PlannedDay, stamp: datetime) -> Event:
    event = _event(day_uid(student, day.on), day.on, stamp)
    step = _step(student, view, day.step_id)
    if step is None:
        # A day marked ahead (ill, agreed rest, absent) says so, and so does an empty
        # ladder; a day marked closed is no school day, so it has no event.
        event.add("summary", f"{student.name}: {day.note}")
        event.add("description", f"{day.note}\nThe next school days follow {view.following}.")
        return event
    event.add("summary", f"{student.name}: {step.title} ({step.planned_minutes} min)")
    lines = [
        f"Step: {step.title}",
        f"Planned minutes: {step.planned_minutes}",
        f"Place: {step.place or 'not set'}",
        f"Supports: {', '.join(step.supports) if step.supports else 'none listed'}",
        f"Where it sits in the plan: {day.note}",
        f"The next school days follow {view.following}.",
        "A plan to talk about, not a promise: it changes as results come in.",
    ]
    if step.place:
        event.add("location", step.place)
    event.add("description", "\n".join(lines))
    return event


def _answer_event(student: Student, contact: Contact, stamp: datetime) -> Event:
    assert contact.due_on is not None
    event = _event(contact_uid(contact), contact.due_on, stamp)
    event.add("summary", f"Answer due from school: {request_label(contact)} ({student.name})")
    lines = [f"Sent {long_date(contact.on)}; the answer is due {long_date(contact.due_on)}."]
    if contact.request:
        lines.append(f"What was asked: {contact.request}")
    lines.append("If no answer has come by the end of the day, reintegrate suggests a follow-up.")
    event.add("description", "\n".join(lines))
    return event
