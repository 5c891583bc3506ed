"""The App: stylesheets, bindings, commands and screen wiring. Nothing else.

`make_app` is the one way to build it, used by the command line, the tests and the
benchmark alike. Nothing here touches the disk at import time.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from datetime import date
from functools import partial

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from reintegrate.models import Student
from reintegrate.store import Store, StoreError

# Imported up front so that opening them from a key press is immediate.
from screens import decisions, history, ladder, letter, progress, schedule, school, settings  # noqa: F401
from screens.modals.help import HelpModal
from screens.modals.students import StudentsModal
from screens.saving import save_in_background
from screens.session import CURRENT_STUDENT_KEY, Session
from screens.setup import SetupScreen
from screens.today import TodayScreen
from screens.widgets.overdue import overdue_for

DEMO_LINE = "Demo household in a temporary file"
CHECK_AFTER_SECONDS = 2.0


class ReintegrateApp(App[None]):
    """Opens on Today for the current student, or on the setup form when there is none.

    Screens that follow Today are opened by `action_open_<name>` actions here, so
    that a binding anywhere ("app.open_history") and the command palette reach them
    the same way. A new screen gets a module in screens/, an `action_open_<name>`
    below, and a binding on the screen it is opened from.
    """

    TITLE = "reintegrate"
    # Every stylesheet is loaded up front: Textual does not load the CSS_PATH of the
    # default screen, and one place listing them all keeps the order predictable.
    CSS_PATH = [
        "app.tcss",
        "today.tcss",
        "record.tcss",
        "history.tcss",
        "ladder.tcss",
        "progress.tcss",
        "setup.tcss",
        "school.tcss",
        "letter.tcss",
        "modals/modals.tcss",
        "modals/ladder_forms.tcss",
        "modals/school_forms.tcss",
        "schedule.tcss",
        "decisions.tcss",
        "settings.tcss",
        "modals/decide.tcss",
    ]
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        # Today's ways to the school log and to a follow-up; Today's overdue box names them.
        Binding("c", "open_school", "School", tooltip="Contacts, barriers and data for the school",
                show=False, id="app.open_school"),
        Binding("f", "follow_up_overdue", "Follow up", tooltip="Write the follow-up to an overdue request",
                show=False, id="app.follow_up_overdue"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        if session.demo:
            self.sub_title = DEMO_LINE

    # --- screens -----------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return TodayScreen(self.session)

    def on_mount(self) -> None:
        # Checking every record holds the store while it runs (up to a second on ten
        # years of records), so it waits until today is on screen. Any save checks
        # first anyway, so nothing is ever written over a damaged record.
        self.set_timer(CHECK_AFTER_SECONDS, self.check_records)
        if self.session.student() is None:
            self.push_screen(SetupScreen(self.session, first_run=True))

    @work(thread=True, group="verify", exit_on_error=False)
    def check_records(self) -> None:
        """Validate every record in the background (a no-op when the store already did)."""
        try:
            self.session.store.verify()
        except StoreError as error:
            self.call_from_thread(self.notify, str(error), title="The data file has a problem",
                                  severity="error", timeout=60)

    def action_open_history(self) -> None:
        self._open("history", "HistoryScreen")

    def action_open_ladder(self) -> None:
        self._open("ladder", "LadderScreen")

    def action_open_progress(self) -> None:
        self._open("progress", "ProgressScreen")

    def action_open_school(self, tab: str = "contacts") -> None:
        self._open("school", "SchoolScreen", tab=tab)

    def action_write_letter(self, kind: str = "request_meeting", contact_id: str = "") -> None:
        student = self.session.student()
        if student is not None:
            self._open("letter", "LetterScreen", student, kind, contact_id)

    def _open(self, module: str, name: str, *args, **kwargs) -> None:
        """Push a screen unless it is already on top (or there is no student yet).

        Screen modules are imported when the app is (see the imports at the top), so
        pushing one never stalls a key press; only Progress imports its charting on
        first use, inside the screen.
        """
        if self.session.student() is None:
            return
        screen_class = getattr(importlib.import_module(f"screens.{module}"), name)
        if not isinstance(self.screen, screen_class):
            self.push_screen(screen_class(self.session, *args, **kwargs))

    def action_follow_up_overdue(self) -> None:
        student = self.session.student()
        waiting = overdue_for(self.session, student) if student is not None else []
        self.action_write_letter("follow_up", waiting[0].contact.id if waiting else "")

    def action_open_why(self) -> None:
        # Not among the imports at the top: only opening it pays for it.
        self._open("why", "WhyScreen")

    def action_open_schedule(self) -> None:
        self._open("schedule", "ScheduleScreen")

    def action_open_decisions(self) -> None:
        self._open("decisions", "DecisionsScreen")

    def action_open_settings(self) -> None:
        self._open("settings", "SettingsScreen")

    def action_open_students(self) -> None:
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
        save_in_background(
            self.screen,
            self.session.store,
            meta={CURRENT_STUDENT_KEY: chosen.id},
            summary=f"Now showing {chosen.name}.",
        )

    def _rename_student(self, student_id: str, name: str) -> None:
        student = next((s for s in self.session.students() if s.id == student_id), None)
        if student is not None:
            renamed = student.model_copy(update={"name": name})
            save_in_background(self.screen, self.session.store, put=[renamed],
                               summary=f"{student.name} is now called {name}.")

    def action_add_student(self) -> None:
        self.push_screen(SetupScreen(self.session, first_run=False), self._student_added)

    def _student_added(self, student: Student | None) -> None:
        # Today refreshes itself when it comes back to the top; nothing else to do.
        pass

    def action_help(self) -> None:
        if isinstance(self.screen, ModalScreen):
            return
        self.push_screen(HelpModal.for_screen(self.screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A stray "q" must never throw away a half-filled form: forms leave with Escape
        # (Ctrl+Q still quits from anywhere).
        if action == "quit" and getattr(self.screen, "IS_FORM", False):
            return False
        if action == "open_school":
            return isinstance(self.screen, TodayScreen)
        if action == "follow_up_overdue":
            student = self.session.student()
            return isinstance(self.screen, TodayScreen) and student is not None and bool(
                overdue_for(self.session, student))
        return True

    # --- the command palette -----------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action of the screen the palette was opened from, then the system ones."""
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or not active.enabled or binding.action in seen:
                continue
            if binding.action in ("quit", "app.quit", "help", "app.help"):
                continue
            seen.add(binding.action)
            help_text = binding.tooltip or binding.description
            yield SystemCommand(binding.description, help_text, partial(active.node.run_action, binding.action))
        yield SystemCommand("Help", "What this screen is for, and its keys", self.action_help)
        yield from super().get_system_commands(screen)


def make_app(store: Store, today: date, *, demo: bool = False) -> ReintegrateApp:
    """The app on `store`, acting as if it were `today`; `demo` says so in the header."""
    return ReintegrateApp(Session(store=store, today=today, demo=demo))
