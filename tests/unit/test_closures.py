"""The school's holidays on a student's calendar: added, changed and removed by the core
(reintegrate.closures), refused in plain words when the dates are likely a typo, and
saved and merged as the student's "calendar" part."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from reintegrate.closures import (
    MOST_DAYS,
    NAME_LENGTH,
    ClosureError,
    add_closure,
    change_closure,
    closure_from_form,
    closure_problems,
    remove_closure,
    school_days_covered,
)
from reintegrate.models import Household, SchoolCalendar, Student
from reintegrate.models.student import Closure
from reintegrate.schooldays import SchoolDays
from reintegrate.store.changes import restamp
from reintegrate.store.merge import merged

CHRISTMAS = Closure(start=date(2026, 12, 21), end=date(2027, 1, 1), label="Christmas")
HALF_TERM = Closure(start=date(2026, 10, 26), end=date(2026, 10, 30), label="Half term")
TRAINING = Closure(start=date(2027, 1, 4), end=date(2027, 1, 4), label="Training day")


def test_an_added_closure_takes_its_days_out_of_the_next_school_days():
    calendar = add_closure(SchoolCalendar(), CHRISTMAS)
    assert calendar.closures == [CHRISTMAS]
    days = SchoolDays(calendar).upcoming(date(2026, 12, 18), 3)
    assert days == [date(2026, 12, 18), date(2027, 1, 4), date(2027, 1, 5)]


def test_a_reply_asked_for_before_christmas_is_due_in_january_and_the_wait_skips_it():
    """The follow-up letter's deadline and the school days a request has waited."""
    from reintegrate.contacts import due_after_school_days, school_days_waited

    school = SchoolDays(add_closure(SchoolCalendar(), CHRISTMAS))
    assert due_after_school_days(school, date(2026, 12, 16), 5) == date(2027, 1, 6)
    assert due_after_school_days(SchoolDays(SchoolCalendar()), date(2026, 12, 16), 5) == date(2026, 12, 23)
    assert school_days_waited(school, date(2026, 12, 17), date(2027, 1, 5)) == 2  # 18 Dec and 4 Jan


def test_closures_are_kept_in_date_order_and_the_calendar_given_is_left_alone():
    before = SchoolCalendar(closures=[CHRISTMAS])
    after = add_closure(add_closure(before, TRAINING), HALF_TERM)
    assert after.closures == [HALF_TERM, CHRISTMAS, TRAINING]
    assert before.closures == [CHRISTMAS]


def test_a_closure_is_changed_in_place_of_the_old_one():
    calendar = SchoolCalendar(closures=[HALF_TERM, CHRISTMAS])
    longer = CHRISTMAS.model_copy(update={"end": date(2027, 1, 5)})
    assert change_closure(calendar, CHRISTMAS, longer).closures == [HALF_TERM, longer]
    # Changing one may move it past the other: the order follows.
    moved = CHRISTMAS.model_copy(update={"start": date(2026, 10, 1), "end": date(2026, 10, 2)})
    assert change_closure(calendar, CHRISTMAS, moved).closures == [moved, HALF_TERM]


def test_a_closure_is_removed():
    calendar = SchoolCalendar(closures=[HALF_TERM, CHRISTMAS])
    assert remove_closure(calendar, HALF_TERM).closures == [CHRISTMAS]
    with pytest.raises(ClosureError, match="no longer on the calendar"):
        remove_closure(calendar, TRAINING)
    with pytest.raises(ClosureError, match="no longer on the calendar"):
        change_closure(calendar, TRAINING, TRAINING)


def test_an_overlap_is_refused_naming_the_closure_it_overlaps():
    calendar = SchoolCalendar(closures=[CHRISTMAS])
    overlapping = Closure(start=date(2026, 12, 31), end=date(2027, 1, 4), label="New year")
    with pytest.raises(ClosureError) as refused:
        add_closure(calendar, overlapping)
    assert str(refused.value) == (
        "These dates overlap Christmas (Mon 21 Dec 2026 to Fri 1 Jan 2027). Change that one instead, "
        "or choose dates that do not overlap it.")
    assert refused.value.problems.keys() == {"start"}
    # Touching is fine: the day after it ends.
    assert add_closure(calendar, TRAINING).closures == [CHRISTMAS, TRAINING]
    # A closure changed over its own dates does not overlap itself.
    assert change_closure(calendar, CHRISTMAS, CHRISTMAS.model_copy(update={"label": "Xmas"})).closures[0].label == "Xmas"


