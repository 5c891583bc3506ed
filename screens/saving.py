"""The one road to the disk: every write the app makes goes through its Saver.

A save touches the disk (write, fsync, rename), so it never runs on the UI thread.
Writes run one after another, in the order they were asked for, in one thread worker:
two changes made quickly (two key presses on the ladder, a decision while a day is
being marked) can never land out of order, so an older copy of a record never wins
over a newer one. Changes asked for together (an attempt and the day status it
replaces) go in one batch: both land or neither does.

Every save gets exactly one answer, ChangesSaved or ChangesNotSaved, posted to the
node that asked; when that node has gone (a screen closed meanwhile) the app gives the
answer instead. When a write fails, the same node's saves still waiting are not
written: they were made on top of the change that failed, and writing them would put
on disk what the family was just told was not saved. They are answered as not saved.

When a save is refused because another program changed the file since it was read
(`ChangedElsewhere`), every save waiting is answered as not saved (all were made on
what the file held before), the store reads the file again, and the app is told
(`RecordsReopened`) so that it shows what the file holds now.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.dom import DOMNode
from textual.message import Message

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydantic import BaseModel
    from textual.app import App

    from reintegrate.store import Store

log = logging.getLogger(__name__)

AFTER_A_FAILURE = "Not saved: the change before it could not be saved, so this one was not tried."
# Said after the store's own ChangedElsewhere sentence, once the file has been read again.
OPENED_AGAIN = ("It has been opened again: what you see now is what the file holds. "
                "Make your change again if it is still needed.")
AFTER_A_CHANGE_ELSEWHERE = ("Not saved: the data file was changed by another program, so this change, "
                            "made on what it held before, was not tried.")


@dataclass
class ChangesSaved(Message, bubble=False):
    """Everything asked for is on disk. `summary` is the sentence to confirm it with."""

    summary: str
    saved: list[BaseModel] = field(default_factory=list)


@dataclass
class ChangesNotSaved(Message, bubble=False):
    """Nothing was changed; `reason` says why, in the store's own plain words.

    `skipped`: not tried, because a save asked for before it by the same node failed.
    """

    reason: str
    skipped: bool = False
    error: Exception | None = None  # the store's error, if it gave one


@dataclass(frozen=True, eq=False)
class _Save:
    node: DOMNode
    put: tuple[BaseModel, ...]
    delete: tuple[tuple[type[BaseModel], str], ...]
    meta: tuple[tuple[str, object], ...]
    summary: str


class RecordsChanged(Message):
    """To the app, after each save that changed the file."""


@dataclass
class RecordsReopened(Message):
    """To the app: another program changed the data file under it, so a save was refused
    and the store has read the file again (the app shows it afresh); or, with `damage`,
    what the file holds now cannot be used, said in the store's words."""

    damage: str | None = None


class Saver:
    """Writes to the store `store_of()` gives (opened on the first save if need be) for
    `app`, one save at a time, in order. Call it on the UI thread."""

    def __init__(self, app: App, store_of: Callable[[], Store]) -> None:
        self._app = app
        self._store_of = store_of
        self._waiting: deque[_Save] = deque()
        self._lock = threading.Lock()  # guards the two below
        self._writing = False  # a worker has been started to write what is waiting
        # Held by whoever writes: only one thread ever writes, so the order holds.
        self._pen = threading.Lock()

    def save(
        self,
        node: DOMNode,
        *,
        put: Sequence[BaseModel] = (),
        delete: Sequence[tuple[type[BaseModel], str]] = (),
        meta: dict | None = None,
        summary: str,
    ) -> None:
        """Save `put`, remove `delete` and set `meta` in one atomic write, after every
        save asked for before. `node` receives ChangesSaved or ChangesNotSaved."""
        job = _Save(node, tuple(put), tuple(delete), tuple((meta or {}).items()), summary)
        with self._lock:
            self._waiting.append(job)
            if self._writing:
                return  # the worker that is writing takes this one next
            self._writing = True
        self._app.run_worker(self._write_all, thread=True, group="save", name="save",
                             description="saving", exit_on_error=False)

    def finish(self) -> None:
        """Write, on this thread, every save still waiting, after the one being written.

        For the app's last moments: a worker started just before the app closed may
        never run, and what it was to write must still land. Blocks: never call it on
        the UI thread.
        """
        self._write_all()

    def _write_all(self) -> None:
        """Write until nothing is waiting, even while the app is closing."""
        with self._pen:
            while True:
                with self._lock:
                    if not self._waiting:
                        self._writing = False
                        return
                    job = self._waiting.popleft()
                self._write_one(job)

    def _write_one(self, job: _Save) -> None:
        from reintegrate.store import ChangedElsewhere

        answer = self._write(job)
        if isinstance(answer, ChangesSaved):
            self._app.post_message(RecordsChanged())
        dropped: list[_Save] = []
        after = AFTER_A_FAILURE
        if isinstance(answer, ChangesNotSaved):
            elsewhere = isinstance(answer.error, ChangedElsewhere)
            with self._lock:
                # Changed elsewhere: every change waiting was made on what the file held
                # before, whichever screen made it.
                dropped = [later for later in self._waiting if elsewhere or later.node is job.node]
                for later in dropped:
                    self._waiting.remove(later)
            if elsewhere:
                after = AFTER_A_CHANGE_ELSEWHERE
                if self._reload():
                    answer = ChangesNotSaved(f"{answer.reason} {OPENED_AGAIN}", error=answer.error)
        self._answer(job, answer)
        for later in dropped:
            self._answer(later, ChangesNotSaved(after, skipped=True))

    @contextmanager
    def holding_pen(self) -> Iterator[None]:
        """No save is written meanwhile (saves asked for wait, in order): for a sync
        that merges into the store between two saves. Blocks: never on the UI thread."""
        with self._pen:
            yield

    def reopen(self) -> bool:
        """Read the data file again after another program changed it (a merge found it
        so), between two saves; False if it cannot be used. Blocks: never call it on
        the UI thread."""
        with self._pen:
            return self._reload()

    def _reload(self) -> bool:
        """The store reads the file again, with the pen held (nothing is written
        meanwhile), and the app is told to show it afresh. If what the other program
        left cannot be used, the app is told why (it says so and closes, as for any
        damaged file; nothing is written over it)."""
        from reintegrate.store import StoreError

        try:
            self._store_of().reload()
        except StoreError as error:
            self._app.post_message(RecordsReopened(damage=str(error)))
            return False
        self._app.post_message(RecordsReopened())
        return True

    def _write(self, job: _Save) -> ChangesSaved | ChangesNotSaved:
        from reintegrate.store import StoreError

        try:
            store = self._store_of()
            with store.batch():
                if job.put:
                    store.put_many(list(job.put))
                if job.delete:
                    store.delete_many(list(job.delete))
                for key, value in job.meta:
                    store.set_meta(key, value)
        except StoreError as error:
            return ChangesNotSaved(str(error), error=error)
        except Exception as error:  # a bug, not the disk: still say so, never crash
            log.exception("Saving failed")
            return ChangesNotSaved(f"Something went wrong while saving ({error}). Nothing was changed.")
        return ChangesSaved(job.summary, list(job.put))

    def _answer(self, job: _Save, answer: ChangesSaved | ChangesNotSaved) -> None:
        # post_message is safe from this thread and never waits for the UI, which may
        # already be closing; a node that has gone refuses the message.
        if not job.node.post_message(answer):
            self._app.post_message(answer)
