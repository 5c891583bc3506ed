"""A decision carries over the days with no attempt (ill, closed, the weekend): Today,
status and the next school days keep to it until an attempt is recorded after it.

Maya's first week of November 2026: two refusals at 'Stop outside when the school is
empty' (Wed 4, Thu 5); Friday 6 she is ill, the planner proposes stepping back, and the
family keeps the step, with a reason. Monday 9 is the next school day.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from reintegrate.cli import main
from reintegrate.models import (
    Attempt,
    DayKind,
    DayStatus,
    Household,
    Ladder,
    Outcome,
    ProposalKind,
    Step,
    Student,
)
from reintegrate.planner import apply_decision
from reintegrate.planner.view import decision_sentence, plan_view
from reintegrate.store import Store

WED, THU, FRI, SAT, MON, TUE = (date(2026, 11, d) for d in (4, 5, 6, 7, 9, 10))
KEEP = "Stop outside when the school is empty"
REASON = "The van was the problem, not the step; she managed it twice last week."
STEPS = [Step(id="s1", title="Drive past the school", planned_minutes=10),
         Step(id="s2", title=KEEP, planned_minutes=10),
         Step(id="s3", title="Sit in the car park as the day begins", planned_minutes=15)]


def refused(on: date) -> Attempt:
    return Attempt(id=f"a-{on}", student_id="maya", on=on, step_id="s2", step_title=KEEP,
                   planned_minutes=10, outcome=Outcome.refused, minutes_managed=0, distress_peak=8)


def friday() -> Household:
    """Up to Friday's decision: the family kept the step instead of stepping back."""
    maya = Student(id="maya", name="Maya", ladder=Ladder(steps=STEPS, current_step_id="s2"))
    records = Household(students=[maya], attempts=[refused(WED), refused(THU)],
                        days=[DayStatus(student_id="maya", on=FRI, kind=DayKind.ill, note="Slept, watched a film")])
    proposal = plan_view(records, maya, FRI).proposal
    assert proposal.kind is ProposalKind.step_back and proposal.target_step_id == "s1"
    kept, decision = apply_decision(maya, proposal, accepted=False, note=REASON, today=FRI,
                                    now=datetime(2026, 11, 6, 19, 30))
    records.students = [kept]
    records.decisions.append(decision)
    return records


def test_on_monday_the_friday_decision_is_shown_not_the_same_proposal_again():
    records = friday()
    [maya], [decision] = records.students, records.decisions
    view = plan_view(records, maya, MON)
    assert view.proposal.kind is ProposalKind.step_back  # the records alone still say so
    assert view.decision == decision and view.decided == decision
    assert decision_sentence(decision, MON) == (
        f"You chose on Fri 6 Nov to keep '{KEEP}' instead of the proposal to step back, because “{REASON}”."
    )
    assert view.following == f"as chosen on Fri 6 Nov: keep '{KEEP}'"
    assert all(d.step_id == "s2" for d in view.next_days[:3])


@pytest.mark.parametrize("on", [SAT, TUE], ids=["the weekend", "after a closed Monday"])
def test_the_decision_holds_over_days_without_an_attempt(on):
    records = friday()
    records.days.append(DayStatus(student_id="maya", on=MON, kind=DayKind.closed, note="staff training day"))
    view = plan_view(records, records.students[0], on)
    assert view.decided == records.decisions[0]
    assert view.next_days[0].step_title == KEEP


def test_an_attempt_after_the_decision_ends_it():
    records = friday()
    records.attempts.append(refused(MON))
    view = plan_view(records, records.students[0], TUE)
    assert view.decision is None and view.decided is None
    assert view.following.startswith("as proposed (")


def test_a_different_proposal_since_the_decision_is_shown_while_the_decision_lays_out_the_days():
    records = friday()
    # Say Friday's proposal had been to repeat the step: Monday's step back is new, so
    # the family is asked again; the decision in force still lays out the next days.
    [decision] = records.decisions
    records.decisions = [decision.model_copy(update={"proposal_kind": ProposalKind.repeat, "proposed_step_id": "s2"})]
    view = plan_view(records, records.students[0], MON)
    assert view.proposal.kind is ProposalKind.step_back
    assert view.decided is None and view.decision == records.decisions[0]
    assert view.next_days[0].step_title == KEEP


pytestmark = pytest.mark.usefixtures("no_real_data")


def test_status_on_monday_says_what_was_chosen_and_when(tmp_path, capsys):
    path = tmp_path / "maya.json"
    with Store.open(path, today=FRI) as store, store.batch():
        store.replace_all(friday())
    assert main(["status", "--data", str(path), "--date", MON.isoformat()]) == 0
    out = capsys.readouterr().out
    assert f"You chose on Fri 6 Nov to keep '{KEEP}' instead of the proposal to step back, because “{REASON}”." in out
    assert "Proposal: " not in out
    assert f"Next school days, as chosen on Fri 6 Nov: keep '{KEEP}':" in out
    assert main(["status", "--json", "--data", str(path), "--date", MON.isoformat()]) == 0
    decision = json.loads(capsys.readouterr().out)["decision"]
    assert decision["on"] == FRI.isoformat() and decision["answers_proposal"] is True
    assert decision["sentence"].startswith("You chose on Fri 6 Nov to keep")


def test_the_report_on_monday_says_what_was_chosen_before_the_proposal(tmp_path, capsys):
    path = tmp_path / "maya.json"
    with Store.open(path, today=FRI) as store, store.batch():
        store.replace_all(friday())
    for fmt in ("md", "html"):
        assert main(["export", "--format", fmt, "--data", str(path), "--date", MON.isoformat()]) == 0
        out = capsys.readouterr().out
        section = out.split("What the planner proposes", 1)[1].split("The next school days", 1)[0]
        section = section.replace("\\", "").replace("&#39;", "'").replace("&#34;", '"')
        assert f"You chose on Fri 6 Nov to keep '{KEEP}' instead of the proposal to step back" in section, fmt
        assert section.index("You chose on Fri 6 Nov") < section.index("The proposal it answered")


def test_a_decision_today_on_a_proposal_made_no_more_is_not_said_to_answer_the_new_one(tmp_path, capsys):
    """Overriding a barrier review today makes the planner propose something else at once
    (the barrier has been decided on): status and the report say what was chosen, then
    the planner's proposal now, never that the new proposal is the one answered."""
    records = friday()
    [decision] = records.decisions
    # Friday's override had answered another kind of proposal than the step back made now.
    records.decisions = [decision.model_copy(update={"proposal_kind": ProposalKind.address_trigger,
                                                     "proposed_step_id": "s2"})]
    view = plan_view(records, records.students[0], FRI)
    assert view.decided == records.decisions[0] and view.proposal.kind is ProposalKind.step_back
    assert view.decided_answers_proposal is False
    path = tmp_path / "maya.json"
    with Store.open(path, today=FRI) as store, store.batch():
        store.replace_all(records)
    assert main(["status", "--data", str(path), "--date", FRI.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "Decided today: instead of the proposal to tackle a trigger" in out
    assert f"The planner's proposal now: {view.proposal.headline}" in out and "The proposal it answered" not in out
    assert main(["status", "--json", "--data", str(path), "--date", FRI.isoformat()]) == 0
    assert json.loads(capsys.readouterr().out)["decision"]["answers_proposal"] is False
    for fmt in ("md", "html"):
        assert main(["export", "--format", fmt, "--data", str(path), "--date", FRI.isoformat()]) == 0
        out = capsys.readouterr().out
        assert "The planner's proposal now:" in out and "The proposal it answered" not in out, fmt
