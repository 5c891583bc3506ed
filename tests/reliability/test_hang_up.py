"""A terminal that goes away ends the app, even when no SIGHUP comes.

Closing a window under `make run`, or a dropped connection, can leave the app's
terminal simply ended: Textual's input loop then reads nothing at full speed and the app
would go on holding the writer's lock, so the next morning's window could not open the
records. Here the real command runs in a pseudo-terminal that is not its controlling
terminal (so no SIGHUP is ever sent), and the terminal is closed under it.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from reintegrate.cli import write_demo
from reintegrate.store import Store
from screens.terminal import HUNG_UP, HangUpWatch

pytestmark = pytest.mark.skipif(not hasattr(select, "poll") or sys.platform == "win32",
                                reason="pseudo-terminals and poll are POSIX")

ROOT = Path(__file__).resolve().parents[2]
ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|.)")


class FakeApp:
    def __init__(self) -> None:
        self.exits: list[tuple] = []
        self.called = threading.Event()

    def call_from_thread(self, callback, *args):
        callback(*args)

    def exit(self, result=None, return_code=0):
        self.exits.append((result, return_code))
        self.called.set()


def test_the_watch_ends_the_app_when_its_terminal_hangs_up():
    controller, terminal = os.openpty()
    app = FakeApp()
    watch = HangUpWatch(app, terminal)
    try:
        os.write(controller, b"a key press is input, not a hang-up\r")
        assert not app.called.wait(0.3), "input is left to Textual"
        os.close(controller)
        assert app.called.wait(5)
        assert app.exits == [(None, HUNG_UP)]
    finally:
        watch.stop()
        os.close(terminal)


def test_the_watch_stops_quietly_when_the_app_ends_on_its_own():
    controller, terminal = os.openpty()
    app = FakeApp()
    watch = HangUpWatch(app, terminal)
    watch.stop()
    watch.thread.join(5)
    assert not watch.thread.is_alive()
    os.close(controller)
    os.close(terminal)
    assert app.exits == []


def test_no_watch_without_a_terminal():
    assert HangUpWatch(FakeApp(), None).thread is None


def _read_until(controller: int, words: str, seconds: float) -> str:
    seen = ""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.2)
        if ready:
            try:
                seen += os.read(controller, 65536).decode("utf-8", "replace")
            except OSError:
                break
            if words in ESCAPES.sub("", seen):
                return seen
    raise AssertionError(f"{words!r} never reached the terminal")


def test_the_real_command_ends_and_lets_go_of_the_records_when_its_window_closes(tmp_path):
    path = tmp_path / "family.json"
    write_demo(path, date(2026, 11, 26))
    controller, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    app = subprocess.Popen([sys.executable, "-m", "reintegrate", "--data", str(path), "--date", "2026-11-26"],
                           stdin=terminal, stdout=terminal, stderr=terminal, cwd=ROOT, env=env,
                           start_new_session=True)  # the pty is not its controlling terminal: no SIGHUP
    os.close(terminal)
    try:
        _read_until(controller, "Today's step", 60)
        os.close(controller)
        controller = None
        assert app.wait(timeout=20) == HUNG_UP
    finally:
        if controller is not None:
            os.close(controller)
        if app.poll() is None:
            app.kill()
            app.wait()
    with Store.open(path) as store:  # the lock was let go: the next window opens the records
        assert store.students()
