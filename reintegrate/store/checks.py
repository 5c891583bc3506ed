"""Is a data file whole and ours? Parsing, migrating and validating, in words safe to
show (never a record's content)."""

from __future__ import annotations

import json
import re
from itertools import repeat
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

import reintegrate.store.migrations as migrations
from reintegrate.models import (
    Tombstone,
    plain_errors,
)
from reintegrate.store.paths import backup_dir
from reintegrate.store.storage import META_TABLE
from reintegrate.store.tables import TABLES

R = TypeVar("R", bound=BaseModel)

# Each table's validator, built the first time records of its kind are checked: a
# kind the file has no records of (often tombstones, check-ins, contacts) builds none
# as Today is worked out before the first paint.
_ADAPTERS: dict[type[BaseModel], TypeAdapter] = {}


def _adapter(model: type[BaseModel]) -> TypeAdapter:
    adapter = _ADAPTERS.get(model)
    if adapter is None:  # two threads may both build it: either one is the same validator
        adapter = _ADAPTERS[model] = TypeAdapter(list[model])
    return adapter


class Damage(ValueError):
    """Why a file cannot be used, in words safe to show (never a record's content)."""


def _parse(raw: bytes, *, keys: bool = True) -> dict:
    """The file's tables, its layout checked. With `keys=False` a key repeated within one
    record is not looked for here (parsing is then about twice as fast): the store
    looks for it with `check_keys` before it validates the rest or writes anything."""
    if not raw.strip():
        raise Damage("the file is empty")
    try:
        data = json.loads(raw, object_pairs_hook=_no_repeated_keys) if keys else json.loads(raw)
    except RepeatedKey as exc:
        raise Damage(f"the key {exc.args[0]} appears twice in one record") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Damage(f"it is not valid JSON (near byte {getattr(exc, 'pos', '?')})") from None
    except (ValueError, RecursionError):
        # json raises these, not JSONDecodeError, for a number with thousands of digits
        # and for arrays nested thousands deep: damage all the same, never a traceback.
        raise Damage("it is not valid JSON (a value is too large or too deeply nested)") from None
    return _checked(data)


# A smaller file is parsed whole (in a few milliseconds) rather than searched for
# one student's records.
ONE_STUDENT_FROM = 1_000_000


def parse_one_student(raw: bytes, meta_key: str) -> tuple[dict, str | None, dict[type[BaseModel], list] | None]:
    """The file's tables as `_parse(raw, keys=False)` gives them, but the attempts and
    days of only the student the meta table's `meta_key` names, when the file can be
    read so (`store.partial`): the tables, that student's id (None: everyone's), and
    that student's attempts and days already validated, by kind, when they were read
    straight from the file's text (their tables then left empty); else None, and they
    are in the tables, to be validated when first asked for."""
    if len(raw) < ONE_STUDENT_FROM:
        return _parse(raw, keys=False), None, None
    from reintegrate.store.partial import tables_for

    validated = _one_students_records(raw, meta_key)
    if validated is not None:
        return validated
    found = tables_for(raw, meta_key)
    if found is None:
        return _parse(raw, keys=False), None, None
    data, student_id = found
    return _checked(data), student_id, None


def _one_students_records(raw: bytes, meta_key: str) -> tuple[dict, str, dict[type[BaseModel], list]] | None:
    """The quick road for `parse_one_student`: the student's documents validated from
    their text (`Model.model_validate_json`), with no dict built for them on the way.
    Only when every one of them is valid and nothing else is amiss; None otherwise,
    and the road as before (decoded, then validated when asked for) decides what is
    said about the file, in its own words and at its own moment."""
    from reintegrate.store.partial import texts_for

    found = texts_for(raw, meta_key)
    if found is None:
        return None
    tables, student_id, texts = found
    kinds = {table: model for model, table in TABLES.items()}
    validated: dict[type[BaseModel], list] = {}
    try:
        data = _checked(tables)
        for table, documents in texts.items():
            model = kinds[table]
            records = [model.model_validate_json(text) for text in documents]
            ids = [record.id for record in records]
            if len(set(ids)) != len(ids) or any(record.student_id != student_id for record in records):
                return None
            validated[model] = records
    except (ValueError, RecursionError, migrations.TooNew):  # ValidationError and Damage too
        return None
    return data, student_id, validated


