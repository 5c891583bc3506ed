"""Forward migrations of the data file, one function per schema version.

A file is migrated in memory when opened; the migrated version is written on the next
save, after the untouched original has been copied to the backups folder. A file from
a newer version of the app is refused, never downgraded.
"""

from __future__ import annotations

from collections.abc import Callable

from reintegrate.store.changes import backfill
from reintegrate.store.storage import META_TABLE

CURRENT_VERSION = 4


class TooNew(ValueError):
    pass


class NotOurs(ValueError):
    """The file has no usable schema version: not (or no longer) a reintegrate file."""


def version_of(data: dict) -> int:
    meta = data.get(META_TABLE)
    if not isinstance(meta, dict) or "1" not in meta or not isinstance(meta["1"], dict):
        raise NotOurs("it is not a reintegrate data file (no schema version)")
    version = meta["1"].get("schema_version")
    if type(version) is not int or version < 1:
        raise NotOurs("it is not a reintegrate data file (bad schema version)")
    return version


def _v1_to_v2(data: dict) -> dict:
    """Version 1 attempts pointed at a step without copying it.

    Version 2 copies the step's title and planned minutes onto each attempt, so that
    renaming or re-timing a step later never changes what history says.
    """
    steps: dict[str, dict] = {}
    for student in data.get("students", {}).values():
        for step in student.get("ladder", {}).get("steps", []):
            steps[step.get("id")] = step
    for attempt in data.get("attempts", {}).values():
        step = steps.get(attempt.get("step_id"), {})
        attempt.setdefault("step_title", step.get("title", "A step no longer on the ladder"))
        attempt.setdefault(
            "planned_minutes", step.get("planned_minutes", max(1, attempt.get("minutes_managed") or 1))
        )
    return data


def _v2_to_v3(data: dict) -> dict:
    """Version 3 dates every record's last change (`changed_at`), so two copies of the
    file can be merged, and keeps deletions as tombstones (a new table, empty here).

    An old record is dated by the latest day it speaks of, so it never looks newer than
    a change made after the upgrade.
    """
    backfill({table: data[table].values() for table in data if table != META_TABLE})
    return data


# The parts of a student as version 4 first dated them (models/student.py: STUDENT_PARTS).
_V4_STUDENT_PARTS = ("name", "calendar", "settings", "ladder", "plan", "school", "created_on", "arranged_supports")


def _v3_to_v4(data: dict) -> dict:
    """Version 4 dates each part of a student (name, calendar, settings, ladder, plan,
    school, ...) on its own (`part_changes`), so a merge takes each part from the
    computer that changed it and one computer's new name never undoes the other's new
    step. Every part starts with the student's one `changed_at`; other records gain
    `replaces`, empty, by its default."""
    for student in data.get("students", {}).values():
        when = student.get("changed_at") if isinstance(student, dict) else None
        if isinstance(when, str) and "part_changes" not in student:
            student["part_changes"] = {part: [when] for part in _V4_STUDENT_PARTS}
    return data


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


def migrate(data: dict) -> dict:
    version = version_of(data)
    if version > CURRENT_VERSION:
        raise TooNew(
            f"it was written by a newer version of reintegrate (data version {version}, "
            f"this version reads up to {CURRENT_VERSION}); please update reintegrate"
        )
    while version < CURRENT_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    data[META_TABLE]["1"]["schema_version"] = CURRENT_VERSION
    return data
