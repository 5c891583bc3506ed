"""`reintegrate status`: today's step and recent attempts, as JSON and as text."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from reintegrate.cli import main
from reintegrate.models import (
    Attempt,
    Closure,
    Contact,
    DayKind,
    DayStatus,
    Household,
    Ladder,
    Outcome,
    Plan,
    SchoolCalendar,
    Step,
    Student,
)
from reintegrate.store import Store

THURSDAY = date(2026, 11, 26)
STATUS_KEYS = {
    "status_version", "date", "weekday", "school_day", "looking_back", "closure", "next_school_day", "student",
    "step", "home_supports", "today", "recent_attempts", "waiting_on_school", "plan", "proposal", "next_school_days",
    "next_school_days_follow", "decision", "plan_words", "function_profile",
}
PROPOSAL_KEYS = {
    "kind", "label", "headline", "target_step_id", "target_step_title", "reasons", "flags", "split",
    "successes_so_far", "successes_needed", "review_questions", "supports_to_try", "held_weekdays",
    "supports_to_keep", "note",
}
WAITING_KEYS = {
    "id", "on", "label", "person", "role", "channel", "summary", "request", "due_on",
    "school_days_waited", "overdue", "sentence", "follow_ups",
}
ATTEMPT_KEYS = {
    "id", "on", "step_id", "step_title", "outcome", "outcome_label", "planned_minutes",
    "minutes_managed", "distress_before", "distress_peak", "distress_after", "triggers", "sentence",
}


pytestmark = pytest.mark.usefixtures("no_real_data")


def household() -> Household:
    steps = [
        Step(id="s1", title="Sit in the car park", planned_minutes=15, supports=["parent drives"]),
        Step(id="s2", title="Walk to the gate", planned_minutes=15, place="Side gate"),
        Step(id="s3", title="Old step", planned_minutes=10, retired=True),
        Step(id="s4", title="15 minutes in the Hub", planned_minutes=15, place="The Hub",
             supports=["safe space", "trusted adult meets"]),
    ]
    ada = Student(
        id="ada", name="Ada",
        ladder=Ladder(steps=steps, current_step_id="s2"),
        calendar=SchoolCalendar(closures=[Closure(start=date(2026, 12, 7), end=date(2026, 12, 11), label="Half term")]),
        plan=Plan(start=date(2026, 10, 19), review_on=date(2026, 11, 30)),
    )
    ben = Student(id="ben", name="Ben")

    def attempt(day: int, outcome=Outcome.completed, step="s1", minutes=15, peak=3, student="ada"):
        title = next(s.title for s in steps if s.id == step)
        return Attempt(
            id=f"a{day}", student_id=student, on=date(2026, 11, day), step_id=step, step_title=title,
            planned_minutes=15, outcome=outcome, minutes_managed=minutes, distress_peak=peak,
            triggers=["school van"] if outcome is Outcome.refused else [],
        )

    attempts = [
        attempt(16, Outcome.refused, minutes=0, peak=8),
        attempt(17), attempt(18), attempt(19, peak=2), attempt(20, peak=2),
        attempt(23, step="s2", minutes=10, outcome=Outcome.partial, peak=5),
        attempt(25, step="s2", peak=4),
        attempt(27, step="s2", peak=1),  # after the --date used below: never shown
        attempt(24, student="ben", peak=9),  # another student's: never shown
    ]
    contacts = [
        Contact(id="c1", student_id="ada", on=date(2026, 11, 10), person="Mr Hughes", role="Head of Year",
                summary="Asked for a meeting.", due_on=date(2026, 11, 17)),
        Contact(id="c2", student_id="ada", on=date(2026, 11, 12), person="Mrs Okafor", due_on=date(2026, 11, 13),
                answered_on=date(2026, 11, 13)),
        Contact(id="c3", student_id="ada", on=date(2026, 11, 25), person="Office", due_on=date(2026, 11, 30)),
        Contact(id="c4", student_id="ada", on=date(2026, 11, 27), person="Later", due_on=date(2026, 11, 30)),
    ]
    days = [DayStatus(id="d1", student_id="ada", on=date(2026, 11, 24), kind=DayKind.ill, note="Flu")]
    return Household(students=[ada, ben], attempts=attempts, days=days, contacts=contacts)


@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "family.json"
    with Store.open(path, today=THURSDAY) as store, store.batch():
        store.replace_all(household())
        store.set_meta("current_student_id", "ada")
    return path


def status(capsys, data_file, *extra: str, on: str = "2026-11-26"):
    code = main(["status", "--data", str(data_file), "--date", on, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def status_json(capsys, data_file, *extra: str, on: str = "2026-11-26") -> dict:
    code, out, err = status(capsys, data_file, "--json", *extra, on=on)
    assert code == 0, err
    assert err == ""
    return json.loads(out)


def test_json_has_the_documented_shape(capsys, data_file):
    data = status_json(capsys, data_file)
    assert set(data) == STATUS_KEYS
    assert data["status_version"] == 2
    assert set(data["proposal"]) == PROPOSAL_KEYS
    assert all(set(d) == {"on", "step_id", "step_title", "note"} for d in data["next_school_days"])
    assert set(data["step"]) == {"id", "title", "position", "of", "description", "place", "planned_minutes", "supports"}
    assert set(data["today"]) == {"attempts", "day"}
    assert all(set(a) == ATTEMPT_KEYS for a in data["recent_attempts"])
    assert set(data["plan"]) == {"start", "review_on", "days_until_review", "review_overdue", "review"}
    assert set(data["plan_words"]) == {"decided", "next_day", "lead", "headline", "reasons", "also"}


def test_json_content_for_a_school_day(capsys, data_file):
    data = status_json(capsys, data_file)
    assert data["date"] == "2026-11-26" and data["weekday"] == "Thursday"
    assert data["school_day"] is True and data["closure"] is None
    assert data["next_school_day"] == "2026-11-27"
    assert data["student"] == {"id": "ada", "name": "Ada"}
    step = data["step"]
    assert (step["title"], step["position"], step["of"], step["place"]) == ("Walk to the gate", 2, 3, "Side gate")
    assert data["today"] == {"attempts": [], "day": None}
    recent = data["recent_attempts"]
    assert [a["on"] for a in recent] == ["2026-11-25", "2026-11-23", "2026-11-20", "2026-11-19", "2026-11-18"]
    assert recent[1]["outcome"] == "partial" and recent[1]["outcome_label"] == "Partly"
    assert recent[1]["minutes_managed"] == 10 and recent[1]["distress_peak"] == 5
    assert data["plan"] == {
        "start": "2026-10-19", "review_on": "2026-11-30", "days_until_review": 4, "review_overdue": False,
        "review": {
            "state": "near", "school_days": 2,
            "sentence": "The plan review is due on Monday 30 November 2026, in 2 school days: make sure a meeting is booked.",
        },
    }
    # The proposal cites the records it was made from, and the next school days follow it.
    proposal = data["proposal"]
    assert proposal["reasons"] and proposal["note"].endswith("not medical advice.")
    assert data["next_school_days"][0]["on"] == "2026-11-26"
    assert len(data["next_school_days"]) == 10


def test_unanswered_requests_are_listed_overdue_first(capsys, data_file):
    waiting = status_json(capsys, data_file)["waiting_on_school"]
    assert [c["id"] for c in waiting] == ["c1", "c3"]  # c2 answered, c4 not made yet
    c1, c3 = waiting
    assert set(c1) == WAITING_KEYS
    # Sent Tuesday 10 November; Wednesday 11 to Wednesday 25 is 11 school days.
    assert (c1["overdue"], c1["school_days_waited"], c1["due_on"]) == (True, 11, "2026-11-17")
    assert c1["sentence"] == "Email to Mr Hughes sent 10 Nov — no answer after 11 school days: follow up."
    assert (c3["overdue"], c3["school_days_waited"]) == (False, 0)
    assert c3["sentence"] == "Email to Office sent 25 Nov — answer due Mon 30 Nov."


def test_what_was_recorded_today_is_shown(capsys, data_file):
    data = status_json(capsys, data_file, on="2026-11-25")
    assert [a["id"] for a in data["today"]["attempts"]] == ["a25"]
    assert data["recent_attempts"][0]["id"] == "a25"
    ill = status_json(capsys, data_file, on="2026-11-24")["today"]
    assert ill == {"attempts": [], "day": {"kind": "ill", "label": "Ill", "note": "Flu"}}


def test_todays_attempt_at_another_step_is_named_as_today_names_it(capsys, data_file):
    # On 16 Nov Ada refused 'Sit in the car park' (15 minutes); the current step is now
    # 'Walk to the gate'. "Refused, 0 of 15 minutes" under today's step would read as
    # an attempt at that step: the attempt names its own step, in Today's words.
    code, out, err = status(capsys, data_file, on="2026-11-16")
    assert code == 0 and err == ""
    assert "Today's step (2 of 3): Walk to the gate" in out
    said = "Refused at 'Sit in the car park', 0 of 15 minutes, peak distress 8/10"
    assert f"Recorded today: {said}." in out
    [attempt] = status_json(capsys, data_file, on="2026-11-16")["today"]["attempts"]
    assert attempt["sentence"] == said


def test_weekends_and_closures_are_not_school_days(capsys, data_file):
    saturday = status_json(capsys, data_file, on="2026-11-28")
    assert (saturday["school_day"], saturday["closure"], saturday["next_school_day"]) == (False, None, "2026-11-30")
    half_term = status_json(capsys, data_file, on="2026-12-08")
    assert (half_term["school_day"], half_term["closure"]) == (False, "Half term")
    assert half_term["next_school_day"] == "2026-12-14"
    assert half_term["plan"]["review_overdue"] is True


def test_text_status(capsys, data_file):
    code, out, err = status(capsys, data_file)
    assert code == 0 and err == ""
    assert "Ada · Thursday 26 November 2026 · a school day" in out
    assert "Today's step (2 of 3): Walk to the gate" in out
    assert "Recorded today: nothing yet." in out
    assert "Partly" in out and "10/15 min" in out
    assert "Waiting on the school:\n  Email to Mr Hughes sent 10 Nov — no answer after 11 school days: follow up.\n    Asked for a meeting." in out
    assert "The plan review is due on Monday 30 November 2026, in 2 school days" in out
    assert "Proposal: " in out and "not medical advice" in out
    assert "Next school days, as proposed (" in out and "):\n  Thu 26 Nov" in out
    code, out, _ = status(capsys, data_file, on="2026-12-08")
    assert "school closed (Half term); next school day Monday 14 December 2026" in out
    assert "Current step (2 of 3)" in out and "Recorded today" not in out


def test_another_student_by_name(capsys, data_file):
    data = status_json(capsys, data_file, "--student", "ben")
    assert data["student"]["name"] == "Ben"
    assert data["step"] is None
    assert [a["id"] for a in data["recent_attempts"]] == ["a24"]
    code, out, _ = status(capsys, data_file, "--student", "Ben")
    assert "No step chosen yet" in out


def test_unknown_student_is_a_clear_error(capsys, data_file):
    code, out, err = status(capsys, data_file, "--student", "Zoe")
    assert code == 1 and out == ""
    assert "no student called 'Zoe'" in err and "Ada, Ben" in err


def test_empty_and_missing_files(capsys, tmp_path):
    missing = tmp_path / "missing.json"
    code, out, err = status(capsys, missing)
    assert code == 1 and "There is no data file" in err and "--data" in err and "Traceback" not in err
    assert not missing.exists(), "status never creates a file"
    empty = tmp_path / "empty.json"
    Store.open(empty).close()
    code, out, err = status(capsys, empty)
    assert code == 1 and "no student" in err


def test_status_reads_while_the_app_holds_the_file(capsys, data_file):
    before = data_file.read_bytes()
    with Store.open(data_file, today=THURSDAY):
        data = status_json(capsys, data_file)
    assert data["student"]["name"] == "Ada"
    assert data_file.read_bytes() == before


def test_every_key_is_documented():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "data-format.md").read_text(encoding="utf-8")
    section = doc.split("## `reintegrate status --json`", 1)[1]
    documented = {line.split("`")[1] for line in section.splitlines() if line.startswith("| `")}
    assert documented == STATUS_KEYS
    for key in ATTEMPT_KEYS | WAITING_KEYS:
        assert f"`{key}`" in section


def mark_closed(path: Path, on: date, note: str = "staff training day") -> None:
    """As the `d` key on Today does: the day is marked "School closed", with a note."""
    with Store.open(path, today=on) as store:
        store.put(DayStatus(student_id="ada", on=on, kind=DayKind.closed, note=note))


def test_a_day_marked_closed_is_not_a_school_day_in_json(capsys, data_file):
    mark_closed(data_file, date(2026, 11, 11))
    wednesday = status_json(capsys, data_file, on="2026-11-11")
    assert (wednesday["school_day"], wednesday["closure"]) == (False, "staff training day")
    assert wednesday["next_school_day"] == "2026-11-12"
    assert wednesday["today"]["day"] == {"kind": "closed", "label": "School closed", "note": "staff training day"}
    assert wednesday["next_school_days"][0]["on"] == "2026-11-12"
    # The day before, the next school days go from Tuesday straight to Thursday.
    tuesday = status_json(capsys, data_file, on="2026-11-10")
    assert [d["on"] for d in tuesday["next_school_days"][:2]] == ["2026-11-10", "2026-11-12"]
    # Mr Hughes was asked on Tuesday 10 November: the closed Wednesday is no day of waiting.
    [c1, _] = status_json(capsys, data_file)["waiting_on_school"]
    assert c1["school_days_waited"] == 10
    assert c1["sentence"] == "Email to Mr Hughes sent 10 Nov — no answer after 10 school days: follow up."


def test_a_day_marked_closed_is_not_a_school_day_in_text(capsys, data_file):
    mark_closed(data_file, date(2026, 11, 11))
    code, out, err = status(capsys, data_file, on="2026-11-11")
    assert code == 0 and err == ""
    assert ("Ada · Wednesday 11 November 2026 · school closed (staff training day); "
            "next school day Thursday 12 November 2026") in out
    assert "a school day" not in out and "Today's step" not in out
    assert "Current step (2 of 3): Walk to the gate" in out
    assert "Recorded today: School closed (staff training day)." in out
    assert "Next school days, as proposed (" in out and "):\n  Thu 12 Nov" in out


def test_text_status_says_the_supports_kept_at_home_as_today_does(capsys, tmp_path):
    """Today, the report and `status --json` say the supports kept at home; the text status too, in Today's words."""
    from reintegrate.models import HomeSupport
    from reintegrate.why.home import home_line

    family = household()
    ada = family.students[0].model_copy(update={"home_supports": [
        HomeSupport(support="school hours at home that look like school", started_on=date(2026, 11, 9)),
        HomeSupport(support="rewards that follow attendance", started_on=date(2026, 11, 20)),
        HomeSupport(support="a written agreement", started_on=date(2026, 11, 9), ended_on=date(2026, 11, 16)),
    ]})
    family = family.model_copy(update={"students": [ada, *family.students[1:]]})
    path = tmp_path / "family.json"
    with Store.open(path, today=THURSDAY) as store, store.batch():
        store.replace_all(family)
        store.set_meta("current_student_id", "ada")
    code, out, err = status(capsys, path)
    assert code == 0 and err == ""
    line = home_line(ada, THURSDAY)
    assert line == ("At home since Mon 9 Nov: school hours at home that look like school; "
                    "since Fri 20 Nov: rewards that follow attendance.")
    assert f"Today's step (2 of 3): Walk to the gate\n  15 minutes · Side gate\n  {line}\n" in out
    assert "a written agreement" not in out  # ended before today


