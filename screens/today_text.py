"""Today's words, worked out from the records: the one `today_view` the morning view
is drawn from (in this process, or in the one `screens.launch` starts beside it).

The plan comes from the core's `plan_view` (through `screens.planning`), as on every
screen; this module only puts it, the step and the last attempts into sentences.
Nothing here imports Textual.
"""

from __future__ import annotations

from datetime import date

from reintegrate.models import Attempt, ProposalKind, Step, Student
from reintegrate.planner import DISCLAIMER
from reintegrate.planner.view import plan_words
from reintegrate.planner.words import attempt_words
from reintegrate.schooldays import WEEKDAY_NAMES, SchoolDays, long_date, short_date
from reintegrate.why.home import home_line
from screens.late_requests import overdue_lines, waiting_for
from screens.planning import PlanView, kind_label, plan_view
from screens.session import Session, day_and_month, step_position
from screens.today_keys import (
    ACCEPT_KEYS,
    BARRIER_KEYS,
    DECIDED_KEYS,
    LADDER_KEY,
    MARKED_TO_CHANGE,
    MORE_SUPPORTS,
    NOTHING_RECORDED,
    RECORDED_TO_CHANGE,
    SPLIT_KEYS,
    TRY_HOME_SUPPORTS,
    TRY_SUPPORTS,
    words,
)
from screens.today_view import ProposalText, TodayView


def today_view(session: Session, student: Student, plan: PlanView | None = None) -> TodayView:
    """Every word Today shows for `student` on the session's date."""
    plan = plan or plan_view(session, student)
    step = student.ladder.current
    recent = session.recent_attempts_at(student, step) if step is not None else []
    waiting = waiting_for(session, student)
    school = plan.school_days
    return TodayView(
        title=f"Today for {student.name}",
        date_line=long_date(session.today),
        school_day=" ".join(filter(None, (school_day_sentence(student, session, school), plan.looking_back))),
        recorded=recorded_sentence(student, session, school),
        overdue=overdue_lines(waiting),
        can_follow_up=any(item.overdue for item in waiting),
        card_title=card_title(session, school),
        step=step_lines(student, step) if step is not None else (),
        home=home_line(student, session.today),
        proposal=proposal_text(plan),
        matched=matched_supports_line(plan, student, step, session.today) if step is not None else "",
        attempts=tuple((a.id, short_date(a.on), a.outcome.label, minutes_text(a), distress_text(a.distress_peak))
                       for a in recent),
    )


def school_day_sentence(student: Student, session: Session, school: SchoolDays) -> str:
    """'A school day.' or why not (a closure in the calendar and a day marked closed
    alike: "the school is closed"), and when the next one is."""
    today = session.today
    calendar = student.calendar
    if school.is_school_day(today):
        return "A school day."
    closure = school.closure_on(today)
    if closure is not None:
        why = f"the school is closed ({closure})" if closure else "the school is closed"
    elif today.weekday() >= 5 and 5 not in calendar.weekdays and 6 not in calendar.weekdays:
        why = "it is the weekend"
    else:
        why = f"{WEEKDAY_NAMES[today.weekday()]} is not one of {student.name}'s school days"
    upcoming = school.next_after(today)
    after = f" The next school day is {day_and_month(upcoming)}." if upcoming else ""
    return f"Not a school day: {why}.{after}"


def card_title(session: Session, school: SchoolDays) -> str:
    if school.is_school_day(session.today):
        return "Today's step"
    upcoming = school.next_after(session.today)
    return f"The step for {day_and_month(upcoming)}" if upcoming else "The current step"


def matched_supports_line(plan: PlanView, student: Student, step: Step, today: date) -> str:
    """One line, only once a check-in names a leading purpose: the step's supports (and
    those kept at home) that fit it, or the supports to try; the key for the rest."""
    from reintegrate.models import home_supports_on
    from reintegrate.why.supports import is_home_side, matched_tags

    profile = plan.profile
    if profile is None or not profile.leading:
        return ""
    to_try = plan.proposal.supports_to_try
    if to_try:
        keys = TRY_HOME_SUPPORTS if is_home_side(to_try[0].support) else TRY_SUPPORTS
        return f"Supports that may fit why school is hard: {', '.join(t.support for t in to_try[:3])}{words(keys)}"
    have = [t for p in profile.leading for t in matched_tags(step.supports, p)]
    at_home = [t for p in profile.leading for t in matched_tags(home_supports_on(student, today), p)]
    if at_home:
        shown = ", ".join(dict.fromkeys([*have, *(f"{t} (at home)" for t in at_home)]))
        return f"Supports in place that fit why school is hard: {shown}{words(MORE_SUPPORTS)}"
    return f"This step's supports that fit why school is hard: {', '.join(have)}{words(MORE_SUPPORTS)}"


