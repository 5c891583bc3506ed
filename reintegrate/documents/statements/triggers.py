"""The trigger that concentrates in unsuccessful attempts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reintegrate.documents.statements.statement import TRIGGER, Figure, Statement, in_date_order, in_period
from reintegrate.documents.statements.words import period_phrase
from reintegrate.models import Attempt, Student, tag_key, tag_keys
from reintegrate.stats import is_success


def _share(noted: Sequence[Attempt], among: Sequence[Attempt], word: str) -> str:
    """'in 2 of 5 unsuccessful attempts'; of a single one, 'in the only unsuccessful attempt'
    (never 'in 1 of 1 unsuccessful attempts')."""
    if len(among) == 1:
        return f"{'' if noted else 'not '}in the only {word}"
    return f"in {len(noted)} of {len(among)} {word}s"


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
    ordered = in_date_order(in_period(student, attempts, start, end))
    failed = [a for a in ordered if not is_success(a)]
    succeeded = [a for a in ordered if is_success(a)]
    if not failed or len(failed) < settings.trigger_min_unsuccessful:
        return None

    best: tuple | None = None
    shown: dict[str, str] = {}  # a trigger in any case is one trigger, said as first typed
    for a in failed:
        for t in a.triggers:
            shown.setdefault(tag_key(t), t)
    for key in sorted(shown):
        tag = shown[key]
        with_tag_failed = [a for a in failed if key in tag_keys(a.triggers)]
        with_tag_succeeded = [a for a in succeeded if key in tag_keys(a.triggers)]
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
        f"The trigger '{tag}' was noted {_share(with_tag_failed, failed, 'unsuccessful attempt')} "
        f"{period_phrase(start, end, today)}"
    )
    if succeeded:
        sentence += f", and {_share(with_tag_succeeded, succeeded, 'successful one')}."
    else:
        sentence += "; there were no successful attempts to compare with."
    return Statement(TRIGGER, sentence, figures)

