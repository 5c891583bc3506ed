"""Reading one student's attempts and days from a file without parsing the others'
(`reintegrate.store.partial`, used as Today is worked out before the first paint):
the same records and the same Today as reading the whole file, or the whole file
read whenever the layout leaves any doubt."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from benchmarks.synth import school_years
from reintegrate.models import Attempt, DayStatus, Household
from reintegrate.store import DataFileDamaged, Store, checks
from reintegrate.store.partial import tables_for
from screens.session import CURRENT_STUDENT_KEY, Session
from screens.today_text import today_view
from tests.unit.one_truth_households import TODAY, households

KEY = CURRENT_STUDENT_KEY
_SETTINGS = settings(max_examples=20, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                            HealthCheck.function_scoped_fixture])


def write(path: Path, household: Household, current: str) -> Path:
    with Store.open(path, today=TODAY) as store, store.batch():
        store.replace_all(household)
        store.set_meta(KEY, current)
    return path


def only(full: dict, student_id: str) -> dict:
    """The whole file's tables with the attempts and days of `student_id` alone."""
    return {name: ({n: d for n, d in docs.items() if d.get("student_id") == student_id}
                   if name in ("attempts", "days") else docs)
            for name, docs in full.items()}


@pytest.fixture
def three(tmp_path) -> tuple[Path, Household]:
    household = school_years(3, 1, TODAY, seed=3)
    return write(tmp_path / "family.json", household, household.students[1].id), household


def test_the_tables_read_for_one_student_are_the_whole_files_with_only_their_attempts_and_days(three):
    path, household = three
    raw = path.read_bytes()
    tables, student_id = tables_for(raw, KEY)
    assert student_id == household.students[1].id
    assert tables == only(json.loads(raw), student_id)
    assert 0 < len(tables["attempts"]) < len(json.loads(raw)["attempts"])


@_SETTINGS
@given(household=households())
def test_today_from_one_students_records_is_today_from_the_whole_file(monkeypatch, household):
    """For every student of varied households (decisions, barriers, days ahead): the
    same records, and the same Today, as from the whole file."""
    monkeypatch.setattr(checks, "ONE_STUDENT_FROM", 0)  # these files are small
    with tempfile.TemporaryDirectory() as folder:
        for student in household.students:
            path = write(Path(folder) / f"{student.id}.json", household, student.id)
            with Store.open(path, read_only=True, verify=False, one_student=KEY) as one:
                assert one.one_student_id == (student.id if len(household.students) > 1 else None)
                seen = Session(store=one, today=TODAY).student()
                ours = (one.attempts(seen.id), one.days(seen.id), today_view(Session(store=one, today=TODAY), seen))
            with Store.open(path, read_only=True) as whole:
                session = Session(store=whole, today=TODAY)
                assert seen == session.student() == student
                assert ours == (whole.attempts(student.id), whole.days(student.id), today_view(session, student))


def test_a_store_that_read_one_student_refuses_to_answer_for_another(three, monkeypatch):
    monkeypatch.setattr(checks, "ONE_STUDENT_FROM", 0)
    path, household = three
    with Store.open(path, read_only=True, verify=False, one_student=KEY) as store:
        assert store.one_student_id == household.students[1].id
        assert store.attempts(household.students[1].id)
        with pytest.raises(RuntimeError):
            store.attempts(household.students[0].id)
        with pytest.raises(RuntimeError):
            store.verify()
    with pytest.raises(ValueError):
        Store.open(path, one_student=KEY)  # a store that may write reads everyone's


def _indented(raw: bytes, student_id: str) -> bytes:
    return json.dumps(json.loads(raw), indent=1).encode()


def _escaped_id(raw: bytes, student_id: str) -> bytes:
    # The same id, its first letter escaped: the same file to a JSON parser.
    first = f'"student_id":"{student_id}"'.encode()
    return raw.replace(first, f'"student_id":"\\u{ord(student_id[0]):04x}{student_id[1:]}"'.encode(), 1)


def _named_twice(raw: bytes, student_id: str) -> bytes:
    # A key given twice: the last counts to a JSON parser (the app refuses the file).
    first = f'"student_id":"{student_id}"'.encode()
    return raw.replace(first, first + b',"student_id":"' + b"0" * len(student_id) + b'"', 1)


def _older_schema(raw: bytes, student_id: str) -> bytes:
    data = json.loads(raw)
    data["_meta"]["1"]["schema_version"] -= 1
    return json.dumps(data, separators=(",", ":")).encode()


