"""What `import` and `merge` refuse, plainly and without losing a word of the file: a key
given twice (anywhere: a list of records, a field of one record), a file that is not
a regular file, JSON nested or numbered past reason; and how much they say about a
file with very many bad records. And what they accept: whatever the data file holds,
a record whose student is not in the file included."""

from __future__ import annotations

import json
import os
import threading
from datetime import date
from pathlib import Path

import pytest

from reintegrate.cli import main, write_demo
from reintegrate.demo import demo_household
from reintegrate.store import Store
from reintegrate.store.exchange import PROBLEMS_SHOWN, ImportRejected, export_document, read_export
from tests.unit.cli_helpers import run

TODAY = date(2026, 11, 26)


pytestmark = pytest.mark.usefixtures("no_real_data")


@pytest.fixture
def demo_file(tmp_path) -> Path:
    path = tmp_path / "demo.json"
    write_demo(path, TODAY)
    return path


def export_text() -> str:
    return json.dumps(export_document(demo_household(TODAY), TODAY), indent=2)


def with_attempts_twice(text: str) -> str:
    """The household's attempts given twice: the first list, then a second with one."""
    document = json.loads(text)
    first = document["household"]["attempts"]
    second = json.dumps(first[:1])
    head, tail = text.split('"attempts": ', 1)
    return f'{head}"attempts": {second},\n    "attempts": {tail}'


def test_a_list_of_records_given_twice_is_refused_naming_it(capsys, tmp_path):
    text = with_attempts_twice(export_text())
    assert json.loads(text)["household"]["attempts"]  # plain JSON reading keeps the last list only
    with pytest.raises(ImportRejected) as caught:
        read_export(text)
    assert "'attempts' appears twice" in str(caught.value)

    source = tmp_path / "twice.json"
    source.write_text(text)
    target = tmp_path / "new.json"
    code, _, err = run(capsys, "import", str(source), "--data", str(target))
    assert code == 1 and "'attempts' appears twice" in err and "Nothing was imported" in err
    assert not target.exists()


def test_a_field_given_twice_in_a_record_is_refused_on_import_and_merge(capsys, tmp_path, demo_file):
    text = export_text().replace('"distress_peak": ', '"distress_peak": 9, "distress_peak": ', 1)
    source = tmp_path / "field-twice.json"
    source.write_text(text)
    code, _, err = run(capsys, "import", "--check", str(source))
    assert code == 1 and "'distress_peak' appears twice" in err
    before = demo_file.read_bytes()
    code, _, err = run(capsys, "merge", str(source), "--data", str(demo_file))
    assert code == 1 and "'distress_peak' appears twice" in err and "Nothing was merged" in err
    assert demo_file.read_bytes() == before


@pytest.mark.parametrize("command", ["import", "merge"])
def test_a_fifo_is_refused_at_once_not_waited_on(capsys, tmp_path, demo_file, command):
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo, 0o600)
    argv = [command, str(fifo), "--data", str(demo_file if command == "merge" else tmp_path / "new.json")]
    answer: list = []
    worker = threading.Thread(target=lambda: answer.append(main(argv)), daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():  # let the stuck reader go before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(5)
        pytest.fail(f"{command} waited on a FIFO")
    _, err = capsys.readouterr()
    assert answer == [1] and "not a regular file" in err


@pytest.mark.parametrize("raw", [
    "[" * 100_000 + "]" * 100_000,
    '{"format": "reintegrate-export", "version": ' + "9" * 5000 + ', "household": {}}',
    '{"format": "reintegrate-export", "version": 2, "household": {"students": ' + "[" * 100_000 + "]" * 100_000 + "}}",
], ids=["nested", "long-number", "nested-inside"])
def test_deep_nesting_and_long_numbers_are_a_plain_refusal(capsys, tmp_path, raw):
    source = tmp_path / "odd.json"
    source.write_text(raw)
    code, _, err = run(capsys, "import", "--check", str(source))
    assert code == 1
    assert "nested too deeply" in err or "number too long" in err


def test_many_bad_records_are_counted_and_only_the_first_few_said(capsys, tmp_path):
    document = json.loads(export_text())
    document["household"]["attempts"] = [{"id": f"a{n}"} for n in range(100_000)]
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(document))
    code, _, err = run(capsys, "import", "--check", str(source))
    assert code == 1
    assert "100,000 problems were found" in err and f"the first {PROBLEMS_SHOWN}" in err
    assert "(and 99,990 more)" in err
    assert len(err) < 10_000


def test_an_export_of_a_file_with_a_record_whose_student_is_gone_imports_back(capsys, tmp_path, demo_file):
    household = demo_household(TODAY)
    gone = household.students[0]
    # As a merge can leave it: an attempt made elsewhere for a student deleted here.
    with Store.open(demo_file, today=TODAY) as store:
        store.put(household.attempts[0].model_copy(update={"id": "orphan", "student_id": "deleted-student"}))
    with Store.open(demo_file, read_only=True) as store:  # the data file reads it
        assert store.get(type(household.attempts[0]), "orphan") is not None
    exported = tmp_path / "export.json"
    code, _, _ = run(capsys, "export", "--format", "json", "--data", str(demo_file), "-o", str(exported))
    assert code == 0
    target = tmp_path / "copy.json"
    code, out, err = run(capsys, "import", str(exported), "--data", str(target))
    assert code == 0, err
    with Store.open(target, read_only=True) as store:
        assert store.get(type(household.attempts[0]), "orphan").student_id == "deleted-student"
        assert any(s.id == gone.id for s in store.students())
