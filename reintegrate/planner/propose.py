"""propose: from what actually happened, the one next move and its reasons.

Precedence when several rules apply (safety first, then the size of the change,
smallest first, then what stands in the way, then the pace):

1. pause_and_stabilise
2. adjust_supports: first the home side (refusals keep coming at low distress while
   what home offers, or time with a parent, leads: the step seems manageable, so
   change what happens at home instead of repeating or stepping back; see
   planner.home_side), then the step's supports that do not fit why school is hard
   (change them before stepping back a second time; see planner.purpose). Both rank
   above a step back: a change of supports is smaller than a change of step.
3. split_step / step_back (they never apply together)
4. address_trigger: first a barrier that is not holding (an open or worked-around
   barrier whose triggers came up in unsuccessful attempts since it was noted, its
   workaround was put in place or it was last decided on: planner.barriers, the one
   answer the report gives too; review it with whoever owns it, or agree a workaround
   when none is written down), then a trigger not yet a barrier
5. advance / repeat. Any move up ranks here, whatever its kind: the in-between step
   proposed below a step that is too big a jump (split_step) is a move up too, so a
   barrier that is not holding comes before it.
6. a weekday that keeps going badly (planner.patterns): a move up that wins, when the
   next school day is such a weekday, becomes repeat for that day, and the reasons
   name the day it moves up instead; the next school days plan no move up on it.

A barrier never silences the evidence: when the barrier rule loses (to a step back,
a split or a pause), its dates and the advice to review it are still among the
reasons, and so is the last bad day at the step above when a move up loses
(`Finding.carry`).

Supports matched to the leading purpose (`supports_to_try`) and how often the feared
outcome happened are added to whatever wins; they never decide the kind on their own.

A stalled plan (see planner.stall: no move up for too long, or fewer minutes over
two school weeks than the two before, compared only when the ladder did not move up
in those four weeks) adds review_plan to `flags` alongside whatever wins; when nothing but repeating applies, review_plan is the kind itself.
Two exceptions, both deliberate: with no attempts at all the proposal is to start
(repeat) and a stall is only a flag; and at the top step, when the results say
"consolidate", a stall is not flagged, because the proposal already asks to plan the
end with the school team.

Records are read as planner.history describes: oldest-first lists, of which only
the recent end is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from reintegrate.models import Attempt, Barrier, CheckIn, DayStatus, Decision, ProposalKind, Student
from reintegrate.planner.barriers import barrier_rule
from reintegrate.planner.context import Context, Finding, stay, trailing
from reintegrate.planner.history import SUCCESS, Entry, read_history
from reintegrate.planner.home_side import home_side_rule
from reintegrate.planner.patterns import (
    WeekdayPattern,
    keep_sentence,
    recent_attempts,
    supports_to_keep,
    weekday_patterns,
    weekday_sentence,
)
from reintegrate.planner.proposal import Proposal
from reintegrate.planner.purpose import adjust_supports_rule, prediction_sentence, supports_to_try
from reintegrate.planner.rules import (
    advance_rule,
    left_behind_reasons,
    pause_rule,
    repeat_finding,
    step_back_rule,
    trigger_rule,
)
from reintegrate.planner.stall import stall_reasons
from reintegrate.planner.words import KIND_GERUNDS, REVIEW_QUESTIONS, join, q
from reintegrate.schooldays import short_date
from reintegrate.why.home import tried_note
from reintegrate.why.profile import function_profile

PRECEDENCE = [
    ProposalKind.pause_and_stabilise,
    ProposalKind.adjust_supports,
    ProposalKind.split_step,
    ProposalKind.step_back,
    ProposalKind.address_trigger,
    ProposalKind.advance,
    ProposalKind.repeat,
    ProposalKind.review_plan,
]


def propose(
    student: Student,
    attempts: Sequence[Attempt],
    days: Sequence[DayStatus],
    today: date,
    *,
    decisions: Sequence[Decision] = (),
    barriers: Sequence[Barrier] = (),
    checkins: Sequence[CheckIn] = (),
) -> Proposal:
    ladder = student.ladder
    active = ladder.active
    need = student.settings.advance_after_successes
    if not active:
        words = "the ladder has no steps yet" if not ladder.steps else "every step on the ladder is retired"
        return Proposal(
            kind=ProposalKind.review_plan,
            target_step_id=None,
            headline="Add the first steps to the ladder.",
            reasons=[f"Nothing to propose yet: {words}. Add steps to the ladder to get a proposal."],
            successes_needed=need,
        )
    current = ladder.current
    if current is None:
        first = active[0]
        return Proposal(
            kind=ProposalKind.review_plan,
            target_step_id=first.id,
            target_step_title=first.title,
            headline=f"Choose where to start: the first step is {q(first.title)}.",
            reasons=[
                "No step is marked as the current one yet. Choose where to start; the "
                f"first step on the ladder is {q(first.title)}."
            ],
            successes_needed=need,
        )
    history = read_history(student.id, student.calendar, attempts, days, decisions, today)
    profile = function_profile([c for c in checkins if c.student_id == student.id], today)
    ctx = Context(student, student.settings, current, active, history, today, barriers, profile)
    return _decide(ctx)


def _decide(ctx: Context) -> Proposal:
    entries = stay(ctx)
    found = [
        pause_rule(ctx),
        home_side_rule(ctx),  # ahead of adjust_supports_rule: the same rank, the sort is stable
        adjust_supports_rule(ctx, entries),
        step_back_rule(ctx, entries),
        barrier_rule(ctx),
        trigger_rule(ctx),
        advance_rule(ctx, entries),
    ]
    # Stable: a barrier not holding stays ahead of a new trigger of the same kind.
    fired = sorted((f for f in found if f is not None), key=_rank)
    winner = fired[0] if fired else repeat_finding(ctx, entries)
    outranked: list[ProposalKind] = []
    for f in fired[1:]:
        if f.kind is not winner.kind and f.kind not in outranked:
            outranked.append(f.kind)
    at_top = ctx.above(ctx.current) is None
    h = ctx.history
    recent = recent_attempts(ctx.settings, [a for a in h.attempts if h.counts(a.on)], ctx.today)
    patterns = weekday_patterns(ctx.student, recent)
    kept = supports_to_keep(ctx.settings, recent)
    ready = winner
    if winner.moves_up:
        winner = _held_on_weekday(ctx, winner, patterns)
    consolidating = winner.kind is ProposalKind.advance and at_top
    stalled = [] if consolidating else stall_reasons(ctx)
    reasons = list(winner.reasons)
    for f in fired[1:]:
        reasons += [r for r in f.carry if r not in reasons]
    reasons += [r for r in left_behind_reasons(ctx, entries) if r not in reasons]
    feared = prediction_sentence(ctx.history.attempts)
    if feared:
        reasons.append(feared)
    if patterns:
        reasons.append(weekday_sentence(patterns))
    if kept:
        reasons.append(keep_sentence(kept))
    to_try = winner.offers if winner.offers is not None else supports_to_try(ctx)
    if to_try and winner.kind is not ProposalKind.adjust_supports:
        offered = [t.support + tried_note(ctx.student, t.support, ctx.today) for t in to_try]
        reasons.append(f"{to_try[0].why} Supports to try: {join(offered)}.")
    flags: list[ProposalKind] = []
    if stalled:
        # A move up held back a day is not a stalled plan: the stall is only a flag then.
        if winner.kind is ProposalKind.repeat and ctx.history.attempts and winner is ready:
            winner = Finding(ProposalKind.review_plan, ctx.current, [])
            reasons = stalled + [
                f"Meanwhile keep going with {q(ctx.current.title)}."
            ] + reasons
        else:
            flags.append(ProposalKind.review_plan)
            reasons += stalled
    if outranked:
        reasons.append(
            f"Also considered: {join([KIND_GERUNDS[k] for k in outranked])}; "
            f"{KIND_GERUNDS[winner.kind]} comes first."
        )
    reviewing = winner.kind is ProposalKind.review_plan or bool(flags)
    target = winner.target
    return Proposal(
        kind=winner.kind,
        target_step_id=target.id if target else None,
        target_step_title=target.title if target else "",
        current_step_id=ctx.current.id,
        current_step_title=ctx.current.title,
        headline=_headline(winner, ctx, at_top, entries),
        reasons=reasons,
        flags=flags,
        outranked=outranked,
        split=winner.split,
        at_top=at_top,
        barrier_tag=winner.barrier_tag,
        barrier_id=winner.barrier.id if winner.barrier else None,
        successes_so_far=trailing(entries, SUCCESS),
        successes_needed=ctx.settings.advance_after_successes,
        review_questions=list(REVIEW_QUESTIONS) if reviewing else [],
        review_reasons=stalled,
        today_recorded=ctx.history.attempted_on(ctx.today) or ctx.today in ctx.history.statuses,
        supports_to_try=to_try,
        held_weekdays=[p.weekday for p in patterns],
        supports_to_keep=[k.tag for k in kept],
    )


def next_school_day(ctx: Context) -> date | None:
    """The first day the next school days lay out: today while nothing is recorded for
    it, otherwise the next school day (as planner.schedule starts)."""
    h = ctx.history
    recorded = h.attempted_on(ctx.today) or ctx.today in h.statuses
    start = ctx.today if h.days.is_school_day(ctx.today) and not recorded else ctx.today + timedelta(days=1)
    found = h.days.upcoming(start, 1)
    return found[0] if found else None


def _held_on_weekday(ctx: Context, winner: Finding, patterns: list[WeekdayPattern]) -> Finding:
    """A move up due on a weekday that keeps going badly waits for the next school day."""
    held = {p.weekday: p for p in patterns}
    on = next_school_day(ctx)
    if on is None or on.weekday() not in held:
        return winner
    later = on
    while later is not None and later.weekday() in held:
        later = ctx.history.days.next_after(later)
    name = held[on.weekday()].name
    current = q(ctx.current.title)
    when = f"on {short_date(later)}" if later is not None else "on another day"
    reasons = [
        *winner.reasons[:1],
        f"{short_date(on)} is a {name}, and {name}s have gone least well: keep {current} that day and "
        f"move up {when} instead.",
    ]
    headline = f"Keep {current} on {short_date(on)}, a {name}; move up {when}."
    return Finding(ProposalKind.repeat, ctx.current, reasons, headline=headline)


def _rank(finding: Finding) -> int:
    return PRECEDENCE.index(ProposalKind.advance if finding.moves_up else finding.kind)


def _headline(finding: Finding, ctx: Context, at_top: bool, entries: list[Entry]) -> str:
    if finding.headline:
        return finding.headline
    target = q(finding.target.title) if finding.target else ""
    current = q(ctx.current.title)
    kind = finding.kind
    if kind is ProposalKind.advance:
        if at_top:
            return f"Keep going with {current}, the top step: consolidate it and plan the end with the school team."
        return f"Move up to {target}."
    if kind is ProposalKind.step_back:
        return f"Step back to {target} for now."
    if kind is ProposalKind.split_step:
        return f"Try an in-between step: {q(finding.split.title)}."
    if kind is ProposalKind.address_trigger and finding.barrier is not None:
        barrier = finding.barrier
        who = "with the school" if barrier.owner == "school" else "as a family"
        if not barrier.workaround.strip():
            return (f"Review {q(barrier.title)} {who} before moving up: it keeps coming up on the "
                    "bad days and there is no workaround yet.")
        return f"Review {q(barrier.title)} {who} before moving up: the workaround is not holding."
    if kind is ProposalKind.address_trigger:
        # Said as a parent would say it, not as a rule: the tag is the family's own words.
        return (f"Stay with {current} for now, and work with the school on what keeps "
                f"coming up on the hard days: {finding.barrier_tag or 'a trigger'}.")
    if kind is ProposalKind.pause_and_stabilise:
        return f"Pause and stabilise: go back to {target}, keep pressure low, and involve the clinician."
    if kind is ProposalKind.adjust_supports:
        return f"Keep {current} and change its supports to fit why school is hard."
    if kind is ProposalKind.review_plan:
        return f"Ask the school team for a plan review; keep {current} meanwhile."
    if not any(e.attempt is not None for e in entries):
        # "Repeat" before any attempt at the step would be a family's first question.
        tried = any(a.step_id == ctx.current.id for a in ctx.history.attempts)
        return f"Try {current} again." if tried else f"Try {current} for the first time."
    return f"Repeat {current}."
