"""Whether a barrier's workaround is holding: the one answer, given by the planner's
barrier rule (`barrier_rule`, below: what the planner proposes when a workaround is not
holding, and how it says so) and the report's barrier lines alike.

Read from the records, decided here:
- Only attempts after the barrier's *start* count: the latest of the day it was noted,
  the day its workaround was put in place (`Barrier.workaround_on`: a bad day before
  there was a workaround says nothing against it) and the last decision on an
  `address_trigger` proposal (the family looked at it then). Only attempts in the
  planner's window (the last TRIGGER_WINDOW school days) count, on school days
  that are counted (planner.history).
- It is **not holding** when its triggers came up in BARRIER_NOT_HOLDING or more
  unsuccessful attempts since the start, and rarely on the successful ones (no more
  than the student's `trigger_successful_share`): otherwise the trigger is not what
  breaks the bad days. Anything else is holding (or too soon to tell, with no
  attempt since the start).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reintegrate.models import (
    Attempt,
    Barrier,
    BarrierStatus,
    DayStatus,
    Decision,
    PlannerSettings,
    ProposalKind,
    Student,
    has_tag,
    tag_keys,
)
from reintegrate.planner.context import Context, Finding
from reintegrate.planner.history import SUCCESS, History, read_history, verdict
from reintegrate.planner.words import count, days, q, the_last
from reintegrate.schooldays import short_date

TRIGGER_WINDOW = 20  # school days: about four school weeks
# Unsuccessful attempts with a barrier's trigger, after its start, that say its
# workaround is not holding. Fewer than for naming a new trigger: the family has
# already named this one, so the question is only whether what they agreed works.
BARRIER_NOT_HOLDING = 2
_EPSILON = 1e-9  # shares are compared as counts; keep 0.6 × 5 from missing 3


@dataclass(frozen=True)
class BarrierCheck:
    """What the records say of one barrier since its start."""

    barrier: Barrier
    since: date  # attempts after this day count
    since_words: str  # "since it was noted on Fri 6 Nov", "in the last 20 school days", …
    windowed: bool  # since_words is the planner's window ("in the last 20 school days")
    counted: int  # attempts counted
    failed: int  # of them, unsuccessful
    hit: list[Attempt]  # unsuccessful attempts with one of its triggers, oldest first
    good: list[Attempt]  # successful attempts
    good_with: int  # successful attempts with one of its triggers
    not_holding: bool

    @property
    def good_after(self) -> list[Attempt]:
        """Successful attempts after the last unsuccessful one with the trigger."""
        last = self.hit[-1].on if self.hit else self.since
        return [a for a in self.good if a.on > last]


def check_barrier(barrier: Barrier, history: History, settings: PlannerSettings) -> BarrierCheck:
    """The one rule: is this barrier's workaround holding on `history.today`?"""
    window = history.days.last(history.today, TRIGGER_WINDOW)
    looked_at = max((d.on for d in history.decisions if d.proposal_kind is ProposalKind.address_trigger
                     and d.on <= history.today), default=None)
    started = [(barrier.opened_on, "noted")]
    if barrier.workaround.strip() and barrier.workaround_on is not None:
        started.append((barrier.workaround_on, "workaround"))
    if looked_at is not None:
        started.append((looked_at, "decision"))
    since, why = max(started, key=lambda s: s[0])
    windowed = bool(window) and window[0] > since
    if windowed:
        since_words = f"in {the_last(len(window), 'school day')}"
    elif why == "decision" and since > barrier.opened_on:
        since_words = f"since the last decision on a trigger, on {short_date(since)}"
    elif why == "workaround" and since > barrier.opened_on:
        since_words = f"since the workaround was put in place on {short_date(since)}"
    else:
        since_words = f"since it was noted on {short_date(barrier.opened_on)}"
    tags = tag_keys(barrier.trigger_tags)
    pool: list[tuple[Attempt, bool]] = []
    if window:
        for attempt in history.attempts:
            if attempt.on > since and attempt.on >= window[0] and attempt.on <= history.today \
                    and history.counts(attempt.on):
                pool.append((attempt, verdict(attempt, settings) == SUCCESS))
    hit = [a for a, ok in pool if not ok and tags & tag_keys(a.triggers)]
    good = [a for a, ok in pool if ok]
    good_with = sum(1 for a in good if tags & tag_keys(a.triggers))
    on_good_days = bool(good) and good_with > settings.trigger_successful_share * len(good) + _EPSILON
    return BarrierCheck(
        barrier=barrier, since=since, since_words=since_words, windowed=windowed,
        counted=len(pool),
        failed=sum(1 for _, ok in pool if not ok), hit=hit, good=good, good_with=good_with,
        not_holding=bool(tags) and len(hit) >= BARRIER_NOT_HOLDING and not on_good_days,
    )


def barrier_check(student: Student, attempts: Sequence[Attempt], days_: Sequence[DayStatus],
                  decisions: Sequence[Decision], barrier: Barrier, today: date) -> BarrierCheck:
    """`check_barrier` from a student's records, for callers without the planner's history
    (the report)."""
    history = read_history(student.id, student.calendar, attempts, days_, decisions, today)
    return check_barrier(barrier, history, student.settings)


