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
    assert "1 added, 2 updated; 2 versions kept aside. Nothing was written (--dry-run)." in out  # a sentence each
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
    # A record changed on one computer only is no conflict: the other computer's older
    # copy of the attempt only mum changed, and this computer's copy of the contact
    # only dad answered, are not kept aside (nothing in them was lost).
    assert only_a.id not in {k["id"] for k in kept_a}
    assert {(k["id"], k["from"]) for k in kept_a if k["kind"] == "contacts"} == {
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


def diverged_homes(tmp_path) -> tuple[Path, Path]:
    """Mum's and dad's data files: the demo household, then an attempt each, an edit at
    dad's and a contact deleted at dad's."""
    mum, dad = tmp_path / "mum" / "reintegrate.json", tmp_path / "dad" / "reintegrate.json"
    mum.parent.mkdir()
    write_demo(mum, TODAY)
    dad.parent.mkdir()
    dad.write_bytes(mum.read_bytes())
    clock = Clock(datetime(2026, 11, 26, 7, 0, tzinfo=UTC))
    with Store.open(mum, today=TODAY, now=clock) as store:
        store.put(new_attempt(store, TODAY, "Tried at mum's"))
    clock.tick(30)
    with Store.open(dad, today=TODAY, now=clock) as store:
        store.put(new_attempt(store, TODAY, "Tried at dad's"))
        first = store.attempts(store.students()[0].id)[0]
        store.put(first.model_copy(update={"notes": "Edited at dad's"}))
        store.delete(Contact, store.all(Contact)[0].id)
    return mum, dad


def test_a_copy_of_the_other_data_file_merges_as_its_export_does_and_is_never_touched(capsys, tmp_path):
    """A family copies dad's data file across rather than exporting it: merge reads it as
    the store reads its own file, and merges it by the same rules as dad's export."""
    mum, dad = diverged_homes(tmp_path)
    carried = tmp_path / "usb" / "dad-reintegrate.json"
    carried.parent.mkdir()
    carried.write_bytes(dad.read_bytes())
    export = tmp_path / "dad-export.json"
    assert run(capsys, "--data", str(dad), "export", "-o", str(export))[0] == 0
    mum_again = tmp_path / "mum-again" / "reintegrate.json"
    mum_again.parent.mkdir()
    mum_again.write_bytes(mum.read_bytes())
    carried_bytes, usb_before = carried.read_bytes(), sorted(p.name for p in carried.parent.iterdir())

    code, by_copy, err = run(capsys, "--data", str(mum), "merge", str(carried), "--dry-run")
    assert code == 0, err
    code, by_export, err = run(capsys, "--data", str(mum_again), "merge", str(export), "--dry-run")
    assert code == 0, err
    assert "1 added, 1 updated, 1 deleted" in by_copy
    assert by_copy.replace(str(carried), "F").replace(carried.name, "N") == \
        by_export.replace(str(export), "F").replace(export.name, "N").replace(str(mum_again), str(mum))

    assert run(capsys, "--data", str(mum), "merge", str(carried))[0] == 0
    assert run(capsys, "--data", str(mum_again), "merge", str(export))[0] == 0
    assert records(mum) == records(mum_again)
    assert "Tried at dad's" in {a["notes"] for a in records(mum)["attempts"]}
    # Read only: no lock, no backup, no migration written, not a byte changed.
    assert carried.read_bytes() == carried_bytes
    assert sorted(p.name for p in carried.parent.iterdir()) == usb_before


@pytest.mark.parametrize(
    "content, reason",
    [(b'{"_meta": {"1": {"schema_version": 999}}}', "newer"),
     (b'{"_meta": {"1": {"schema_version": 1}}, "attempts": {"1": {"id": "a", "on": "soon"}}}', "is not valid"),
     (b'{"_meta": {"1": {"schema_version": 1}}, "attempts": []}', "unexpected layout")],
)
def test_a_data_file_that_cannot_be_read_changes_nothing_and_says_it_is_a_data_file(capsys, tmp_path, content, reason):
    home = tmp_path / "reintegrate.json"
    write_demo(home, TODAY)
    before = home.read_bytes()
    source = tmp_path / "copy.json"
    source.write_bytes(content)
    code, out, err = run(capsys, "--data", str(home), "merge", str(source))
    assert code == 1 and out == "" and "Nothing was merged" in err
    assert "It is a reintegrate data file, but it cannot be read" in err and reason in err
    assert home.read_bytes() == before and source.read_bytes() == content and not conflicts_file(home).exists()


def test_import_of_a_data_file_names_the_command_that_exports_it(capsys, tmp_path):
    home = tmp_path / "reintegrate.json"
    write_demo(home, TODAY)
    copy_of_it = tmp_path / "b.json"
    copy_of_it.write_bytes(home.read_bytes())
    code, out, err = run(capsys, "import", "--check", str(copy_of_it))
    assert code == 1 and out == ""
    assert "Nothing was imported. It is a reintegrate data file (a copy of one), not an export." in err
    assert f"'reintegrate export --format json --data {copy_of_it} -o {tmp_path / 'b-export.json'}'" in err


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
    assert "Sam's ladder was changed on both computers: the other computer's change, the later, is kept, and the " \
           "other version is in the conflicts file." in notes
    assert any("Two students are called Sam, with different ids: both are kept" in n for n in notes)
    assert any(f"Sam has 2 attempts on {day.on:%a} {day.on.day}" in n for n in notes)


def _demo() -> Household:
    from reintegrate.demo import demo_household

    return demo_household(TODAY)


# --- tombstones are keyed by kind and id ---------------------------------------------


def test_an_attempt_and_a_contact_sharing_an_id_both_stay_deleted(capsys, tmp_path):
    """The format lets two kinds share an id: deleting both leaves two tombstones, the
    export holding them is read back, and a copy that still has both brings neither back."""
    home, other = tmp_path / "reintegrate.json", tmp_path / "other.json"
    clock = Clock(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
    with Store.open(home, today=TODAY, now=clock) as store:
        student = Student(name="Mina")
        store.put(student)
        step_less = Attempt(student_id=student.id, on=TODAY, step_id="s", step_title="Drive past",
                            planned_minutes=5, outcome=Outcome.partial, minutes_managed=3, id="shared-id")
        contact = Contact(student_id=student.id, on=TODAY, person="Mrs Lopes", id="shared-id")
        store.put_many([step_less, contact])
        theirs = store.household()
        clock.tick()
        store.delete(Attempt, "shared-id")
        clock.tick()
        store.delete(Contact, "shared-id")
        assert sorted((t.kind, t.id) for t in store.all(Tombstone)) == [
            ("attempts", "shared-id"), ("contacts", "shared-id")]
    with Store.open(home, today=TODAY, now=clock) as store:  # the file with both opens cleanly
        assert len(store.all(Tombstone)) == 2
        plan = plan_merge(store.household(), theirs, "other.json", set())
        assert not plan.added and plan.result.attempts == [] and plan.result.contacts == []
    assert run(capsys, "--data", str(home), "export", "-o", str(other))[0] == 0
    assert len(read_export(other.read_bytes()).tombstones) == 2
    # Saving the attempt again revives it alone: the contact's tombstone stays.
    with Store.open(home, today=TODAY, now=clock) as store:
        store.put(step_less)
        assert [(t.kind, t.id) for t in store.all(Tombstone)] == [("contacts", "shared-id")]


# --- a change made on one computer only is never undone --------------------------------


def two_homes(tmp_path) -> tuple[Path, Path]:
    """Two computers holding the same records: the second imported the first's export."""
    home_a, home_c = tmp_path / "a" / "reintegrate.json", tmp_path / "c" / "reintegrate.json"
    home_a.parent.mkdir()
    home_c.parent.mkdir()
    write_demo(home_a, TODAY)
    with Store.open(home_a, today=TODAY, now=Clock(datetime(2026, 11, 25, 20, 0, tzinfo=UTC))) as store:
        student = store.students()[0]
        store.put(student)  # dated, as any family's file is after its first save
        household = store.household()
    with Store.open(home_c, today=TODAY) as store:
        store.replace_all(household)
    return home_a, home_c


def export(capsys, home: Path, target: Path) -> Path:
    assert run(capsys, "--data", str(home), "export", "-o", str(target))[0] == 0
    return target


def test_a_step_moved_on_one_computer_survives_a_rename_made_later_on_the_other(capsys, tmp_path):
    home_a, home_c = two_homes(tmp_path)
    with Store.open(home_a, today=TODAY, now=Clock(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))) as store:
        student = store.students()[0]
        ladder = student.ladder
        moved_to = next(s for s in ladder.active if s.id != ladder.current_step_id)
        store.put(student.model_copy(update={"ladder": ladder.model_copy(update={"current_step_id": moved_to.id})}))
    with Store.open(home_c, today=TODAY, now=Clock(datetime(2026, 11, 26, 11, 0, tzinfo=UTC))) as store:
        store.put(store.students()[0].model_copy(update={"name": "Samuel"}))
        renamed = store.students()[0]
        assert renamed.part_changes["name"][-1] > renamed.part_changes["ladder"][-1]  # only the name is new
    export_a, export_c = export(capsys, home_a, tmp_path / "a.json"), export(capsys, home_c, tmp_path / "c.json")

    code, out, _ = run(capsys, "--data", str(home_a), "merge", str(export_c))
    assert code == 0 and "ladder" not in out and "kept aside" not in out, out
    code, out, _ = run(capsys, "--data", str(home_c), "merge", str(export_a))
    assert code == 0 and "ladder" not in out and "kept aside" not in out, out
    for home in (home_a, home_c):
        with Store.open(home, read_only=True) as store:
            student = store.students()[0]
            assert (student.name, student.ladder.current_step_id) == ("Samuel", moved_to.id)
        assert not conflicts_file(home).exists()
    assert records(home_a) == records(home_c)


def test_one_part_changed_on_both_computers_is_a_conflict_said_by_name(capsys, tmp_path):
    home_a, home_c = two_homes(tmp_path)
    with Store.open(home_a, today=TODAY, now=Clock(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))) as store:
        store.put(store.students()[0].model_copy(update={"name": "Sammy"}))
    with Store.open(home_c, today=TODAY, now=Clock(datetime(2026, 11, 26, 11, 0, tzinfo=UTC))) as store:
        student = store.students()[0]
        store.put(student.model_copy(update={"name": "Samuel", "settings": student.settings.model_copy(
            update={"advance_after_successes": 4})}))
    code, out, _ = run(capsys, "--data", str(home_a), "merge", str(export(capsys, home_c, tmp_path / "c.json")))
    assert code == 0
    assert "Samuel's name was changed on both computers: the other computer's change, the later, is kept" in out
    with Store.open(home_a, read_only=True) as store:
        student = store.students()[0]
        assert (student.name, student.settings.advance_after_successes) == ("Samuel", 4)
    kept = json.loads(conflicts_file(home_a).read_text())["kept"]
    assert [(k["record"]["name"], k["from"]) for k in kept] == [("Sammy", "this computer")]


