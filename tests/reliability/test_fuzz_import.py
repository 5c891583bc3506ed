"""Fuzzing the import format: whatever the file holds, reading it either gives a valid
household or a list of plain problems; never a crash, never a family's words echoed
back, and a refused import never touches the data file.

The base of every mutated file is a real export of the demo household, with every
free-text note replaced by a marker so that a leak is easy to see.
"""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reintegrate.cli import main, write_demo
from reintegrate.demo import demo_household
from reintegrate.models import Household
from reintegrate.store.exchange import ImportRejected, read_export, render_json

TODAY = date(2026, 11, 26)
MARKER = "PRIVATE-MARKER the bus stop where it all went wrong"
PRIVATE_KEYS = ("notes", "child_words", "trigger_notes")

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _mark(value: Any) -> Any:
    """Every free-text note in the document, at any depth, set to MARKER."""
    if isinstance(value, dict):
        return {k: MARKER if k in PRIVATE_KEYS and isinstance(v, str) else _mark(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mark(v) for v in value]
    return value


BASE: dict = _mark(json.loads(render_json(demo_household(TODAY), TODAY)))
BASE_TEXT = json.dumps(BASE)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in the document a value sits, the root excluded."""
    found: list[tuple] = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        found.append(prefix + (key,))
        found += _paths(child, prefix + (key,))
    return found


BASE_PATHS = _paths(BASE)
PRIVATE_PATHS = [p for p in BASE_PATHS if p[-1] in PRIVATE_KEYS]
assert PRIVATE_PATHS, "the demo household should have notes to mark"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
# A note replaced by something that carries the marker: longer, wrapped, the wrong type.
marked_values = st.sampled_from(
    [MARKER * 400, [MARKER], {"text": MARKER}, MARKER + "\x00", {MARKER: 1}, [MARKER, 3]]
) | json_values.map(lambda v: [MARKER, v])


def _replaced(document: Any, path: tuple, value: Any) -> Any:
    copy = json.loads(json.dumps(document))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


def _read(raw: bytes) -> Household | list[str]:
    """The household read, or the problems found. Anything else raised fails the test."""
    try:
        household = read_export(raw)
    except ImportRejected as exc:
        assert exc.problems, "a rejected import must say why"
        assert all(isinstance(p, str) and p.strip() for p in exc.problems)
        return exc.problems
    assert isinstance(household, Household)
    Household.model_validate(household.model_dump(mode="json"))  # valid all the way down
    return household


def test_the_unmutated_base_imports():
    household = _read(BASE_TEXT.encode())
    assert isinstance(household, Household)
    assert any(a.notes == MARKER for a in household.attempts)


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes(raw):
    _read(raw)


@FUZZ
@given(json_values)
def test_any_json_value(value):
    _read(json.dumps(value).encode())


@FUZZ
@given(st.sampled_from(BASE_PATHS), json_values)
def test_one_field_replaced(path, value):
    result = _read(json.dumps(_replaced(BASE, path, value)).encode())
    if isinstance(result, list):
        assert not any(MARKER in p for p in result)


@FUZZ
@given(st.sampled_from(BASE_PATHS), st.sampled_from(BASE_PATHS), json_values)
def test_one_field_replaced_and_one_removed(path, gone, value):
    document = _replaced(BASE, path, value)
    with contextlib.suppress(KeyError, IndexError, TypeError):
        target = document
        for key in gone[:-1]:
            target = target[key]
        del target[gone[-1]]
    result = _read(json.dumps(document).encode())
    if isinstance(result, list):
        assert not any(MARKER in p for p in result)


@FUZZ
@given(st.sampled_from(PRIVATE_PATHS), marked_values, st.sampled_from(BASE_PATHS), json_values)
def test_problems_never_quote_notes(private, marked, path, value):
    """A bad note, and another field broken too: the problems name places, not words."""
    document = _replaced(_replaced(BASE, private, marked), path, value)
    result = _read(json.dumps(document, ensure_ascii=False).encode())
    if isinstance(result, list):
        assert not any(MARKER in p for p in result), result


@FUZZ
@given(st.sampled_from(BASE_PATHS), json_values)
def test_truncated_export(path, value):
    raw = json.dumps(_replaced(BASE, path, value)).encode()
    result = _read(raw[: len(raw) // 2])
    assert isinstance(result, list)
    assert not any(MARKER in p for p in result)


# --- the command line -------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("demo") / "reintegrate.json"
    write_demo(path, TODAY)
    return path.read_bytes()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-cli")


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


fuzzed_files = st.one_of(
    st.binary(max_size=500),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.tuples(st.sampled_from(BASE_PATHS), json_values).map(
        lambda pv: json.dumps(_replaced(BASE, *pv)).encode()
    ),
    st.tuples(st.sampled_from(PRIVATE_PATHS), marked_values).map(
        lambda pv: json.dumps(_replaced(BASE, *pv)).encode()
    ),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fuzzed_files, st.booleans())
@example(BASE_TEXT.encode(), True)  # the success path is taken at least once
@example(BASE_TEXT.encode(), False)  # valid, but the data file already holds records
def test_import_command_on_fuzzed_files(demo_bytes, workdir, raw, replace):
    data = workdir / "reintegrate.json"
    data.write_bytes(demo_bytes)
    data.chmod(0o600)
    source = workdir / "fuzzed.json"
    source.write_bytes(raw)
    argv = ["import", str(source), "--data", str(data), "--date", TODAY.isoformat()]
    code, out, err = _cli(*argv, *(["--replace"] if replace else []))
    assert code in (0, 1)
    assert "Traceback" not in out + err
    assert "unexpected problem" not in err  # main()'s last resort means something crashed
    assert MARKER not in err
    if code == 1:
        assert err.strip(), "a refusal must say why"
        assert data.read_bytes() == demo_bytes
    else:
        # Only a valid export replacing the records on purpose can succeed.
        assert replace
        assert isinstance(read_export(raw), Household)
