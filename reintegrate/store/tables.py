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