def recorded_sentence(student: Student, session: Session, school: SchoolDays) -> str:
    """What is already recorded for today, if anything."""
    attempts = session.attempts_on(student, session.today)
    if attempts:
        return f"Recorded today: {attempt_words(attempts[-1])}.{words(RECORDED_TO_CHANGE)}"
    status = session.day_status_on(student, session.today)
    if status is not None:
        note = f" ({status.note})" if status.note else ""
        return f"Recorded today: {status.kind.label}{note}.{words(MARKED_TO_CHANGE)}"
    if school.is_school_day(session.today):
        return words(NOTHING_RECORDED)
    return "Nothing recorded for today."


def step_lines(student: Student, step: Step) -> tuple[str, ...]:
    """Position and title, place and minutes, supports (and the description, if any)."""
    heading = f"{step_position(student, step)}: {step.title}"
    where = f"{step.place or 'Place not set'} · {step.planned_minutes} minutes planned"
    supports = ", ".join(step.supports) if step.supports else "none listed"
    lines = (heading, where, f"Supports: {supports}")
    return (*lines, step.description) if step.description else lines


def distress_text(value: int | None) -> str:
    return "—" if value is None else f"{value}/10"


def minutes_text(attempt: Attempt) -> str:
    managed = "—" if attempt.minutes_managed is None else str(attempt.minutes_managed)
    return f"{managed} of {attempt.planned_minutes}"


# --- the planner's proposal ------------------------------------------------------------


def proposal_keys(view: PlanView) -> str:
    """The keys that act on the proposal, as one line (the default keys: Today puts the
    family's own in, `screens.today_keys`)."""
    proposal = view.proposal
    if view.decided is not None:
        return words(DECIDED_KEYS)
    if proposal.target_step_id is None:
        return words(LADDER_KEY)
    if proposal.kind is ProposalKind.split_step:
        return words(SPLIT_KEYS)
    if proposal.kind is ProposalKind.address_trigger and view.barrier is None:
        return words(BARRIER_KEYS)
    return words(ACCEPT_KEYS)


def proposal_text(view: PlanView) -> ProposalText:
    """The proposal (kind in words, headline, reasons, flags) or the decision taken on it.

    Every line is a word or sentence first; colour only repeats what the words say. Once
    a decision has been taken on the proposal, today or on an earlier day with no
    attempt since (`PlanView.decided`), the panel shows that decision and what comes
    next, as `status` does (`plan_words`): the next school day, and the planner's
    proposal now when it has changed since the decision. The proposal the decision
    answered is not put to a tired family twice, and a new one waits for new records.
    """
    proposal = view.proposal
    movable = proposal.target_step_id is not None
    lines: list[tuple[str, str]] = []
    review = [("proposal-flag proposal-review", view.review.sentence)] if view.review is not None else []
    said = plan_words(view)
    if said.decided:
        lines.append(("proposal-headline proposal-decided", said.decided))
        if said.next_day:
            lines.append(("proposal-next", said.next_day))
        if not said.answered:
            lines.append(("proposal-now", f"{said.lead}: {said.headline}"))
            if said.reasons:
                lines.append(("proposal-first-reason", f"Why: {said.reasons[0]}"))
        lines.append(("proposal-keys", proposal_keys(view)))
        if not said.answered:
            lines.append(("proposal-note", DISCLAIMER))
        lines += review
        if not said.answered and said.also:
            lines.append(("proposal-flag", said.also))
        return ProposalText("Decision", tuple(lines), can_accept=False, can_override=movable)
    # The step is on screen just above; the headline, its first reason, the keys and
    # the note that this is only a suggestion come first, so they fit an 80x24
    # terminal unscrolled.
    lines.append(("proposal-headline", proposal.headline))
    reasons = list(proposal.reasons)
    if reasons:
        lines.append(("proposal-first-reason", f"Why: {reasons[0]}"))
    lines += [("proposal-keys", proposal_keys(view)), ("proposal-note", DISCLAIMER), *review]
    if proposal.kind is ProposalKind.address_trigger and view.barrier is not None:
        lines.append(("proposal-barrier", f"Already noted as a barrier: '{view.barrier.title}' "
                                          f"(since {short_date(view.barrier.opened_on)})."))
    if proposal.split is not None:
        split = proposal.split
        supports = ", ".join(split.supports) if split.supports else "none listed"
        lines.append(("proposal-split",
                      f"The in-between step: {split.planned_minutes} minutes at {split.place or 'the same place'}; "
                      f"supports: {supports}. You can edit it before it goes on the ladder."))
    if len(reasons) > 1:
        # Not "Also:": a reason may itself begin "Also considered: …".
        lines.append(("proposal-reasons", "More reasons:"))
        lines += [("bullet", reason) for reason in reasons[1:]]
    if said.also:
        lines.append(("proposal-flag", said.also))
    if proposal.review_questions:
        lines.append(("proposal-questions", "Questions for the meeting:"))
        lines += [("bullet", question) for question in proposal.review_questions]
    return ProposalText(f"Proposal: {kind_label(proposal.kind).lower()}", tuple(lines),
                        can_accept=movable, can_override=movable)