def holding_words(check: BarrierCheck, names: str) -> str:
    """The check said as a report line says it: 'holding: …' or 'not holding: …'.
    `names` are the barrier's triggers as the report shows them. Every variant reads as
    a clause after "Workaround: …;" ('no attempt since …, so it is too soon to tell')."""
    if not check.barrier.trigger_tags:
        return "no trigger tags to check it against"
    if not check.counted:
        if check.windowed:  # weeks with no attempt: not "too soon", nothing to go by
            return f"no attempt {check.since_words}, so there is nothing to tell it by"
        return f"no attempt {check.since_words}, so it is too soon to tell"
    tally = f"{count(check.counted, 'attempt')}, {check.failed} unsuccessful"
    if check.not_holding:
        return (f"not holding: {names} came up in {count(len(check.hit), 'unsuccessful attempt')} "
                f"{check.since_words} ({days(a.on for a in check.hit)})")
    if not check.hit:
        return f"holding: {names} not noted on an unsuccessful attempt {check.since_words} ({tally})"
    if len(check.hit) >= BARRIER_NOT_HOLDING:
        return (f"holding: {names} came up on the good days as often as on the bad ones "
                f"{check.since_words} ({tally}), so it is not what makes them bad")
    return (f"holding so far: {names} came up in 1 unsuccessful attempt {check.since_words} "
            f"({days(a.on for a in check.hit)}; {tally})")


def barrier_rule(ctx: Context) -> Finding | None:
    """A barrier noted and open (or worked around) whose triggers keep coming up on
    the unsuccessful days since its start (planner.barriers, the one answer the
    report gives too): review it with whoever owns it before moving up."""
    best: tuple[tuple[int, date], BarrierCheck] | None = None
    for barrier in ctx.barriers:
        if barrier.student_id != ctx.student.id or barrier.status is BarrierStatus.resolved:
            continue
        check = check_barrier(barrier, ctx.history, ctx.settings)
        if not check.not_holding:
            continue
        rank = (len(check.hit), check.hit[-1].on)
        if best is None or rank > best[0]:
            best = (rank, check)
    if best is None:
        return None
    check = best[1]
    barrier, hit, good_n, good_with = check.barrier, check.hit, len(check.good), check.good_with
    seen = [t for t in barrier.trigger_tags if any(has_tag(a.triggers, t) for a in hit)]
    step = ctx.current
    after = check.good_after
    if not good_n:
        good_words = "and no attempt since went well"
    else:
        good_words = f"and in {good_with} of the {count(good_n, 'successful one')}"
    # The good days since the last bad one go in the second reason: the first is kept
    # short enough to be read on Today at 80x24 with the waiting box above it.
    since = f"{count(len(after), 'attempt')} went well since {short_date(hit[-1].on)}" if after else ""
    # Reports and letters show the reasons without the headline, so the first one
    # names the barrier too; kept short enough to be read on Today at 80x24.
    evidence = (
        f"{q(barrier.title)}: {_either([q(t) for t in seen])} came up in "
        f"{count(len(hit), 'unsuccessful attempt')} {check.since_words} ({days(a.on for a in hit)}), {good_words}."
    )
    who = _owner_words(barrier)
    has_workaround = bool(barrier.workaround.strip())
    if has_workaround and barrier.status is BarrierStatus.worked_around:
        holding = f"The workaround ({_clip(barrier.workaround)}) is not holding."
        # The good days since are said, after what to do: the bad days are in the window.
        extra = ([f"{since[0].upper()}{since[1:]}, but the bad days are within the last {TRIGGER_WINDOW} school days."]
                 if since else [])
    else:
        extra = []
        # Said as the records are: no "bad days go on" after good days, no workaround
        # "not holding" when none is written down.
        opened = f"The barrier has been open since {short_date(barrier.opened_on)}"
        if not has_workaround:
            opened += " with no workaround yet"
        holding = f"{opened}, and the bad days go on." if not since else f"{opened}; {since}."
    if has_workaround:
        review = (f"Review it {who} before moving up: what happened on those days, and what "
                  f"would make the workaround hold.")
        carried = f"The workaround is not holding: review it {who} before moving up."
    else:
        review = (f"Agree a workaround {who} before moving up: what happened on those days, and "
                  f"what would stop it happening again.")
        carried = f"There is no workaround yet: agree one {who} before moving up."
    reasons = [evidence, f"{holding} {review} Keep {q(step.title)} meanwhile.", *extra]
    carry = [f"The barrier {evidence} {carried}"]
    return Finding(ProposalKind.address_trigger, step, reasons, barrier_tag=seen[0],
                   barrier=barrier, carry=carry)


def _either(items: list[str]) -> str:
    """'a', 'a or b', 'a, b or c': an attempt counts when any of them was noted."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _owner_words(barrier: Barrier) -> str:
    if barrier.owner == "school":
        return "with the school (the school owns it)"
    return "as a family (the family owns it)"


def _clip(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split()).rstrip(".")
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
