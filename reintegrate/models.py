"""The family's records, as pydantic models.

Every boundary (forms, the data file, imports) validates through these models, so a
record that exists at all is a valid one. Field titles are the words a parent would
use; `plain_errors` turns a ValidationError into sentences built from them.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)


def new_id() -> str:
    return uuid.uuid4().hex


class Model(BaseModel):
    """Base for every record: strict about unknown fields, trims text."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        validate_assignment=True,
    )


Distress = Annotated[int, Field(ge=0, le=10)]
Minutes = Annotated[int, Field(ge=0, le=1440)]
ShortText = Annotated[str, StringConstraints(max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=4000)]
Tag = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=60)
]


def _dedupe(values: list[str]) -> list[str]:
    """'Van', 'van ' and 'van' are one tag; the order the family typed them in is kept."""
    if not values:
        return values
    if any("  " in v or "\t" in v or "\n" in v for v in values):
        values = [" ".join(v.split()) for v in values]
    if len(values) > 1 and len(set(values)) != len(values):
        values = list(dict.fromkeys(values))
    return values


def clean_tags(values) -> list[str]:
    """Tags as a person typed them ('Van,  school VAN, ') made tidy: ['van', 'school van'].

    Forms and imports call this before validation; the model itself only trims,
    lower-cases and de-duplicates, which is cheap enough to run on every load.
    """
    return _dedupe([tag for tag in (" ".join(str(v).split()).lower() for v in values) if tag])


# Lower-cased and trimmed in pydantic-core, de-duplicated here: loading ten thousand
# attempts at start-up must not pay for a Python call per tag.
Tags = Annotated[list[Tag], AfterValidator(_dedupe)]


class Outcome(StrEnum):
    completed = "completed"
    partial = "partial"
    not_started = "not_started"
    refused = "refused"
    did_more = "did_more"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.completed: "Completed",
    Outcome.partial: "Partly",
    Outcome.not_started: "Not started",
    Outcome.refused: "Refused",
    Outcome.did_more: "Did more",
}


class DayKind(StrEnum):
    """A school day's status when there was no attempt."""

    closed = "closed"
    ill = "ill"
    agreed_rest = "agreed_rest"
    absent = "absent"

    @property
    def label(self) -> str:
        return DAY_LABELS[self]


DAY_LABELS = {
    DayKind.closed: "School closed",
    DayKind.ill: "Ill",
    DayKind.agreed_rest: "Rest day agreed with the team",
    DayKind.absent: "Absent",
}

# Suggestions offered in forms; any other tag is allowed too.
COMMON_SUPPORTS = [
    "parent drives",
    "safe space",
    "flexible arrival",
    "reduced workload",
    "trusted adult meets",
    "early pick-up agreed",
    "quiet entrance",
    "movement breaks",
]
COMMON_SYMPTOMS = [
    "headache",
    "stomach ache",
    "nausea",
    "panic",
    "crying",
    "shutdown",
    "anger",
    "trouble sleeping",
]
COMMON_TRIGGERS = [
    "school van",
    "crowded corridor",
    "noise",
    "a particular lesson",
    "another student",
    "separation from parent",
    "being late",
    "unexpected change",
]
COMMON_MORNING = [
    "would not get out of bed",
    "locked in a room",
    "clung to a parent",
    "physical complaints",
    "would not get dressed",
    "would not eat",
    "crying",
]


class Step(Model):
    """One rung of the ladder. Retired steps stay in the list for history."""

    id: str = Field(default_factory=new_id)
    title: Annotated[str, StringConstraints(min_length=1, max_length=80)] = Field(
        title="Title"
    )
    description: LongText = Field(default="", title="Description")
    place: ShortText = Field(default="", title="Place")
    planned_minutes: int = Field(ge=1, le=600, title="Planned minutes")
    supports: Tags = Field(default_factory=list, title="Supports")
    expected_difficulty: Distress | None = Field(
        default=None, title="Expected difficulty"
    )
    retired: bool = False
    # Driving past or sitting in the car park is real progress, but it is not time in
    # school: attendance counts minutes only at steps that happen in school.
    in_school: bool = Field(default=True, title="Happens in school")


class Ladder(Model):
    steps: list[Step] = Field(default_factory=list)
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


class Morning(Model):
    """The morning as it happened: what a school team most needs to see."""

    woke_on_time: bool | None = Field(default=None, title="Woke on time")
    behaviours: Tags = Field(default_factory=list, title="Morning")
    left_home_at: time | None = Field(default=None, title="Left home at")
    notes: LongText = Field(default="", title="Morning notes")


