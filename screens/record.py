"""How it went: the attempt form, prefilled from today's step, done with the keyboard.

Nothing is saved until the whole form is valid; problems are shown next to the field
they are about, in plain sentences from the models. The save runs in a worker.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Select, Static

from reintegrate.models import (
    COMMON_MORNING,
    COMMON_SUPPORTS,
    COMMON_SYMPTOMS,
    COMMON_TRIGGERS,
    OUTCOME_LABELS,
    Attempt,
    DayStatus,
    Outcome,
    Student,
)
from reintegrate.schooldays import long_date
from screens.modals.confirm import ConfirmModal
from screens.modals.day_status import parse_date
from screens.record_fields import (
    ERROR_SLOTS,
    FORM_ORDER,
    NO_MINUTES,
    clock_text,
    every_problem,
    field_for,
    number_text,
)
from screens.saving import ChangesNotSaved, ChangesSaved
from screens.session import Session, day_and_month
from screens.widgets.choices import NumberedChoice
from screens.widgets.fields import FormInput
from screens.widgets.plain import escape
from screens.widgets.prediction import PredictionFields
from screens.widgets.tags import TagInput
from screens.workers import ReportsFailures


class RecordScreen(ReportsFailures, Screen[Attempt | None]):
    """Record a new attempt, or correct one (`attempt` given). Dismisses with what was saved."""

    CSS_PATH = "record.tcss"
    IS_FORM = True  # the app's q does not quit from here
    HELP_TITLE = "Record how it went"
    HELP: ClassVar[str] = (
        "Tab moves to the next field, Shift+Tab back. On the outcome, press 1 to 5. "
        "Distress is 0 (calm) to 10 (the worst it gets). Tags are separated by commas; "
        "a suggestion appears as you type and the right arrow accepts it. Only the outcome "
        "is required. On a refused or partly done day, 'At home' says what filled the school "
        "hours: it shows what home offers. Ctrl+S saves once everything is valid; Escape leaves without saving."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="record.save", priority=True),
        Binding("escape", "leave", "Back", id="record.leave"),
    ]

    def __init__(self, session: Session, student: Student, attempt: Attempt | None = None) -> None:
        super().__init__()
        self.session = session
        self.student = student
        self.attempt = attempt
        self._initial: dict[str, Any] = {}
        self._shown: dict[str, Any] = {}  # the step and outcome the minutes last followed

    # --- the form ----------------------------------------------------------------------

    def _step_options(self) -> list[tuple[str, str]]:
        options = [
            (Content(f"{n}. {s.title} ({s.planned_minutes} min)"), s.id)
            for n, s in enumerate(self.student.ladder.active, start=1)
        ]
        if self.attempt and not any(value == self.attempt.step_id for _, value in options):
            options.append((Content(f"{self.attempt.step_title} (retired)"), self.attempt.step_id))
        return options

    def compose(self) -> ComposeResult:
        a = self.attempt
        step = self.student.ladder.current
        step_id = a.step_id if a else (step.id if step else Select.BLANK)
        planned = a.planned_minutes if a else (step.planned_minutes if step else 0)
        on = a.on if a else self.session.today
        minutes = a.minutes_managed if a else planned
        morning = a.morning if a else None
        woke = {True: "y", False: "n"}.get(morning.woke_on_time, "") if morning else ""
        left = morning.left_home_at.strftime("%H:%M") if morning and morning.left_home_at else ""
        self.title = (
            f"Correct the attempt on {day_and_month(a.on)}" if a else f"How it went for {self.student.name}"
        )
        yield Header()
        with VerticalScroll(id="record-form"):
            yield Static(escape(self._heading(on)), id="record-heading")
            yield from self._row("Step", Select(self._step_options(), value=step_id, allow_blank=False,
                                                id="step", compact=True), "step")
            yield from self._row("Date", FormInput(on.isoformat(), id="on", compact=True,
                                                   placeholder="YYYY-MM-DD"), "on")
            yield from self._row(
                "Outcome (1–5)",
                NumberedChoice([(o, OUTCOME_LABELS[o]) for o in Outcome], a.outcome if a else None,
                               id="outcome", compact=True),
                "outcome",
            )
            with Horizontal(classes="form-row"):
                yield Label("Minutes managed", classes="form-label")
                yield FormInput("" if minutes is None else str(minutes), id="minutes", compact=True,
                                restrict=r"\d{0,4}", classes="short")
                yield Static(f"of {planned} planned", id="planned", classes="hint")
            yield Static("", id="minutes-error", classes="field-error")
            with Horizontal(classes="form-row"):
                yield Label("Distress 0–10", classes="form-label")
                for key, label in (("before", "before"), ("peak", "peak"), ("after", "after")):
                    value = getattr(a, f"distress_{key}") if a else None
                    yield Label(label, classes="inline-label")
                    yield FormInput("" if value is None else str(value), id=f"distress_{key}",
                                    compact=True, restrict=r"\d{0,2}", classes="short")
            yield Static("", id="distress-error", classes="field-error")
            yield from self._row("Triggers", TagInput(COMMON_TRIGGERS, a.triggers if a else (),
                                                      id="triggers", compact=True), None)
            yield from self._row("Trigger notes", FormInput(a.trigger_notes if a else "", id="trigger_notes",
                                                            compact=True, placeholder="what happened, if a tag is not enough"),
                                 "triggers")
            yield from self._row("Symptoms", TagInput(COMMON_SYMPTOMS, a.symptoms if a else (),
                                                      id="symptoms", compact=True), "symptoms")
            yield from self._row("What helped", TagInput(COMMON_SUPPORTS, a.helped if a else (),
                                                         id="helped", compact=True), "helped")
            with Horizontal(classes="form-row"):
                yield Label("Woke on time (y/n)", classes="form-label")
                yield FormInput(woke, id="woke_on_time", compact=True, restrict=r"[yYnN]?", classes="short")
                yield Label("left home at", classes="inline-label")
                yield FormInput(left, id="left_home_at", compact=True, placeholder="HH:MM",
                                restrict=r"[0-9:.]{0,5}", classes="clock")
            yield from self._row("The morning", TagInput(COMMON_MORNING, morning.behaviours if morning else (),
                                                         id="behaviours", compact=True), "morning")
            yield from self._row("Notes", FormInput(a.notes if a else "", id="notes", compact=True,
                                                    placeholder="anything the team should know"), "notes")
            yield from self._row("In their words", FormInput(a.child_words if a else "", id="child_words",
                                                             compact=True, placeholder="what the child said, as they said it"),
                                 "child_words")
            yield from self._row("At home", FormInput(a.during_school_hours if a else "", id="during_school_hours",
                                                      compact=True, placeholder="refused or partly: what filled school hours"),
                                 "during_school_hours")
            with Horizontal(classes="form-row"):
                yield Label("Left school at", classes="form-label")
                yield FormInput(a.left_school_at.strftime("%H:%M") if a and a.left_school_at else "",
                                id="left_school_at", compact=True, placeholder="HH:MM",
                                restrict=r"[0-9:.]{0,5}", classes="clock")
                yield Static("only if they left before the day's end", classes="hint")
            yield Static("", id="left_school_at-error", classes="field-error")
            yield PredictionFields(a, id="prediction-fields")
        yield Footer(compact=True)

    def _heading(self, on: date) -> str:
        if self.attempt:
            return f"Correcting the attempt on {long_date(on)}. Ctrl+S saves the changes."
        return f"{long_date(on)}. Only the outcome is needed; the rest helps the team see patterns."

    def _row(self, label: str, field, slot: str | None) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(label, classes="form-label")
            yield field
        if slot is not None:
            yield Static("", id=f"{slot}-error", classes="field-error")

    def on_mount(self) -> None:
        self._initial = self.form_values()
        self._shown = dict(self._initial)
        self.query_one("#outcome", NumberedChoice).focus()

    def _input(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", FormInput).value

    def form_values(self) -> dict[str, Any]:
        """What the form holds now, before validation."""
        values: dict[str, Any] = {
            "step": self.query_one("#step", Select).value,
            "outcome": self.query_one("#outcome", NumberedChoice).value,
        }
        for field_id in ("on", "minutes", "distress_before", "distress_peak", "distress_after",
                         "triggers", "trigger_notes", "symptoms", "helped", "woke_on_time",
                         "left_home_at", "behaviours", "notes", "child_words", "during_school_hours", "left_school_at"):
            values[field_id] = self._input(field_id)
        values.update(self.query_one(PredictionFields).values())
        return values

    # --- keeping the form consistent while it is filled in -----------------------------

    @on(Select.Changed, "#step")
    def _step_changed(self, event: Select.Changed) -> None:
        # A Select announces its first value once mounted; only a real change of step
        # may touch the minutes, or a correction would show the planned minutes as typed.
        if event.value == self._shown.get("step"):
            return
        step = self.student.ladder.step(str(event.value))
        if step is None:
            return
        self._shown["step"] = event.value
        minutes = self.query_one("#minutes", FormInput)
        old = self.query_one("#planned", Static)
        # Follow the new step's minutes unless the family already typed their own.
        if minutes.value == self._initial.get("minutes"):
            minutes.value = str(step.planned_minutes)
            self._initial["minutes"] = minutes.value
        old.update(f"of {step.planned_minutes} planned")

    @on(NumberedChoice.Changed, "#outcome")
    def _outcome_changed(self) -> None:
        outcome = self.query_one("#outcome", NumberedChoice).value
        minutes = self.query_one("#minutes", FormInput)
        if outcome == self._shown.get("outcome"):
            return
        self._shown["outcome"] = outcome
        if outcome in NO_MINUTES and minutes.value == self._initial.get("minutes"):
            minutes.value = "0"
        self._clear_error("outcome")

    # --- saving ------------------------------------------------------------------------

    def build_attempt(self) -> Attempt:
        """The form as an Attempt; raises ValidationError naming the fields to fix."""
        return Attempt.model_validate(self.form_data())

    def form_data(self) -> dict[str, Any]:
        """The form as Attempt fields, before validation."""
        values = self.form_values()
        step = self.student.ladder.step(str(values["step"]))
        same_step = self.attempt is not None and self.attempt.step_id == values["step"]
        data: dict[str, Any] = {
            "student_id": self.student.id,
            "on": parse_date(values["on"]),
            "step_id": values["step"] if values["step"] is not Select.BLANK else "",
            # History keeps the step as it was when the attempt was made.
            "step_title": self.attempt.step_title if same_step else (step.title if step else ""),
            "planned_minutes": self.attempt.planned_minutes if same_step else (step.planned_minutes if step else 0),
            "minutes_managed": number_text(values["minutes"]),
            "distress_before": number_text(values["distress_before"]),
            "distress_peak": number_text(values["distress_peak"]),
            "distress_after": number_text(values["distress_after"]),
            "triggers": self.query_one("#triggers", TagInput).tags,
            "trigger_notes": values["trigger_notes"],
            "symptoms": self.query_one("#symptoms", TagInput).tags,
            "helped": self.query_one("#helped", TagInput).tags,
            "notes": values["notes"],
            "child_words": values["child_words"],
            "during_school_hours": values["during_school_hours"],
            "left_school_at": clock_text(values["left_school_at"]),
            "morning": {
                "woke_on_time": {"y": True, "n": False}.get(values["woke_on_time"].lower()),
                "behaviours": self.query_one("#behaviours", TagInput).tags,
                "left_home_at": clock_text(values["left_home_at"]),
                "notes": self.attempt.morning.notes if self.attempt else "",
            },
        }
        data.update(self.query_one(PredictionFields).fields())
        if values["outcome"] is not None:
            data["outcome"] = values["outcome"]
        if self.attempt is not None:
            data["id"] = self.attempt.id
        return data

    def show_errors(self, error: ValidationError) -> list[str]:
        """Put each problem next to its field; returns the fields to look at, in form order."""
        found: dict[str, list[str]] = {}
        fields: list[str] = []
        for loc, kind, sentence in every_problem(error, self.form_data()):
            slot = ERROR_SLOTS.get(str(loc[0]), "minutes") if loc else "minutes"
            if slot == "outcome" and kind == "missing":
                sentence = "Choose how it went: press 1 to 5."
            found.setdefault(slot, [])
            if sentence not in found[slot]:
                found[slot].append(sentence)
            fields.append(field_for(loc))
        for slot, sentences in found.items():
            target = self.query_one(f"#{slot}-error", Static)
            target.update(escape(" ".join(sentences)))
            target.add_class("shown")
        return sorted(set(fields), key=FORM_ORDER.index)

    def _clear_error(self, slot: str) -> None:
        target = self.query_one(f"#{slot}-error", Static)
        target.update("")
        target.remove_class("shown")

    def clear_errors(self) -> None:
        for target in self.query(".field-error"):
            target.remove_class("shown")

    FIRST_FIELD = {"step": "#step", "on": "#on", "outcome": "#outcome", "minutes": "#minutes",
                   "distress": "#distress_before", "triggers": "#triggers", "symptoms": "#symptoms",
                   "helped": "#helped", "morning": "#woke_on_time", "notes": "#notes",
                   "child_words": "#child_words", "during_school_hours": "#during_school_hours",
                   "left_school_at": "#left_school_at",
                   "prediction": "#prediction"}

    @work(group="record-save", exclusive=True, exit_on_error=False, description="saving the attempt")
    async def action_save(self) -> None:
        self.clear_errors()
        try:
            attempt = self.build_attempt()
        except ValidationError as error:
            fields = self.show_errors(error)
            # The cursor goes where the first problem is, never to a field that is fine
            # (the next keys typed would change it).
            self.query_one(f"#{fields[0]}").focus()
            count = len(fields)
            self.notify(
                f"Nothing saved yet: {'one field needs' if count == 1 else f'{count} fields need'} a look.",
                severity="warning",
            )
            return
        delete: list[tuple[type, str]] = []
        status = self.session.day_status_on(self.student, attempt.on)
        if status is not None:
            replace = await self.app.push_screen_wait(
                ConfirmModal(
                    f"{day_and_month(attempt.on)} is already marked '{status.kind.label}'. "
                    "A day is either an attempt or a day without one. "
                    "Replace it with this attempt?",
                    yes="Replace",
                    title="Two records for one day",
                )
            )
            if not replace:
                self.notify("Nothing was saved. The form is still here.", title="Cancelled")
                return
            delete.append((DayStatus, status.id))
        self.app.saver.save(
            self,
            put=[attempt],
            delete=delete,
            summary=f"Saved: {day_and_month(attempt.on)} — {attempt.outcome.label}",
        )

    @on(ChangesSaved)
    def _saved(self, message: ChangesSaved) -> None:
        self.notify(message.summary)
        saved = next((r for r in message.saved if isinstance(r, Attempt)), None)
        self.dismiss(saved)

    @on(ChangesNotSaved)
    def _not_saved(self, message: ChangesNotSaved) -> None:
        self.notify(message.reason, title="Not saved", severity="error", timeout=12)

    @work(group="record-leave", exclusive=True, exit_on_error=False, description="leaving the form")
    async def action_leave(self) -> None:
        if self.form_values() != self._initial:
            leave = await self.app.push_screen_wait(
                ConfirmModal("Leave without saving? What is typed here will be lost.",
                             yes="Leave", no="Stay", title="Not saved yet")
            )
            if not leave:
                return
        self.dismiss(None)
