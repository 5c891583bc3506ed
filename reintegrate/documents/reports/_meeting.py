"""What a review meeting needs first, and what a clinician reads in the detail.

The one-page summary: the plan's dates and review date, attendance at the start of
the period against now, the step and the proposal, the latest decisions, and the
barriers with whether their workarounds hold. The detail: each decision as a block
(its reasons one per line) and each attempt in full (trigger notes, symptoms, the
morning, what helped, the child's words, what they feared).

Every judgement here ("holding", "passed") is read from the records by a rule stated
beside it, never fixed text. The summary keeps to what fits one printed page: long
lists are cut to their latest entries and long family text is clipped there, whole
in the detail. Nothing is cut mid-word, and a reason that lists dated outcomes keeps
its newest ones whole: its oldest are left out first, and it says how many
(`shorten_reason`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from reintegrate.documents.names import known_names, shown_tag, shown_tags
from reintegrate.models import Attempt, Barrier, BarrierStatus, Decision, Student
from reintegrate.planner.barriers import barrier_check, holding_words
from reintegrate.planner.view import answered_reasons
from reintegrate.planner.words import decision_heading, started_at_home
from reintegrate.schooldays import long_date
from reintegrate.stats import DayResult, Progress, minutes_at_step

if TYPE_CHECKING:
    from reintegrate.documents.reports import ReportInput

# How much of each list the summary shows; the detail has them all.
SUMMARY_DECISIONS = 3
SUMMARY_BARRIERS = 3
SUMMARY_REASONS = 2
SUMMARY_TEXT = 90  # characters of family text (a workaround, a decision's reason) on the summary
SUMMARY_REASON_TEXT = 170  # characters of one of the planner's reasons on the summary


def clip(text: str, limit: int = SUMMARY_TEXT) -> str:
    """`text` on one line in at most `limit` characters, cut at a word boundary (a single
    word longer than the room is the only thing cut inside)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:—-") + "…"


# A dated item in the planner's words ("Tue 1 Dec: completed, peak distress 2"), listed
# after a colon and separated by semicolons, oldest first (planner.words.describe_all).
_DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}\b"
_FIRST_DATED = re.compile(rf"(?<=: ){_DAY}")
_NEXT_DATED = re.compile(rf"; (?={_DAY})")


def shorten_reason(text: str, limit: int = SUMMARY_REASON_TEXT) -> str:
    """One of the planner's reasons as the summary shows it: its own words, only shortened.
    A list of dated outcomes drops its oldest items first and says how many
    ('The last 3 attempts at …: 1 earlier left out; Mon 30 Nov: …; Tue 1 Dec: completed,
    peak distress 2'), so the newest is never the part cut; anything else is cut at a
    word boundary (`clip`). The detail has every reason whole."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    first = _FIRST_DATED.search(text)
    items = _NEXT_DATED.split(text[first.start():]) if first else []
    if len(items) < 2:
        return clip(text, limit)
    head = text[: first.start()]
    for left_out in range(1, len(items)):
        shown = f"{head}{left_out} earlier left out; {'; '.join(items[left_out:])}"
        if len(shown) <= limit:
            return shown
    return clip(shown, limit)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _days_span(days: Sequence[date], day_label: Callable[[date], str]) -> str:
    return f"{day_label(days[0])} to {day_label(days[-1])}"


def _counted(days, day_label) -> str:
    full = sum(1 for d in days if d.result is DayResult.full)
    partial = sum(1 for d in days if d.result is DayResult.partial)
    missed = len(days) - full - partial
    return (f"{full} full, {partial} partial, {missed} missed "
            f"({_days_span([d.on for d in days], day_label)})")


def attendance_then_and_now(student: Student, p: Progress, day_label) -> dict | None:
    """The first two school weeks of the period against the last two, or None when the
    period has fewer than four school weeks (nothing fair to compare)."""
    fortnight = 2 * len(student.calendar.weekdays)
    days = p.attendance.days
    if len(days) < 2 * fortnight:
        return None
    return {"school_days": fortnight, "then": _counted(days[:fortnight], day_label),
            "now": _counted(days[-fortnight:], day_label)}


def plan_lines(inp: ReportInput) -> list[str]:
    """The plan's dates and review date, and whether the planner says a review is due."""
    plan = inp.student.plan
    lines = []
    if plan is None:
        lines.append("No plan dates are set (the period runs from the first record).")
    else:
        review = f"review date {long_date(plan.review_on)}"
        if plan.review_on < inp.today:
            review += ", which has passed"
        elif plan.review_on == inp.today:
            review += ", today"
        lines.append(f"Plan started {long_date(plan.start)}; {review}.")
    return lines


def decision_words(d: Decision) -> dict:
    proposed, about = decision_heading(d)
    if about:
        proposed += f": “{about}”"
    if d.accepted:
        decided = "Accepted"
        started = started_at_home(d)
        if started:
            decided += "; started at home: " + "; ".join(f"“{t}”" for t in started)
    else:
        decided = "Not followed"
        if d.chosen_step_title and d.chosen_step_title != d.proposed_step_title:
            decided += f"; chose “{d.chosen_step_title}” instead"
    return {"proposed": proposed, "decided": decided}


def recent_decisions(p: Progress, day_label) -> list[str]:
    latest = sorted(p.decisions, key=lambda d: (d.on, d.decided_at or d.on))[-SUMMARY_DECISIONS:]
    lines = []
    for d in reversed(latest):
        words = decision_words(d)
        note = f" Reason: {_sentence(clip(d.note, 60))}" if d.note else ""
        lines.append(f"{day_label(d.on)}: {words['proposed']}. {words['decided']}.{note}")
    return lines


