"""What the app does right after its first paint, in this order.

Today is painted first, from words worked out before any record was read (see
`screens/launch.py`). Then, without making a key press wait:

1. the records are opened in a thread, under the lock the launcher already holds, and
   Today is drawn again only if they say anything else (`open_records`);
2. every record is checked (`check_records`): a damaged file is shown in a dialog that
   closes the app, before anything can be written over it;
3. Today's words for the next mornings are kept beside the file, then again after
   every save (`keep_todays_words`, screens.today_cache);
4. every screen, dialog and the template engine is imported and their stylesheets read
   in one parse (`warm_up`);
5. problems in the user's keymap are said once;
6. with sync set up, the other homes' files are read and merged, and this home's
   written (`sync_in`, screens.syncing).

`AfterFirstPaint` is mixed into `ReintegrateApp`, which sets `WARM_UP`.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from collections.abc import Iterable
from pathlib import Path, PurePath
from types import ModuleType

from rich.text import Text
from textual import work
from textual.screen import Screen

from screens.session import Session
from screens.syncing import SyncsWithOtherHomes
from screens.today import TodayScreen
from screens.workers import ReportsFailures

# Imported in a thread right after the first paint, with the app's screens, so that a
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
    "screens.merging",
    "jinja2",
)


class AfterFirstPaint(SyncsWithOtherHomes, ReportsFailures):
    """The app's work after its first paint (see the module's docstring). Its workers
    end as every worker does: a failure is reported once by `ReportsFailures`."""

    # Modules imported by `warm_up`: the app's screens and WARM_AFTER_FIRST_PAINT.
    WARM_UP: tuple[str, ...] = WARM_AFTER_FIRST_PAINT

    def _after_first_paint(self) -> None:
        from screens.processes import resume_collector

        resume_collector()  # paused by the launcher until now
        if not self.session.opened:
            # Today was drawn from the words worked out beside the app: open the store
            # now (the lock is already held), in a thread, so the first frame reaches
            # the terminal first. A key pressed meanwhile waits for it (`Session.store`).
            self.open_records()
            return
        self._after_records_opened()

    @work(thread=True, group="open", exit_on_error=False, description="opening the records")
    def open_records(self) -> None:
        from reintegrate.store import StoreError

        try:
            self.session.store  # noqa: B018 (opens it)
        except StoreError as error:
            self.call_from_thread(self._show_damage, str(error))
            return
        self.call_from_thread(self._records_opened)

    def _records_opened(self) -> None:
        if isinstance(self.screen, TodayScreen):
            self.screen.records_opened()
        self._after_records_opened()

    def _after_records_opened(self) -> None:
        self.check_records()
        self.warm_up()
        if self.keymap_file is not None and (self.keymap_file.keys or self.keymap_file.problems):
            self.report_keymap_problems()
        self.sync_in()

    def report_keymap_problems(self) -> None:
        """Ids that do not exist and keys that clash, said once after the first paint."""
        from reintegrate.keymap import shown
        from screens.keymap import keymap_problems

        assert self.keymap_file is not None
        problems = keymap_problems(self.keymap_file, type(self))
        if problems:
            # Ids and keys in the problems are made safe by `shown`; so is the path here.
            self.notify("\n".join(problems), title=f"In {shown(str(self.keymap_file.path), 200)}",
                        severity="warning", timeout=30)

    @work(thread=True, group="verify", exit_on_error=False, description="checking the records")
    def check_records(self) -> None:
        """Validate every record in the background (a no-op when the store already did).

        Any save checks first anyway, so nothing is ever written over a damaged record;
        this finds the damage before anyone tries, and says so plainly.
        """
        from reintegrate.store import StoreError

        try:
            self.session.store.verify()
        except StoreError as error:
            if self.keep_today:
                from screens.today_cache import forget_views

                forget_views(self.session.store.path)
            self.call_from_thread(self._show_damage, str(error))
            return
        if self.keep_today:
            self.call_from_thread(self.keep_todays_words)

    @work(thread=True, group="keep-today", exclusive=True, exit_on_error=False,
          description="keeping today's words for the next mornings")
    def keep_todays_words(self) -> None:
        """Today for the next days, from the records as saved (and checked), for the
        next first paint."""
        from textual.worker import get_current_worker

        from screens.today_cache import days_from, keep_views
        from screens.today_text import today_view

        store = self.session.store
        views = {}
        key = None
        for day in days_from(self.session.today):
            if get_current_worker().is_cancelled:
                return
            with store.steady() as now:
                if key not in (None, now):
                    return  # a save landed meanwhile: the run it started keeps them
                key = now
                session = Session(store=store, today=day)
                student = session.student()
                if student is None:
                    return
                views[day] = today_view(session, student)
        if key is not None:
            keep_views(store.path, key, views)

    def _show_damage(self, message: str) -> None:
        from screens.modals.damaged import DamagedFileModal

        def close(_: None) -> None:
            self.exit(return_code=1, message=Text(message))

        self.push_screen(DamagedFileModal(message), close)

    @work(thread=True, group="warm-up", exit_on_error=False, description="getting the screens ready")
    def warm_up(self) -> None:
        """Import every screen, dialog and the template engine now, not at a key press;
        then read their stylesheets on the UI thread, all in one parse."""
        for name in self.WARM_UP:
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
