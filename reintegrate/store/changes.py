"""When a record last changed: the store's clock, and the best date for records made
before records carried `changed_at` (old data files, version 1 exports).

A merge lets the later change win, so an old record must not look newer than it is:
it is dated by the latest day it speaks of (an attempt's day, a barrier's resolution,
a decision's moment), never by the day it happens to be upgraded or imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time

# The tables whose records carry `changed_at`, and the fields that date them.
_DATED_BY: dict[str, tuple[str, ...]] = {
    "students": ("created_on",),
    "attempts": ("on",),
    "days": ("on",),
    "decisions": ("on", "decided_at"),
    "contacts": ("on", "answered_on"),
    "barriers": ("opened_on", "resolved_on"),
}


def utc_now() -> datetime:
    """The store's clock unless one is injected: now, in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def moment_on(day: date, now: datetime | None = None) -> datetime:
    """When a decision was taken or a check-in answered (`decided_at`, `recorded_at`):
    the session's date with the wall clock's time, to the second, as docs/data-format.md
    promises of a date-time. The date is the session's, so decisions taken on a day the
    app is told it is keep their order."""
    clock = now if now is not None else datetime.now()
    return datetime.combine(day, clock.time().replace(microsecond=0, tzinfo=None))


def _moment(value) -> datetime | None:
    """A date or date-time field of a stored record, as a UTC moment (None if absent)."""
    if not isinstance(value, str):
        return None
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(), UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    # `decided_at` is written in local time without a zone; read as UTC it is off by
    # hours at most, which cannot reorder it against a day's other records much.
    return moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment.astimezone(UTC)


def best_changed_at(table: str, doc: dict) -> datetime | None:
    found = [m for m in (_moment(doc.get(field)) for field in _DATED_BY.get(table, ())) if m]
    return max(found, default=None)


def backfill(tables: dict[str, Iterable[dict]]) -> None:
    """Give every stored record (a dict, as in the file or an export) without
    `changed_at` the best date available, in place.

    A student is dated by their own `created_on` or their latest record, whichever is
    later: their ladder and plan change as the attempts come in.
    """
    latest: dict[str, datetime] = {}
    for table, docs in tables.items():
        if table == "students" or table not in _DATED_BY:
            continue
        for doc in docs:
            moment = best_changed_at(table, doc)
            owner = doc.get("student_id")
            if moment is not None and isinstance(owner, str):
                latest[owner] = max(moment, latest.get(owner, moment))
            if doc.get("changed_at") is None and moment is not None:
                doc["changed_at"] = _text(moment)
    for doc in tables.get("students", ()):
        if doc.get("changed_at") is None:
            own = doc.get("id")
            found = [m for m in (best_changed_at("students", doc), latest.get(own) if isinstance(own, str) else None) if m]
            if found:
                doc["changed_at"] = _text(max(found))


def _text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# Fields that say when a record changed, not what it says: a merge compares records
# without them, and only the store writes them.
BOOKKEEPING = frozenset({"changed_at", "replaces", "part_changes"})


def restamp(record, stored, stamp: datetime) -> None:
    """Date a record about to be saved over `stored` (its saved version, or None), in place.

    `changed_at` becomes `stamp`; the version it replaces joins `replaces`; a student's
    parts that differ from the saved ones are dated `stamp` in `part_changes`, and the
    others keep their dates. What the caller's copy says about these is ignored: the
    saved version is the one this save replaces.
    """
    from reintegrate.models.base import KEPT_CHANGES
    from reintegrate.models.student import STUDENT_PARTS

    fields = type(record).model_fields
    if "changed_at" not in fields:
        return
    before = getattr(stored, "changed_at", None)
    if "replaces" in fields:
        earlier = list(getattr(stored, "replaces", []) if stored is not None else [])
        if before is not None and before != stamp and before not in earlier:
            earlier.append(before)
        record.replaces = earlier[-KEPT_CHANGES:]
    if "part_changes" in fields:
        parts: dict[str, list[datetime]] = {}
        for part in STUDENT_PARTS:
            dates = list(part_dates(stored, part)) if stored is not None else []
            if stored is None or getattr(stored, part) != getattr(record, part):
                dates = [d for d in dates if d != stamp] + [stamp]
            if dates:
                parts[part] = dates[-KEPT_CHANGES:]
        record.part_changes = parts
    record.changed_at = stamp


def part_dates(student, part: str) -> list[datetime]:
    """When a student's part changed, oldest first; a student from before parts were
    dated (an export of an older version) has its one `changed_at` for every part."""
    dates = student.part_changes.get(part)
    if dates:
        return list(dates)
    return [student.changed_at] if student.changed_at is not None else []
