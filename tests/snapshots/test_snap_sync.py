"""Today after a sync brought records from the other home: one calm line under the
date (screens.syncing). Without sync the line is not there (every other snapshot)."""

from __future__ import annotations

from datetime import timedelta

from reintegrate.store import Store
from screens.app import make_app
from tests.fixtures import make_household
from tests.sync_homes import TODAY, Clock, Home, SyncTool, new_key
from tests.ui.pilot_helpers import settle, until


def test_today_after_a_sync_brought_two_attempts(snap_compare, tmp_path):
    identity = new_key()
    clock = Clock()
    a = Home(tmp_path, "a", identity, clock, make_household(TODAY))
    b = Home(tmp_path, "b", identity, clock)
    tool = SyncTool(a, b)
    a.sync()
    tool.carry(a, b)
    b.sync()
    # Fixed ids: two attempts on one day are listed by id.
    b.add_attempt("at the other home", on=TODAY - timedelta(days=2), id="attempt-other-home-1")
    b.add_attempt("at the other home again", on=TODAY - timedelta(days=1), id="attempt-other-home-2")
    b.sync()
    tool.carry(b, a)
    store = Store.open(a.data, today=TODAY, now=a.clock)
    app = make_app(store, TODAY, config=a.config)

    async def run_before(pilot) -> None:
        await until(pilot, lambda: app.session.sync_line != "")
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        store.close()
