"""One way to report a worker that failed.

Slow or blocking work (saving, working out figures, writing a report, a dialog flow)
runs in workers started with `exit_on_error=False` and a `description` in the family's
words ("working out the figures"), which the report below says: a bug there must not close the app
on a half-typed form. Textual tells only the node that started a worker how it ended
(the message does not bubble), so every screen that starts workers, and the app, mixes
this in; the handler below is the only place a failure is reported. A screen that shows
"Working…" while a worker runs puts itself right in `worker_failed`.
"""

from __future__ import annotations

import logging

from textual.worker import Worker, WorkerState

log = logging.getLogger(__name__)


class ReportsFailures:
    """Mixed into a Screen or the App, before it in the bases."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        worker = event.worker
        # Only the kind of error: its message can quote a family's records, and these
        # are a child's health records (nothing of them in logs or on screen by accident).
        kind = type(worker.error).__name__
        log.error("The worker %r failed (%s)", worker.name, kind)
        self.notify(  # type: ignore[attr-defined]
            f"Something went wrong while {worker.description} ({kind}). "
            "The records already saved are not affected.",
            title="Something went wrong", severity="error", timeout=20)
        self.worker_failed(worker)

    def worker_failed(self, worker: Worker) -> None:
        """Put what the screen shows right after `worker` failed (by default, nothing to do)."""
