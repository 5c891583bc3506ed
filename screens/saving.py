"""Writes run in a thread worker; the result comes back to the screen as a message.

A save touches the disk (write, fsync, rename), so it never runs on the UI thread.
Several changes (save an attempt and remove the day status it replaces) go in one
batch: both land or neither does.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel
from textual.dom import DOMNode
from textual.message import Message
from textual.worker import Worker

from reintegrate.store import Store, StoreError

log = logging.getLogger(__name__)


@dataclass
class ChangesSaved(Message):
    """Everything asked for is on disk. `summary` is the sentence to confirm it with."""

    summary: str
    saved: list[BaseModel] = field(default_factory=list)


@dataclass
class ChangesNotSaved(Message):
    """Nothing was changed; `reason` says why, in the store's own plain words."""

    reason: str


def save_in_background(
    node: DOMNode,
    store: Store,
    *,
    put: Sequence[BaseModel] = (),
    delete: Sequence[tuple[type[BaseModel], str]] = (),
    meta: dict | None = None,
    summary: str,
) -> Worker[None]:
    """Save `put`, remove `delete` and set `meta` in one atomic write, off the UI thread.

    `node` receives ChangesSaved or ChangesNotSaved when the write is over.
    """

    def write() -> None:
        try:
            with store.batch():
                if put:
                    store.put_many(list(put))
                if delete:
                    store.delete_many(list(delete))
                for key, value in (meta or {}).items():
                    store.set_meta(key, value)
        except StoreError as error:
            node.post_message(ChangesNotSaved(str(error)))
            return
        except Exception as error:  # a bug, not the disk: still say so, never crash
            log.exception("Saving failed")
            node.post_message(ChangesNotSaved(f"Something went wrong while saving ({error}). Nothing was changed."))
            return
        node.post_message(ChangesSaved(summary, list(put)))

    return node.run_worker(write, thread=True, group="save", name="save", exit_on_error=False)
