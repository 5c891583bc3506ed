"""Follow-ups counted in school days, across weekends, half term and training days;
and barriers opened from a trigger."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError
from school_records import SAM, TODAY, build_barriers, build_calendar, build_contacts

from reintegrate import contacts as ct
from reintegrate.models import Barrier, BarrierStatus, Channel, Closure, Contact, Direction, SchoolCalendar
from reintegrate.schooldays import SchoolDays

CALENDAR = SchoolDays(build_calendar())  # half term 27-31 Oct, training day Fri 14 Nov


def _request(on: date, due: date, **extra) -> Contact:
    return Contact(student_id=SAM, on=on, due_on=due, **extra)


# --- due dates -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "n", "due"),
    [
        (date(2025, 11, 3), 5, date(2025, 11, 10)),  # Mon + 5: the weekend does not count
        (date(2025, 10, 24), 1, date(2025, 11, 3)),  # Fri before half term: Monday after it
        (date(2025, 11, 13), 1, date(2025, 11, 17)),  # Thu before the training day
        # Sent on a Saturday: Mon 10, Tue 11, Wed 12, Thu 13, (training day), Mon 17.
        (date(2025, 11, 8), 5, date(2025, 11, 17)),
        (date(2025, 11, 3), 0, date(2025, 11, 3)),
    ],
)
def test_due_after_school_days(sent, n, due):
    assert ct.due_after_school_days(CALENDAR, sent, n) == due


def test_due_dates_need_school_days_to_exist():
    with pytest.raises(ValueError, match="negative"):
        ct.due_after_school_days(CALENDAR, date(2025, 11, 3), -1)
    shut = SchoolCalendar(closures=[Closure(start=date(2025, 1, 1), end=date(2035, 1, 1))])
    with pytest.raises(ValueError, match="no school days after 3 November 2025"):
        ct.due_after_school_days(SchoolDays(shut), date(2025, 11, 3), 2)


# --- overdue requests ----------------------------------------------------------


def test_the_example_from_the_issue():
    # Sent Mon 3 Nov within 5 school days (due Mon 10 Nov). On Tue 11 Nov five whole
    # school days have passed: Tue 4, Wed 5, Thu 6, Fri 7, Mon 10.
    meeting = _request(date(2025, 11, 3), date(2025, 11, 10), letter_kind="request_meeting")
    [overdue] = ct.overdue_contacts([meeting], CALENDAR, date(2025, 11, 11))
    assert overdue.sentence == "Meeting request sent 3 Nov — no answer after 5 school days: follow up."
    assert overdue.school_days_waited == 5
    assert overdue.due_on == date(2025, 11, 10)


def test_not_overdue_on_the_day_it_is_due_nor_before():
    meeting = _request(date(2025, 11, 3), date(2025, 11, 10))
    assert ct.overdue_contacts([meeting], CALENDAR, date(2025, 11, 10)) == []
    assert ct.overdue_contacts([meeting], CALENDAR, date(2025, 11, 4)) == []


def test_weekends_do_not_count_as_waiting():
    # Due Fri 7 Nov, sent Mon 3 Nov. Overdue by Saturday, but the weekend adds nothing:
    # Saturday and Monday morning both count Tue 4 to Fri 7 = 4 school days.
    request = _request(date(2025, 11, 3), date(2025, 11, 7), channel=Channel.phone)
    [on_saturday] = ct.overdue_contacts([request], CALENDAR, date(2025, 11, 8))
    [on_monday] = ct.overdue_contacts([request], CALENDAR, date(2025, 11, 10))
    assert on_saturday.school_days_waited == on_monday.school_days_waited == 4
    assert on_monday.sentence == "Phone call sent 3 Nov — no answer after 4 school days: follow up."


def test_half_term_does_not_count_as_waiting():
    # Sent Thu 23 Oct within 3 school days: Fri 24 Oct, (half term), Mon 3, Tue 4 Nov.
    due = ct.due_after_school_days(CALENDAR, date(2025, 10, 23), 3)
    assert due == date(2025, 11, 4)
    request = _request(date(2025, 10, 23), due, person="Mr Reid")
    [overdue] = ct.overdue_contacts([request], CALENDAR, date(2025, 11, 5))
    # Waited: Fri 24 Oct, Mon 3, Tue 4 Nov.
    assert overdue.sentence == "Email to Mr Reid sent 23 Oct — no answer after 3 school days: follow up."


def test_the_training_day_does_not_count_as_waiting():
    # Sent Thu 13 Nov within 1 school day: Fri 14 is a training day, so due Mon 17.
    due = ct.due_after_school_days(CALENDAR, date(2025, 11, 13), 1)
    request = _request(date(2025, 11, 13), due)
    [overdue] = ct.overdue_contacts([request], CALENDAR, date(2025, 11, 18))
    assert overdue.school_days_waited == 1
    assert "no answer after 1 school day:" in overdue.sentence


def test_a_typed_due_date_inside_a_closure():
    # Due Wed 29 Oct, in half term: overdue by Saturday, with no school day waited.
    request = _request(date(2025, 10, 24), date(2025, 10, 29), letter_kind="request_evaluation")
    [overdue] = ct.overdue_contacts([request], CALENDAR, date(2025, 11, 1))
    assert overdue.sentence == "Evaluation request sent 24 Oct — no answer by the date asked: follow up."


def test_household_contacts_on_the_fixed_day():
    # Answered phone call: not overdue. Meeting request due 10 Nov: overdue, 10 school
    # days waited (4-7, 10-13, 17, 18 Nov; the 14th is the training day). Science work
    # due 21 Nov: still waiting.
    found = ct.overdue_contacts(build_contacts(), CALENDAR, TODAY)
    assert [o.contact.id for o in found] == ["contact-meeting"]
    assert found[0].sentence == "Meeting request to Ms Patel sent 3 Nov — no answer after 10 school days: follow up."
    waiting = ct.waiting_on_school(build_contacts(), CALENDAR, TODAY)
    assert [(w.contact.id, w.overdue) for w in waiting] == [("contact-meeting", True), ("contact-work", False)]


def test_overdue_longest_first():
    later = _request(date(2025, 11, 5), date(2025, 11, 6), id="later")
    earlier = _request(date(2025, 11, 3), date(2025, 11, 4), id="earlier")
    no_due = Contact(student_id=SAM, on=date(2025, 11, 3), id="no-due")
    found = ct.overdue_contacts([later, no_due, earlier], CALENDAR, TODAY)
    assert [o.contact.id for o in found] == ["earlier", "later"]


def test_mark_answered_stops_the_reminder_and_keeps_the_original():
    meeting = build_contacts()[1]
    answered = ct.mark_answered(meeting, date(2025, 11, 20), "Meeting on 25 November at 9:00.")
    assert answered.answered_on == date(2025, 11, 20)
    assert answered.answer == "Meeting on 25 November at 9:00."
    assert answered.id == meeting.id
    assert meeting.answered_on is None
    assert ct.overdue_contacts([answered], CALENDAR, date(2025, 11, 21)) == []


def test_an_answer_cannot_come_before_the_request():
    with pytest.raises(ValueError, match="before the request"):
        ct.mark_answered(build_contacts()[1], date(2025, 11, 2), "Yes")


# --- barriers ------------------------------------------------------------------


def test_barrier_from_a_trigger():
    barrier = ct.barrier_from_trigger(
        SAM, "  School   Van ", TODAY, evidence=["'school van' in 10 of 11 unsuccessful attempts."]
    )
    assert barrier.student_id == SAM
    assert barrier.trigger_tags == ["School Van"]  # as the family typed it (issue 25)
    assert barrier.title == "School Van"
    assert barrier.status is BarrierStatus.open
    assert barrier.opened_on == TODAY
    assert barrier.owner == "family"
    assert barrier.description.splitlines() == [
        "Opened because 'School Van' keeps coming up in attempts that did not succeed.",
        "'school van' in 10 of 11 unsuccessful attempts.",
    ]


def test_barrier_from_a_trigger_with_the_familys_words():
    barrier = ct.barrier_from_trigger(
        SAM, "another student", TODAY, title="Jo on the van", workaround="Dad drives", owner="school", description=""
    )
    assert (barrier.title, barrier.workaround, barrier.owner, barrier.description) == (
        "Jo on the van", "Dad drives", "school", ""
    )


def test_barrier_needs_a_trigger_and_a_valid_owner():
    with pytest.raises(ValueError, match="Name the trigger"):
        ct.barrier_from_trigger(SAM, "  ", TODAY)
    with pytest.raises(ValidationError):
        ct.barrier_from_trigger(SAM, "noise", TODAY, owner="teacher")


def _barrier(id: str, status: BarrierStatus, opened: date, tag: str = "noise") -> Barrier:
    return Barrier(id=id, student_id=SAM, title=id, trigger_tags=[tag], status=status, opened_on=opened)


def test_open_barriers_and_finding_one_for_a_trigger():
    barriers = [
        _barrier("worked-old", BarrierStatus.worked_around, date(2025, 10, 1)),
        _barrier("resolved", BarrierStatus.resolved, date(2025, 9, 1), tag="school van"),
        _barrier("open-new", BarrierStatus.open, date(2025, 11, 10)),
        _barrier("open-old", BarrierStatus.open, date(2025, 10, 5)),
    ]
    assert [b.id for b in ct.open_barriers(barriers)] == ["open-old", "open-new", "worked-old"]
    # A resolved barrier does not stop a new one being proposed for the same trigger.
    assert ct.barrier_for_trigger(barriers, "School van") is None
    assert ct.barrier_for_trigger(build_barriers(), "school van").id == "barrier-van"


def test_resolving_and_reopening_a_barrier():
    barrier = build_barriers()[0]
    resolved = ct.set_barrier_status(barrier, BarrierStatus.resolved, TODAY)
    assert (resolved.status, resolved.resolved_on) == (BarrierStatus.resolved, TODAY)
    reopened = ct.set_barrier_status(resolved, BarrierStatus.open, date(2025, 11, 20))
    assert (reopened.status, reopened.resolved_on) == (BarrierStatus.open, None)
    with pytest.raises(ValueError, match="before it was noticed"):
        ct.set_barrier_status(barrier, BarrierStatus.resolved, date(2025, 11, 1))


def test_a_call_from_the_school_is_said_the_right_way_round():
    # Records from before the field were all the family's own: no key means to_school.
    old = Contact.model_validate({"student_id": "jade", "on": "2027-03-03", "person": "Ms Okafor",
                                  "channel": "phone", "summary": "Left at morning break"})
    assert old.direction is Direction.to_school
    assert ct.request_label(old) == "Phone call to Ms Okafor"
    called = old.model_copy(update={"direction": Direction.from_school})
    assert ct.request_label(called) == "Phone call from Ms Okafor"
    assert ct.request_label(called.model_copy(update={"person": ""})) == "Phone call from the school"
    assert ct.request_label(called.model_copy(update={"channel": Channel.meeting})) == "Meeting request from Ms Okafor"
    assert Contact.model_validate(called.model_dump(mode="json")).direction is Direction.from_school
