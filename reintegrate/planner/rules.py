"""The planner's rules, one function each. Every rule returns a Finding (or None) with
reasons that cite the records; planner.py decides between them by precedence. The
choices the design leaves open are listed in planner_context.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reintegrate.models import Attempt, BarrierStatus, ProposalKind, Step, tag_key, tag_keys
from reintegrate.planner.barriers import TRIGGER_WINDOW
from reintegrate.planner.context import (
    Context,
    Finding,
    excluded_between,
    move_to_current,
    step_backs_from,
    trailing,
)
from reintegrate.planner.history import FAILURE, SUCCESS, Entry, Move, completed, verdict
from reintegrate.planner.split import make_split
from reintegrate.planner.words import (
    count,
    days,
    describe_all,
    join,
    no_peak_note,
    outcome,
    q,
    successes_sentence,
    the_last,
)
from reintegrate.schooldays import short_date

_EPSILON = 1e-9  # shares are compared as counts; keep 0.6 × 5 from missing 3


def pause_rule(ctx: Context) -> Finding | None:
    """Extreme distress on repeated school days: safety first."""
    s, h = ctx.settings, ctx.history
    end = ctx.end_of_record()
    if end is None:
        return None
    window = h.days.last(end, s.pause_window)
    if not window:
        return None
    peaks: dict[date, int] = {}
    for attempt in reversed(h.attempts):
        if attempt.on < window[0]:
            break
        if attempt.on <= end and attempt.distress_peak is not None and h.days.is_school_day(attempt.on):
            peaks[attempt.on] = max(peaks.get(attempt.on, 0), attempt.distress_peak)
    extreme = sorted((on, p) for on, p in peaks.items() if p >= s.pause_peak)
    if len(extreme) < s.pause_days:
        return None
    cited = join([f"{short_date(on)} ({p})" for on, p in extreme])
    where = (
        "on the last school day" if len(window) == 1
        else f"on {len(extreme)} of the last {len(window)} school days"
    )
    reasons = [f"Peak distress reached {s.pause_peak} or more {where}: {cited}."]
    target, went_well = _comfortable_step(ctx)
    if target.id == ctx.current.id:
        reasons.append(
            f"{q(target.title)} is already the first step: stay with it, take the pressure "
            "off, and involve the clinician before trying again."
        )
    elif went_well is not None:
        reasons.append(
            f"Take the pressure off: go back to {q(target.title)}, the last step that went "
            f"well (on {short_date(went_well)}), and involve the clinician."
        )
    else:
        reasons.append(
            f"Take the pressure off: go back to the first step, {q(target.title)}, and "
            "involve the clinician."
        )
    return Finding(ProposalKind.pause_and_stabilise, target, reasons)


def _comfortable_step(ctx: Context) -> tuple[Step, date | None]:
    """The most recent step below the current one with a successful attempt."""
    s, ladder = ctx.settings, ctx.student.ladder
    for attempt in reversed(ctx.history.attempts):
        if attempt.step_id in ctx.place and ctx.is_lower(attempt.step_id, ctx.current.id):
            if verdict(attempt, s) == SUCCESS:
                return ladder.step(attempt.step_id), attempt.on
    return ctx.active[0], None


def step_back_rule(ctx: Context, entries: list[Entry]) -> Finding | None:
    """Unsuccessful attempts in a row, or one extreme, unfinished attempt: step back
    (or split when stepping back from this step has not helped)."""
    s, step = ctx.settings, ctx.current
    fails = trailing(entries, FAILURE)
    reasons: list[str] = []
    if fails >= s.step_back_after_failures:
        last = entries[-s.step_back_after_failures:]
        reasons.append(
            f"{the_last(len(last), 'attempt').capitalize()} {_at(step, last)} did not go ahead as "
            f"planned: {describe_all(last, s)}."
        )
        note = excluded_between(ctx, last)
        if note:
            reasons.append(note)
    if entries and entries[-1].attempt is not None:
        latest = entries[-1].attempt
        peak = latest.distress_peak
        if peak is not None and peak >= s.step_back_peak and not completed(latest):
            reasons.append(
                f"On {short_date(latest.on)} {q(step.title)} was not completed and peak "
                f"distress reached {peak}: at {s.step_back_peak} or more, one such attempt "
                "is enough to step back."
            )
    if not reasons:
        return None
    lower = ctx.below(step)
    if lower is None:
        split = make_split(step, None, ctx.rank)
        reasons.append(
            f"{q(step.title)} is the first step, so there is no easier step to go back to; "
            f"a gentler first step is proposed instead: {q(split.title)}."
        )
        return Finding(ProposalKind.split_step, step, reasons, split=split)
    backs = step_backs_from(ctx, step)
    if len(backs) >= s.split_after_step_backs:
        split = make_split(step, lower, ctx.rank)
        reasons.insert(0, _stepped_back(step, backs))
        reasons.append(
            f"The gap between {q(lower.title)} and {q(step.title)} looks too large, so an "
            f"in-between step is proposed: {q(split.title)}."
        )
        return Finding(ProposalKind.split_step, step, reasons, split=split)
    reasons.append(
        f"Step back to {q(lower.title)} for now; moving up again comes after "
        f"{count(s.advance_after_successes, 'good attempt')} in a row there."
    )
    return Finding(ProposalKind.step_back, lower, reasons)


def _stepped_back(step: Step, backs: list[Move]) -> str:
    times = "once" if len(backs) == 1 else "twice" if len(backs) == 2 else f"{len(backs)} times"
    return (
        f"The family has stepped back from {q(step.title)} {times} already "
        f"({days(m.on for m in backs)})."
    )


def advance_rule(ctx: Context, entries: list[Entry]) -> Finding | None:
    """Enough good attempts in a row: move up (or split the step above when stepping
    back from it has happened often enough)."""
    s, step = ctx.settings, ctx.current
    need = s.advance_after_successes
    if trailing(entries, SUCCESS) < need:
        return None
    run = entries[-need:]
    reasons = [successes_sentence(step.title, run, s)]
    for note in (no_peak_note(run), excluded_between(ctx, run)):
        if note:
            reasons.append(note)
    higher = ctx.above(step)
    if higher is None:
        reasons.append(
            f"{q(step.title)} is the top step of the ladder: keep it going to consolidate, "
            "and plan the end of the programme with the school team."
        )
        return Finding(ProposalKind.advance, step, reasons)
    backs = step_backs_from(ctx, higher)
    hard = _went_badly_last(ctx, higher)
    if len(backs) >= s.split_after_step_backs or hard is not None:
        split = make_split(higher, step, ctx.rank)
        carry: list[str] = []
        if len(backs) >= s.split_after_step_backs:
            reasons.append(_stepped_back(higher, backs))
        if hard is not None:
            last = _last_tried(higher, hard, s.step_back_peak)
            reasons.append(last)
            carry.append(
                f"{last} When it is time to move up, an in-between step comes first: {q(split.title)}."
            )
        reasons.append(
            f"Rather than the same jump again, try an in-between step first: {q(split.title)}."
        )
        if len(backs) < s.split_after_step_backs:
            reasons.append(
                f"Moving straight up to {q(higher.title)} is the other choice, if the family "
                "and the school think the last time was a bad day rather than too big a jump."
            )
        return Finding(ProposalKind.split_step, higher, reasons, split=split, moves_up=True, carry=carry)
    reasons.append(f"Next step up: {q(higher.title)}.")
    return Finding(ProposalKind.advance, higher, reasons, moves_up=True)


def _went_badly_last(ctx: Context, step: Step) -> Attempt | None:
    """The latest attempt at `step`, when its peak distress reached the step-back
    threshold and it was not completed, or the family stepped back from the step after
    it: the family was last there on a very bad day."""
    for attempt in reversed(ctx.history.attempts):
        if attempt.step_id != step.id:
            continue
        peak = attempt.distress_peak
        if peak is None or peak < ctx.settings.step_back_peak:
            return None
        if not completed(attempt) or any(m.on >= attempt.on for m in step_backs_from(ctx, step)):
            return attempt
        return None
    return None


def _last_tried(step: Step, attempt: Attempt, threshold: int) -> str:
    return (
        f"{q(step.title)} was last tried on {short_date(attempt.on)}: {outcome(attempt)}, "
        f"peak distress {attempt.distress_peak} (at {threshold} or more, a step back)."
    )


def _recent_results(ctx: Context, window: list[date]) -> list[tuple[Attempt, bool]]:
    """The attempts on counted school days in the window, oldest first, each with
    whether it was a success."""
    s, h = ctx.settings, ctx.history
    recent: list[tuple[Attempt, bool]] = []
    for attempt in reversed(h.attempts):
        if attempt.on < window[0]:
            break
        if h.counts(attempt.on):
            recent.append((attempt, verdict(attempt, s) == SUCCESS))
    recent.reverse()
    return recent


def trigger_rule(ctx: Context) -> Finding | None:
    """One trigger behind most unsuccessful attempts and few successful ones."""
    s, h = ctx.settings, ctx.history
    window = h.days.last(ctx.today, TRIGGER_WINDOW)
    if not window:
        return None
    recent = _recent_results(ctx, window)
    tackled, resolved = _barrier_tags(ctx)
    # Triggers in any case are one trigger (tag_key), said as first typed.
    shown: dict[str, str] = {}
    for a, ok in recent:
        if not ok:
            for t in a.triggers:
                shown.setdefault(tag_key(t), t)
    keys = sorted(set(shown) - tackled)
    best: tuple[tuple[float, float, str], str, list[Attempt], int, int] | None = None
    for key in keys:
        since = resolved.get(key)
        pool = [(a, ok) for a, ok in recent if since is None or a.on > since]
        failed = [a for a, ok in pool if not ok]
        good = [a for a, ok in pool if ok]
        with_tag = [a for a in failed if key in tag_keys(a.triggers)]
        good_with = sum(1 for a in good if key in tag_keys(a.triggers))
        if len(failed) < s.trigger_min_unsuccessful or not with_tag:
            continue
        if len(with_tag) < s.trigger_unsuccessful_share * len(failed) - _EPSILON:
            continue
        if good and good_with > s.trigger_successful_share * len(good) + _EPSILON:
            continue
        rank = (-len(with_tag) / len(failed), good_with / len(good) if good else 0.0, key)
        if best is None or rank < best[0]:
            best = (rank, key, with_tag, len(failed), good_with)
    if best is None:
        return None
    _, key, with_tag, failed_n, good_with = best
    tag = shown[key]
    good_n = sum(1 for a, ok in recent if ok and (key not in resolved or a.on > resolved[key]))
    step = ctx.current
    reasons = [
        f"{q(tag)} was noted in {len(with_tag)} of the {count(failed_n, 'unsuccessful attempt')} "
        f"over {the_last(len(window), 'school day')} ({days(a.on for a in with_tag)}), "
        f"and in {good_with} of the {count(good_n, 'successful one')}.",
        f"Treat {q(tag)} as a barrier: name it, agree a workaround with the school, and "
        f"keep {q(step.title)} meanwhile.",
    ]
    return Finding(ProposalKind.address_trigger, step, reasons, barrier_tag=tag)


def _barrier_tags(ctx: Context) -> tuple[set[str], dict[str, date]]:
    tackled: set[str] = set()
    resolved: dict[str, date] = {}
    for barrier in ctx.barriers:
        if barrier.student_id != ctx.student.id:
            continue
        if barrier.status is BarrierStatus.resolved:
            when = barrier.resolved_on or barrier.opened_on
            for tag in tag_keys(barrier.trigger_tags):
                resolved[tag] = max(when, resolved.get(tag, when))
        else:
            tackled.update(tag_keys(barrier.trigger_tags))
    return tackled, {t: d for t, d in resolved.items() if t not in tackled}


def repeat_finding(ctx: Context, entries: list[Entry]) -> Finding:
    """Nothing else applies: keep going with the current step, and say how far along."""
    s, step = ctx.settings, ctx.current
    need = s.advance_after_successes
    if not ctx.history.attempts:
        reasons = [
            f"There are no attempts recorded yet: start here, with {q(step.title)}.",
            f"Moving up comes after {count(need, 'good attempt')} in a row.",
        ]
        return Finding(ProposalKind.repeat, step, reasons)
    if not entries:
        reasons = [
            f"No attempts at {q(step.title)} yet since it became the current step.",
            f"Moving up comes after {count(need, 'good attempt')} in a row.",
        ]
        return Finding(ProposalKind.repeat, step, reasons)
    shown = entries[-max(need, 1):]
    reasons = [
        f"{the_last(len(shown), 'attempt').capitalize()} {_at(step, shown)}: {describe_all(shown, s)}."
    ]
    run = trailing(entries, SUCCESS)
    if run:
        reasons.append(
            f"{count(run, 'good attempt')} in a row so far; {need - run} more needed "
            "before moving up."
        )
    else:
        reasons.append(
            f"The latest did not count as a good attempt, so the count towards moving up "
            f"starts again: {count(need, 'good attempt')} in a row {'is' if need == 1 else 'are'} needed."
        )
    reasons.append(
        "A good attempt here means completed (or partly, reaching the planned minutes) "
        f"with peak distress at or under {s.success_peak_max}."
    )
    for note in (no_peak_note(shown), excluded_between(ctx, shown)):
        if note:
            reasons.append(note)
    return Finding(ProposalKind.repeat, step, reasons)


def _at(step: Step, entries: Sequence[Entry]) -> str:
    """'at 'Half day'', or, when one was at the step just left (recorded where the move
    was not known yet), 'since 'Half day' became the current step'."""
    if any(e.elsewhere for e in entries):
        return f"since {q(step.title)} became the current step"
    return f"at {q(step.title)}"


def left_behind_reasons(ctx: Context, entries: Sequence[Entry]) -> list[str]:
    """What the attempts at the step just left, made after the move where it was not
    known yet, say: named, and when one failed after a move up, a reason not to push on."""
    left = [e for e in entries if e.elsewhere and e.attempt is not None]
    move = move_to_current(ctx)
    if not left or move is None:
        return []
    up = ctx.is_lower(move.from_step_id, move.chosen_step_id)
    way = "move up" if up else "step back"
    current = q(ctx.current.title)
    said = "; ".join(
        f"{short_date(e.on)} {outcome(e.attempt)}"
        + (f", peak distress {e.attempt.distress_peak}" if e.attempt.distress_peak is not None else "")
        for e in left
    )
    verb = "was" if len(left) == 1 else "were"
    reasons = [
        f"{days(e.on for e in left)} {verb} recorded at {q(left[0].elsewhere)}, the step before the {way} to "
        f"{current} on {short_date(move.on)}, where the {way} was not known yet (on the other computer, before "
        f"the records were merged): {said}."
    ]
    if up and any(e.verdict == FAILURE for e in left):
        need = ctx.settings.advance_after_successes
        reasons.append(
            f"An unsuccessful attempt at the step just left, after moving up, is a reason not to push on: it "
            f"counts as unsuccessful here, so moving up from {current} comes after "
            f"{count(need, 'good attempt')} in a row after it."
        )
    return reasons
