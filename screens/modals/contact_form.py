"""Log a contact with the school, correct one, or mark it answered.

A request only gets a reminder if it has a due date, so the form makes one easy to
give: a date, or just a number, read as "within that many school days" and shown as
the date it comes to (weekends and closures are not counted).
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static

from reintegrate.contacts import due_after_school_days, mark_answered
from reintegrate.models import Channel, Contact, Direction, Student, plain_errors
from reintegrate.schooldays import SchoolDays, long_date
from screens.modals.day_status import parse_date
from screens.modals.unsaved import AsksBeforeLeaving
from screens.widgets.fields import FormInput
from screens.widgets.plain import escape

CHANNEL_LABELS = {
    Channel.email: "Email",
    Channel.phone: "Phone call",
    Channel.meeting: "Meeting",
    Channel.letter: "Letter",
    Channel.in_person: "In person",
}
_WITHIN = re.compile(r"^(\d{1,2})(\s*(school\s*)?days?)?$", re.IGNORECASE)
# Which row shows a problem with which field (the first part of a pydantic location).
ERROR_ROWS = {
    "on": "on", "person": "who", "role": "who", "channel": "on", "summary": "summary",
    "request": "request", "due_on": "due", "direction": "on", "answered_on": "answered", "answer": "answered",
}


def read_due(text: str, school: SchoolDays, sent_on: date | None) -> date | None:
    """'' -> no due date; '5' or '5 school days' -> counted in school days from `sent_on`;
    '2026-12-03' -> that date. Raises ValueError with a sentence for anything else."""
    text = text.strip()
    if not text:
        return None
    within = _WITHIN.match(text)
    if within:
        if sent_on is None:
            raise ValueError("Give the date of the contact first: the school days count from it.")
        return due_after_school_days(school, sent_on, int(within[1]))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            "Answer due: type a date (YYYY-MM-DD) or a number of school days, or leave it empty."
        ) from None


def as_date(text: str) -> date | None:
    found = parse_date(text)
    return found if isinstance(found, date) else None


class ContactFormModal(AsksBeforeLeaving, ModalScreen[Contact | None]):
    """A new contact (`existing` None) or a correction. Dismisses with the validated
    Contact, keeping the id of the one edited, or None when cancelled."""

    AUTO_FOCUS = "#contact-person"
    CSS_PATH = ["modals.tcss", "school_forms.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="contact.save"),
        Binding("escape", "cancel", "Cancel", id="contact.cancel"),
    ]

    def __init__(self, student: Student, today: date, existing: Contact | None = None, *,
                 school: SchoolDays) -> None:
        super().__init__(classes="dialog-screen")
        self.student = student
        self.school = school  # the student's school days, days marked closed included
        self.today = today
        self.existing = existing
        if existing is not None:
            self.AUTO_FOCUS = "#contact-summary"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="contact-dialog") as dialog:
            dialog.border_title = "Correct a contact" if self.existing else "Log a contact with the school"
            dialog.border_subtitle = "Ctrl+S saves · Escape cancels"
            with VerticalScroll(classes="dialog-fields", can_focus=False):
                yield from self._fields()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def _fields(self) -> ComposeResult:
        c = self.existing
        staff = self.student.school.staff
        with Horizontal(classes="form-row"):
            yield Label("Date", classes="form-label")
            yield FormInput((c.on if c else self.today).isoformat(), id="contact-on", compact=True,
                            placeholder="YYYY-MM-DD", classes="date")
            yield Label("by", classes="inline-label")
            yield Select([(label, ch) for ch, label in CHANNEL_LABELS.items()], id="contact-channel",
                         value=c.channel if c else Channel.email, allow_blank=False, compact=True)
        yield Static("", id="on-error", classes="field-error")
        with Horizontal(classes="form-row"):
            yield Label("Direction", classes="form-label")
            yield Select([(d.label, d) for d in Direction], id="contact-direction",
                         value=c.direction if c else Direction.to_school, allow_blank=False, compact=True)
        with Horizontal(classes="form-row"):
            yield Label("Who", classes="form-label")
            yield FormInput(c.person if c else "", id="contact-person", compact=True,
                            placeholder="name; → completes a staff name", suggester=SuggestFromList([s.name for s in staff],
                                                                          case_sensitive=False))
            yield Label("role", classes="inline-label")
            yield FormInput(c.role if c else "", id="contact-role", compact=True,
                            placeholder="e.g. Head of year", classes="role")
        if staff:
            names = " · ".join(f"{s.name} ({s.role})" if s.role else s.name for s in staff)
            yield Static(escape(f"Staff: {names}"),
                         id="contact-staff", classes="form-hint")
        yield Static("", id="who-error", classes="field-error")
        with Horizontal(classes="form-row"):
            yield Label("Summary", classes="form-label")
            yield FormInput(c.summary if c else "", id="contact-summary", compact=True,
                            placeholder="what was said or sent, in a line")
        yield Static("", id="summary-error", classes="field-error")
        with Horizontal(classes="form-row"):
            yield Label("Asked for", classes="form-label")
            yield FormInput(c.request if c else "", id="contact-request", compact=True,
                            placeholder="what you asked the school to do (optional)")
        yield Static("", id="request-error", classes="field-error")
        with Horizontal(classes="form-row"):
            yield Label("Answer by", classes="form-label")
            yield FormInput(c.due_on.isoformat() if c and c.due_on else "", id="contact-due", compact=True,
                            placeholder="a date, or a number of school days; empty if none")
        yield Static("", id="contact-due-hint", classes="form-hint")
        yield Static("", id="due-error", classes="field-error")
        if c is not None:
            with Horizontal(classes="form-row"):
                yield Label("Answered", classes="form-label")
                yield FormInput(c.answered_on.isoformat() if c.answered_on else "", id="contact-answered-on",
                                compact=True, placeholder="date", classes="date")
                yield FormInput(c.answer, id="contact-answer", compact=True, placeholder="the answer, if any")
            yield Static("", id="answered-error", classes="field-error")

    def on_mount(self) -> None:
        self._show_due()

    def _value(self, name: str) -> str:
        return self.query_one(f"#contact-{name}", FormInput).value

    @on(Input.Changed, "#contact-person")
    def _person_changed(self, event: Input.Changed) -> None:
        # Choosing someone from the staff list brings their role with them.
        if self.existing is not None and event.value == self.existing.person:
            return  # a correction shows the role as saved, even an empty one
        role = self.query_one("#contact-role", FormInput)
        typed = event.value.strip().casefold()
        for member in self.student.school.staff:
            if member.name.casefold() == typed and not role.value.strip():
                role.value = member.role

    @on(Input.Changed, "#contact-due")
    @on(Input.Changed, "#contact-on")
    def _show_due(self) -> None:
        hint = self.query_one("#contact-due-hint", Static)
        sent = as_date(self._value("on"))
        try:
            due = read_due(self._value("due"), self.school, sent)
        except ValueError:
            due = None
        if due is None:
            hint.update("No answer expected: no reminder." if not self._value("due").strip() else "")
            return
        words = f"Answer due {long_date(due)}"
        if _WITHIN.match(self._value("due").strip()):
            words += " (school days only)"
        if due < self.today and (self.existing is None or self.existing.answered_on is None):
            words += " (passed, so it shows as overdue)"
        hint.update(escape(words + "."))

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        for error in self.query(".field-error"):
            error.remove_class("shown")
        problems: dict[str, list[str]] = {}
        sent = parse_date(self._value("on"))
        data: dict = {
            "student_id": self.student.id,
            "on": sent,
            "person": self._value("person"),
            "role": self._value("role"),
            "channel": self.query_one("#contact-channel", Select).value,
            "direction": self.query_one("#contact-direction", Select).value,
            "summary": self._value("summary"),
            "request": self._value("request"),
        }
        try:
            data["due_on"] = read_due(self._value("due"), self.school,
                                      sent if isinstance(sent, date) else None)
        except ValueError as error:
            problems.setdefault("due", []).append(str(error))
        if self.existing is not None:
            data["id"] = self.existing.id
            data["letter_kind"] = self.existing.letter_kind
            data["follows_up"] = self.existing.follows_up
            data["answered_on"] = parse_date(self._value("answered-on")) or None
            data["answer"] = self._value("answer")
        if not (data["summary"] or data["request"]):
            problems.setdefault("summary", []).append("Say in a line what the contact was about.")
        if not problems:
            try:
                contact = Contact.model_validate(data)
            except ValidationError as error:
                for item, message in zip(error.errors(include_url=False), plain_errors(error, Contact)):
                    name = str(item["loc"][0]) if item["loc"] else "due_on"
                    problems.setdefault(ERROR_ROWS.get(name, "due"), []).append(message)
            else:
                if contact.answered_on is not None and contact.answered_on < contact.on:
                    problems.setdefault("answered", []).append(
                        "The answer cannot come before the contact was made.")
                else:
                    self.dismiss(contact)
                    return
        for row, messages in problems.items():
            target = self.query_one(f"#{row}-error", Static)
            target.update(escape(" ".join(messages)))
            target.add_class("shown")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        super().action_cancel()


class AnswerModal(AsksBeforeLeaving, ModalScreen[Contact | None]):
    """Mark a request answered: when, and what the answer was. Dismisses with the
    contact as answered (same id), or None when cancelled."""

    AUTO_FOCUS = "#answer-text"
    CSS_PATH = ["modals.tcss", "school_forms.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="answer.save"),
        Binding("escape", "cancel", "Cancel", id="answer.cancel"),
    ]

    def __init__(self, contact: Contact, today: date) -> None:
        super().__init__(classes="dialog-screen")
        self.contact = contact
        self.today = today
        # Saving with no answer typed first says so; a second save with the field still
        # empty is the parent's choice (the school acted, and there is nothing to quote).
        self._empty_said = False

    def compose(self) -> ComposeResult:
        c = self.contact
        with Vertical(classes="dialog", id="answer-dialog") as dialog:
            dialog.border_title = "Mark as answered"
            dialog.border_subtitle = "Ctrl+S saves · Escape cancels"
            about = c.request or c.summary
            if c.direction is Direction.from_school:
                said = f"From {c.person or 'the school'}"
            else:
                said = "Sent" + (f" to {c.person}" if c.person else "")
            yield Static(escape(f"{said} on {long_date(c.on)}: {about}"), id="answer-about")
            with Horizontal(classes="form-row"):
                yield Label("Answered", classes="form-label")
                yield FormInput((c.answered_on or self.today).isoformat(), id="answer-on", compact=True,
                                placeholder="YYYY-MM-DD", classes="date")
            with Horizontal(classes="form-row"):
                yield Label("Answer", classes="form-label")
                # Not selected when focus comes back (after a Tab to the buttons and
                # back): the next key would replace everything typed so far.
                yield FormInput(c.answer, id="answer-text", compact=True, select_on_focus=False,
                                placeholder="what the school said, e.g. meeting on Tuesday at 3")
            yield Static("", id="answer-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def on_key(self, event: events.Key) -> None:
        # Letters typed while a button has focus (after a Tab from the answer) would
        # go nowhere, and Enter would then save an empty answer: they go to the answer.
        if isinstance(self.focused, Button) and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            answer = self.query_one("#answer-text", FormInput)
            answer.focus()
            answer.cursor_position = len(answer.value)
            answer.insert_text_at_cursor(event.character)

    @on(Input.Changed, "#answer-text")
    def _answer_changed(self) -> None:
        self._empty_said = False

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        error = self.query_one("#answer-error", Static)
        on_text = self.query_one("#answer-on", FormInput).value
        answered = as_date(on_text)
        text = self.query_one("#answer-text", FormInput).value
        try:
            if answered is None:
                raise ValueError("Answered: type the date as YYYY-MM-DD.")
            if not text.strip() and not self._empty_said:
                self._empty_said = True
                self.query_one("#answer-text", FormInput).focus()
                raise ValueError("No answer typed. Type what the school said, or press Ctrl+S again "
                                 "to mark it answered with no answer noted.")
            contact = mark_answered(self.contact, answered, text)
        except ValidationError as problem:
            message = " ".join(plain_errors(problem, Contact))
        except ValueError as problem:
            message = str(problem)
        else:
            self.dismiss(contact)
            return
        error.update(escape(message))
        error.add_class("shown")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        super().action_cancel()
