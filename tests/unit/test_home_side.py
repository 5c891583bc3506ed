"""The home side of the plan: supports kept at home for the child, counted for every
step, and the planner's lever beyond the step (planner.home_side)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_planner_support import attempt, make_student

from reintegrate.models import CheckIn, HomeSupport, ProposalKind, home_supports_on
from reintegrate.planner import PRECEDENCE, apply_decision, propose
from reintegrate.planner.home_side import HOME_SIDE_MIN_REFUSALS
from reintegrate.why.supports import HOME, SCHOOL, home_side_supports, is_home_side, side_of, supports_table

K = ProposalKind
TODAY = date(2027, 3, 16)  # a Tuesday, the morning after the third Monday refused
MONDAYS = [date(2027, 3, 1), date(2027, 3, 8), date(2027, 3, 15)]


def checkin(lead: str = "tangible") -> CheckIn:
    others = {"negative_affect.1": 1, "social_evaluative.1": 1, "attention.1": 1, "tangible.1": 1}
    return CheckIn(student_id="kid", on=date(2027, 2, 26),
                   parent={**others, f"{lead}.1": 5, f"{lead}.2": 5})


def jade_weeks(student, refused_peak: int = 3, mondays=MONDAYS, trigger: str = "late-night gaming"):
    """Mondays refused after late-night gaming; the other days completed at low distress."""
    made = []
    day = date(2027, 3, 1)
    while day < TODAY:
        if day.weekday() < 5:
            if day in mondays:
                a = attempt(student, day, 2, "refused", refused_peak, triggers=[trigger])
                made.append(a.model_copy(update={"during_school_hours": "gamed and slept till noon"}))
            else:
                made.append(attempt(student, day, 2, "completed" if day.weekday() in (1, 3) else "partial",
                                    2, minutes=None if day.weekday() in (1, 3) else 20))
        day += timedelta(days=1)
    return made


def test_every_shipped_support_says_its_side_and_the_home_ones_are_the_familys():
    for rows in supports_table().values():
        assert all(row.side in (HOME, SCHOOL) for row in rows)
    assert home_side_supports(__import__("reintegrate.models", fromlist=["Purpose"]).Purpose.tangible) == [
        "school hours at home that look like school", "rewards that follow attendance", "a written agreement"]
    assert side_of("No screens in school hours") == HOME  # a phrase the table matches
    assert side_of("a buddy") == SCHOOL and side_of("Ms Patel at the gate") == SCHOOL  # not in the table
    assert is_home_side("praise for going") and not is_home_side("short predictable handover")


def test_a_support_at_home_is_in_place_from_its_start_until_the_day_it_ends():
    s = make_student()
    s.home_supports = [HomeSupport(support="a written agreement", started_on=date(2027, 3, 16),
                                   ended_on=date(2027, 3, 26)),
                       HomeSupport(support="A Written Agreement", started_on=date(2027, 3, 18))]
    assert home_supports_on(s, date(2027, 3, 15)) == []
    assert home_supports_on(s, date(2027, 3, 20)) == ["a written agreement"]  # once, as first typed
    assert home_supports_on(s, date(2027, 3, 26)) == ["A Written Agreement"]
    with pytest.raises(ValueError, match="end on or after"):
        HomeSupport(support="x", started_on=date(2027, 3, 16), ended_on=date(2027, 3, 15))


def test_refusals_at_low_distress_with_what_home_offers_leading_propose_the_home_side():
    s = make_student()
    p = propose(s, jade_weeks(s), [], TODAY, checkins=[checkin()])
    assert p.kind is K.adjust_supports
    assert p.target_step_id == "s2"
    assert p.headline == ("Keep 'Safe room with trusted adult': the step seems manageable; "
                          "change what home offers in school hours.")
    text = " ".join(p.reasons)
    assert ("3 attempts refused at low distress over the last 20 school days (Mon 1 Mar, refused, peak "
            "distress 3; Mon 8 Mar, refused, peak distress 3; Mon 15 Mar, refused, peak distress 3)") in text
    assert "Noted on those days: late-night gaming (3 of the 3)." in text
    assert "Mon 1 Mar, “gamed and slept till noon”" in text
    assert "The step itself seems manageable: 4 of the 11 attempts at this step went well" in text
    assert "Repeating 'Safe room with trusted adult' or stepping back would not change that" in text
    assert p.barrier_tag == "late-night gaming"  # the family's to tackle at home, if they note it
    assert [t.support for t in p.supports_to_try] == home_side_supports(
        __import__("reintegrate.models", fromlist=["Purpose"]).Purpose.tangible)
    assert PRECEDENCE.index(K.adjust_supports) < PRECEDENCE.index(K.step_back)


def test_time_with_a_parent_leading_offers_only_the_home_side_supports_for_it():
    s = make_student()
    p = propose(s, jade_weeks(s), [], TODAY, checkins=[checkin("attention")])
    assert p.kind is K.adjust_supports
    assert "time with a parent" in p.headline
    offered = [t.support for t in p.supports_to_try]
    assert offered == ["praise for going (not for staying)", "time together after school (not instead of it)"]
    assert all(is_home_side(t) for t in offered)  # never the handover, which is the school's


@pytest.mark.parametrize("why", ["high distress", "another purpose", "too few refusals", "no good day",
                                 "no check-in"])
def test_the_home_side_is_not_proposed_when(why):
    s = make_student()
    attempts = jade_weeks(s, refused_peak=7 if why == "high distress" else 3,
                          mondays=MONDAYS[1:] if why == "too few refusals" else MONDAYS)
    if why == "no good day":
        attempts = [a for a in attempts if a.outcome.value == "refused"]
    checkins = [] if why == "no check-in" else [checkin("social_evaluative" if why == "another purpose" else "tangible")]
    p = propose(s, attempts, [], TODAY, checkins=checkins)
    assert not p.headline.startswith("Keep 'Safe room with trusted adult': the step seems manageable")
    assert "refused at low distress" not in " ".join(p.reasons)
    assert HOME_SIDE_MIN_REFUSALS == 3


def test_supports_at_home_already_in_place_and_recent_enough_are_given_their_chance():
    s = make_student()
    # Put in place after the second Monday: only one refusal since, not a pattern yet.
    s.home_supports = [HomeSupport(support="No screens in school hours", started_on=date(2027, 3, 9))]
    p = propose(s, jade_weeks(s), [], TODAY, checkins=[checkin()])
    assert p.kind is not K.adjust_supports
    # And counted as matched: nothing is offered for what home offers.
    assert p.supports_to_try == []
    assert "has no support matched" not in " ".join(p.reasons)


def test_supports_at_home_in_place_long_before_the_refusals_leave_the_others_to_offer():
    s = make_student()
    s.home_supports = [HomeSupport(support="school hours at home that look like school",
                                   started_on=date(2027, 2, 1))]
    p = propose(s, jade_weeks(s), [], TODAY, checkins=[checkin()])
    assert p.kind is K.adjust_supports
    assert "since the supports at home started on Mon 1 Feb" in p.reasons[0]
    assert [t.support for t in p.supports_to_try] == ["rewards that follow attendance", "a written agreement"]
    # Every one in place: nothing left to offer, so the usual rules answer.
    s.home_supports += [HomeSupport(support=t, started_on=date(2027, 2, 1))
                        for t in ("rewards that follow attendance", "a written agreement")]
    assert propose(s, jade_weeks(s), [], TODAY, checkins=[checkin()]).kind is not K.adjust_supports


def test_an_ended_support_at_home_no_longer_counts():
    s = make_student()
    s.home_supports = [HomeSupport(support="a written agreement", started_on=date(2027, 3, 9),
                                   ended_on=date(2027, 3, 12))]
    p = propose(s, jade_weeks(s), [], TODAY, checkins=[checkin()])
    assert p.kind is K.adjust_supports
    assert "a written agreement" in [t.support for t in p.supports_to_try]


def test_accepting_puts_the_home_side_supports_in_the_household_not_on_the_step():
    s = make_student()
    p = propose(s, jade_weeks(s), [], TODAY, checkins=[checkin()])
    ticked = [t.support for t in p.supports_to_try][:2]
    student, decision = apply_decision(s, p, accepted=True, today=TODAY, supports_added=[*ticked, "a buddy"])
    assert student.ladder.step("s2").supports == [*s.ladder.step("s2").supports, "a buddy"]
    assert [(h.support, h.started_on, h.ended_on) for h in student.home_supports] == [
        (t, TODAY, None) for t in ticked]
    assert decision.supports_added == [*ticked, "a buddy"]
    # Moving up: the supports at home count for the next step too.
    student.ladder.current_step_id = "s3"
    later = propose(student, [], [], TODAY + timedelta(days=3), checkins=[checkin()])
    assert later.supports_to_try == []
    # Accepting again adds nothing already kept at home.
    again, second = apply_decision(student, p.model_copy(update={"target_step_id": "s3"}), accepted=True,
                                   today=TODAY, supports_added=ticked)
    assert len(again.home_supports) == 2 and second.supports_added == []


def _mixed_steps(student, good_at_current: int):
    """13 attempts over the window: 10 at the step before (7 went well, 3 refused at low
    distress) then 3 at the current step, `good_at_current` of them completed, the rest
    refused at low distress (as in the walk: '7 of the 13 attempts went well')."""
    days_ = [d for d in (date(2027, 2, 25) + timedelta(days=n) for n in range(20)) if d.weekday() < 5][:13]
    made = []
    for n, day in enumerate(days_):
        if n < 10:
            made.append(attempt(student, day, 1, "refused" if n in (1, 4, 8) else "completed", 2,
                                triggers=["late-night gaming"] if n in (1, 4, 8) else ()))
        else:
            made.append(attempt(student, day, 2, "completed" if n - 10 < good_at_current else "refused", 2,
                                triggers=["late-night gaming"]))
    return made


def _manageable_reason(p) -> str:
    return next(r for r in p.reasons if "went well" in r and "attempt" in r)


def test_the_manageable_count_is_of_the_attempts_it_lists_and_says_whose_step():
    s = make_student()
    p = propose(s, _mixed_steps(s, 0), [], TODAY, checkins=[checkin()])
    assert p.kind is K.adjust_supports
    reason = _manageable_reason(p)
    # None went well at the current step: it does not say the step itself seems manageable.
    assert "The step itself seems manageable" not in reason
    assert "the step seems manageable" not in p.headline and "earlier attempts went well" in p.headline
    assert reason.startswith("Earlier attempts went well: 7 of the 10 attempts at other steps (the last 5 of them: ")
    assert "none of the 3 attempts at this step has yet" in reason
    listed = reason.split("the last 5 of them: ")[1].split(")")[0]
    assert listed.count(",") + listed.count(" and ") == 4  # five dates, as it says


def test_the_manageable_count_at_this_step_lists_every_date_it_counts():
    s = make_student()
    p = propose(s, _mixed_steps(s, 2), [], TODAY, checkins=[checkin()])
    assert p.kind is K.adjust_supports
    reason = _manageable_reason(p)
    assert reason.startswith("The step itself seems manageable: 2 of the 3 attempts at this step went well (")
    assert "and 7 attempts at other steps" in reason
    assert "the step seems manageable" in p.headline


def test_decision_titles_name_home_or_the_barrier_not_the_step_and_say_what_started_at_home():
    """Walk report items 4 and 8: the report's decision lines."""
    from reintegrate.documents.reports._meeting import decision_words
    from reintegrate.planner.proposal import Proposal

    s = make_student()
    p = propose(s, jade_weeks(s), [], TODAY, checkins=[checkin()])
    ticked = [t.support for t in p.supports_to_try][:2]
    _, decision = apply_decision(s, p, accepted=True, today=TODAY, supports_added=ticked)
    words = decision_words(decision)
    assert words["proposed"] == "Change the supports at home (for every step)"
    assert "for this step" not in words["proposed"] and "Safe room" not in words["proposed"]
    assert words["decided"] == ("Accepted; started at home: “school hours at home that look like school”; "
                                "“rewards that follow attendance”")
    trigger = Proposal(kind=K.address_trigger, target_step_id="s2", headline="Tackle it", reasons=["r"],
                       barrier_tag="school van")
    _, barrier_decision = apply_decision(s, trigger, accepted=True, today=TODAY)
    assert decision_words(barrier_decision)["proposed"] == "Tackle a trigger as a barrier: “school van”"


