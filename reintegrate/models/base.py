"""What every record shares: an id, strict fields, tidy text and tags."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints


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
# When a record was last saved, with its time zone (the store writes UTC): two copies
# of the file on two computers are merged by it, the later change winning. None for a
# record not saved yet, or of unknown age (older than any dated change).
ChangedAt = Annotated[AwareDatetime | None, Field(default=None, title="Last changed")]
# The `changed_at` of the earlier versions a record's saves replaced, oldest first (the
# last KEPT_CHANGES): merging two copies, a version whose time is among the other's
# earlier versions is older than it, not a rival change (store/merge.py).
KEPT_CHANGES = 30
Replaces = Annotated[list[AwareDatetime], Field(default_factory=list, max_length=KEPT_CHANGES, title="Replaces")]
Minutes = Annotated[int, Field(ge=0, le=1440)]
# Terminal control characters (C0, DEL and C1) are refused in every piece of text: one
# ESC or CSI in a note, printed by `status` or a report, can retitle or garble the
# family's terminal. Long text keeps its tabs and line breaks. Checked by pydantic-core's
# regex, so loading ten thousand attempts pays no Python call per field.
NO_CONTROLS = r"^[^\x00-\x1f\x7f-\x9f]*$"
NO_CONTROLS_BUT_LINES = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
ShortText = Annotated[str, StringConstraints(max_length=200, pattern=NO_CONTROLS)]
LongText = Annotated[str, StringConstraints(max_length=4000, pattern=NO_CONTROLS_BUT_LINES)]
Tag = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=60, pattern=NO_CONTROLS),
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
