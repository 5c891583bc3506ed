"""The words and tables of the progress screen, worked out from a Progress.

Sentences are built here and nowhere else on the screen, so tests can read them and
they stay close to the reports' wording: counts in words, never colour alone.
"""

from __future__ import annotations

from rich import box
from rich.table import Table

from reintegrate.documents.names import known_names, shown_tag
from reintegrate.models import Outcome, ProposalKind, Student
from reintegrate.schooldays import long_date, short_date
from reintegrate.stats import MISSED_REASONS, Progress, TagRow, step_positions
from screens.widgets.plain import plain


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole}" if whole else "none"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def period_line(p: Progress, student: Student) -> str:
    """'This plan: Monday 2 November 2026 to Thursday 26 November 2026 (15 attempts).'"""
    rng = p.range
    if rng.empty:
        return f"{rng.label}: from {long_date(rng.start)}, which has not come yet."
    return (f"{rng.label}: {long_date(rng.start)} to {long_date(rng.end)} "
            f"({_plural(len(p.attempts), 'attempt')} by {student.name}).")


def attendance_lines(p: Progress) -> list[str]:
    """Counts, percentages and the tier, in words: no colour needed to read them."""
    a = p.attendance
    if not a.school_days:
        return ["There were no school days in this period."]
    lines = [
        f"School days: {a.school_days} · Full: {a.full} ({a.full_percent} %) · "
        f"Partial: {a.partial} · Missed: {a.missed}",
        f"Attended at least in part: {a.attended} of {a.school_days} days, "
        f"{a.attended_percent} %. Attendance tier: {a.tier}.",
    ]
    if a.missed_by_reason:
        reasons = ", ".join(f"{MISSED_REASONS[key].lower()} {count}"
                            for key, count in a.missed_by_reason.items())
        lines.append(f"Missed days: {reasons}.")
    return lines


def _table(*columns: str) -> Table:
    """A plain table: words in the first column, counts (right-aligned) after it."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=False)
    for n, column in enumerate(columns):
        table.add_column(column, justify="left" if n == 0 else "right", overflow="fold")
    return table


def _tag_table(rows: list[TagRow], what: str) -> Table | str:
    if not rows:
        return f"No {what.lower()}s noted in this period."
    table = _table(what, "Unsuccessful", "Successful")
    for row in rows:
        table.add_row(plain(row.tag), _share(row.in_unsuccessful, row.unsuccessful),
                      _share(row.in_successful, row.successful))
    return table


def _mean(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def pattern_sections(p: Progress, student: Student) -> list[tuple[str, str, Table | str]]:
    """(widget id, heading, table or sentence) for each pattern, in reading order. What
    helped is shown with the capitals of the names in it, as the reports show it."""
    if not p.attempts:
        return [("pattern-none", "", "No attempts in this period, so no patterns yet.")]
    weekdays = _table("Day", "Attempts", "Successful", "Outcomes")
    weekdays.columns[-1].justify = "left"
    for row in p.weekdays:
        outcomes = ", ".join(f"{n} {o.label.lower()}" for o, n in row.outcomes.items() if n)
        weekdays.add_row(row.name, str(row.attempts), _share(row.successes, row.attempts),
                         outcomes or "–")
    before = p.before
    before_table = _table("Attempts", "Average before", "How many")
    before_table.add_row("Successful", _mean(before.successful.value), str(before.successful.count))
    before_table.add_row("Unsuccessful", _mean(before.unsuccessful.value),
                         str(before.unsuccessful.count))
    before_table.add_section()
    for outcome in Outcome:
        mean = before.by_outcome[outcome]
        if mean.count:
            before_table.add_row(outcome.label, _mean(mean.value), str(mean.count))
    helped: Table | str = f"Nothing noted as helping on the {p.successes} successful attempts."
    if p.helped:
        helped = _table("What helped", "Successful attempts")
        names = known_names(student)
        for tag in p.helped:
            helped.add_row(plain(shown_tag(tag.tag, names)), _share(tag.count, tag.out_of))
    m = p.mornings
    mornings = (f"Woke on time {m.woke_on_time}, late {m.woke_late}, not noted {m.not_recorded}. "
                + ("Most common: " + ", ".join(f"{t.tag} ({_share(t.count, t.out_of)})"
                                               for t in m.behaviours[:3]) + "."
                   if m.behaviours else "No morning difficulties noted."))
    return [
        ("pattern-weekdays", "Outcome by weekday", weekdays),
        ("pattern-triggers", "Triggers in unsuccessful and successful attempts",
         _tag_table(p.triggers, "Trigger")),
        ("pattern-symptoms", "Symptoms in unsuccessful and successful attempts",
         _tag_table(p.symptoms, "Symptom")),
        ("pattern-before", "Distress before the step, by outcome", before_table),
        ("pattern-helped", "What helped on successful days", helped),
        ("pattern-mornings", "Mornings", mornings),
    ]


def decision_rows(p: Progress, student: Student) -> list[tuple[str, ...]]:
    """One row per decision: when, where the step went, accepted or not, what was proposed, why."""
    from reintegrate.planner.words import decision_heading  # loaded by the worker already

    moves = {change.decision.id: change for change in p.step_history}
    positions = step_positions(student)
    rows = []
    for d in p.decisions:
        proposed, about = decision_heading(d)
        if about:
            proposed += f": {about}"
        decided = "Accepted" if d.accepted else "Not followed"
        move = moves.get(d.id)
        step = "–"
        if move is not None:
            direction = move.direction
            before = positions.get(d.from_step_id or "", (None, False))[0]
            if not direction and before is not None and move.position is not None:
                # The first change in the records: the decision itself says where from.
                direction = "up" if move.position > before else "back" if move.position < before else ""
            if not direction and d.accepted:
                direction = {ProposalKind.advance: "up", ProposalKind.step_back: "back"}.get(
                    d.proposal_kind, "")
            where = {"up": "up to", "back": "back to"}.get(direction, "to")
            number = f"step {move.position}" if move.position else move.title
            step = f"{where} {number}".capitalize()
        why = d.note or (d.reasons[0] if d.reasons else "")
        rows.append((short_date(d.on), step, decided, proposed, why))
    return rows
