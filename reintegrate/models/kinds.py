"""The fixed vocabularies: outcomes, kinds of day, and the suggestions forms offer."""

from __future__ import annotations

from enum import StrEnum


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

class CameTrue(StrEnum):
    """Afterwards: did what the child feared actually happen?"""

    yes = "yes"
    partly = "partly"
    no = "no"
    not_sure = "not_sure"

    @property
    def label(self) -> str:
        return CAME_TRUE_LABELS[self]


CAME_TRUE_LABELS = {
    CameTrue.yes: "Yes",
    CameTrue.partly: "Partly",
    CameTrue.no: "No",
    CameTrue.not_sure: "Not sure",
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
