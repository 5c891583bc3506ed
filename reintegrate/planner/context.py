"""What the planner's rules look at: the current step's stay and the moves between steps.

Choices the design leaves open, decided here:
- Only school days count: attempts on other days, or on days marked closed, ill or
  agreed rest, are left out, so those days neither break a run of successes nor
  count against it. What makes an attempt a success, unsuccessful, or neither is
  planner_history.verdict.
- The current step's results are its *stay*: the attempts at it since the family last
  moved to it (a decision moving to it, or an attempt at another step, ends the
  previous stay), plus school days marked absent in that time, which count as
  unsuccessful. School days with no record at all are not judged either way.
- An attempt at the step just left, dated after the decision that moved to the current
  step, was recorded where the move was not known yet (the other computer, before a
  merge). It does not end the stay: it is part of it, at the step it was made at
  (`Entry.elsewhere`), unsuccessful when it failed and otherwise neither way (it is
  not a good attempt at the current step), and the reasons say so.
- Step-backs from a step are counted from decisions when they record the step moved
  from (every decision the app stores does); otherwise from attempts, as one step's
  run followed by a run at a lower step. Only step-backs since the step below was
  first used count, so after a split the new, smaller gap starts from nothing.
- At the first step, where there is nothing lower, a step back becomes a split: a
  gentler first step.
- When the step above the current one has been stepped back from often enough,
  being ready to move up proposes a split of that step instead of the same jump.
- Triggers are looked for in the attempts of the last TRIGGER_WINDOW school days at
  any step; 'unsuccessful' there means anything short of a success. Tags of open or
  worked-around barriers are left out of naming a new trigger (they are already
  being tackled); for a resolved barrier only attempts after it was resolved count.
- An open or worked-around barrier is not holding when its triggers came up in
  BARRIER_NOT_HOLDING unsuccessful attempts or more after its start (within the
  same TRIGGER_WINDOW, and rarely on successful days, as for a new trigger): the
  latest of the day it was noted, the day its workaround was put in place and the
  last decision on an `address_trigger` proposal (the family looked at it then).
  `planner.barriers.check_barrier` is that one rule; the report says its answer.
- A step above whose last attempt reached peak distress at the step-back threshold
  or over, and was not completed (or was stepped back from after it), is not moved
  up into directly: an in-between step is proposed, and the reasons say that moving
  straight up is the other choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from reintegrate.models import Attempt, Barrier, DayKind, Decision, PlannerSettings, ProposalKind, Step, Student
from reintegrate.planner.history import FAILURE, MIXED, Entry, History, Move, verdict
from reintegrate.planner.proposal import SupportToTry
from reintegrate.planner.words import excluded_note
from reintegrate.why.profile import FunctionProfile


@dataclass
class Finding:
    """What one of the planner's rules found: the proposal it makes, and why."""

    kind: ProposalKind
    target: Step | None
    reasons: list[str]
    split: Step | None = None
    barrier_tag: str | None = None
    barrier: Barrier | None = None  # the barrier whose workaround is not holding
    # A move up (to the step above, or to an in-between step below it): ranked with
    # advance whatever its kind, so nothing that stands in the way is skipped.
    moves_up: bool = False
    # Sentences said even when the finding loses on precedence: a barrier that is not
    # holding, or a step above that went badly last time, is never left unsaid.
    carry: list[str] = field(default_factory=list)
    # A headline of its own, when the kind's usual one would not say it (a move up
    # held back because the next school day is a weekday that keeps going badly).
    headline: str = ""
    # The supports a change of supports offers, when not the usual `supports_to_try`
    # (the supports at home of planner.home_side).
    offers: list[SupportToTry] | None = None


@dataclass
class Context:
    """Everything the planner's rules read for one student on one day."""

    student: Student
    settings: PlannerSettings
    current: Step
    active: list[Step]
    history: History
    today: date
    barriers: Sequence[Barrier]
    profile: FunctionProfile | None = None

    def __post_init__(self) -> None:
        # Raw positions include retired steps, so a move to or from a retired step
        # still says which way it went.
        self.rank = {s.id: n for n, s in enumerate(self.student.ladder.steps)}
        self.place = {s.id: n for n, s in enumerate(self.active)}

    def below(self, step: Step) -> Step | None:
        n = self.place[step.id]
        return self.active[n - 1] if n > 0 else None

    def above(self, step: Step) -> Step | None:
        n = self.place[step.id]
        return self.active[n + 1] if n + 1 < len(self.active) else None

    def is_lower(self, step_id: str, than_id: str) -> bool:
        a, b = self.rank.get(step_id), self.rank.get(than_id)
        return a is not None and b is not None and a < b

    def end_of_record(self) -> date | None:
        """The last school day that has happened: today once something is recorded for
        it, otherwise the school day before."""
        h = self.history
        if h.attempted_on(self.today) or self.today in h.statuses:
            return self.today
        return h.days.previous(self.today)


