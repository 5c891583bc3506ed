"""A family's month, replayed morning by morning through the app and the command line.

Each morning opens the app on that date (Pilot, 80x24), does what the family did with
keys, closes it, and then asks the real command line what it says (`status --json`,
`status`, letters) in the same process. A story asserts, morning by morning, what
every surface says: the point is where rules meet over weeks, not one rule alone.

Only setting up the household (what the first run asks) and the other home's
computer are written with the store directly; everything the family does each morning
goes through the screens or the commands.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from textual.widgets import OptionList, Static

from reintegrate.cli import main as cli_main
from reintegrate.models import DayKind, Outcome
from reintegrate.schooldays import short_date
from reintegrate.store import Store
from screens.app import make_app
from screens.modals.barrier_form import BarrierFormModal
from screens.modals.contact_form import AnswerModal
from screens.modals.day_status import DAY_ORDER, DayStatusModal
from screens.modals.decide import AcceptModal, OverrideModal
from screens.record import RecordScreen
from screens.school import SchoolScreen
from screens.today import TodayScreen
from screens.widgets.fields import FormInput
from tests.ui.pilot_helpers import settle, until, until_shown

SIZE = (80, 24)

Action = Callable[["Family", object, object, date], Awaitable[None]]

OUTCOME_KEYS = {Outcome.completed: "1", Outcome.partial: "2", Outcome.not_started: "3",
                Outcome.refused: "4", Outcome.did_more: "5"}


def words(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces, so a sentence
    wrapped at 80 columns can be looked for whole."""
    return " ".join(text.split())


def screen_text(app) -> str:
    return words("\n".join(str(widget.render()) for widget in app.screen.query(Static)))


@dataclass
class Morning:
    """What every surface said on one morning."""

    on: date
    today: str                    # Today in the app, after the family's actions
    status: dict                  # `status --json`
    status_text: str              # `status`, words only
    outputs: dict = field(default_factory=dict)  # other commands run that morning

    @property
    def proposal(self) -> dict:
        return self.status["proposal"]

    @property
    def proposal_words(self) -> str:
        proposal = self.status["proposal"] or {}
        return words(" ".join([proposal.get("headline", ""), *proposal.get("reasons", [])]))

    @property
    def waiting(self) -> list[str]:
        return [item["sentence"] for item in self.status["waiting_on_school"]]


