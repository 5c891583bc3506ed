"""A stalled plan: too long without moving up, or time managed not improving.

"Attendance not improving over two weeks" is measured as the minutes managed at the
planned steps (a completed attempt with no minutes recorded counts its planned
minutes) over the last two school weeks, against the two weeks before. Early ladder
steps are not attendance in the register's sense, but time managed grows as the
ladder is climbed, so it is the honest measure of "is this going anywhere". Both
checks count school days only, leaving out days marked ill, closed or agreed rest,
and compare only when the records reach back far enough to be fair.

Minutes are compared only while the ladder did not move up inside the four weeks
compared: a move up is progress, and the step above may well be planned shorter
(a walk to the quiet entrance after an hour in the car park), so fewer minutes then
say nothing about the plan stalling. Too long without a move up is the other check's.
"""

from __future__ import annotations

from datetime import date

from reintegrate.models import Attempt, Outcome
from reintegrate.planner.context import Context
from reintegrate.schooldays import short_date

_COUNT_LIMIT = 60  # school days counted back: past this the sentence says "at least"


def stall_reasons(ctx: Context) -> list[str]:
    """Why the plan looks stalled, if it does: no move up for too long, or time managed
    not improving over two weeks. Empty when it is moving."""
    return [r for r in (_no_advance(ctx), _not_improving(ctx)) if r]


def _last_advance(ctx: Context) -> date | None:
    h = ctx.history
    ups = [
        m.on for m in (*h.decision_moves(), *h.attempt_moves())
        if ctx.is_lower(m.from_id, m.to_id)
    ]
    return max(ups) if ups else None


def _no_advance(ctx: Context) -> str | None:
    s, h = ctx.settings, ctx.history
    anchor, since = _last_advance(ctx), "the last move up"
    plan = ctx.student.plan
    # A plan (re)started after the last move up restarts the count: the review that
    # set it has happened.
    if plan is not None and (anchor is None or plan.start > anchor):
        anchor, since = plan.start, "the plan started"
    if anchor is None and h.attempts:
        anchor, since = h.attempts[0].on, "the first attempt recorded"
    end = ctx.end_of_record()
    if anchor is None or end is None or end <= anchor:
        return None
    window = h.days.last(end, max(_COUNT_LIMIT, s.review_after_school_days))
    passed = [d for d in window if d > anchor and h.counts(d)]
    if len(passed) < s.review_after_school_days:
        return None
    n = f"At least {len(passed)}" if window and window[0] > anchor else str(len(passed))
    return (
        f"{n} school days have passed since {since} ({short_date(anchor)}); a review is "
        f"suggested after {s.review_after_school_days} school days without a move up "
        "(days marked ill, closed or agreed rest are not counted)."
    )


def _minutes(attempt: Attempt) -> int:
    if attempt.minutes_managed is not None:
        return attempt.minutes_managed
    return attempt.planned_minutes if attempt.outcome in (Outcome.completed, Outcome.did_more) else 0


def _not_improving(ctx: Context) -> str | None:
    h = ctx.history
    end = ctx.end_of_record()
    if end is None or not h.attempts:
        return None
    fortnight = 2 * len(ctx.student.calendar.weekdays)
    counted = [d for d in h.days.last(end, 3 * fortnight) if h.counts(d)][-2 * fortnight:]
    if len(counted) < 2 * fortnight:
        return None
    earlier, recent = counted[:fortnight], counted[fortnight:]
    if h.attempts[0].on > earlier[0] and not h.truncated:
        return None  # records began inside the window: nothing fair to compare
    moved_up = _last_advance(ctx)
    if moved_up is not None and moved_up >= earlier[0]:
        return None  # moved up inside the weeks compared: minutes at different steps
    minutes = {d: 0 for d in counted}
    for attempt in reversed(h.attempts):
        if attempt.on < earlier[0]:
            break
        if attempt.on in minutes:
            minutes[attempt.on] += _minutes(attempt)
    before = sum(minutes[d] for d in earlier)
    now = sum(minutes[d] for d in recent)
    if now > before:
        return None
    return (
        f"Time managed over the last {fortnight} school days ({now} minutes, "
        f"{short_date(recent[0])} to {short_date(recent[-1])}) is not more than over the "
        f"{fortnight} before ({before} minutes), with no move up in those {2 * fortnight} school days."
    )
