"""Each test here once failed: it names the promise the store broke, and proves the fix."""

from __future__ import annotations

import json

import pytest

from reintegrate.store import DataFileDamaged, Store

from conftest import TODAY, make_attempt, make_student


def _v2(**tables) -> bytes:
    return json.dumps({"_meta": {"1": {"schema_version": 2}}, **tables}).encode()


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="nested-100000-deep"),
        pytest.param(b'{"_meta":{"1":{"schema_version":' + b"7" * 5000 + b"}}}", id="5000-digit-number"),
        pytest.param(_v2(attempts={"abc": {"id": "x"}}), id="table-key-not-a-number"),
        pytest.param(_v2(students={"01": {"id": "a", "name": "A"}, "1": {"id": "b", "name": "B"}}), id="keys-01-and-1"),
        pytest.param(_v2(students={"1": {"id": "a", "name": "A"}, "2": {"id": "a", "name": "B"}}), id="one-id-twice"),
        pytest.param(_v2(_meta={"1": {"schema_version": 2}, "x": {}}), id="meta-key-not-a-number"),
        pytest.param(b'{"_meta":{"1":{"schema_version":true}}}', id="schema-version-true"),
    ],
)
def test_odd_files_are_damage_not_a_traceback(data_file, raw):
    # Was: RecursionError, ValueError from int(), or a file that opened and then
    # crashed (or silently merged records) on the first save.
    data_file.parent.mkdir(parents=True)
    data_file.write_bytes(raw)
    with pytest.raises(DataFileDamaged) as caught:
        Store.open(data_file, today=TODAY)
    assert str(data_file) in str(caught.value)
    assert data_file.read_bytes() == raw