class Attempt(Model):
    """One try at a step on a date.

    `step_title` and `planned_minutes` are copied from the step when the attempt is
    made, so renaming or re-timing the step later never changes what history says.
    """

    id: str = Field(default_factory=new_id)
    student_id: str
    on: date = Field(title="Date")
    step_id: str
    step_title: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    planned_minutes: int = Field(ge=1, le=600, title="Planned minutes")
    outcome: Outcome = Field(title="Outcome")
    minutes_managed: Minutes | None = Field(default=None, title="Minutes managed")
    distress_before: Distress | None = Field(default=None, title="Distress before")
    distress_peak: Distress | None = Field(default=None, title="Peak distress")
    distress_after: Distress | None = Field(default=None, title="Distress after")
    triggers: Tags = Field(default_factory=list, title="Triggers")
    trigger_notes: LongText = Field(default="", title="Trigger notes")
    symptoms: Tags = Field(default_factory=list, title="Symptoms")
    helped: Tags = Field(default_factory=list, title="What helped")
    notes: LongText = Field(default="", title="Notes")
    child_words: LongText = Field(default="", title="In the child's words")
    morning: Morning = Field(default_factory=Morning)

    @model_validator(mode="after")
    def _minutes_fit_outcome(self) -> Attempt:
        if self.outcome in (Outcome.refused, Outcome.not_started):
            if self.minutes_managed:
                raise ValueError(
                    f"Minutes managed should be 0 when the outcome is "
                    f"'{self.outcome.label}'."
                )
        return self

    @property
    def reached_planned_minutes(self) -> bool:
        return (self.minutes_managed or 0) >= self.planned_minutes


class DayStatus(Model):
    """A school day without an attempt: ill, closed, agreed rest or absent."""

    id: str = Field(default_factory=new_id)
    student_id: str
    on: date = Field(title="Date")
    kind: DayKind = Field(title="Day")
    note: ShortText = Field(default="", title="Note")


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
    closures: list[Closure] = Field(default_factory=list)

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

    @model_validator(mode="after")
    def _window(self) -> PlannerSettings:
        if self.pause_days > self.pause_window:
            raise ValueError("Days of extreme distress cannot exceed the window they are counted in.")
        return self


class StaffMember(Model):
    name: Annotated[str, StringConstraints(min_length=1, max_length=120)] = Field(title="Name")
    role: ShortText = Field(default="", title="Role")
    email: ShortText = Field(default="", title="Email")


class SchoolInfo(Model):
    name: ShortText = Field(default="", title="School")
    staff: list[StaffMember] = Field(default_factory=list)
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


class Student(Model):
    id: str = Field(default_factory=new_id)
    name: Annotated[str, StringConstraints(min_length=1, max_length=80)] = Field(title="Name")
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


class ProposalKind(StrEnum):
    advance = "advance"
    repeat = "repeat"
    step_back = "step_back"
    split_step = "split_step"
    address_trigger = "address_trigger"
    review_plan = "review_plan"
    pause_and_stabilise = "pause_and_stabilise"


class Decision(Model):
    """What the family or therapist did with a proposal: the plan's history."""

    id: str = Field(default_factory=new_id)
    student_id: str
    on: date
    proposal_kind: ProposalKind
    # The current step when the decision was taken: with the chosen step it says which
    # way the family moved, so the planner can count step-backs from a step.
    from_step_id: str | None = None
    from_step_title: ShortText = ""
    proposed_step_id: str | None = None
    proposed_step_title: ShortText = ""
    chosen_step_id: str | None = None
    chosen_step_title: ShortText = ""
    accepted: bool
    reasons: list[LongText] = Field(default_factory=list)
    note: LongText = Field(default="", title="Reason")
    decided_at: datetime | None = None

    @model_validator(mode="after")
    def _override_needs_reason(self) -> Decision:
        if not self.accepted and not self.note:
            raise ValueError("Say briefly why the proposal was not followed.")
        return self


class BarrierStatus(StrEnum):
    open = "open"
    worked_around = "worked_around"
    resolved = "resolved"


class Barrier(Model):
    id: str = Field(default_factory=new_id)
    student_id: str
    title: Annotated[str, StringConstraints(min_length=1, max_length=120)] = Field(title="Barrier")
    description: LongText = Field(default="", title="Description")
    trigger_tags: Tags = Field(default_factory=list, title="Trigger tags")
    workaround: LongText = Field(default="", title="Workaround")
    owner: Annotated[str, StringConstraints(pattern="^(family|school)$")] = Field(default="family", title="Who owns it")
    status: BarrierStatus = Field(default=BarrierStatus.open, title="Status")
    opened_on: date = Field(title="Noticed on")
    resolved_on: date | None = Field(default=None, title="Resolved on")


