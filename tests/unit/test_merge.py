"""Two homes, one record: `reintegrate merge` on two real copies of the demo household,
the dates every change carries, tombstones, and what is reported plainly."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from reintegrate.cli import main, write_demo
from reintegrate.models import Attempt, Contact, DayKind, DayStatus, Household, Outcome, Student, Tombstone
from reintegrate.store import Store, file_mode, migrations
from reintegrate.store.conflicts import conflicts_file
from reintegrate.store.exchange import export_document, read_export
from reintegrate.store.merge import KINDS, plan_merge, report
from reintegrate.store.paths import backup_dir

TODAY = date(2026, 11, 26)
V1 = json.loads((Path(__file__).parent / "data" / "v1_household.json").read_text())


class Clock:
    """A clock a test moves by hand: every change it dates is known in advance."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, minutes: int = 1) -> datetime:
        self.now += timedelta(minutes=minutes)
        return self.now


def run(capsys, *argv: str):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def records(path: Path) -> dict[str, list[dict]]:
    with Store.open(path, read_only=True) as store:
        household = store.household()
    return {kind: sorted((r.model_dump(mode="json") for r in getattr(household, kind)), key=lambda d: d["id"])
            for kind in [*KINDS, "tombstones"]}


def new_attempt(store: Store, on: date, note: str) -> Attempt:
    student = store.students()[0]
    step = student.ladder.current
    return Attempt(student_id=student.id, on=on, step_id=step.id, step_title=step.title,
                   planned_minutes=step.planned_minutes, outcome=Outcome.partial, minutes_managed=3, notes=note)


# --- the store dates every change ------------------------------------------------------


