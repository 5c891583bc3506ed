"""How dates, periods and counts read inside a statement's sentence."""

from __future__ import annotations

from datetime import date

_WORDS = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]


def day_month(day: date, *, with_year: bool = False) -> str:
    """'1 October' (or '1 October 2025'): how dates read inside a sentence."""
    return f"{day.day} {day:%B}" + (f" {day.year}" if with_year else "")


def period_phrase(start: date, end: date, today: date | None = None) -> str:
    """'since 1 October' when the period runs up to today, else 'from 1 to 31 October'."""
    with_year = start.year != end.year
    if today is not None and end >= today:
        return f"since {day_month(start, with_year=with_year)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"from {start.day} to {day_month(end)}"
    return f"from {day_month(start, with_year=with_year)} to {day_month(end, with_year=with_year)}"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def count_word(n: int) -> str:
    """A number opening a sentence reads better as a word: 'Five attempts ...'."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"