class Channel(StrEnum):
    email = "email"
    phone = "phone"
    meeting = "meeting"
    letter = "letter"
    in_person = "in_person"


class Contact(Model):
    """One entry in the log of communication with the school."""

    id: str = Field(default_factory=new_id)
    student_id: str
    on: date = Field(title="Date")
    person: ShortText = Field(default="", title="Who")
    role: ShortText = Field(default="", title="Role")
    channel: Channel = Field(default=Channel.email, title="Channel")
    summary: LongText = Field(default="", title="Summary")
    request: LongText = Field(default="", title="What was asked")
    due_on: date | None = Field(default=None, title="Response due")
    answered_on: date | None = Field(default=None, title="Answered on")
    answer: LongText = Field(default="", title="Answer")
    letter_kind: ShortText = ""

    @model_validator(mode="after")
    def _dates(self) -> Contact:
        if self.due_on is not None and self.due_on < self.on:
            raise ValueError("The response cannot be due before the contact was made.")
        return self


class Household(Model):
    """Everything in one data file: the unit of export, import and the demo."""

    students: list[Student] = Field(default_factory=list)
    attempts: list[Attempt] = Field(default_factory=list)
    days: list[DayStatus] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    barriers: list[Barrier] = Field(default_factory=list)


def plain_errors(error: ValidationError, model: type[BaseModel] | None = None) -> list[str]:
    """Each validation problem as a sentence a tired parent can act on."""
    sentences: list[str] = []
    for item in error.errors(include_url=False):
        field = _field_title(model, item.get("loc", ()))
        kind = item.get("type", "")
        ctx = item.get("ctx") or {}
        if kind == "value_error":
            message = str(ctx.get("error", item.get("msg", ""))).rstrip(".")
            sentences.append(message[:1].upper() + message[1:] + ".")
            continue
        if kind in ("greater_than_equal", "less_than_equal") and field:
            bounds = _bounds(model, item.get("loc", ()))
            if bounds:
                sentences.append(f"{field} must be a whole number from {bounds[0]} to {bounds[1]}.")
                continue
        if kind == "string_too_short":
            sentences.append(f"{field or 'This'} cannot be empty.")
        elif kind == "string_too_long":
            sentences.append(f"{field or 'This'} is too long (at most {ctx.get('max_length')} characters).")
        elif kind in ("int_parsing", "int_type", "int_from_float"):
            sentences.append(f"{field or 'This'} must be a whole number.")
        elif kind.startswith("date") or kind.startswith("time"):
            sentences.append(f"{field or 'This'} is not a date or time this app understands.")
        elif kind == "enum":
            sentences.append(f"{field or 'This'} must be one of: {ctx.get('expected', '')}.")
        elif kind == "missing":
            sentences.append(f"{field or 'A required field'} is missing.")
        elif kind == "extra_forbidden":
            sentences.append(f"'{item['loc'][-1]}' is not a field this app knows.")
        else:
            sentences.append(f"{field or 'This value'}: {item.get('msg', 'is not valid')}.")
    return sentences


def _field_info(model: type[BaseModel] | None, loc: tuple):
    info = None
    current = model
    for part in loc:
        if current is None or not isinstance(part, str):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        annotation = info.annotation
        current = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    return info


def _field_title(model: type[BaseModel] | None, loc: tuple) -> str:
    info = _field_info(model, loc)
    if info is not None and info.title:
        return info.title
    names = [p for p in loc if isinstance(p, str)]
    return names[-1].replace("_", " ").capitalize() if names else ""


def _bounds(model: type[BaseModel] | None, loc: tuple) -> tuple[int, int] | None:
    info = _field_info(model, loc)
    if info is None:
        return None
    low = high = None
    metadata = list(info.metadata)
    # Optional[Annotated[int, Field(...)]] keeps its bounds on the inner type.
    for arg in getattr(info.annotation, "__args__", ()) or ():
        metadata.extend(getattr(arg, "__metadata__", ()) or ())
    for item in metadata:
        for constraint in getattr(item, "metadata", [item]):
            low = getattr(constraint, "ge", low)
            high = getattr(constraint, "le", high)
    if low is None or high is None:
        return None
    return low, high
