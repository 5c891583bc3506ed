"""Forward migrations of the data file, tested on hand-written old data."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from reintegrate.models import Attempt, Student
from reintegrate.models.student import STUDENT_PARTS
from reintegrate.store import migrations

V1 = json.loads((Path(__file__).parent / "data" / "v1_household.json").read_text())


def test_every_old_version_has_a_step_to_the_next():
    assert sorted(migrations.MIGRATIONS) == list(range(1, migrations.CURRENT_VERSION))


def test_version_1_attempts_get_the_step_copied_onto_them():
    data = migrations.migrate(copy.deepcopy(V1))
    assert data["_meta"]["1"]["schema_version"] == migrations.CURRENT_VERSION
    attempts = {doc["id"]: Attempt.model_validate(doc) for doc in data["attempts"].values()}
    assert (attempts["att-1"].step_title, attempts["att-1"].planned_minutes) == ("Drive past the school", 10)
    assert (attempts["att-2"].step_title, attempts["att-2"].planned_minutes) == ("Sit outside the gate", 15)
    # A step deleted from the ladder before the upgrade: a plain title, and a planned
    # time the attempt itself makes plausible (never 0, which is not a valid plan).
    assert (attempts["att-3"].step_title, attempts["att-3"].planned_minutes) == ("A step no longer on the ladder", 1)
    Student.model_validate(data["students"]["1"])  # untouched and still valid


def test_a_missing_step_takes_its_planned_time_from_the_minutes_managed():
    data = copy.deepcopy(V1)
    data["attempts"]["2"]["step_id"] = "gone"
    migrated = migrations.migrate(data)
    assert migrated["attempts"]["2"]["planned_minutes"] == 8


def test_what_an_attempt_already_has_is_kept():
    data = copy.deepcopy(V1)
    data["attempts"]["1"].update(step_title="As it was called then", planned_minutes=12)
    migrated = migrations.migrate(data)
    assert (migrated["attempts"]["1"]["step_title"], migrated["attempts"]["1"]["planned_minutes"]) == (
        "As it was called then",
        12,
    )


def test_a_current_file_is_left_as_it_is():
    data = migrations.migrate(copy.deepcopy(V1))
    assert migrations.migrate(copy.deepcopy(data)) == data


def test_a_newer_file_is_refused_not_downgraded():
    data = copy.deepcopy(V1)
    data["_meta"]["1"]["schema_version"] = migrations.CURRENT_VERSION + 1
    with pytest.raises(migrations.TooNew) as caught:
        migrations.migrate(data)
    assert "newer version of reintegrate" in str(caught.value)
    assert data["_meta"]["1"]["schema_version"] == migrations.CURRENT_VERSION + 1


@pytest.mark.parametrize(
    "meta",
    [None, {}, {"1": "x"}, {"1": {}}, {"1": {"schema_version": "2"}}, {"1": {"schema_version": 0}},
     {"1": {"schema_version": True}}, {"1": {"schema_version": 1.5}}],
)
def test_a_file_without_a_usable_version_is_not_ours(meta):
    data = {"students": {}} if meta is None else {"_meta": meta}
    with pytest.raises(migrations.NotOurs):
        migrations.version_of(data)


def test_version_4_dates_every_part_of_a_student_by_the_students_last_change():
    data = {
        "_meta": {"1": {"schema_version": 3}},
        "students": {"1": {"id": "s1", "name": "Sam", "changed_at": "2026-11-20T09:00:00Z"},
                     "2": {"id": "s2", "name": "Mina"}},  # of unknown age: nothing to date it by
        "attempts": {},
    }
    migrated = migrations.migrate(data)
    assert migrated["_meta"]["1"]["schema_version"] == 4
    sam = Student.model_validate(migrated["students"]["1"])
    assert set(sam.part_changes) == set(STUDENT_PARTS)
    assert {tuple(d.isoformat() for d in dates) for dates in sam.part_changes.values()} == {
        ("2026-11-20T09:00:00+00:00",)}
    assert Student.model_validate(migrated["students"]["2"]).part_changes == {}
    # The migration's own list of parts is the model's (a new part needs no migration:
    # undated, it takes the student's changed_at when merged).
    assert migrations._V4_STUDENT_PARTS == STUDENT_PARTS
    assert set(STUDENT_PARTS) == set(Student.model_fields) - {"id", "changed_at", "part_changes"}
