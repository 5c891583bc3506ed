"""The planner's rules about why school is hard and what the child feared.

- supports_to_try: when a leading purpose is known (from the latest check-in, or set
  by hand) and the current step has no support matched to it, the supports matched to
  it (data/why/supports.json) are offered alongside whatever is proposed. The
  supports kept at home for the child (`Student.home_supports`, in place today)
  count as matched for every step (`in_place`).
- adjust_supports_rule: when the unsuccessful attempts in a row that would mean a step
  back happen at a step the family has already stepped back from, and its supports
  include none matched to the leading purpose, try the step again with a matched
  support before stepping back a second time (or splitting it). Once a matched support
  is on the step the rule no longer applies, so the next run of unsuccessful attempts
  steps back as usual. A single extreme attempt is not enough: that is a step back.
- prediction_sentence: how often what the child feared actually happened, over the
  last attempts where it was noted.
"""

from __future__ import annotations

from reintegrate.models import Attempt, CameTrue, ProposalKind, home_supports_on
from reintegrate.planner.context import Context, Finding, step_backs_from, trailing
from reintegrate.planner.history import FAILURE, Entry
from reintegrate.planner.proposal import SupportToTry
from reintegrate.planner.words import count, days, describe_all, join, q
from reintegrate.schooldays import short_date
from reintegrate.why.profile import FunctionProfile, score_words
from reintegrate.why.supports import supports_for, supports_in_place, unmatched

PREDICTIONS_SHOWN = 5
SUPPORTS_OFFERED = 3


def profile_sentence(profile: FunctionProfile) -> str:
    """'The check-in on Mon 2 Nov puts getting away from … first (4.3 of 6).'"""
    names = join([p.label for p in profile.leading])
    if profile.source == "set_by_hand":
        return f"On {short_date(profile.on)} the leading purpose was set by hand to {names}: {profile.note}"
    scores = join([score_words(profile.scores[p]) for p in profile.leading])
    together = " together" if len(profile.leading) > 1 else ""
    return f"The check-in on {short_date(profile.on)} puts {names} first{together} ({scores})."


def in_place(ctx: Context) -> list[str]:
    """The supports in place for the current step today: the step's own, then those
    kept at home for the child."""
    return [*ctx.current.supports, *home_supports_on(ctx.student, ctx.today)]


def supports_to_try(ctx: Context) -> list[SupportToTry]:
    profile = ctx.profile
    if profile is None or not profile.leading:
        return []
    step = ctx.current
    found: list[SupportToTry] = []
    # The one answer the Why screen says too (`supports_in_place`): only a leading
    # purpose no support in place matches gets supports to try.
    missing = supports_in_place(step.supports, home_supports_on(ctx.student, ctx.today), profile.leading).missing
    for purpose in missing:
        why = (
            f"{profile_sentence(profile)} {q(step.title)} has no support matched to "
            f"{purpose.label} yet."
        )
        found += [
            SupportToTry(support=s, purpose=purpose.value, why=why)
            for s in supports_for(purpose)[:SUPPORTS_OFFERED]
        ]
    return found


def adjust_supports_rule(ctx: Context, entries: list[Entry]) -> Finding | None:
    profile, s, step = ctx.profile, ctx.settings, ctx.current
    if profile is None or not profile.leading:
        return None
    if trailing(entries, FAILURE) < s.step_back_after_failures:
        return None
    missing = unmatched(in_place(ctx), profile.leading)
    if len(missing) < len(profile.leading):
        return None  # a matched support is already on the step
    backs = step_backs_from(ctx, step)
    if not backs:
        return None
    last = entries[-s.step_back_after_failures:]
    have = join([q(t) for t in step.supports]) if step.supports else "none listed"
    ideas = join([q(x) for p in missing for x in supports_for(p)[:2]])
    times = "once" if len(backs) == 1 else f"{count(len(backs), 'time')}"
    reasons = [
        f"The last {count(len(last), 'attempt')} at {q(step.title)} did not go ahead as "
        f"planned: {describe_all(last, s)}.",
        f"The family has stepped back from {q(step.title)} {times} already "
        f"({days(m.on for m in backs)}).",
        profile_sentence(profile),
        f"The supports at {q(step.title)} ({have}) include none matched to that. Before "
        f"stepping back again, try {q(step.title)} with a matched support, for example {ideas}.",
    ]
    return Finding(ProposalKind.adjust_supports, step, reasons)


def prediction_sentence(attempts: list[Attempt]) -> str | None:
    """'What they feared did not happen in 4 of the last 5 attempts where it was noted
    (…); it happened, at least partly, on Tue 24 Nov.'"""
    noted = [a for a in attempts if a.prediction_came_true is not None][-PREDICTIONS_SHOWN:]
    if not noted:
        return None
    no = [a for a in noted if a.prediction_came_true is CameTrue.no]
    happened = [a for a in noted if a.prediction_came_true in (CameTrue.yes, CameTrue.partly)]
    n = len(noted)
    if n == 1:
        did = "did not happen" if no else "happened, at least partly,"
        return f"What they feared {did} on the last attempt where it was noted ({days(a.on for a in noted)})."
    sentence = f"What they feared did not happen in {len(no)} of the last {count(n, 'attempt')} where it was noted"
    if happened:
        sentence += f"; it happened, at least partly, on {days(a.on for a in happened)}"
    return sentence + "."
