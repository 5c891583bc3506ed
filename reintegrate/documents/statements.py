"""Data statements: the records turned into sentences a school team can act on.

"We need data first" is answered with the data the family already holds. Each
statement carries its sentence *and* the numbers it was built from, and every number
keeps the dates and record ids behind it, so anyone can ask "which days were those?"
and get an answer. Nothing here reads files or the clock: the period is passed in.

What counts as a successful attempt and how a school day is counted are defined once,
in `reintegrate.stats` (`is_success`, `attendance`): a letter quotes the same numbers
a report or the progress screen shows for the same dates.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from reintegrate.models import Attempt, DayStatus, Outcome, Student
from reintegrate.stats import DateRange, DayResult, attendance, is_success

__all__ = [
    "ATTENDANCE", "CURRENT_STEP", "MORNINGS", "REPEATED_UNSUCCESSFUL", "TRIGGER",
    "Figure", "Statement", "attendance_sentence", "attendance_statement", "data_statements",
    "day_month", "is_success", "mornings_statement", "period_phrase",
    "repeated_unsuccessful_statement", "step_attempts_statement", "trigger_statement",
]

# How many morning behaviours or symptoms a statement names: more is noise in a letter.
TOP_MORNING_ITEMS = 3

_WORDS = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]
# How unsuccessful outcomes are named in a sentence, hardest first.
_FAILURE_WORDS = {
    Outcome.refused: "refused",
    Outcome.not_started: "not started",
    Outcome.partial: "partly done",
}


# --- Statements -------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One number in a statement, with the records it was counted from."""

    name: str
    value: int | float
    dates: tuple[date, ...] = ()
    attempt_ids: tuple[str, ...] = ()
    day_ids: tuple[str, ...] = ()

    @classmethod
    def of_attempts(cls, name: str, attempts: Sequence[Attempt]) -> Figure:
        """A count of attempts, traceable to their dates and ids."""
        return cls(name, len(attempts), tuple(a.on for a in attempts), tuple(a.id for a in attempts))


@dataclass(frozen=True)
class Statement:
    kind: str
    sentence: str
    figures: tuple[Figure, ...]

    def figure(self, name: str) -> Figure:
        for figure in self.figures:
            if figure.name == name:
                return figure
        raise KeyError(name)

    @property
    def numbers(self) -> dict[str, int | float]:
        return {f.name: f.value for f in self.figures}


