"""Ready-made ladders a family can start from, shipped as JSON in data/templates/.

One file per template, named after its id. A template only suggests: its steps are
copied onto the family's ladder with fresh ids and are theirs to change from then on.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError, field_validator

from reintegrate.models import Distress, LongText, Model, ShortText, Step, Tags, clean_tags, plain_errors
from reintegrate.models.base import NO_CONTROLS, empty_list
from reintegrate.resources import data_file

log = logging.getLogger(__name__)

TEMPLATE_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class TemplateError(ValueError):
    """A template that cannot be used, explained in plain sentences."""

    def __init__(self, sentences: list[str]):
        self.sentences = sentences
        super().__init__(" ".join(sentences))


class TemplateNotFoundError(TemplateError, LookupError):
    pass


class TemplateStep(Model):
    """A step as a template suggests it: a Step without an id or a history."""

    title: Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=NO_CONTROLS)] = Field(title="Title")
    description: LongText = Field(default="", title="Description")
    place: ShortText = Field(default="", title="Place")
    planned_minutes: int = Field(ge=1, le=600, title="Planned minutes")
    supports: Tags = Field(default_factory=empty_list, title="Supports")
    expected_difficulty: Distress | None = Field(default=None, title="Suggested difficulty")
    in_school: bool = Field(default=True, title="Happens in school")

    def to_step(self) -> Step:
        """A new Step (with a fresh id) prefilled from this template step."""
        return Step(**self.model_dump())

    @field_validator("supports", mode="before")
    @classmethod
    def _norm_supports(cls, value):
        return clean_tags(value) if isinstance(value, list) else value


class LadderTemplate(Model):
    id: str = Field(title="Id")
    name: Annotated[str, StringConstraints(min_length=1, max_length=120, pattern=NO_CONTROLS)] = Field(title="Name")
    description: LongText = Field(default="", title="Description")
    suits: LongText = Field(default="", title="Who it suits")
    # Lower comes first in the list a family chooses from.
    order: int = Field(default=100, ge=0, le=1000)
    steps: list[TemplateStep] = Field(min_length=1, max_length=40, title="Steps")

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        # The id is also the file name, so keep it to a plain, portable slug.
        if len(value) > 80 or not re.fullmatch(TEMPLATE_ID_PATTERN, value):
            raise ValueError(
                "A template id is lower-case letters, digits and single dashes, "
                "like 'from-home-to-full-days'."
            )
        return value


def templates_dir() -> Path:
    return data_file("templates")


def list_templates(folder: Path | None = None) -> list[LadderTemplate]:
    """Every shipped template that loads, in the order they should be offered.

    A damaged file is logged and left out rather than stopping the family from
    choosing one of the others; the test suite loads every shipped file strictly.
    """
    found: list[LadderTemplate] = []
    folder = folder or templates_dir()
    if not folder.is_dir():
        log.warning("No ladder templates folder at %s", folder)
        return found
    for path in sorted(folder.glob("*.json")):
        try:
            found.append(_read(path))
        except TemplateError as error:
            log.warning("Skipping ladder template %s: %s", path.name, error)
    return sorted(found, key=lambda template: (template.order, template.name))


def load_template(template_id: str, folder: Path | None = None) -> LadderTemplate:
    """The shipped template with this id; TemplateNotFoundError if there is none.

    `folder` defaults to the shipped templates; tests pass their own.
    """
    # The id becomes a file name: only plain slugs, so it can never leave the folder.
    if not re.fullmatch(TEMPLATE_ID_PATTERN, template_id or ""):
        raise TemplateNotFoundError([f"There is no ladder template called '{template_id}'."])
    path = (folder or templates_dir()) / f"{template_id}.json"
    if not path.is_file():
        raise TemplateNotFoundError([f"There is no ladder template called '{template_id}'."])
    return _read(path)


def template_steps(template: LadderTemplate) -> list[Step]:
    """The template's steps as new Steps, each with a fresh id, easiest first."""
    return [step.to_step() for step in template.steps]


def _read(path: Path) -> LadderTemplate:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TemplateError([f"The ladder template {path.name} could not be read ({error})."]) from error
    try:
        template = LadderTemplate.model_validate(raw)
    except ValidationError as error:
        sentences = [f"The ladder template {path.name} is not valid."] + _explain(raw, error)
        raise TemplateError(sentences) from error
    if template.id != path.stem:
        raise TemplateError(
            [f"The ladder template {path.name} says its id is '{template.id}'; it should be '{path.stem}'."]
        )
    return template


def _explain(raw: object, error: ValidationError) -> list[str]:
    """Plain sentences for a template's problems, naming the step each one is in.

    plain_errors finds field titles on the top-level model only, so each step is
    checked on its own ("Step 3: Planned minutes must be ..."), then the rest of the
    template with its steps set aside.
    """
    steps = raw.get("steps") if isinstance(raw, dict) else None
    if not isinstance(steps, list) or not steps:
        return plain_errors(error, LadderTemplate)
    sentences: list[str] = []
    for number, step in enumerate(steps, start=1):
        try:
            TemplateStep.model_validate(step)
        except ValidationError as step_error:
            sentences += [f"Step {number}: {s}" for s in plain_errors(step_error, TemplateStep)]
    placeholder = {"title": "placeholder", "planned_minutes": 1}
    try:
        LadderTemplate.model_validate({**raw, "steps": [placeholder] * min(len(steps), 40)})
    except ValidationError as rest:
        sentences += plain_errors(rest, LadderTemplate)
    if len(steps) > 40:
        sentences.append("A template can have at most 40 steps.")
    return sentences
