"""Export and import: the versioned JSON format, checked record by record."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from reintegrate.cli import main, write_demo
from reintegrate.demo import demo_household
from reintegrate.models import CheckIn, Household, Student
from reintegrate.store import Store, exchange, file_mode
from reintegrate.store.exchange import (
    FORMAT_NAME,
    RECORD_KINDS,
    ExportFormat,
    ExportRequest,
    ImportRejected,
    export_document,
    read_export,
    register_format,
)
from tests.unit.cli_helpers import run

TODAY = date(2026, 11, 26)
SECRET = "Nobody else should ever read this sentence"


pytestmark = pytest.mark.usefixtures("no_real_data")


@pytest.fixture
def demo_file(tmp_path) -> Path:
    path = tmp_path / "demo.json"
    write_demo(path, TODAY)
    return path


def by_id(household: Household) -> dict[str, list]:
    return {kind: sorted(getattr(household, kind), key=lambda r: r.id) for kind in RECORD_KINDS}


def load(path: Path) -> Household:
    with Store.open(path, read_only=True) as store:
        return store.household()


def export_of(household: Household) -> dict:
    return json.loads(json.dumps(export_document(household, TODAY)))


def write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_export_then_import_round_trips_the_demo(capsys, tmp_path, demo_file):
    exported = tmp_path / "export.json"
    code, _, err = run(capsys, "export", "--format", "json", "-o", str(exported), "--data", str(demo_file), "--date", "2026-11-26")
    assert code == 0 and str(exported) in err
    assert file_mode(exported) == 0o600
    target = tmp_path / "elsewhere" / "family.json"
    code, out, err = run(capsys, "import", str(exported), "--data", str(target))
    assert code == 0, err
    assert "Imported 1 student, 33 attempts" in out
    assert by_id(load(target)) == by_id(load(demo_file)) == by_id(demo_household(TODAY))
    with Store.open(target, read_only=True) as store:
        assert store.meta("current_student_id") == demo_household(TODAY).students[0].id


def test_export_to_the_screen_is_the_documented_document(capsys, demo_file):
    code, out, err = run(capsys, "export", "--data", str(demo_file), "--date", "2026-11-30")
    assert code == 0 and err == ""
    document = json.loads(out)
    assert set(document) == {"format", "version", "exported_on", "app_version", "household"}
    assert (document["format"], document["version"], document["exported_on"]) == (FORMAT_NAME, 2, "2026-11-30")
    assert set(document["household"]) == set(RECORD_KINDS)
    assert len(document["household"]["attempts"]) == 33


def test_a_reader_that_goes_away_is_not_an_error_message(capsys, monkeypatch, demo_file):
    class ClosedPipe:
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self):
            raise ValueError("no file")

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    code = main(["export", "--data", str(demo_file)])
    monkeypatch.undo()
    assert code == 1
    assert capsys.readouterr().err == ""


def test_export_one_student(capsys, tmp_path, demo_file):
    with Store.open(demo_file) as store:
        store.put(Student(id="other", name="Maya"))
    code, out, _ = run(capsys, "export", "--data", str(demo_file), "--student", "maya")
    household = json.loads(out)["household"]
    assert code == 0 and [s["name"] for s in household["students"]] == ["Maya"]
    assert household["attempts"] == []


def test_export_never_overwrites_the_data_file(capsys, demo_file):
    before = demo_file.read_bytes()
    code, out, err = run(capsys, "export", "--data", str(demo_file), "-o", str(demo_file))
    assert code == 1 and "is the data file itself" in err
    assert demo_file.read_bytes() == before


def test_export_into_a_missing_folder_is_a_message(capsys, tmp_path, demo_file):
    code, _, err = run(capsys, "export", "--data", str(demo_file), "-o", str(tmp_path / "no" / "such" / "x.json"))
    assert code == 1 and "Could not write" in err


def test_unknown_format_is_a_usage_error(capsys, demo_file):
    code, _, err = run(capsys, "export", "--format", "xml", "--data", str(demo_file))
    assert code == 2 and "json" in err


@pytest.fixture
def restore_formats():
    saved = dict(exchange.EXPORT_FORMATS)
    yield
    exchange.EXPORT_FORMATS.clear()
    exchange.EXPORT_FORMATS.update(saved)


def test_export_formats_come_from_one_registry(capsys, demo_file, restore_formats):
    def count(request: ExportRequest) -> str:
        return f"# {len(request.household.attempts)} on {request.today}\n"

    register_format(ExportFormat("txt", "a count", count, ".txt"))
    code, out, _ = run(capsys, "export", "--help")
    assert "txt: a count" in " ".join(out.split()) and "{csv,html,json,md,txt}" in out
    code, out, _ = run(capsys, "export", "--format", "txt", "--data", str(demo_file), "--date", "2026-11-26")
    assert code == 0 and out == "# 33 on 2026-11-26\n"


def test_several_bad_records_are_each_named_and_nothing_is_written(capsys, tmp_path, demo_file):
    document = export_of(demo_household(TODAY))
    household = document["household"]
    attempts = household["attempts"]
    attempts[12]["distress_peak"] = 11
    attempts[12]["child_words"] = SECRET
    attempts[3]["outcome"] = "ran away"
    attempts[3]["notes"] = SECRET
    del attempts[20]["step_title"]
    household["contacts"][0]["due_on"] = "2020-01-01"
    household["barriers"].append(dict(household["barriers"][0]))
    source = write(tmp_path / "bad.json", document)
    before = demo_file.read_bytes()

    code, out, err = run(capsys, "import", str(source), "--replace", "--data", str(demo_file))

    assert code == 1 and out == ""
    assert "Nothing was imported. 5 problems were found" in err
    on = {i: attempts[i]["on"] for i in (3, 12, 20)}
    assert f"attempts[12] ({on[12]}): Peak distress must be a whole number from 0 to 10." in err
    assert f"attempts[3] ({on[3]}): Outcome must be one of:" in err
    assert f"attempts[20] ({on[20]}): Step title is missing." in err
    assert "contacts[0] (" in err and "cannot be due before" in err
    assert "barriers[1] (" in err and "same id as barriers[0]" in err
    assert SECRET not in err and "ran away" not in err
    assert demo_file.read_bytes() == before


def test_a_bad_record_into_a_new_file_creates_nothing(capsys, tmp_path):
    document = export_of(demo_household(TODAY))
    document["household"]["days"][0]["kind"] = "holiday"
    target = tmp_path / "new.json"
    code, _, err = run(capsys, "import", str(write(tmp_path / "bad.json", document)), "--data", str(target))
    assert code == 1 and "days[0] (" in err and "Day must be one of" in err
    assert not target.exists()


def test_import_asks_before_replacing_records(capsys, tmp_path, demo_file):
    household = demo_household(date(2026, 9, 1))
    source = write(tmp_path / "other.json", export_of(household))
    before = demo_file.read_bytes()
    code, _, err = run(capsys, "import", str(source), "--data", str(demo_file))
    assert code == 1 and "already holds records" in err and "--replace" in err
    assert demo_file.read_bytes() == before
    code, _, err = run(capsys, "import", str(source), "--replace", "--data", str(demo_file))
    assert code == 0, err
    assert by_id(load(demo_file)) == by_id(household)


def test_check_only_writes_nothing(capsys, tmp_path):
    source = write(tmp_path / "e.json", export_of(demo_household(TODAY)))
    target = tmp_path / "new.json"
    code, out, _ = run(capsys, "import", "--check", str(source), "--data", str(target))
    assert code == 0 and "can be imported" in out
    assert not target.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not json", "not valid JSON (line 1, column 1)"),
        (b'{"a": "\xc3\x28"}', "not text in UTF-8"),
        (b'{"students": []}', "not a reintegrate export"),
        (b'{"format": "reintegrate-export", "version": 3, "household": {}}', "newer version of reintegrate"),
        (b'{"format": "reintegrate-export", "version": "1", "household": {}}', "no usable \"version\""),
        (b'{"format": "reintegrate-export", "version": 1}', "no \"household\""),
    ],
)
def test_files_that_are_not_exports(capsys, tmp_path, content, message):
    source = tmp_path / "x.json"
    source.write_bytes(content)
    code, _, err = run(capsys, "import", str(source), "--data", str(tmp_path / "d.json"))
    assert code == 1 and message in err
    assert not (tmp_path / "d.json").exists()


def test_missing_import_file(capsys, tmp_path):
    code, _, err = run(capsys, "import", str(tmp_path / "nope.json"), "--data", str(tmp_path / "d.json"))
    assert code == 1 and "Could not read" in err


def test_demo_cannot_be_an_import_target(capsys, tmp_path):
    code, _, err = run(capsys, "--demo", "import", str(tmp_path / "x.json"))
    assert code == 2


def test_sections_that_are_not_lists_and_unknown_kinds_are_refused_but_not_records_of_a_student_not_here():
    # A record whose student is not in the file is read, as the data file reads it
    # (test_import_refusals.py): only the real problems are said.
    document = export_of(demo_household(TODAY))
    document["household"]["students"] = []
    document["household"]["extra"] = []
    document["household"]["attempts"] = {"not": "a list"}
    with pytest.raises(ImportRejected) as caught:
        read_export(json.dumps(document))
    assert caught.value.problems == [
        "household.attempts: This should be a list of records.",
        "household.extra: This is not a kind of record this app knows.",
    ]


def test_tombstones_of_two_kinds_may_share_an_id_but_not_a_kind_and_id():
    gone = [{"id": "x1", "kind": "attempts", "deleted_at": "2026-11-26T08:00:00Z"},
            {"id": "x1", "kind": "contacts", "deleted_at": "2026-11-26T08:01:00Z"}]
    document = {"format": FORMAT_NAME, "version": 2, "household": {"tombstones": gone}}
    assert [(t.kind, t.id) for t in read_export(json.dumps(document)).tombstones] == [
        ("attempts", "x1"), ("contacts", "x1")]
    document["household"]["tombstones"].append(dict(gone[0]))
    with pytest.raises(ImportRejected) as caught:
        read_export(json.dumps(document))
    assert caught.value.problems == ["tombstones[2]: It has the same kind and id as tombstones[0]."]


def test_an_empty_household_and_unknown_top_level_keys_are_fine():
    document = {"format": FORMAT_NAME, "version": 1, "household": {}, "written_by": "a future tool"}
    assert read_export(json.dumps(document)) == Household()


def test_a_record_that_is_not_an_object():
    document = {"format": FORMAT_NAME, "version": 1, "household": {"students": ["Sam"]}}
    with pytest.raises(ImportRejected) as caught:
        read_export(json.dumps(document))
    assert caught.value.problems == ["students[0]: This should be a record (a JSON object)."]


DOC = Path(__file__).resolve().parents[2] / "docs" / "data-format.md"


def documented_fields() -> dict[str, list[str]]:
    """Model name -> the fields its table in docs/data-format.md lists."""
    tables: dict[str, list[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## ") and "status" in line:
            break
        if line.startswith("###"):
            current = line.rsplit(" ", 1)[-1]
            tables[current] = []
        elif current and line.startswith("| `"):
            tables[current].append(line.split("`")[1])
    return tables


def test_every_field_of_every_record_is_documented():
    """A new field changes the format: document it, and raise FORMAT_VERSION unless it
    is optional with a default (then every file of the version stays valid)."""
    from pydantic import BaseModel

    from reintegrate import models

    documented = documented_fields()
    seen: set[str] = set()

    def walk(model: type[BaseModel]) -> None:
        if model.__name__ in seen:
            return
        seen.add(model.__name__)
        assert documented.get(model.__name__) == list(model.model_fields), model.__name__
        for field in model.model_fields.values():
            for inner in [field.annotation, *getattr(field.annotation, "__args__", ())]:
                for candidate in [inner, *getattr(inner, "__args__", ())]:
                    if isinstance(candidate, type) and issubclass(candidate, models.Model):
                        walk(candidate)

    for model in RECORD_KINDS.values():
        walk(model)
    assert seen == set(documented)
    assert f"| {exchange.FORMAT_VERSION} |" in DOC.read_text(encoding="utf-8")


def test_an_answer_to_a_statement_never_asked_is_refused(capsys, tmp_path):
    household = demo_household(TODAY)
    student = household.students[0].id
    household.checkins = [CheckIn(id="c1", student_id=student, on=TODAY, child={"negative_affect.1": 2}),
                          CheckIn(id="c2", student_id=student, on=TODAY, parent={"negative_affect.3": 4})]
    document = export_of(household)
    answered = 1
    document["household"]["checkins"][answered]["parent"]["negative_affect.7"] = 6  # the check-in asks .1 to .3
    target = tmp_path / "new.json"
    code, _, err = run(capsys, "import", str(write(tmp_path / "bad.json", document)), "--data", str(target))
    assert code == 1, err
    assert f"checkins[{answered}] (" in err and "'negative_affect.7' is not one of the check-in's statements" in err
    assert not target.exists()
