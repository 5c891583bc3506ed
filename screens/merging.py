"""Merging from the app: choose the other computer's export (or a copy of its data
file), see what would change, confirm, and only then write. Reading, comparing and
writing run off the UI thread; the file is read as `reintegrate merge` reads it
(`reintegrate.store.exchange.read_to_merge`), and the rules and the words are the
core's (`reintegrate.store.merge`), the same as that command prints."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.app import App

from reintegrate.store import ChangedElsewhere, StoreError
from reintegrate.store.conflicts import ConflictsUnreadable, conflicts_file, kept_keys
from reintegrate.store.exchange import ImportRejected, read_export_bytes, read_to_merge
from reintegrate.store.merge import MergePlan, apply_merge, plan_merge, summary
from screens.modals.merge import MergeFileModal, MergePreviewModal
from screens.saving import OPENED_AGAIN
from screens.session import Session


def _plan(session: Session, source: Path) -> MergePlan:
    theirs = read_to_merge(source, read_export_bytes(source))
    store = session.store
    return plan_merge(store.household(), theirs, source.name, kept_keys(conflicts_file(store.path)),
                      store.clock())


async def merge_from_file(app: App, session: Session) -> None:
    """The whole conversation; run it as a worker (`App.run_worker`)."""
    source = await app.push_screen_wait(MergeFileModal())
    if source is None:
        return
    try:
        plan = await asyncio.to_thread(_plan, session, source)
    except ImportRejected as exc:
        problems = exc.problems
        more = f" (and {exc.count - 3:,} more)" if exc.count > 3 else ""
        app.notify("\n".join(problems[:3]) + more, title=f"Nothing was merged from {source.name}",
                   severity="error", timeout=20, markup=False)
        return
    except (ConflictsUnreadable, StoreError) as exc:
        app.notify(str(exc), title="Nothing was merged", severity="error", timeout=20, markup=False)
        return
    except OSError as exc:
        app.notify(f"Could not read {source}: {exc.strerror or exc}.", title="Nothing was merged",
                   severity="error", timeout=20, markup=False)
        return
    if not await app.push_screen_wait(MergePreviewModal(plan, conflicts_file(session.store.path))):
        return
    try:
        await asyncio.to_thread(apply_merge, session.store, plan)
    except ChangedElsewhere as exc:
        # Another program changed the file since it was read: read it again (the app
        # shows it afresh); merging again compares the other computer's with it.
        if await asyncio.to_thread(app.saver.reopen):
            app.notify(f"{exc} {OPENED_AGAIN}", title="Nothing was merged", severity="error", timeout=20,
                       markup=False)
        return
    except StoreError as exc:
        app.notify(str(exc), title="Nothing was merged", severity="error", timeout=20, markup=False)
        return
    # A file's name is not markup: said here as plain text, then the screen below
    # shows the records again, as after any save.
    app.notify(f"Merged from {plan.source}: {summary(plan)}.", title="Merged", markup=False)
    refresh = getattr(app.screen, "refresh_view", None)
    if refresh is not None:
        refresh()