def test_a_past_day_says_the_ladder_shown_is_todays(capsys, data_file):
    """`--date` on a day with attempts recorded after it (Ada's 27 Nov) leaves them out,
    but the ladder cannot go back with them: the step shown is the one current now, and
    status says so, as Today does (one sentence, `PlanView.looking_back`)."""
    past = status_json(capsys, data_file)
    assert past["looking_back"] == (
        "Looking back at Thu 26 Nov: the records after it are left out, but the ladder is as it is now "
        "(the newest record is from Fri 27 Nov), so the step shown may not be the one of that day.")
    _, out, _ = status(capsys, data_file)
    assert "Ada · Thursday 26 November 2026 · a school day\n" + past["looking_back"] in out
    # On the day of the newest record, or any later morning, nothing is left out.
    assert status_json(capsys, data_file, on="2026-11-27")["looking_back"] == ""
    _, out, _ = status(capsys, data_file, on="2026-11-30")
    assert "Looking back" not in out


def test_the_proposal_answered_keeps_the_reasons_it_had_when_decided(capsys, tmp_path):
    # Walk 2, finding 5: the family accepted Tue 3 Nov's proposal first, then recorded the
    # morning's attempt. `status` said "The proposal it answered" with reasons quoting that
    # later attempt; the report's decisions gave the reasons as they were.
    from reintegrate.planner import apply_decision
    from reintegrate.planner.view import plan_view

    mon, tue = date(2026, 11, 2), date(2026, 11, 3)
    step = Step(id="s7", title="Forty minutes in the safe room with a small task", planned_minutes=40)
    zoe = Student(id="zoe", name="Zoë", ladder=Ladder(
        steps=[Step(id="s6", title="Twenty minutes in the safe room", planned_minutes=20), step,
               Step(id="s8", title="One favourite lesson", planned_minutes=60)], current_step_id="s7"))

    def tried(on, outcome, minutes, peak):
        return Attempt(student_id="zoe", on=on, step_id="s7", step_title=step.title, planned_minutes=40,
                       outcome=outcome, minutes_managed=minutes, distress_peak=peak)

    path = tmp_path / "family.json"
    with Store.open(path, today=tue) as store, store.batch():
        store.replace_all(Household(students=[zoe], attempts=[tried(mon, Outcome.partial, 20, 7)]))
        store.set_meta("current_student_id", "zoe")
    with Store.open(path, today=tue) as store:
        morning = plan_view(store, zoe, tue).proposal
        _, decision = apply_decision(zoe, morning, accepted=True, today=tue)
        store.put(decision)
        store.put(tried(tue, Outcome.completed, 40, 2))
    assert morning.kind.value == "repeat"
    assert not any("Tue 3 Nov" in r for r in morning.reasons)

    data = status_json(capsys, path, on="2026-11-03")
    said = data["plan_words"]
    assert said["lead"] == "The proposal it answered"
    assert said["reasons"] == [r.strip() for r in morning.reasons]
    code, text, _ = status(capsys, path, on="2026-11-03")
    assert code == 0
    answered = text.split("The proposal it answered:", 1)[1].split("\n\n", 1)[0]
    assert "Tue 3 Nov" not in answered and "in a row so far" not in answered
    assert "Mon 2 Nov: partly, 20 of 40 minutes, peak distress 7." in answered
    assert "the count towards moving up starts again" in answered
    # The report's decisions say the same reasons for the same decision.
    assert main(["export", "--format", "md", "--data", str(path), "--date", "2026-11-03"]) == 0
    report = capsys.readouterr().out.replace("\\", "")
    for reason in morning.reasons:
        assert reason.strip() in report and reason.strip() in answered
    # And its section on the proposal says the same of the proposal answered.
    proposes = report.split("The proposal it answered:", 1)[1].split("### ", 1)[0]
    assert "Tue 3 Nov: completed" not in proposes and "in a row so far" not in proposes
    assert "Mon 2 Nov: partly, 20 of 40 minutes, peak distress 7." in proposes