def test_unticking_then_ticking_again_the_same_day_keeps_one_period_and_saving_says_what_changed():
    """Walk report item 4: an untick undone the same day does not split the history."""
    from reintegrate.why.home import change_home_supports, ended_lines, home_changes, home_line

    s = make_student()
    started = date(2026, 11, 9)
    s.home_supports = [HomeSupport(support="rewards that follow attendance", started_on=started)]
    today = date(2026, 11, 20)
    unticked = change_home_supports(s, [], today, today)
    assert home_changes(s.home_supports, unticked) == "Ended: rewards that follow attendance."
    s2 = s.model_copy(update={"home_supports": unticked})
    again = change_home_supports(s2, ["rewards that follow attendance", "a written agreement"], today, today)
    assert again == [HomeSupport(support="rewards that follow attendance", started_on=started),
                     HomeSupport(support="a written agreement", started_on=today)]
    s3 = s2.model_copy(update={"home_supports": again})
    assert home_line(s3, today) == ("At home since Mon 9 Nov: rewards that follow attendance; "
                                    "since Fri 20 Nov: a written agreement.")
    assert ended_lines(s3) == []
    assert home_changes(unticked, again) == ("Started: a written agreement, rewards that follow attendance "
                                             "(again: in place since Mon 9 Nov).")
    # Ticked again on a later day: a new period, the ended one kept.
    later = change_home_supports(s2, ["rewards that follow attendance"], date(2026, 11, 23), date(2026, 11, 23))
    assert [(h.started_on, h.ended_on) for h in later] == [(started, today), (date(2026, 11, 23), None)]


