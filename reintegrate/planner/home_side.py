"""The home side of the plan: a lever beyond the size of the step.

home_side_rule: when refusals keep coming at low distress and the leading purpose is
what home offers in school hours (or time with a parent), a smaller step, or the same
one again, changes nothing about why school is hard: what changes it is at home. The
rule proposes `adjust_supports` with supports carried out at home (data/why/
supports.json, side "home"), kept once for the child (`Student.home_supports`), not on
a step. It fires when, over the last HOME_SIDE_WINDOW school days:

- a leading purpose is `tangible` or `attention` (HOME_SIDE_PURPOSES);
- HOME_SIDE_MIN_REFUSALS attempts or more were refused or not started with peak
  distress noted at or under `success_peak_max` (the peak counted as manageable), and
  none was refused over it (high distress asks for the usual rules: a step back, a
  pause);
- at least one attempt went well: the step itself seems manageable, and the reasons
  say so;
- a home-side support for that purpose is not in place yet, to offer.

The trigger noted most on those refusals is the proposal's `barrier_tag`: accepting
offers to note it as a barrier the family tackles at home, with the supports at home
as its workaround (an open barrier's trigger is not named again as a new one, and one
that keeps coming up after is said to be not holding).

Refusals count only after the latest start of a support at home matched to those
purposes that is still in place: supports the family has just put in place get their
chance before the rule asks for more. Its place in the precedence is with
`adjust_supports` (planner.propose), ahead of a step back or a split: a change of
supports is smaller than a change of step, and here it is the one that fits.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from reintegrate.models import Attempt, Outcome, ProposalKind, Purpose, tag_key
from reintegrate.planner.context import Context, Finding
from reintegrate.planner.history import SUCCESS, verdict
from reintegrate.planner.proposal import SupportToTry
from reintegrate.planner.purpose import in_place, profile_sentence
from reintegrate.planner.words import count, days, join, outcome, q
from reintegrate.schooldays import short_date
from reintegrate.why.home import tried_note
from reintegrate.why.supports import HOME, supports_table

HOME_SIDE_PURPOSES = (Purpose.tangible, Purpose.attention)
HOME_SIDE_MIN_REFUSALS = 3
HOME_SIDE_WINDOW = 20  # school days: about four school weeks, as for triggers
REFUSED = (Outcome.refused, Outcome.not_started)

# What the headline says changes, by purpose.
_CHANGE = {
    Purpose.tangible: "change what home offers in school hours",
    Purpose.attention: "change when time with a parent comes (after school, not instead of it)",
}


def home_since(ctx: Context, purposes: list[Purpose]) -> date | None:
    """The latest day a support at home matched to `purposes`, still in place today,
    started; None when there is none."""
    found = [
        kept.started_on for kept in ctx.student.home_supports
        if kept.active_on(ctx.today)
        and any(s.counts(kept.support) for p in purposes for s in supports_table()[p])
    ]
    return max(found, default=None)


def _offers(ctx: Context, purposes: list[Purpose], why: str) -> list[SupportToTry]:
    have = in_place(ctx)
    return [
        SupportToTry(support=s.support, purpose=p.value, why=why)
        for p in purposes for s in supports_table()[p]
        if s.side == HOME and not any(s.counts(t) for t in have)
    ]


def _recent(ctx: Context, first: date, since: date | None) -> list[Attempt]:
    h = ctx.history
    found: list[Attempt] = []
    for attempt in reversed(h.attempts):
        if attempt.on < first:
            break
        if attempt.on <= ctx.today and h.counts(attempt.on) and (since is None or attempt.on > since):
            found.append(attempt)
    found.reverse()
    return found


def home_side_rule(ctx: Context) -> Finding | None:
    profile, s, step = ctx.profile, ctx.settings, ctx.current
    if profile is None:
        return None
    purposes = [p for p in profile.leading if p in HOME_SIDE_PURPOSES]
    if not purposes:
        return None
    window = ctx.history.days.last(ctx.today, HOME_SIDE_WINDOW)
    if not window:
        return None
    since = home_since(ctx, purposes)
    recent = _recent(ctx, window[0], since)
    refused = [a for a in recent if a.outcome in REFUSED]
    if any(a.distress_peak is not None and a.distress_peak > s.success_peak_max for a in refused):
        return None
    low = [a for a in refused if a.distress_peak is not None]
    good = [a for a in recent if verdict(a, s) == SUCCESS]
    if len(low) < HOME_SIDE_MIN_REFUSALS or not good:
        return None
    why = (f"{profile_sentence(profile)} The refusals came at low distress: what would change them is "
           "at home, not the size of the step.")
    offers = _offers(ctx, purposes, why)
    if not offers:
        return None
    when = f"since the supports at home started on {short_date(since)}" if since else \
        f"over {_the_last_days(len(window))}"
    peaks = "; ".join(f"{short_date(a.on)}, {outcome(a)}, peak distress {a.distress_peak}" for a in low)
    reasons = [
        f"{count(len(low), 'attempt')} refused at low distress {when} ({peaks}): at or under "
        f"{s.success_peak_max}, the peak counted as manageable.",
    ]
    triggers, top = _triggers(low)
    if triggers:
        reasons.append(f"Noted on those days: {triggers}.")
    notes = [(a.on, a.during_school_hours) for a in low if a.during_school_hours.strip()]
    if notes:
        reasons.append("At home in school hours: " + "; ".join(f"{short_date(on)}, “{n}”" for on, n in notes) + ".")
    highest = max(a.distress_peak or 0 for a in [*low, *good])
    reasons += [
        _manageable(recent, good, step.id, highest),
        profile_sentence(profile),
        f"Repeating {q(step.title)} or stepping back would not change that. Try a change at home "
        f"instead: {join([_offered(ctx, o.support) for o in offers])}. Supports at home are kept for "
        f"{ctx.student.name}, not for one step, and count for every step.",
    ]
    seems = "the step seems manageable" if any(a.step_id == step.id for a in good) else \
        "earlier attempts went well"
    headline = f"Keep {q(step.title)}: {seems}; {_CHANGE[purposes[0]]}."
    # The trigger behind most of these refusals: accepting offers to note it as a barrier
    # the family tackles at home, with the supports at home as its workaround, so it is
    # not put to the school as a trigger next, and a barrier not holding is said.
    return Finding(ProposalKind.adjust_supports, step, reasons, headline=headline, offers=offers,
                   barrier_tag=top)


def _offered(ctx: Context, support: str) -> str:
    """The support, quoted, and when it was tried at home before, if it was and ended:
    offering it again says so."""
    return q(support) + tried_note(ctx.student, support, ctx.today)


def _manageable(recent: list[Attempt], good: list[Attempt], step_id: str, highest: int) -> str:
    """Why the step seems manageable, counted at this step (the attempts at other steps
    said apart, so the count and its dates are of the same attempts): 'The step itself
    seems manageable: 4 of the 6 attempts at this step went well (…)'."""
    here = [a for a in recent if a.step_id == step_id]
    good_here = [a for a in good if a.step_id == step_id]
    peak = f"peak distress was at most {highest}"
    if good_here:
        sentence = (f"The step itself seems manageable: {len(good_here)} of the "
                    f"{count(len(here), 'attempt')} at this step went well ({_dates(good_here)})")
        others = len(good) - len(good_here)
        if others:
            sentence += f", and {count(others, 'attempt')} at other steps"
        return f"{sentence}; {peak}."
    at_step = (f"none of the {count(len(here), 'attempt')} at this step has yet" if here
               else "there has been no attempt at this step yet")
    return (f"Earlier attempts went well: {len(good)} of the {count(len(recent) - len(here), 'attempt')} "
            f"at other steps ({_dates(good)}); {at_step}, and {peak}.")


def _dates(attempts: list[Attempt]) -> str:
    """Every date, or the last five said as such: the count and the list agree."""
    if len(attempts) <= 5:
        return days(a.on for a in attempts)
    return f"the last 5 of them: {days(a.on for a in attempts[-5:])}"


def _the_last_days(n: int) -> str:
    return "the last school day" if n == 1 else f"the last {n} school days"


def _triggers(attempts: list[Attempt]) -> tuple[str, str | None]:
    """'late-night gaming (3 of the 3), tired (1 of the 3)': the triggers on these days,
    and the one noted most (as first typed), if any."""
    shown: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for a in attempts:
        for t in a.triggers:
            key = tag_key(t)
            shown.setdefault(key, t)
            counts[key] += 1
    n = len(attempts)
    ranked = counts.most_common()
    return join([f"{shown[k]} ({c} of the {n})" for k, c in ranked]), (shown[ranked[0][0]] if ranked else None)
