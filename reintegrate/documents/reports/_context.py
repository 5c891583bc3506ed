"""The words and rows of a report, worked out once for the Markdown and HTML templates.

Templates only lay things out; every sentence a family reads is built here, so its
wording can be tested and stays the same in both formats.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from reintegrate.contacts import answer_state, threads
from reintegrate.documents import statements
from reintegrate.documents.names import known_names, shown_tag
from reintegrate.documents.reports._meeting import meeting_context
from reintegrate.documents.reports._notice import sensitive_notice
from reintegrate.documents.reports._why import why_context
from reintegrate.models import (
    BarrierStatus,
    Channel,
    Direction,
    Outcome,
    ProposalKind,
    Step,
    Student,
)
from reintegrate.planner.words import KIND_HEADINGS
from reintegrate.schooldays import long_date
from reintegrate.stats import (
    COUNTING_RULES,
    MISSED_REASONS,
    NOT_ENOUGH_FOR_TREND,
    Progress,
    TagRow,
    is_success,
    minutes_at_step,
    outside_school,
    step_positions,
)
from reintegrate.why.home import ended_sentence, home_line

if TYPE_CHECKING:
    from reintegrate.documents.reports import ReportInput

# The kinds as report headings: the planner's own words (planner/words.py).
PROPOSAL_LABELS = KIND_HEADINGS
NOT_ADVICE = ("The app proposes and people decide: the family and the team choose what "
              "happens next. This is not medical advice.")
BARRIER_LABELS = {
    BarrierStatus.open: "Open",
    BarrierStatus.worked_around: "Worked around",
    BarrierStatus.resolved: "Resolved",
}
CHANNEL_LABELS = {
    Channel.email: "Email", Channel.phone: "Phone", Channel.meeting: "Meeting",
    Channel.letter: "Letter", Channel.in_person: "In person",
}
# Below this many points a week the distress trend is reported as level.
LEVEL_SLOPE = 0.1


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(day: date) -> str:
    """'Mon 2 Nov 2026': short, and never ambiguous across a new year. Built from tables
    rather than strftime, which is slow and follows the locale."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def share(part: int, whole: int) -> str:
    return f"{part} of {whole}" if whole else "none"