def _checked(data: object) -> dict:
    """Parsed tables, their layout checked and migrated."""
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise Damage("it is not a reintegrate data file (unexpected layout)")
    try:
        data = migrations.migrate(data)
    except migrations.TooNew:
        raise
    except migrations.NotOurs as exc:
        raise Damage(str(exc)) from None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise Damage("its records have an unexpected layout") from None
    # Every check below runs in C, with no Python call per record: a file of ten
    # thousand attempts is checked in a few milliseconds on the way to the first paint.
    for table in (META_TABLE, *TABLES.values()):
        # TinyDB turns every key of a table it writes into int and back: a key that is
        # not a plain number would crash the first save, and "01" beside "1" would
        # silently merge two records into one.
        if not all(map(_DOC_ID, data.get(table, {}))):
            raise Damage(f"a record in '{table}' has an unexpected key")
    for model, table in TABLES.items():
        docs = list(data.get(table, {}).values())
        if not all(map(isinstance, docs, repeat(dict))):
            raise Damage(f"a record in '{table}' has an unexpected layout")
        ids = list(map(dict.get, docs, repeat("id")))
        if not all(map(isinstance, ids, repeat(str))):
            raise Damage(f"a record in '{table}' has an unexpected layout")
        if model is Tombstone:  # a tombstone is told apart by its kind and id
            ids = list(zip(map(dict.get, docs, repeat("kind")), ids, strict=True))
        if len(set(ids)) != len(ids):
            # Two records with one id: the app could show, edit or delete only one.
            raise Damage(f"two records in '{table}' share one id")
    return data


class RepeatedKey(ValueError):
    pass


def check_keys(raw: bytes) -> None:
    """Damage if a key comes twice in one object of `raw` (a file `_parse` read already)."""
    try:
        json.loads(raw, object_pairs_hook=_no_repeated_keys)
    except RepeatedKey as exc:
        raise Damage(f"the key {exc.args[0]} appears twice in one record") from None


def _no_repeated_keys(pairs: list[tuple[str, object]]) -> dict:
    """A dict from one JSON object; RepeatedKey if a key comes twice.

    Plain `json.loads` keeps the last of two, silently: the earlier record would be
    dropped from memory, and from the file at the next save. The dict is built in C and
    only its length compared: cheaper than any walk over the parsed file (measured on
    10,000 attempts: a hook call per object costs less than counting keys afterwards).
    """
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise RepeatedKey(shown_key(key))
            seen.add(key)
    return found


def shown_key(key: str) -> str:
    """A key from a file as safe to print: quoted, short, no control characters."""
    text = key if len(key) <= 40 else key[:40] + "…"
    return "'" + "".join(c if c.isprintable() else "?" for c in text) + "'"


# A document number as TinyDB writes it: digits (ASCII only), no leading zero.
_DOC_ID = re.compile("[1-9][0-9]*").fullmatch


def _validate(model: type[R], table: str, docs: list[dict]) -> list[R]:
    if not docs:
        return []
    try:
        return _adapter(model).validate_python(docs)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = first["loc"][0] if first["loc"] else None
        doc = docs[where] if isinstance(where, int) and 0 <= where < len(docs) else {}
        sentence = plain_errors(exc, model)[0]
        raise Damage(f"{_record_name(model, doc)} is not valid ({sentence})") from None


def _record_name(model: type[BaseModel], doc: dict) -> str:
    """'the attempt of 2026-11-03 (id 1f2e…)': what a person can find in the app or the
    file, never a position in a list and never the family's own words."""
    kind = {"DayStatus": "day"}.get(model.__name__, model.__name__.lower())
    name = f"the {kind}"
    on = doc.get("on") or doc.get("opened_on") if isinstance(doc, dict) else None
    if isinstance(on, str) and len(on) <= 20:
        name += f" of {shown_key(on)[1:-1]}"
    record_id = doc.get("id") if isinstance(doc, dict) else None
    if isinstance(record_id, str):
        name += f" with id {shown_key(record_id)}"
    return name


def check_file(raw: bytes) -> dict:
    """Parse, migrate and validate a whole file; raise Damage or TooNew otherwise."""
    data = _parse(raw)
    for model, table in TABLES.items():
        _validate(model, table, list(data.get(table, {}).values()))
    return data


def newest_good_backup(path: Path) -> Path | None:
    try:
        candidates = sorted(backup_dir(path).glob(f"{path.stem}.*.json"), reverse=True)
    except OSError:
        return None
    for candidate in candidates:
        try:
            check_file(candidate.read_bytes())
        except (OSError, ValueError):
            continue
        return candidate
    return None
