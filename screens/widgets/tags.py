"""Comma-separated tags (triggers, symptoms, what helped) with suggestions."""

from __future__ import annotations

from collections.abc import Iterable

from textual.suggester import SuggestFromList

from reintegrate.models import clean_tags
from screens.widgets.fields import FormInput


class TagSuggester(SuggestFromList):
    """Suggests a completion for the tag being typed after the last comma.

    SuggestFromList completes the whole value; in "panic, hea" the part to complete
    is "hea", and the suggestion must keep "panic, " in front of it.
    """

    def __init__(self, suggestions: Iterable[str]) -> None:
        super().__init__(suggestions, case_sensitive=False)

    async def get_suggestion(self, value: str) -> str | None:
        head, comma, last = value.rpartition(",")
        typed = last.lstrip()
        if not typed:
            return None
        completion = await super().get_suggestion(typed)
        if completion is None:
            return None
        spacing = last[: len(last) - len(typed)]
        return f"{head}{comma}{spacing}{completion}"


def parse_tags(text: str) -> list[str]:
    """'Van, Noise,, van' -> ['Van', 'Noise']: trimmed, as typed, no repeats in any case."""
    return clean_tags(text.split(","))


def format_tags(tags: Iterable[str]) -> str:
    return ", ".join(tags)


class TagInput(FormInput):
    """An input for comma-separated tags, suggesting from a list of common ones."""

    def __init__(self, suggestions: Iterable[str], value: Iterable[str] = (), **kwargs) -> None:
        kwargs.setdefault("placeholder", "comma-separated, e.g. " + ", ".join(list(suggestions)[:2]))
        super().__init__(value=format_tags(value), suggester=TagSuggester(suggestions), **kwargs)

    @property
    def tags(self) -> list[str]:
        return parse_tags(self.value)
