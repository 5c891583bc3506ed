"""Supports kept at home for the child: what the family can tick, and the list after
they start or end some (the dialog on Today and the Why screen, and `+` for a
suggested support carried out at home, all go through here).

A support at home is the household's, not a step's (`Student.home_supports`): it is
in place from the day it started until the day before it ended, and counts as
matched for every step meanwhile (why.supports). Ending one keeps it, with the day it
ended, so the records still say when it was in place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from reintegrate.models import HomeSupport, Purpose, Student, clean_tags, home_supports_on, tag_key, tag_keys
from reintegrate.schooldays import short_date
from reintegrate.why.supports import HOME, supports_table


def home_choices(student: Student, today: date, leading: Sequence[Purpose] = ()) -> list[str]:
    """What the family can tick: the supports at home in place today, then the shipped
    supports carried out at home that are not, those for the `leading` purposes first,
    in the table's order."""
    in_place = home_supports_on(student, today)
    have = tag_keys(in_place)
    table = supports_table()
    order = [*leading, *(p for p in table if p not in leading)]
    shipped = [s.support for p in order for s in table[p] if s.side == HOME]
    return [*in_place, *(s for s in dict.fromkeys(shipped) if tag_key(s) not in have)]


def change_home_supports(student: Student, in_place: Sequence[str], on: date, today: date) -> list[HomeSupport]:
    """The student's supports at home once those ticked (`in_place`) are the ones in
    place from `on`: one in place today and not ticked ends on `on`; one ticked and not
    in place starts on `on`. Raises ValueError, in a sentence, for a date after today
    or one before a support being ended started."""
    if on > today:
        raise ValueError(f"The date is after today ({short_date(today)}): choose today or a day before.")
    wanted = clean_tags(in_place)
    keys = tag_keys(wanted)
    now = tag_keys(home_supports_on(student, today))
    kept: list[HomeSupport] = []
    resumed: set[str] = set()
    for support in student.home_supports:
        key = tag_key(support.support)
        if support.active_on(today) and key not in keys:
            if on < support.started_on:
                raise ValueError(f"'{support.support}' started on {short_date(support.started_on)}: "
                                 "it cannot end before that day.")
            support = support.model_copy(update={"ended_on": on})
        elif (key in keys and key not in now and key not in resumed and support.ended_on is not None
              and support.started_on <= on <= support.ended_on):
            # Ticked again from a day it was still in place (an untick undone the same
            # day): the same period goes on, the history is not split in two.
            support = support.model_copy(update={"ended_on": None})
            resumed.add(key)
        kept.append(support)
    kept += [HomeSupport(support=w, started_on=on) for w in wanted if tag_key(w) not in now | resumed]
    return kept


def home_changes(before: Sequence[HomeSupport], after: Sequence[HomeSupport]) -> str:
    """'Started: a, b; ended: c.' for what a change of the supports at home did ('' for
    nothing): said when it is saved, so a slip shows."""
    old = {(h.support, h.started_on): h.ended_on for h in before}
    started = [h.support for h in after if (h.support, h.started_on) not in old and h.ended_on is None]
    started += [f"{h.support} (again: in place since {short_date(h.started_on)})" for h in after
                if (h.support, h.started_on) in old and old[(h.support, h.started_on)] is not None
                and h.ended_on is None]
    ended = [h.support for h in after
             if h.ended_on is not None and old.get((h.support, h.started_on), "new") is None]
    parts = [f"Started: {', '.join(started)}"] if started else []
    parts += [f"{'ended' if parts else 'Ended'}: {', '.join(ended)}"] if ended else []
    return "; ".join(parts) + "." if parts else ""


def home_line(student: Student, today: date) -> str:
    """'At home since Tue 16 Mar: a, b; since Thu 18 Mar: c.' ('' with none in place)."""
    return home_line_of((h.support, h.started_on) for h in student.home_supports if h.active_on(today))


def home_line_of(in_place: Iterable[tuple[str, date]]) -> str:
    """The same sentence from the supports in place and the day each started (as
    `status --json` lists them): each once, as first typed, grouped by that day."""
    by_day: dict[date, list[str]] = {}
    seen: set[str] = set()
    for support, started_on in sorted(in_place, key=lambda pair: pair[1]):
        key = tag_key(support)
        if key not in seen:
            seen.add(key)
            by_day.setdefault(started_on, []).append(support)
    if not by_day:
        return ""
    parts = [f"since {short_date(day)}: {', '.join(names)}" for day, names in by_day.items()]
    return f"At home {'; '.join(parts)}."


def last_ended(student: Student, support: str, today: date) -> HomeSupport | None:
    """The latest period of `support` at home that has ended, when it is not in place
    today (a support the planner offers again was tried before)."""
    key = tag_key(support)
    mine = [h for h in student.home_supports if tag_key(h.support) == key]
    if any(h.active_on(today) for h in mine):
        return None
    ended = [h for h in mine if h.ended_on is not None]
    return max(ended, key=lambda h: h.ended_on, default=None)


def tried_note(student: Student, support: str, today: date) -> str:
    """' (tried from Fri 20 Nov, ended Tue 1 Dec)' after a support offered again that was
    kept at home and ended ('' otherwise): the planner says so wherever it offers it."""
    before = last_ended(student, support, today)
    return f" (tried {period_words(before)})" if before else ""


def period_words(h: HomeSupport) -> str:
    """'from Fri 20 Nov, ended Tue 1 Dec', or 'since Mon 9 Nov' for one still in place."""
    if h.ended_on is None:
        return f"since {short_date(h.started_on)}"
    return f"from {short_date(h.started_on)}, ended {short_date(h.ended_on)}"


def tried_at_home(student: Student, since: date, today: date) -> list[str]:
    """'At home: rewards that follow attendance (from Fri 20 Nov, ended Tue 1 Dec).' for
    each support at home in place on some day from `since` to `today`, oldest first:
    what has been tried at home, for those the family writes to."""
    shown = [h for h in sorted(student.home_supports, key=lambda h: h.started_on)
             if h.started_on <= today and (h.ended_on is None or h.ended_on > since)]
    return [f"At home: {h.support} ({period_words(h)}{'' if h.ended_on else ', still in place'})." for h in shown]


def ended_sentence(student: Student) -> str:
    """'Tried at home and ended: a (from …, ended …); b (…).' ('' with none ended)."""
    ended = ended_lines(student)
    return f"Tried at home and ended: {'; '.join(ended)}." if ended else ""


def ended_lines(student: Student) -> list[str]:
    """'a (from Tue 16 Mar, ended Fri 26 Mar)' for each support at home that has ended, latest first."""
    ended = sorted((h for h in student.home_supports if h.ended_on is not None),
                   key=lambda h: h.ended_on, reverse=True)
    return [f"{h.support} (from {short_date(h.started_on)}, ended {short_date(h.ended_on)})" for h in ended]
