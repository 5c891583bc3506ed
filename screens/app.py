"""The App: stylesheets, bindings, commands and screen wiring. Nothing else: what it
does right after the first paint is in `screens/opening.py`.

`make_app` is the one way to build it, used by the command line, the tests and the
benchmark alike. Nothing here touches the disk at import time.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Iterable, Mapping
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen

from reintegrate.preferences import load_preferences, remember
from screens.opening import WARM_AFTER_FIRST_PAINT, AfterFirstPaint
from screens.saving import ChangesNotSaved, ChangesSaved, RecordsChanged, RecordsReopened, Saver
from screens.session import CURRENT_STUDENT_KEY, Session
from screens.terminal import for_this_terminal
from screens.today import TodayScreen
from screens.workers import ReportsFailures

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.actions import ActionParseResult
    from textual.dom import DOMNode

    from reintegrate.keymap import KeymapFile
    from reintegrate.store import Store

DEMO_LINE = "Demo household in a temporary file"

# Every screen opened from Today, by name: `action_open_<name>` (or `_open(name)`) imports
# its module the first time, and its stylesheet (the screen's CSS_PATH) loads with it.
# Only Today is imported before the first paint; a new screen gets a module in screens/,
# a line here, and a binding to "app.open_<name>" on the screen it is opened from.
SCREENS: dict[str, tuple[str, str]] = {
    "history": ("screens.history", "HistoryScreen"),
    "ladder": ("screens.ladder", "LadderScreen"),
    "progress": ("screens.progress", "ProgressScreen"),
    "school": ("screens.school", "SchoolScreen"),
    "letter": ("screens.letter", "LetterScreen"),
    "schedule": ("screens.schedule", "ScheduleScreen"),
    "decisions": ("screens.decisions", "DecisionsScreen"),
    "settings": ("screens.settings", "SettingsScreen"),
    "holidays": ("screens.holidays", "HolidaysScreen"),
    "why": ("screens.why", "WhyScreen"),
    "conflicts": ("screens.conflicts", "ConflictsScreen"),
}


def screen_class(name: str) -> type[Screen]:
    """The class of the screen registered as `name` in SCREENS, imported if need be."""
    module, class_name = SCREENS[name]
    return getattr(importlib.import_module(module), class_name)


class ReintegrateApp(AfterFirstPaint, ReportsFailures, App[None]):
    """Opens on Today for the current student, or on the setup form when there is none.

    Screens that follow Today are opened by `action_open_<name>` actions here, so
    that a binding anywhere ("app.open_history") and the command palette reach them
    the same way. A new screen gets a module in screens/, an `action_open_<name>`
    below, and a binding on the screen it is opened from.
    """

    TITLE = "reintegrate"
    WARM_UP = (*(module for module, _ in SCREENS.values()), *WARM_AFTER_FIRST_PAINT)
    # Today is the default screen, whose CSS_PATH Textual does not load: its stylesheet
    # comes with the app's. Every other screen and dialog brings its own CSS_PATH.
    CSS_PATH = ["app.tcss", "today.tcss"]
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        # Today's ways to the school log and to a follow-up; Today's overdue box names them.
        Binding("c", "open_school", "School", tooltip="Contacts, barriers and data for the school",
                show=False, id="app.open_school"),
        Binding("f", "follow_up_overdue", "Follow up", tooltip="Write the follow-up to an overdue request",
                show=False, id="app.follow_up_overdue"),
        Binding("M", "merge", "Merge another computer's records",
                tooltip="Merge the records of another computer (an export or a copy of its data file)",
                show=False, id="app.merge"),
        Binding("K", "open_conflicts", "Versions kept aside by merges",
                tooltip="The versions merges kept aside: keep either one", show=False, id="app.open_conflicts"),
    ]

    def __init__(self, session: Session, config: Path | None = None, keymap: KeymapFile | None = None,
                 *, keep_today: bool = False) -> None:
        super().__init__()
        self.session = session
        # Every write goes through it, one at a time (screens.saving).
        self.saver = Saver(self, lambda: session.store)
        self.config = config  # the preferences folder; None: the user's config folder
        self.keymap_file = keymap
        self.leaving = False  # exit() was called: later keys are dropped (run_action)
        self.not_drawn = False  # left before the first paint, for the command line to open the file
        # Keep Today's words for the next mornings beside the file (screens.today_cache).
        self.keep_today = keep_today
        if keymap is not None and keymap.keys:
            self.set_keymap(keymap.keys)  # Textual applies it to binding ids when keys are looked up
        if session.demo:
            self.sub_title = DEMO_LINE
        self.preferences = load_preferences(config)
        if self.preferences.theme in self.available_themes:
            self.theme = self.preferences.theme

    def exit(self, result: None = None, return_code: int = 0, message: RenderableType | None = None) -> None:
        self.leaving = True
        super().exit(result, return_code, message)

    async def run_action(self, action: str | ActionParseResult, default_namespace: DOMNode | None = None,
                         namespaces: Mapping[str, DOMNode] | None = None) -> bool:
        """No action once the app is on its way out: a key read after q (a quick hand,
        a key held down) would open a screen the closing app never builds, and the
        parent would see a traceback instead of a clean exit. The key is taken, and
        dropped."""
        if self.leaving:
            return True
        return await super().run_action(action, default_namespace, namespaces)

    def watch_theme(self, theme: str) -> None:
        if theme != self.preferences.theme:
            self.preferences = remember(self.config, theme=theme)

    def get_driver_class(self) -> type[Driver]:
        """The terminal's driver, writing joined emoji as every terminal draws them (a
        child's emoji name never moves a border), and ending the app when the terminal
        goes away without a SIGHUP (screens.terminal)."""
        return for_this_terminal(super().get_driver_class())

    # --- screens -----------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return TodayScreen(self.session)

    def on_mount(self) -> None:
        session = self.session
        if session.expects_first_view and session.first_view is None:
            # Today's words could not be worked out beside the app (no student yet, or
            # a problem with the file): open the file here; if that fails, leave, and
            # the command line opens it and says what is wrong, as it always has.
            from reintegrate.store import StoreError

            try:
                session.store  # noqa: B018 (opens it)
            except StoreError:
                self.not_drawn = True
                self.exit()
                return
            if isinstance(self.screen, TodayScreen) and session.student() is not None:
                self.call_after_refresh(self.screen.refresh_view)
        self.call_after_refresh(self._after_first_paint)
        if session.opened and session.student() is None:
            from screens.setup import SetupScreen

            self.push_screen(SetupScreen(self.session, first_run=True))

    async def on_unmount(self) -> None:
        # Closing (q, Ctrl+Q, anything): saves already asked for land before the app
        # is gone and the data file's lock is let go.
        await asyncio.to_thread(self.saver.finish)
        await asyncio.to_thread(self.sync_out_at_quit)  # with sync set up: this home's file

    # Answers for a screen that closed before its save was written.
    @on(ChangesSaved)
    def _saved(self, message: ChangesSaved) -> None:
        self.notify(message.summary, title="Saved")

    @on(ChangesNotSaved)
    def _not_saved(self, message: ChangesNotSaved) -> None:
        self.notify(message.reason, title="Not saved", severity="error", timeout=12)

    @on(RecordsChanged)
    def _records_changed(self) -> None:
        if self.keep_today:
            self.keep_todays_words()
        self.sync_out_soon()

    @on(RecordsReopened)
    def _records_reopened(self, message: RecordsReopened) -> None:
        """Another program changed the file and the store has read it again (the screen
        whose save was refused says so): every screen above Today showed, and held
        copies of, what the file held before, so they close (as with Esc, each dialog
        answered with nothing) and Today is drawn from the file as it is now."""
        if message.damage is not None:
            self._show_damage(message.damage)
            return
        base = self.screen_stack[0]
        if base is not self.screen:
            base.pop_until_active()  # Today is drawn again as it comes back to the top
        elif isinstance(base, TodayScreen):
            base.refresh_view()
        if self.session.student() is None:
            from screens.setup import SetupScreen

            self.push_screen(SetupScreen(self.session, first_run=True))
        if self.keep_today:
            self.keep_todays_words()

    def action_open_history(self) -> None:
        self._open("history")

    def action_open_ladder(self) -> None:
        self._open("ladder")

    def action_open_progress(self) -> None:
        self._open("progress")

    def action_open_school(self, tab: str = "contacts") -> None:
        self._open("school", tab=tab)

    def action_write_letter(self, kind: str = "", contact_id: str = "") -> None:
        student = self.session.student()
        if student is not None:
            self._open("letter", student, kind, contact_id)

    def _open(self, name: str, *args, **kwargs) -> None:
        """Push the screen registered as `name` unless it is already on top (or there is
        no student yet)."""
        if self.session.student() is None:
            return
        cls = screen_class(name)
        if not isinstance(self.screen, cls):
            self.push_screen(cls(self.session, *args, **kwargs))

    def action_follow_up_overdue(self) -> None:
        student = self.session.student()
        from screens.late_requests import overdue_for

        waiting = overdue_for(self.session, student) if student is not None else []
        self.action_write_letter("follow_up", waiting[0].contact.id if waiting else "")

    def action_open_why(self) -> None:
        self._open("why")

    def action_open_schedule(self) -> None:
        self._open("schedule")

    def action_open_decisions(self) -> None:
        self._open("decisions")

    def action_open_conflicts(self) -> None:
        self._open("conflicts")

    def action_open_settings(self) -> None:
        self._open("settings")

    def action_open_holidays(self) -> None:
        self._open("holidays")

    def action_open_students(self) -> None:
        from screens.modals.students import StudentsModal

        current = self.session.student()
        self.push_screen(
            StudentsModal(self.session.students(), current.id if current else None),
            self._student_chosen,
        )

    def _student_chosen(self, choice) -> None:
        if choice is None:
            return
        if choice.student_id is None:
            self.action_add_student()
            return
        if choice.new_name is not None:
            self._rename_student(choice.student_id, choice.new_name)
            return
        chosen = next((s for s in self.session.students() if s.id == choice.student_id), None)
        current = self.session.student()
        if chosen is None or (current is not None and chosen.id == current.id):
            return
        self.saver.save(self.screen, meta={CURRENT_STUDENT_KEY: chosen.id},
                        summary=f"Now showing {chosen.name}.")

    def _rename_student(self, student_id: str, name: str) -> None:
        student = next((s for s in self.session.students() if s.id == student_id), None)
        if student is not None:
            renamed = student.model_copy(update={"name": name})
            self.saver.save(self.screen, put=[renamed], summary=f"{student.name} is now called {name}.")

    def action_add_student(self) -> None:
        from screens.setup import SetupScreen

        # Today refreshes itself when it comes back to the top; nothing else to do.
        self.push_screen(SetupScreen(self.session, first_run=False))

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every notification is plain text: they quote step titles, names and paths,
        and a '[/]' in one of those would otherwise stop the app (screens' `notify`
        comes here too, whatever `markup` they pass). The title goes beside the message,
        so a toast is one line in the header row (app.tcss)."""
        if title and not message.startswith(title):
            message = f"{title} · {message}"
        super().notify(message, severity=severity, timeout=timeout, markup=False)

    def action_merge(self) -> None:
        from screens.merging import merge_from_file

        self.run_worker(merge_from_file(self, self.session), group="merge", exclusive=True, exit_on_error=False,
                        description="merging another computer's records")

    def action_help(self) -> None:
        if isinstance(self.screen, ModalScreen):
            return
        from screens.modals.help import HelpModal

        self.push_screen(HelpModal.for_screen(self.screen))

    def _screen_acted_on(self) -> Screen:
        """The screen an action is for: the one under the command palette while it is
        open (the palette lists the actions of the screen it was opened from)."""
        from textual.command import CommandPalette

        return next((s for s in reversed(self.screen_stack) if not isinstance(s, CommandPalette)), self.screen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        screen = self._screen_acted_on()
        # A stray "q" must never throw away a half-filled form: forms leave with Escape
        # (Ctrl+Q still quits from anywhere).
        if action == "quit" and getattr(screen, "IS_FORM", False):
            return False
        if action == "merge":
            return not isinstance(screen, ModalScreen) and not getattr(screen, "IS_FORM", False)
        if action == "open_school":
            return isinstance(screen, TodayScreen)
        if action == "follow_up_overdue":
            # Today's view says whether a request waits for its follow-up.
            view = screen.view if isinstance(screen, TodayScreen) else None
            return view is not None and view.can_follow_up
        return True

    # --- the command palette -----------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action of the screen the palette was opened from, then Help, Theme and Quit.

        Only the app's own bindings are listed (each has an id): Textual's built-in
        keys (Tab's "Focus Next", an input's and the screen's "Copy selected text") are
        ways of typing, not things to do, and listed them twice over. Scrolling keys
        (Today's Top, Bottom, Page down) are ways of moving, not things to do, either.
        """
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            action = binding.action.removeprefix("app.")  # a screen's key for an app action: once
            if not binding.description or not active.enabled or action in seen:
                continue
            if binding.id is None or binding.id.startswith("choice."):
                continue
            if binding.action in ("quit", "app.quit", "help", "app.help") or action.startswith("scroll"):
                continue
            seen.add(action)
            help_text = binding.tooltip or binding.description
            yield SystemCommand(binding.description, help_text, partial(active.node.run_action, binding.action))
        yield SystemCommand("Help", "What this screen is for, and its keys", self.action_help)
        for command in super().get_system_commands(screen):
            if command.title in ("Theme", "Quit"):
                yield command


def make_app(store: Store, today: date, *, demo: bool = False, config: Path | None = None,
             keymap: KeymapFile | None = None, keep_today: bool = False) -> ReintegrateApp:
    """The app on `store`, acting as if it were `today`; `demo` says so in the header.
    `config` is the preferences folder (the user's config folder when None); `keymap`
    (read by the command line from the user's config folder) changes keys;
    `keep_today` keeps Today's words for the next mornings (screens.today_cache)."""
    return ReintegrateApp(Session(store=store, today=today, demo=demo), config, keymap, keep_today=keep_today)
