"""`reintegrate` on a damaged file says what the command line says: the file, what is
wrong, the newest good backup and the command that restores it; it exits as the
command line does and changes nothing.

The plain `reintegrate --data FILE` takes the writer's lock and forks before the file
is read (`screens.launch`); when the file cannot be opened the store lets that lock go,
and the launcher must not close it a second time (a traceback, `Bad file descriptor`,
instead of the message, or another file's descriptor closed under the app). Here the
real command runs on each kind of damage, in Textual's headless driver.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from households import TODAY
from terminal_app import AppInTerminal
from test_damage import BYTE_VARIANTS, NO_RESTORE_ADVICE, assert_clear_message

from reintegrate.store import Store
from screens.session import Session
from screens.today_cache import content_key, keep_views
from screens.today_text import today_view

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the launcher forks only where it can")

ROOT = Path(__file__).resolve().parents[2]

# The kinds of damage the attack found shown as a traceback by the app.
KINDS = ["empty", "truncated-0", "truncated-3", "random-garbage", "nul-bytes", "tables-are-lists",
         "a-list", "newer-schema-version", "two-records-one-id", "nested-too-deep"]


def run_app(path: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
           "HOME": str(home), "REINTEGRATE_CONFIG": str(home / "config")}
    env.pop("REINTEGRATE_NO_FORK", None)
    return subprocess.run([sys.executable, "-m", "reintegrate", "--data", str(path), "--date", TODAY.isoformat()],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def assert_refused_as_the_command_line_refuses(done: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in done.stderr + done.stdout, done.stderr[-3000:]
    assert done.returncode == 1, done.stderr[-3000:]
    return done.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_the_app_on_a_damaged_file_says_what_is_wrong_and_how_to_restore_it(household, tmp_path, kind):
    damaged = BYTE_VARIANTS[kind](household.good)
    household.path.write_bytes(damaged)
    household.path.chmod(0o600)
    before = household.folder_state()

    message = assert_refused_as_the_command_line_refuses(run_app(household.path, tmp_path))

    backup = None if kind in NO_RESTORE_ADVICE else household.newest_backup
    assert_clear_message(message, household.path, backup)
    assert household.path.read_bytes() == damaged
    assert household.folder_state() == before  # no backup, no kept Today, no temporaries


def test_the_app_on_a_file_with_two_names_says_so(household, tmp_path):
    other = tmp_path / "another-name.json"
    os.link(household.path, other)
    before = household.folder_state()

    message = assert_refused_as_the_command_line_refuses(run_app(household.path, tmp_path))

    assert "hard links" in message and str(household.path) in message
    assert household.path.read_bytes() == household.good == other.read_bytes()
    assert household.folder_state() == before


def test_damage_found_after_a_first_paint_from_kept_words_is_explained_too(household, tmp_path):
    """Words kept for these very bytes (planted: nothing the app keeps is kept for a
    file it cannot open) are drawn first; the records then fail to open under the
    lock the launcher handed over, and the damage dialog says so; closing it prints
    the message and exits 1, with nothing closed twice."""
    with Store.open(household.path, read_only=True) as store:
        session = Session(store=store, today=TODAY)
        view = replace(today_view(session, session.student()), title="Today for a planted view")
    damaged = BYTE_VARIANTS["truncated-0"](household.good)
    household.path.write_bytes(damaged)
    keep_views(household.path, content_key(damaged), {TODAY: view})

    app = AppInTerminal(["--data", str(household.path), "--date", TODAY.isoformat()], tmp_path)
    try:
        app.read_until("The data file has a problem", 20)
        app.press("q")
        assert app.wait(10) == 1
        shown = app.screen_text()
    finally:
        app.close()
    assert "Traceback" not in shown and "Bad file descriptor" not in shown
    assert f"cp {household.newest_backup} {household.path}" in shown.replace("\r\n", "\n").replace("\n", "")
    assert household.path.read_bytes() == damaged