def decision_blocks(p: Progress, day_label) -> list[dict]:
    blocks = []
    for d in p.decisions:
        words = decision_words(d)
        blocks.append({"date": day_label(d.on), **words, "reasons": list(answered_reasons(d)),
                       "note": d.note})
    return blocks


def workaround_holds(inp: ReportInput, barrier: Barrier) -> str:
    """Whether a barrier's workaround holds: the planner's own answer
    (`planner.barriers.check_barrier`, the rule its barrier proposal is made by), so the
    report never says "not holding" when Today and `status` do not."""
    check = barrier_check(inp.student, inp.attempts, inp.days, inp.decisions, barrier, inp.today)
    names = ", ".join(f"“{t}”" for t in shown_tags(barrier.trigger_tags, inp.student))
    return holding_words(check, names)


def barrier_lines(inp: ReportInput, day_label) -> tuple[list[str], int]:
    """Open and worked-around barriers (newest first), each with its workaround and
    whether it holds; and how many more the detail lists."""
    mine = [b for b in inp.barriers if b.student_id == inp.student.id and b.opened_on <= inp.today
            and b.status is not BarrierStatus.resolved]
    mine.sort(key=lambda b: (b.opened_on, b.title), reverse=True)
    lines = []
    for b in mine[:SUMMARY_BARRIERS]:
        status = "worked around" if b.status is BarrierStatus.worked_around else "open"
        line = f"{b.title} ({status}, noted {day_label(b.opened_on)})."
        if b.workaround:
            line += f" Workaround: {clip(b.workaround).rstrip('.')}; {workaround_holds(inp, b)}."
        else:
            line += " No workaround agreed yet."
            words = workaround_holds(inp, b)
            if words.startswith("not holding: "):  # the planner's barrier proposal fires
                line += f" It keeps coming up: {words.removeprefix('not holding: ')}."
        lines.append(line)
    return lines, max(0, len(mine) - SUMMARY_BARRIERS)


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: ""}[value]


def attempt_blocks(student: Student, attempts: Sequence[Attempt], day_label) -> list[dict]:
    """Each attempt with anything written beyond its figures, as (label, text) lines."""
    names = known_names(student)
    shown: dict[str, str] = {}  # a long report repeats the same few tags thousands of times

    def tags(values: Sequence[str]) -> str:
        for tag in values:
            if tag not in shown:
                shown[tag] = shown_tag(tag, names)
        return ", ".join(shown[tag] for tag in values)

    blocks = []
    for a in attempts:
        morning = a.morning
        morning_parts = [part for part in (
            f"woke on time: {_yes_no(morning.woke_on_time)}" if morning.woke_on_time is not None else "",
            f"left home at {morning.left_home_at:%H:%M}" if morning.left_home_at else "",
            ", ".join(morning.behaviours),
            morning.notes,
        ) if part]
        feared = ""
        if a.prediction or a.prediction_came_true is not None:
            feared = a.prediction or "not written down"
            if a.prediction_confidence is not None:
                feared += f" (how sure: {a.prediction_confidence}/10)"
            feared += f". Did it happen: {a.prediction_came_true.label if a.prediction_came_true else 'not recorded'}."
        lines = [(label, text) for label, text in (
            ("Left school early", f"at {a.left_school_at:%H:%M}" if a.left_school_at else ""),
            ("At home during school hours", a.during_school_hours),
            ("Trigger notes", a.trigger_notes),
            ("Triggers", tags(a.triggers)),
            ("Symptoms", ", ".join(a.symptoms)),
            ("The morning", "; ".join(morning_parts)),
            ("What helped", tags(a.helped)),
            ("In the child's words", a.child_words),
            ("What they feared", feared),
            ("Notes", a.notes),
        ) if text]
        if not lines:
            continue
        distress = " / ".join("–" if v is None else str(v) for v in (a.distress_before, a.distress_peak, a.distress_after))
        blocks.append({
            "heading": f"{day_label(a.on)}: {a.step_title}",
            "summary": (f"{a.outcome.label}, {minutes_at_step(a)} of {a.planned_minutes} minutes; "
                        f"distress before / peak / after: {distress}."),
            "lines": lines,
        })
    return blocks


def meeting_context(inp: ReportInput, p: Progress, day_label) -> dict:
    barriers, more_barriers = barrier_lines(inp, day_label)
    # The planner's reasons for a review are said with the plan's dates, not twice.
    reasons = [r for r in inp.proposal_reasons if r not in inp.review_reasons]
    shown = [*reasons[:SUMMARY_REASONS], *inp.review_reasons]
    return {
        "plan_lines": plan_lines(inp),
        "review_reasons": [shorten_reason(r) for r in inp.review_reasons],
        # The detail says the proposal in full whenever the summary could not.
        "reasons_in_detail": len(reasons) > SUMMARY_REASONS or any(shorten_reason(r) != r for r in shown),
        "then_and_now": attendance_then_and_now(inp.student, p, day_label),
        "summary_reasons": [shorten_reason(r) for r in reasons[:SUMMARY_REASONS]],
        "more_reasons": max(0, len(reasons) - SUMMARY_REASONS),
        "recent_decisions": recent_decisions(p, day_label),
        "more_decisions": max(0, len(p.decisions) - SUMMARY_DECISIONS),
        "summary_barriers": barriers,
        "more_barriers": more_barriers,
        "decision_blocks": decision_blocks(p, day_label),
        "attempt_blocks": attempt_blocks(inp.student, p.attempts, day_label),
    }
