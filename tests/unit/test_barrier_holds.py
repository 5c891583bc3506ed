"""A barrier does not silence the trigger it was opened for (issue 20, item 1).

Maya's November, replayed morning by morning as her family recorded it: an older boy
on the school van shouts at her. The family noted it as a barrier on Fri 6 Nov and
worked around it (a parent drives, and Maya steps out after 9:15 when the vans have
gone). The van was still noted on every bad day after that: 9, 16, 20 and 27 Nov.
The planner must say the workaround is not holding, with those dates, and propose
reviewing the barrier before any move up; and it must not propose moving straight
back up into the step refused at peak distress 9 on 20 Nov without a word about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from reintegrate.models import (
    Attempt,
    Barrier,
    BarrierStatus,
    DayKind,
    DayStatus,
    Decision,
    Ladder,
    Outcome,
    ProposalKind,
    Step,
    Student,
)
from reintegrate.planner import Proposal, propose

K = ProposalKind
VAN = ("school van", "another student")

STEPS = [
    ("drive", "Drive past the school", 10),
    ("empty", "Stop outside when the school is empty", 15),
    ("carpark", "Sit in the car park as the day begins", 20),
    ("office", "Walk in to the front office after 9:15", 30),
    ("library", "An hour in the library", 60),
]


def maya(current: str = "empty", **settings) -> Student:
    return Student(
        id="maya",
        name="Maya",
        ladder=Ladder(
            steps=[Step(id=i, title=t, planned_minutes=m) for i, t, m in STEPS],
            current_step_id=current,
        ),
        settings=settings,
    )


def tried(on: str, step: str, outcome: str, peak: int, triggers=(), minutes: int | None = None) -> Attempt:
    planned = next(m for i, _, m in STEPS if i == step)
    if minutes is None:
        minutes = planned if outcome == "completed" else 0
    return Attempt(
        student_id="maya", on=date.fromisoformat(on), step_id=step,
        step_title=next(t for i, t, _ in STEPS if i == step), planned_minutes=planned,
        outcome=Outcome(outcome), minutes_managed=minutes, distress_peak=peak, triggers=list(triggers),
    )


def moved(on: str, kind: ProposalKind, from_step: str, to_step: str) -> Decision:
    return Decision(
        student_id="maya", on=date.fromisoformat(on), proposal_kind=kind, from_step_id=from_step,
        proposed_step_id=to_step, chosen_step_id=to_step, accepted=True,
    )


# What the family recorded (the van noted in every unsuccessful attempt after 6 Nov).
ATTEMPTS = [
    tried("2026-11-02", "empty", "completed", 3),
    tried("2026-11-03", "empty", "completed", 2),
    tried("2026-11-04", "empty", "refused", 7, VAN),  # before the barrier was noted
    tried("2026-11-05", "empty", "completed", 3),
    tried("2026-11-09", "empty", "refused", 7, VAN),
    tried("2026-11-10", "empty", "completed", 3),
    tried("2026-11-12", "empty", "completed", 2),
    tried("2026-11-13", "empty", "completed", 3),
    tried("2026-11-16", "empty", "refused", 6, VAN),
    tried("2026-11-17", "empty", "completed", 3),
    tried("2026-11-18", "empty", "completed", 2),
    tried("2026-11-19", "empty", "completed", 3),
    tried("2026-11-20", "carpark", "refused", 9, VAN),  # "the boy banged on our window"
    tried("2026-11-23", "empty", "completed", 3),
    tried("2026-11-24", "empty", "completed", 2),
    tried("2026-11-25", "empty", "completed", 2),
    tried("2026-11-26", "carpark", "completed", 4),
    tried("2026-11-27", "carpark", "refused", 8, VAN),
]
DAYS = [
    DayStatus(student_id="maya", on=date(2026, 11, 6), kind=DayKind.ill),
    DayStatus(student_id="maya", on=date(2026, 11, 11), kind=DayKind.closed),
]
# What the family did with the proposals they were shown.
DECISIONS = [
    moved("2026-11-19", K.advance, "empty", "carpark"),
    moved("2026-11-20", K.step_back, "carpark", "empty"),
    moved("2026-11-26", K.advance, "empty", "carpark"),
]
VAN_BARRIER = Barrier(
    student_id="maya", title="An older boy on the school van shouts at Maya",
    trigger_tags=list(VAN), workaround="Parent drives; Maya steps out after 9:15 when the vans have gone.",
    owner="family", status=BarrierStatus.worked_around, opened_on=date(2026, 11, 6),
)


@dataclass
class Morning:
    today: date
    recorded: bool  # today's attempt already recorded (the evening) or not (the morning)
    decided: bool | None = None  # today's decision taken; by default, when recorded


def proposal_on(when: Morning, *, barriers=(VAN_BARRIER,), attempts=ATTEMPTS, decisions=DECISIONS) -> Proposal:
    """The proposal as the app gave it that morning (or evening): only what was recorded by then."""
    seen = [a for a in attempts if a.on < when.today or (when.recorded and a.on == when.today)]
    decided = when.recorded if when.decided is None else when.decided
    made = [d for d in decisions if d.on < when.today or (decided and d.on == when.today)]
    current = made[-1].chosen_step_id if made else "empty"
    return propose(maya(current), seen, DAYS, when.today, decisions=made,
                   barriers=[b for b in barriers if b.opened_on <= when.today])


def text(p: Proposal) -> str:
    return " ".join([p.headline, *p.reasons])


BARRIER_TITLE = "'An older boy on the school van shouts at Maya'"


@pytest.mark.parametrize(("when", "dates"), [
    (Morning(date(2026, 11, 20), False), ["Mon 9 Nov", "Mon 16 Nov"]),
    (Morning(date(2026, 11, 25), True), ["Mon 9 Nov", "Mon 16 Nov", "Fri 20 Nov"]),
    (Morning(date(2026, 11, 26), False), ["Mon 9 Nov", "Mon 16 Nov", "Fri 20 Nov"]),
    (Morning(date(2026, 11, 30), False), ["Mon 9 Nov", "Mon 16 Nov", "Fri 20 Nov", "Fri 27 Nov"]),
], ids=["20 Nov morning", "25 Nov evening", "26 Nov morning", "30 Nov morning"])
def test_a_barrier_that_is_not_holding_is_reviewed_before_moving_up(when: Morning, dates: list[str]) -> None:
    p = proposal_on(when)
    words = text(p)
    assert p.kind is K.address_trigger, words
    assert p.barrier_id == VAN_BARRIER.id and p.barrier_tag in VAN
    assert p.target_step_id == p.current_step_id  # stays put: no move up
    assert "Move up" not in p.headline
    assert p.headline == f"Review {BARRIER_TITLE} as a family before moving up: the workaround is not holding."
    assert p.reasons[0].startswith(
        f"{BARRIER_TITLE}: 'school van' or 'another student' came up in {len(dates)} unsuccessful attempts "
        "since it was noted on Fri 6 Nov (")
    assert p.reasons[1].startswith(
        "The workaround (Parent drives; Maya steps out after 9:15 when the vans have gone) is not holding. "
        "Review it as a family (the family owns it) before moving up")
    for day in dates:
        assert day in words
    assert "Wed 4 Nov" not in words  # the refusal before the barrier was noted is not evidence against it
    assert "and in 0 of the" in words and "is not holding" in words


def test_on_the_day_of_the_refusal_the_step_back_wins_and_still_names_the_barrier() -> None:
    p = proposal_on(Morning(date(2026, 11, 20), True, decided=False))
    words = text(p)
    assert (p.kind, p.target_step_id) == (K.step_back, "empty"), words
    assert K.address_trigger in p.outranked
    assert all(day in words for day in ("Mon 9 Nov", "Mon 16 Nov", "Fri 20 Nov"))
    [carried] = [r for r in p.reasons if r.startswith(f"The barrier {BARRIER_TITLE}: 'school van'")]
    assert carried.endswith("The workaround is not holding: review it as a family (the family owns it) before moving up.")


def test_on_26_nov_the_refused_step_is_named_with_its_date_and_peak() -> None:
    p = proposal_on(Morning(date(2026, 11, 26), False))
    words = text(p)
    assert K.split_step in p.outranked, words
    assert ("'Sit in the car park as the day begins' was last tried on Fri 20 Nov: refused, "
            "peak distress 9") in words
    assert "When it is time to move up, an in-between step comes first: 'Sit in the car park" in words


def test_the_school_owns_a_barrier_so_the_review_is_with_the_school() -> None:
    school = VAN_BARRIER.model_copy(update={"owner": "school", "status": BarrierStatus.open})
    p = proposal_on(Morning(date(2026, 11, 30), False), barriers=[school])
    assert "Review 'An older boy on the school van shouts at Maya' with the school before moving up" in p.headline
    assert p.reasons[1].startswith("The barrier has been open since Fri 6 Nov, and the bad days go on. "
                                   "Review it with the school (the school owns it)")


def test_without_the_barrier_the_van_is_named_as_a_new_trigger() -> None:
    p = proposal_on(Morning(date(2026, 11, 30), False), barriers=[])
    assert p.kind is K.address_trigger and p.barrier_id is None
    assert "work with the school on what keeps coming up" in p.headline


def test_a_resolved_barrier_is_not_reviewed() -> None:
    done = VAN_BARRIER.model_copy(update={"status": BarrierStatus.resolved, "resolved_on": date(2026, 11, 27)})
    p = proposal_on(Morning(date(2026, 11, 30), False), barriers=[done])
    assert p.barrier_id is None


def test_a_barrier_noted_after_the_bad_days_is_given_its_chance() -> None:
    late = VAN_BARRIER.model_copy(update={"opened_on": date(2026, 11, 27)})
    p = proposal_on(Morning(date(2026, 11, 30), False), barriers=[late])
    assert p.barrier_id is None and p.kind is not K.address_trigger


def test_one_bad_day_since_the_barrier_is_not_yet_a_failing_workaround() -> None:
    later = VAN_BARRIER.model_copy(update={"opened_on": date(2026, 11, 20)})
    p = proposal_on(Morning(date(2026, 11, 30), False), barriers=[later])
    assert p.barrier_id is None  # only 27 Nov since 20 Nov


def test_the_van_on_good_days_too_means_it_is_not_what_breaks_the_bad_ones() -> None:
    good_with_van = [
        a.model_copy(update={"triggers": list(VAN)}) if a.outcome is Outcome.completed else a for a in ATTEMPTS
    ]
    p = proposal_on(Morning(date(2026, 11, 30), False), attempts=good_with_van)
    assert p.barrier_id is None


def test_a_decision_on_the_review_starts_the_count_again() -> None:
    reviewed = [*DECISIONS, Decision(
        student_id="maya", on=date(2026, 11, 27), proposal_kind=K.address_trigger, from_step_id="carpark",
        proposed_step_id="carpark", chosen_step_id="carpark", accepted=True,
    )]
    after = Morning(date(2026, 11, 30), False)
    assert proposal_on(after, decisions=reviewed).barrier_id is None
    # Two more bad days with the van after the review: it is still not holding.
    more = [*ATTEMPTS, tried("2026-11-30", "carpark", "completed", 6, VAN[:1]),
            tried("2026-12-01", "carpark", "completed", 5, VAN[1:])]
    p = proposal_on(Morning(date(2026, 12, 2), False), attempts=more, decisions=reviewed)
    assert p.barrier_id == VAN_BARRIER.id, text(p)
    assert p.reasons[0] == (
        f"{BARRIER_TITLE}: 'school van' or 'another student' came up in 2 unsuccessful attempts since the last "
        "decision on a trigger, on Fri 27 Nov (Mon 30 Nov and Tue 1 Dec), and no attempt since went well.")


def test_a_pause_outranks_the_review_and_still_names_the_barrier() -> None:
    worse = [*ATTEMPTS, tried("2026-11-30", "carpark", "refused", 10, VAN)]
    # 27 Nov peak 8 is not extreme; make it 9 so two of the last three days are.
    worse = [a.model_copy(update={"distress_peak": 9}) if a.on == date(2026, 11, 27) else a for a in worse]
    p = proposal_on(Morning(date(2026, 11, 30), True), attempts=worse)
    assert p.kind is K.pause_and_stabilise
    assert K.address_trigger in p.outranked
    assert "The workaround is not holding: review it as a family" in " ".join(p.reasons)


# ---- moving up into a step that went badly last time -------------------------------


def _ready_below_a_refused_step(peak: int, outcome: str = "refused", stepped_back: bool = True) -> Proposal:
    attempts = [
        tried("2026-11-16", "empty", "completed", 3),
        tried("2026-11-17", "empty", "completed", 2),
        tried("2026-11-18", "empty", "completed", 3),
        tried("2026-11-19", "carpark", outcome, peak),
        tried("2026-11-23", "empty", "completed", 3),
        tried("2026-11-24", "empty", "completed", 2),
        tried("2026-11-25", "empty", "completed", 2),
    ]
    decisions = [moved("2026-11-19", K.advance, "empty", "carpark")]
    if stepped_back:
        decisions.append(moved("2026-11-19", K.step_back, "carpark", "empty"))
    return propose(maya("empty"), attempts, [], date(2026, 11, 26), decisions=decisions)


def test_moving_up_into_a_step_refused_at_peak_9_offers_the_in_between_step() -> None:
    p = _ready_below_a_refused_step(9)
    words = text(p)
    assert (p.kind, p.target_step_id) == (K.split_step, "carpark"), words
    assert p.split is not None and "Move up" not in p.headline
    assert ("'Sit in the car park as the day begins' was last tried on Thu 19 Nov: refused, "
            "peak distress 9 (at 9 or more, a step back).") in p.reasons
    assert "Moving straight up to 'Sit in the car park as the day begins' is the other choice" in words


def test_a_milder_bad_day_above_still_moves_up() -> None:
    p = _ready_below_a_refused_step(7)
    assert (p.kind, p.target_step_id) == (K.advance, "carpark"), text(p)


def test_a_completed_but_hard_day_above_not_stepped_back_from_still_moves_up() -> None:
    p = _ready_below_a_refused_step(9, "completed", stepped_back=False)
    assert (p.kind, p.target_step_id) == (K.advance, "carpark"), text(p)


def test_stepped_back_from_after_a_completed_but_extreme_day_offers_the_in_between_step() -> None:
    attempts = [
        tried("2026-11-18", "carpark", "completed", 9),
        tried("2026-11-19", "carpark", "completed", 10),
        *[tried(f"2026-11-2{d}", "empty", "completed", 2) for d in (3, 4, 5)],
    ]
    p = propose(maya("empty"), attempts, [], date(2026, 11, 26),
                decisions=[moved("2026-11-20", K.pause_and_stabilise, "carpark", "empty")])
    assert p.kind is K.split_step, text(p)
    assert ("'Sit in the car park as the day begins' was last tried on Thu 19 Nov: completed, "
            "peak distress 10") in text(p)


def test_the_threshold_is_the_students_own() -> None:
    attempts = [
        tried("2026-11-19", "carpark", "refused", 7),
        *[tried(f"2026-11-2{d}", "empty", "completed", 2) for d in (3, 4, 5)],
    ]
    p = propose(maya("empty", step_back_peak=7), attempts, [], date(2026, 11, 26))
    assert p.kind is K.split_step and "(at 7 or more, a step back)" in text(p)


# ---- the first try at a step (issue 20, item 7) ------------------------------------


def test_before_any_attempt_the_step_is_tried_for_the_first_time() -> None:
    p = propose(maya("empty"), [], [], date(2026, 11, 2))
    assert p.kind is K.repeat
    assert p.headline == "Try 'Stop outside when the school is empty' for the first time."


def test_a_new_step_not_yet_tried_is_tried_for_the_first_time() -> None:
    attempts = [tried("2026-11-02", "drive", "completed", 2)]
    p = propose(maya("empty"), attempts, [], date(2026, 11, 3),
                decisions=[moved("2026-11-02", K.advance, "drive", "empty")])
    assert p.headline == "Try 'Stop outside when the school is empty' for the first time.", p.reasons


def test_back_at_a_step_tried_before_it_is_tried_again() -> None:
    attempts = [tried("2026-11-02", "empty", "completed", 2), tried("2026-11-03", "carpark", "refused", 6)]
    p = propose(maya("empty"), attempts, [], date(2026, 11, 4),
                decisions=[moved("2026-11-03", K.step_back, "carpark", "empty")])
    assert p.kind is K.repeat and p.headline == "Try 'Stop outside when the school is empty' again."


def test_after_an_attempt_it_is_repeated() -> None:
    attempts = [tried("2026-11-02", "empty", "completed", 2)]
    p = propose(maya("empty"), attempts, [], date(2026, 11, 3))
    assert p.headline == "Repeat 'Stop outside when the school is empty'."