class Family:
    """A household in a data file of its own, opened once a morning."""

    def __init__(self, folder: Path, config: Path) -> None:
        self.path = folder / "records.json"
        self.config = config
        self.mornings: dict[date, Morning] = {}
        self.misses: list[str] = []
        self.seen: dict[str, str] = {}
        self.day: date | None = None

    # --- what the family expects to read ------------------------------------------------

    def expect(self, holds: bool, what: str) -> None:
        """Note a miss and go on: a story reports every morning that went wrong at once."""
        if not holds:
            self.misses.append(f"{self.day}: {what}")

    def done(self) -> None:
        assert not self.misses, "what the family would have read wrongly:\n  " + "\n  ".join(self.misses)

    # --- the command line, as the family or a script types it --------------------------

    def run(self, day: date, *args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_main(["--data", str(self.path), "--date", day.isoformat(), *args])
        return code, out.getvalue(), err.getvalue()

    def command(self, day: date, *args: str) -> str:
        code, out, err = self.run(day, *args)
        assert code == 0, f"{' '.join(args)} on {day}: exit {code}: {err}"
        return out

    # --- a morning ---------------------------------------------------------------------

    async def morning(self, day: date, *actions: Action) -> Morning:
        """Open the app on `day`, do `actions` with keys, close it; then ask `status`."""
        self.day = day
        store = Store.open(self.path, today=day)
        app = make_app(store, day, config=self.config)
        try:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                for action in actions:
                    await action(self, pilot, app, day)
                    await settle(pilot)
                    if not isinstance(app.screen, TodayScreen):
                        app.pop_screen()
                        await settle(pilot)
                await until_shown(pilot, TodayScreen)
                today = screen_text(app)
        finally:
            app.session.store.close()
        status = json.loads(self.command(day, "status", "--json"))
        morning = Morning(day, today, status, words(self.command(day, "status")))
        self.mornings[day] = morning
        self._log(morning)
        return morning

    def _log(self, morning: Morning) -> None:
        """With STORY_LOG=FOLDER, each morning's words are kept there, to compare what
        the app said before and after a change."""
        folder = os.environ.get("STORY_LOG")
        if not folder:
            return
        with open(Path(folder) / f"{self.path.parent.name}-{self.path.stem}.txt", "a", encoding="utf-8") as log:
            log.write(f"== {morning.on:%a %d %b %Y}\nTODAY: {morning.today}\n"
                      f"PROPOSAL: {morning.proposal_words}\nWAITING: {morning.waiting}\n\n")


# --- what the family does, with keys ------------------------------------------------------


def _set(app, selector: str, value: str) -> None:
    app.screen.query_one(selector, FormInput).value = value


def record(outcome: Outcome, minutes: int, before: int, peak: int, after: int, *,
           triggers: str = "", notes: str = "", on: date | None = None, at_home: str = "") -> Action:
    """`r` on Today, the outcome by its number, the rest typed (`at_home`: what they
    did at home in school hours, on a refused or partial day), Ctrl+S."""

    async def act(family, pilot, app, day):
        await pilot.press("r")
        await until_shown(pilot, RecordScreen)
        if on is not None:
            _set(app, "#on", on.isoformat())
        app.screen.query_one("#outcome").focus()
        await pilot.press(OUTCOME_KEYS[outcome])
        for selector, value in (("#minutes", minutes), ("#distress_before", before),
                                ("#distress_peak", peak), ("#distress_after", after),
                                ("#triggers", triggers), ("#notes", notes)):
            _set(app, selector, str(value))
        if at_home:
            _set(app, "#during_school_hours", at_home)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen), f"the attempt of {day} was not saved"

    return act


