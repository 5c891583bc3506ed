"""The attempt form's fields: their order, where each problem is shown, and how typed
text becomes an Attempt's values. No widgets here: the form screen is screens/record.py."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from reintegrate.models import Attempt, Outcome, plain_errors

# Where each field's problems are shown: the first part of a pydantic error location.
ERROR_SLOTS = {
    "step_id": "step", "step_title": "step", "planned_minutes": "step",
    "on": "on", "outcome": "outcome", "minutes_managed": "minutes",
    "distress_before": "distress", "distress_peak": "distress", "distress_after": "distress",
    "triggers": "triggers", "trigger_notes": "triggers", "symptoms": "symptoms",
    "helped": "helped", "morning": "morning", "notes": "notes", "child_words": "child_words",
    "during_school_hours": "during_school_hours", "left_school_at": "left_school_at",
    "prediction": "prediction", "prediction_confidence": "prediction", "prediction_came_true": "prediction",
}
# The form's fields from top to bottom, and the field each part of an Attempt is typed in.
FORM_ORDER = ["step", "on", "outcome", "minutes", "distress_before", "distress_peak", "distress_after",
              "triggers", "trigger_notes", "symptoms", "helped", "woke_on_time", "left_home_at",
              "behaviours", "notes", "child_words", "during_school_hours",
              "left_school_at"]
FIELD_OF = {"step_id": "step", "step_title": "step", "planned_minutes": "step",
            "minutes_managed": "minutes", "morning": "woke_on_time", "": "minutes"}
NO_MINUTES = (Outcome.refused, Outcome.not_started)


def field_for(loc: tuple) -> str:
    """The form field a pydantic error location is about ("morning.left_home_at" -> its box)."""
    if len(loc) > 1 and loc[0] == "morning" and str(loc[1]) in FORM_ORDER:
        return str(loc[1])
    name = str(loc[0]) if loc else ""
    return name if name in FORM_ORDER else FIELD_OF.get(name, "minutes")


_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def clock_text(text: str) -> str | None:
    """'7:45' or '7.45' -> '07:45'; '' -> None; anything else as typed (pydantic explains)."""
    text = text.strip()
    if not text:
        return None
    match = _CLOCK.match(text)
    return f"{int(match[1]):02d}:{match[2]}" if match else text


def number_text(text: str) -> str | None:
    return text.strip() or None


def every_problem(error: ValidationError, data: dict[str, Any]) -> list[tuple[tuple, str, str]]:
    """Every problem with the form's `data` at once, as (location, pydantic type, sentence).

    Checks across fields (minutes for a refused attempt) only run once each field is
    valid, so the form is checked a second time without the fields already wrong:
    the family then sees every problem on the first Ctrl+S, not one after another.
    """
    found = [(tuple(item.get("loc", ())), item.get("type", ""), sentence)
             for item, sentence in zip(error.errors(include_url=False), plain_errors(error, Attempt))]
    for loc, _, _ in found:
        if len(loc) == 1:
            data.pop(str(loc[0]), None)
        elif len(loc) > 1 and isinstance(data.get(str(loc[0])), dict):
            data[str(loc[0])].pop(str(loc[1]), None)
    if "outcome" in data:
        try:
            Attempt.model_validate(data)
        except ValidationError as again:
            for item, sentence in zip(again.errors(include_url=False), plain_errors(again, Attempt)):
                loc = tuple(item.get("loc", ()))
                if not any(sentence == known for _, _, known in found):
                    found.append((loc, item.get("type", ""), sentence))
    return found
