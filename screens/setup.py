"""First run (and adding a student): a name, the school days, a ladder to start from,
and the step the child can manage now."""

from __future__ import annotations

from typing import ClassVar

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Header, Label, Select, Static

from reintegrate.ladder import from_template, set_current
from reintegrate.ladder.templates import LadderTemplate, list_templates
from reintegrate.models import Plan, SchoolCalendar, Student, name_in_use, plain_errors
from screens.modals.unsaved import AsksBeforeLeaving
from screens.saving import ChangesNotSaved, ChangesSaved
from screens.session import CURRENT_STUDENT_KEY, Session
from screens.widgets.choices import NumberedChoice
from screens.widgets.fields import FormInput, TickBox
from screens.widgets.plain import escape

DAY_ABBREVIATIONS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class SetupScreen(AsksBeforeLeaving, Screen[Student | None]):
    """A short form that creates a Student with a ladder and a dated plan.

    On the first run there is nothing to go back to, so Escape is off; when adding a
    further student it cancels. Dismisses with the saved Student, or None.
    """

    CSS_PATH = "setup.tcss"
    IS_FORM = True  # the app's q does not quit from here
    HELP_TITLE = "Setting up"
    HELP: ClassVar[str] = (
        "Four things to start: the child's name, the days they are expected at school, "
        "a ready-made ladder of small steps to start from, and the step they can manage "
        "now, which is where the plan begins. Everything can be changed later. "
        "Tab moves between fields; Space ticks a day; Ctrl+S saves."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save and start", id="setup.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="setup.cancel"),
    ]

    def __init__(self, session: Session, *, first_run: bool, templates: list[LadderTemplate] | None = None) -> None:
        super().__init__()
        self.session = session
        self.first_run = first_run
        self.templates = templates if templates is not None else list_templates()

    def compose(self) -> ComposeResult:
        self.title = "Welcome" if self.first_run else "Add a student"
        yield Header()
        with VerticalScroll(id="setup-form"):
            intro = (
                "Welcome. A few details to set up the plan; all of them can be changed later."
                if self.first_run
                else "A few details for the new student's plan; all of them can be changed later."
            )
            yield Static(intro, id="setup-intro")
            with Horizontal(classes="form-row"):
                yield Label("Child's name", classes="form-label")
                yield FormInput(id="name", compact=True, placeholder="first name is enough", max_length=80)
            yield Static("", id="name-error", classes="field-error")
            yield Label("School days", classes="form-heading")
            with Horizontal(id="weekdays"):
                for number, label in enumerate(DAY_ABBREVIATIONS):
                    yield TickBox(label, value=number < 5, id=f"weekday-{number}", compact=True)
            yield Static("", id="weekdays-error", classes="field-error")
            yield Label(f"Ladder to start from (press 1–{max(len(self.templates), 1)})", classes="form-heading")
            yield NumberedChoice(
                [(index, f"{t.name} ({len(t.steps)} steps)") for index, t in enumerate(self.templates)],
                0 if self.templates else None,
                id="template",
                compact=True,
            )
            yield Static("", id="template-about", classes="about")
            yield Static("", id="template-error", classes="field-error")
            yield Label("The step they can manage now (the plan starts here)", classes="form-heading")
            yield Select(self._step_options(0), allow_blank=False, id="start", compact=True)
            yield Static("", id="start-error", classes="field-error")
            with Horizontal(classes="setup-buttons"):
                yield Button("Save and start (Ctrl+S)", id="save", variant="primary")
        yield Footer(compact=True)

    def _step_options(self, template_index: int | None) -> list[tuple[str, tuple[int, int]]]:
        if template_index is None or not self.templates:
            return []
        steps = self.templates[template_index].steps
        return [(Content(f"{n}. {step.title}"), (template_index, n - 1)) for n, step in enumerate(steps, start=1)]

    def on_mount(self) -> None:
        self._show_template(0 if self.templates else None)
        self.query_one("#name", FormInput).focus()

    def _show_template(self, index: int | None) -> None:
        about = self.query_one("#template-about", Static)
        if index is None:
            about.update("")
            return
        template = self.templates[index]
        about.update(escape(template.suits or template.description))

    @on(NumberedChoice.Changed, "#template")
    def _template_changed(self) -> None:
        index = self.query_one("#template", NumberedChoice).value
        self._show_template(index)
        # Each option's value names its template too, so the first step of the new
        # template is a new value and the box redraws (the same value 0 left it showing
        # a step of the old template).
        self.query_one("#start", Select).set_options(self._step_options(index))
        self._clear_error("template")

    @on(FormInput.Changed, "#name")
    def _name_typed(self) -> None:
        self._clear_error("name")

    def _clear_error(self, slot: str) -> None:
        self.query_one(f"#{slot}-error", Static).remove_class("shown")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return not self.first_run
        return True

    def build_student(self) -> Student:
        """The form as a Student; ValueError or ValidationError say what to fix."""
        errors: dict[str, str] = {}
        name = self.query_one("#name", FormInput).value
        weekdays = [n for n in range(7) if self.query_one(f"#weekday-{n}", Checkbox).value]
        index = self.query_one("#template", NumberedChoice).value
        start = self.query_one("#start", Select).value
        if not name.strip():
            errors["name"] = "Please type the child's name."
        elif taken := name_in_use(name, self.session.students()):
            errors["name"] = taken
        if not weekdays:
            errors["weekdays"] = "Tick at least one school day."
        if index is None:
            errors["template"] = "Choose a ladder to start from."
        elif start is Select.BLANK:
            errors["start"] = "Choose the step they can manage now."
        if errors:
            raise FormErrors(errors)
        ladder = from_template(self.templates[index])
        ladder = set_current(ladder, ladder.active[start[1]].id)
        try:
            return Student(
                name=name,
                calendar=SchoolCalendar(weekdays=weekdays),
                ladder=ladder,
                plan=Plan.starting(self.session.today),
                created_on=self.session.today,
            )
        except ValidationError as error:
            raise FormErrors({"name": " ".join(plain_errors(error, Student))}) from None

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        for slot in ("name", "weekdays", "template", "start"):
            self.query_one(f"#{slot}-error", Static).remove_class("shown")
        try:
            student = self.build_student()
        except FormErrors as problem:
            for slot, sentence in problem.errors.items():
                target = self.query_one(f"#{slot}-error", Static)
                target.update(escape(sentence))
                target.add_class("shown")
            first = next(iter(problem.errors))
            focus = {"name": "#name", "weekdays": "#weekday-0", "template": "#template", "start": "#start"}
            self.query_one(focus[first]).focus()
            return
        self.query_one("#save", Button).disabled = True
        self.app.saver.save(
            self,
            put=[student],
            meta={CURRENT_STUDENT_KEY: student.id},
            summary=f"Saved: {student.name}'s plan starts today. School holidays: {self._holidays_key()} on Today.",
        )

    def _holidays_key(self) -> str:
        """The key that opens the school holidays from Today, as the family's keymap has it."""
        keymap = getattr(self.app, "keymap_file", None)
        chosen = keymap.keys.get("today.holidays", "T") if keymap is not None else "T"
        return self.app.get_key_display(Binding(chosen.split(",")[0].strip(), ""))

    @on(ChangesSaved)
    def _saved(self, message: ChangesSaved) -> None:
        self.notify(message.summary)
        self.dismiss(next((r for r in message.saved if isinstance(r, Student)), None))

    @on(ChangesNotSaved)
    def _not_saved(self, message: ChangesNotSaved) -> None:
        self.query_one("#save", Button).disabled = False
        self.notify(message.reason, title="Not saved", severity="error", timeout=12)

    def action_cancel(self) -> None:
        super().action_cancel()


class FormErrors(ValueError):
    """Problems in the form, by the slot they are shown in."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors
