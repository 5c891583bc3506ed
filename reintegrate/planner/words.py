"""The planner's sentences: each one cites records a family can check on the screen."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from reintegrate.models import Attempt, Decision, Outcome, PlannerSettings, ProposalKind
from reintegrate.planner.history import Entry, completed, expectancy_success
from reintegrate.schooldays import short_date

# Short names for the kinds, for lists and headings in the app.
# The kinds as headings, in reports and letters.
KIND_HEADINGS = {
    ProposalKind.advance: "Move up to the next step",
    ProposalKind.repeat: "Stay with this step",
    ProposalKind.step_back: "Step back to an easier step",
    ProposalKind.split_step: "Split the step into a smaller one",
    ProposalKind.address_trigger: "Tackle a trigger as a barrier",
    ProposalKind.adjust_supports: "Adjust the supports for this step",
    ProposalKind.review_plan: "Review the plan with the team",
    ProposalKind.pause_and_stabilise: "Pause and stabilise",
}
KIND_LABELS = {
    ProposalKind.advance: "move up",
    ProposalKind.repeat: "stay with this step",
    ProposalKind.step_back: "step back",
    ProposalKind.split_step: "try an in-between step",
    ProposalKind.address_trigger: "tackle a trigger",
    ProposalKind.review_plan: "review the plan",
    ProposalKind.pause_and_stabilise: "pause and stabilise",
    ProposalKind.adjust_supports: "adjust the supports",
}

# For "Also considered: stepping back; pausing to stabilise comes first."
KIND_GERUNDS = {
    ProposalKind.advance: "moving up",
    ProposalKind.repeat: "staying with the step",
    ProposalKind.step_back: "stepping back",
    ProposalKind.split_step: "an in-between step",
    ProposalKind.address_trigger: "tackling a trigger",
    ProposalKind.review_plan: "a plan review",
    ProposalKind.pause_and_stabilise: "pausing to stabilise",
    ProposalKind.adjust_supports: "adjusting the supports",
}

# The home side of the plan (planner.home_side): about home, for every step, not one step.
HOME_SIDE_HEADING = "Change the supports at home (for every step)"


def heading(kind: ProposalKind, step_title: str, barrier_tag: str = "", home_side: bool = False) -> tuple[str, str]:
    """A proposal's or decision's title as a heading and what it is about ('' for nothing
    named): the step for most kinds, the barrier's trigger for a barrier, nothing for the
    home side (about home, for every step)."""
    if home_side:
        return HOME_SIDE_HEADING, ""
    said = KIND_HEADINGS.get(kind, str(kind))
    if kind is ProposalKind.address_trigger and barrier_tag:
        return said, barrier_tag
    return said, step_title


def decision_heading(d: Decision) -> tuple[str, str]:
    """`heading` for a decision (one taken before it kept `home_side`: home-side when
    every support it added is carried out at home)."""
    from reintegrate.why.supports import is_home_side

    home = d.home_side or (d.proposal_kind is ProposalKind.adjust_supports and bool(d.supports_added)
                           and all(is_home_side(t) for t in d.supports_added))
    return heading(d.proposal_kind, d.proposed_step_title, d.barrier_tag, home)


def proposal_is_home_side(kind: ProposalKind, supports: Sequence[str]) -> bool:
    """The home side of the plan: a change of supports, all carried out at home."""
    from reintegrate.why.supports import is_home_side

    return kind is ProposalKind.adjust_supports and bool(supports) and all(is_home_side(t) for t in supports)


def started_at_home(d: Decision) -> list[str]:
    """The supports at home an accepted decision started (the others went to the step)."""
    from reintegrate.why.supports import is_home_side

    return [t for t in d.supports_added if is_home_side(t)] if d.accepted else []

# Said beside any proposal flagged for review (Today and `status` alike).
STALLED = "Also: the plan has stalled; it is time to review it with the team."

REVIEW_QUESTIONS = [
    "What part of the plan is not working?",
    "What needs to change, given how things have gone?",
    "What has been tried so far?",
    "What comes next, who does it, and by when?",
]


def q(title: str) -> str:
    return f"'{title}'"


def attempt_words(attempt: Attempt) -> str:
    """One attempt as Today and `status` both say it: the outcome at the step it was
    made at (which may not be today's step, after stepping back), what was managed of
    the minutes planned for it, and the peak distress; a part not recorded is left out.
    "Refused at 'Forty minutes', 0 of 40 minutes, peak distress 8/10"."""
    parts = [f"{attempt.outcome.label} at {q(attempt.step_title)}"]
    if attempt.minutes_managed is not None:
        parts.append(f"{attempt.minutes_managed} of {attempt.planned_minutes} minutes")
    if attempt.distress_peak is not None:
        parts.append(f"peak distress {attempt.distress_peak}/10")
    return ", ".join(parts)


def count(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def the_last(n: int, word: str) -> str:
    """'the last attempt', 'the last 3 attempts': never 'the last 1 attempt'."""
    return f"the last {word}" if n == 1 else f"the last {count(n, word)}"


def join(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def days(dates: Iterable[date]) -> str:
    return join([short_date(d) for d in dates])


def outcome(attempt: Attempt) -> str:
    if attempt.outcome is Outcome.partial:
        if attempt.minutes_managed is None:
            return "partly, minutes not recorded"
        return f"partly, {attempt.minutes_managed} of {count(attempt.planned_minutes, 'minute')}"
    return {
        Outcome.completed: "completed",
        Outcome.did_more: "did more than planned",
        Outcome.refused: "refused",
        Outcome.not_started: "not started",
    }[attempt.outcome]


def describe(entry: Entry, settings: PlannerSettings) -> str:
    """'Tue 24 Nov: partly, 20 of 60 minutes, peak distress 6 (above 4)'."""
    if entry.attempt is None:
        return f"{short_date(entry.on)}: absent, no attempt"
    attempt = entry.attempt
    peak = attempt.distress_peak
    if peak is None:
        distress = "no peak distress recorded"
    elif expectancy_success(attempt, settings):
        distress = f"peak distress {peak} (above {settings.success_peak_max}, but what they feared did not happen)"
    elif peak > settings.success_peak_max and completed(attempt):
        # Only worth saying when the distress is what kept a finished step from counting.
        distress = f"peak distress {peak} (above {settings.success_peak_max})"
    else:
        distress = f"peak distress {peak}"
    where = f"at {q(entry.elsewhere)}, " if entry.elsewhere else ""
    return f"{short_date(entry.on)}: {where}{outcome(attempt)}, {distress}"


def describe_all(entries: Sequence[Entry], settings: PlannerSettings) -> str:
    return "; ".join(describe(e, settings) for e in entries)


def no_peak_note(entries: Sequence[Entry]) -> str | None:
    """The sentence owed whenever an attempt with no peak distress was judged."""
    missing = [e.on for e in entries if e.attempt is not None and e.attempt.distress_peak is None]
    if not missing:
        return None
    verb = "it was" if len(missing) == 1 else "they were"
    return (
        f"No peak distress was recorded on {days(missing)}, so {verb} judged on the "
        "outcome alone."
    )


def successes_sentence(step_title: str, entries: Sequence[Entry], settings: PlannerSettings) -> str:
    """'3 of the last 3 attempts at 'Half day' completed (Mon 23 Nov, ...); peak
    distress 3, 2, 2 — all at or under 4.'"""
    n = len(entries)
    attempts = [e.attempt for e in entries if e.attempt is not None]
    peaks = [a.distress_peak for a in attempts]
    shown = ", ".join("not recorded" if p is None else str(p) for p in peaks)
    limit = settings.success_peak_max
    over = [a for a in attempts if expectancy_success(a, settings)]
    if over:
        tail = (
            f"peak distress {shown} — over {limit} on {days(a.on for a in over)}, but what they "
            "feared did not happen, and advancing on that is on for this student"
        )
    elif all(p is None for p in peaks):
        tail = "no peak distress recorded"
    elif any(p is None for p in peaks):
        tail = f"peak distress {shown} — the recorded ones all at or under {limit}"
    else:
        tail = f"peak distress {shown} — all at or under {limit}"
    share = "The last attempt" if n == 1 else f"{n} of the last {n} attempts"
    return f"{share} at {q(step_title)} {went_well_words(attempts)}; {tail}."


def went_well_words(attempts: Sequence[Attempt]) -> str:
    """How attempts that went well (`stats.is_success`) went, in the records' own words:
    'completed (Mon 16 Nov and Tue 17 Nov)', or, when one was done only partly but with
    every planned minute, 'went well (completed on Mon 16 Nov; partly, with all 20
    planned minutes, on Wed 18 Nov)'. A partial attempt is never called completed."""
    partial = [a for a in attempts if a.outcome is Outcome.partial]
    on = days(a.on for a in attempts)
    if not partial:
        further = any(a.outcome is Outcome.did_more for a in attempts)
        return f"{'completed or went further' if further else 'completed'} ({on})"
    said = []
    for outcome_, words in ((Outcome.completed, "completed"), (Outcome.did_more, "did more than planned")):
        these = [a.on for a in attempts if a.outcome is outcome_]
        if these:
            said.append(f"{words} on {days(these)}")
    for minutes in sorted({a.planned_minutes for a in partial}):
        these = [a.on for a in partial if a.planned_minutes == minutes]
        said.append(f"partly, with all {count(minutes, 'planned minute')}, on {days(these)}")
    return f"went well ({'; '.join(said)})"


def excluded_note(kinds: dict[date, str]) -> str | None:
    """Days in a run that neither count as failures nor break it, named so the family
    sees why a gap in the list does not matter."""
    if not kinds:
        return None
    listed = join([f"{short_date(d)} ({label.lower()})" for d, label in sorted(kinds.items())])
    return f"{listed} {'does' if len(kinds) == 1 else 'do'} not count either way."
