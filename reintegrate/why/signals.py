"""Signals from the records, shown beside the check-in profile and never mixed into it.

Which triggers, morning behaviours and 'what helped' entries point to each purpose is
the editable mapping in data/why/signals.json; so are the words looked for in a day's
'what they did during school hours' note. Only the last SIGNAL_WEEKS weeks count.

Read the right way round:
- a tag matches a key when it is the key or holds it as whole words ('older boy on the
  van' holds 'older boy'); one tag counts once per purpose;
- what helped is not a signal when the step itself asks for it: 'parent drives' at a
  step in the car park is how the step is done, not a wish for time with a parent; nor
  when it is the workaround of a barrier in force that day ('parent drives, after 9:15
  when the vans have gone'), or a support kept at home in place that day ('time
  together after school' is the plan, not a wish);
- a day's note counts only for a day the child stayed home while school was open
  (absent, or a rest agreed with the team): an ill day or a closed school is not a
  day at home by choice. An attempt's note counts the same way when the attempt was
  refused, not started or partial: the rest of the school day was spent at home.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from reintegrate.models import (
    Attempt,
    Barrier,
    BarrierStatus,
    DayKind,
    DayStatus,
    HomeSupport,
    Outcome,
    Purpose,
    Step,
    tag_key,
    tag_keys,
)
from reintegrate.resources import data_file

SIGNAL_WEEKS = 8
KINDS = ("triggers", "morning", "helped", "during_school_hours")
KIND_WORDS = {
    "triggers": "trigger",
    "morning": "morning",
    "helped": "helped",
    "during_school_hours": "at home",
}
# Days at home that say what home offers: the school was open and the child was well.
HOME_BY_CHOICE = frozenset({DayKind.absent, DayKind.agreed_rest})
# Attempts that leave school hours at home: their note says what home offers too.
HOME_OUTCOMES = frozenset({Outcome.refused, Outcome.not_started, Outcome.partial})


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
    # (kind, tag_key) -> how many records in the window carry it; `shown`, as first typed
    counts: Counter = field(default_factory=Counter)
    shown: dict = field(default_factory=dict)
    home_notes: list[tuple[date, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def phrases(self) -> list[str]:
        """"'crowded corridor' (trigger, 3)", most frequent first."""
        ranked = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        return [f"'{self.shown.get((kind, tag), tag)}' ({KIND_WORDS[kind]}, {n})" for (kind, tag), n in ranked]


def _holds(text: str, words: str) -> bool:
    """`text` holds `words` as whole words (both lower case)."""
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


def _keys_in(tag: str, table: dict[str, list[Purpose]]) -> set[Purpose]:
    """The purposes of every key the tag is, or holds as whole words."""
    tag = tag_key(tag)
    found: set[Purpose] = set(table.get(tag, []))
    for key, purposes in table.items():
        if key != tag and _holds(tag, key):
            found.update(purposes)
    return found


def _in_force(barrier: Barrier, on: date) -> bool:
    if barrier.opened_on > on:
        return False
    if barrier.status is BarrierStatus.resolved:
        return barrier.resolved_on is not None and on < barrier.resolved_on
    return True


def signals(
    attempts: Iterable[Attempt],
    days: Iterable[DayStatus],
    today: date,
    mapping: dict[str, dict[str, list[Purpose]]] | None = None,
    steps: Iterable[Step] = (),
    barriers: Iterable[Barrier] = (),
    home_supports: Iterable[HomeSupport] = (),
) -> dict[Purpose, PurposeSignals]:
    """What the records of the last SIGNAL_WEEKS weeks point to, per purpose.

    `steps` are the ladder's steps (retired ones too): a support a step lists is
    required by it, so 'what helped' at that step does not count it. Nor does a
    'what helped' tag that a barrier's workaround names, while the barrier is in force,
    nor one of the `home_supports` (the student's supports at home) in place that day.
    """
    mapping = mapping if mapping is not None else signal_mapping()
    required = {step.id: tag_keys(step.supports) for step in steps}
    barriers = list(barriers)
    attempts = list(attempts)
    home = list(home_supports)

    def asked_for(attempt: Attempt, tag: str) -> bool:
        tag = tag_key(tag)
        if tag in required.get(attempt.step_id, ()):
            return True
        if any(h.active_on(attempt.on) and tag_key(h.support) == tag for h in home):
            return True
        return any(_in_force(b, attempt.on) and _holds(b.workaround.casefold(), tag) for b in barriers)

    since = today - timedelta(weeks=SIGNAL_WEEKS)
    found = {p: PurposeSignals(p) for p in Purpose}
    for attempt in attempts:
        if not since < attempt.on <= today:
            continue
        helped = [tag for tag in attempt.helped if not asked_for(attempt, tag)]
        for kind, tags in (("triggers", attempt.triggers), ("morning", attempt.morning.behaviours),
                           ("helped", helped)):
            for tag in tags:
                for purpose in _keys_in(tag, mapping[kind]):
                    found[purpose].counts[(kind, tag_key(tag))] += 1
                    found[purpose].shown.setdefault((kind, tag_key(tag)), tag)
    at_home = [(a.on, a.during_school_hours) for a in attempts if a.outcome in HOME_OUTCOMES]
    at_home += [(d.on, d.during_school_hours) for d in days if d.kind in HOME_BY_CHOICE]
    for on, note in sorted(at_home, key=lambda item: item[0]):
        if not note or not since < on <= today:
            continue
        lowered = note.lower()
        hit: set[Purpose] = set()
        for word, purposes in mapping["during_school_hours"].items():
            if word in lowered:
                for purpose in purposes:
                    found[purpose].counts[("during_school_hours", word)] += 1
                    hit.add(purpose)
        for purpose in hit:
            found[purpose].home_notes.append((on, note))
    return found