def _stranger(raw: bytes, student_id: str) -> bytes:
    return raw.replace(f'"{KEY}":"{student_id}"'.encode(), f'"{KEY}":"nobody"'.encode(), 1)


def _reordered(raw: bytes, student_id: str) -> bytes:
    data = json.loads(raw)
    data["attempts"] = {n: dict(reversed(list(d.items()))) for n, d in data["attempts"].items()}
    return json.dumps(data, separators=(",", ":")).encode()


def test_documents_that_end_with_an_object_are_read_as_well(three):
    """Written by another tool in another order, each attempt ending with its morning
    (`}}` inside the table): still one student's documents, exactly."""
    path, household = three
    data = json.loads(path.read_bytes())
    data["attempts"] = {n: {**{k: v for k, v in d.items() if k != "morning"}, "morning": d["morning"]}
                        for n, d in data["attempts"].items()}
    raw = json.dumps(data, separators=(",", ":")).encode()
    assert b'}},"2":{' in raw
    found = tables_for(raw, KEY)
    assert found is not None and found[0] == only(data, household.students[1].id)


@pytest.mark.parametrize("change", [_indented, _escaped_id, _named_twice, _older_schema, _stranger, _reordered])
def test_any_other_layout_is_read_whole(three, change):
    """A file edited by hand or written otherwise: nothing is guessed."""
    path, household = three
    raw = change(path.read_bytes(), household.students[1].id)
    assert tables_for(raw, KEY) is None


def test_a_file_of_one_student_or_a_small_file_is_parsed_whole(tmp_path, three):
    path, _ = three
    assert len(path.read_bytes()) < checks.ONE_STUDENT_FROM
    assert checks.parse_one_student(path.read_bytes(), KEY)[1] is None
    alone = school_years(1, 1, TODAY, seed=3)
    raw = write(tmp_path / "alone.json", alone, alone.students[0].id).read_bytes()
    assert tables_for(raw, KEY) is None


