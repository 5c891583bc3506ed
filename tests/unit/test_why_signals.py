"""Signals read the right way round: a support the step requires is not a wish, an
ill or closed day is not a day at home by choice, and a peer who shouts (the school
van) is a social situation, not only a bad feeling."""

from __future__ import annotations

from datetime import date

from reintegrate.models import Attempt, Barrier, BarrierStatus, DayKind, DayStatus, Outcome, Purpose, Step
from reintegrate.why.signals import signals

P = Purpose
TODAY = date(2026, 11, 30)
CAR_PARK = Step(id="car-park", title="Sit in the car park as the day begins", planned_minutes=15,
                supports=["parent drives"], in_school=False)
GATE = Step(id="gate", title="Walk to the gate with a trusted adult", planned_minutes=10,
            supports=["trusted adult meets"])


def attempt(on: date, step: Step, **kw) -> Attempt:
    fields = dict(outcome=Outcome.completed, minutes_managed=step.planned_minutes) | kw
    return Attempt(student_id="maya", on=on, step_id=step.id, step_title=step.title,
                   planned_minutes=step.planned_minutes, **fields)


def day(on: date, kind: DayKind, note: str) -> DayStatus:
    return DayStatus(student_id="maya", on=on, kind=kind, during_school_hours=note)


def test_a_support_the_step_requires_is_not_a_signal():
    attempts = [attempt(date(2026, 11, d), CAR_PARK, helped=["parent drives"]) for d in (23, 24, 25)]
    found = signals(attempts, [], TODAY, steps=[CAR_PARK, GATE])
    assert found[P.attention].total == 0


def test_a_support_the_step_does_not_list_still_counts():
    # At the gate a parent driving is a choice, not what the step is: it points to time with a parent.
    attempts = [attempt(date(2026, 11, 24), GATE, helped=["parent drives", "trusted adult meets"])]
    found = signals(attempts, [], TODAY, steps=[CAR_PARK, GATE])
    assert found[P.attention].phrases() == ["'parent drives' (helped, 1)"]


def test_a_barriers_workaround_is_not_a_signal_while_it_is_in_force():
    van = Barrier(student_id="maya", title="An older boy on the school van shouts at Maya",
                  trigger_tags=["school van", "another student"], status=BarrierStatus.worked_around,
                  workaround="Parent drives, steps after 9:15 when the vans have gone", opened_on=date(2026, 11, 6))
    attempts = [attempt(date(2026, 11, d), GATE, helped=["parent drives"]) for d in (5, 9, 16)]
    found = signals(attempts, [], TODAY, steps=[GATE], barriers=[van])
    # Before the barrier was opened a parent driving was a choice; after, the workaround.
    assert found[P.attention].phrases() == ["'parent drives' (helped, 1)"]
    resolved = van.model_copy(update={"status": BarrierStatus.resolved, "resolved_on": date(2026, 11, 10)})
    found = signals(attempts, [], TODAY, steps=[GATE], barriers=[resolved])
    assert found[P.attention].phrases() == ["'parent drives' (helped, 2)"]  # 5 and 16 Nov


def test_an_ill_or_closed_days_note_is_not_what_home_offers():
    days = [
        day(date(2026, 11, 6), DayKind.ill, "slept, watched a film"),
        day(date(2026, 11, 11), DayKind.closed, "games on the tablet with me"),
    ]
    found = signals([], days, TODAY)
    assert all(s.total == 0 and not s.home_notes for s in found.values())


def test_a_day_at_home_while_school_was_open_still_counts():
    days = [
        day(date(2026, 11, 12), DayKind.absent, "slept, then the tablet"),
        day(date(2026, 11, 13), DayKind.agreed_rest, "games"),
    ]
    found = signals([], days, TODAY)
    assert [on for on, _ in found[P.tangible].home_notes] == [date(2026, 11, 12), date(2026, 11, 13)]


def test_the_van_and_a_peer_who_shouts_are_social_situations():
    failed = dict(outcome=Outcome.refused, minutes_managed=0)
    attempts = [
        attempt(date(2026, 11, 9), CAR_PARK, triggers=["school van", "another student"], **failed),
        attempt(date(2026, 11, 16), CAR_PARK, triggers=["older boy shouts"], **failed),
        attempt(date(2026, 11, 20), CAR_PARK, triggers=["Bullying"], **failed),
        attempt(date(2026, 11, 27), CAR_PARK, triggers=["teased by a peer"], **failed),
    ]
    found = signals(attempts, [], TODAY, steps=[CAR_PARK])
    assert found[P.negative_affect].total == 0
    social = found[P.social_evaluative].counts
    # 'older boy shouts' holds two keys of the same purpose: one tag counts once.
    assert social == {("triggers", "school van"): 1, ("triggers", "another student"): 1,
                      ("triggers", "older boy shouts"): 1, ("triggers", "bullying"): 1,
                      ("triggers", "teased by a peer"): 1}


def test_a_key_matches_whole_words_only():
    attempts = [attempt(date(2026, 11, 24), GATE, triggers=["peerless noise"])]
    found = signals(attempts, [], TODAY)
    assert found[P.social_evaluative].total == 0
    assert found[P.negative_affect].phrases() == ["'peerless noise' (trigger, 1)"]


def test_a_refused_days_note_at_home_is_what_home_offers():
    # Jade refused on 1 Mar and gamed till noon: the note on the refused attempt says what
    # home offers, as it would on a day marked absent; the completed day's note does not.
    refused = dict(outcome=Outcome.refused, minutes_managed=0)
    attempts = [
        attempt(date(2026, 11, 16), GATE, during_school_hours="gamed and slept till noon", **refused),
        attempt(date(2026, 11, 17), GATE, outcome=Outcome.partial, minutes_managed=3,
                during_school_hours="home by ten, the tablet with me"),
        attempt(date(2026, 11, 18), GATE, outcome=Outcome.not_started, minutes_managed=0,
                during_school_hours="YouTube in bed"),
        attempt(date(2026, 11, 19), GATE, during_school_hours="games after school"),
    ]
    found = signals(attempts, [day(date(2026, 11, 20), DayKind.absent, "games")], TODAY)
    assert [on for on, _ in found[P.tangible].home_notes] == [
        date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18), date(2026, 11, 20)]
    assert found[P.tangible].counts[("during_school_hours", "game")] == 2
    assert found[P.attention].counts == {("during_school_hours", "with me"): 1}
    assert found[P.attention].phrases() == ["'with me' (at home, 1)"]


def test_a_support_kept_at_home_is_not_a_signal_while_it_is_in_place():
    from reintegrate.models import HomeSupport

    drives = HomeSupport(support="Parent drives", started_on=date(2026, 11, 8), ended_on=date(2026, 11, 20))
    attempts = [attempt(date(2026, 11, d), GATE, helped=["parent drives"]) for d in (5, 9, 16, 23)]
    found = signals(attempts, [], TODAY, steps=[GATE], home_supports=[drives])
    # Kept at home from 8 to 19 Nov: then it is the plan; before and after, a choice.
    assert found[P.attention].phrases() == ["'parent drives' (helped, 2)"]  # 5 and 23 Nov
