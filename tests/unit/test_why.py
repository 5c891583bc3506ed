"""Why school is hard: scoring the check-in, ties, a purpose set by hand, signals and
matched supports."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from reintegrate.models import Attempt, CheckIn, DayKind, DayStatus, Decision, Morning, Outcome, ProposalKind, Purpose
from reintegrate.store import Store
from reintegrate.why.profile import (
    checkin_due,
    checkin_scores,
    checkin_to_answer,
    function_profile,
    leading,
    profile_history,
)
from reintegrate.why.signals import parse_mapping, signals
from reintegrate.why.statements import STATEMENTS
from reintegrate.why.supports import matched_tags, support_counted, supports_for, unmatched

P = Purpose
TODAY = date(2026, 11, 26)


def answers(**per_purpose: list[int]) -> dict[str, int]:
    return {f"{purpose}.{n}": r for purpose, ratings in per_purpose.items() for n, r in enumerate(ratings, 1)}


def checkin(on: date, parent=None, child=None, by_hand=(), note="", at=None) -> CheckIn:
    return CheckIn(student_id="kid", on=on, parent=parent or {}, child=child or {},
                   leading_by_hand=list(by_hand), note=note, recorded_at=at)


def test_statements_are_three_per_purpose_for_parent_and_child():
    for purpose in P:
        mine = [s for s in STATEMENTS if s.purpose is purpose]
        assert len(mine) == 3
        assert all(s.parent and s.child and s.id.startswith(purpose.value + ".") for s in mine)


def test_the_statements_are_exactly_the_ids_an_answer_may_have():
    from reintegrate.models.checkins import STATEMENT_IDS

    assert {s.id for s in STATEMENTS} == STATEMENT_IDS


@pytest.mark.parametrize("key", ["negative_affect.4", "tangible.9"])
def test_an_answer_to_a_statement_never_asked_is_refused(key):
    with pytest.raises(ValidationError, match="is not one of the check-in's statements"):
        checkin(TODAY, parent={"negative_affect.1": 3, key: 6})
    with pytest.raises(ValidationError, match="is not one of the check-in's statements"):
        checkin(TODAY, child={key: 6})


def test_wording_never_labels_the_child():
    words = " ".join(s.parent + " " + s.child for s in STATEMENTS).lower()
    for label in ("attention-seeking", "manipulat", "lazy", "disorder", "school refuser"):
        assert label not in words


def test_score_is_the_mean_per_purpose():
    c = checkin(TODAY, parent=answers(negative_affect=[6, 5, 4], social_evaluative=[1, 2, 3],
                                      attention=[0, 0, 0], tangible=[2]))
    assert checkin_scores(c) == {P.negative_affect: 5.0, P.social_evaluative: 2.0, P.attention: 0.0, P.tangible: 2.0}


def test_parent_and_child_count_equally():
    c = checkin(TODAY, parent=answers(attention=[6, 6, 6]), child=answers(attention=[2]))
    scores = checkin_scores(c)
    assert scores[P.attention] == 4.0
    assert scores[P.tangible] is None


def test_purposes_within_a_quarter_lead_together():
    scores = {P.negative_affect: 4.0, P.social_evaluative: 4.25, P.attention: 3.9, P.tangible: None}
    assert leading(scores) == [P.social_evaluative, P.negative_affect]
    assert leading({**scores, P.negative_affect: 3.99}) == [P.social_evaluative]


def test_nothing_leads_when_everything_is_never():
    assert leading({p: 0.0 for p in P}) == []
    assert leading({p: None for p in P}) == []


def test_no_checkin_no_profile():
    assert function_profile([], TODAY) is None
    # A check-in dated after today is not read yet.
    assert function_profile([checkin(date(2026, 12, 1), parent=answers(tangible=[5]))], TODAY) is None


def test_latest_checkin_decides():
    old = checkin(date(2026, 10, 1), parent=answers(tangible=[6, 6, 6]))
    new = checkin(date(2026, 11, 2), parent=answers(attention=[5, 5, 5], tangible=[1, 1, 1]))
    profile = function_profile([new, old], TODAY)
    assert profile.source == "check_in" and profile.on == date(2026, 11, 2)
    assert profile.leading == [P.attention]
    assert profile.as_json() == {
        "on": "2026-11-02", "source": "check_in",
        "scores": {"negative_affect": None, "social_evaluative": None, "attention": 5.0, "tangible": 1.0},
        "leading": ["attention"],
    }


def test_set_by_hand_overrides_until_the_next_checkin():
    first = checkin(date(2026, 10, 1), parent=answers(tangible=[6, 6, 6]))
    by_hand = checkin(date(2026, 10, 20), by_hand=[P.social_evaluative], note="Seen in three sessions.")
    profile = function_profile([first, by_hand], TODAY)
    assert profile.source == "set_by_hand"
    assert profile.leading == [P.social_evaluative]
    assert profile.scores[P.tangible] == 6.0 and profile.scores_on == date(2026, 10, 1)
    assert profile.note == "Seen in three sessions."
    later = checkin(date(2026, 11, 20), parent=answers(negative_affect=[4, 4, 4]))
    assert function_profile([first, by_hand, later], TODAY).leading == [P.negative_affect]


def test_two_on_one_day_keep_their_order():
    a = checkin(TODAY, parent=answers(tangible=[6]), at=datetime(2026, 11, 26, 9))
    b = checkin(TODAY, by_hand=[P.attention], note="Agreed at the meeting.", at=datetime(2026, 11, 26, 15))
    assert function_profile([b, a], TODAY).source == "set_by_hand"


def test_answers_given_again_on_one_day_go_to_the_same_checkin():
    yesterday = date(2026, 11, 25)
    assert checkin_to_answer([checkin(yesterday, parent=answers(tangible=[1]))], TODAY, child=False) == (None, False)
    parent = checkin(TODAY, parent=answers(tangible=[1]), at=datetime(2026, 11, 26, 8))
    # The child's answers join the parent's: one check-in, nothing replaced.
    assert checkin_to_answer([parent], TODAY, child=True) == (parent, False)
    # The parent answering again replaces their answers in it, never a second check-in.
    assert checkin_to_answer([parent], TODAY, child=False) == (parent, True)
    # A purpose set by hand is not a check-in to answer into.
    by_hand = checkin(TODAY, by_hand=[P.attention], note="from the therapist")
    assert checkin_to_answer([by_hand], TODAY, child=False) == (None, False)
    # Two already on the day (two homes, merged): a missing answer sheet is filled
    # first; once each has it, the latest is the one redone.
    both = checkin(TODAY, parent=answers(tangible=[2]), child=answers(tangible=[3]), at=datetime(2026, 11, 26, 9))
    assert checkin_to_answer([parent, both], TODAY, child=True) == (parent, False)
    assert checkin_to_answer([both, parent], TODAY, child=False) == (both, True)


def test_checkin_needs_answers_or_a_purpose_with_a_note():
    with pytest.raises(ValidationError):
        CheckIn(student_id="kid", on=TODAY)
    with pytest.raises(ValidationError):
        CheckIn(student_id="kid", on=TODAY, leading_by_hand=[P.attention])
    with pytest.raises(ValidationError):
        CheckIn(student_id="kid", on=TODAY, parent={"attention.1": 7})
    with pytest.raises(ValidationError):
        CheckIn(student_id="kid", on=TODAY, parent={"boredom.1": 3})
    with pytest.raises(ValidationError):
        CheckIn(student_id="kid", on=TODAY, parent={"attention.1": 3}, leading_by_hand=[P.attention], note="x")


def test_profile_history_leaves_out_settings_by_hand():
    made = [checkin(date(2026, 10, 1), parent=answers(tangible=[3])),
            checkin(date(2026, 10, 20), by_hand=[P.attention], note="n"),
            checkin(date(2026, 11, 2), parent=answers(tangible=[1]))]
    assert [on for on, _ in profile_history(made, TODAY)] == [date(2026, 10, 1), date(2026, 11, 2)]


def test_a_new_checkin_is_suggested_after_four_weeks_or_a_review():
    assert checkin_due([], [], TODAY) is None  # never asked for before the first
    recent = [checkin(date(2026, 11, 10), parent=answers(tangible=[3]))]
    assert checkin_due(recent, [], TODAY) is None
    assert "4 weeks ago" in checkin_due(recent, [], date(2026, 12, 8))
    review = Decision(student_id="kid", on=date(2026, 11, 20), proposal_kind=ProposalKind.review_plan, accepted=True)
    assert "reviewed" in checkin_due(recent, [review], TODAY)


def _attempt(on: date, **kw) -> Attempt:
    return Attempt(student_id="kid", on=on, step_id="s", step_title="Half day", planned_minutes=60,
                   outcome=Outcome.refused, minutes_managed=0, **kw)


def test_signals_count_mapped_entries_and_home_notes():
    mapping = parse_mapping({
        "triggers": {"crowded corridor": ["social_evaluative"]},
        "morning": {"clung to a parent": ["attention"]},
        "helped": {"safe space": ["negative_affect"]},
        "during_school_hours": {"games": ["tangible"]},
    })
    attempts = [
        _attempt(date(2026, 11, 24), triggers=["crowded corridor"], morning=Morning(behaviours=["clung to a parent"])),
        _attempt(date(2026, 11, 25), triggers=["crowded corridor", "noise"], helped=["safe space"]),
        _attempt(date(2026, 8, 1), triggers=["crowded corridor"]),  # too long ago
    ]
    days = [DayStatus(student_id="kid", on=date(2026, 11, 23), kind=DayKind.absent,
                      during_school_hours="Video games all morning")]
    found = signals(attempts, days, TODAY, mapping)
    assert found[P.social_evaluative].counts[("triggers", "crowded corridor")] == 2
    assert found[P.attention].total == 1
    assert found[P.negative_affect].phrases() == ["'safe space' (helped, 1)"]
    assert found[P.tangible].home_notes == [(date(2026, 11, 23), "Video games all morning")]


def test_the_shipped_tables_name_only_known_purposes():
    from reintegrate.resources import data_file

    for name in ("signals.json", "supports.json"):
        document = json.loads(data_file("why", name).read_text(encoding="utf-8"))
        keys = set(document) - {"about"}
        if name == "supports.json":
            assert keys == {p.value for p in P}
        else:
            parse_mapping(document)  # every purpose named is a real one


def test_matched_supports():
    assert matched_tags(["flexible arrival", "parent drives"], P.social_evaluative) == ["flexible arrival"]
    assert unmatched(["safe space"], [P.negative_affect, P.attention]) == [P.attention]
    assert "a buddy" in supports_for(P.social_evaluative)


def test_the_family_s_words_for_a_suggested_support_count_as_matched():
    # Issue 25, item 4: the Why screen suggested "a short, predictable handover to a trusted
    # adult"; the family wrote their own words for it and the app kept saying "no support matched".
    family = ["short predictable handover to ms patel", "Short Predictable Handover to Ms Patel",
              "A short, predictable handover to a trusted adult"]
    assert matched_tags(family, P.attention) == family
    assert support_counted(family[0], P.attention).support == "a short predictable handover to a trusted adult"
    assert unmatched(family[:1], [P.attention]) == []
    # A phrase of one word counts only on its own: "no buddy" is not a buddy.
    assert matched_tags(["buddy", "no buddy", "a buddy at break"], P.social_evaluative) == [
        "buddy", "a buddy at break"]
    assert matched_tags(["parent drives", "handover"], P.attention) == []


def test_old_files_load_with_no_checkins_and_no_predictions(tmp_path: Path):
    source = Path(__file__).parent / "data" / "v1_household.json"
    target = tmp_path / "data.json"
    target.write_bytes(source.read_bytes())
    with Store.open(target, today=TODAY) as store:
        household = store.household()
    assert household.checkins == []
    assert household.attempts
    assert all(a.prediction == "" and a.prediction_came_true is None for a in household.attempts)
    assert all(d.during_school_hours == "" for d in household.days)


def test_supports_in_place_says_which_leading_purpose_no_support_matches() -> None:
    from reintegrate.why.supports import supports_in_place

    judged, upset = Purpose.social_evaluative, Purpose.negative_affect
    match = supports_in_place(["quiet entrance", "parent drives"], [], [judged, upset])
    assert match.on_step == [("quiet entrance", "arriving after the others")]
    assert match.missing == [upset] and match.at_home == []
    assert supports_in_place(["quiet entrance"], [], [judged]).missing == []