def test_damage_is_damage_still(three, monkeypatch):
    monkeypatch.setattr(checks, "ONE_STUDENT_FROM", 0)
    path, household = three
    raw = path.read_bytes()
    for broken in (raw[:-1], raw[: len(raw) // 2], b"[" + raw[1:]):
        assert tables_for(broken, KEY) is None
        with pytest.raises(checks.Damage):
            checks.parse_one_student(broken, KEY)
    # Damage inside another student's record is not looked at, as their records' other
    # faults never were before the first paint: the app, which reads the whole file
    # right after it, refuses the file as ever.
    others = next(a for a in household.attempts if a.student_id != household.students[1].id)
    hidden = raw.replace(f'"id":"{others.id}","student_id":"{others.student_id}","on":"'.encode(),
                         f'"id":"{others.id}","student_id":"{others.student_id}","on":'.encode())
    assert hidden != raw and tables_for(hidden, KEY) is not None
    with pytest.raises(checks.Damage):
        checks._parse(hidden)


def test_today_worked_out_beside_the_app_reads_one_students_records(tmp_path, monkeypatch):
    """`screens.launch.work_out_today` takes this road, and its Today is the app's."""
    from screens.launch import work_out_today
    from screens.today_cache import content_key, kept_view

    monkeypatch.setattr(checks, "ONE_STUDENT_FROM", 0)
    household = school_years(3, 1, TODAY, seed=4)
    path = write(tmp_path / "family.json", household, household.students[2].id)
    opened = []
    real = Store.open

    def recording(*args, **kwargs):
        store = real(*args, **kwargs)
        opened.append(store.one_student_id)
        return store

    monkeypatch.setattr(Store, "open", recording)
    view = work_out_today(path, TODAY, content_key(path.read_bytes()))
    monkeypatch.setattr(Store, "open", real)
    assert opened == [household.students[2].id]
    with Store.open(path, read_only=True) as whole:
        session = Session(store=whole, today=TODAY)
        assert view == today_view(session, session.student())
    # Kept for the next time, as from the whole file: the other students' records were
    # never checked before the first paint (the app checks them right after it).
    assert kept_view(path, content_key(path.read_bytes()), TODAY) == view


def test_one_students_attempts_and_days_are_validated_from_the_files_text(three, monkeypatch):
    """On the way to the first paint the student's documents are validated from their
    text, never parsed into dicts first: the same records as from the whole file."""
    monkeypatch.setattr(checks, "ONE_STUDENT_FROM", 0)
    path, household = three
    student_id = household.students[1].id
    tables, found_id, validated = checks.parse_one_student(path.read_bytes(), KEY)
    assert found_id == student_id and tables["attempts"] == tables["days"] == {}
    with Store.open(path, read_only=True) as whole:
        assert sorted(validated[Attempt], key=lambda a: (a.on, a.id)) == whole.attempts(student_id)
        assert sorted(validated[DayStatus], key=lambda d: (d.on, d.id)) == whole.days(student_id)
        assert validated[Attempt] and validated[DayStatus]
    with Store.open(path, read_only=True, verify=False, one_student=KEY) as one, \
            Store.open(path, read_only=True) as whole:
        assert one.attempts(student_id) == whole.attempts(student_id)
        assert one.days(student_id) == whole.days(student_id)


def _their(raw: bytes, record_id: str, old: bytes, new: bytes) -> bytes:
    """`raw` with `old` replaced by `new` once, inside the document of `record_id`."""
    at = raw.index(f'{{"id":"{record_id}"'.encode())
    inside = raw.index(old, at)
    assert inside < raw.find(b'{"id":"', at + 1) % (len(raw) + 1)
    return raw[:inside] + new + raw[inside + len(old):]


def _damages(raw: bytes, household: Household, student_id: str) -> dict[str, bytes]:
    attempts = [a for a in household.attempts if a.student_id == student_id]
    day = next(d for d in household.days if d.student_id == student_id)
    first, second = attempts[0], attempts[1]
    return {
        "a value out of range": _their(raw, first.id, b'"planned_minutes":', b'"planned_minutes":0,"x":'),
        "a control character": _their(raw, first.id, b'"notes":"', b'"notes":"\\u001b[2J'),
        "an unknown field": _their(raw, second.id, b'"on":', b'"colour":"red","on":'),
        "a day of another kind": _their(raw, day.id, b'"kind":"', b'"kind":"x'),
        "two attempts with one id": raw.replace(f'"id":"{second.id}"'.encode(), f'"id":"{first.id}"'.encode(), 1),
        "not JSON": _their(raw, second.id, b'"on":"', b'"on":'),
        "something after the document": _their(raw, second.id, b'"replaces":[]}', b'"replaces":[]} 1'),
    }


@pytest.mark.parametrize("damage", ["a value out of range", "a control character", "an unknown field",
                                    "a day of another kind", "two attempts with one id", "not JSON",
                                    "something after the document"])
def test_damage_in_the_students_own_records_is_refused_in_the_same_words(three, monkeypatch, tmp_path, damage):
    """Validated from the text or not, a damaged record of the student Today is about
    is refused, never shown, and said as reading the whole file says it."""
    monkeypatch.setattr(checks, "ONE_STUDENT_FROM", 0)
    path, household = three
    student_id = household.students[1].id
    broken = tmp_path / "broken.json"
    broken.write_bytes(_damages(path.read_bytes(), household, student_id)[damage])
    with pytest.raises(DataFileDamaged) as whole:
        Store.open(broken, read_only=True)
    with pytest.raises(DataFileDamaged) as one:
        with Store.open(broken, read_only=True, verify=False, one_student=KEY) as store:
            store.attempts(student_id)
            store.days(student_id)
    assert str(one.value) == str(whole.value)
    assert checks._one_students_records(broken.read_bytes(), KEY) is None  # the road as before decides


def test_a_document_that_names_its_student_again_is_left_to_the_road_as_before(three, monkeypatch):
    """A key given twice, the second time escaped: to a JSON parser the last counts, so
    the document is another student's. Never taken as this student's (the whole file is
read, as before); the app refuses
    the file for the repeated key right after the first paint, as before."""
    monkeypatch.setattr(checks, "ONE_STUDENT_FROM", 0)
    path, household = three
    student_id = household.students[1].id
    second = [a for a in household.attempts if a.student_id == student_id][1]
    raw = _their(path.read_bytes(), second.id, b'"on":', b'"student_i\\u0064":"' + b"0" * 32 + b'","on":')
    assert checks._one_students_records(raw, KEY) is None
    tables, found_id, validated = checks.parse_one_student(raw, KEY)
    assert found_id is None and validated is None  # everyone's read, as before
    assert len(tables["attempts"]) == len(household.attempts)
