"""The keys Today's own words name ("press r", "a accept", "Press f"), and the family's
own keys (keymap.toml) put in their place when Today is drawn.

Today's words are worked out with the default keys: in this process, in the one the
launcher starts beside it, or kept from the last time (`screens.today_cache`), so one
set of words serves every keymap. `with_keys` swaps the family's keys in, and only in
the pieces of the words written from the templates here (the end of a sentence, a line
of keys): a key is never looked for inside a family's text. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from screens.today_view import TodayView

# The bindings Today's words name, and their default keys (screens.today, screens.app;
# a test holds them to the bindings).
DEFAULT_KEYS: dict[str, str] = {
    "today.record": "r",
    "today.mark_day": "d",
    "today.accept": "a",
    "today.override": "o",
    "today.schedule": "n",
    "today.decisions": "D",
    "today.ladder": "l",
    "today.why": "y",
    "today.add_support": "plus",
    "today.home_supports": "H",
    "today.students": "s",
    "app.open_school": "c",
    "app.follow_up_overdue": "f",
}

# Each template names keys by the last part of the binding's id.
RECORDED_TO_CHANGE = " Press {record} to change it."
MARKED_TO_CHANGE = " Press {mark_day} to change it."
NOTHING_RECORDED = "Nothing recorded for today yet. After the step, press {record} to record how it went."
DECIDED_KEYS = "{override} choose another step · {decisions} all decisions · {schedule} next school days"
LADDER_KEY = "{ladder} the ladder"
ACCEPT_KEYS = "{accept} accept · {override} another step · {schedule} next school days"
SPLIT_KEYS = "{accept} look at the in-between step · {override} another step · {schedule} next school days"
BARRIER_KEYS = "{accept} accept and note the barrier · {override} another step · {schedule} next school days"
MORE_SUPPORTS = " ({why} for more)."
TRY_SUPPORTS = " ({add_support} adds the first to the step, {why} for more)."
TRY_HOME_SUPPORTS = " ({add_support} keeps the first at home, for every step; {home_supports} supports at home)."
FOLLOW_UP_KEYS = "Press {follow_up_overdue} to write the follow-up letter, {open_school} to open the school log."
SCHOOL_LOG_KEY = "Press {open_school} to open the school log."
NO_STUDENT = "No student yet. Press {students} to add one."
NO_STEP = "No step is chosen yet. Press {ladder} to see the ladder."
TODAY_HELP = (
    "This is the morning view: the date, whether it is a school day, and today's "
    "step with the supports it relies on. Below it are the last few attempts at the "
    "same step. After the step, press {record} and record how it went; on a day without an "
    "attempt (ill, school closed, a rest day agreed with the team, absent) press {mark_day}. "
    "Nothing here is a judgement: a step that was too much is useful information. "
    "Below the step, the planner proposes what comes next and why: {accept} accepts, {override} "
    "chooses another step. {why} shows a short check-in about why school is hard and "
    "the supports that may fit ({add_support} adds the first to the step, or keeps it at home when it is "
    "carried out at home); it is never required. {home_supports} lists the supports kept at home for the "
    "child, whatever the step: tick one to start it, untick one to end it."
)


def words(template: str, keys: Mapping[str, str] | None = None) -> str:
    """`template` with each key named: the default one, or the one `keys` gives for its
    binding id."""
    chosen = {**DEFAULT_KEYS, **(keys or {})}
    return template.format_map({binding_id.split(".")[1]: _SHOWN.get(key, key) for binding_id, key in chosen.items()})


_SHOWN = {"plus": "+"}  # a key's name as the footer shows it, where it is not the key itself


def with_keys(view: TodayView, keys: Mapping[str, str]) -> TodayView:
    """`view`, worked out with the default keys, saying the keys `keys` gives instead
    (binding id -> the key as the footer shows it)."""
    if all(DEFAULT_KEYS.get(i, key) == key for i, key in keys.items()):
        return view
    overdue = view.overdue
    if overdue:
        overdue = (*overdue[:-1], _rekey(overdue[-1], (FOLLOW_UP_KEYS, SCHOOL_LOG_KEY), keys, whole=True))
    proposal_keys = (DECIDED_KEYS, LADDER_KEY, ACCEPT_KEYS, SPLIT_KEYS, BARRIER_KEYS)
    lines = tuple((classes, _rekey(line, proposal_keys, keys, whole=True) if classes == "proposal-keys" else line)
                  for classes, line in view.proposal.lines)
    return replace(
        view,
        recorded=_rekey(view.recorded, (RECORDED_TO_CHANGE, MARKED_TO_CHANGE, NOTHING_RECORDED), keys),
        overdue=overdue,
        proposal=replace(view.proposal, lines=lines),
        matched=_rekey(view.matched, (TRY_SUPPORTS, TRY_HOME_SUPPORTS, MORE_SUPPORTS), keys),
    )


def _rekey(text: str, templates: Sequence[str], keys: Mapping[str, str], *, whole: bool = False) -> str:
    """`text` with the first of `templates` it ends with (or is, when `whole`) written
    with `keys`; anything else as it is."""
    for template in templates:
        default = words(template)
        if text == default or (not whole and text.endswith(default)):
            return text[: len(text) - len(default)] + words(template, keys)
    return text
