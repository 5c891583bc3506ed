"""The school screen's words: table cells, details and data statements as text.

Plain functions over the records, kept apart from the screen so the screen module
stays about layout and keys, and so the text can be checked without an app.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from reintegrate.contacts import Thread, Waiting, answer_state, request_label
from reintegrate.documents.statements import Statement, day_month
from reintegrate.models import Barrier, BarrierStatus, Contact, Direction, Student
from reintegrate.schooldays import SchoolDays, long_date, short_date
from screens.modals.barrier_form import STATUS_LABELS
from screens.modals.contact_form import CHANNEL_LABELS

OVERDUE_MARK = "!"
FIGURE_LABELS = {
    "school_days": "school days", "missed": "missed entirely", "partial": "partial", "full": "full",
    "attempts": "attempts", "succeeded": "succeeded", "not_succeeded": "did not succeed",
    "completed": "completed", "did_more": "did more", "not_started": "not started", "refused": "refused",
    "latest_run": "the latest run", "longest_run": "the longest run", "unsuccessful": "unsuccessful",
    "unsuccessful_with_trigger": "unsuccessful, with the trigger", "successful": "successful",
    "successful_with_trigger": "successful, with the trigger", "mornings": "mornings recorded",
    "median_distress_before_step": "distress just before the step (the middle value)",
}


def clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def day_short(day: date) -> str:
    return f"{day.day} {day:%b}"


def answer_cell(contact: Contact, thread: Thread, today: date) -> Text | str:
    """How the request stands, in words (the mark and colour only add to them). A
    request and its follow-ups are one thread: an answer to any of them answers all,
    and only the latest ask can be overdue."""
    state, day = answer_state(contact, thread, today)
    if day is None:
        return "—"
    if state == "answered":
        return f"Answered {day_short(day)}"
    if state == "followed_up":
        return f"Followed up {day_short(day)}"
    if state == "overdue":
        return Text(f"{OVERDUE_MARK} Overdue (due {day_short(day)})", style="bold")
    return f"Due {short_date(day)}"


def who_cell(contact: Contact) -> str:
    """The school log's 'Who': a contact the school made says so ('from Ms Okafor')."""
    if contact.direction is Direction.from_school:
        return f"from {contact.person or 'the school'}"
    return contact.person or "—"


def contact_detail(contact: Contact, thread: Thread, waiting: Waiting | None) -> str:
    """The selected contact, and how its thread stands: what it follows up, the
    follow-ups sent about it, the answer, or how long the school has been waited on."""
    who = contact.person + (f" ({contact.role})" if contact.role else "") if contact.person else "the school"
    way = "from" if contact.direction is Direction.from_school else "with"
    lines = [f"{CHANNEL_LABELS[contact.channel]} {way} {who}, {long_date(contact.on)}."]
    if contact.summary:
        lines.append(contact.summary)
    if contact.request:
        lines.append(f"Asked for: {contact.request}")
    request = thread.request
    if contact.id != request.id:
        lines.append(f"Follows up: {request_label(request)} sent {long_date(request.on)}.")
    elif thread.follow_ups:
        lines.append("Followed up " + ", ".join(day_short(c.on) for c in thread.follow_ups) + ".")
    answered = thread.answered
    if answered is not None and answered.answered_on is not None:
        answer = f": {answered.answer}" if answered.answer else "."
        to = "" if answered.id == contact.id else f" (to the {request_label(answered)} of {day_short(answered.on)})"
        lines.append(f"Answered {long_date(answered.answered_on)}{to}{answer}")
    elif waiting is not None and waiting.overdue:
        lines.append(f"{OVERDUE_MARK} Answer was due {long_date(waiting.due_on)}; no answer after "
                     f"{waiting.school_days_waited} school days. Press f to write a follow-up.")
    elif waiting is not None:
        lines.append(f"Answer due {long_date(waiting.due_on)}.")
    return "\n".join(lines)


def barrier_status_text(barrier: Barrier) -> str:
    if barrier.status is BarrierStatus.resolved and barrier.resolved_on:
        return f"Resolved {day_short(barrier.resolved_on)}"
    return STATUS_LABELS[barrier.status]


def barrier_detail(barrier: Barrier) -> str:
    lines = [f"{barrier.title} — noticed {long_date(barrier.opened_on)}, owned by the {barrier.owner}."]
    if barrier.description:
        lines.append(barrier.description)
    if barrier.trigger_tags:
        lines.append("Triggers: " + ", ".join(barrier.trigger_tags))
    lines.append(f"Workaround: {barrier.workaround}" if barrier.workaround else "No workaround yet.")
    return "\n".join(lines)


def date_runs(school: SchoolDays, dates: list[date]) -> str:
    """'8 Oct, 12–16 Oct, 2 Nov': school days in a row are written as one span."""
    runs: list[list[date]] = []
    for day in sorted(set(dates)):
        if runs and school.next_after(runs[-1][-1]) == day:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        first, last = run[0], run[-1]
        if first == last:
            parts.append(day_short(first))
        elif first.month == last.month:
            parts.append(f"{first.day}–{day_short(last)}")
        else:
            parts.append(f"{day_short(first)}–{day_short(last)}")
    return ", ".join(parts)


def figure_lines(statement: Statement, school: SchoolDays) -> list[str]:
    """Each number with the dates it was counted from, so anyone can check it."""
    lines = []
    for figure in statement.figures:
        if not figure.dates:
            continue
        kind, _, tag = figure.name.partition(":")
        label = f"'{tag}'" if tag else FIGURE_LABELS.get(kind, kind.replace("_", " "))
        value = f"{figure.value:g}" if isinstance(figure.value, float) else str(figure.value)
        lines.append(f"{label} {value}: {date_runs(school, list(figure.dates))}")
    return lines


def statements_text(student: Student, statements: list[Statement], start: date, end: date,
                    school: SchoolDays) -> str:
    """The statements as Markdown, with their counts, for a file or the clipboard."""
    out = [f"# What the records show for {student.name}", "",
           f"From {day_month(start, with_year=True)} to {day_month(end, with_year=True)}.", ""]
    for statement in statements:
        out.append(f"- {statement.sentence}")
        out += [f"    - {line}" for line in figure_lines(statement, school)]
    return "\n".join(out) + "\n"
