"""The shipped ladder templates, and finding the shipped data folder."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from reintegrate.ladder import from_template, hints
from reintegrate.ladder.templates import (
    LadderTemplate,
    TemplateError,
    TemplateNotFoundError,
    TemplateStep,
    list_templates,
    load_template,
    template_steps,
    templates_dir,
)
from reintegrate.models import COMMON_SUPPORTS, Step
from reintegrate.resources import data_dir, data_file

REPO_ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((REPO_ROOT / "data" / "templates").glob("*.json"))


def test_data_is_found_beside_the_package_in_a_source_checkout():
    assert data_dir() == REPO_ROOT / "data"
    assert data_file("templates") == templates_dir() == REPO_ROOT / "data" / "templates"
    assert data_file("templates", "nothing-here.json").name == "nothing-here.json"


def test_at_least_two_templates_are_shipped():
    assert len(SHIPPED) >= 2


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_template_loads_and_is_well_shaped(path: Path):
    template = load_template(path.stem)
    assert template.id == path.stem
    assert template.name and template.description and template.suits
    assert 10 <= len(template.steps) <= 15
    for step in template.steps:
        assert step.description and step.place
        assert set(step.supports) <= set(COMMON_SUPPORTS), step.title
    ratings = [s.expected_difficulty for s in template.steps]
    assert None not in ratings and ratings == sorted(ratings)
    # A shipped ladder should not trip its own gentle hints about shape.
    assert hints(from_template(template)) == []


def test_list_templates_offers_every_shipped_file_the_full_ladder_first():
    offered = list_templates()
    assert sorted(t.id for t in offered) == sorted(p.stem for p in SHIPPED)
    full, shorter = offered[0], offered[1]
    assert len(shorter.steps) < len(full.steps)
    titles = " / ".join(step.title.lower() for step in full.steps)
    for milestone in ("drive past", "car park", "safe room", "lesson", "half day", "usual transport"):
        assert milestone in titles
    assert full.steps[0].title.lower().startswith("drive past")
    assert full.steps[-1].title.lower().endswith("usual transport")
    assert any("flexible arrival" in s.title.lower() for s in full.steps if "half day" in s.title.lower())


def test_template_steps_are_new_steps_with_fresh_ids():
    template = list_templates()[0]
    one, two = template_steps(template), template_steps(template)
    assert all(isinstance(step, Step) for step in one)
    assert [s.title for s in one] == [s.title for s in template.steps]
    assert not {s.id for s in one} & {s.id for s in two}


@pytest.mark.parametrize("name", ["no-such-ladder", "../templates/x", "", "Capitals"])
def test_an_unknown_template_is_reported_plainly(name):
    with pytest.raises(TemplateNotFoundError, match="There is no ladder template called"):
        load_template(name)


def write(folder: Path, name: str, content: object) -> None:
    text = content if isinstance(content, str) else json.dumps(content)
    (folder / f"{name}.json").write_text(text, encoding="utf-8")


GOOD = {"id": "good", "name": "Good", "steps": [{"title": "One", "planned_minutes": 10}]}


def test_a_damaged_template_is_explained_and_skipped_from_the_list(tmp_path, caplog):
    write(tmp_path, "good", GOOD)
    write(tmp_path, "torn", '{"id": "torn", "na')
    write(tmp_path, "bad", {"id": "bad", "name": "Bad", "steps": [{"title": "One", "planned_minutes": 0}]})
    write(tmp_path, "renamed", {**GOOD, "id": "other"})
    with caplog.at_level(logging.WARNING):
        assert [t.id for t in list_templates(tmp_path)] == ["good"]
    assert "torn.json" in caplog.text and "bad.json" in caplog.text
    with pytest.raises(TemplateError, match="could not be read"):
        load_template("torn", tmp_path)
    with pytest.raises(TemplateError) as caught:
        load_template("bad", tmp_path)
    assert "Step 1: Planned minutes must be a whole number from 1 to 600." in caught.value.sentences
    with pytest.raises(TemplateError, match="should be 'renamed'"):
        load_template("renamed", tmp_path)


def test_template_supports_are_normalised_like_step_supports():
    template = LadderTemplate.model_validate(
        {**GOOD, "steps": [{"title": "One", "planned_minutes": 10, "supports": ["Safe Space", "safe  space"]}]}
    )
    assert template.steps[0].supports == ["Safe Space"]  # as typed, one support in any case


def test_template_problems_name_the_step_they_are_in(tmp_path):
    write(
        tmp_path,
        "mixed",
        {
            "id": "Mixed Up",
            "name": "",
            "steps": [{"title": "Fine", "planned_minutes": 5}, {"title": "", "planned_minutes": 700}],
        },
    )
    with pytest.raises(TemplateError) as caught:
        load_template("mixed", tmp_path)
    assert caught.value.sentences == [
        "The ladder template mixed.json is not valid.",
        "Step 2: Title cannot be empty.",
        "Step 2: Planned minutes must be a whole number from 1 to 600.",
        "A template id is lower-case letters, digits and single dashes, like 'from-home-to-full-days'.",
        "Name cannot be empty.",
    ]


def test_steps_outside_school_are_marked_and_kept_on_the_family_ladder():
    """Driving past, the car park and the gate are progress, not attendance."""
    by_id = {t.id: t for t in list_templates()}
    full = by_id["from-home-to-full-days"]
    outside = [s.title for s in full.steps if not s.in_school]
    assert outside == [
        "Drive past the school",
        "Stop outside when the school is empty",
        "Sit in the car park as the day begins",
        "Walk to the quiet entrance and back",
        "Say hello to the trusted adult at the entrance",
    ]
    # Once a step goes inside, every step after it is in school.
    first_inside = next(i for i, s in enumerate(full.steps) if s.in_school)
    assert all(s.in_school for s in full.steps[first_inside:])
    assert all(s.in_school for s in by_id["from-part-days-to-full-days"].steps)
    made = template_steps(full)
    assert [s.title for s in made if not s.in_school] == outside


def test_a_template_step_is_in_school_unless_it_says_otherwise():
    raw = {"title": "Hub", "planned_minutes": 15}
    assert TemplateStep.model_validate(raw).to_step().in_school is True
    assert TemplateStep.model_validate({**raw, "in_school": False}).to_step().in_school is False
