"""The `reintegrate` command's first steps: today's step on screen in the time of a bare
Textual app.

Opening the app means two slow things: starting Textual, and reading the records
(the models, a file of thousands of attempts, the plan). They do not depend on each
other, so for the plain `reintegrate [--data PATH] [--date DAY]` on a file that exists,
this process forks, then takes the writer's lock: the child opens the file (read
only: the lock is this process's), checks it as the app does, works out Today's words with the
same function the app uses (`screens.today_text.today_view`) and sends them back,
while this process imports Textual and the screens. Today is drawn from those words;
right after the first paint the app opens the store itself, under the lock it already
holds, and draws Today again only if the records say anything else.

Everything else goes to the command line as always (`reintegrate.cli`): any other
command or option, a first run (no file yet), a platform without fork, and any problem
at all on the way (the lock held by another window, a damaged file, a child that did
not answer), so every message and exit code is the command line's own. Nothing here
loads the models before the child has been started.

The lock is this process's alone: the child is forked before it is taken (a `flock`
lives as long as any descriptor of it, a forked copy included), so a child stopped or
hung at any instant never keeps it; the file is checked to be the one hashed once
the lock is held. The child leaves the moment this process stops listening for its
answer, or dies (`screens.processes.leave_with`). It is waited for with a deadline: a
child that is stopped, hung or too slow is killed and Today is worked out here
instead, as when it could not work Today out at all. The lock is handed to the store once; whoever holds it
last lets it go, once.

Whenever nothing is kept, the child's cost is the first paint's: it runs in a session
of its own (on a busy machine the scheduler then gives it a share beside the app's,
not out of it), never runs the cyclic collector, and compares the bytes it read with
the ones hashed here instead of hashing the file again.
"""

from __future__ import annotations

import gc
import json
import os
import select
import signal
import sys
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from screens.processes import leave_with, no_plugin_search, own_session, pause_collector, reap, resume_collector

if TYPE_CHECKING:
    from reintegrate.store import Store
    from screens.today_view import TodayView

# Set to anything to skip the second process (the command line's own path).
NO_FORK = "REINTEGRATE_NO_FORK"

# Imported by this process before its first paint anyway (Textual, the app) and by the
# child too (pydantic, the models, Today's words): when a child is forked, they are
# imported before it, so the child inherits them instead of importing them again.
SHARED_IMPORTS = ("typing_extensions", "uuid", "decimal", "fractions", "locale", "selectors", "base64",
                  "contextvars", "screens.session", "screens.today_keys")

# How long Today waits for the child's answer once it asks for it (the child has had
# all of Textual's start already); after that Today is worked out here.
CHILD_DEADLINE = 3.0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    wanted = app_options(argv)
    if wanted is not None and hasattr(os, "fork") and not os.environ.get(NO_FORK):
        pause_collector()
        try:
            code = open_app(*wanted)
        finally:
            resume_collector()  # the app resumed it after its first paint, unless it never got there
        if code is not None:
            return code
    from reintegrate.cli import main as cli_main

    return cli_main(argv)


def app_options(argv: list[str]) -> tuple[Path, date] | None:
    """(data file, today) when `argv` only opens the app on a file that exists:
    `--data PATH` and `--date YYYY-MM-DD`, each at most once, in any order. None for
    anything else, which the command line handles (and explains, when it is wrong)."""
    given: dict[str, str] = {}
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        name, equals, value = word.partition("=")
        if name not in ("--data", "--date") or name in given:
            return None
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        given[name] = value
    try:
        today = date.fromisoformat(given["--date"]) if "--date" in given else date.today()
    except ValueError:
        return None
    if "--data" in given:
        path = Path(given["--data"]).expanduser()
    else:
        from reintegrate.store.paths import default_data_file

        path = default_data_file().expanduser()
    return (path, today) if path.is_file() else None


