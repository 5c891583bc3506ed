"""The real `reintegrate` command in a pseudo-terminal of its own, for the tests that
need its screen, its keys and its processes (the launcher's child among them).

A module with a name of its own, imported as `terminal_app` (see households.py)."""

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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|P[^\x1b]*\x1b\\|.)")


class AppInTerminal:
    """`python -m reintegrate ARGS` on an 80x24 pseudo-terminal."""

    def __init__(self, args: list[str], home: Path, **env: str) -> None:
        self.controller, terminal = os.openpty()
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color", "HOME": str(home),
                       "XDG_CONFIG_HOME": str(home / "config"), "REINTEGRATE_CONFIG": str(home / "config"),
                       **env}
        for name in ("REINTEGRATE_NO_FORK", "TEXTUAL_DRIVER"):
            environment.pop(name, None)
        self.process = subprocess.Popen([sys.executable, "-m", "reintegrate", *args], stdin=terminal,
                                        stdout=terminal, stderr=terminal, cwd=ROOT, env=environment,
                                        start_new_session=True)
        os.close(terminal)
        self.seen = ""

    @property
    def pid(self) -> int:
        return self.process.pid

    def screen_text(self) -> str:
        return ESCAPES.sub("", self.seen)

    def read_until(self, words: str, seconds: float) -> str:
        """Read what the app writes until `words` appear (escape codes aside)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if words in self.screen_text():
                return self.seen
            ready, _, _ = select.select([self.controller], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.controller, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                self.seen += chunk.decode("utf-8", "replace")
        if words in self.screen_text():
            return self.seen
        raise AssertionError(f"{words!r} never reached the terminal; it showed:\n{self.screen_text()[-2000:]}")

    def _drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.controller], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.controller, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.seen += chunk.decode("utf-8", "replace")

    def press(self, keys: str) -> None:
        os.write(self.controller, keys.encode())

    def wait(self, seconds: float) -> int:
        """The exit code, reading the terminal meanwhile (so the app never blocks writing)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                return code
            self._drain(0.05)
        raise AssertionError(f"the app did not end within {seconds} s; it showed:\n{self.screen_text()[-2000:]}")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.controller)


def children(pid: int) -> list[int]:
    """The processes `pid` forked (Linux's /proc)."""
    try:
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(word) for word in listed.split()]


def process_state(pid: int) -> str | None:
    """R, S, T (stopped), Z (a zombie: it holds nothing)...; None once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]
