"""The ladder as a table: one row per step, easiest at the top, marks in symbols and words.

At 80 columns the table has the number, the mark, the title, planned minutes, the
child's rating and the attempts; place and supports join as columns from about 110
columns and are always in the detail below the table for the highlighted step.
"""

from __future__ import annotations

from rich.text import Text

from reintegrate.ladder import StepStats, mastered_ids
from reintegrate.models import Step, Student
from screens.session import step_position
from screens.widgets.table import PlainTable

CURRENT_MARK = "▶ now"
MASTERED_MARK = "✓ done"
RETIRED_MARK = "retired"
NO_VALUE = "—"

WIDE_FROM = 110  # terminal columns from which place and supports get their own columns
TITLE_MIN = 24


def clip(text: str, width: int) -> str:
    """`text` in at most `width` characters, with … where it was shortened.

    A short ending in brackets is kept, so the two parts of a split step ('Half days
    (first part)', '... (second part)') still look different when shortened.
    """
    if len(text) <= width:
        return text
    head, bracket, tail = text.rpartition(" (")
    suffix = bracket + tail
    if head and tail.endswith(")") and len(suffix) <= width // 2:
        return head[: width - len(suffix) - 1].rstrip() + "…" + suffix
    return text[: max(width - 1, 0)].rstrip() + "…"


def rating_text(step: Step) -> str:
    return NO_VALUE if step.expected_difficulty is None else f"{step.expected_difficulty}/10"


def attempts_text(stats: StepStats | None) -> str:
    """'3 · Partly': how many attempts, and how the latest went."""
    if stats is None or stats.count == 0:
        return "0"
    return f"{stats.count} · {stats.last_outcome.label}" if stats.last_outcome else str(stats.count)


def step_detail(student: Student, step: Step, stats: StepStats | None) -> list[str]:
    """The highlighted step in full, as lines of plain text."""
    ladder = student.ladder
    if step.retired:
        heading = f"Retired: {step.title} (kept so past attempts still make sense; r restores it)"
    else:
        heading = f"{step_position(student, step)}: {step.title}"
        if step.id == ladder.current_step_id:
            heading += f" ({CURRENT_MARK}: the current step)"
        elif step.id in mastered_ids(ladder):
            heading += f" ({MASTERED_MARK}: moved past)"
    # A template suggests a difficulty nobody asked the child about: the rating is the
    # step's, never said to be the child's.
    rating = (
        f"expected difficulty {step.expected_difficulty}/10"
        if step.expected_difficulty is not None else "difficulty not rated"
    )
    where = f"{step.place or 'Place not set'} · {step.planned_minutes} minutes planned · {rating}"
    if not getattr(step, "in_school", True):
        where += " · outside school"
    supports = f"Supports: {', '.join(step.supports) if step.supports else 'none listed'}"
    if stats is None or stats.count == 0:
        tried = "No attempts at this step yet."
    else:
        times = "attempt" if stats.count == 1 else "attempts"
        last = f"; the last: {stats.last_outcome.label}" if stats.last_outcome else ""
        tried = f"{stats.count} {times}{last}."
    lines = [heading, where, supports, tried]
    if step.description:
        lines.append(step.description)
    return lines


class LadderList(PlainTable):
    """One row per step; row keys are step ids, so the screen acts on `selected_step`.

    The current step and the steps moved past are marked by a symbol and a word, never
    by colour alone; retired steps (when shown) are marked 'retired' in their old place.
    """

    DEFAULT_CSS = """
    LadderList { height: 1fr; }
    """

    def __init__(self, student: Student, **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        super().__init__(**kwargs)
        self.student = student
        self.stats: dict[str, StepStats] = {}
        self.show_retired = False
        self._wide: bool | None = None

    def on_mount(self) -> None:
        self.show_student(self.student, self.stats, show_retired=self.show_retired)

    @property
    def wide(self) -> bool:
        return self.app.size.width >= WIDE_FROM

    def _widths(self) -> dict[str, int]:
        """Column widths that fit the terminal without scrolling sideways."""
        widths = {"number": 2, "mark": 7, "minutes": 3, "rated": 5, "attempts": 15}
        # Screen padding (2), the vertical scrollbar (2) and one cell of padding each side.
        room = self.app.size.width - 4
        if self.wide:
            widths.update(place=0, supports=0)
        room -= sum(widths.values()) + 2 * (len(widths) + 1)
        if self.wide:
            title = max(TITLE_MIN, min(35, room - 33))
            rest = room - title
            widths["place"] = rest * 9 // 20
            widths["supports"] = rest - widths["place"]
        else:
            title = max(TITLE_MIN, room)
        widths["title"] = title
        return widths

    def _columns(self) -> None:
        self.clear(columns=True)
        self._wide = self.wide
        widths = self._widths()
        self.add_column("#", key="number", width=widths["number"])
        self.add_column("", key="mark", width=widths["mark"])
        self.add_column("Step (easiest at the top)", key="title", width=widths["title"])
        self.add_column("Min", key="minutes", width=widths["minutes"])
        if self._wide:
            self.add_column("Place", key="place", width=widths["place"])
            self.add_column("Supports", key="supports", width=widths["supports"])
        self.add_column("Rated", key="rated", width=widths["rated"])
        self.add_column("Attempts · last", key="attempts", width=widths["attempts"])
        self.widths = widths

    def row_cells(self, number: int | None, step: Step, mark: str) -> tuple:
        """The cells of one row; the mark is CURRENT_MARK, MASTERED_MARK, RETIRED_MARK or ''."""
        widths = self.widths
        style = {CURRENT_MARK: "bold", RETIRED_MARK: "italic dim"}.get(mark, "")
        cells: list = [
            "" if number is None else str(number),
            Text(mark, style=style),
            Text(clip(step.title, widths["title"]), style=style),
            str(step.planned_minutes),
        ]
        if self._wide:
            cells.append(clip(step.place or NO_VALUE, widths["place"]))
            cells.append(clip(", ".join(step.supports) or NO_VALUE, widths["supports"]))
        cells.append(rating_text(step))
        cells.append(attempts_text(self.stats.get(step.id)))
        return tuple(cells)

    def show_student(
        self,
        student: Student,
        stats: dict[str, StepStats] | None = None,
        *,
        show_retired: bool = False,
        select_id: str | None = None,
    ) -> None:
        """Fill the table again; the cursor goes to `select_id`, else stays on its row
        (the current step on first showing)."""
        first_time = self._wide is None
        row = self.cursor_row
        self.student = student
        self.stats = stats or {}
        self.show_retired = show_retired
        self._columns()
        ladder = student.ladder
        done = mastered_ids(ladder)
        number = 0
        for step in ladder.steps:
            if step.retired:
                if show_retired:
                    self.add_row(*self.row_cells(None, step, RETIRED_MARK), key=step.id)
                continue
            number += 1
            mark = CURRENT_MARK if step.id == ladder.current_step_id else MASTERED_MARK if step.id in done else ""
            self.add_row(*self.row_cells(number, step, mark), key=step.id)
        if not self.row_count:
            return
        if select_id is None and first_time:
            select_id = ladder.current_step_id
        if select_id is not None and select_id in self.rows:
            row = self.get_row_index(select_id)
        self.move_cursor(row=min(max(row, 0), self.row_count - 1), animate=False)

    def on_resize(self) -> None:
        if self._wide is not None and self._wide != self.wide:
            step = self.selected_step
            self.show_student(self.student, self.stats, show_retired=self.show_retired,
                              select_id=step.id if step else None)

    @property
    def selected_step(self) -> Step | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self.student.ladder.step(key) if key else None
