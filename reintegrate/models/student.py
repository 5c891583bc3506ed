"""A student and what belongs to them: the ladder, the school calendar, the plan and
the planner's settings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Annotated, Literal, get_args

from pydantic import AwareDatetime, Field, StringConstraints, field_validator, model_validator

from reintegrate.models.base import (
    KEPT_CHANGES,
    NO_CONTROLS,
    ChangedAt,
    Distress,
    LongText,
    Model,
    ShortText,
    Tag,
    Tags,
    empty_list,
    new_id,
    tag_key,
)


class Step(Model):
    """One rung of the ladder. Retired steps stay in the list for history."""

    id: str = Field(default_factory=new_id)
    title: Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=NO_CONTROLS)] = Field(
        title="Title"
    )
    description: LongText = Field(default="", title="Description")
    place: ShortText = Field(default="", title="Place")
    planned_minutes: int = Field(ge=1, le=600, title="Planned minutes")
    supports: Tags = Field(default_factory=empty_list, title="Supports")
    expected_difficulty: Distress | None = Field(
        default=None, title="Expected difficulty"
    )
    retired: bool = False
    # Driving past or sitting in the car park is real progress, but it is not time in
    # school: attendance counts minutes only at steps that happen in school.
    in_school: bool = Field(default=True, title="Happens in school")


class Ladder(Model):
    steps: list[Step] = Field(default_factory=empty_list)
    current_step_id: str | None = None

    @model_validator(mode="after")
    def _current_exists(self) -> Ladder:
        ids = [s.id for s in self.steps]
        if len(ids) != len(set(ids)):
            raise ValueError("two steps share one id")
        if self.current_step_id is not None:
            current = self.step(self.current_step_id)
            if current is None:
                raise ValueError("the current step is not on the ladder")
            if current.retired:
                raise ValueError("the current step has been retired")
        return self

    @property
    def active(self) -> list[Step]:
        return [s for s in self.steps if not s.retired]

    @property
    def current(self) -> Step | None:
        return self.step(self.current_step_id) if self.current_step_id else None

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def position(self, step_id: str) -> int | None:
        """1-based position among the active steps, or None if retired or absent."""
        for number, step in enumerate(self.active, start=1):
            if step.id == step_id:
                return number
        return None


class Closure(Model):
    """Dates the school is shut: a holiday, a training day, half term."""

    start: date = Field(title="From")
    end: date = Field(title="To")
    label: ShortText = Field(default="", title="Name")

    @model_validator(mode="after")
    def _ordered(self) -> Closure:
        if self.end < self.start:
            raise ValueError("A closure must end on or after the day it starts.")
        return self

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


class SchoolCalendar(Model):
    """Which dates are school days: school weekdays minus closures."""

    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = Field(
        default_factory=lambda: [0, 1, 2, 3, 4], title="School weekdays"
    )
    closures: list[Closure] = Field(default_factory=empty_list)

    @field_validator("weekdays")
    @classmethod
    def _some_weekdays(cls, value: list[int]) -> list[int]:
        value = sorted(set(value))
        if not value:
            raise ValueError("Choose at least one school weekday.")
        return value


class PlannerSettings(Model):
    """Thresholds the planner uses; each is a per-student setting a therapist can tune."""

    advance_after_successes: int = Field(default=3, ge=1, le=10, title="Successes to advance")
    success_peak_max: Distress = Field(default=4, title="Peak distress counted as manageable")
    step_back_after_failures: int = Field(default=2, ge=1, le=10, title="Unsuccessful in a row to step back")
    step_back_peak: Distress = Field(default=9, title="Peak distress that alone means a step back")
    split_after_step_backs: int = Field(default=2, ge=1, le=10, title="Step-backs before proposing a split")
    review_after_school_days: int = Field(default=10, ge=3, le=60, title="School days without an advance before a review")
    pause_peak: Distress = Field(default=9, title="Extreme peak distress")
    pause_days: int = Field(default=2, ge=1, le=10, title="Days of extreme distress")
    pause_window: int = Field(default=3, ge=1, le=20, title="Out of the last school days")
    trigger_min_unsuccessful: int = Field(default=3, ge=1, le=50, title="Unsuccessful attempts before naming a trigger")
    trigger_unsuccessful_share: float = Field(default=0.6, ge=0, le=1, title="Share of unsuccessful attempts with the trigger")
    trigger_successful_share: float = Field(default=0.2, ge=0, le=1, title="Largest share of successful attempts with the trigger")
    schedule_days: int = Field(default=10, ge=5, le=10, title="School days to lay out")
    # Off unless a therapist works this way: a completed attempt whose feared outcome
    # did not happen counts as good even with peak distress a point or two over.
    advance_on_expectancy: bool = Field(default=False, title="Advance when what they feared did not happen")
    expectancy_peak_margin: int = Field(default=2, ge=1, le=2, title="Points over the peak threshold allowed then")

    # A weekday that keeps going badly (planner.patterns, from the report's weekday
    # table): no move up is planned on it while the records show the pattern.
    pattern_weeks: int = Field(default=8, ge=2, le=52, title="Weeks looked back for patterns")
    weekday_min_attempts: int = Field(default=4, ge=2, le=20, title="Attempts on a weekday before it shows a pattern")
    weekday_unsuccessful_share: float = Field(default=0.75, ge=0.5, le=1, title="Share of that weekday's attempts unsuccessful")
    weekday_others_successful_share: float = Field(default=0.6, ge=0, le=1, title="Share of other days' attempts successful")
    # A support named as one to keep when it helped on nearly every good day.
    keep_support_min_successes: int = Field(default=5, ge=2, le=50, title="Good days before naming a support to keep")
    keep_support_share: float = Field(default=0.8, ge=0.5, le=1, title="Share of good days a support helped on")

    @model_validator(mode="after")
    def _window(self) -> PlannerSettings:
        if self.pause_days > self.pause_window:
            raise ValueError("Days of extreme distress cannot exceed the window they are counted in.")
        return self


class StaffMember(Model):
    name: Annotated[str, StringConstraints(min_length=1, max_length=120, pattern=NO_CONTROLS)] = Field(title="Name")
    role: ShortText = Field(default="", title="Role")
    email: ShortText = Field(default="", title="Email")


class SchoolInfo(Model):
    name: ShortText = Field(default="", title="School")
    staff: list[StaffMember] = Field(default_factory=empty_list)
    parent_name: ShortText = Field(default="", title="Your name")


class Plan(Model):
    """A dated plan: UK guidance expects part-time timetables to be short and reviewed."""

    start: date = Field(title="Plan start")
    review_on: date = Field(title="Review date")

    @model_validator(mode="after")
    def _ordered(self) -> Plan:
        if self.review_on < self.start:
            raise ValueError("The review date must be on or after the plan start.")
        return self

    @classmethod
    def starting(cls, start: date, weeks: int = 6) -> Plan:
        return cls(start=start, review_on=start + timedelta(weeks=weeks))


class HomeSupport(Model):
    """A support the family carries out at home for the child (the devices rule, rewards
    that follow attendance, a written agreement): kept once, whatever the step, and
    counted as matched for every step while it is in place, from `started_on` until
    the day before `ended_on`."""

    support: Tag = Field(title="Support at home")
    started_on: date = Field(title="Started on")
    ended_on: date | None = Field(default=None, title="Ended on")

    @model_validator(mode="after")
    def _ordered(self) -> HomeSupport:
        if self.ended_on is not None and self.ended_on < self.started_on:
            raise ValueError("A support at home must end on or after the day it started.")
        return self

    def active_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day < self.ended_on)


# The parts of a student record a merge takes one by one: every field but the id and
# the dates of changes. The ladder is one part (its current step must be one of its steps).
StudentPart = Literal["name", "calendar", "settings", "ladder", "plan", "school", "created_on", "arranged_supports",
                      "home_supports"]
STUDENT_PARTS: tuple[str, ...] = get_args(StudentPart)


class Student(Model):
    id: str = Field(default_factory=new_id)
    name: Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=NO_CONTROLS)] = Field(title="Name")
    calendar: SchoolCalendar = Field(default_factory=SchoolCalendar)
    settings: PlannerSettings = Field(default_factory=PlannerSettings)
    ladder: Ladder = Field(default_factory=Ladder)
    plan: Plan | None = None
    school: SchoolInfo = Field(default_factory=SchoolInfo)
    created_on: date | None = None
    # Supports the family has confirmed are in place (a parent can drive, the school
    # agreed a safe space). None until someone first keeps this list: only then can the
    # ladder's hints say which supports a step relies on that are not arranged yet.
    arranged_supports: Tags | None = Field(default=None, title="Supports arranged")
    # Supports carried out at home (why.supports: side "home"), each with the day it
    # started and, once ended, the day it ended: the household's, not a step's.
    home_supports: list[HomeSupport] = Field(default_factory=empty_list, title="Supports at home")
    changed_at: ChangedAt
    # When each part last changed, with the earlier changes it replaced, oldest first:
    # two computers merge a student part by part, so a new step chosen on one and a
    # new name typed on the other both survive (store/merge.py). The store keeps it.
    part_changes: dict[StudentPart, Annotated[list[AwareDatetime], Field(max_length=KEPT_CHANGES)]] = Field(
        default_factory=dict, title="Part changes"
    )


def home_supports_on(student: Student, day: date) -> list[str]:
    """The supports at home in place on `day`, once each (as first typed), oldest first."""
    found: dict[str, str] = {}
    for kept in sorted(student.home_supports, key=lambda h: h.started_on):
        if kept.active_on(day):
            found.setdefault(tag_key(kept.support), kept.support)
    return list(found.values())


def name_in_use(name: str, students: Iterable[Student], *, except_id: str | None = None) -> str | None:
    """A sentence when another student already has this name, else None.

    Names are compared without case or surrounding spaces: two "Sam" rows (or "Sam" and
    "sam") cannot be told apart in a list, so a second one is refused, with a way out.
    """
    wanted = " ".join(name.split()).casefold()
    for student in students:
        if student.id != except_id and " ".join(student.name.split()).casefold() == wanted:
            return (f"There is already a student called {student.name}. "
                    "Add a surname or an initial to tell them apart.")
    return None
