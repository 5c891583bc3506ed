"""What happens and what is decided: attempts, days, decisions, barriers, contacts,
and the household that holds them all."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from reintegrate.models.base import (
    NO_CONTROLS,
    ChangedAt,
    Distress,
    LongText,
    Minutes,
    Model,
    Replaces,
    ShortText,
    Tags,
    empty_list,
    new_id,
)
from reintegrate.models.checkins import CheckIn
from reintegrate.models.kinds import CameTrue, DayKind, Outcome
from reintegrate.models.student import Student


class Morning(Model):
    """The morning as it happened: what a school team most needs to see."""

    woke_on_time: bool | None = Field(default=None, title="Woke on time")
    behaviours: Tags = Field(default_factory=empty_list, title="Morning")
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
    step_title: Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=NO_CONTROLS)]
    planned_minutes: int = Field(ge=1, le=600, title="Planned minutes")
    outcome: Outcome = Field(title="Outcome")
    minutes_managed: Minutes | None = Field(default=None, title="Minutes managed")
    distress_before: Distress | None = Field(default=None, title="Distress before")
    distress_peak: Distress | None = Field(default=None, title="Peak distress")
    distress_after: Distress | None = Field(default=None, title="Distress after")
    triggers: Tags = Field(default_factory=empty_list, title="Triggers")
    trigger_notes: LongText = Field(default="", title="Trigger notes")
    symptoms: Tags = Field(default_factory=empty_list, title="Symptoms")
    helped: Tags = Field(default_factory=empty_list, title="What helped")
    notes: LongText = Field(default="", title="Notes")
    child_words: LongText = Field(default="", title="In the child's words")
    morning: Morning = Field(default_factory=Morning)
    # What the child worried would happen, how sure they were, and afterwards whether
    # it did: whether the feared outcome came true matters at least as much as whether
    # distress fell. All optional; files written before these fields load unchanged.
    prediction: LongText = Field(default="", title="What they feared would happen")
    prediction_confidence: Distress | None = Field(default=None, title="How sure they were (0–10)")
    prediction_came_true: CameTrue | None = Field(default=None, title="Did it happen")
    # A refused, not started or partial attempt leaves school hours at home, and what
    # filled them says what home offers, as a day marked absent does. Optional; files
    # written before the field load unchanged (absent means "").
    during_school_hours: ShortText = Field(default="", title="What they did at home during school hours")
    # Leaving school before the day's end ("left at morning break and walked home"):
    # the time they left, or None when they stayed (or it was not noted).
    left_school_at: time | None = Field(default=None, title="Left school early at")
    changed_at: ChangedAt
    replaces: Replaces

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
    # A day at home says something too: what filled the school hours.
    during_school_hours: ShortText = Field(default="", title="What they did during school hours")
    changed_at: ChangedAt
    replaces: Replaces


class ProposalKind(StrEnum):
    advance = "advance"
    repeat = "repeat"
    step_back = "step_back"
    split_step = "split_step"
    address_trigger = "address_trigger"
    review_plan = "review_plan"
    pause_and_stabilise = "pause_and_stabilise"
    adjust_supports = "adjust_supports"


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
    reasons: list[LongText] = Field(default_factory=empty_list)
    note: LongText = Field(default="", title="Reason")
    decided_at: datetime | None = None
    # Accepting a proposal to change supports: the supports added to the chosen step.
    supports_added: Tags = Field(default_factory=empty_list, title="Supports added")
    # What a proposal not about the step was about: the trigger a barrier proposal named,
    # and whether it was the home side of the plan (supports at home, for every step).
    barrier_tag: ShortText = Field(default="", title="Barrier")
    home_side: bool = False
    changed_at: ChangedAt
    replaces: Replaces

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
    title: Annotated[str, StringConstraints(min_length=1, max_length=120, pattern=NO_CONTROLS)] = Field(title="Barrier")
    description: LongText = Field(default="", title="Description")
    trigger_tags: Tags = Field(default_factory=empty_list, title="Trigger tags")
    workaround: LongText = Field(default="", title="Workaround")
    # When the workaround was put in place (typed or changed): bad days before it say
    # nothing against it (planner.barriers). None on older records: from `opened_on`.
    workaround_on: date | None = Field(default=None, title="Workaround since")
    owner: Annotated[str, StringConstraints(pattern="^(family|school)$")] = Field(default="family", title="Who owns it")
    status: BarrierStatus = Field(default=BarrierStatus.open, title="Status")
    opened_on: date = Field(title="Noticed on")
    resolved_on: date | None = Field(default=None, title="Resolved on")
    changed_at: ChangedAt
    replaces: Replaces


class Channel(StrEnum):
    email = "email"
    phone = "phone"
    meeting = "meeting"
    letter = "letter"
    in_person = "in_person"


class Direction(StrEnum):
    """Who got in touch: the family (a request, a letter) or the school (a call home)."""

    to_school = "to_school"
    from_school = "from_school"

    @property
    def label(self) -> str:
        return {"to_school": "We contacted them", "from_school": "They contacted us"}[self.value]


class Contact(Model):
    """One entry in the log of communication with the school."""

    id: str = Field(default_factory=new_id)
    student_id: str
    on: date = Field(title="Date")
    person: ShortText = Field(default="", title="Who")
    role: ShortText = Field(default="", title="Role")
    channel: Channel = Field(default=Channel.email, title="Channel")
    # Records from before the field were all the family's own contacts: absent means to_school.
    direction: Direction = Field(default=Direction.to_school, title="Who got in touch")
    summary: LongText = Field(default="", title="Summary")
    request: LongText = Field(default="", title="What was asked")
    due_on: date | None = Field(default=None, title="Response due")
    answered_on: date | None = Field(default=None, title="Answered on")
    answer: LongText = Field(default="", title="Answer")
    letter_kind: ShortText = ""
    # The contact this one follows up (a reminder about an unanswered request): the
    # request and its follow-ups are one thread, and an answer to any of them answers it.
    follows_up: str | None = Field(default=None, title="Follows up")
    changed_at: ChangedAt
    replaces: Replaces

    @model_validator(mode="after")
    def _dates(self) -> Contact:
        if self.due_on is not None and self.due_on < self.on:
            raise ValueError("The response cannot be due before the contact was made.")
        if self.follows_up is not None and self.follows_up == self.id:
            raise ValueError("A contact cannot follow up itself.")
        return self


class Tombstone(Model):
    """A record deleted here: its id, its kind and when, so that merging another copy
    of the file that still has the record does not bring it back."""

    id: str
    kind: Annotated[str, StringConstraints(pattern="^[a-z_]{1,40}$")]  # its table: "attempts"
    deleted_at: AwareDatetime


class Household(Model):
    """Everything in one data file: the unit of export, import and the demo."""

    # Its validator is built on first use (an export, an import, a report), as every
    # record's is (`Model`): Today never makes a Household.

    students: list[Student] = Field(default_factory=empty_list)
    attempts: list[Attempt] = Field(default_factory=empty_list)
    days: list[DayStatus] = Field(default_factory=empty_list)
    decisions: list[Decision] = Field(default_factory=empty_list)
    contacts: list[Contact] = Field(default_factory=empty_list)
    barriers: list[Barrier] = Field(default_factory=empty_list)
    checkins: list[CheckIn] = Field(default_factory=empty_list)
    tombstones: list[Tombstone] = Field(default_factory=empty_list)