def open_app(path: Path, today: date) -> int | None:
    """Run the app with Today worked out beside it; None to leave it to the command
    line (nothing shown, nothing written, the lock let go)."""
    from reintegrate.store.errors import StoreError
    from reintegrate.store.files import data_path, lock_for_writing

    try:
        path = data_path(path)
        from screens.today_cache import content_key, kept_view

        with open(path, "rb") as data:
            hashed = os.fstat(data.fileno())
            raw = data.read()
        key = content_key(raw)
        kept = kept_view(path, key, today)
    except (StoreError, OSError):
        return None  # the command line says what is wrong, as it always has
    # Kept from the last time the app had these very bytes open, or worked out beside
    # it, by a child forked before the lock is taken: it never holds a copy of it.
    child = Kept(kept) if kept is not None else TodayBeside(path, today, key, raw)
    del raw  # the child has its own copy; this process reads the file again when it opens it
    try:
        lock = HeldLock(lock_for_writing(path))
    except StoreError:
        child.abandon()
        return None
    if not still_the_file(path, hashed):  # another window saved between the hash and the lock
        child.abandon()
        lock.let_go()
        return None
    try:
        from reintegrate.keymap import keymap_file, read_keymap
        from screens.app import ReintegrateApp
        from screens.session import Session
    except BaseException:
        child.abandon()
        lock.let_go()
        raise

    def open_store() -> Store:
        from reintegrate.store import Store

        # The lock is the store's from here, opened or not (`Store.open` lets it go when
        # the file cannot be opened); asked again, the store takes the lock itself.
        return Store.open(path, verify=False, lock_fd=lock.hand_over())

    # Today asks for the child's answer when it is first drawn, once Textual has started.
    session = Session(today=today, opener=open_store, first_view=child.result)
    try:
        app = ReintegrateApp(session, None, read_keymap(keymap_file()), keep_today=True)
        app.run()
    finally:
        child.abandon()  # answered already, unless the app stopped before asking
        if session.opened:
            session.store.close()
        lock.let_go()  # never handed over: the app stopped before opening the records
    if app.not_drawn:
        return None
    code = app.return_code
    return code if isinstance(code, int) else 0


def still_the_file(path: Path, hashed: os.stat_result) -> bool:
    """Is the file at `path` the one hashed? Every save replaces the file (a new inode)."""
    try:
        now = os.stat(path)
    except OSError:
        return False
    return (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) == (
        hashed.st_dev, hashed.st_ino, hashed.st_size, hashed.st_mtime_ns)


class HeldLock:
    """The writer's lock taken before the first paint: handed to the store at most
    once, else let go here; its descriptor is closed exactly once either way (closing
    a number twice could close whatever file was given that number meanwhile)."""

    def __init__(self, fd: int) -> None:
        self.fd: int | None = fd

    def hand_over(self) -> int | None:
        fd, self.fd = self.fd, None
        return fd

    def let_go(self) -> None:
        fd = self.hand_over()
        if fd is not None:
            os.close(fd)


class Kept:
    """Today's words as kept by `screens.today_cache`."""

    def __init__(self, view: TodayView) -> None:
        self.view = view

    def result(self) -> TodayView:
        return self.view

    def abandon(self) -> None:
        pass


