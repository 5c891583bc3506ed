"""Sync in the app (`reintegrate.sync`), when it is set up for the open data file.

- Right after the first paint, once the records are open (never before: start-up is
  measured, and the launcher's child never gets here), a worker reads the other homes'
  files that changed since they were last read, merges them into the open store (the
  app holds the writer's lock; the saver's pen is held, so no save lands in between),
  and writes this home's file if the records changed.
- After saves, this home's file is written again, at most every `WRITE_EVERY`
  seconds; and once more as the app closes, after the last save.
- When something came in, Today shows one calm line ("Sync: from the other home, 2
  attempts."), the school log says what each other home last brought and when it last
  wrote (`reintegrate.sync.run.home_lines`, as `sync status` prints), and the versions
  a merge kept aside are in the versions-kept-aside screen (K) as for any merge.

Without sync set up (no `sync.json` naming this data file in the config folder, or a
demo), nothing here does anything, and nothing beyond that small file is read.
"""

from __future__ import annotations

import logging
from pathlib import Path

from textual import work
from textual.timer import Timer

from screens.workers import ReportsFailures

log = logging.getLogger(__name__)

WRITE_EVERY = 5.0  # seconds between two writes of this home's file after saves
SKIPPED_SHOWN = 3


class SyncsWithOtherHomes(ReportsFailures):
    """Mixed into the app: `session`, `saver`, `config` and `notify` are the app's. Its
    workers end as every worker does: a failure is reported once."""

    sync_on: bool | None = None  # None: not known yet (asked right after the first paint)
    _sync_timer: Timer | None = None

    def _sync_set_up(self) -> bool:
        """Is sync set up for the open data file? Reads only the small settings file."""
        if self.session.demo:
            return False
        from reintegrate.sync.kept import SyncNotReady, read_settings

        try:
            settings = read_settings(self.config)
        except SyncNotReady as error:
            log.warning("Sync not used: %s", error)
            return False
        return settings is not None and settings.data_file == self.session.store.path

    @work(thread=True, group="sync", exclusive=True, exit_on_error=False, description="reading the other homes")
    def sync_in(self) -> None:
        """Merge what the other homes wrote, then write this home's file (a worker)."""
        from reintegrate.store import ChangedElsewhere, StoreError

        self.sync_on = self._sync_set_up()
        if not self.sync_on:
            return
        from reintegrate.sync.kept import SyncNotReady
        from reintegrate.sync.run import arrival_line, home_lines, sync_now

        store = self.session.store
        try:
            with self.saver.holding_pen():
                result = sync_now(store, self.session.today, config=self.config, only_changed=True)
        except ChangedElsewhere:
            self.saver.reopen()  # the app shows the file as it is now; the next open syncs
            return
        except StoreError:
            return  # damage: the check after the first paint says so, and nothing is written
        except SyncNotReady as error:
            self.call_from_thread(self._say_sync_problem, str(error))
            return
        except OSError as error:
            self.call_from_thread(self._say_sync_problem, f"The shared folder could not be used: "
                                                          f"{error.strerror or error}.")
            return
        lines = home_lines(self.config, today=self.session.today, now=store.clock())
        self.call_from_thread(self._synced, arrival_line(result, self.config), lines, result.skipped,
                              result.brought_anything)

    def _synced(self, line: str, lines: list[str], skipped: list[str], brought: bool) -> None:
        session = self.session
        session.sync_lines = lines
        if line:
            session.sync_line = line
        if brought:
            # Today is drawn again now if it is showing, else when it comes back to the top
            # (as after any save); a screen above it is left as it is: it may be a form
            # the family is typing into.
            if self.screen is self.screen_stack[0] and hasattr(self.screen, "refresh_view"):
                self.screen.refresh_view()
            if self.keep_today:
                self.keep_todays_words()
        if skipped:
            more = len(skipped) - SKIPPED_SHOWN
            said = "\n".join(skipped[:SKIPPED_SHOWN]) + (f"\nAnd {more} more." if more > 0 else "")
            self.notify(said, title="Sync: some files were not read", severity="warning", timeout=20, markup=False)

    def _say_sync_problem(self, message: str) -> None:
        self.notify(message, title="Sync", severity="warning", timeout=20, markup=False)

    def sync_out_soon(self) -> None:
        """After a save: write this home's file within WRITE_EVERY seconds (once for
        every save made meanwhile)."""
        if self.sync_on and self._sync_timer is None:
            self._sync_timer = self.set_timer(WRITE_EVERY, self._sync_out_now)

    def _sync_out_now(self) -> None:
        self._sync_timer = None
        self.sync_out()

    @work(thread=True, group="sync-out", exclusive=True, exit_on_error=False,
          description="writing this home's file")
    def sync_out(self) -> None:
        self._write_own_file()

    def sync_out_at_quit(self) -> None:
        """As the app closes, after the last save: this home's file, if the records
        changed since it was written. Blocks: never on the UI thread."""
        if self._sync_timer is not None:
            self._sync_timer.stop()
            self._sync_timer = None
        if self.sync_on is None and self.session.opened:
            self.sync_on = self._sync_set_up()
        if self.sync_on:
            self._write_own_file()

    def _write_own_file(self) -> Path | None:
        from reintegrate.store import StoreError
        from reintegrate.sync.kept import SyncNotReady
        from reintegrate.sync.run import write_own_file

        try:
            with self.saver.holding_pen():
                return write_own_file(self.session.store, self.session.today, self.config)
        except (StoreError, SyncNotReady, OSError) as error:
            log.warning("This home's file was not written: %s", error)
            return None
