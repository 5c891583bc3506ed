"""Whole-process start-up probes, run as `python -m benchmarks.startup ours|bare FILE DATE`.

Each probe starts a fresh interpreter, shows the morning screen and exits as soon as
today's step is on the screen; the parent times the whole process. `bare` is a plain
Textual app that shows the same line of text, so the ratio between the two is what
reintegrate itself costs on top of Textual.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path


def _exit_when_shown(app, selector: str) -> None:
    """Exit once `selector` is on the screen and the screen has been painted."""

    async def auto_pilot(pilot) -> None:
        while not app.screen.query(selector):
            await pilot.pause(0.001)
        await pilot.pause()
        app.exit()

    app.run(headless=True, size=(80, 24), auto_pilot=auto_pilot)


def bare(title: str) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static(title, id="step")
            yield Footer()

    app = Bare()
    _exit_when_shown(app, "#step")


def ours(data: Path, today: date) -> None:
    from reintegrate.store import Store
    from screens.app import make_app

    store = Store.open(data, today=today, verify=False)
    app = make_app(store, today)
    _exit_when_shown(app, "#today-step")


def main(argv: list[str]) -> None:
    mode, data, today = argv[0], Path(argv[1]), date.fromisoformat(argv[2])
    if mode == "bare":
        bare("Today's step: Step 4: 30 minutes at school")
    else:
        ours(data, today)


if __name__ == "__main__":
    main(sys.argv[1:])