def mark(kind: DayKind, *, on: date | None = None, note: str = "") -> Action:
    """`d` on Today: the day (today unless `on`), its kind by number, a note."""

    async def act(family, pilot, app, day):
        await pilot.press("d")
        await until_shown(pilot, DayStatusModal)
        _set(app, "#day-on", (on or day).isoformat())
        if note:
            _set(app, "#day-note", note)
        app.screen.query_one("#day-kind").focus()
        await pilot.press(str(DAY_ORDER.index(kind) + 1), "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen), f"the day {on or day} was not marked"

    return act


def accept() -> Action:
    async def act(family, pilot, app, day):
        await pilot.press("a")
        await until_shown(pilot, AcceptModal)
        await pilot.press("y")
        await settle(pilot)

    return act


def override(step_title: str, reason: str) -> Action:
    """`o` on Today: choose `step_title` in the list, give the reason, Ctrl+S."""

    async def act(family, pilot, app, day):
        await pilot.press("o")
        await until_shown(pilot, OverrideModal)
        steps = app.screen.query_one("#override-steps", OptionList)
        titles = [str(steps.get_option_at_index(i).prompt) for i in range(steps.option_count)]
        steps.highlighted = next(i for i, title in enumerate(titles) if step_title in title)
        _set(app, "#override-note", reason)
        await pilot.press("ctrl+s")
        await settle(pilot)
        if not isinstance(app.screen, TodayScreen):
            shown = [str(w.render()) for w in app.screen.query(".field-error.shown")]
            raise AssertionError(f"the decision of {day} was not saved: {shown}")

    return act


def barrier(title: str, tags: str, workaround: str, *, owner: int = 1, status: int = 2) -> Action:
    """The school log (`c`), its barriers (`2`), a new one (`n`); owner and status by number."""

    async def act(family, pilot, app, day):
        await pilot.press("c")
        await until_shown(pilot, SchoolScreen)
        await pilot.press("2", "n")
        await until_shown(pilot, BarrierFormModal)
        _set(app, "#barrier-title", title)
        _set(app, "#barrier-tags", tags)
        _set(app, "#barrier-workaround", workaround)
        app.screen.query_one("#barrier-owner").focus()
        await pilot.press(str(owner))
        app.screen.query_one("#barrier-status").focus()
        await pilot.press(str(status), "ctrl+s")
        await settle(pilot)
        await until_shown(pilot, SchoolScreen)
        await pilot.press("escape")
        await until_shown(pilot, TodayScreen)

    return act


def answered(person: str, answer: str) -> Action:
    """The school log (`c`): select the request to `person`, `a`, the answer, Ctrl+S."""

    async def act(family, pilot, app, day):
        await pilot.press("c")
        await until_shown(pilot, SchoolScreen)
        screen = app.screen
        screen.action_show_tab("contacts")
        await settle(pilot)
        table = screen.query_one("#contacts-table")
        rows = [c for c in screen.contacts]
        index = next(i for i, c in enumerate(rows) if person in c.person and not c.answered_on)
        table.focus()
        table.move_cursor(row=index)
        await pilot.press("a")
        await until_shown(pilot, AnswerModal)
        _set(app, "#answer-text", answer)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until(pilot, lambda: isinstance(app.screen, SchoolScreen))
        await pilot.press("escape")
        await until_shown(pilot, TodayScreen)

    return act


def checkin(answers: list[int], *, child: bool = False) -> Action:
    """The Why screen (`y`), the parent's (`c`) or the child's (`k`) check-in: one digit
    per statement, in the order they are shown, Ctrl+S."""

    async def act(family, pilot, app, day):
        from screens.modals.checkin import CheckInScreen
        from screens.why import WhyScreen

        await pilot.press("y")
        await until_shown(pilot, WhyScreen)
        await pilot.press("k" if child else "c")
        await until_shown(pilot, CheckInScreen)
        await pilot.press(*(str(answer) for answer in answers))
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until_shown(pilot, WhyScreen)
        await pilot.press("escape")
        await until_shown(pilot, TodayScreen)

    return act


def look(key: str, name: str) -> Action:
    """Open the screen under `key` from Today, keep its words as `family.seen[name]`,
    and come back."""

    async def act(family, pilot, app, day):
        await pilot.press(key)
        await until(pilot, lambda: not isinstance(app.screen, TodayScreen))
        await settle(pilot)
        family.seen[name] = screen_text(app)
        await pilot.press("escape")
        await until_shown(pilot, TodayScreen)

    return act


def settings(**values: str) -> Action:
    """Planner settings (`S`): type each value, Ctrl+S."""

    async def act(family, pilot, app, day):
        from screens.settings import SettingsScreen

        await pilot.press("S")
        await until_shown(pilot, SettingsScreen)
        for name, value in values.items():
            _set(app, f"#set-{name}", value)
        await pilot.press("ctrl+s")
        await settle(pilot)
        if isinstance(app.screen, SettingsScreen):
            await pilot.press("escape")
        await until_shown(pilot, TodayScreen)

    return act


def in_history(on: date, *keys: str, notes: str | None = None) -> Action:
    """History (`h`): put the cursor on the attempt of `on`, then press `keys`
    (`x`, `y` deletes it; `e` opens it, and `notes` are typed before Ctrl+S)."""

    async def act(family, pilot, app, day):
        from screens.history import HistoryScreen

        await pilot.press("h")
        await until_shown(pilot, HistoryScreen)
        screen = app.screen
        table = screen.query_one("#history-table")
        rows = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        wanted = short_date(on)
        table.focus()
        table.move_cursor(row=next(i for i, row in enumerate(rows) if wanted in row))
        await pilot.press(*keys)
        await settle(pilot)
        if notes is not None:
            await until_shown(pilot, RecordScreen)
            _set(app, "#notes", notes)
            await pilot.press("ctrl+s")
            await settle(pilot)
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await pilot.press("escape")
        await until_shown(pilot, TodayScreen)

    return act
