"""The households the stories start from: what a family gives on the first run (the
child, school days, a ladder and the step they can manage now), written as the setup
screen would write it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reintegrate.models import Ladder, Plan, SchoolCalendar, SchoolInfo, StaffMember, Step, Student
from reintegrate.store import Store


def ladder(student_key: str, rows: list[tuple[str, str, int, list[str]]], current: int) -> Ladder:
    """Steps from (title, place, minutes, supports); `current` is 1-based."""
    steps = [
        Step(id=f"{student_key}-step-{number}", title=title, description=f"{title}.", place=place,
             planned_minutes=minutes, supports=supports)
        for number, (title, place, minutes, supports) in enumerate(rows, start=1)
    ]
    return Ladder(steps=steps, current_step_id=steps[current - 1].id)


def child(key: str, name: str, rows: list[tuple[str, str, int, list[str]]], current: int, start: date, *,
          school: str, staff: tuple[str, str], parent: str) -> Student:
    """A child as the first run makes them: Monday to Friday, a ladder, a plan from
    `start`, the school with one member of staff (name, role) and the parent's name."""
    name_of_staff, role = staff
    return Student(
        id=key,
        name=name,
        calendar=SchoolCalendar(weekdays=[0, 1, 2, 3, 4]),
        ladder=ladder(key, rows, current=current),
        plan=Plan.starting(start),
        school=SchoolInfo(
            name=school,
            staff=[StaffMember(name=name_of_staff, role=role,
                               email=f"{name_of_staff.split()[-1].lower()}@example.org")],
            parent_name=parent,
        ),
        created_on=start,
    )


def write_household(path: Path, students: list[Student], today: date) -> None:
    store = Store.open(path, today=today)
    try:
        store.put_many(students)
        store.set_meta("current_student_id", students[0].id)
    finally:
        store.close()


MAYA_STEPS = [
    ("Drive past the school", "In the car", 10, ["parent drives"]),
    ("Stop outside when the school is empty", "Outside the school", 10, ["parent drives"]),
    ("Sit in the car park as the day begins", "School car park", 15, ["parent drives"]),
    ("Walk to the gate after 9:15", "School gate", 15, ["parent drives", "flexible arrival"]),
    ("Fifteen minutes in the library with Mrs Lopes", "Library", 15,
     ["parent drives", "flexible arrival", "trusted adult meets"]),
    ("One lesson from the library", "Classroom", 60, ["flexible arrival", "safe space"]),
    ("Mornings with flexible arrival", "School", 180, ["flexible arrival", "safe space"]),
]


def maya(start: date) -> Student:
    """Maya, 12: panic in the mornings, an older boy on the school van."""
    return child("maya", "Maya", MAYA_STEPS, 2, start, school="Riverside Academy",
                 staff=("Mrs Lopes", "Head of Year 7"), parent="Sofia")


LEO_STEPS = [
    ("Walk to the gate with Dad and home again", "School gate", 10, ["parent walks in"]),
    ("Handover at the gate, ten minutes in class", "Classroom", 10, ["parent walks in"]),
    ("Morning until break", "Classroom", 120, ["parent drives"]),
    ("Morning until lunch", "School", 210, ["parent drives"]),
    ("Full day", "School", 390, []),
]


def leo(start: date) -> Student:
    """Leo, 9: school is hard mostly because it means leaving his mum."""
    return child("leo", "Leo", LEO_STEPS, 3, start, school="Oakfield Primary",
                 staff=("Ms Patel", "Class teacher"), parent="Hannah")


AVA_STEPS = [
    ("Drop-off at the gate, home after registration", "School gate", 20, ["trusted adult meets"]),
    ("Morning until break", "Classroom", 120, ["trusted adult meets", "flexible arrival"]),
    ("Morning until lunch", "School", 210, ["flexible arrival"]),
    ("Full day", "School", 390, []),
]


def ava(start: date) -> Student:
    """Ava, 10: mornings at her mum's Monday to Wednesday, her dad's Thursday and Friday."""
    return child("ava", "Ava", AVA_STEPS, 1, start, school="Hillview Primary",
                 staff=("Mr Grant", "Deputy head"), parent="Claire")


JADE_STEPS = [
    ("Registration and one lesson", "School", 60, ["flexible arrival"]),
    ("Morning until break", "School", 120, ["flexible arrival"]),
    ("Morning until lunch", "School", 210, []),
    ("Full day", "School", 390, []),
]


def jade(start: date) -> Student:
    """Jade, 14: school is hard mostly because of what home offers in school hours."""
    return child("jade", "Jade", JADE_STEPS, 2, start, school="Northgate School",
                 staff=("Mr Okafor", "Head of Year 9"), parent="Dana")