def test_a_support_tried_at_home_and_ended_is_said_when_offered_again_and_reaches_the_school():
    """Walk report item 4: the planner says a support it offers was tried and ended; the
    report and the plan_not_working letter's 'What has been tried so far' list it with
    its dates."""
    from reintegrate.why.home import ended_sentence, tried_at_home

    s = make_student()
    s.home_supports = [HomeSupport(support="rewards that follow attendance", started_on=date(2027, 2, 1),
                                   ended_on=date(2027, 2, 19))]
    p = propose(s, jade_weeks(s), [], TODAY, checkins=[checkin()])
    assert p.kind is K.adjust_supports
    text = " ".join(p.reasons)
    assert "'rewards that follow attendance' (tried from Mon 1 Feb, ended Fri 19 Feb)" in text
    assert ended_sentence(s) == ("Tried at home and ended: rewards that follow attendance "
                                 "(from Mon 1 Feb, ended Fri 19 Feb).")
    s.home_supports.append(HomeSupport(support="a written agreement", started_on=date(2027, 3, 1)))
    assert tried_at_home(s, date(2027, 2, 15), TODAY) == [
        "At home: rewards that follow attendance (from Mon 1 Feb, ended Fri 19 Feb).",
        "At home: a written agreement (since Mon 1 Mar, still in place)."]
    assert tried_at_home(s, date(2027, 2, 19), TODAY) == [
        "At home: a written agreement (since Mon 1 Mar, still in place)."]


def test_supports_to_try_say_one_tried_at_home_and_ended():
    """Walk report item 4: whatever the proposal, a support offered again says when it was tried."""
    s = make_student()
    s.home_supports = [HomeSupport(support="rewards that follow attendance", started_on=date(2027, 2, 1),
                                   ended_on=date(2027, 2, 19))]
    attempts = [attempt(s, date(2027, 3, d), 2, "completed", 2) for d in (11, 12, 15)]
    p = propose(s, attempts, [], TODAY, checkins=[checkin()])
    assert p.kind is not K.adjust_supports
    assert "rewards that follow attendance (tried from Mon 1 Feb, ended Fri 19 Feb)" in " ".join(p.reasons)
