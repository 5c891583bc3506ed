"""The `reintegrate` command's first steps: today's step on screen in the time of a bare
Textual app.

Opening the app means two slow things: starting Textual, and reading the records
(the models, a file of thousands of attempts, the plan). They do not depend on each
other, so for the plain `reintegrate [--data PATH] [--date DAY]` on a file that exists,
this process takes the writer's lock, then forks: the child opens the file (read
only: the lock is ours), checks it as the app does, works out Today's words with the
same function the app uses (`screens.today_text.today_view`) and sends them back,
while this process imports Textual and the screens. Today is drawn from those words;
right after the first paint the app opens the store itself, under the lock it already
holds, and draws Today again only if the records say anything else.

Everything else goes to the command line as always (`reintegrate.cli`): any other
command or option, a first run (no file yet), a platform without fork, and any problem
at all on the way (the lock held by another window, a damaged file, a child that did
not answer), so every message and exit code is the command line's own. Nothing here
loads the models before the child has been started.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reintegrate.store import Store
    from screens.today_view import TodayView

# Set to anything to skip the second process (the command line's own path).
NO_FORK = "REINTEGRATE_NO_FORK"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    wanted = app_options(argv)
    if wanted is not None and hasattr(os, "fork") and not os.environ.get(NO_FORK):
        code = open_app(*wanted)
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
        lock = lock_for_writing(path)
    except StoreError:
        return None  # the command line says what is wrong, as it always has
    try:
        from screens.today_cache import content_key, kept_view

        with open(path, "rb") as data:
            key = content_key(data.read())
        kept = kept_view(path, key, today)
    except OSError:
        os.close(lock)
        return None
    # Kept from the last time the app had these very bytes open, or worked out beside it.
    child = Kept(kept) if kept is not None else TodayBeside(path, today, key)
    try:
        from reintegrate.keymap import keymap_file, read_keymap
        from screens.app import ReintegrateApp
        from screens.session import Session
    except BaseException:
        child.abandon()
        os.close(lock)
        raise

    def open_store() -> Store:
        from reintegrate.store import Store

        return Store.open(path, verify=False, lock_fd=lock)

    # Today asks for the child's answer when it is first drawn, once Textual has started.
    session = Session(today=today, opener=open_store, first_view=child.result)
    try:
        app = ReintegrateApp(session, None, read_keymap(keymap_file()), keep_today=True)
        app.run()
    finally:
        child.abandon()  # answered already, unless the app stopped before asking
        if session.opened:
            session.store.close()
        else:
            os.close(lock)
    if app.not_drawn:
        return None
    code = app.return_code
    return code if isinstance(code, int) else 0


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
    bytes have the SHA-256 `key`), and kept for the next time."""

    def __init__(self, path: Path, today: date, key: str) -> None:
        reader, writer = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: answer, then leave without running anything else
            os.close(reader)
            try:
                view = work_out_today(path, today, key)
                answer = json.dumps(None if view is None else asdict(view)).encode()
            except BaseException:
                answer = b"null"
            try:
                with os.fdopen(writer, "wb") as out:
                    out.write(answer)
            finally:
                os._exit(0)
        os.close(writer)
        self.reader = reader

        self.answered = False

    def result(self) -> TodayView | None:
        """Wait for the child's answer: the view, or None if it could not work one out."""
        self.answered = True
        try:
            with os.fdopen(self.reader, "rb") as answer:
                data = answer.read()
        except OSError:
            return None
        finally:
            os.waitpid(self.pid, 0)
        from screens.today_cache import view_from

        try:
            return view_from(json.loads(data))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def abandon(self) -> None:
        """Let the child go unheard (the app stopped before it asked)."""
        if not self.answered:
            self.answered = True
            os.close(self.reader)
            os.waitpid(self.pid, 0)


def work_out_today(path: Path, today: date, key: str) -> TodayView | None:
    """In the child: open the file as the app would (its layout, the small tables, the
    current student's attempts and days, all checked), and Today's words, kept for the
    next time if the file still has the bytes the parent hashed; None when there is no
    student yet (the first run's setup is the command line's)."""
    from reintegrate.store import Store
    from screens.session import Session
    from screens.today_cache import keep_views
    from screens.today_text import today_view

    with Store.open(path, read_only=True, verify=False) as store, store.steady() as read:
        session = Session(store=store, today=today)
        student = session.student()
        if student is None:
            return None
        store.attempts(student.id)
        store.days(student.id)
        view = today_view(session, student)
    if read == key:
        keep_views(path, key, {today: view})
    return view