def test_only_records_that_differ_in_what_they_say_are_conflicts(capsys, tmp_path):
    """A contact only the other home changed is an update, nothing kept aside; the notes
    of one day edited in both homes are the conflict, said and kept aside; a record whose
    copies differ only in when they were saved is not mentioned at all."""
    home_a, home_c = two_homes(tmp_path)
    with Store.open(home_a, today=TODAY) as store:
        contact = store.all(Contact)[0]
        attempt = store.attempts(store.students()[0].id)[-1]
        untouched = store.attempts(store.students()[0].id)[0]
    with Store.open(home_a, today=TODAY, now=Clock(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))) as store:
        store.put(attempt.model_copy(update={"notes": "Notes written at mum's"}))
        store.put(untouched)  # saved again, saying the same
    with Store.open(home_c, today=TODAY, now=Clock(datetime(2026, 11, 26, 11, 0, tzinfo=UTC))) as store:
        store.put(contact.model_copy(update={"answer": "They agreed to meet"}))
        store.put(attempt.model_copy(update={"notes": "Notes written at dad's"}))
    code, out, _ = run(capsys, "--data", str(home_a), "merge", str(export(capsys, home_c, tmp_path / "c.json")))
    assert code == 0
    assert "Merged: 2 updated; 1 version kept aside." in out
    kept = json.loads(conflicts_file(home_a).read_text())["kept"]
    assert [(k["kind"], k["record"]["notes"], k["from"]) for k in kept] == [
        ("attempts", "Notes written at mum's", "this computer")]


