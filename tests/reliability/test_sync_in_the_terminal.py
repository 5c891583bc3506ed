"""The real `reintegrate` command, launcher and all, on a data file set up for sync:
Today is painted first, then the other home's records are merged and said on Today,
and this home's file in the folder holds them."""

from __future__ import annotations

import json

from terminal_app import AppInTerminal

from reintegrate import agefile
from tests.fixtures import make_household
from tests.sync_homes import TODAY, Clock, Home, SyncTool, new_key


def test_the_real_command_merges_after_the_first_paint_and_this_homes_file_holds_the_merge(tmp_path):
    identity = new_key()
    a = Home(tmp_path, "a", identity, Clock(), make_household(TODAY))
    b = Home(tmp_path, "b", identity, a.clock)
    tool = SyncTool(a, b)
    a.sync()
    tool.carry(a, b)
    b.sync()
    b.add_attempt("recorded in the other home", id="attempt-from-the-other-home")
    b.sync()
    tool.carry(b, a)
    before = a.own_file.read_bytes()
    app = AppInTerminal(["--data", str(a.data), "--date", TODAY.isoformat()], tmp_path / "a")
    try:
        app.read_until("Thursday 26 November 2026", 30)  # the first paint
        app.read_until("Sync: from the other home, 1 attempt.", 30)
        app.press("q")
        assert app.wait(20) == 0
    finally:
        app.close()
    assert a.notes()["attempt-from-the-other-home"] == "recorded in the other home"
    written = a.own_file.read_bytes()
    assert written != before
    document = json.loads(agefile.decrypt_with(written, identity))
    assert "attempt-from-the-other-home" in {x["id"] for x in document["household"]["attempts"]}
