"""Which kind of record lives in which table: the one mapping the store, the checks
and the export format share."""

from __future__ import annotations

from pydantic import BaseModel

from reintegrate.models import Attempt, Barrier, CheckIn, Contact, DayStatus, Decision, Student, Tombstone
from reintegrate.store.storage import META_TABLE  # noqa: F401 (the one name for it, kept here too)

# Record type -> table (and export section). Order is the order of a Household's fields.
TABLES: dict[type[BaseModel], str] = {
    Student: "students",
    Attempt: "attempts",
    DayStatus: "days",
    Decision: "decisions",
    Contact: "contacts",
    Barrier: "barriers",
    # Added after schema 2 without a migration: a file without the table has none.
    CheckIn: "checkins",
    # Not a record a family made: what was deleted, so a merge does not bring it back.
    Tombstone: "tombstones",
}



def record_key(model: type[BaseModel], record: BaseModel | dict) -> str | tuple[str, str]:
    """How the store tells records of one table apart: by id, except tombstones, by the
    kind and id of what was deleted (the format lets two kinds share an id, so deleting
    an attempt and a contact with one id leaves two tombstones)."""
    if isinstance(record, dict):
        return (record.get("kind"), record["id"]) if model is Tombstone else record["id"]
    return (record.kind, record.id) if model is Tombstone else record.id
