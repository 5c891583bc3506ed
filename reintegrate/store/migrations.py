"""Forward migrations of the data file, one function per schema version.

A file is migrated in memory when opened; the migrated version is written on the next
save, after the untouched original has been copied to the backups folder. A file from
a newer version of the app is refused, never downgraded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from reintegrate.store.changes import backfill
from reintegrate.store.storage import META_TABLE

CURRENT_VERSION = 6


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


def _v4_to_v5(data: dict) -> dict:
    """Version 5 links a follow-up to the contact it follows up (`Contact.follows_up`),
    so a request and its reminders are one thread. An old follow-up letter is linked to
    the request it most plausibly followed (`link_follow_ups`) or left unlinked."""
    link_follow_ups(data.get("contacts", {}).values())
    return data


def _v5_to_v6(data: dict) -> dict:
    """Version 6 keeps the supports carried out at home once for the child
    (`home_supports`, a student part of its own), not on a step. Every student starts
    with none, that part dated as early as the student is known (the day they were set
    up, else the oldest change of any part, else `changed_at`), so a support added at
    home after the upgrade, on either computer, wins a merge without a conflict."""
    for student in data.get("students", {}).values():
        if not isinstance(student, dict):
            continue
        student.setdefault("home_supports", [])
        parts = student.get("part_changes")
        if not isinstance(parts, dict) or "home_supports" in parts:
            continue
        when = _earliest(student)
        if when is not None:
            parts["home_supports"] = [when]
    return data


def _earliest(student: dict) -> str | None:
    created = _day(student.get("created_on"))
    if created is not None:
        return f"{created.isoformat()}T00:00:00Z"
    dated = [d for dates in student["part_changes"].values() if isinstance(dates, list)
             for d in dates if isinstance(d, str)]
    oldest = min(dated, key=_moment_key, default=None)
    changed = student.get("changed_at")
    return oldest if oldest is not None else (changed if isinstance(changed, str) else None)


def _moment_key(value: str) -> str:
    try:
        return datetime.fromisoformat(value).astimezone(UTC).isoformat()
    except ValueError:
        return value


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5,
                                                 5: _v5_to_v6}


def _day(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


# The date as the follow-up letter of the time wrote it in its subject and request:
# "sent Monday 3 November 2025".
_LONG_DATE = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) (\d{1,2}) "
    r"(January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})\b"
)
_MONTHS = {name: n for n, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}
# How many requests to one person are looked at for one follow-up, at most: the link is
# a guess about old records, and a file with thousands of them must still open at once.
_LOOKED_AT = 200


def _named_dates(text: str) -> set[date]:
    found = set()
    for day, month, year in _LONG_DATE.findall(text):
        try:
            found.add(date(int(year), _MONTHS[month], int(day)))
        except ValueError:
            continue
    return found


def _person(doc: dict) -> str:
    person = doc.get("person")
    return " ".join(person.split()).casefold() if isinstance(person, str) else ""


@dataclass(frozen=True, order=True)
class _Request:
    """A request for a reply among a student's contacts, ordered by when its reply was due."""

    due: date
    on: date
    id: str
    answered: date | None = field(compare=False)
    is_follow_up: bool = field(compare=False)

    def could_be_followed_up(self, follow_up_id: object, sent: date) -> bool:
        """Made before the follow-up (the same day only if not a follow-up itself), and
        not answered before it was sent."""
        if self.id == follow_up_id or self.on > sent or (self.on == sent and self.is_follow_up):
            return False
        return self.answered is None or self.answered >= sent


def link_follow_ups(contacts: Iterable[dict]) -> None:
    """Give each follow-up letter (`letter_kind` "follow_up") stored without a
    `follows_up` key the id of the request it most plausibly followed up, in place.

    A candidate is a contact of the same student, made before the follow-up (or the same
    day, when it is not a follow-up itself), with an answer due and none given before the
    follow-up was sent; named by its date in the follow-up's subject or request (the
    letter wrote "sent Monday 3 November 2025"), or else to the same person. Among
    equals, the earliest due, as the letter then chose. With none, `follows_up` is null:
    the follow-up is a thread of its own. The records' `changed_at` is kept, so two
    homes upgrading the same records stay the same. Records that are not valid are
    passed over (whoever reads them reports them).
    """
    docs = [d for d in contacts if isinstance(d, dict)]
    by_day: dict[tuple[str, date], list[_Request]] = {}
    by_person: dict[tuple[str, str], list[_Request]] = {}
    for doc in docs:
        on, due, student = _day(doc.get("on")), _day(doc.get("due_on")), doc.get("student_id")
        if on is None or due is None or not isinstance(doc.get("id"), str) or not isinstance(student, str):
            continue
        request = _Request(due, on, doc["id"], _day(doc.get("answered_on")), doc.get("letter_kind") == "follow_up")
        by_day.setdefault((student, on), []).append(request)
        if _person(doc):
            by_person.setdefault((student, _person(doc)), []).append(request)
    for requests in by_person.values():
        requests.sort()
    for follow_up in docs:
        student, sent = follow_up.get("student_id"), _day(follow_up.get("on"))
        if follow_up.get("letter_kind") != "follow_up" or "follows_up" in follow_up:
            continue
        if not isinstance(student, str):
            continue
        if sent is None:
            follow_up["follows_up"] = None
            continue
        words = " ".join(str(follow_up.get(k) or "") for k in ("summary", "request"))
        named = [r for day in _named_dates(words) for r in by_day.get((student, day), ())
                 if r.could_be_followed_up(follow_up.get("id"), sent)]
        if named:
            follow_up["follows_up"] = min(named).id
            continue
        to_same_person = by_person.get((student, _person(follow_up)), [])[:_LOOKED_AT]
        chosen = next((r for r in to_same_person if r.could_be_followed_up(follow_up.get("id"), sent)), None)
        follow_up["follows_up"] = chosen.id if chosen else None


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
