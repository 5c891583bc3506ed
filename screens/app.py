"""The App: stylesheets, bindings, commands and screen wiring. Nothing else.

`make_app` is the one way to build it, used by the command line, the tests and the
benchmark alike. Nothing here touches the disk at import time.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from collections.abc import Iterable
from datetime import date
from functools import partial
from pathlib import Path, PurePath
from types import ModuleType

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from reintegrate.models import Student
from reintegrate.store import Store, StoreError
from screens.saving import save_in_background
from screens.session import CURRENT_STUDENT_KEY, Session
from screens.today import TodayScreen
from screens.widgets.overdue import overdue_for

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
}
# Imported in a thread right after the first paint, with the screens above, so that a
# key press never waits for an import: the dialogs Today and the app open, and the
# template engine letters use. (Progress loads its charts itself, when opened.)
WARM_AFTER_FIRST_PAINT = (
    "screens.record",
    "screens.modals.decide",
    "screens.modals.day_status",
    "screens.modals.confirm",
    "screens.modals.help",
    "screens.modals.students",
    "screens.setup",
    "jinja2",
)


def screen_class(name: str) -> type[Screen]:
    """The class of the screen registered as `name` in SCREENS, imported if need be."""
    module, class_name = SCREENS[name]
    return getattr(importlib.import_module(module), class_name)


class ReintegrateApp(App[None]):
    """Opens on Today for the current student, or on the setup form when there is none.

    Screens that follow Today are opened by `action_open_<name>` actions here, so
    that a binding anywhere ("app.open_history") and the command palette reach them
    the same way. A new screen gets a module in screens/, an `action_open_<name>`
    below, and a binding on the screen it is opened from.
    """

    TITLE = "reintegrate"
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
        self.call_after_refresh(self._after_first_paint)
        if self.session.student() is None:
            from screens.setup import SetupScreen

            self.push_screen(SetupScreen(self.session, first_run=True))

    def _after_first_paint(self) -> None:
        self.check_records()
        self.warm_up()

    @work(thread=True, group="verify", exit_on_error=False)
    def check_records(self) -> None:
        """Validate every record in the background (a no-op when the store already did).

        Any save checks first anyway, so nothing is ever written over a damaged record;
        this finds the damage before anyone tries, and says so plainly.
        """
        try:
            self.session.store.verify()
        except StoreError as error:
            self.call_from_thread(self._show_damage, str(error))

    def _show_damage(self, message: str) -> None:
        from screens.modals.damaged import DamagedFileModal

        def close(_: None) -> None:
            self.exit(return_code=1, message=Text(message))

        self.push_screen(DamagedFileModal(message), close)

    @work(thread=True, group="warm-up", exit_on_error=False)
    def warm_up(self) -> None:
        """Import every screen, dialog and the template engine now, not at a key press;
        then read their stylesheets on the UI thread, all in one parse."""
        for name in (*(module for module, _ in SCREENS.values()), *WARM_AFTER_FIRST_PAINT):
            importlib.import_module(name)
        loaded = [module for name, module in list(sys.modules.items()) if name.startswith("screens.")]
        self.call_from_thread(self._read_stylesheets, _stylesheets_of(loaded))

    def _read_stylesheets(self, paths: list[str]) -> None:
        unread = [path for path in paths if not self.stylesheet.has_source(path)]
        for path in unread:
            self.stylesheet.read(path)
        if unread:
            self.stylesheet.reparse()
            self.stylesheet.update(self)

    def action_open_history(self) -> None:
        self._open("history")

    def action_open_ladder(self) -> None:
        self._open("ladder")

    def action_open_progress(self) -> None:
        self._open("progress")

    def action_open_school(self, tab: str = "contacts") -> None:
        self._open("school", tab=tab)

    def action_write_letter(self, kind: str = "request_meeting", contact_id: str = "") -> None:
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
        waiting = overdue_for(self.session, student) if student is not None else []
        self.action_write_letter("follow_up", waiting[0].contact.id if waiting else "")

    def action_open_schedule(self) -> None:
        self._open("schedule")

    def action_open_decisions(self) -> None:
        self._open("decisions")

    def action_open_settings(self) -> None:
        self._open("settings")

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
        from screens.setup import SetupScreen

        self.push_screen(SetupScreen(self.session, first_run=False), self._student_added)

    def _student_added(self, student: Student | None) -> None:
        # Today refreshes itself when it comes back to the top; nothing else to do.
        pass

    def action_help(self) -> None:
        if isinstance(self.screen, ModalScreen):
            return
        from screens.modals.help import HelpModal

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


def _stylesheets_of(modules: Iterable[ModuleType]) -> list[str]:
    """The CSS_PATH files of the screens and dialogs defined in `modules`, named as
    Textual names them when it loads a screen's stylesheet (so none is read twice)."""
    paths: dict[str, None] = {}
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Screen) and value.__module__ == module.__name__:
                css = value.CSS_PATH or []
                for name in [css] if isinstance(css, (str, PurePath)) else css:
                    paths[os.path.abspath(Path(inspect.getfile(value)).parent / name)] = None
    return list(paths)


def make_app(store: Store, today: date, *, demo: bool = False) -> ReintegrateApp:
    """The app on `store`, acting as if it were `today`; `demo` says so in the header."""
    return ReintegrateApp(Session(store=store, today=today, demo=demo))
