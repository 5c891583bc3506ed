"""How the attempts at the current step went."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from reintegrate.documents.statements.statement import CURRENT_STEP, Figure, Statement, in_date_order, in_period
from reintegrate.documents.statements.words import count_word, period_phrase, plural
from reintegrate.models import Attempt, Outcome, Student
from reintegrate.stats import is_success

# How unsuccessful outcomes are named in a sentence, hardest first.
_FAILURE_WORDS = {
    Outcome.refused: "refused",
    Outcome.not_started: "not started",
    Outcome.partial: "partly done",
}


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
    at_step = in_date_order(a for a in in_period(student, attempts, start, end) if a.step_id == step.id)
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
    opening = f"{count_word(n)} {plural(n, 'attempt')} at '{title}' {period}"
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

