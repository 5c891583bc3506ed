"""The planner and why school is hard: supports_to_try, adjust_supports and its place
in the precedence, what the child feared, and advancing on expectancy."""

from __future__ import annotations

from datetime import date

from test_planner_support import BAD, GOOD, TODAY, make_student, moved, run, runs, school_days_back

from reintegrate.models import CameTrue, CheckIn, Household, ProposalKind, Purpose
from reintegrate.planner import PRECEDENCE, propose
from reintegrate.planner.view import plan_view
from reintegrate.store.exchange import read_export, render_json

K = ProposalKind


def social(on: date = date(2026, 11, 2)) -> CheckIn:
    return CheckIn(student_id="kid", on=on, parent={"social_evaluative.1": 5, "social_evaluative.2": 4,
                                                    "attention.1": 2})


def _stepped_back_once_then_failing(student):
    # s2 failed, the family stepped back to s1, came up again, and s2 is failing again.
    return runs(student, [(2, [BAD, BAD]), (1, [GOOD] * 3), (2, [BAD, BAD])])


def test_precedence_is_written_down():
    assert PRECEDENCE.index(K.pause_and_stabilise) < PRECEDENCE.index(K.adjust_supports)
    assert PRECEDENCE.index(K.adjust_supports) < PRECEDENCE.index(K.split_step) < PRECEDENCE.index(K.step_back)


def test_without_a_checkin_nothing_changes():
    s = make_student()
    p = propose(s, _stepped_back_once_then_failing(s), [], TODAY)
    assert p.kind is K.step_back
    assert p.supports_to_try == []


def test_adjust_supports_before_stepping_back_a_second_time():
    s = make_student()
    p = propose(s, _stepped_back_once_then_failing(s), [], TODAY, checkins=[social()])
    assert p.kind is K.adjust_supports
    assert p.target_step_id == "s2"
    text = " ".join(p.reasons)
    assert "stepped back from 'Safe room with trusted adult' once already" in text
    assert "getting away from social or being-judged situations first (4.5 of 6)" in text
    assert "'safe space' and 'trusted adult meets'" in text
    assert "'arriving after the others'" in text
    assert {t.purpose for t in p.supports_to_try} == {"social_evaluative"}


def test_the_first_step_back_comes_first():
    s = make_student()
    p = propose(s, run(s, 2, [BAD, BAD]), [], TODAY, checkins=[social()])
    assert p.kind is K.step_back
    assert p.supports_to_try  # offered alongside


def test_a_matched_support_on_the_step_means_step_back_as_usual():
    s = make_student()
    s.ladder.steps[2].supports = ["safe space", "flexible arrival"]
    p = propose(s, _stepped_back_once_then_failing(s), [], TODAY, checkins=[social()])
    assert p.kind is K.step_back
    assert p.supports_to_try == []


def test_adjust_supports_outranks_a_split():
    s = make_student()
    dates = school_days_back(s, 8)
    decisions = [moved(s, dates[0], 2, 1), moved(s, dates[3], 2, 1)]
    p = propose(s, run(s, 2, [BAD, BAD]), [], TODAY, decisions=decisions, checkins=[social()])
    assert p.kind is K.adjust_supports
    assert K.split_step in p.outranked
    assert "stepped back from 'Safe room with trusted adult' 2 times already" in p.reasons[1]


def test_pause_outranks_adjust_supports():
    s = make_student()
    attempts = runs(s, [(2, [BAD, BAD]), (1, [GOOD] * 3), (2, [("refused", 9), ("refused", 9)])])
    p = propose(s, attempts, [], TODAY, checkins=[social()])
    assert p.kind is K.pause_and_stabilise
    assert K.adjust_supports in p.outranked


def test_supports_to_try_for_each_unmatched_leading_purpose():
    s = make_student()
    tie = CheckIn(student_id="kid", on=date(2026, 11, 2),
                  parent={"social_evaluative.1": 4, "tangible.1": 4, "negative_affect.1": 4})
    p = propose(s, run(s, 2, [GOOD]), [], TODAY, checkins=[tie])
    # 'safe space' on the step matches bad feelings at school; the other two are offered.
    assert [t.purpose for t in p.supports_to_try] == ["social_evaluative"] * 3 + ["tangible"] * 3
    assert all("no support matched" in t.why for t in p.supports_to_try)
    assert any("Supports to try:" in r for r in p.reasons)


def test_set_by_hand_is_cited():
    s = make_student()
    by_hand = CheckIn(student_id="kid", on=date(2026, 11, 10), leading_by_hand=[Purpose.tangible],
                      note="Agreed with the clinician.")
    p = propose(s, run(s, 2, [GOOD]), [], TODAY, checkins=[social(), by_hand])
    assert p.supports_to_try[0].purpose == "tangible"
    assert "set by hand" in p.supports_to_try[0].why and "Agreed with the clinician." in p.supports_to_try[0].why


