"""The school's holidays and closure days on a student's calendar: adding, changing and
removing one, with the reasons a change is refused in plain sentences.

A closure takes its days away from every count (`schooldays.SchoolDays`): Today, the
next school days, the school days a letter has waited, deadlines and attendance. So
a typo here moves every count: the rules below refuse the likely ones.

- The last day must be on or after the first (an empty last day means one day only:
  a training day).
- A closure is at most `MOST_DAYS` days long: the summer holidays are about six
  weeks; anything much longer is taken for a mistyped year.
- Two closures never overlap: an overlap is refused, naming the closure it overlaps,
  rather than merged. Each closure keeps the name the family gave it ("Christmas",
  "Training day"), and merging two would silently drop one name and stretch the
  other; the family changes the one already there instead. Closures that touch (one
  ends the day before the next starts) are fine.
- Every closure has a name, of at most `NAME_LENGTH` characters, shown as text.

A closure is found by what it says (its dates and name): the calendar holds no ids,
and two closures can never say the same thing, since they would overlap. The
calendar's closures are kept in date order.
"""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError

from reintegrate.models import SchoolCalendar, plain_errors
from reintegrate.models.student import Closure
from reintegrate.schooldays import SchoolDays, short_date

MOST_DAYS = 120
NAME_LENGTH = 60


class ClosureError(ValueError):
    """A change to the closures refused, with the reason as a sentence, and the fields
    it is about ("label", "start", "end"), for a form to show it under."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        self.problems = problems
        super().__init__(" ".join(sentence for sentences in problems.values() for sentence in sentences))


def span_words(start: date, end: date, *, years: bool = True) -> str:
    """'Mon 21 Dec 2026 to Fri 1 Jan 2027' (without `years`: 'Mon 21 Dec to Fri 1 Jan'),
    or one date for a one-day closure."""
    def day(on: date) -> str:
        return f"{short_date(on)} {on.year}" if years else short_date(on)

    return day(start) if start == end else f"{day(start)} to {day(end)}"


def closure_words(closure: Closure, *, years: bool = True) -> str:
    """'Christmas (Mon 21 Dec 2026 to Fri 1 Jan 2027)'."""
    name = closure.label or "A closure"
    return f"{name} ({span_words(closure.start, closure.end, years=years)})"


def school_days_covered(calendar: SchoolCalendar, closure: Closure) -> int:
    """How many of the school's weekdays the closure takes away (its own span only,
    whatever other closures or days marked closed say)."""
    return SchoolDays(SchoolCalendar(weekdays=calendar.weekdays)).count(closure.start, closure.end)


def in_order(closures: list[Closure]) -> list[Closure]:
    return sorted(closures, key=lambda c: (c.start, c.end, c.label))


def _date(text: str, field: str, example: str) -> date | str:
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        what = "the first day" if field == "start" else "the last day"
        return f"Type {what} as YYYY-MM-DD, such as {example}." if text else f"Give {what}, as YYYY-MM-DD."


def closure_from_form(label: str, start: str, end: str) -> tuple[Closure | None, dict[str, list[str]]]:
    """The closure a form describes (name, first and last day as YYYY-MM-DD; no last
    day: one day), or the problems found, by field: "label", "start", "end"."""
    problems: dict[str, list[str]] = {}
    name = " ".join(label.split())
    said = _name_problem(name)
    if said:
        problems["label"] = [said]
    first = _date(start, "start", "2026-12-21")
    last = _date(end, "end", "2027-01-01") if end.strip() else first  # none: one day
    for field, value in (("start", first), ("end", last)):
        if isinstance(value, str) and (field == "start" or end.strip()):
            problems[field] = [value]
    if problems:
        return None, problems
    assert isinstance(first, date) and isinstance(last, date)
    problems = _span_problems(first, last)
    if problems:
        return None, problems
    try:
        return Closure(start=first, end=last, label=name), {}
    except ValidationError as error:
        return None, {"label": plain_errors(error, Closure)}


def _name_problem(name: str) -> str | None:
    if not name:
        return "Give it a name, such as Christmas, Half term or Training day."
    if len(name) > NAME_LENGTH:
        return f"Keep the name to {NAME_LENGTH} characters at most (it has {len(name)})."
    return None


def _span_problems(start: date, end: date) -> dict[str, list[str]]:
    if end < start:
        return {"end": [f"The last day ({span_words(end, end)}) is before the first "
                        f"({span_words(start, start)}). Check the dates."]}
    days = (end - start).days + 1
    if days > MOST_DAYS:
        return {"end": [f"That is {days} days: a closure is at most {MOST_DAYS} days. Check the dates "
                        "(is the year right?); a long closure can be entered as two."]}
    return {}


def closure_problems(calendar: SchoolCalendar, closure: Closure, *, replacing: Closure | None = None
                     ) -> dict[str, list[str]]:
    """Why `closure` cannot go on the calendar (in place of `replacing`), by field;
    empty when it can."""
    problems = _span_problems(closure.start, closure.end)
    said = _name_problem(" ".join(closure.label.split()))
    if said:
        problems["label"] = [said]
    if problems:
        return problems
    others = list(calendar.closures)
    if replacing is not None and replacing in others:
        others.remove(replacing)
    for other in in_order(others):
        if other.start <= closure.end and closure.start <= other.end:
            return {"start": [f"These dates overlap {closure_words(other)}. Change that one instead, "
                              "or choose dates that do not overlap it."]}
    return {}


def add_closure(calendar: SchoolCalendar, closure: Closure) -> SchoolCalendar:
    """The calendar with `closure` added; ClosureError when it is refused."""
    problems = closure_problems(calendar, closure)
    if problems:
        raise ClosureError(problems)
    return calendar.model_copy(update={"closures": in_order([*calendar.closures, closure])}, deep=True)


def change_closure(calendar: SchoolCalendar, old: Closure, new: Closure) -> SchoolCalendar:
    """The calendar with `old` replaced by `new`; ClosureError when `old` is not on it
    (changed meanwhile) or `new` is refused."""
    if old not in calendar.closures:
        raise ClosureError({"start": [f"{closure_words(old)} is no longer on the calendar: "
                                      "it was changed or removed meanwhile."]})
    problems = closure_problems(calendar, new, replacing=old)
    if problems:
        raise ClosureError(problems)
    kept = [c for c in calendar.closures if c != old]
    return calendar.model_copy(update={"closures": in_order([*kept, new])}, deep=True)


def remove_closure(calendar: SchoolCalendar, old: Closure) -> SchoolCalendar:
    """The calendar without `old`; ClosureError when it is not on it."""
    if old not in calendar.closures:
        raise ClosureError({"start": [f"{closure_words(old)} is no longer on the calendar: "
                                      "it was changed or removed meanwhile."]})
    kept = [c for c in calendar.closures if c != old]
    return calendar.model_copy(update={"closures": in_order(kept)}, deep=True)
