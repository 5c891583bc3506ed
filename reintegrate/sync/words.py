"""What sync says, in a family's words: one maker for each sentence, used by Today's
line (`arrival_line`), the school log and `sync status` (`home_lines`), and the line on
versions kept aside (`kept_aside_line`).

A child's record changed by the other home is said as what changed ("a change to
Zoë's ladder"), a new one as "a new child: Zoë", never as a count of "students".
Days are said relative to the date the app or the command runs as (`today`, which
`--date` sets), not the real calendar: a moment is so many days before `now` (the
real clock that dated it), and so many days before `today` it is said to be.

Nothing here loads pyrage or the merge: the school log asks for these words too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

KIND_WORDS = {
    # "students": only in what an older state file remembered, before children were named.
    "students": ("change to a child's record", "changes to children's records"),
    "attempts": ("attempt", "attempts"), "days": ("marked day", "marked days"),
    "decisions": ("decision", "decisions"), "contacts": ("contact", "contacts"),
    "barriers": ("barrier", "barriers"), "checkins": ("check-in", "check-ins"),
    "deletions": ("deletion", "deletions"),
}

# The parts of a child's record (models/student.py: STUDENT_PARTS), as a family says them.
PART_WORDS = {
    "name": "name", "calendar": "school calendar", "settings": "planner settings", "ladder": "ladder",
    "plan": "plan dates", "school": "school details", "created_on": "start date",
    "arranged_supports": "arranged supports", "home_supports": "supports at home",
}


@dataclass(frozen=True)
class ChildChange:
    """A child's record a merge brought: `new` (a child this home did not have), else
    the `parts` of the record that changed (STUDENT_PARTS names)."""

    name: str
    new: bool
    parts: tuple[str, ...] = ()


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def child_text(child: ChildChange) -> str:
    """'a new child: Zoë', 'a change to Zoë's ladder', 'changes to Zoë's ladder and plan dates'."""
    if child.new:
        return f"a new child: {child.name}"
    parts = [PART_WORDS[p] for p in PART_WORDS if p in child.parts]
    if not parts:
        return f"a change to {child.name}'s record"
    return f"{'a change' if len(parts) == 1 else 'changes'} to {child.name}'s {_and(parts)}"


def counts_text(counts: dict[str, int], children: list[ChildChange] | tuple = ()) -> str:
    """'a change to Zoë's ladder, 2 attempts, 1 contact': the children first, then the
    records by kind."""
    said = [child_text(c) for c in children]
    said += [f"{n} {KIND_WORDS[k][0] if n == 1 else KIND_WORDS[k][1]}" for k, n in counts.items()
             if k in KIND_WORDS and not (k == "students" and children)]
    return ", ".join(said)


def days_before(moment: datetime, now: datetime) -> int:
    """Whole days between the day of `moment` and the day of `now` (local), never fewer than 0."""
    return max(0, (now.astimezone().date() - moment.astimezone().date()).days)


def day_text(moment: datetime, today: date, now: datetime, *, on: str = "on ") -> str:
    """'today', 'yesterday', or 'on Mon 7 Dec': the day `moment` was, counted back from
    `today` (the app's date) as many days as it is before `now` (the real clock)."""
    ago = days_before(moment, now)
    if ago == 0:
        return "today"
    if ago == 1:
        return "yesterday"
    day = today - timedelta(days=ago)
    return f"{on}{day:%a} {day.day} {day:%b}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def home_label(home: str, homes: list[str]) -> str:
    return "the other home" if len(homes) <= 1 else f"the home {home[:6]}"


def home_line(label: str, came_in: dict[str, int], children: list[ChildChange], came_on: datetime | None,
              wrote_at: datetime | None, merged_at: datetime | None, today: date, now: datetime) -> str:
    """One other home, in words: "On Mon 7 Dec, from the other home: 1 barrier. The
    other home last wrote today (read here today)."."""
    said = []
    brought = counts_text(came_in, children)
    if brought:
        when = f"{_capital(day_text(came_on, today, now))}, from" if came_on else "From"
        said.append(f"{when} {label}: {brought}.")
    wrote = f"last wrote {day_text(wrote_at, today, now)}" if wrote_at else "was last read"
    merged = f" (read here {day_text(merged_at, today, now)})" if merged_at else ""
    said.append(f"{_capital(label)} {wrote}{merged}" + ("." if brought else ": nothing new came from it."))
    return " ".join(said)


def kept_aside_line(count: int) -> str:
    """What is said while versions merges kept aside wait to be looked at; "" when none."""
    if count <= 0:
        return ""
    them = "version" if count == 1 else "versions"
    return f"{count} {them} kept aside: press K in the school log to see {'it' if count == 1 else 'them'}."
