"""The next school days as an iCalendar file, read back with the icalendar library."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from reintegrate.cli import main
from reintegrate.documents.calendar import contact_uid, day_uid, plan_calendar
from reintegrate.models import Channel, Contact, DayKind, DayStatus, Household
from reintegrate.planner.view import plan_view
from reintegrate.store import Store, file_mode

MONDAY = date(2026, 11, 2)
STAMP = datetime(2026, 11, 2, 7, 30, tzinfo=UTC)


def events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def household_for(student, *, ill_on: date | None = None) -> Household:
    days = [DayStatus(student_id=student.id, on=ill_on, kind=DayKind.ill)] if ill_on else []
    contacts = [
        Contact(student_id=student.id, on=MONDAY - timedelta(days=7), channel=Channel.email,
                person="Ms Reed", request="A meeting about mornings", due_on=MONDAY + timedelta(days=3),
                letter_kind="request_meeting"),
        # Answered: nothing is due any more, so no event.
        Contact(student_id=student.id, on=MONDAY - timedelta(days=9), due_on=MONDAY - timedelta(days=2),
                answered_on=MONDAY - timedelta(days=3), answer="Yes"),
    ]
    return Household(students=[student], days=days, contacts=contacts)


def test_one_all_day_event_a_planned_school_day_with_step_minutes_place_and_supports(student):
    household = household_for(student)
    view = plan_view(household, student, MONDAY, 5)
    found = events(plan_calendar(student, view, household.contacts, STAMP))
    days = [e for e in found if str(e["uid"]).startswith("day-")]
    assert [e.decoded("dtstart") for e in days] == [d.on for d in view.next_days]
    assert len(days) == 5
    first, step = days[0], student.ladder.steps[0]
    assert first.decoded("dtend") == first.decoded("dtstart") + timedelta(days=1)
    assert not isinstance(first.decoded("dtstart"), datetime)  # all-day: a date, not a time
    assert str(first["summary"]) == f"Mina: {step.title} ({step.planned_minutes} min)"
    assert str(first["location"]) == "School gate"
    description = str(first["description"])
    assert f"Planned minutes: {step.planned_minutes}" in description
    assert "Supports: Parent drives" in description
    assert view.next_days[0].note in description


def test_a_day_marked_ahead_says_so_and_plans_no_step(student):
    ill_on = MONDAY + timedelta(days=1)
    household = household_for(student, ill_on=ill_on)
    view = plan_view(household, student, MONDAY, 5)
    found = {e.decoded("dtstart"): e for e in events(plan_calendar(student, view, household.contacts, STAMP))
             if str(e["uid"]).startswith("day-")}
    assert len(found) == 5
    assert str(found[ill_on]["summary"]) == "Mina: Ill: no step planned."
    assert "location" not in found[ill_on]


def test_answers_due_from_the_school_are_their_own_events(student):
    household = household_for(student)
    view = plan_view(household, student, MONDAY, 5)
    found = [e for e in events(plan_calendar(student, view, household.contacts, STAMP))
             if str(e["uid"]).startswith("answer-")]
    waiting = household.contacts[0]
    assert [str(e["uid"]) for e in found] == [contact_uid(waiting)]
    assert found[0].decoded("dtstart") == waiting.due_on
    assert str(found[0]["summary"]) == "Answer due from school: Meeting request to Ms Reed (Mina)"
    assert "A meeting about mornings" in str(found[0]["description"])


def test_uids_are_stable_across_runs_so_a_newer_file_updates_the_same_events(student):
    household = household_for(student)
    view = plan_view(household, student, MONDAY, 5)
    first = events(plan_calendar(student, view, household.contacts, STAMP))
    later = events(plan_calendar(student, view, household.contacts, STAMP + timedelta(hours=5)))
    assert [str(e["uid"]) for e in first] == [str(e["uid"]) for e in later]
    assert len({str(e["uid"]) for e in first}) == len(first)
    assert str(first[0]["uid"]) == day_uid(student, view.next_days[0].on)
    assert later[0].decoded("dtstamp") == STAMP + timedelta(hours=5)
    # The next day's file shares the days both lay out.
    tomorrow = plan_view(household, student, MONDAY + timedelta(days=1), 5)
    shared = {day_uid(student, d.on) for d in tomorrow.next_days} & {str(e["uid"]) for e in first}
    assert len(shared) == 4


def test_the_calendar_command_writes_an_owner_only_file(tmp_path, capsys, monkeypatch, student):
    monkeypatch.setenv("REINTEGRATE_DATA", str(tmp_path / "real" / "reintegrate.json"))
    data = tmp_path / "family.json"
    with Store.open(data) as store:
        store.replace_all(household_for(student))
    target = tmp_path / "plan.ics"
    code = main(["calendar", "--data", str(data), "--date", MONDAY.isoformat(), "--days", "7", "-o", str(target)])
    assert code == 0, capsys.readouterr().err
    assert file_mode(target) == 0o600
    found = events(target.read_bytes())
    assert sum(str(e["uid"]).startswith("day-") for e in found) == 7
    assert sum(str(e["uid"]).startswith("answer-") for e in found) == 1
    assert "Wrote 7 school days for Mina" in capsys.readouterr().err


def test_the_calendar_command_prints_to_the_screen_without_o(capsys):
    assert main(["calendar", "--demo", "--date", "2026-11-26"]) == 0
    out = capsys.readouterr().out
    days = [e for e in events(out.encode()) if str(e["uid"]).startswith("day-")]
    assert len(days) == 10  # the demo student's setting
    assert main(["calendar", "--demo", "--days", "0"]) == 2


def test_the_calendar_name_is_text_a_name_cannot_add_a_property(student):
    """`X-WR-CALNAME` is written as iCalendar TEXT: ';' ',' and '\\' escaped, line breaks gone."""
    for name, line, shown in [
        ("Sam; X-INJ:1", "Sam\\; X-INJ:1", "Sam; X-INJ:1"),
        ("Sam,\\ Lee", "Sam\\,\\\\ Lee", "Sam,\\ Lee"),
        ("Sam\u2028X-INJ:1\u2029", "Sam X-INJ:1", "Sam X-INJ:1"),
    ]:
        named = student.model_copy(update={"name": name})
        household = household_for(named)
        data = plan_calendar(named, plan_view(household, named, MONDAY, 5), household.contacts, STAMP)
        lines = data.decode().split("\r\n")
        assert [x for x in lines if x.startswith("X-")] == [f"X-WR-CALNAME:School days: {line}"]
        calendar = Calendar.from_ical(data)
        assert [key for key in calendar if key.startswith("X-")] == ["X-WR-CALNAME"]
        raw = str(calendar["X-WR-CALNAME"])  # icalendar keeps an X- property as written
        assert not re.search(r"(?<!\\)(\\\\)*[;,]", raw)  # TEXT: no ';' or ',' unescaped
        assert text_value(raw) == f"School days: {shown}"


def text_value(raw: str) -> str:
    """An iCalendar TEXT value as written, unescaped (RFC 5545, 3.3.11)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)
