"""Add or edit one step of the ladder: every field, checked before anything is kept."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from reintegrate.models import COMMON_SUPPORTS, Step, has_tag, plain_errors
from screens.modals.unsaved import AsksBeforeLeaving
from screens.widgets.fields import FormInput, TickBox
from screens.widgets.plain import escape
from screens.widgets.tags import TagInput

# `Step.in_school` arrives with the attendance work; the form offers it once it exists.
HAS_IN_SCHOOL = "in_school" in Step.model_fields

# Field name -> (label, widget id). The order is the order of the form.
FIELDS: list[tuple[str, str]] = [
    ("title", "Title"),
    ("description", "Description"),
    ("place", "Place"),
    ("planned_minutes", "Planned minutes"),
    ("supports", "Supports"),
    ("expected_difficulty", "Expected difficulty"),
]

# Sentences for problems plain_errors cannot phrase as helpfully on its own.
MISSING = {
    "title": "Give the step a short title, for example 'Sit in the car park'.",
    "planned_minutes": "Type the planned minutes: a whole number from 1 to 600.",
}


def number_or_text(text: str) -> Any:
    """A whole number from the form, None when blank, or the text for pydantic to explain."""
    text = text.strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text


class StepFormModal(AsksBeforeLeaving, ModalScreen[Step | None]):
    """The fields of a step; dismisses with a validated Step, or None when cancelled.

    `step` prefills the form (editing a step, a part of a split, a template step); the
    Step returned keeps its id, so the caller knows which step it replaces. Without
    one, the form is blank and the Step returned has a fresh id.
    """

    CSS_PATH = ["modals.tcss", "ladder_forms.tcss"]
    IS_FORM = True  # the app's q does not quit from here
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="step_form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="step_form.cancel"),
        Binding("ctrl+t", "add_suggested", "Add the suggested support", id="step_form.add_suggested",
                show=False, priority=True),
    ]
    FOCUS: ClassVar[dict[str, str]] = {name: f"#step-{name}" for name, _ in FIELDS}

    def __init__(
        self,
        step: Step | None = None,
        *,
        heading: str = "Add a step",
        note: str = "",
        child_name: str | None = None,
        suggested: Sequence[str] = (),
    ) -> None:
        """`suggested`: the supports the app suggests for why school is hard (the
        current step's), the first added to the supports with Ctrl+T."""
        super().__init__(classes="dialog-screen")
        self.suggested = list(suggested)
        self.step = step
        self.heading = heading
        self.note = note
        self.child_name = child_name or "the child"

    def compose(self) -> ComposeResult:
        s = self.step
        with VerticalScroll(classes="dialog", id="step-form") as dialog:
            dialog.border_title = self.heading
            dialog.border_subtitle = "Ctrl+S keeps it · Escape cancels"
            if self.note:
                yield Static(escape(self.note), id="step-note")
            yield from self._row("title", FormInput(
                s.title if s else "", id="step-title", compact=True, max_length=80,
                placeholder="short, e.g. Sit in the car park"))
            yield from self._row("description", FormInput(
                s.description if s else "", id="step-description", compact=True,
                placeholder="optional: what happens, when to stop"))
            yield from self._row("place", FormInput(
                s.place if s else "", id="step-place", compact=True, placeholder="optional, e.g. School gate"))
            yield from self._row("planned_minutes", FormInput(
                str(s.planned_minutes) if s else "", id="step-planned_minutes", compact=True,
                restrict=r"\d{0,4}", classes="short", placeholder="e.g. 15"), hint="from 1 to 600")
            yield from self._row("supports", TagInput(
                [*self.suggested, *COMMON_SUPPORTS], s.supports if s else (), id="step-supports", compact=True))
            if self.suggested:
                yield Static(escape(f"Suggested for why school is hard: {'; '.join(self.suggested)}. "
                                    f"Ctrl+T adds '{self.suggested[0]}'."), id="step-suggested", classes="hint")
            rating = "" if s is None or s.expected_difficulty is None else str(s.expected_difficulty)
            yield from self._row("expected_difficulty", FormInput(
                rating, id="step-expected_difficulty", compact=True, restrict=r"\d{0,2}", classes="short",
                placeholder="0–10"),
                label="How hard (0–10)", hint=f"as {self.child_name} expects it; blank if not asked")
            if HAS_IN_SCHOOL:
                with Horizontal(classes="form-row"):
                    yield Label("", classes="form-label")
                    yield TickBox("Happens in school (counts as time in school)",
                                  value=getattr(s, "in_school", True), id="step-in_school", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep (Ctrl+S)", id="save", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def _row(self, name: str, field: Input, *, label: str | None = None, hint: str = "") -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(label or dict(FIELDS)[name], classes="form-label")
            yield field
            if hint:
                yield Static(escape(hint), classes="hint")
        yield Static("", id=f"step-{name}-error", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#step-title", FormInput).focus()
        # Breakpoints follow resizes; a screen pushed right after another may not get one.
        short = self.app.size.height < 32
        self.update_classes({"-short": short, "-tall": not short})

    # --- checking ---------------------------------------------------------------------

    def form_data(self) -> dict[str, Any]:
        """The form as Step fields, before validation."""
        data: dict[str, Any] = {
            "title": self.query_one("#step-title", FormInput).value,
            "description": self.query_one("#step-description", FormInput).value,
            "place": self.query_one("#step-place", FormInput).value,
            "planned_minutes": number_or_text(self.query_one("#step-planned_minutes", FormInput).value),
            "supports": self.query_one("#step-supports", TagInput).tags,
            "expected_difficulty": number_or_text(self.query_one("#step-expected_difficulty", FormInput).value),
        }
        if data["planned_minutes"] is None:
            del data["planned_minutes"]  # "missing" reads better than "not a number"
        if HAS_IN_SCHOOL:
            data["in_school"] = self.query_one("#step-in_school", TickBox).value
        if self.step is not None:
            data["id"] = self.step.id
        return data

    def show_errors(self, error: ValidationError) -> list[str]:
        """Each problem under its field; returns the fields that have one, in form order."""
        found: dict[str, list[str]] = {}
        for item, sentence in zip(error.errors(include_url=False), plain_errors(error, Step)):
            loc = item.get("loc", ())
            name = str(loc[0]) if loc and str(loc[0]) in dict(FIELDS) else "title"
            if item.get("type") in ("missing", "string_too_short") and name in MISSING:
                sentence = MISSING[name]
            elif name == "expected_difficulty":
                # The label says "How hard", not the field's title: use the form's words.
                sentence = (f"How hard {self.child_name} expects it: a whole number from 0 (easy) "
                            "to 10 (the hardest), or leave it blank.")
            if sentence not in found.setdefault(name, []):
                found[name].append(sentence)
        for name, sentences in found.items():
            target = self.query_one(f"#step-{name}-error", Static)
            target.update(escape(" ".join(sentences)))
            target.add_class("shown")
        order = [name for name, _ in FIELDS]
        return sorted(found, key=order.index)

    def clear_errors(self) -> None:
        for target in self.query(".field-error"):
            target.update("")
            target.remove_class("shown")

    @on(Input.Changed)
    def _field_changed(self, event: Input.Changed) -> None:
        # A problem disappears as soon as its field is touched; the next save re-checks.
        if event.input.id and event.input.id.startswith("step-"):
            error = self.query(f"#{event.input.id}-error")
            if error:
                error.first(Static).remove_class("shown")

    def action_add_suggested(self) -> None:
        """Add the first suggested support not yet in the supports field, in the app's words."""
        field = self.query_one("#step-supports", TagInput)
        missing = [support for support in self.suggested if not has_tag(field.tags, support)]
        if not missing:
            self.notify("The suggested supports are in the field already." if self.suggested
                        else "No support is suggested for this step.", title="Nothing to add")
            return
        typed = field.value.rstrip().rstrip(",").rstrip()
        field.value = f"{typed}, {missing[0]}" if typed else missing[0]
        field.cursor_position = len(field.value)

    # --- answers ----------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.clear_errors()
        try:
            step = Step.model_validate(self.form_data())
        except ValidationError as error:
            fields = self.show_errors(error)
            self.query_one(self.FOCUS[fields[0]]).focus()
            count = len(fields)
            self.notify(
                f"Nothing kept yet: {'one field needs' if count == 1 else f'{count} fields need'} a look.",
                severity="warning",
            )
            return
        self.dismiss(step)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        super().action_cancel()
