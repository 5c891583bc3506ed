"""plan_view: the one answer every surface gives about the plan."""

from __future__ import annotations

from datetime import date, datetime

from test_planner_support import BAD, GOOD, TODAY, attempt, day, make_student, run

from reintegrate.models import Barrier, Decision, Household, ProposalKind
from reintegrate.planner.view import plan_view, planned_day_words

K = ProposalKind
FRI, MON, TUE = date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 1)


def household(student, attempts=(), days=(), decisions=(), barriers=()) -> Household:
    return Household(students=[student], attempts=list(attempts), days=list(days),
                     decisions=list(decisions), barriers=list(barriers))


def test_days_marked_ahead_are_skipped_and_said_as_such() -> None:
    s = make_student()
    attempts = run(s, 2, [GOOD, BAD])
    marked = [day(s, FRI, "ill"), day(s, MON, "agreed_rest"), day(s, TUE, "absent")]
    view = plan_view(household(s, attempts, marked), s, TODAY)
    by_date = {d.on: d for d in view.next_days}
    assert by_date[TODAY].step_id == "s2"
    for on, words in ((FRI, "Ill"), (MON, "Rest day agreed with the team"), (TUE, "Absent")):
        assert by_date[on].step_id is None
        assert planned_day_words(by_date[on]) == f"{words}: no step planned."


def test_records_after_today_are_not_read_but_days_ahead_are() -> None:
    s = make_student()
    later = attempt(s, MON, 2, "refused", 9)
    view = plan_view(household(s, run(s, 2, [GOOD, GOOD]) + [later], [day(s, FRI, "ill")]), s, TODAY)
    assert later not in view.records.attempts
    assert any(d.on == FRI for d in view.records.days)


def test_an_open_barrier_for_the_trigger_means_the_trigger_is_not_proposed_again() -> None:
    s = make_student()
    van = ("refused", 6, 0, ["school van"])
    attempts = run(s, 2, [van, GOOD, van, GOOD, van, GOOD, GOOD, GOOD])
    without = plan_view(household(s, attempts), s, TODAY)
    assert without.proposal.kind is K.address_trigger and without.proposal.barrier_tag == "school van"
    barrier = Barrier(student_id=s.id, title="The van", trigger_tags=["school van"], opened_on=TODAY)
    with_barrier = plan_view(household(s, attempts, barriers=[barrier]), s, TODAY)
    assert with_barrier.proposal.kind is not K.address_trigger


def test_an_override_is_what_the_next_days_follow_and_say() -> None:
    s = make_student()
    attempts = run(s, 2, [BAD, BAD])
    assert plan_view(household(s, attempts), s, TODAY).proposal.kind is K.step_back
    kept = Decision(
        student_id=s.id, on=TODAY, proposal_kind=K.step_back, from_step_id="s2",
        from_step_title="Safe room with trusted adult", proposed_step_id="s1",
        chosen_step_id="s2", chosen_step_title="Safe room with trusted adult", accepted=False,
        note="The school has a new adult in the safe room.", decided_at=datetime(2026, 11, 26, 8),
    )
    view = plan_view(household(s, attempts, decisions=[kept]), s, TODAY)
    assert view.proposal.kind is K.step_back  # the records still say so
    assert view.decision == kept and view.decided == kept
    assert {d.step_id for d in view.next_days[:3]} == {"s2"}
    assert view.following == "as chosen on Thu 26 Nov: keep 'Safe room with trusted adult'"


def test_a_decision_stops_ruling_once_a_later_attempt_is_recorded() -> None:
    s = make_student()
    attempts = run(s, 2, [BAD, BAD])  # Tue and Wed
    kept = Decision(
        student_id=s.id, on=attempts[-1].on, proposal_kind=K.step_back, from_step_id="s2",
        chosen_step_id="s2", chosen_step_title="Safe room with trusted adult", accepted=False,
        note="Try once more.",
    )
    later = attempt(s, TODAY, 2, "completed", 2)
    view = plan_view(household(s, attempts + [later], decisions=[kept]), s, TODAY)
    assert view.decision is None
    assert view.following.startswith("as proposed (")


def test_without_a_decision_the_days_follow_the_proposal() -> None:
    s = make_student()
    view = plan_view(household(s, run(s, 2, [GOOD, GOOD, GOOD])), s, TODAY)
    assert view.proposal.kind is K.advance and view.decision is None
    assert view.following == "as proposed (move up)"
    assert view.next_days[0].step_id == "s3"


def test_the_store_and_a_household_give_the_same_view(tmp_path) -> None:
    from reintegrate.store import Store

    s = make_student()
    records = household(s, run(s, 2, [GOOD, BAD, GOOD]), [day(s, MON, "ill")])
    with Store.open(tmp_path / "f.json", today=TODAY) as store:
        store.replace_all(records)
        from_store = plan_view(store, s, TODAY)
    from_household = plan_view(records, s, TODAY)
    assert from_store.proposal == from_household.proposal
    assert from_store.next_days == from_household.next_days


def test_every_kind_has_its_words_everywhere() -> None:
    from reintegrate.planner.words import KIND_GERUNDS, KIND_HEADINGS, KIND_LABELS

    for table in (KIND_LABELS, KIND_GERUNDS, KIND_HEADINGS):
        assert set(table) == set(K), table
