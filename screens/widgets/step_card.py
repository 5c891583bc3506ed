"""Today's step as a card: what, where, how long, with which supports."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from reintegrate.models import Step, Student
from screens.session import step_position
from screens.widgets.plain import escape


def step_lines(student: Student, step: Step) -> tuple[str, str, str]:
    """(position and title, place and minutes, supports) as plain sentences."""
    heading = f"{step_position(student, step)}: {step.title}"
    where = f"{step.place or 'Place not set'} · {step.planned_minutes} minutes planned"
    supports = ", ".join(step.supports) if step.supports else "none listed"
    return heading, where, f"Supports: {supports}"


class StepCard(Vertical):
    """One step with its place, planned minutes, supports and description."""

    DEFAULT_CSS = """
    StepCard {
        height: auto;
        border: round $primary;
        border-title-color: $text;
        padding: 0 1;
    }
    StepCard .step-title { text-style: bold; }
    StepCard .step-description { color: $text-muted; }
    """

    def __init__(self, student: Student, step: Step, *, title: str = "Today's step", **kwargs) -> None:
        super().__init__(**kwargs)
        self.student = student
        self.step = step
        self.border_title = title

    def compose(self) -> ComposeResult:
        heading, where, supports = step_lines(self.student, self.step)
        yield Static(escape(heading), classes="step-title")
        yield Static(escape(where), classes="step-where")
        yield Static(escape(supports), classes="step-supports")
        if self.step.description:
            yield Static(escape(self.step.description), classes="step-description")
