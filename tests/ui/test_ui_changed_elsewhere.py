"""The data file changed by another program while the app has it open (a copy edited
elsewhere and moved back over it, a backup copied over it): the next save writes
nothing, says so plainly, and the app reads the file again and shows what it holds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from reintegrate.models import Contact, DayKind
from reintegrate.store import Store
from screens.app import make_app
from screens.ladder import LadderScreen
from screens.modals.damaged import DamagedFileModal
from screens.modals.day_status import DayStatusModal
from screens.today import TodayScreen
from tests.fixtures import STUDENT_ID
from tests.ui.pilot_helpers import settle, until, until_shown

SIZE = (80, 24)


def heard(app) -> list[tuple[str, str]]:
    said: list[tuple[str, str]] = []
    real = app.notify

    def notify(message, *args, title="", **kwargs):
        said.append((str(title), str(message)))
        return real(message, *args, title=title, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return said


def move_an_edited_copy_over(path: Path, today) -> Contact:
    """As `cp F copy.json; reintegrate letter … --log --data copy.json; mv copy.json F`."""
    copy = path.with_name("copy.json")
    shutil.copyfile(path, copy)
    os.chmod(copy, 0o600)
    contact = Contact(student_id=STUDENT_ID, on=today, person="Ms Reid", summary="Asked for a meeting")
    with Store.open(copy, today=today) as other:
        other.put(contact)
    os.replace(copy, path)
    return contact


async def mark_ill(pilot) -> None:
    await pilot.press("d")
    await until_shown(pilot, DayStatusModal)
    await pilot.press("1", "tab", *"fever", "ctrl+s")
    await settle(pilot)


async def test_a_copy_moved_back_over_the_file_is_kept_and_shown_not_overwritten(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        said = heard(app)
        contact = move_an_edited_copy_over(store.path, monday)
        theirs = store.path.read_bytes()

        await mark_ill(pilot)
        await until(pilot, lambda: any(title == "Not saved" for title, _ in said))
        [(title, message)] = [(t, m) for t, m in said if t == "Not saved"]
        assert "Nothing was saved" in message and "changed by another program" in message
        assert "It has been opened again" in message
        assert store.path.read_bytes() == theirs  # the contact made elsewhere is still there
        await until(pilot, lambda: store.get(Contact, contact.id) is not None)  # read again
        assert isinstance(app.screen, TodayScreen)
        assert not [d for d in store.days(STUDENT_ID) if d.on == monday]

        await mark_ill(pilot)  # made again, on top of what the file holds now
        await until(pilot, lambda: any(title == "Saved" for title, _ in said))
    with Store.open(store.path, read_only=True) as again:
        assert [c.id for c in again.all(Contact)] == [contact.id]
        assert [d.kind for d in again.days(STUDENT_ID) if d.on == monday] == [DayKind.ill]


async def test_a_backup_copied_over_closes_the_screens_that_showed_the_old_records(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        said = heard(app)
        await pilot.press("l")
        await until_shown(pilot, LadderScreen)
        restored = store.path.read_bytes().replace(b'"Sam"', b'"Samuel"')  # as if an older copy
        with open(store.path, "r+b") as file:  # cp writes into the same file
            file.truncate(0)
            file.write(restored)
        await pilot.press("right_square_bracket")  # move a step down: a save
        await until(pilot, lambda: any(title == "Not saved" for title, _ in said))
        await until(pilot, lambda: isinstance(app.screen, TodayScreen))
        assert store.path.read_bytes() == restored
        assert store.students()[0].name == "Samuel"


async def test_a_damaged_replacement_is_shown_as_damage_and_never_written(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        store.path.write_bytes(b'{"_meta": {')
        await mark_ill(pilot)
        await until(pilot, lambda: isinstance(app.screen, DamagedFileModal))
    assert store.path.read_bytes() == b'{"_meta": {'
