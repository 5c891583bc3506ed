"""What changed over the period: the step, attendance lately, runs of unsuccessful attempts.

A letter that characterises the situation ("little change", "not improving") takes
its words from here, so the sentence is the records' and cannot contradict them:
- the step the first attempt of the period was at, against the current step: which
  way the child moved, never how many steps; back at the same step after attempts at
  others is said so, never "stayed". A step's place is known only on today's
  ladder, and an in-between step accepted later, or a step added or retired in the
  ladder editor, moves it; the records keep no step's place on an earlier day, so a
  count would change between two letters about the same move (walk 2, finding 3);
- days attended in part or in full over the last two school weeks, against the two
  weeks before (counted by `reintegrate.stats.attendance`, as every figure is);
- the longest run of unsuccessful attempts in a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reintegrate.documents.statements.repeated_unsuccessful import longest_run, run_span
from reintegrate.documents.statements.statement import CHANGE, Figure, Statement, in_date_order, in_period
from reintegrate.documents.statements.words import capital, period_phrase
from reintegrate.models import Attempt, DayStatus, Student
from reintegrate.stats import DateRange, DayResult, attendance


def _step_sentence(student: Student, ordered: Sequence[Attempt], period: str) -> tuple[str, Figure] | None:
    current = student.ladder.current
    if current is None or not ordered:
        return None
    first = ordered[0]
    ladder = student.ladder
    start_at, now_at = ladder.position(first.step_id), ladder.position(current.id)
    child = student.name
    away = list(dict.fromkeys(a.step_title for a in ordered if a.step_id != current.id))
    if first.step_id == current.id and away:
        # Moved off the step and back to it: it did not stay (walk 3, finding 2).
        tried = " and ".join(f"'{title}'" for title in away[:2]) + (" and others" if len(away) > 2 else "")
        sentence = (f"{capital(period)}, {child} has been at other steps too (attempts at {tried}) "
                    f"and is back at '{current.title}'.")
        moved = 0
    elif first.step_id == current.id:
        sentence = f"{capital(period)}, the step has stayed at '{current.title}'."
        moved = 0
    elif start_at is None or now_at is None:  # the first step has been retired since
        sentence = f"{capital(period)}, {child}'s step has changed from '{first.step_title}' to '{current.title}'."
        moved = 0
    else:
        # Which of two steps is above the other stays so when steps are added or
        # retired around them; how many lie between does not.
        moved = 1 if now_at > start_at else -1
        direction = "up" if moved > 0 else "back"
        sentence = f"{capital(period)}, {child} has moved {direction} from '{first.step_title}' to '{current.title}'."
    return sentence, Figure("step_direction", moved, (first.on,), (first.id,))


def _attendance_sentence(student: Student, attempts: Sequence[Attempt], days: Sequence[DayStatus],
                         start: date, end: date, today: date | None) -> tuple[str, tuple[Figure, ...]] | None:
    fortnight = 2 * len(student.calendar.weekdays)
    counted = attendance(student, attempts, days, DateRange(start, end), today=today).days
    if len(counted) < 2 * fortnight:
        return None  # not two whole fortnights in the period: nothing fair to compare
    earlier, recent = counted[-2 * fortnight:-fortnight], counted[-fortnight:]

    def attended(window) -> Figure:
        return Figure("attended", 0, tuple(d.on for d in window if d.result is not DayResult.missed))

    now, before = attended(recent), attended(earlier)
    figures = (
        Figure("attended_last_fortnight", len(now.dates), now.dates),
        Figure("attended_fortnight_before", len(before.dates), before.dates),
        Figure("school_days_per_fortnight", fortnight, tuple(d.on for d in counted[-2 * fortnight:])),
    )
    sentence = (
        f"{student.name} attended on {len(now.dates)} of the last {fortnight} school days, in part or "
        f"in full, against {len(before.dates)} of the {fortnight} before."
    )
    return sentence, figures


def change_statement(
    student: Student,
    attempts: Sequence[Attempt],
    days: Sequence[DayStatus],
    start: date,
    end: date,
    *,
    today: date | None = None,
    with_runs: bool = True,
) -> Statement | None:
    """'Since 6 October, Sam has moved up from ... Sam attended on 9 of the last
    10 school days, in part or in full, against 7 of the 10 before. The longest run ...'

    None when nothing was attempted in the period. `with_runs=False` leaves the run out
    of the sentence (not the figures), for a letter that already quotes it.
    """
    if today is not None:
        end = min(end, today)
    ordered = in_date_order(in_period(student, attempts, start, end))
    if not ordered:
        return None
    period = period_phrase(start, end, today)
    sentences: list[str] = []
    figures: list[Figure] = []
    step = _step_sentence(student, ordered, period)
    if step is not None:
        sentences.append(step[0])
        figures.append(step[1])
    recent = _attendance_sentence(student, attempts, days, start, end, today)
    if recent is not None:
        sentences.append(recent[0])
        figures.extend(recent[1])
    run = longest_run(ordered)
    figures.append(Figure.of_attempts("longest_run", run))
    if not with_runs:
        pass
    elif len(run) >= 2:
        sentences.append(f"The longest run of unsuccessful attempts was {len(run)} in a row, {run_span(run)}.")
    elif run:
        sentences.append("No two attempts in a row were unsuccessful.")
    else:
        sentences.append("Every attempt succeeded.")
    return Statement(CHANGE, " ".join(sentences), tuple(figures))