# ---- the current stay -------------------------------------------------------------


def move_to_current(ctx: Context) -> Decision | None:
    """The latest decision that moved the family to the current step from another."""
    step_id = ctx.current.id
    for d in reversed(ctx.history.decisions):
        if d.chosen_step_id == step_id and d.from_step_id and d.from_step_id != step_id:
            return d
    return None


def left_behind(move: Decision | None, attempt: Attempt) -> bool:
    """An attempt at the step just left, dated after the move: recorded where the move
    was not known yet."""
    return move is not None and attempt.step_id == move.from_step_id and attempt.on > move.on


def stay(ctx: Context) -> list[Entry]:
    """The counted results at the current step since the family last moved to it."""
    h, step_id = ctx.history, ctx.current.id
    attempts = h.attempts
    move = move_to_current(ctx)
    i = len(attempts)
    while i > 0 and (attempts[i - 1].step_id == step_id or left_behind(move, attempts[i - 1])):
        i -= 1
    at_step = attempts[i:]
    other_on = attempts[i - 1].on if i > 0 else None
    moved_on = None
    for d in reversed(h.decisions):
        if other_on is not None and d.on < other_on:
            break
        if d.chosen_step_id == step_id and d.from_step_id and d.from_step_id != step_id:
            moved_on = d.on
            break
    if moved_on is not None:
        at_step = [a for a in at_step if a.on >= moved_on]
        start = moved_on
    elif at_step:
        start = at_step[0].on
    elif other_on is not None:
        start = other_on + timedelta(days=1)
    else:
        start = None
    s = ctx.settings
    entries = [_entry(a, s) if a.step_id == step_id else _left_entry(ctx, a) for a in at_step if h.counts(a.on)]
    if start is not None:
        tried = {a.on for a in at_step}
        entries += [
            Entry(on, None, FAILURE)
            for on, kind in h.statuses.items()
            if kind is DayKind.absent and start <= on <= ctx.today and on not in tried
            and h.days.is_school_day(on)
        ]
        entries.sort(key=lambda e: e.on)
    return entries


def _entry(attempt: Attempt, settings: PlannerSettings) -> Entry:
    return Entry(attempt.on, attempt, verdict(attempt, settings))


def _left_entry(ctx: Context, attempt: Attempt) -> Entry:
    """An attempt at the step just left counts against the current step when it failed,
    and otherwise neither way: it is no good attempt at the current step."""
    failed = verdict(attempt, ctx.settings) == FAILURE
    step = ctx.student.ladder.step(attempt.step_id)
    return Entry(attempt.on, attempt, FAILURE if failed else MIXED, step.title if step else attempt.step_title)


def trailing(entries: Sequence[Entry], wanted: str) -> int:
    n = 0
    for entry in reversed(entries):
        if entry.verdict != wanted:
            break
        n += 1
    return n


def excluded_between(ctx: Context, entries: Sequence[Entry]) -> str | None:
    if not entries:
        return None
    h = ctx.history
    first, last = entries[0].on, entries[-1].on
    kinds = {
        on: kind.label for on, kind in h.statuses.items()
        if first < on < last and not h.counts(on) and h.days.is_school_day(on)
    }
    return excluded_note(kinds)


def _moves(ctx: Context) -> list[Move]:
    h = ctx.history
    return h.decision_moves() if h.decisions_say_where_from else h.attempt_moves()


def step_backs_from(ctx: Context, step: Step) -> list[Move]:
    lower = ctx.below(step)
    since = ctx.history.first_use(lower.id) if lower else None
    return [
        m for m in _moves(ctx)
        if m.from_id == step.id and ctx.is_lower(m.to_id, step.id)
        and (since is None or m.on >= since)
    ]
