"""Why school is hard in the documents: the report's section per purpose and its table
of what the child feared, the supports letter filled from the matched supports, and
`status`."""

from __future__ import annotations

from datetime import date

from test_planner_support import BAD, GOOD, TODAY, make_student, runs

from reintegrate.cli.status import render_status
from reintegrate.documents.formats import planner_values, report_range
from reintegrate.documents.letters import LetterInput, render_letter
from reintegrate.documents.reports import ReportInput, render_html, render_markdown
from reintegrate.models import CameTrue, CheckIn, DayKind, DayStatus, Household


def household(checkins: bool = True) -> Household:
    s = make_student()
    attempts = runs(s, [(2, [BAD, BAD]), (1, [GOOD] * 3), (2, [GOOD, ("refused", 6, 0, ("crowded corridor",))])])
    attempts[-2].prediction, attempts[-2].prediction_confidence = "Everyone will stare at me", 8
    attempts[-2].prediction_came_true = CameTrue.no
    made = [CheckIn(student_id=s.id, on=date(2026, 11, 2),
                    parent={"social_evaluative.1": 5, "social_evaluative.2": 4, "attention.1": 2})]
    days = [DayStatus(student_id=s.id, on=date(2026, 11, 11), kind=DayKind.absent,
                      during_school_hours="Games in their room")]
    return Household(students=[s], attempts=attempts, days=days, checkins=made if checkins else [])


def report_input(built: Household) -> ReportInput:
    s = built.students[0]
    rng = report_range(s, built, TODAY)
    return ReportInput.from_household(built, s, rng, TODAY, **planner_values(s, built, TODAY))


def test_markdown_report_has_a_section_per_purpose_and_the_predictions():
    text = render_markdown(report_input(household()))
    assert "### Why school is hard" in text
    assert "This is not a diagnosis." in text
    for title in ("Bad feelings at school", "Social or being judged (leads)", "Time with a parent",
                  "What home offers"):
        assert f"#### {title}" in text
    assert "Supports to try: arriving after the others" in text
    assert "'crowded corridor' (trigger, 1)" in text
    assert "### What they feared, and what happened" in text
    assert "| Everyone will stare at me | 8/10 | No |" in text


def test_the_report_shows_a_parent_and_the_child_side_by_side():
    built = household()
    built.checkins[0] = built.checkins[0].model_copy(update={
        "parent": {"social_evaluative.1": 3, "social_evaluative.2": 4, "social_evaluative.3": 3, "attention.1": 2},
        "child": {"social_evaluative.1": 5, "social_evaluative.2": 5}})
    text = render_markdown(report_input(built))
    assert "- Getting away from social or being-judged situations: 4.2 of 6 (a parent 3.3, the child 5.0)." in text
    assert "- Wanting time with a parent: 2.0 of 6 (a parent 2.0, the child not answered)." in text
    assert "- Getting away from bad feelings brought on at school: not answered." in text  # by neither
    html = render_html(report_input(built))
    assert "4.2 of 6 (a parent 3.3, the child 5.0)." in html


def test_one_answer_sheet_is_not_shown_twice():
    text = render_markdown(report_input(household()))
    assert "- Getting away from social or being-judged situations: 4.5 of 6." in text


def test_html_report_has_them_too():
    text = render_html(report_input(household()))
    assert "<h3>Why school is hard</h3>" in text
    assert "<h3>What they feared, and what happened</h3>" in text


def test_a_report_without_a_checkin_leaves_the_section_out():
    built = household(checkins=False)
    for attempt in built.attempts:
        attempt.prediction, attempt.prediction_came_true = "", None
    text = render_markdown(report_input(built))
    assert "Why school is hard" not in text
    assert "What they feared" not in text


def test_the_supports_letter_is_filled_from_the_matched_supports():
    built = household()
    s = built.students[0]
    plan = planner_values(s, built, TODAY)
    inp = LetterInput(student=s, today=TODAY, attempts=built.attempts, days=built.days,
                      matched_supports=plan["supports_to_try"])
    body = render_letter("request_supports", inp).body
    assert "seem likely to fit best" in body
    assert "- arriving after the others;" in body
    assert "flexible arrival times" not in body  # the generic list is not used
    ticked = render_letter("request_supports", LetterInput(
        student=s, today=TODAY, supports=["safe_space"], matched_supports=plan["supports_to_try"])).body
    assert "The supports I am asking for:" in ticked and "arriving after the others" not in ticked


def test_status_text_names_the_leading_purpose():
    data = {
        "function_profile": {"on": "2026-11-02", "source": "check_in", "scores": {}, "leading": ["attention"]},
        "proposal": {"supports_to_try": [{"support": "a buddy", "purpose": "social_evaluative", "why": ""}]},
    }
    from reintegrate.cli.status import _text_why

    assert _text_why(data) == [
        "Why school is hard (check-in, Mon 2 Nov): wanting time with a parent.",
        "  Supports to try: a buddy.",
    ]
    assert render_status  # the section is one of TEXT_SECTIONS


def test_status_json_has_the_function_profile_and_supports_to_try(tmp_path):
    from reintegrate.cli.status import TEXT_SECTIONS, _text_why, status_data
    from reintegrate.store import Store

    built = household()
    with Store.open(tmp_path / "data.json", today=TODAY) as store:
        store.put_many([*built.students, *built.attempts, *built.days, *built.checkins])
        data = status_data(store, built.students[0], TODAY)
    assert data["function_profile"] == {
        "on": "2026-11-02", "source": "check_in",
        "scores": {"negative_affect": None, "social_evaluative": 4.5, "attention": 2.0, "tangible": None},
        "leading": ["social_evaluative"],
    }
    assert data["proposal"]["kind"] == "repeat"
    assert set(data["proposal"]["supports_to_try"][0]) == {"support", "purpose", "why"}
    assert _text_why in TEXT_SECTIONS
    assert "Why school is hard (check-in, Mon 2 Nov)" in render_status(data)
