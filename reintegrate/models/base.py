"""What every record shares: an id, strict fields, tidy text and tags."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints


def new_id() -> str:
    return uuid.uuid4().hex


# The default of a list or dict field. Pydantic asks each default factory for its
# signature when it builds a validator: for the built-in `list` and `dict` that means
# parsing their text signature (the first time, compiling the tokenizer's pattern),
# for a function of ours it is an attribute read. Validators are built before the first paint.
def empty_list() -> list:
    return []


def empty_dict() -> dict:
    return {}


class Model(BaseModel):
    """Base for every record: strict about unknown fields, trims text.

    Each kind's validator is built the first time a record of it is made or checked,
    not when the models are imported: the store checks a table through one validator
    of the whole list (`store.checks`), built only for a table that has records, and a
    kind only ever nested in another (a step, a ladder, a morning) needs none of its own.
    """

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        validate_assignment=True,
        defer_build=True,
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
Replaces = Annotated[list[AwareDatetime], Field(default_factory=empty_list, max_length=KEPT_CHANGES, title="Replaces")]
Minutes = Annotated[int, Field(ge=0, le=1440)]
# Terminal control characters (C0, DEL and C1) are refused in every piece of text: one
# ESC or CSI in a note, printed by `status` or a report, can retitle or garble the
# family's terminal. Long text keeps its tabs and line breaks. Checked by pydantic-core's
# regex, so loading ten thousand attempts pays no Python call per field.
NO_CONTROLS = r"^[^\x00-\x1f\x7f-\x9f]*$"
NO_CONTROLS_BUT_LINES = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
ShortText = Annotated[str, StringConstraints(max_length=200, pattern=NO_CONTROLS)]
LongText = Annotated[str, StringConstraints(max_length=4000, pattern=NO_CONTROLS_BUT_LINES)]
# A tag keeps the capitals it was typed with ("short predictable handover to Ms Patel");
# tags are compared and counted by `tag_key`, so "Van", "van" and "VAN " are one trigger.
# Files written before kept their tags lower-cased: those stay as they are.
Tag = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60, pattern=NO_CONTROLS),
]


def tag_key(tag: str) -> str:
    """What a tag is compared and counted by: its words, case left out. The one place
    that says when two tags are the same tag."""
    return " ".join(tag.split()).casefold()


def tag_keys(tags) -> set[str]:
    return {tag_key(t) for t in tags}


def has_tag(tags, tag: str) -> bool:
    """Whether `tags` holds `tag`, in any case."""
    wanted = tag_key(tag)
    return any(tag_key(t) == wanted for t in tags)


def _dedupe(values: list[str]) -> list[str]:
    """'Van', 'van ' and 'van' are one tag: the first spelling is kept, in the order the
    family typed them."""
    # Called for every list of tags of every record loaded (thousands before the first
    # paint): the usual lists, empty or of one tidy tag, return after a test or two.
    if not values:
        return values
    if len(values) == 1:
        only = values[0]
        return [" ".join(only.split())] if "  " in only or "\t" in only or "\n" in only else values
    joined = "\x00".join(values)  # adds no space, tab or line break
    if "  " in joined or "\t" in joined or "\n" in joined:
        values = [" ".join(v.split()) for v in values]
    if len({v.casefold() for v in values}) != len(values):
        seen: set[str] = set()
        values = [v for v in values if not (v.casefold() in seen or seen.add(v.casefold()))]
    return values


def clean_tags(values) -> list[str]:
    """Tags as a person typed them ('Van,  school VAN, van') made tidy: ['Van', 'school VAN'].

    Forms and imports call this before validation; the model itself only trims and
    de-duplicates, which is cheap enough to run on every load.
    """
    return _dedupe([tag for tag in (" ".join(str(v).split()) for v in values) if tag])


# Trimmed in pydantic-core, de-duplicated here: loading ten thousand
# attempts at start-up must not pay for a Python call per tag.
Tags = Annotated[list[Tag], AfterValidator(_dedupe)]
