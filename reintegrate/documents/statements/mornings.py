"""What mornings look like: behaviours, symptoms and the usual distress."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date

from reintegrate.documents.statements.statement import MORNINGS, Figure, Statement, in_date_order, in_period
from reintegrate.documents.statements.words import format_number, period_phrase
from reintegrate.models import Attempt, Student, tag_key

# How many morning behaviours or symptoms a statement names: more is noise in a letter.
TOP_MORNING_ITEMS = 3


def _top(dates_by_tag: dict[str, list[date]]) -> list[tuple[str, int]]:
    # Most frequent first; sorted() is stable, so ties keep the order they first
    # appeared in and the wording never changes between two runs.
    ranked = sorted(((tag, len(dates)) for tag, dates in dates_by_tag.items()), key=lambda item: -item[1])
    return ranked[:TOP_MORNING_ITEMS]


def distress_sentence(mornings: int, usual: float) -> str:
    """The usual distress before the step as a plain sentence a school can read aloud.
    Counted over the mornings it was recorded on, which can be fewer than the mornings
    recorded; with one morning there is no middle value to speak of, only the value."""
    if mornings == 1:
        return f"Distress just before the step was recorded on 1 morning: {format_number(usual)} out of 10."
    return (
        f"Distress just before the step was recorded on {mornings} mornings and was typically "
        f"{format_number(usual)} out of 10 (the middle value)."
    )


def mornings_statement(
    student: Student,
    attempts: Sequence[Attempt],
    start: date,
    end: date,
    *,
    today: date | None = None,
) -> Statement | None:
    """What mornings look like: the most frequent behaviours and symptoms, and the
    middle (median) distress recorded before the step, the first attempt of each morning.
    Counted per morning, not per attempt. Distress *before the step* is what the record
    form asks; it is not distress before leaving home, and is never called that.

    None when no attempt was recorded in the period.
    """
    by_date: dict[date, list[Attempt]] = {}
    for attempt in in_date_order(in_period(student, attempts, start, end)):
        by_date.setdefault(attempt.on, []).append(attempt)
    if not by_date:
        return None

    behaviours: dict[str, list[date]] = {}
    symptoms: dict[str, list[date]] = {}
    shown: dict[str, str] = {}  # tag_key -> as first typed: one tag in any case
    distress: list[tuple[date, str, int]] = []
    for day, day_attempts in by_date.items():
        # A tag noted in two attempts on one day is still one morning.
        day_behaviours: dict[str, None] = {}
        day_symptoms: dict[str, None] = {}
        for attempt in day_attempts:
            for tag in (*attempt.morning.behaviours, *attempt.symptoms):
                shown.setdefault(tag_key(tag), tag)
            day_behaviours.update(dict.fromkeys(shown[tag_key(t)] for t in attempt.morning.behaviours))
            if attempt.morning.woke_on_time is False:
                day_behaviours["did not wake on time"] = None
            day_symptoms.update(dict.fromkeys(shown[tag_key(t)] for t in attempt.symptoms))
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
                "median_distress_before_step",
                usual,
                tuple(d for d, _, _ in distress),
                tuple(i for _, i, _ in distress),
            )
        )
        parts.append(distress_sentence(len(distress), usual))
    return Statement(MORNINGS, " ".join(parts), tuple(figures))

