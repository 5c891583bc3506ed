"""The profile: what the check-ins say, scored the same way everywhere.

- A respondent's score for a purpose is the mean of their ratings of its statements
  (0–6); statements left unanswered are left out.
- A check-in's score for a purpose is the mean of its respondents' scores (a parent,
  and the child when they answered), so one answer sheet never outweighs the other.
  When both answered, their own scores are shown beside the mean (`side_by_side`): a
  child at 5.0 and a parent at 3.3 say more than 4.2 alone.
- The leading purpose is the highest score; purposes within LEAD_MARGIN of it lead
  together. When every score is 0 nothing leads.
- A therapist's purpose set by hand (a check-in with `leading_by_hand`) leads from its
  date until the next check-in with answers; the scores shown meanwhile are those of
  the check-in before it.
- Only the latest check-in on or before today counts; a check-in is never required.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from reintegrate.models import CheckIn, Decision, ProposalKind, Purpose

LEAD_MARGIN = 0.25
CHECK_IN_EVERY = timedelta(weeks=4)
_EPSILON = 1e-9


def respondent_scores(answers: dict[str, int]) -> dict[Purpose, float | None]:
    """Mean rating per purpose for one answer sheet (None where nothing was answered)."""
    found: dict[Purpose, list[int]] = {p: [] for p in Purpose}
    for key, rating in answers.items():
        found[Purpose(key.split(".", 1)[0])].append(rating)
    return {p: (sum(v) / len(v) if v else None) for p, v in found.items()}


def checkin_scores(checkin: CheckIn) -> dict[Purpose, float | None]:
    sheets = [respondent_scores(a) for a in (checkin.parent, checkin.child) if a]
    scores: dict[Purpose, float | None] = {}
    for purpose in Purpose:
        values = [s[purpose] for s in sheets if s[purpose] is not None]
        scores[purpose] = round(sum(values) / len(values), 2) if values else None
    return scores


def leading(scores: dict[Purpose, float | None]) -> list[Purpose]:
    """The highest purpose and any within LEAD_MARGIN of it, highest first."""
    scored = {p: s for p, s in scores.items() if s is not None}
    if not scored:
        return []
    top = max(scored.values())
    if top <= 0:
        return []
    tied = [p for p, s in scored.items() if s >= top - LEAD_MARGIN - _EPSILON]
    order = list(Purpose)
    return sorted(tied, key=lambda p: (-scored[p], order.index(p)))


@dataclass(frozen=True)
class FunctionProfile:
    """What the latest check-in (or a purpose set by hand) says on a given day."""

    on: date  # the date of the check-in that decides
    source: str  # "check_in" or "set_by_hand"
    scores: dict[Purpose, float | None]
    leading: list[Purpose]
    note: str = ""
    scores_on: date | None = None  # the check-in the scores come from
    respondents: tuple[str, ...] = ()
    parent_scores: dict[Purpose, float | None] = field(default_factory=dict)
    child_scores: dict[Purpose, float | None] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "on": self.on.isoformat(),
            "source": self.source,
            "scores": {p.value: self.scores.get(p) for p in Purpose},
            "leading": [p.value for p in self.leading],
        }


def in_order(checkins: Iterable[CheckIn], today: date) -> list[CheckIn]:
    dated = [c for c in checkins if c.on <= today]
    return sorted(dated, key=lambda c: (c.on, c.recorded_at or datetime.min))


def checkin_to_answer(checkins: Iterable[CheckIn], today: date, *, child: bool) -> tuple[CheckIn | None, bool]:
    """Which of today's check-ins a respondent's answers go to, and whether they replace
    answers that respondent already gave: (None, False) when today has none.

    Today's check-in still missing this respondent's answers is added to, so a parent's
    and the child's answers on one day make one check-in. When they are already in it,
    answering again replaces them in that check-in (the same record, saved again as an
    edit): a day holds one set of answers from each, never a second check-in.
    """
    mine = [c for c in in_order(checkins, today) if c.on == today and not c.by_hand]
    for checkin in reversed(mine):
        if not (checkin.child if child else checkin.parent):
            return checkin, False
    return (mine[-1], True) if mine else (None, False)


def function_profile(checkins: Iterable[CheckIn], today: date) -> FunctionProfile | None:
    ordered = in_order(checkins, today)
    if not ordered:
        return None
    latest = ordered[-1]
    answered = [c for c in ordered if not c.by_hand]
    basis = answered[-1] if answered else None
    scores = checkin_scores(basis) if basis else {p: None for p in Purpose}
    extra = {}
    if basis is not None:
        extra = dict(
            scores_on=basis.on,
            respondents=tuple(n for n, a in (("parent", basis.parent), ("child", basis.child)) if a),
            parent_scores=respondent_scores(basis.parent) if basis.parent else {},
            child_scores=respondent_scores(basis.child) if basis.child else {},
        )
    if latest.by_hand:
        return FunctionProfile(latest.on, "set_by_hand", scores, list(latest.leading_by_hand),
                               note=latest.note, **extra)
    return FunctionProfile(latest.on, "check_in", scores, leading(scores), note=latest.note, **extra)


def profile_history(checkins: Iterable[CheckIn], today: date) -> list[tuple[date, dict[Purpose, float | None]]]:
    """Each answered check-in's scores, oldest first: the profile over time."""
    return [(c.on, checkin_scores(c)) for c in in_order(checkins, today) if not c.by_hand]


def checkin_due(checkins: Sequence[CheckIn], decisions: Sequence[Decision], today: date) -> str | None:
    """A gentle suggestion when a new check-in would help, or None.

    Only once a family has done one: suggested four weeks after the latest, and after
    a plan review decided since it. Never required.
    """
    answered = [c for c in in_order(checkins, today) if not c.by_hand]
    if not answered:
        return None
    last = answered[-1].on
    if any(d.proposal_kind is ProposalKind.review_plan and last < d.on <= today for d in decisions):
        return "The plan has been reviewed since the last check-in: a new one may show what has changed."
    if today - last >= CHECK_IN_EVERY:
        weeks = (today - last).days // 7
        return f"The last check-in was {weeks} weeks ago: a new one may show what has changed."
    return None


def score_words(score: float | None) -> str:
    return "not answered" if score is None else f"{score:.1f} of 6"


def answered_by_both(profile: FunctionProfile) -> bool:
    """A parent and the child both answered the check-in the scores come from: their
    scores are shown side by side as well as averaged."""
    return bool(profile.parent_scores and profile.child_scores)


def side_by_side(profile: FunctionProfile, purpose: Purpose) -> tuple[str, str] | None:
    """A parent's and the child's score for `purpose` ('3.3', '5.0'; '–' where one
    left it unanswered), or None unless both answered the check-in."""
    if not answered_by_both(profile):
        return None
    parent, child = profile.parent_scores.get(purpose), profile.child_scores.get(purpose)
    return tuple("–" if v is None else f"{v:.1f}" for v in (parent, child))


def side_by_side_words(profile: FunctionProfile, purpose: Purpose) -> str:
    """'a parent 3.3, the child 5.0', or '' unless both answered the check-in (and
    one of them answered for this purpose)."""
    pair = side_by_side(profile, purpose)
    if pair is None or pair == ("–", "–"):
        return ""
    parent, child = ("not answered" if v == "–" else v for v in pair)
    return f"a parent {parent}, the child {child}"
