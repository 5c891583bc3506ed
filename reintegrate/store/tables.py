"""Which kind of record lives in which table: the one mapping the store, the checks
and the export format share."""

from __future__ import annotations

from pydantic import BaseModel

from reintegrate.models import Attempt, Barrier, CheckIn, Contact, DayStatus, Decision, Student, Tombstone

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

# The table of file-wide facts (schema version, the student last shown).
META_TABLE = "_meta"
