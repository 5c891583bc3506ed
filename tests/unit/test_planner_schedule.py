"""The next school days, the plan review date, and what a decision does to the plan."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from pydantic import ValidationError
from test_planner_support import (
    BAD,
    GOOD,
    TODAY,
    attempt,
    day,
    make_student,
    run,
    runs,
)

from reintegrate.models import (
    Barrier,
    BarrierStatus,
    Closure,
    Ladder,
    Plan,
    ProposalKind,
    SchoolCalendar,
    Student,
    plain_errors,
)
from reintegrate.planner import apply_decision, propose, review_status, schedule

K = ProposalKind
THU, FRI = TODAY, date(2026, 11, 27)
MON, TUE, WED = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)


def rows(days):
    return [(d.on, d.step_id, d.note) for d in days]


# ---- schedule ---------------------------------------------------------------------


def test_repeats_still_needed_then_move_up() -> None:
    s = make_student()
    attempts = run(s, 2, [BAD, GOOD])
    assert rows(schedule(s, attempts, [], TODAY, count=5)) == [
        (THU, "s2", "repeat 2 of 3"),
        (FRI, "s2", "repeat 3 of 3"),
        (MON, "s3", "move up if the last went well: 1 of 3"),
        (TUE, "s3", "repeat 2 of 3"),
        (WED, "s3", "repeat 3 of 3"),
    ]


def test_starts_tomorrow_once_today_is_recorded() -> None:
    s = make_student()
    attempts = run(s, 2, [GOOD], until=TODAY) + [attempt(s, TODAY, 2)]
    days = schedule(s, attempts, [], TODAY, count=3)
    assert rows(days) == [
        (FRI, "s2", "repeat 3 of 3"),
        (MON, "s3", "move up if the last went well: 1 of 3"),
        (TUE, "s3", "repeat 2 of 3"),
    ]


def test_starts_tomorrow_when_today_is_marked_ill() -> None:
    s = make_student()
    days = schedule(s, [], [day(s, TODAY, "ill")], TODAY, count=2)
    assert [d.on for d in days] == [FRI, MON]


def test_weekend_today_starts_on_monday() -> None:
    s = make_student()
    days = schedule(s, [], [], date(2026, 11, 28), count=2)
    assert [d.on for d in days] == [MON, TUE]


def test_closures_are_skipped_and_marked_days_keep_the_count() -> None:
    cal = SchoolCalendar(closures=[Closure(start=MON, end=TUE, label="Training days")])
    s = make_student(calendar=cal)
    statuses = [day(s, FRI, "agreed_rest")]
    days = schedule(s, run(s, 2, [GOOD]), statuses, TODAY, count=4)
    assert rows(days) == [
        (THU, "s2", "repeat 2 of 3"),
        (FRI, None, "Rest day agreed with the team: no step planned."),
        (WED, "s2", "repeat 3 of 3"),
        (date(2026, 12, 3), "s3", "move up if the last went well: 1 of 3"),
    ]


def test_advance_starts_on_the_new_step() -> None:
    s = make_student()
    days = schedule(s, run(s, 2, [GOOD] * 3), [], TODAY, count=2)
    assert rows(days) == [(THU, "s3", "move up: 1 of 3"), (FRI, "s3", "repeat 2 of 3")]


def test_step_back_then_up_again() -> None:
    s = make_student()
    days = schedule(s, run(s, 2, [BAD, BAD]), [], TODAY, count=4)
    assert rows(days) == [
        (THU, "s1", "step back: 1 of 3"),
        (FRI, "s1", "repeat 2 of 3"),
        (MON, "s1", "repeat 3 of 3"),
        (TUE, "s2", "move up if the last went well: 1 of 3"),
    ]


def test_split_lays_out_the_in_between_step_first() -> None:
    s = make_student(current=0)
    proposal = propose(s, run(s, 0, [BAD, BAD]), [], TODAY)
    days = schedule(s, run(s, 0, [BAD, BAD]), [], TODAY, count=4, proposal=proposal)
    split_id = proposal.split.id
    assert rows(days) == [
        (THU, split_id, "in-between step: 1 of 3"),
        (FRI, split_id, "repeat 2 of 3"),
        (MON, split_id, "repeat 3 of 3"),
        (TUE, "s0", "move up if the last went well: 1 of 3"),
    ]
    assert days[0].step_title == proposal.split.title


def test_pause_holds_the_comfortable_step() -> None:
    s = make_student()
    attempts = runs(s, [(1, [GOOD] * 3), (2, [("completed", 9), ("completed", 10)])])
    days = schedule(s, attempts, [], TODAY, count=6)
    assert {d.step_id for d in days} == {"s1"}
    assert {d.note for d in days} == {"stabilise: keep pressure low"}


def test_top_step_consolidates() -> None:
    s = make_student(current=4)
    days = schedule(s, run(s, 4, [GOOD] * 3), [], TODAY, count=3)
    assert rows(days) == [(d, "s4", "top step: consolidate") for d in (THU, FRI, MON)]


def test_repeat_at_the_top_then_consolidate() -> None:
    s = make_student(current=4)
    days = schedule(s, run(s, 4, [GOOD, GOOD]), [], TODAY, count=2)
    assert rows(days) == [(THU, "s4", "repeat 3 of 3"), (FRI, "s4", "top step: consolidate")]


@pytest.mark.parametrize("setting, expected", [(10, 10), (5, 5), (7, 7)])
def test_count_defaults_to_the_setting(setting: int, expected: int) -> None:
    s = make_student(schedule_days=setting)
    days = schedule(s, [], [], TODAY)
    assert len(days) == expected
    assert len({d.on for d in days}) == expected
    assert all(d.on.weekday() < 5 for d in days)


def test_a_given_proposal_is_used_as_is() -> None:
    s = make_student()
    attempts = run(s, 2, [GOOD] * 3)
    proposal = propose(s, attempts, [], TODAY)
    assert schedule(s, attempts, [], TODAY, proposal=proposal) == schedule(s, attempts, [], TODAY)


def test_empty_ladder_has_no_steps_to_plan() -> None:
    s = Student(name="Sam")
    days = schedule(s, [], [], TODAY, count=3)
    assert [d.step_id for d in days] == [None, None, None]
    assert "add steps" in days[0].note


def test_count_must_be_positive() -> None:
    with pytest.raises(ValueError):
        schedule(make_student(), [], [], TODAY, count=0)


# ---- review date ------------------------------------------------------------------


def with_review(on: date, start: date = date(2026, 10, 1)) -> Student:
    return make_student().model_copy(update={"plan": Plan(start=start, review_on=on)})


def test_no_plan_no_review() -> None:
    assert review_status(make_student(), TODAY, ()) is None


@pytest.mark.parametrize(
    "review_on, state, school_days",
    [
        (date(2026, 12, 31), None, None),
        (date(2026, 12, 4), None, None),  # 6 school days away
        (date(2026, 12, 3), "near", 5),
        (MON, "near", 2),  # Friday and Monday
        (TODAY, "near", 0),
        (date(2026, 11, 24), "overdue", 2),  # Wednesday and today
        (date(2026, 11, 29), "near", 1),  # Sunday: only Friday is left before it
    ],
)
def test_review_near_or_overdue(review_on: date, state: str | None, school_days: int | None) -> None:
    status = review_status(with_review(review_on), TODAY, ())
    if state is None:
        assert status is None
        return
    assert (status.state, status.school_days, status.review_on) == (state, school_days, review_on)
    assert status.sentence.endswith(".")


def test_review_sentences_name_the_date() -> None:
    near = review_status(with_review(MON), TODAY, ())
    assert near.sentence == (
        "The plan review is due on Monday 30 November 2026, in 2 school days: make sure a "
        "meeting is booked."
    )
    overdue = review_status(with_review(date(2026, 11, 24)), TODAY, ())
    assert "was due on Tuesday 24 November 2026 and is overdue by 2 school days" in overdue.sentence
    weekend = review_status(with_review(date(2026, 11, 28)), date(2026, 11, 29), ())
    assert weekend.state == "overdue" and "overdue: ask" in weekend.sentence
    assert "due today" in review_status(with_review(TODAY), TODAY, ()).sentence


# ---- decisions --------------------------------------------------------------------

NOW = datetime(2026, 11, 26, 8, 15)


def test_accepting_moves_the_current_step() -> None:
    s = make_student()
    attempts = run(s, 2, [GOOD] * 3)
    proposal = propose(s, attempts, [], TODAY)
    updated, decision = apply_decision(s, proposal, accepted=True, note="", today=TODAY, now=NOW)
    assert updated.ladder.current_step_id == "s3"
    assert s.ladder.current_step_id == "s2"  # the original is untouched
    assert decision.model_dump(include={
        "student_id", "on", "proposal_kind", "from_step_id", "from_step_title", "proposed_step_id",
        "chosen_step_id", "chosen_step_title", "accepted", "decided_at",
    }) == {
        "student_id": "kid", "on": TODAY, "proposal_kind": K.advance, "from_step_id": "s2",
        "from_step_title": "Safe room with trusted adult", "proposed_step_id": "s3",
        "chosen_step_id": "s3", "chosen_step_title": "Half day, flexible arrival",
        "accepted": True, "decided_at": NOW,
    }
    assert decision.reasons == proposal.reasons
    after = propose(updated, attempts, [], TODAY, decisions=[decision])
    assert (after.kind, after.target_step_id) == (K.repeat, "s3")
    assert "No attempts at 'Half day, flexible arrival' yet" in after.reasons[0]


def test_tomorrows_step_changes_after_accepting() -> None:
    s = make_student()
    attempts = run(s, 2, [GOOD] * 3)
    updated, decision = apply_decision(s, propose(s, attempts, [], TODAY), accepted=True, today=TODAY)
    days = schedule(updated, attempts, [], TODAY, count=2, decisions=[decision])
    assert rows(days) == [(THU, "s3", "1 of 3"), (FRI, "s3", "repeat 2 of 3")]


def test_accepting_a_split_inserts_it_below_the_step() -> None:
    s = make_student()
    attempts = runs(s, [(2, [BAD, BAD]), (1, [GOOD] * 3), (2, [BAD, BAD]), (1, [GOOD] * 3), (2, [BAD, BAD])])
    proposal = propose(s, attempts, [], TODAY)
    assert proposal.kind is K.split_step
    updated, decision = apply_decision(s, proposal, accepted=True, today=TODAY)
    ids = [step.id for step in updated.ladder.steps]
    assert ids == ["s0", "s1", proposal.split.id, "s2", "s3", "s4"]
    assert updated.ladder.current_step_id == proposal.split.id
    assert (decision.proposed_step_id, decision.chosen_step_id) == (proposal.split.id,) * 2
    with pytest.raises(ValueError, match="already on the ladder"):
        apply_decision(updated, proposal, accepted=True, today=TODAY)
    after = propose(updated, attempts, [], TODAY, decisions=[decision])
    assert (after.kind, after.target_step_id) == (K.repeat, proposal.split.id)


def test_an_edited_split_is_inserted_as_edited() -> None:
    s = make_student(current=0)
    proposal = propose(s, run(s, 0, [BAD, BAD]), [], TODAY)
    edited = proposal.split.model_copy(update={"title": "Drive to the corner", "planned_minutes": 3})
    updated, _ = apply_decision(s, proposal.model_copy(update={"split": edited}), accepted=True, today=TODAY)
    assert updated.ladder.steps[0].title == "Drive to the corner"
    assert updated.ladder.current.planned_minutes == 3


def test_rejecting_a_split_leaves_the_ladder_alone() -> None:
    s = make_student(current=0)
    proposal = propose(s, run(s, 0, [BAD, BAD]), [], TODAY)
    updated, decision = apply_decision(s, proposal, accepted=False, note="We'll try once more", today=TODAY)
    assert [x.id for x in updated.ladder.steps] == [x.id for x in s.ladder.steps]
    assert updated.ladder.current_step_id == "s0"
    assert (decision.accepted, decision.chosen_step_id, decision.note) == (False, "s0", "We'll try once more")


def test_overriding_with_a_reason_chooses_another_step() -> None:
    s = make_student()
    proposal = propose(s, run(s, 2, [GOOD] * 3), [], TODAY)
    updated, decision = apply_decision(
        s, proposal, accepted=False, chosen_step_id="s1", note="Christmas play week", today=TODAY
    )
    assert updated.ladder.current_step_id == "s1"
    assert (decision.accepted, decision.from_step_id, decision.chosen_step_id) == (False, "s2", "s1")


def test_overriding_needs_a_reason() -> None:
    s = make_student()
    proposal = propose(s, [], [], TODAY)
    with pytest.raises(ValidationError) as caught:
        apply_decision(s, proposal, accepted=False, chosen_step_id="s1", note="  ", today=TODAY)
    assert plain_errors(caught.value) == ["Say briefly why the proposal was not followed."]


@pytest.mark.parametrize("chosen", ["s3", "nope"])
def test_overriding_to_a_retired_or_unknown_step_is_refused(chosen: str) -> None:
    s = make_student(retired=[3])
    with pytest.raises(ValueError):
        apply_decision(s, propose(s, [], [], TODAY), accepted=False, chosen_step_id=chosen, note="x", today=TODAY)


def test_accepting_cannot_choose_another_step() -> None:
    s = make_student()
    with pytest.raises(ValueError, match="overriding"):
        apply_decision(s, propose(s, [], [], TODAY), accepted=True, chosen_step_id="s0", today=TODAY)


def test_decisions_on_an_empty_ladder() -> None:
    s = Student(id="kid", name="Sam", ladder=Ladder())
    updated, decision = apply_decision(s, propose(s, [], [], TODAY), accepted=True, today=TODAY)
    assert updated.ladder.current_step_id is None
    assert decision.proposed_step_id is None and decision.proposal_kind is K.review_plan


def test_no_current_step_accepting_starts_at_the_first() -> None:
    s = make_student().model_copy(update={"ladder": Ladder(steps=make_student().ladder.steps)})
    proposal = propose(s, [], [], TODAY)
    assert (proposal.kind, proposal.target_step_id) == (K.review_plan, "s0")
    updated, _ = apply_decision(s, proposal, accepted=True, today=TODAY)
    assert updated.ladder.current_step_id == "s0"


def test_stored_step_backs_lead_to_a_split() -> None:
    """Stepping back twice through the app: the next time the family is ready to move
    up, the same jump is not proposed again but an in-between step."""
    s = make_student()
    decisions = []
    history = []
    on = TODAY - timedelta(weeks=4)
    kinds = []
    for _ in range(2):
        history += run(s, 2, [BAD, BAD], until=on)
        proposal = propose(s, history, [], on, decisions=decisions)
        kinds.append(proposal.kind)
        s, decision = apply_decision(s, proposal, accepted=True, today=on)
        decisions.append(decision)
        on += timedelta(days=7)
        history += run(s, 1, [GOOD] * 3, until=on)
        proposal = propose(s, history, [], on, decisions=decisions)
        kinds.append(proposal.kind)
        if proposal.kind is K.advance:
            s, decision = apply_decision(s, proposal, accepted=True, today=on)
            decisions.append(decision)
        on += timedelta(days=7)
    assert kinds == [K.step_back, K.advance, K.step_back, K.split_step]
    assert proposal.target_step_id == "s2"
    assert "stepped back from 'Safe room with trusted adult' twice" in " ".join(proposal.reasons)
    s, decision = apply_decision(s, proposal, accepted=True, today=on)
    assert s.ladder.current_step_id == proposal.split.id


def test_an_invalid_edited_split_is_refused() -> None:
    s = make_student(current=0)
    proposal = propose(s, run(s, 0, [BAD, BAD]), [], TODAY)
    edited = proposal.split.model_copy(update={"planned_minutes": 0})
    with pytest.raises(ValidationError) as caught:
        apply_decision(s, proposal.model_copy(update={"split": edited}), accepted=True, today=TODAY)
    assert plain_errors(caught.value, type(edited)) == ["Planned minutes must be a whole number from 1 to 600."]


def test_accepting_consolidation_at_the_top_keeps_the_step() -> None:
    s = make_student(current=4)
    proposal = propose(s, run(s, 4, [GOOD] * 3), [], TODAY)
    assert proposal.at_top and proposal.kind is K.advance
    updated, decision = apply_decision(s, proposal, accepted=True, today=TODAY)
    assert updated.ladder.current_step_id == "s4" == decision.chosen_step_id == decision.from_step_id


def test_tackling_a_trigger_keeps_the_step_before_moving_up() -> None:
    # Three good attempts would mean moving up, but a trigger behind the bad days
    # wins: the schedule keeps the step while the barrier is worked on.
    s = make_student()
    van = ("school van",)
    attempts = run(s, 2, [("refused", 5, 0, van), GOOD, ("refused", 6, 0, van), GOOD,
                          ("not_started", 5, 0, van), GOOD, GOOD, GOOD])
    proposal = propose(s, attempts, [], TODAY)
    assert proposal.kind is K.address_trigger
    assert rows(schedule(s, attempts, [], TODAY, count=4, proposal=proposal)) == [
        (THU, "s2", "keep while the barrier is tackled: 1 of 3"),
        (FRI, "s2", "repeat 2 of 3"),
        (MON, "s2", "repeat 3 of 3"),
        (TUE, "s3", "move up if the last went well: 1 of 3"),
    ]


def test_a_barrier_to_review_before_moving_up_keeps_the_step_on_every_day_shown() -> None:
    # Walk 2, 16 Nov: the van barrier is the school's, with no workaround yet, and the
    # van came up again on a refused morning. The proposal says to agree a workaround
    # "before moving up", so none of the next school days may move up either.
    s = make_student()
    van = ("school van",)
    barrier = Barrier(student_id=s.id, title="Older student on the school van", trigger_tags=["school van"],
                      owner="school", opened_on=TODAY - timedelta(days=14))
    attempts = run(s, 2, [("refused", 7, 0, van), GOOD, GOOD, ("refused", 7, 0, van)])
    proposal = propose(s, attempts, [], TODAY, barriers=[barrier])
    assert (proposal.kind, proposal.barrier_id) == (K.address_trigger, barrier.id)
    assert "with the school before moving up" in proposal.headline
    days = schedule(s, attempts, [], TODAY, count=5, proposal=proposal, barriers=[barrier])
    assert rows(days) == [(d.on, "s2", "keep: review the barrier before moving up") for d in days]
    assert [d.on for d in days] == [THU, FRI, MON, TUE, WED]


def test_a_barrier_whose_workaround_holds_no_longer_holds_back_the_move_up() -> None:
    # Once a workaround is put in place after the bad days, the barrier is given its
    # chance: the usual count towards moving up comes back.
    s = make_student()
    van = ("school van",)
    barrier = Barrier(student_id=s.id, title="Older student on the school van", trigger_tags=["school van"],
                      owner="school", opened_on=TODAY - timedelta(days=14), workaround="Dad drives",
                      workaround_on=TODAY - timedelta(days=1), status=BarrierStatus.worked_around)
    attempts = run(s, 2, [("refused", 7, 0, van), GOOD, GOOD, ("refused", 7, 0, van)])
    proposal = propose(s, attempts, [], TODAY, barriers=[barrier])
    assert proposal.barrier_id is None
    notes = [d.note for d in schedule(s, attempts, [], TODAY, count=5, proposal=proposal, barriers=[barrier])]
    assert "move up if the last went well: 1 of 3" in notes
