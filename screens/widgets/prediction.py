"""The record form's 'What they feared' section: three optional fields, one row each.

Kept in its own section (and module) so the rest of the form is untouched: the form
reads `values()` for its change check and `fields()` for the attempt it builds.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from reintegrate.models import CAME_TRUE_LABELS, Attempt, CameTrue
from screens.widgets.choices import NumberedChoice
from screens.widgets.fields import FormInput


class PredictionFields(Vertical):
    """What the child worried would happen, how sure they were, and whether it did."""

    DEFAULT_CSS = """
    PredictionFields { height: auto; }
    PredictionFields .section-title { color: $text-muted; margin: 1 0 0 0; }
    """

    def __init__(self, attempt: Attempt | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.attempt = attempt

    def compose(self) -> ComposeResult:
        a = self.attempt
        yield Static("What they feared (optional): before the step, and afterwards whether it happened.",
                     classes="section-title")
        with Horizontal(classes="form-row"):
            yield Label("They feared", classes="form-label")
            yield FormInput(a.prediction if a else "", id="prediction", compact=True,
                            placeholder="what they worried would happen, in their words")
        with Horizontal(classes="form-row"):
            yield Label("How sure 0–10", classes="form-label")
            confidence = a.prediction_confidence if a else None
            yield FormInput("" if confidence is None else str(confidence), id="prediction_confidence",
                            compact=True, restrict=r"\d{0,2}", classes="short")
        with Horizontal(classes="form-row"):
            yield Label("Did it happen 1–4", classes="form-label")
            yield NumberedChoice([(c, CAME_TRUE_LABELS[c]) for c in CameTrue],
                                 a.prediction_came_true if a else None,
                                 id="prediction_came_true", compact=True)
        yield Static("", id="prediction-error", classes="field-error")

    def values(self) -> dict[str, Any]:
        return {
            "prediction": self.query_one("#prediction", FormInput).value,
            "prediction_confidence": self.query_one("#prediction_confidence", FormInput).value,
            "prediction_came_true": self.query_one("#prediction_came_true", NumberedChoice).value,
        }

    def fields(self) -> dict[str, Any]:
        """The attempt's fields, before validation."""
        values = self.values()
        return {
            "prediction": values["prediction"],
            "prediction_confidence": values["prediction_confidence"].strip() or None,
            "prediction_came_true": values["prediction_came_true"],
        }
