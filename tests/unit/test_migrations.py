"""Forward migrations of the data file, tested on hand-written old data."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from reintegrate.models import Attempt, Contact, Student
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


# --- version 5: a follow-up linked to what it follows up ------------------------------


def _contact(doc_id: str, on: str, **fields) -> dict:
    return {"id": doc_id, "student_id": "stu-mina", "on": on, "person": "Mrs Lopes", "channel": "email",
            "summary": "", "request": "", "due_on": None, "answered_on": None, "answer": "",
            "letter_kind": "", "changed_at": f"{on}T00:00:00Z", **fields}


def _version_4(*contacts: dict) -> dict:
    data = migrations.migrate(copy.deepcopy(V1))
    data["_meta"]["1"]["schema_version"] = 4
    data["contacts"] = {str(n): doc for n, doc in enumerate(contacts, start=1)}
    return data


def _links(data: dict) -> dict[str, str | None]:
    return {doc["id"]: doc.get("follows_up", "absent") for doc in data["contacts"].values()}


def test_version_5_links_an_old_follow_up_to_the_unanswered_request_to_the_same_person():
    data = _version_4(
        _contact("answered", "2026-10-20", due_on="2026-10-27", answered_on="2026-10-26"),
        _contact("email", "2026-11-02", due_on="2026-11-09"),
        _contact("to-someone-else", "2026-11-03", due_on="2026-11-05", person="Mr Hughes"),
        _contact("follow-up", "2026-11-10", due_on="2026-11-17", letter_kind="follow_up", summary="Follow-up"),
        _contact("asked-later", "2026-11-12", due_on="2026-11-13"),
    )
    before = copy.deepcopy(data["contacts"])
    migrated = migrations.migrate(data)
    assert migrated["_meta"]["1"]["schema_version"] == migrations.CURRENT_VERSION
    assert _links(migrated)["follow-up"] == "email"
    # Nothing else changes, not even when the records were last changed: two homes
    # upgrading the same records end up with the same records.
    follow_up = next(d for d in migrated["contacts"].values() if d["id"] == "follow-up")
    assert follow_up["changed_at"] == "2026-11-10T00:00:00Z"
    assert [d for d in migrated["contacts"].values() if d["id"] != "follow-up"] == [
        d for d in before.values() if d["id"] != "follow-up"
    ]
    Contact.model_validate(follow_up)


def test_version_5_prefers_the_request_the_follow_up_names_by_date():
    data = _version_4(
        _contact("first", "2026-11-02", due_on="2026-11-09"),
        _contact("second", "2026-11-04", due_on="2026-11-06", person="Mr Hughes"),
        # The letter of the time wrote the request's date in its subject, to whoever.
        _contact("follow-up", "2026-11-10", due_on="2026-11-17", letter_kind="follow_up",
                 summary="Follow-up: evaluation request, sent Wednesday 4 November 2026"),
        _contact("second-follow-up", "2026-11-18", due_on="2026-11-25", letter_kind="follow_up",
                 summary="Follow-up: my request, sent Monday 2 November 2026"),
    )
    links = _links(migrations.migrate(data))
    assert links["follow-up"] == "second"
    assert links["second-follow-up"] == "first"


def test_version_5_leaves_a_follow_up_unlinked_when_nothing_fits():
    data = _version_4(
        _contact("answered-before", "2026-11-02", due_on="2026-11-09", answered_on="2026-11-09"),
        _contact("no-due-date", "2026-11-03"),
        _contact("other-student", "2026-11-04", due_on="2026-11-06") | {"student_id": "someone-else"},
        _contact("follow-up", "2026-11-10", due_on="2026-11-17", letter_kind="follow_up"),
        _contact("linked-already", "2026-11-11", due_on="2026-11-18", letter_kind="follow_up",
                 follows_up=None),
    )
    links = _links(migrations.migrate(data))
    assert links["follow-up"] is None
    assert links["linked-already"] is None  # chosen before: kept as it is
    assert links["no-due-date"] == "absent"  # only follow-up letters are touched


def test_an_upgraded_file_shows_one_thread(tmp_path):
    from reintegrate.contacts import waiting_on_school
    from reintegrate.schooldays import SchoolDays
    from reintegrate.store import Store

    data = _version_4(
        _contact("email", "2026-11-02", due_on="2026-11-09"),
        _contact("follow-up", "2026-11-10", due_on="2026-11-17", letter_kind="follow_up"),
    )
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    with Store.open(path, read_only=True) as store:
        student = store.all(Student)[0]
        contacts = store.all(Contact, student.id)
        [waiting] = waiting_on_school(contacts, SchoolDays(student.calendar), date(2026, 11, 12))
    assert waiting.sentence == "Email to Mrs Lopes sent 2 Nov, followed up 10 Nov — answer due Tue 17 Nov."


def test_version_5_passes_over_records_that_are_not_valid():
    data = _version_4(
        _contact("email", "2026-11-02", due_on="2026-11-09") | {"student_id": ["not", "an", "id"]},
        _contact("bad-date", "yesterday", due_on=12),
        _contact("follow-up", "2026-11-10", letter_kind="follow_up") | {"student_id": {"x": 1}},
        _contact("follow-up-2", "not a date", letter_kind="follow_up", summary=None),
    )
    links = _links(migrations.migrate(data))
    assert links["follow-up"] == "absent" and links["follow-up-2"] is None


def test_version_5_on_thousands_of_old_follow_ups_takes_no_time_to_speak_of():
    import time

    # Every follow-up made before every request: nothing fits, the worst case to look for.
    requests = [_contact(f"r{n}", "2026-11-20", due_on="2026-11-27") for n in range(5_000)]
    follow_ups = [_contact(f"f{n}", "2026-11-02", letter_kind="follow_up") for n in range(5_000)]
    data = _version_4(*requests, *follow_ups)
    started = time.perf_counter()
    links = _links(migrations.migrate(data))
    assert time.perf_counter() - started < 5  # a loop over every pair took minutes
    assert links["f0"] is None and links["f4999"] is None


# --- version 4: a student's parts dated one by one -----------------------------------


def test_version_4_dates_every_part_of_a_student_by_the_students_last_change():
    data = {
        "_meta": {"1": {"schema_version": 3}},
        "students": {"1": {"id": "s1", "name": "Sam", "changed_at": "2026-11-20T09:00:00Z"},
                     "2": {"id": "s2", "name": "Mina"}},  # of unknown age: nothing to date it by
        "attempts": {},
    }
    migrated = migrations.migrate(data)
    assert migrated["_meta"]["1"]["schema_version"] == migrations.CURRENT_VERSION
    sam = Student.model_validate(migrated["students"]["1"])
    assert set(sam.part_changes) == set(STUDENT_PARTS)
    assert {tuple(d.isoformat() for d in dates) for dates in sam.part_changes.values()} == {
        ("2026-11-20T09:00:00+00:00",)}
    assert Student.model_validate(migrated["students"]["2"]).part_changes == {}
    # The migration's own list of parts is the model's, with the parts later versions
    # added and dated themselves (version 6: supports at home).
    assert (*migrations._V4_STUDENT_PARTS, "home_supports") == STUDENT_PARTS
    assert set(STUDENT_PARTS) == set(Student.model_fields) - {"id", "changed_at", "part_changes"}


def test_a_version_3_file_gets_both_its_students_parts_dated_and_its_follow_ups_linked():
    data = _version_4(
        _contact("email", "2026-11-02", due_on="2026-11-09"),
        _contact("follow-up", "2026-11-10", due_on="2026-11-17", letter_kind="follow_up"),
    )
    data["_meta"]["1"]["schema_version"] = 3
    for student in data["students"].values():
        student.pop("part_changes", None)
        student["changed_at"] = "2026-11-20T09:00:00Z"
    migrated = migrations.migrate(data)
    assert migrated["_meta"]["1"]["schema_version"] == migrations.CURRENT_VERSION == 6
    assert _links(migrated)["follow-up"] == "email"
    for student in migrated["students"].values():
        assert set(Student.model_validate(student).part_changes) == set(STUDENT_PARTS)


# --- version 6: supports at home, a student part of their own -----------------------


def _version_5(**student: object) -> dict:
    return {
        "_meta": {"1": {"schema_version": 5}},
        "students": {"1": {"id": "s1", "name": "Jade", "changed_at": "2027-03-12T18:00:00Z",
                           "part_changes": {"name": ["2027-02-01T08:00:00Z"],
                                            "ladder": ["2027-02-01T08:00:00Z", "2027-03-12T18:00:00Z"]},
                           **student}},
        "attempts": {},
    }


def test_version_6_gives_every_student_an_empty_list_of_supports_at_home_dated_as_early_as_known():
    migrated = migrations.migrate(_version_5(created_on="2027-01-25"))
    assert migrated["_meta"]["1"]["schema_version"] == migrations.CURRENT_VERSION == 6
    jade = Student.model_validate(migrated["students"]["1"])
    assert jade.home_supports == []
    # Dated by the day Jade was set up, not by her latest change (the ladder's, on
    # 12 Mar): a support added at home after the upgrade is newer, on any computer.
    assert [d.isoformat() for d in jade.part_changes["home_supports"]] == ["2027-01-25T00:00:00+00:00"]
    assert [d.isoformat() for d in jade.part_changes["ladder"]][-1] == "2027-03-12T18:00:00+00:00"


def test_version_6_without_a_start_date_takes_the_oldest_change_of_any_part():
    migrated = migrations.migrate(_version_5())
    jade = Student.model_validate(migrated["students"]["1"])
    assert [d.isoformat() for d in jade.part_changes["home_supports"]] == ["2027-02-01T08:00:00+00:00"]


def test_version_6_keeps_what_a_student_already_has_and_passes_over_what_is_not_a_student():
    data = _version_5(home_supports=[{"support": "a written agreement", "started_on": "2027-03-16"}])
    data["students"]["1"]["part_changes"]["home_supports"] = ["2027-03-16T08:00:00Z"]
    data["students"]["2"] = "not a student"
    migrated = migrations.migrate(data)
    jade = Student.model_validate(migrated["students"]["1"])
    assert [h.support for h in jade.home_supports] == ["a written agreement"]
    assert [d.isoformat() for d in jade.part_changes["home_supports"]] == ["2027-03-16T08:00:00+00:00"]
    assert migrated["students"]["2"] == "not a student"


def test_after_version_6_a_support_added_at_home_on_one_computer_wins_the_merge_without_a_conflict():
    from datetime import UTC, datetime

    from reintegrate.models import HomeSupport, Household
    from reintegrate.store.changes import restamp
    from reintegrate.store.merge import resolve

    upgraded = Student.model_validate(migrations.migrate(_version_5())["students"]["1"])
    here = upgraded.model_copy(deep=True)
    here.home_supports = [HomeSupport(support="a written agreement", started_on=date(2027, 3, 16))]
    restamp(here, upgraded, datetime(2027, 3, 16, 8, tzinfo=UTC))
    there = upgraded.model_copy(deep=True)
    there.name = "Jade B."
    restamp(there, upgraded, datetime(2027, 3, 17, 8, tzinfo=UTC))  # later, but another part
    both = resolve(here, there)
    assert both.parts == {}  # no part was changed on both computers
    assert [h.support for h in both.record.home_supports] == ["a written agreement"]
    assert both.record.name == "Jade B."
    Household(students=[both.record])