def test_the_form_reads_a_name_and_two_dates_and_one_date_means_one_day():
    assert closure_from_form(" Christmas ", "2026-12-21", "2027-01-01") == (CHRISTMAS, {})
    assert closure_from_form("Training day", "2027-01-04", " ") == (TRAINING, {})


def test_the_form_says_what_is_wrong_with_each_field():
    closure, problems = closure_from_form("", "21/12/2026", "soon")
    assert closure is None
    assert problems == {
        "label": ["Give it a name, such as Christmas, Half term or Training day."],
        "start": ["Type the first day as YYYY-MM-DD, such as 2026-12-21."],
        "end": ["Type the last day as YYYY-MM-DD, such as 2027-01-01."],
    }
    assert closure_from_form("X", "", "")[1] == {"start": ["Give the first day, as YYYY-MM-DD."]}


def test_an_end_before_the_start_is_refused():
    closure, problems = closure_from_form("Christmas", "2026-12-21", "2026-01-01")
    assert closure is None
    assert problems == {"end": ["The last day (Thu 1 Jan 2026) is before the first (Mon 21 Dec 2026). "
                                "Check the dates."]}


def test_a_closure_much_longer_than_the_summer_holidays_is_taken_for_a_typo():
    summer = closure_from_form("Summer", "2027-07-21", "2027-09-01")
    assert summer[1] == {} and summer[0] is not None
    closure, problems = closure_from_form("Christmas", "2026-12-21", "2027-12-01")
    assert closure is None
    assert problems["end"][0].startswith(f"That is 346 days: a closure is at most {MOST_DAYS} days.")
    longest = Closure(start=date(2027, 1, 1), end=date(2027, 1, 1 + 29).replace(month=4, day=30), label="Long")
    assert (longest.end - longest.start).days + 1 == MOST_DAYS
    assert closure_problems(SchoolCalendar(), longest) == {}


def test_the_name_is_bounded_and_kept_as_typed_text():
    closure, problems = closure_from_form("x" * (NAME_LENGTH + 1), "2026-12-21", "")
    assert closure is None and problems["label"][0].startswith(f"Keep the name to {NAME_LENGTH} characters")
    closure, problems = closure_from_form("[b]INSET[/] day", "2026-12-21", "")
    assert problems == {} and closure is not None and closure.label == "[b]INSET[/] day"
    closure, problems = closure_from_form("Bad\x1b]0;x", "2026-12-21", "")
    assert closure is None and "control character" in problems["label"][0]
    with pytest.raises(ClosureError, match="Give it a name"):
        add_closure(SchoolCalendar(), Closure(start=date(2026, 12, 21), end=date(2026, 12, 21)))


def test_the_school_days_a_closure_covers_are_the_schools_weekdays_in_it():
    assert school_days_covered(SchoolCalendar(), CHRISTMAS) == 10
    assert school_days_covered(SchoolCalendar(weekdays=[0, 2]), CHRISTMAS) == 4
    weekend = Closure(start=date(2026, 12, 19), end=date(2026, 12, 20), label="Weekend")
    assert school_days_covered(SchoolCalendar(), weekend) == 0


def _stamped(student: Student, stored: Student | None, when: datetime) -> Student:
    copy = student.model_copy(deep=True)
    restamp(copy, stored, when)
    return copy


def test_holidays_entered_on_one_computer_survive_a_rename_on_the_other():
    """The calendar is a student part: dated on its own when saved, merged on its own."""
    first = _stamped(Student(name="Sam"), None, datetime(2026, 12, 1, 9, tzinfo=UTC))
    with_holidays = first.model_copy(update={"calendar": add_closure(first.calendar, CHRISTMAS)}, deep=True)
    ours = _stamped(with_holidays, first, datetime(2026, 12, 2, 9, tzinfo=UTC))
    assert ours.part_changes["calendar"][-1] > ours.part_changes["name"][-1]
    theirs = _stamped(first.model_copy(update={"name": "Samuel"}), first, datetime(2026, 12, 3, 9, tzinfo=UTC))
    for result in (merged(Household(students=[ours]), Household(students=[theirs])),
                   merged(Household(students=[theirs]), Household(students=[ours]))):
        student = result.students[0]
        assert (student.name, student.calendar.closures) == ("Samuel", [CHRISTMAS])
