"""An attempt at the step just left, recorded after a move up where the move was not
known yet (the other computer, before a merge), is evidence the planner weighs."""

from __future__ import annotations

from datetime import date

from test_planner_support import TODAY, attempt, make_student

from reintegrate.models import Decision, ProposalKind
from reintegrate.planner import propose

K = ProposalKind
MON, TUE, WED = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)
THU, FRI, NEXT_MON = TODAY, date(2026, 11, 27), date(2026, 11, 30)


def moved_up(on: date) -> Decision:
    """Accepting the move up from step 2 to step 3 on `on` (this computer)."""
    return Decision(student_id="kid", on=on, proposal_kind=K.advance, from_step_id="s2", chosen_step_id="s3",
                    proposed_step_id="s3", accepted=True)


def test_a_refusal_at_the_step_just_left_the_day_after_moving_up_is_named() -> None:
    s = make_student(current=3)
    attempts = [attempt(s, MON, 2), attempt(s, TUE, 2), attempt(s, WED, 2),
                attempt(s, THU, 2, "refused", 8)]  # the other computer, before the merge
    proposal = propose(s, attempts, [], FRI, decisions=[moved_up(WED)])
    said = " ".join(proposal.reasons)
    assert "No attempts at" not in said
    assert ("Thu 26 Nov was recorded at 'Safe room with trusted adult', the step before the move up to "
            "'Half day, flexible arrival' on Wed 25 Nov, where the move up was not known yet") in said
    assert "refused, peak distress 8" in said
    assert "is a reason not to push on" in said
    assert proposal.kind is K.repeat
    assert proposal.successes_so_far == 0


def test_moving_up_again_comes_only_after_enough_good_attempts_after_it() -> None:
    s = make_student(current=3)
    attempts = [attempt(s, MON, 2), attempt(s, TUE, 3), attempt(s, WED, 3),
                attempt(s, THU, 2, "refused", 8), attempt(s, FRI, 3), attempt(s, NEXT_MON, 3)]
    decisions = [moved_up(MON)]
    # Four good attempts at the new step, but the refusal at the old one came between.
    held = propose(s, attempts, [], date(2026, 12, 1), decisions=decisions)
    assert held.kind is K.repeat
    assert held.successes_so_far == 2
    assert any("not to push on" in r for r in held.reasons)
    later = propose(s, attempts + [attempt(s, date(2026, 12, 1), 3)], [], date(2026, 12, 2), decisions=decisions)
    assert later.kind is K.advance


def test_with_a_bad_day_at_the_new_step_it_makes_two_unsuccessful_in_a_row() -> None:
    s = make_student(current=3)
    attempts = [attempt(s, MON, 2), attempt(s, TUE, 2), attempt(s, WED, 2),
                attempt(s, THU, 2, "refused", 8), attempt(s, FRI, 3, "refused", 6)]
    proposal = propose(s, attempts, [], NEXT_MON, decisions=[moved_up(WED)])
    assert proposal.kind is K.step_back
    assert proposal.target_step_id == "s2"
    assert ("The last 2 attempts since 'Half day, flexible arrival' became the current step did not go "
            "ahead as planned: Thu 26 Nov: at 'Safe room with trusted adult', refused") in proposal.reasons[0]


def test_a_good_day_at_the_step_just_left_is_not_a_good_attempt_at_the_new_one() -> None:
    s = make_student(current=3)
    attempts = [attempt(s, MON, 2), attempt(s, TUE, 2), attempt(s, WED, 2), attempt(s, THU, 2)]
    proposal = propose(s, attempts, [], FRI, decisions=[moved_up(WED)])
    assert proposal.kind is K.repeat
    assert proposal.successes_so_far == 0
    said = " ".join(proposal.reasons)
    assert "Thu 26 Nov was recorded at 'Safe room with trusted adult'" in said
    assert "completed" in said and "not to push on" not in said


def test_attempts_before_the_move_are_the_previous_stay_as_before() -> None:
    s = make_student(current=3)
    attempts = [attempt(s, MON, 2), attempt(s, TUE, 2), attempt(s, WED, 2)]
    proposal = propose(s, attempts, [], THU, decisions=[moved_up(WED)])
    assert proposal.reasons[0] == "No attempts at 'Half day, flexible arrival' yet since it became the current step."


# --- the merge says so -------------------------------------------------------------------


def two_homes():
    """Mum's copy moved up on Wednesday; Dad's, not yet merged, recorded Thursday at the
    old step."""
    from reintegrate.models import Household

    mum_student = make_student(current=3)
    dad_student = make_student(current=2)
    shared = [attempt(mum_student, MON, 2), attempt(mum_student, TUE, 2), attempt(mum_student, WED, 2)]
    mum = Household(students=[mum_student], attempts=shared, decisions=[moved_up(WED)])
    dad = Household(students=[dad_student], attempts=[*shared, attempt(dad_student, THU, 2, "refused", 8)])
    return mum, dad


def test_the_merge_names_an_attempt_at_the_old_step_made_after_the_move() -> None:
    from reintegrate.store.merge import plan_merge, report

    mum, dad = two_homes()
    at_mums = dict(report(plan_merge(mum, dad, "dad.json", set())))
    assert ("The other computer recorded Sam's Thu 26 Nov at 'Safe room with trusted adult', the step before "
            "Wednesday's move up to 'Half day, flexible arrival' (Wed 25 Nov, made here): the plan counts it with "
            "the results since the move up.") in at_mums["Worth knowing"]
    at_dads = dict(report(plan_merge(dad, mum, "mum.json", set())))
    assert ("This computer recorded Sam's Thu 26 Nov at 'Safe room with trusted adult', the step before "
            "Wednesday's move up to 'Half day, flexible arrival' (Wed 25 Nov, made on the other computer): the plan "
            "counts it with the results since the move up.") in at_dads["Worth knowing"]


def test_merging_again_does_not_say_it_twice() -> None:
    from reintegrate.store.merge import merged, plan_merge, report

    mum, dad = two_homes()
    both = merged(mum, dad)
    assert not any("the step before" in line for _, lines in report(plan_merge(both, dad, "dad.json", set()))
                   for line in lines)