def _mean(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def proposal_label(kind: str | None) -> str:
    if kind is None:
        return ""
    try:
        return PROPOSAL_LABELS[ProposalKind(kind)]
    except ValueError:
        return str(kind).replace("_", " ").capitalize()


def trend_words(slope_per_week: float) -> str:
    """'falling by about 0.5 points a week': words, so the sign is never missed."""
    if abs(slope_per_week) < LEVEL_SLOPE:
        return "about level"
    direction = "falling" if slope_per_week < 0 else "rising"
    return f"{direction} by about {abs(slope_per_week):.1f} points a week"


def trend_sentence(p: Progress) -> str:
    t = p.distress_trend
    if t is None:
        return NOT_ENOUGH_FOR_TREND
    count = plural(t.points, "attempt")
    words = trend_words(t.slope_per_week)
    if words == "about level":
        return f"Peak distress has stayed about level ({count} with a peak recorded)."
    return f"Peak distress is {words} ({count} with a peak recorded)."


def attendance_sentence(p: Progress, today: date) -> str:
    """The data statement a school team can quote, worded exactly as the letters quote
    it: 'Since 1 October: 34 school days, 19 missed entirely, 9 partial, 6 full.'"""
    a = p.attendance
    if not a.school_days:
        return "There were no school days in this period."
    return statements.attendance_sentence(a.school_days, a.missed, a.partial, a.full,
                                          p.range.start, p.range.end, today)


def _tag_sentence(row: TagRow, what: str) -> str:
    return (f"{what} “{row.tag}” was noted in {share(row.in_unsuccessful, row.unsuccessful)} "
            f"unsuccessful attempts and {share(row.in_successful, row.successful)} "
            f"successful ones.")


def _standout(rows: list[TagRow]) -> TagRow | None:
    """The tag most tied to unsuccessful attempts, if any is more common there."""
    candidates = [r for r in rows if r.in_unsuccessful >= 2
                  and r.unsuccessful_share > r.successful_share]
    return max(candidates, key=lambda r: (r.unsuccessful_share - r.successful_share,
                                          r.in_unsuccessful), default=None)


def main_patterns(student: Student, p: Progress) -> list[str]:
    """The few findings worth saying first, each citing its numbers."""
    lines: list[str] = []
    current = student.ladder.current
    if current is not None:
        at_step = [a for a in p.attempts if a.step_id == current.id]
        if at_step:
            wins = sum(1 for a in at_step if is_success(a))
            lines.append(f"At the current step, “{current.title}”: "
                         f"{plural(len(at_step), 'attempt')}, {wins} successful.")
    for rows, what in ((p.triggers, "Trigger"), (p.symptoms, "Symptom")):
        row = _standout(rows)
        if row is not None:
            lines.append(_tag_sentence(row, what))
    if p.distress:
        lines.append(trend_sentence(p))
    tried = [w for w in p.weekdays if w.attempts >= 2]
    if tried:
        worst = min(tried, key=lambda w: (w.successes / w.attempts, w.weekday))
        best = max(tried, key=lambda w: (w.successes / w.attempts, -w.weekday))
        if worst.successes / worst.attempts < best.successes / best.attempts:
            lines.append(f"{worst.name}s went least well ({share(worst.successes, worst.attempts)} "
                         f"attempts successful); {best.name}s went best "
                         f"({share(best.successes, best.attempts)}).")
    before = p.before
    if before.successful.value is not None and before.unsuccessful.value is not None:
        lines.append(f"Distress before the step averaged {_mean(before.unsuccessful.value)} "
                     f"on unsuccessful attempts and {_mean(before.successful.value)} on "
                     f"successful ones.")
    if p.helped:
        top = p.helped[0]
        lines.append(f"Helped most often on successful days: {shown_tag(top.tag, known_names(student))} "
                     f"({share(top.count, top.out_of)}).")
    if p.left_early:
        n = len(p.left_early)
        when = ", ".join(f"{day_label(a.on)} at {a.left_school_at:%H:%M}" for a in p.left_early)
        lines.append(f"Left school before the day's end on {n} {'day' if n == 1 else 'days'}: {when}.")
    if p.mornings.behaviours:
        top = p.mornings.behaviours[0]
        lines.append(f"Most common morning difficulty: {top.tag} "
                     f"({share(top.count, top.out_of)} mornings).")
    return lines


def _current_step(student: Student, today: date) -> dict | None:
    step = student.ladder.current
    if step is None:
        return None
    return {"position": student.ladder.position(step.id), "of": len(student.ladder.active),
            "title": step.title, "minutes": step.planned_minutes, "place": step.place,
            "supports": ", ".join(step.supports), "home_supports": " ".join(filter(None, [home_line(student, today), ended_sentence(student)]))}


def _proposal(inp: ReportInput) -> dict | None:
    if inp.proposal_kind is None:
        return None
    target = inp.proposal_target
    title = target.title if isinstance(target, Step) else (target or "")
    label = proposal_label(inp.proposal_kind)
    if inp.proposal_heading is not None:
        label, title = inp.proposal_heading
    return {"label": label, "target": title, "reasons": list(inp.proposal_reasons)}


def _tag_rows(rows: list[TagRow]) -> list[tuple]:
    return [(r.tag, share(r.in_unsuccessful, r.unsuccessful), share(r.in_successful, r.successful))
            for r in rows]


def _day_rows(p: Progress) -> list[tuple]:
    what: dict[date, list[str]] = defaultdict(list)
    for attempt in p.attempts:
        what[attempt.on].append(f"{attempt.outcome.label}: {attempt.step_title}")
    for day in p.days:
        what[day.on].append(day.kind.label + (f" ({day.note})" if day.note else ""))
    nothing = MISSED_REASONS["no_record"]
    return [(day_label(d.on), d.result.value.capitalize(), d.minutes,
             "; ".join(what.get(d.on, ())) or nothing) for d in p.attendance.days]


def _attempt_rows(student: Student, p: Progress) -> list[tuple]:
    positions = step_positions(student)
    outside = outside_school(student)
    rows = []
    for attempt in p.attempts:
        # The title as the attempt recorded it, without today's step number: an
        # in-between step accepted later would renumber past attempts.
        retired = positions.get(attempt.step_id, (None, False))[1]
        step = attempt.step_title
        # Said in words: these minutes are progress, but not time in school.
        notes = [word for word, yes in (("retired", retired),
                                        ("outside school", attempt.step_id in outside)) if yes]
        if notes:
            step += f" ({', '.join(notes)})"
        distress = (attempt.distress_before, attempt.distress_peak, attempt.distress_after)
        rows.append((
            day_label(attempt.on), step,
            attempt.outcome.label,
            f"{minutes_at_step(attempt)} ({attempt.planned_minutes})",
            " / ".join(["–" if v is None else str(v) for v in distress]),
        ))
    return rows


def build_context(inp: ReportInput, p: Progress) -> dict:
    student = inp.student
    names = known_names(student)
    a = p.attendance
    missed = [(MISSED_REASONS[key], count) for key, count in a.missed_by_reason.items()]
    before = p.before
    return {
        "notice": sensitive_notice(student),
        "name": student.name,
        "school": student.school.name,
        "today": long_date(inp.today),
        "period": (f"{p.range.label}: from {long_date(p.range.start)}, which has not come yet."
                   if p.range.empty else
                   f"{p.range.label}: {long_date(p.range.start)} to {long_date(p.range.end)}."),
        "attendance": {
            "sentence": attendance_sentence(p, inp.today), "school_days": a.school_days,
            "full": a.full, "partial": a.partial, "missed": a.missed,
            "attended": a.attended, "full_percent": a.full_percent,
            "attended_percent": a.attended_percent, "tier": a.tier, "missed_by": missed,
        },
        "current_step": _current_step(student, inp.today),
        "step_names": [step.title for step in student.ladder.active],
        "proposal": _proposal(inp),
        "decided": inp.decided,
        "decided_answers": inp.decided_answers,
        "not_advice": NOT_ADVICE,
        "next_days": [(long_date(day), title) for day, title in inp.next_days],
        "next_days_follow": inp.next_days_follow,
        "patterns": main_patterns(student, p),
        "attempt_count": len(p.attempts),
        "success_count": p.successes,
        "trend": trend_sentence(p),
        "attempts": _attempt_rows(student, p),
        "days": _day_rows(p),
        "weeks": [(day_label(w.monday), w.minutes) for w in p.weeks],
        "weekdays": [(w.name, w.attempts, w.successes, *(w.outcomes[o] for o in Outcome))
                     for w in p.weekdays],
        "outcome_labels": [o.label for o in Outcome],
        "triggers": _tag_rows(p.triggers),
        "symptoms": _tag_rows(p.symptoms),
        "before": {
            "successful": (_mean(before.successful.value), before.successful.count),
            "unsuccessful": (_mean(before.unsuccessful.value), before.unsuccessful.count),
            "by_outcome": [(o.label, _mean(m.value), m.count)
                           for o, m in before.by_outcome.items() if m.count],
        },
        "helped": [(shown_tag(t.tag, names), share(t.count, t.out_of)) for t in p.helped],
        "mornings": {
            "behaviours": [(t.tag, share(t.count, t.out_of)) for t in p.mornings.behaviours],
            "on_time": p.mornings.woke_on_time, "late": p.mornings.woke_late,
            "unknown": p.mornings.not_recorded,
        },
        # No step numbers: a step's place is known only on today's ladder, and an
        # in-between step accepted later would renumber these days (walk 2, finding 3).
        # Which way each move went stays true when steps are added around it.
        "step_history": [(day_label(c.on), c.title,
                          {"up": "Up", "back": "Back"}.get(c.direction, ""),
                          "Proposal accepted" if c.decision.accepted
                          else "Changed by the family or team")
                         for c in p.step_history],
        "barriers": _barrier_rows(inp),
        "contacts": _contact_rows(inp),
        "rules": COUNTING_RULES,
        **why_context(inp, day_label),
        **meeting_context(inp, p, day_label),
    }


def _barrier_rows(inp: ReportInput) -> list[tuple]:
    mine = [b for b in inp.barriers
            if b.student_id == inp.student.id and b.opened_on <= inp.range.end]
    mine.sort(key=lambda b: (b.opened_on, b.title))
    return [(b.title, BARRIER_LABELS[b.status], b.owner, day_label(b.opened_on),
             ", ".join(b.trigger_tags), b.workaround) for b in mine]


def _contact_rows(inp: ReportInput) -> list[tuple]:
    # Each contact read within its thread (a request and its follow-ups): an answer to
    # a follow-up answers the request too.
    everyone = [c for c in inp.contacts if c.student_id == inp.student.id]
    thread_of = {c.id: t for t in threads(everyone) for c in t.contacts}
    mine = [c for c in everyone if c.on in inp.range]
    mine.sort(key=lambda c: c.on)
    rows = []
    for c in mine:
        state, day = answer_state(c, thread_of[c.id], inp.today)
        answer = "" if day is None else {
            "answered": "Answered {}",
            "followed_up": "No answer yet; followed up {}",
            "overdue": "No answer yet; it was due {}",
            "due": "Answer due {}",
        }[state].format(day_label(day))
        rows.append((day_label(c.on), ", ".join(x for x in (c.person, c.role) if x),
                     CHANNEL_LABELS[c.channel] + (" from the school" if c.direction is Direction.from_school else ""),
                     c.request or c.summary, answer))
    return rows
