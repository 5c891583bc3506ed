"""Why school is hard: the four purposes a refusal can serve, and the dated check-in
that asks about them.

A check-in holds ratings (0 never … 6 always) of short statements, from a parent and,
if they want to, the child; or, instead, the leading purpose set by hand by a
therapist with a note. The wording of the statements lives in
reintegrate.why.statements; a rating is keyed by the statement's id, which starts with
its purpose ("social_evaluative.2"), so a stored answer always says what it is about.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator, model_validator

from reintegrate.models.base import ChangedAt, LongText, Model, Replaces, empty_dict, empty_list, new_id


class Purpose(StrEnum):
    """What staying home may do for the child. Never a label for the child."""

    negative_affect = "negative_affect"
    social_evaluative = "social_evaluative"
    attention = "attention"
    tangible = "tangible"

    @property
    def label(self) -> str:
        return PURPOSE_LABELS[self]


PURPOSE_LABELS = {
    Purpose.negative_affect: "getting away from bad feelings brought on at school",
    Purpose.social_evaluative: "getting away from social or being-judged situations",
    Purpose.attention: "wanting time with a parent",
    Purpose.tangible: "what home offers in school hours",
}

# For tables and charts where a whole phrase does not fit.
PURPOSE_SHORT = {
    Purpose.negative_affect: "Bad feelings at school",
    Purpose.social_evaluative: "Social or being judged",
    Purpose.attention: "Time with a parent",
    Purpose.tangible: "What home offers",
}

Rating = Annotated[int, Field(ge=0, le=6)]
AnswerKey = Annotated[
    str, StringConstraints(pattern=r"^(negative_affect|social_evaluative|attention|tangible)\.[1-9]$")
]
# The check-in asks three statements per purpose (reintegrate.why.statements words
# them): an answer to any other id ('negative_affect.7') was never asked, and is refused
# rather than counted.
STATEMENTS_PER_PURPOSE = 3
STATEMENT_IDS = frozenset(f"{p.value}.{n}" for p in Purpose for n in range(1, STATEMENTS_PER_PURPOSE + 1))


class CheckIn(Model):
    """One dated 'why is school hard?' check-in, or a leading purpose set by hand."""

    id: str = Field(default_factory=new_id)
    student_id: str
    on: date = Field(title="Date")
    parent: dict[AnswerKey, Rating] = Field(default_factory=empty_dict, title="A parent's answers")
    child: dict[AnswerKey, Rating] = Field(default_factory=empty_dict, title="The child's answers")
    # Set by a therapist: overrides what earlier check-ins say until the next one.
    leading_by_hand: list[Purpose] = Field(default_factory=empty_list, title="Leading purpose, set by hand")
    note: LongText = Field(default="", title="Note")
    recorded_at: datetime | None = None
    changed_at: ChangedAt
    replaces: Replaces

    @field_validator("parent", "child")
    @classmethod
    def _asked(cls, answers: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(answers) - STATEMENT_IDS)
        if unknown:
            raise ValueError(f"'{unknown[0]}' is not one of the check-in's statements.")
        return answers

    @model_validator(mode="after")
    def _answers_or_by_hand(self) -> CheckIn:
        answered = bool(self.parent or self.child)
        if self.leading_by_hand and answered:
            raise ValueError("A check-in holds either answers or a purpose set by hand, not both.")
        if not self.leading_by_hand and not answered:
            raise ValueError("Answer at least one statement, or set the leading purpose by hand.")
        if self.leading_by_hand and not self.note:
            raise ValueError("Say briefly why the leading purpose is set by hand.")
        if len(set(self.leading_by_hand)) != len(self.leading_by_hand):
            raise ValueError("Each purpose can be named only once.")
        return self

    @property
    def by_hand(self) -> bool:
        return bool(self.leading_by_hand)
