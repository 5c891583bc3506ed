"""Signals from the records, shown beside the check-in profile and never mixed into it.

Which triggers, morning behaviours and 'what helped' entries point to each purpose is
the editable mapping in data/why/signals.json; so are the words looked for in a day's
'what they did during school hours' note. Only the last SIGNAL_WEEKS weeks count.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from reintegrate.models import Attempt, DayStatus, Purpose
from reintegrate.resources import data_file

SIGNAL_WEEKS = 8
KINDS = ("triggers", "morning", "helped", "during_school_hours")
KIND_WORDS = {
    "triggers": "trigger",
    "morning": "morning",
    "helped": "helped",
    "during_school_hours": "at home",
}


def parse_mapping(document: dict) -> dict[str, dict[str, list[Purpose]]]:
    return {
        kind: {tag.lower(): [Purpose(p) for p in purposes] for tag, purposes in document.get(kind, {}).items()}
        for kind in KINDS
    }


@cache
def signal_mapping() -> dict[str, dict[str, list[Purpose]]]:
    return parse_mapping(json.loads(data_file("why", "signals.json").read_text(encoding="utf-8")))


@dataclass
class PurposeSignals:
    purpose: Purpose
    # (kind, tag) -> how many records in the window carry it
    counts: Counter = field(default_factory=Counter)
    home_notes: list[tuple[date, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def phrases(self) -> list[str]:
        """"'crowded corridor' (trigger, 3)", most frequent first."""
        ranked = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        return [f"'{tag}' ({KIND_WORDS[kind]}, {n})" for (kind, tag), n in ranked]


def signals(
    attempts: Iterable[Attempt],
    days: Iterable[DayStatus],
    today: date,
    mapping: dict[str, dict[str, list[Purpose]]] | None = None,
) -> dict[Purpose, PurposeSignals]:
    mapping = mapping if mapping is not None else signal_mapping()
    since = today - timedelta(weeks=SIGNAL_WEEKS)
    found = {p: PurposeSignals(p) for p in Purpose}
    for attempt in attempts:
        if not since < attempt.on <= today:
            continue
        for kind, tags in (("triggers", attempt.triggers), ("morning", attempt.morning.behaviours),
                           ("helped", attempt.helped)):
            for tag in tags:
                for purpose in mapping[kind].get(tag.lower(), []):
                    found[purpose].counts[(kind, tag)] += 1
    for day in days:
        note = day.during_school_hours
        if not note or not since < day.on <= today:
            continue
        lowered = note.lower()
        hit: set[Purpose] = set()
        for word, purposes in mapping["during_school_hours"].items():
            if word in lowered:
                for purpose in purposes:
                    found[purpose].counts[("during_school_hours", word)] += 1
                    hit.add(purpose)
        for purpose in hit:
            found[purpose].home_notes.append((day.on, note))
    return found
