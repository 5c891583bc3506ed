"""What the morning view shows, as words: Today is drawn from one `TodayView`.

The view is worked out from the records by `screens.today_text.today_view` (the plan
through the core's `plan_view`, as everywhere) and holds only strings and flags, so it
can be worked out in another process while this one starts Textual
(`screens.launch`), and drawn before the models are loaded. Nothing here imports
the core or Textual.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProposalText:
    """The proposal panel: its title and each line with the classes it is drawn with
    ("bullet" lines are drawn as a bullet and a sentence)."""

    title: str
    lines: tuple[tuple[str, str], ...]
    can_accept: bool
    can_override: bool


@dataclass(frozen=True)
class TodayView:
    """Every word Today shows for the current student on one date."""

    title: str
    date_line: str
    school_day: str
    recorded: str
    overdue: tuple[str, ...]  # one sentence per request waiting on the school, then the keys' line
    can_follow_up: bool  # a request whose answer is late: what f is for
    card_title: str
    step: tuple[str, ...]  # heading, place and minutes, supports[, description]; () with no step
    proposal: ProposalText
    matched: str
    attempts: tuple[tuple[str, str, str, str, str], ...]  # id, date, outcome, minutes, peak
    home: str = ""  # the supports kept at home in place today, in one line ("" with none)

    @property
    def has_step(self) -> bool:
        return bool(self.step)
