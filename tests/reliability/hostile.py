"""A household whose every piece of family text is hostile: markup-like brackets and
tags, emoji, and (for the import tests) terminal control characters."""

from __future__ import annotations

from itertools import count

from pydantic import BaseModel

from reintegrate.models import Household
from reintegrate.models.base import NO_CONTROLS, NO_CONTROLS_BUT_LINES

# Each one broke something once, or is the markup a widget would most likely read:
# a closing tag with nothing open, a tag that names a style, a variable, an action link.
MARKUP_TEXTS = ["[/]", "[maths] lesson", "[b]bold[/b]", "[$accent]x", "[@click=app.quit]q[/]",
                "[red]🙂 [link=x]y[/link]", "\\[z]", "[[]]", "]["]


def _kind(info) -> str | None:
    """'text' or 'tags' for the fields that hold the family's own words."""
    shown = repr(info)
    patterns = (NO_CONTROLS, NO_CONTROLS_BUT_LINES)
    if not any(repr(p)[1:-1] in shown or p in shown for p in patterns):
        return None
    return "tags" if "list[" in shown else "text"


def hostile(model: BaseModel, words, numbers=None) -> BaseModel:
    """A copy of `model` with every text field replaced by `words(n)`, n counting up so
    that names and titles stay distinct."""
    numbers = numbers or count(1)
    updates = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            updates[name] = hostile(value, words, numbers)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            updates[name] = [hostile(item, words, numbers) for item in value]
        elif isinstance(value, str) and value and _kind(info) == "text":
            updates[name] = words(next(numbers))
        elif isinstance(value, list) and value and _kind(info) == "tags":
            updates[name] = [words(next(numbers)).lower()[:60] for _ in value]
    return type(model).model_validate({**model.model_dump(), **updates})


def hostile_household(household: Household, words) -> Household:
    return hostile(household, words)
