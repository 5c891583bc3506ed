"""A day marked closed and a closure in the calendar mean the same thing everywhere:
not a school day. Ill, absent and agreed rest days stay school days (missed ones).

The family's November: Wednesday 11 November 2026 is marked "School closed" with the
note "staff training day" (the `d` key on Today), not entered in the calendar.
"""

from __future__ import annotations

from datetime import date

from reintegrate.contacts import overdue_contacts, school_days_waited
from reintegrate.documents.letters import LetterInput, render_letter
from reintegrate.models import (
    Closure,
    Contact,
    DayKind,
    DayStatus,
    Household,
    Ladder,
    Plan,
    SchoolCalendar,
    Step,
    Student,
)
from reintegrate.planner.view import plan_view
from reintegrate.schooldays import SchoolDays
from reintegrate.stats import DateRange, attendance

MON, TUE, WED, THU, FRI = (date(2026, 11, d) for d in (9, 10, 11, 12, 13))
TRAINING = "staff training day"


def maya(**extra) -> Student:
    steps = [Step(id="s1", title="Drive past the school", planned_minutes=10),
             Step(id="s2", title="Stop outside when the school is empty", planned_minutes=10)]
    return Student(id="maya", name="Maya", ladder=Ladder(steps=steps, current_step_id="s2"), **extra)


def marked(on: date, kind: DayKind = DayKind.closed, student_id: str = "maya") -> DayStatus:
    return DayStatus(student_id=student_id, on=on, kind=kind, note=TRAINING if kind is DayKind.closed else "")


def test_a_day_marked_closed_is_not_a_school_day_and_says_why():
    school = SchoolDays.of(maya(), [marked(WED)])
    assert [school.is_school_day(d) for d in (MON, TUE, WED, THU, FRI)] == [True, True, False, True, True]
    assert school.closure_on(WED) == TRAINING
    assert school.closure_on(TUE) is None
    assert school.next_after(TUE) == THU and school.previous(THU) == TUE


def test_ill_absent_and_agreed_rest_days_stay_school_days():
    days = [marked(MON, DayKind.ill), marked(TUE, DayKind.absent), marked(WED, DayKind.agreed_rest)]
    school = SchoolDays.of(maya(), days)
    assert all(school.is_school_day(d) for d in (MON, TUE, WED))
    assert school.count(MON, FRI) == 5


def test_another_childs_closed_day_leaves_this_childs_school_open():
    school = SchoolDays.of(maya(), [marked(WED, student_id="brother")])
    assert school.is_school_day(WED)


def test_a_calendar_closure_and_a_day_marked_closed_count_alike():
    in_calendar = SchoolDays(SchoolCalendar(closures=[Closure(start=WED, end=WED, label=TRAINING)]))
    by_mark = SchoolDays.of(maya(), [marked(WED)])
    start, end = date(2026, 11, 2), date(2026, 11, 30)
    assert list(in_calendar.between(start, end)) == list(by_mark.between(start, end))
    for way in (in_calendar, by_mark):
        assert way.closure_on(WED) == TRAINING
        assert way.add(MON, 2) == THU
        assert way.last(THU, 3) == [MON, TUE, THU]
        assert way.upcoming(TUE, 2) == [TUE, THU]


def test_the_plan_view_on_a_day_marked_closed_is_not_a_school_day():
    student = maya()
    records = Household(students=[student], days=[marked(WED)])
    on_the_day = plan_view(records, student, WED)
    assert not on_the_day.school_day
    assert on_the_day.next_days[0].on == THU
    # Marked ahead: the next school days from Tuesday go straight to Thursday.
    from_tuesday = plan_view(records, student, TUE)
    assert from_tuesday.school_day
    assert [d.on for d in from_tuesday.next_days[:2]] == [TUE, THU]


def test_a_request_does_not_wait_on_a_day_marked_closed():
    # Sent Mon 2 Nov, an answer due within 5 school days: by Mon 9 Nov.
    request = Contact(student_id="maya", on=date(2026, 11, 2), due_on=MON, person="Mrs Lopes")
    school = SchoolDays.of(maya(), [marked(WED)])
    assert school_days_waited(school, request.on, TUE) == 5  # 3, 4, 5, 6, 9 Nov
    # On Thursday only Tuesday has been added: the school was closed on Wednesday.
    [late] = overdue_contacts([request], school, THU)
    assert late.school_days_waited == 6
    assert "no answer after 6 school days" in late.sentence


def test_a_deadline_in_school_days_skips_a_day_marked_closed():
    student = maya()
    inp = LetterInput(student=student, today=MON, days=[marked(WED)], within_school_days=2)
    letter = render_letter("request_meeting", inp)
    assert letter.due_on == THU
    assert "Thursday 12 November 2026" in letter.body
    assert "Wednesday 11 November" not in letter.body


def test_attendance_does_not_count_a_day_marked_closed():
    student = maya()
    counted = attendance(student, [], [marked(WED), marked(THU, DayKind.ill)], DateRange.custom(MON, FRI, FRI))
    assert [d.on for d in counted.days] == [MON, TUE, THU, FRI]
    assert counted.missed == 4


def test_the_review_date_is_counted_without_a_day_marked_closed():
    student = maya(plan=Plan(start=date(2026, 10, 12), review_on=FRI))
    without = plan_view(Household(students=[student]), student, MON).review
    assert without is not None and without.school_days == 4
    view = plan_view(Household(students=[student], days=[marked(WED)]), student, MON)
    assert view.review is not None and view.review.school_days == 3
    assert "in 3 school days" in view.review.sentence