def test_each_save_is_dated_by_the_injected_clock_and_a_deletion_leaves_a_tombstone(tmp_path):
    clock = Clock(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
    with Store.open(tmp_path / "f.json", today=TODAY, now=clock) as store:
        student = Student(name="Mina")
        store.put(student)
        assert student.changed_at == clock.now == store.get(Student, student.id).changed_at
        day = DayStatus(student_id=student.id, on=TODAY, kind=DayKind.ill)
        store.put(day)
        store.delete(DayStatus, day.id)
        assert store.all(Tombstone) == [Tombstone(id=day.id, kind="days", deleted_at=clock.now)]
        clock.tick()
        store.put(day)  # saved again (an undo): no longer deleted
        assert store.all(Tombstone) == [] and store.get(DayStatus, day.id).changed_at == clock.now
    saved = json.loads((tmp_path / "f.json").read_text())
    assert saved["_meta"]["1"]["schema_version"] == migrations.CURRENT_VERSION
    assert saved["students"]["1"]["changed_at"] == "2026-11-26T08:00:00Z"


def test_version_1_and_2_files_are_dated_from_the_best_date_they_hold():
    v3 = migrations.migrate(copy.deepcopy(V1))
    attempts = {doc["id"]: doc for doc in v3["attempts"].values()}
    assert attempts["att-1"]["changed_at"] == "2026-09-14T00:00:00Z"
    assert v3["days"]["1"]["changed_at"] == "2026-09-17T00:00:00Z"
    # No created_on: the student is as new as their latest record.
    assert v3["students"]["1"]["changed_at"] == "2026-09-17T00:00:00Z"
    v2 = {
        "_meta": {"1": {"schema_version": 2}},
        "barriers": {"1": {"id": "b", "student_id": "s", "title": "Van", "opened_on": "2026-10-01",
                           "resolved_on": "2026-10-20"}},
        "decisions": {"1": {"id": "d", "student_id": "s", "on": "2026-10-02", "proposal_kind": "repeat",
                            "accepted": True, "decided_at": "2026-10-02T19:30:00"}},
        "students": {"1": {"id": "s", "name": "Sam", "created_on": "2026-09-01"}},
    }
    v3 = migrations.migrate(v2)
    assert v3["barriers"]["1"]["changed_at"] == "2026-10-20T00:00:00Z"
    assert v3["decisions"]["1"]["changed_at"] == "2026-10-02T19:30:00Z"
    assert v3["students"]["1"]["changed_at"] == "2026-10-20T00:00:00Z"


def test_a_version_1_export_is_still_read_and_its_records_dated(tmp_path):
    document = export_document(Household(), TODAY)
    document["version"] = 1
    document["household"] = {
        "students": [{"id": "s", "name": "Sam"}],
        "days": [{"id": "d", "student_id": "s", "on": "2026-10-05", "kind": "ill"}],
    }
    household = read_export(json.dumps(document))
    assert household.days[0].changed_at == datetime(2026, 10, 5, tzinfo=UTC)
    assert household.students[0].changed_at == datetime(2026, 10, 5, tzinfo=UTC)


# --- two real copies of the demo household ---------------------------------------------


def test_two_diverged_demo_copies_merge_the_same_both_ways_and_again_changes_nothing(capsys, tmp_path):
    home_a, home_b = tmp_path / "a" / "reintegrate.json", tmp_path / "b" / "reintegrate.json"
    for path in (home_a, home_b):
        path.parent.mkdir()
        write_demo(path, TODAY)
    clock = Clock(datetime(2026, 11, 26, 7, 0, tzinfo=UTC))
    with Store.open(home_a, today=TODAY, now=clock) as a:
        attempts = a.attempts(a.students()[0].id)
        shared, only_a = attempts[-1], attempts[-2]
        a.put(shared.model_copy(update={"notes": "Edited at mum's"}))
        clock.tick()
        a.put(only_a.model_copy(update={"child_words": "It was loud"}))
        deleted = a.all(Contact)[0]
        a.delete(Contact, deleted.id)
        a.put(new_attempt(a, TODAY, "Tried at mum's"))
    clock.tick(30)
    with Store.open(home_b, today=TODAY, now=clock) as b:
        b.put(shared.model_copy(update={"notes": "Edited at dad's, later"}))
        b.put(new_attempt(b, TODAY, "Tried at dad's"))
        edited_b = b.all(Contact)[-1]
        b.put(edited_b.model_copy(update={"answer": "They agreed"}))

    export_a, export_b = tmp_path / "a.json", tmp_path / "b.json"
    assert run(capsys, "--data", str(home_a), "export", "-o", str(export_a))[0] == 0
    assert run(capsys, "--data", str(home_b), "export", "-o", str(export_b))[0] == 0

    before = home_a.read_bytes()
    code, out, err = run(capsys, "--data", str(home_a), "merge", str(export_b), "--dry-run")
    assert code == 0 and "Nothing was written" in out and home_a.read_bytes() == before
    assert "Added from the other computer (1)" in out and "Updated" in out

    code, out, err = run(capsys, "--data", str(home_a), "merge", str(export_b))
    assert code == 0, err
    assert "Merged: 1 added, 2 updated" in out
    assert "has 2 attempts on Thu 26 Nov 2026, recorded on different computers: all are kept" in out
    code, out, err = run(capsys, "--data", str(home_b), "merge", str(export_a))
    assert code == 0, err
    assert "1 deleted" in out and "deleted on the other computer" in out

    assert records(home_a) == records(home_b)
    merged = records(home_a)
    assert {a["notes"] for a in merged["attempts"]} >= {"Edited at dad's, later", "Tried at mum's", "Tried at dad's"}
    assert deleted.id not in {c["id"] for c in merged["contacts"]}
    assert [(t["kind"], t["id"]) for t in merged["tombstones"]] == [("contacts", deleted.id)]

    # Nothing lost: mum's earlier edit and the deleted contact are kept aside, owner-only.
    for home in (home_a, home_b):
        assert file_mode(conflicts_file(home)) == 0o600
        assert list(backup_dir(home).glob("*.merge.json"))
    kept_a = json.loads(conflicts_file(home_a).read_text())["kept"]
    assert ("Edited at mum's", "this computer") in {(k["record"].get("notes"), k["from"]) for k in kept_a}
    # ... and so is the other computer's older copy of the attempt only mum changed.
    assert (only_a.id, "b.json") in {(k["id"], k["from"]) for k in kept_a}
    assert {(k["id"], k["from"]) for k in kept_a if k["kind"] == "contacts"} == {
        (edited_b.id, "this computer"),  # replaced by dad's answer
        (deleted.id, "b.json"),  # deleted here; the other computer still had it
    }
    kept_b = json.loads(conflicts_file(home_b).read_text())["kept"]
    assert deleted.id in {k["id"] for k in kept_b}

    # The same file again, either way: nothing changes, nothing more is kept aside.
    for home, export in ((home_a, export_b), (home_b, export_a)):
        before, kept = home.read_bytes(), conflicts_file(home).read_bytes()
        code, out, _ = run(capsys, "--data", str(home), "merge", str(export))
        assert code == 0 and "Nothing to change" in out
        assert home.read_bytes() == before and conflicts_file(home).read_bytes() == kept


@pytest.mark.parametrize(
    "content, reason",
    [(b"{not json", "not valid JSON"), (b'{"format": "reintegrate-export", "version": 9, "household": {}}',
                                        "newer version"),
     (b'{"format": "reintegrate-export", "version": 2, "household": {"attempts": [{"id": 1}]}}',
      "attempts[0]")],
)
def test_a_file_that_is_not_a_valid_export_changes_nothing_and_says_why(capsys, tmp_path, content, reason):
    home = tmp_path / "reintegrate.json"
    write_demo(home, TODAY)
    before = home.read_bytes()
    source = tmp_path / "other.json"
    source.write_bytes(content)
    code, out, err = run(capsys, "--data", str(home), "merge", str(source))
    assert code == 1 and "Nothing was merged" in err and reason in err and out == ""
    assert home.read_bytes() == before and not conflicts_file(home).exists()


def test_an_unreadable_conflicts_file_is_never_written_over(capsys, tmp_path):
    home, other = tmp_path / "reintegrate.json", tmp_path / "other" / "reintegrate.json"
    write_demo(home, TODAY)
    other.parent.mkdir()
    write_demo(other, TODAY)
    with Store.open(other, today=TODAY) as store:
        store.put(new_attempt(store, TODAY, "new"))
    run(capsys, "--data", str(other), "export", "-o", str(tmp_path / "x.json"))
    conflicts_file(home).write_text("half a file")
    before = home.read_bytes()
    code, _, err = run(capsys, "--data", str(home), "merge", str(tmp_path / "x.json"))
    assert code == 1 and "Move it somewhere else" in err
    assert home.read_bytes() == before and conflicts_file(home).read_text() == "half a file"


# --- reported plainly ------------------------------------------------------------------


def test_same_names_same_days_and_two_ladders_are_reported_with_what_was_done():
    t = datetime(2026, 11, 26, 8, tzinfo=UTC)
    ours = Household.model_validate(export_document(_demo(), TODAY)["household"])
    theirs = ours.model_copy(deep=True)
    sam = theirs.students[0]
    sam.ladder.steps[0].title = "Drive past, then wave"
    sam.changed_at = t
    theirs.students.append(Student(name="Sam", changed_at=t))
    day = ours.attempts[-1]
    theirs.attempts.append(day.model_copy(update={"id": "other-computer", "changed_at": t}))
    plan = plan_merge(ours, theirs, "dad.json", set())
    notes = dict(report(plan))["Worth knowing"]
    assert any("Sam's ladder differs between the two computers: the other computer's" in n for n in notes)
    assert any("Two students are called Sam, with different ids: both are kept" in n for n in notes)
    assert any(f"Sam has 2 attempts on {day.on:%a} {day.on.day}" in n for n in notes)


def _demo() -> Household:
    from reintegrate.demo import demo_household

    return demo_household(TODAY)