def test_a_version_dated_in_the_future_is_named_before_it_wins(capsys, tmp_path):
    home_a, home_c = two_homes(tmp_path)
    with Store.open(home_c, today=TODAY, now=Clock(datetime(2031, 1, 5, 9, 30, tzinfo=UTC))) as store:
        attempt = store.attempts(store.students()[0].id)[-1]
        store.put(attempt.model_copy(update={"notes": "From a computer set to 2031"}))
    export_c = export(capsys, home_c, tmp_path / "c.json")
    with Store.open(home_a, read_only=True) as store:
        theirs = read_export(export_c.read_bytes())
        near = plan_merge(store.household(), theirs, "c.json", set(), datetime(2031, 1, 5, 9, 25, tzinfo=UTC))
        plan = plan_merge(store.household(), theirs, "c.json", set(), datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    assert near.future == []  # a clock minutes ahead is not worth a word
    assert plan.future == [
        f"Sam's attempt on {attempt.on:%a} {attempt.on.day} {attempt.on:%b %Y}, saved on Sun 5 Jan 2031 at 09:30 "
        "UTC by the other computer's clock, after now (Thu 26 Nov 2026 at 09:00 UTC): it wins every merge until "
        "then. Check that computer's date and time."]
    code, out, _ = run(capsys, "--data", str(home_a), "merge", str(export_c), "--dry-run")
    assert code == 0 and "Dated in the future (1):" in out and "saved on Sun 5 Jan 2031" in out


def test_the_store_dates_only_the_parts_of_a_student_a_save_changed(tmp_path):
    clock = Clock(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
    with Store.open(tmp_path / "f.json", today=TODAY, now=clock) as store:
        store.put(Student(name="Mina"))
        first = clock.now
        clock.tick()
        student = store.students()[0]
        student.name = "Mina B"  # even changed in place, on the store's own copy
        store.put(student)
        saved = store.students()[0]
        assert saved.part_changes["name"] == [first, clock.now]
        assert saved.part_changes["ladder"] == [first] and saved.changed_at == clock.now
        attempt = new_attempt_for(saved)
        store.put(attempt)
        clock.tick()
        store.put(attempt.model_copy(update={"notes": "later"}))
        assert store.get(Attempt, attempt.id).replaces == [clock.now - timedelta(minutes=1)]


def new_attempt_for(student: Student) -> Attempt:
    return Attempt(student_id=student.id, on=TODAY, step_id="s", step_title="Drive past", planned_minutes=5,
                   outcome=Outcome.partial, minutes_managed=3)