ATTENDANCE = "attendance"
CURRENT_STEP = "current_step"
REPEATED_UNSUCCESSFUL = "repeated_unsuccessful"
TRIGGER = "trigger"
MORNINGS = "mornings"


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


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _count_word(n: int) -> str:
    """A number opening a sentence reads better as a word: 'Five attempts ...'."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def _in_period(student: Student, records: Iterable, start: date, end: date) -> list:
    return [r for r in records if r.student_id == student.id and start <= r.on <= end]


def _ordered(attempts: Iterable[Attempt]) -> list[Attempt]:
    # sorted() is stable: attempts on one date keep the order they were recorded in.
    return sorted(attempts, key=lambda a: a.on)


def attendance_sentence(school_days: int, missed: int, partial: int, full: int,
                        start: date, end: date, today: date | None = None) -> str:
    """'Since 1 October: 34 school days, 19 missed entirely, 9 partial, 6 full.'

    The wording reports use too, so a report and a letter read alike.
    """
    period = _capital(period_phrase(start, end, today))
    if school_days == 0:
        return f"{period}: no school days yet."
    return (
        f"{period}: {school_days} school {_plural(school_days, 'day')}, "
        f"{missed} missed entirely, {partial} partial, {full} full."
    )


def attendance_statement(
    student: Student,
    attempts: Sequence[Attempt],
    days: Sequence[DayStatus],
    start: date,
    end: date,
    *,
    today: date | None = None,
) -> Statement:
    """'Since 1 October: 34 school days, 19 missed entirely, 9 partial, 6 full.'

    Counted by `reintegrate.stats.attendance`: with `today`, days after it are not
    counted, and neither is today itself while nothing is recorded for it.
    """
    if today is not None:
        end = min(end, today)
    counted = attendance(student, attempts, days, DateRange(start, end), today=today)
    attempts = _in_period(student, attempts, start, end)
    statuses = _in_period(student, days, start, end)
    groups: dict[DayResult, list[date]] = {result: [] for result in DayResult}
    for day in counted.days:
        groups[day.result].append(day.on)

    def figure(name: str, dates: list[date]) -> Figure:
        wanted = set(dates)
        return Figure(
            name,
            len(dates),
            dates=tuple(dates),
            attempt_ids=tuple(a.id for a in attempts if a.on in wanted),
            day_ids=tuple(s.id for s in statuses if s.on in wanted),
        )

    figures = (
        figure("school_days", [day.on for day in counted.days]),
        figure("missed", groups[DayResult.missed]),
        figure("partial", groups[DayResult.partial]),
        figure("full", groups[DayResult.full]),
    )
    sentence = attendance_sentence(counted.school_days, counted.missed, counted.partial,
                                   counted.full, start, end, today)
    return Statement(ATTENDANCE, sentence, figures)


def _outcome_breakdown(attempts: Sequence[Attempt]) -> str:
    counts = Counter(a.outcome for a in attempts)
    parts = [f"{counts[o]} {word}" for o, word in _FAILURE_WORDS.items() if counts[o]]
    return ", ".join(parts)


def step_attempts_statement(
    student: Student,
    attempts: Sequence[Attempt],
    start: date,
    end: date,
    *,
    today: date | None = None,
    step_title: str | None = None,
) -> Statement | None:
    """'Five attempts at 'Half day' since 1 October have not succeeded (3 refused, ...).'

    None when the ladder has no current step.
    """
    step = student.ladder.current
    if step is None:
        return None
    title = step_title or step.title
    at_step = _ordered(a for a in _in_period(student, attempts, start, end) if a.step_id == step.id)
    succeeded = [a for a in at_step if is_success(a)]
    failed = [a for a in at_step if not is_success(a)]
    figures = [
        Figure.of_attempts("attempts", at_step),
        Figure.of_attempts("succeeded", succeeded),
        Figure.of_attempts("not_succeeded", failed),
    ]
    figures += [Figure.of_attempts(o.value, [a for a in at_step if a.outcome is o]) for o in Outcome]

    period = period_phrase(start, end, today)
    n = len(at_step)
    opening = f"{_count_word(n)} {_plural(n, 'attempt')} at '{title}' {period}"
    if n == 0:
        sentence = f"No attempts yet at '{title}' {period}."
    elif not succeeded:
        verb = "has" if n == 1 else "have"
        sentence = f"{opening} {verb} not succeeded ({_outcome_breakdown(failed)})."
    elif not failed:
        sentence = f"{opening}: {'it' if n == 1 else 'all ' + str(n)} succeeded."
    else:
        sentence = (
            f"{opening}: {len(succeeded)} succeeded, {len(failed)} did not "
            f"({_outcome_breakdown(failed)})."
        )
    return Statement(CURRENT_STEP, sentence, tuple(figures))


def _runs(attempts: Sequence[Attempt]) -> list[list[Attempt]]:
    """Consecutive unsuccessful attempts, in date order, as separate runs."""
    runs: list[list[Attempt]] = []
    current: list[Attempt] = []
    for attempt in attempts:
        if is_success(attempt):
            if current:
                runs.append(current)
            current = []
        else:
            current.append(attempt)
    if current:
        runs.append(current)
    return runs


def _span(run: Sequence[Attempt]) -> str:
    first, last = run[0].on, run[-1].on
    if first == last:
        return day_month(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {day_month(last)}"
    return f"{day_month(first)} to {day_month(last)}"


def repeated_unsuccessful_statement(
    student: Student,
    attempts: Sequence[Attempt],
    start: date,
    end: date,
    *,
    today: date | None = None,
) -> Statement | None:
    """'Since 1 October, 12 of 20 attempts did not succeed, including the last 4 in a row.'

    None when fewer than two attempts were unsuccessful: nothing has been repeated.
    """
    ordered = _ordered(_in_period(student, attempts, start, end))
    failed = [a for a in ordered if not is_success(a)]
    if len(failed) < 2:
        return None
    runs = _runs(ordered)
    latest = runs[-1] if runs and runs[-1][-1] is ordered[-1] else []
    # max() keeps the first of equally long runs: the earliest one is reported.
    longest = max(runs, key=len)
    figures = (
        Figure.of_attempts("attempts", ordered),
        Figure.of_attempts("not_succeeded", failed),
        Figure.of_attempts("latest_run", latest),
        Figure.of_attempts("longest_run", longest),
    )
    sentence = (
        f"{_capital(period_phrase(start, end, today))}, {len(failed)} of {len(ordered)} "
        f"attempts did not succeed"
    )
    if len(latest) >= 2:
        sentence += f", including the last {len(latest)} in a row."
    elif len(longest) >= 2:
        sentence += f"; the longest run was {len(longest)} in a row, {_span(longest)}."
    else:
        sentence += "."
    return Statement(REPEATED_UNSUCCESSFUL, sentence, figures)


def trigger_statement(
    student: Student,
    attempts: Sequence[Attempt],
    start: date,
    end: date,
    *,
    today: date | None = None,
) -> Statement | None:
    """'The trigger 'school van' was noted in 7 of 9 unsuccessful attempts ...'

    Names the one trigger tag that concentrates in unsuccessful attempts, using the
    student's planner thresholds so a letter and the planner's `address_trigger`
    proposal agree. None when no tag stands out.
    """
    settings = student.settings
    ordered = _ordered(_in_period(student, attempts, start, end))
    failed = [a for a in ordered if not is_success(a)]
    succeeded = [a for a in ordered if is_success(a)]
    if not failed or len(failed) < settings.trigger_min_unsuccessful:
        return None

    best: tuple | None = None
    for tag in sorted({t for a in failed for t in a.triggers}):
        with_tag_failed = [a for a in failed if tag in a.triggers]
        with_tag_succeeded = [a for a in succeeded if tag in a.triggers]
        failed_share = len(with_tag_failed) / len(failed)
        succeeded_share = len(with_tag_succeeded) / len(succeeded) if succeeded else 0.0
        if failed_share < settings.trigger_unsuccessful_share:
            continue
        if succeeded_share > settings.trigger_successful_share:
            continue
        # Strongest: most unsuccessful attempts, then rarest among successes; the
        # sorted loop and strict comparison break remaining ties alphabetically.
        rank = (len(with_tag_failed), -succeeded_share)
        if best is None or rank > best[0]:
            best = (rank, tag, with_tag_failed, with_tag_succeeded)
    if best is None:
        return None
    _, tag, with_tag_failed, with_tag_succeeded = best
    figures = (
        Figure.of_attempts("unsuccessful", failed),
        Figure.of_attempts("unsuccessful_with_trigger", with_tag_failed),
        Figure.of_attempts("successful", succeeded),
        Figure.of_attempts("successful_with_trigger", with_tag_succeeded),
    )
    sentence = (
        f"The trigger '{tag}' was noted in {len(with_tag_failed)} of {len(failed)} "
        f"unsuccessful attempts {period_phrase(start, end, today)}"
    )
    if succeeded:
        sentence += f", and in {len(with_tag_succeeded)} of {len(succeeded)} successful ones."
    else:
        sentence += "; there were no successful attempts to compare with."
    return Statement(TRIGGER, sentence, figures)


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _top(dates_by_tag: dict[str, list[date]]) -> list[tuple[str, int]]:
    # Most frequent first; sorted() is stable, so ties keep the order they first
    # appeared in and the wording never changes between two runs.
    ranked = sorted(((tag, len(dates)) for tag, dates in dates_by_tag.items()), key=lambda item: -item[1])
    return ranked[:TOP_MORNING_ITEMS]


def mornings_statement(
    student: Student,
    attempts: Sequence[Attempt],
    start: date,
    end: date,
    *,
    today: date | None = None,
) -> Statement | None:
    """What mornings look like: the most frequent behaviours and symptoms, and the
    usual (median) distress before leaving. Counted per morning, not per attempt.

    None when no attempt was recorded in the period.
    """
    by_date: dict[date, list[Attempt]] = {}
    for attempt in _ordered(_in_period(student, attempts, start, end)):
        by_date.setdefault(attempt.on, []).append(attempt)
    if not by_date:
        return None

    behaviours: dict[str, list[date]] = {}
    symptoms: dict[str, list[date]] = {}
    distress: list[tuple[date, str, int]] = []
    for day, day_attempts in by_date.items():
        # A tag noted in two attempts on one day is still one morning.
        day_behaviours: dict[str, None] = {}
        day_symptoms: dict[str, None] = {}
        for attempt in day_attempts:
            day_behaviours.update(dict.fromkeys(attempt.morning.behaviours))
            if attempt.morning.woke_on_time is False:
                day_behaviours["did not wake on time"] = None
            day_symptoms.update(dict.fromkeys(attempt.symptoms))
        for tag in day_behaviours:
            behaviours.setdefault(tag, []).append(day)
        for tag in day_symptoms:
            symptoms.setdefault(tag, []).append(day)
        # The first attempt of the day is the one the morning led into.
        first = next((a for a in day_attempts if a.distress_before is not None), None)
        if first is not None:
            distress.append((day, first.id, first.distress_before))

    top_b = _top(behaviours)
    top_s = _top(symptoms)
    mornings = sorted(by_date)
    figures = [Figure("mornings", len(mornings), tuple(mornings))]
    figures += [Figure(f"behaviour:{t}", n, tuple(behaviours[t])) for t, n in top_b]
    figures += [Figure(f"symptom:{t}", n, tuple(symptoms[t])) for t, n in top_s]

    parts = [f"Mornings {period_phrase(start, end, today)} ({len(mornings)} recorded)"]
    if top_b:
        parts[0] += ": " + ", ".join(f"{t} on {n}" for t, n in top_b) + "."
    else:
        parts[0] += "."
    if top_s:
        parts.append("Symptoms noted: " + ", ".join(f"{t} on {n}" for t, n in top_s) + ".")
    if distress:
        usual = statistics.median(d for _, _, d in distress)
        figures.append(
            Figure(
                "usual_distress_before",
                usual,
                tuple(d for d, _, _ in distress),
                tuple(i for _, i, _ in distress),
            )
        )
        parts.append(f"Usual distress before leaving home: {_format_number(usual)} out of 10.")
    return Statement(MORNINGS, " ".join(parts), tuple(figures))


def data_statements(
    student: Student,
    attempts: Sequence[Attempt],
    days: Sequence[DayStatus],
    start: date,
    end: date,
    *,
    today: date | None = None,
) -> list[Statement]:
    """Every statement there is something to say about, in the order a letter uses."""
    found = [
        attendance_statement(student, attempts, days, start, end, today=today),
        step_attempts_statement(student, attempts, start, end, today=today),
        repeated_unsuccessful_statement(student, attempts, start, end, today=today),
        trigger_statement(student, attempts, start, end, today=today),
        mornings_statement(student, attempts, start, end, today=today),
    ]
    return [s for s in found if s is not None]
