"""A request and its follow-ups are one thread: one line on Today and in `status`, one
answer closes it, and the follow-up letter names every reminder already sent.

The story of issue 20: on Monday 2 November 2026 the family emailed Mrs Lopes, asking
for an answer by Monday 9 November. None came: a follow-up letter went on 10 November
(answer due 17 November), a second one on 18 November (due 25 November); the school
answered the second on 27 November. Meanwhile, on 17 November, a meeting request went
to Mr Hughes, due 24 November. Friday 13 November is a staff training day.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from reintegrate import contacts as ct
from reintegrate.cli.status import render_status, status_data
from reintegrate.documents.letters import LetterInput, render_letter, to_contact
from reintegrate.models import Channel, Contact, DayKind, DayStatus, Student
from reintegrate.schooldays import SchoolDays
from reintegrate.store.exchange import export_document, read_export
from reintegrate.store.merge import merged
from screens.session import Session
from screens.today_text import today_view
from tests.fixtures import STUDENT_ID, store_with
from tests.school_ui_data import school_household

LOPES = "Mrs Lopes"


def email() -> Contact:
    return Contact(
        id="email-lopes", student_id=STUDENT_ID, on=date(2026, 11, 2), person=LOPES, channel=Channel.email,
        summary="Asked how Sam can get schoolwork", request="How can Sam get schoolwork at home?",
        due_on=date(2026, 11, 9),
    )


def reminder(number: int, on: date, due: date, follows: str) -> Contact:
    return Contact(
        id=f"reminder-{number}", student_id=STUDENT_ID, on=on, person=LOPES, channel=Channel.email,
        summary="Follow-up", request="A reply to my earlier request.", due_on=due,
        letter_kind="follow_up", follows_up=follows,
    )


FIRST = reminder(1, date(2026, 11, 10), date(2026, 11, 17), "email-lopes")
# The second reminder follows up the first: the chain still leads back to the email.
SECOND = reminder(2, date(2026, 11, 18), date(2026, 11, 25), "reminder-1")
MEETING = Contact(
    id="meeting-hughes", student_id=STUDENT_ID, on=date(2026, 11, 17), person="Mr Hughes",
    channel=Channel.email, summary="Asked for a team meeting", request="A team meeting.",
    due_on=date(2026, 11, 24), letter_kind="request_meeting",
)
ANSWERED = ct.mark_answered(SECOND, date(2026, 11, 27), "Work will be emailed on Mondays.")
CALENDAR = SchoolDays(school_household().students[0].calendar)


def log_on(day: date) -> list[Contact]:
    """The contact log as it stood on `day` (the answer is written on the 27th)."""
    log = [email(), FIRST, SECOND, MEETING]
    if day >= ANSWERED.answered_on:
        log[2] = ANSWERED
    return [c for c in log if c.on <= day]


def sentences(day: date) -> list[str]:
    return [w.sentence for w in ct.waiting_on_school(log_on(day), CALENDAR, day)]


# --- threads ---------------------------------------------------------------------------


def test_a_request_and_its_follow_ups_are_one_thread():
    found = ct.threads([SECOND, MEETING, FIRST, email()])
    assert [(t.id, [c.id for c in t.follow_ups]) for t in found] == [
        ("email-lopes", ["reminder-1", "reminder-2"]),
        ("meeting-hughes", []),
    ]
    assert ct.thread_of([email(), FIRST, SECOND], "reminder-2").id == "email-lopes"
    assert found[0].due_on == date(2026, 11, 25)  # the latest ask's date


def test_one_line_per_thread_morning_by_morning():
    assert sentences(date(2026, 11, 9)) == ["Email to Mrs Lopes sent 2 Nov — answer due Mon 9 Nov."]
    assert sentences(date(2026, 11, 10)) == [
        "Email to Mrs Lopes sent 2 Nov, followed up 10 Nov — answer due Tue 17 Nov.",
    ]
    # 17 November: the first reminder is due today (not late yet); the meeting request
    # sent today is waiting too.
    assert sentences(date(2026, 11, 17)) == [
        "Email to Mrs Lopes sent 2 Nov, followed up 10 Nov — answer due Tue 17 Nov.",
        "Meeting request to Mr Hughes sent 17 Nov — answer due Tue 24 Nov.",
    ]
    # 26 November: both late. The email has waited since 2 November: 3-6, 9-12, 16-20,
    # 23-25 November (the 13th is the training day) = 16 school days.
    assert sentences(date(2026, 11, 26)) == [
        "Meeting request to Mr Hughes sent 17 Nov — no answer after 6 school days: follow up.",
        "Email to Mrs Lopes sent 2 Nov, followed up 10 Nov and 18 Nov — no answer after 16 school days: follow up.",
    ]


def test_an_answer_to_any_contact_closes_the_thread():
    on = date(2026, 11, 27)
    assert sentences(on) == ["Meeting request to Mr Hughes sent 17 Nov — no answer after 7 school days: follow up."]
    # Answered on the request itself, the follow-ups stop waiting too.
    answered_email = ct.mark_answered(email(), on, "Sorted.")
    assert ct.waiting_on_school([answered_email, FIRST, SECOND], CALENDAR, on) == []
    [thread] = ct.threads([answered_email, FIRST, SECOND])
    assert thread.answered == answered_email


def test_a_link_to_a_contact_not_in_the_log_starts_a_thread_of_its_own():
    orphan = reminder(3, date(2026, 11, 12), date(2026, 11, 19), "deleted-elsewhere")
    found = ct.threads([email(), orphan])
    assert [t.id for t in found] == ["email-lopes", "reminder-3"]


def test_a_loop_of_links_is_one_thread_starting_at_its_oldest_contact():
    # Two homes each linked one follow-up to the other: no endless walk, one thread.
    a = reminder(1, date(2026, 11, 10), date(2026, 11, 17), "reminder-2")
    b = reminder(2, date(2026, 11, 18), date(2026, 11, 25), "reminder-1")
    [thread] = ct.threads([b, a])
    assert (thread.id, [c.id for c in thread.follow_ups]) == ("reminder-1", ["reminder-2"])


def test_a_contact_cannot_follow_up_itself():
    with pytest.raises(ValueError, match="follow up itself"):
        Contact(id="x", student_id=STUDENT_ID, on=date(2026, 11, 2), follows_up="x")


# --- choosing what to follow up ------------------------------------------------------


def test_the_request_to_follow_up_is_chosen_by_any_contact_of_its_thread_or_by_person():
    on = date(2026, 11, 26)
    log = log_on(on)
    assert ct.request_to_follow_up(log, CALENDAR, on).thread.id == "meeting-hughes"  # longest overdue
    assert ct.request_to_follow_up(log, CALENDAR, on, about="reminder-2").thread.id == "email-lopes"
    assert ct.request_to_follow_up(log, CALENDAR, on, person="mrs  lopes").thread.id == "email-lopes"
    # Nobody of that name: the longest overdue request, as without a name.
    assert ct.request_to_follow_up(log, CALENDAR, on, person="Ms Nobody").thread.id == "meeting-hughes"


def test_a_request_that_cannot_be_followed_up_says_why_and_lists_those_that_can():
    on = date(2026, 11, 27)
    with pytest.raises(ValueError) as answered:
        ct.request_to_follow_up(log_on(on), CALENDAR, on, about="email-lopes")
    assert "Email to Mrs Lopes was answered on 27 Nov" in str(answered.value)
    assert "meeting-hughes (Meeting request to Mr Hughes sent 17 Nov" in str(answered.value)
    with pytest.raises(ValueError, match="No contact in the log has the id 'nope'"):
        ct.request_to_follow_up(log_on(on), CALENDAR, on, about="nope")


# --- the letter ----------------------------------------------------------------------


def letter_input(on: date, **kwargs) -> LetterInput:
    student = school_household().students[0]
    return LetterInput(student=student, today=on, contacts=log_on(on), to_name=LOPES, **kwargs)


def test_the_follow_up_letter_names_every_earlier_reminder_and_joins_the_thread():
    on = date(2026, 11, 26)
    chosen = ct.request_to_follow_up(log_on(on), CALENDAR, on, about="email-lopes")
    letter = render_letter("follow_up", letter_input(on, follow_up_on=chosen))
    assert (
        "I am following up on my email of Monday 2 November 2026 and my reminders of "
        "Tuesday 10 November 2026 and Wednesday 18 November 2026. I had asked:"
    ) in letter.body
    assert "> How can Sam get schoolwork at home?" in letter.body
    # Waited since the email; the date asked for is the latest reminder's.
    assert "16 school days later (I had asked for a reply by Wednesday 25 November 2026)" in letter.body
    logged = to_contact(letter)
    assert logged.follows_up == "email-lopes"
    [thread, _] = ct.threads([*log_on(on), logged])
    assert [c.id for c in thread.contacts][-1] == logged.id


def test_a_first_follow_up_reads_as_before():
    on = date(2026, 11, 9)
    letter = render_letter("follow_up", letter_input(on, follow_up_on=email()))
    assert "I am following up on my email of Monday 2 November 2026, in which I asked:" in letter.body


# --- one list on Today and in status --------------------------------------------------


@pytest.mark.parametrize("day", [date(2026, 11, d) for d in (10, 17, 18, 20, 24, 25, 26, 27)])
def test_today_lists_exactly_what_status_lists(tmp_path, day):
    household = school_household(day, contacts=False).model_copy(update={"contacts": log_on(day)})
    store = store_with(household, tmp_path, today=day)
    try:
        student = store.all(Student)[0]
        data = status_data(store, student, day)
        view = today_view(Session(store=store, today=day), student)
    finally:
        store.close()
    listed = [item["sentence"] for item in data["waiting_on_school"]]
    shown = [line.removeprefix("! ") for line in view.overdue[:-1]]
    assert shown == listed
    assert all(sentence in render_status(data) for sentence in listed)
    # The meeting request due 24 November is on both from the day it was sent.
    assert any("Mr Hughes" in line for line in shown) == (day >= MEETING.on)
    # f is for a late answer: the meeting request's, from 25 November.
    assert view.can_follow_up == (day >= date(2026, 11, 25))


def test_a_day_marked_closed_is_not_a_day_a_thread_waited(tmp_path):
    # On 26 November Sam's records already mark Friday 20 November closed (the
    # fixture's history); the family marks Thursday 19 November closed too. The email
    # has then waited 3-6, 9-12 (the 13th is the training day), 16-18 and 23-25
    # November: 14 school days; the meeting request 18 and 23-25: 4 — on Today, in
    # status and in the follow-up letter alike.
    on = date(2026, 11, 26)
    closed = DayStatus(student_id=STUDENT_ID, on=date(2026, 11, 19), kind=DayKind.closed, note="Staff training")
    base = school_household(on, contacts=False)
    student = base.students[0]
    days = [*base.days, closed]
    assert {d.on for d in days if d.kind is DayKind.closed} == {date(2026, 11, 19), date(2026, 11, 20)}
    before = ct.waiting_on_school(log_on(on), SchoolDays.of(student, base.days), on)
    [meeting, lopes] = ct.waiting_on_school(log_on(on), SchoolDays.of(student, days), on)
    assert [w.school_days_waited for w in before] == [5, 15]
    assert (meeting.school_days_waited, lopes.school_days_waited) == (4, 14)
    assert lopes.sentence.endswith("— no answer after 14 school days: follow up.")
    letter = render_letter("follow_up", letter_input(on, days=days, follow_up_on=lopes))
    assert "14 school days later" in letter.body
    store = store_with(base.model_copy(update={"contacts": log_on(on), "days": days}), tmp_path, today=on)
    try:
        stored = store.all(Student)[0]
        data = status_data(store, stored, on)
        view = today_view(Session(store=store, today=on), stored)
    finally:
        store.close()
    listed = [item["sentence"] for item in data["waiting_on_school"]]
    assert listed == [meeting.sentence, lopes.sentence]
    assert [line.removeprefix("! ") for line in view.overdue[:-1]] == listed


# --- merged and exported like any field ------------------------------------------------


def test_the_link_travels_through_export_and_merge():
    base = school_household(date(2026, 11, 20), contacts=False)
    ours = base.model_copy(update={"contacts": [email()]})
    theirs = base.model_copy(update={"contacts": [email(), FIRST]})
    both = merged(ours, theirs)
    assert next(c for c in both.contacts if c.id == "reminder-1").follows_up == "email-lopes"
    again = read_export(json.dumps(export_document(both, date(2026, 11, 20))))
    assert next(c for c in again.contacts if c.id == "reminder-1").follows_up == "email-lopes"


def test_an_export_from_before_the_field_is_linked_on_import_and_an_explicit_null_is_kept():
    base = school_household(date(2026, 11, 20), contacts=False)
    document = export_document(base.model_copy(update={"contacts": [email(), FIRST]}), date(2026, 11, 20))
    old = json.loads(json.dumps(document))
    for doc in old["household"]["contacts"]:
        del doc["follows_up"]  # as written before the field existed
    imported = read_export(json.dumps(old))
    assert next(c for c in imported.contacts if c.id == "reminder-1").follows_up == "email-lopes"
    chosen = json.loads(json.dumps(document))
    next(d for d in chosen["household"]["contacts"] if d["id"] == "reminder-1")["follows_up"] = None
    assert next(c for c in read_export(json.dumps(chosen)).contacts if c.id == "reminder-1").follows_up is None


def test_the_report_reads_each_contact_within_its_thread():
    from reintegrate.documents.reports import ReportInput, render_markdown
    from reintegrate.stats import DateRange

    on = date(2026, 11, 30)
    student = school_household(on).students[0]
    report = render_markdown(ReportInput(student, [], [], [], [], log_on(on), DateRange(date(2026, 11, 1), on), on))
    rows = [line for line in report.splitlines() if "| Mrs Lopes |" in line]
    # The email and both reminders: the answer to the second reminder answered them all.
    assert len(rows) == 3 and all(line.endswith("| Answered Fri 27 Nov 2026 |") for line in rows), rows


def test_the_calendar_file_has_one_answer_due_per_thread():
    from reintegrate.documents.calendar import answers_due

    assert [c.id for c in answers_due(log_on(date(2026, 11, 20)))] == ["meeting-hughes", "reminder-2"]
    assert [c.id for c in answers_due(log_on(date(2026, 11, 27)))] == ["meeting-hughes"]


def test_a_long_chain_in_a_hostile_file_is_walked_once():
    chain = [email()] + [
        reminder(n, date(2026, 11, 10), date(2026, 11, 17), "email-lopes" if n == 1 else f"reminder-{n - 1}")
        for n in range(1, 5001)
    ]
    [thread] = ct.threads(reversed(chain))
    assert thread.id == "email-lopes" and len(thread.follow_ups) == 5000


def test_a_follow_up_keeps_the_role_of_the_request_it_follows_up():
    # Mrs Lopes is not on the school's staff list: her role is known only from the log.
    on = date(2026, 11, 9)
    request = email().model_copy(update={"role": "SENCo"})
    letter = render_letter("follow_up", letter_input(on, follow_up_on=request))
    assert letter.to_role == "SENCo"
    assert to_contact(letter).role == "SENCo"