class TodayBeside:
    """Today's words, worked out in a child process from the file at `path` (whose
    bytes have the SHA-256 `key`: `raw`, when the caller has them), and kept for the
    next time. Forked before the writer's lock is taken, so the child never holds it."""

    def __init__(self, path: Path, today: date, key: str, raw: bytes | None = None) -> None:
        import importlib

        for name in SHARED_IMPORTS:
            importlib.import_module(name)
        reader, writer = os.pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the child: answer, then leave without running anything else
            try:
                os.close(reader)
                leave_with(writer)
                # It lives for one answer and leaves by `os._exit`: the cyclic collector
                # would only walk the freshly parsed records again and again (a sixth of
                # its time on a large file), and nothing it makes outlives it.
                gc.disable()
                own_session()
                # Pydantic looks for plugins (entry points of every installed package)
                # when it builds its first validator: only an observer of validation,
                # it never changes an answer, and an answer is all this process gives.
                os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
                no_plugin_search()
                try:
                    view = work_out_today(path, today, key, parent, raw)
                    answer = json.dumps(None if view is None else asdict(view)).encode()
                except BaseException:
                    answer = b"null"
                with os.fdopen(writer, "wb") as out:
                    out.write(answer)
            finally:
                os._exit(0)
        os.close(writer)
        self.reader = reader
        self.answered = False
        self.reaped = False

    def result(self) -> TodayView | None:
        """Wait for the child's answer: the view, or None if it could not work one out,
        or gave no answer in time (it is then killed, and Today worked out here)."""
        self.answered = True
        data = self._answer(time.monotonic() + CHILD_DEADLINE)
        self._end()
        if data is None:
            return None
        from screens.today_cache import view_from

        try:
            return view_from(json.loads(data))
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None

    def _answer(self, deadline: float) -> bytes | None:
        """Everything the child wrote, once it closed the pipe; None if it did not by
        the deadline, or stopped (SIGSTOP, a debugger) on the way."""
        poller = select.poll()
        poller.register(self.reader, select.POLLIN | select.POLLHUP)
        chunks: list[bytes] = []
        while (left := deadline - time.monotonic()) > 0:
            if not poller.poll(min(left, 0.05) * 1000):
                if self._stopped():
                    return None
                continue
            try:
                chunk = os.read(self.reader, 65536)
            except OSError:
                return None
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
        return None

    def _stopped(self) -> bool:
        if self.reaped:
            return False
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG | os.WUNTRACED)
        except ChildProcessError:
            self.reaped = True
            return False
        if pid == 0:
            return False
        if os.WIFSTOPPED(status):
            return True
        self.reaped = True  # gone: what it wrote is still in the pipe
        return False

    def _end(self) -> None:
        """Close the pipe and make sure the child is gone: killed if it is still there
        (stopped or not), then reaped. Never waits long: a child the kernel cannot end
        at once is left to it (it holds no lock)."""
        os.close(self.reader)
        if self.reaped:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        reap(self.pid, within=1.0)
        self.reaped = True

    def abandon(self) -> None:
        """Let the child go unheard (the app stopped before it asked)."""
        if not self.answered:
            self.answered = True
            self._end()


def work_out_today(path: Path, today: date, key: str, parent: int | None = None,
                   raw: bytes | None = None) -> TodayView | None:
    """In the child: open the file as the app would (its layout, the small tables, the
    current student's attempts and days, all checked; the other students' records, read
    or not, are checked by the app right after the first paint), and Today's words, kept for the
    next time if the file still has the bytes the parent hashed (`raw`, given: compared
    as bytes, else by hashing the file again) and the parent, whose lock makes this
    safe, is still there; None when there is no student yet (the first run's setup is
    the command line's)."""
    from reintegrate.store import Store
    from screens.session import CURRENT_STUDENT_KEY, Session
    from screens.today_cache import keep_views
    from screens.today_text import today_view

    # Only the current student's attempts and days are read, when the file allows
    # (`reintegrate.store.partial`): on a file of several children, parsing the others'
    # was most of this work. Should Today's student be another, everyone's are read.
    for one_student in (CURRENT_STUDENT_KEY, None):
        store = Store.open(path, read_only=True, verify=False, one_student=one_student)
        session = Session(store=store, today=today)
        student = session.student()
        if student is None or store.one_student_id in (None, student.id):
            break
        store.close()
    with store:
        if student is None:
            return None
        store.attempts(student.id)
        store.days(student.id)
        view = today_view(session, student)
        if raw is not None:
            same = store.read_from(raw)
        else:
            with store.steady() as read:
                same = read == key
    if same and (parent is None or os.getppid() == parent):
        keep_views(path, key, {today: view})
    return view
