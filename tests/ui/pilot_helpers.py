"""Waiting helpers for Pilot tests: saves run in thread workers, dialogs in workers too."""

from __future__ import annotations

from textual.screen import ModalScreen


async def settle(pilot) -> None:
    """Let saves (and the flows that start them) finish and their messages be handled.

    A worker that is waiting for a dialog's answer is not waited for: it waits for the
    person, and the test is that person.
    """
    app = pilot.app
    for _ in range(3):
        await pilot.pause()
        asking = isinstance(app.screen, ModalScreen)
        busy = [
            w for w in app.workers
            if not w.is_finished and (w.group == "save" or (not asking and w.group != "verify"))
        ]
        if busy:  # an empty list would mean "every worker"
            await app.workers.wait_for_complete(busy)
    await pilot.pause()


async def until(pilot, condition, tries: int = 500) -> None:
    """Pause until `condition()` holds (up to ~10 s): a dialog pushed by a worker takes
    a moment, and much longer on a loaded machine."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not reach the expected state")


async def until_shown(pilot, screen_type) -> None:
    """Pause until a screen of `screen_type` is on top; a dialog must also have focused
    its first field, so that the next key press reaches that field."""

    def shown() -> bool:
        screen = pilot.app.screen
        if not isinstance(screen, screen_type):
            return False
        return not isinstance(screen, ModalScreen) or screen.focused is not None

    await until(pilot, shown)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def line_of(app, selector: str, name: str) -> str:
    """The words of the line `name` drawn by the widget at `selector`: Today draws its
    blocks of lines (its head, the step, the proposal's first lines, the requests
    waiting on the school) each as one `screens.widgets.lines.Lines`. Checked to be
    what the widget draws, not only what it was given."""
    from screens.widgets.lines import Lines

    widget = app.screen.query_one(selector, Lines)
    words = widget.texts[name]
    assert words in str(widget.render()).split("\n"), (name, words)
    return words