def test_reasons_cite_what_the_child_feared():
    s = make_student()
    attempts = run(s, 2, [GOOD] * 5)
    for a in attempts[:4]:
        a.prediction, a.prediction_came_true = "Everyone will stare", CameTrue.no
    attempts[4].prediction_came_true = CameTrue.partly
    p = propose(s, attempts, [], TODAY)
    sentence = next(r for r in p.reasons if "feared" in r)
    assert sentence.startswith("What they feared did not happen in 4 of the last 5 attempts where it was noted")
    assert "it happened, at least partly, on" in sentence


def _over_threshold_but_fear_did_not_happen(student):
    attempts = run(student, 2, [("completed", 5), ("completed", 6), ("completed", 3)])
    for a in attempts:
        a.prediction_came_true = CameTrue.no
    return attempts


def test_expectancy_is_off_by_default():
    s = make_student()
    assert propose(s, _over_threshold_but_fear_did_not_happen(s), [], TODAY).kind is K.repeat


def test_advance_on_expectancy_when_switched_on():
    s = make_student(advance_on_expectancy=True)
    p = propose(s, _over_threshold_but_fear_did_not_happen(s), [], TODAY)
    assert p.kind is K.advance
    assert "but what they feared did not happen" in p.reasons[0]


def test_expectancy_needs_the_fear_not_to_happen_and_a_small_margin():
    s = make_student(advance_on_expectancy=True, expectancy_peak_margin=1)
    attempts = _over_threshold_but_fear_did_not_happen(s)
    assert propose(s, attempts, [], TODAY).kind is K.repeat  # 6 is two over
    s2 = make_student(advance_on_expectancy=True)
    attempts = _over_threshold_but_fear_did_not_happen(s2)
    attempts[0].prediction_came_true = CameTrue.yes
    assert propose(s2, attempts, [], TODAY).kind is K.repeat


def test_plan_view_reads_checkins_from_the_household_and_schedules_adjust_supports():
    s = make_student()
    household = Household(students=[s], attempts=_stepped_back_once_then_failing(s), checkins=[social()])
    view = plan_view(household, s, TODAY)
    assert view.proposal.kind is K.adjust_supports
    assert view.profile.leading == [Purpose.social_evaluative]
    assert view.next_days[0].note == "with a matched support: 1 of 3"


def test_checkins_and_predictions_survive_export_and_import():
    s = make_student()
    attempts = run(s, 2, [GOOD])
    attempts[0].prediction, attempts[0].prediction_confidence = "I'll be sick", 7
    attempts[0].prediction_came_true = CameTrue.not_sure
    household = Household(students=[s], attempts=attempts, checkins=[social()])
    again = read_export(render_json(household, TODAY))

    def without_dates(h: Household) -> dict:
        # Records saved with no change date get one on import (see the merge rules).
        data = h.model_dump(mode="json")
        for records in data.values():
            for record in records:
                record.pop("changed_at", None)
        return data

    assert without_dates(again) == without_dates(household)
    assert again.checkins[0].parent == household.checkins[0].parent
    assert again.attempts[0].prediction == "I'll be sick"


def test_accepting_a_change_of_supports_adds_the_ticked_ones_to_the_step_kept():
    from reintegrate.planner import apply_decision

    s = make_student()
    p = propose(s, _stepped_back_once_then_failing(s), [], TODAY, checkins=[social()])
    assert p.kind is K.adjust_supports
    first = p.supports_to_try[0].support
    student, decision = apply_decision(s, p, accepted=True, today=TODAY,
                                       supports_added=[first, "Safe Space", first])
    step = student.ladder.step("s2")
    assert student.ladder.current_step_id == "s2"
    # Added once each, as tags; one the step already had is not added again.
    assert step.supports == [*s.ladder.step("s2").supports, first]
    assert decision.supports_added == [first]
    # Once on the step, the support is matched: the next bad run steps back as usual.
    later = propose(student, _stepped_back_once_then_failing(student), [], TODAY, checkins=[social()])
    assert later.kind is not K.adjust_supports
    # Nothing ticked: the step is kept as it was, and the decision says so.
    same, plain = apply_decision(s, p, accepted=True, today=TODAY)
    assert same.ladder.step("s2").supports == s.ladder.step("s2").supports and plain.supports_added == []


def test_only_a_change_of_supports_adds_supports():
    import pytest

    from reintegrate.planner import apply_decision

    s = make_student()
    p = propose(s, run(s, 2, [BAD, BAD]), [], TODAY, checkins=[social()])
    assert p.kind is K.step_back
    with pytest.raises(ValueError, match="change the supports"):
        apply_decision(s, p, accepted=True, today=TODAY, supports_added=["a buddy"])
