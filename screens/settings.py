"""The planner's settings for one student: its thresholds and the plan's dates.

Every threshold has a default that suits most plans; a therapist may tune them. Nothing
is saved until the whole form is valid, and each problem is shown under its field in
the models' own plain sentences. Shares of attempts are typed as percentages.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Label, Static

from reintegrate.models import Plan, PlannerSettings, plain_errors
from screens.base import HouseholdScreen
from screens.modals.confirm import ConfirmModal
from screens.modals.day_status import parse_date
from screens.widgets.fields import FormInput
from screens.widgets.plain import escape

# The form, in the order a therapist thinks about the plan.
GROUPS: list[tuple[str, list[str]]] = [
    ("Moving up and stepping back", [
        "advance_after_successes", "success_peak_max", "step_back_after_failures",
        "step_back_peak", "split_after_step_backs",
    ]),
    ("Pausing to stabilise", ["pause_peak", "pause_days", "pause_window"]),
    ("Naming a trigger", [
        "trigger_min_unsuccessful", "trigger_unsuccessful_share", "trigger_successful_share",
    ]),
    ("Reviewing the plan", ["review_after_school_days", "schedule_days"]),
    ("Patterns in the records", [
        "pattern_weeks", "weekday_min_attempts", "weekday_unsuccessful_share",
        "weekday_others_successful_share", "keep_support_min_successes", "keep_support_share",
    ]),
    # Off by default: only for a therapist who works this way (y/n).
    ("What they feared", ["advance_on_expectancy", "expectancy_peak_margin"]),
]
# Shares are typed as whole percentages, under shorter labels than the models' titles.
PERCENT = {
    "trigger_unsuccessful_share": "Unsuccessful attempts with it, at least (%)",
    "trigger_successful_share": "Successful attempts with it, at most (%)",
    "weekday_unsuccessful_share": "That weekday's unsuccessful, at least (%)",
    "weekday_others_successful_share": "Other days' successful, at least (%)",
    "keep_support_share": "Good days it helped on, at least (%)",
}
PLAN_FIELDS = ("start", "review_on")
DEFAULTS = PlannerSettings()


def field_title(name: str) -> str:
    return PERCENT.get(name) or PlannerSettings.model_fields[name].title or name


def shown_value(settings: PlannerSettings, name: str) -> str:
    value = getattr(settings, name)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(round(value * 100)) if name in PERCENT else str(value)


def settings_from_form(values: dict[str, str]) -> tuple[PlannerSettings | None, dict[str, list[str]]]:
    """The settings the form describes, or every problem found, by field name."""
    problems: dict[str, list[str]] = {}
    data: dict[str, Any] = {}
    for name in PlannerSettings.model_fields:
        text = values.get(name, "").strip()
        if name not in PERCENT:
            data[name] = text
        elif text.isdigit() and 0 <= int(text) <= 100:
            data[name] = int(text) / 100
        else:
            problems[name] = ["Type a whole number of percent, from 0 to 100."]
            data[name] = getattr(DEFAULTS, name)  # so the other fields are still checked
    try:
        settings = PlannerSettings.model_validate(data)
    except ValidationError as error:
        for item, sentence in zip(error.errors(include_url=False), plain_errors(error, PlannerSettings)):
            loc = item.get("loc") or ("pause_days",)  # the one rule across fields
            problems.setdefault(str(loc[0]), []).append(sentence)
        return None, problems
    return (None if problems else settings), problems


def plan_from_form(start: str, review: str) -> tuple[Plan | None, dict[str, list[str]]]:
    """A plan from its two dates: no dates means no plan; a start alone gets the usual
    review six weeks later."""
    start, review = start.strip(), review.strip()
    if not start and not review:
        return None, {}
    if not start:
        return None, {"start": ["Give the date the plan started, or clear the review date too."]}
    data: dict[str, Any] = {"start": parse_date(start)}
    if review:
        data["review_on"] = parse_date(review)
    try:
        if not review and not isinstance(data["start"], str):
            return Plan.starting(data["start"]), {}
        return Plan.model_validate(data), {}
    except ValidationError as error:
        problems: dict[str, list[str]] = {}
        for item, sentence in zip(error.errors(include_url=False), plain_errors(error, Plan)):
            loc = item.get("loc") or ("review_on",)
            problems.setdefault(str(loc[0]), []).append(sentence)
        return None, problems


class SettingsScreen(HouseholdScreen):
    """The thresholds and plan dates of the current student, as one form."""

    CSS_PATH = "settings.tcss"
    IS_FORM = True  # the app's q does not quit from here
    HELP_TITLE = "Planner settings"
    HELP = (
        "The numbers the planner works with for this student. The defaults suit most "
        "plans: three good attempts in a row (peak distress 4 or under) before moving "
        "up, two unsuccessful ones in a row before stepping back. A therapist may tune "
        "them. The plan's review date is usually six weeks after it starts; leave it "
        "empty to use that. Ctrl+S saves once every field is valid; Ctrl+R puts the "
        "thresholds back to their defaults; Ctrl+O lists the school's holidays, "
        "which no count treats as school days; Escape goes back."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save", priority=True),
        Binding("ctrl+r", "reset", "Defaults", tooltip="Put every threshold back to its default",
                id="settings.reset", priority=True),
        # The inputs take letters: a Ctrl key, shown in the footer, reaches the holidays.
        Binding("ctrl+o", "app.open_holidays", "School holidays", id="settings.holidays", priority=True,
                tooltip="The school's holidays and closure days, left out of every count"),
        Binding("escape", "leave", "Back", id="settings.leave"),
    ]

    def compose(self) -> ComposeResult:
        student = self.student
        yield Header()
        with VerticalScroll(id="settings-form"):
            if student is None:
                yield Static("No student yet.", id="settings-empty")
            else:
                self.title = f"Planner settings for {student.name}"
                yield Static(
                    "The numbers the planner works with. Each shows its default; a therapist "
                    "may tune them.", id="settings-intro")
                for heading, names in GROUPS:
                    yield Static(heading, classes="form-heading")
                    for name in names:
                        yield from self._row(field_title(name), name, shown_value(student.settings, name),
                                             f"default {shown_value(DEFAULTS, name)}")
                yield Static("The plan's dates", classes="form-heading")
                plan = student.plan
                yield from self._row("Plan start", "start", plan.start.isoformat() if plan else "",
                                     "YYYY-MM-DD")
                yield from self._row("Review date", "review_on", plan.review_on.isoformat() if plan else "",
                                     "empty: 6 weeks on")
        yield Footer(compact=True)

    def _row(self, label: str, name: str, value: str, hint: str) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(escape(label), classes="form-label")
            yield FormInput(value, id=f"set-{name}", compact=True,
                            classes="date" if name in PLAN_FIELDS else "number",
                            restrict=None if name in PLAN_FIELDS else r"\d{0,3}")
            yield Static(escape(hint), classes="hint")
        yield Static("", id=f"set-{name}-error", classes="field-error")

    def on_mount(self) -> None:
        self._initial = self.form_values()
        inputs = self.query(FormInput)
        if inputs:
            inputs.first().focus()

    def form_values(self) -> dict[str, str]:
        return {field.id.removeprefix("set-"): field.value for field in self.query(FormInput) if field.id}

    def stored_values(self) -> dict[str, str]:
        """The form as the student's saved settings and plan fill it."""
        student = self.student
        if student is None:
            return {}
        values = {name: shown_value(student.settings, name) for name in PlannerSettings.model_fields}
        plan = student.plan
        values["start"] = plan.start.isoformat() if plan else ""
        values["review_on"] = plan.review_on.isoformat() if plan else ""
        return values

    _saving = False  # a save is under way: once it lands the form shows what is stored

    def refresh_view(self) -> None:
        """After a save, or coming back with nothing typed: show what is stored.

        Coming back from a dialog (Stay, Keep them) must not wipe what was typed.
        """
        if not self._saving and self.form_values() != self._initial:
            return
        self._saving = False
        for name, value in self.stored_values().items():
            for field in self.query(f"#set-{name}").results(FormInput):
                field.value = value
        for target in self.query(".field-error"):
            target.remove_class("shown")
        self._initial = self.form_values()

    # --- saving ------------------------------------------------------------------------

    def show_problems(self, problems: dict[str, list[str]]) -> None:
        for target in self.query(".field-error"):
            target.remove_class("shown")
        for name, sentences in problems.items():
            target = self.query_one(f"#set-{name}-error", Static)
            target.update(escape(" ".join(sentences)))
            target.add_class("shown")
        if problems:
            first = next(n for n in self.form_values() if n in problems)
            self.query_one(f"#set-{first}", FormInput).focus()
            count = len(problems)
            self.notify(f"Nothing saved yet: {'one field needs' if count == 1 else f'{count} fields need'} a look.",
                        severity="warning")

    def action_save(self) -> None:
        student = self.student
        if student is None:
            return
        values = self.form_values()
        settings, problems = settings_from_form(values)
        plan, plan_problems = plan_from_form(values.get("start", ""), values.get("review_on", ""))
        problems |= plan_problems
        self.show_problems(problems)
        if problems or settings is None:
            return
        updated = student.model_copy(update={"settings": settings, "plan": plan}, deep=True)
        self._saving = True
        self.app.saver.save(self, put=[updated], summary="Planner settings saved.")

    @work(group="settings-reset", exclusive=True, exit_on_error=False, description="putting back the defaults")
    async def action_reset(self) -> None:
        student = self.student
        if student is None:
            return
        reset = await self.app.push_screen_wait(ConfirmModal(
            "Put every threshold back to its default? The plan's dates stay as they are, "
            "and anything typed here but not saved is left out.",
            yes="Use the defaults", no="Keep them", title="Back to the defaults"))
        if not reset:
            return
        updated = student.model_copy(update={"settings": PlannerSettings()}, deep=True)
        self._saving = True
        self.app.saver.save(self, put=[updated],
                            summary="The planner's thresholds are back to their defaults.")

    @work(group="settings-leave", exclusive=True, exit_on_error=False, description="leaving the settings")
    async def action_leave(self) -> None:
        if self.form_values() != self._initial:
            leave = await self.app.push_screen_wait(
                ConfirmModal("Leave without saving? The changes typed here will be lost.",
                             yes="Leave", no="Stay", title="Not saved yet"))
            if not leave:
                return
        self.app.pop_screen()
