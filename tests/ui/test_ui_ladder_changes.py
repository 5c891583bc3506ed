"""The records the ladder editor keeps besides the ladder: decisions and supports."""

from __future__ import annotations

from datetime import date

from reintegrate.ladder import retire_step, set_current
from reintegrate.models import Ladder, ProposalKind, Step, Student
from reintegrate.planner import Proposal
from screens.ladder_changes import plan_change, supports_in_use

TODAY = date(2026, 11, 2)


def student() -> Student:
    steps = [
        Step(id=f"s{n}", title=f"Step {n}", planned_minutes=10 * n, supports=supports)
        for n, supports in enumerate([["parent drives"], ["parent drives", "safe space"], []], start=1)
    ]
    return Student(id="kid", name="Kid", ladder=Ladder(steps=steps, current_step_id="s2"))


def proposal(kind: ProposalKind, target: str | None, **extra) -> Proposal:
    return Proposal(kind=kind, target_step_id=target, target_step_title=f"Step {target}",
                    headline="h", reasons=["because"], **extra)


def test_moving_where_the_planner_proposed_is_accepting_it():
    kid = student()
    after = set_current(kid.ladder, "s3")
    decision = plan_change(kid, kid.ladder, after, proposal(ProposalKind.advance, "s3"), TODAY)
    assert decision is not None
    assert decision.accepted is True
    assert (decision.from_step_id, decision.chosen_step_id, decision.on) == ("s2", "s3", TODAY)
    assert decision.note == "Chosen on the ladder screen."
    assert decision.reasons == ["because"]


def test_moving_elsewhere_is_an_override_with_the_reason_given():
    kid = student()
    after = set_current(kid.ladder, "s1")
    decision = plan_change(kid, kid.ladder, after, proposal(ProposalKind.advance, "s3"), TODAY, "too much")
    assert decision.accepted is False
    assert decision.proposed_step_id == "s3" and decision.chosen_step_id == "s1"
    assert decision.note == "Chosen on the ladder screen: too much"
    assert decision.proposal_kind is ProposalKind.advance


def test_a_proposed_split_is_never_matched_by_an_existing_step():
    kid = student()
    split = Step(id="new", title="In between", planned_minutes=15)
    after = set_current(kid.ladder, "s1")
    decision = plan_change(kid, kid.ladder, after,
                           proposal(ProposalKind.split_step, "s1", split=split), TODAY)
    assert decision.accepted is False and decision.proposed_step_id == "new"


def test_no_decision_when_the_current_step_stays_or_there_was_none():
    kid = student()
    same = retire_step(kid.ladder, "s3")
    assert plan_change(kid, kid.ladder, same, proposal(ProposalKind.repeat, "s2"), TODAY) is None
    empty = Ladder()
    first = Ladder(steps=[Step(id="a", title="A", planned_minutes=5)], current_step_id="a")
    assert plan_change(kid, empty, first, proposal(ProposalKind.review_plan, None), TODAY) is None


def test_supports_in_use_counts_steps_in_ladder_order():
    kid = student()
    assert supports_in_use(kid.ladder) == {"parent drives": 2, "safe space": 1}
    assert supports_in_use(retire_step(kid.ladder, "s2")) == {"parent drives": 1}

