"""A keymap file that attacks the terminal, the stack or the clock: the real command
starts, says what is wrong with the file in visible words, and writes no escape
sequence of the file's to the terminal.

Was: an id holding an OSC sequence retitled the window (and `ESC [2J` cleared the
screen) through the warning that named it; a keymap nested 10,000 deep stopped the app
with a traceback; a FIFO in its place hung the app before its first paint.
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
import time
from datetime import date
from pathlib import Path

import pytest

from reintegrate.cli import write_demo

pytestmark = pytest.mark.skipif(not hasattr(select, "poll") or sys.platform == "win32",
                                reason="pseudo-terminals and poll are POSIX")

ROOT = Path(__file__).resolve().parents[2]
# A terminal's own sequences (CSI, OSC ended by BEL or ST, two-byte ones), for reading
# what a screen says.
ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|.)")
WAIT = 60  # seconds: the app starts in a few, far more on a loaded machine

ESCAPING = ('"today.rec\\u001b]2;PWNED\\u0007ord" = "x"\n'
            '"today.\\u001b[2JZZ" = "k"\n'
            '"today.history" = "\\u001b[2JYY"\n')


def write_escaping(path: Path) -> None:
    path.write_text(ESCAPING, encoding="utf-8")


def write_deep(path: Path) -> None:
    path.write_text("a = " + "[\n" * 10_000, encoding="utf-8")  # a list in a list, 10,000 deep


def write_fifo(path: Path) -> None:
    os.mkfifo(path)


def on_screen(seen: str) -> str:
    """What the app wrote, as words: escapes, line breaks and a toast's left border
    taken out, so a sentence wrapped inside a notification is found whole (how it
    wraps depends on how long the keymap's path is)."""
    return " ".join(ESCAPES.sub("", seen).replace("▌", " ").split())


def read_until(controller: int, words: str, seconds: float) -> str:
    """Everything the app wrote until `words` is on its screen (escape sequences aside)."""
    seen = ""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.2)
        if ready:
            try:
                seen += os.read(controller, 65536).decode("utf-8", "replace")
            except OSError:
                break
            if words in on_screen(seen):
                return seen
    raise AssertionError(f"{words!r} never reached the terminal:\n{ESCAPES.sub('', seen)[-2000:]}")


def run_with_keymap(tmp_path: Path, make_keymap, words: str) -> str:
    """Start `reintegrate` in an 80x24 pseudo-terminal with the keymap `make_keymap`
    writes, read until `words` shows, quit with q; everything it wrote."""
    data = tmp_path / "family.json"
    write_demo(data, date(2026, 11, 26))
    config = tmp_path / "config"
    config.mkdir()
    make_keymap(config / "keymap.toml")
    controller, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "HOME": str(tmp_path), "REINTEGRATE_CONFIG": str(config)}
    app = subprocess.Popen([sys.executable, "-m", "reintegrate", "--data", str(data), "--date", "2026-11-26"],
                           stdin=terminal, stdout=terminal, stderr=terminal, cwd=ROOT, env=env,
                           start_new_session=True)
    os.close(terminal)
    try:
        seen = read_until(controller, words, WAIT)
        os.write(controller, b"q")
        assert app.wait(timeout=WAIT) == 0
        while select.select([controller], [], [], 0.2)[0]:
            try:
                seen += os.read(controller, 65536).decode("utf-8", "replace")
            except OSError:
                break
        return seen
    finally:
        os.close(controller)
        if app.poll() is None:
            app.kill()
            app.wait()


def test_ids_from_the_keymap_are_shown_and_never_reach_the_terminal_as_escapes(tmp_path):
    seen = run_with_keymap(tmp_path, write_escaping, "There is no binding")
    assert "\x1b]2;PWNED" not in seen and "PWNED\x07" not in seen  # no new window title
    assert "\x1b[2JZZ" not in seen and "\x1b[2JYY" not in seen  # no cleared screen
    text = ESCAPES.sub("", seen)
    assert "␛]2;PWNED␇ord" in text.replace("\n", "")  # said, made visible
    assert "Traceback" not in text


@pytest.mark.parametrize(("make_keymap", "said"), [
    (write_deep, "nests tables or lists"),
    (write_fifo, "is not a regular file"),
])
def test_a_keymap_nested_too_deep_or_a_fifo_is_said_and_the_app_runs(tmp_path, make_keymap, said):
    text = ESCAPES.sub("", run_with_keymap(tmp_path, make_keymap, said))
    assert "Today" in text and "Traceback" not in text
