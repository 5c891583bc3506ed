"""A hostile kept Today file never stops, hangs or fools the app.

`.NAME.today` (screens/today_cache.py) sits in the data file's folder, where anything
able to write there can put something else: nesting a hundred thousand deep, markup
with the right hash, wrong class names, lines and rows of the wrong length, repeated
attempt ids, a pipe, /dev/zero, a folder, a file of another account's or one others
may read. Each is ignored (Today is worked out from the records instead) or, when it
is exactly a kept view, drawn as text; a folder in its place never hides damage.
"""

from __future__ import annotations

import dataclasses
import json
import os
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from terminal_app import AppInTerminal

from reintegrate.cli import write_demo
from reintegrate.store import Store
from reintegrate.store.paths import today_file
from screens.app import ReintegrateApp
from screens.modals.damaged import DamagedFileModal
from screens.session import Session
from screens.today import TodayScreen
from screens.today_cache import MAX_BYTES, content_key, forget_views, keep_views, kept_view
from screens.today_text import today_view
from screens.today_view import ProposalText

TODAY = date(2026, 11, 26)
SIZE = (80, 24)


@pytest.fixture
def demo(tmp_path) -> Path:
    path = tmp_path / "family" / "family.json"
    path.parent.mkdir()
    write_demo(path, TODAY)
    return path


def worked_out(path: Path):
    with Store.open(path, read_only=True) as store:
        session = Session(store=store, today=TODAY)
        return today_view(session, session.student())


def key_of(path: Path) -> str:
    return content_key(path.read_bytes())


def kept_document(path: Path, view=None) -> dict:
    """What the app keeps for `view` (the records' own by default), with the right hash."""
    keep_views(path, key_of(path), {TODAY: view or worked_out(path)})
    return json.loads(today_file(path).read_bytes())


def plant(path: Path, content: bytes | dict, mode: int = 0o600) -> None:
    kept = today_file(path)
    if kept.is_dir() and not kept.is_symlink():
        os.rmdir(kept)
    else:
        kept.unlink(missing_ok=True)
    kept.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    kept.chmod(mode)


def read_soon(path: Path, seconds: float = 5.0):
    """`kept_view`, in a thread: it must answer within `seconds` (a pipe must not block it)."""
    answer: list = []
    reader = threading.Thread(target=lambda: answer.append(kept_view(path, key_of(path), TODAY)), daemon=True)
    started = time.monotonic()
    reader.start()
    reader.join(seconds)
    assert not reader.is_alive(), "reading the kept file hung"
    assert time.monotonic() - started < seconds
    return answer[0]


def edit_view(document: dict, change) -> dict:
    change(document["views"][TODAY.isoformat()])
    return document


# --- what is never used -----------------------------------------------------------------------

HOSTILE_CONTENT = {
    "nested a hundred thousand deep": lambda doc: b"[" * 100_000,
    "views nested a hundred thousand deep": lambda doc: json.dumps({**doc, "views": "@"}).encode().replace(
        b'"@"', b"[" * 100_000 + b"]" * 100_000),
    "a title nested deep": lambda doc: json.dumps(edit_view(doc, lambda v: v.update(title="@"))).encode().replace(
        b'"@"', b"[" * 50 + b'"x"' + b"]" * 50),
    "a wrong class name": lambda doc: edit_view(doc, lambda v: v["proposal"]["lines"][0].__setitem__(0, "x!y")),
    "a class name with a capital": lambda doc: edit_view(doc, lambda v: v["proposal"]["lines"][0].__setitem__(
        0, "Proposal-headline")),
    "an empty class name": lambda doc: edit_view(doc, lambda v: v["proposal"]["lines"][0].__setitem__(0, "")),
    "a proposal line of three": lambda doc: edit_view(doc, lambda v: v["proposal"]["lines"][0].append("x")),
    "a proposal line of one": lambda doc: edit_view(doc, lambda v: v["proposal"]["lines"][0].pop()),
    "an attempt row of four": lambda doc: edit_view(doc, lambda v: v["attempts"][0].pop()),
    "an attempt row of six": lambda doc: edit_view(doc, lambda v: v["attempts"][0].append("x")),
    "repeated attempt ids": lambda doc: edit_view(doc, lambda v: v["attempts"].append(list(v["attempts"][0]))),
    "five step lines": lambda doc: edit_view(doc, lambda v: v["step"].extend(["a", "b", "c", "d"])),
    "a thousand overdue lines": lambda doc: edit_view(doc, lambda v: v.update(overdue=["late"] * 1000)),
    "a number for a flag": lambda doc: edit_view(doc, lambda v: v.update(can_follow_up=1)),
    "a list for words": lambda doc: edit_view(doc, lambda v: v.update(matched=["x"])),
    "a field too many": lambda doc: edit_view(doc, lambda v: v.update(extra="x")),
    "a field missing": lambda doc: edit_view(doc, lambda v: v.pop("matched")),
    "an escape code": lambda doc: edit_view(doc, lambda v: v.update(title="Today for \x1b]2;PWNED\x07")),
    "a sentence of a megabyte": lambda doc: edit_view(doc, lambda v: v.update(recorded="x" * (MAX_BYTES // 2))),
    "views a list": lambda doc: {**doc, "views": []},
    "a list": lambda doc: [doc],
    "too big": lambda doc: json.dumps(doc).encode() + b" " * MAX_BYTES,
}


@pytest.mark.parametrize("kind", HOSTILE_CONTENT)
def test_a_kept_file_that_is_not_exactly_a_kept_view_is_not_used(demo, kind):
    document = kept_document(demo)
    assert kept_view(demo, key_of(demo), TODAY) is not None  # the genuine one is used
    plant(demo, HOSTILE_CONTENT[kind](document))
    assert read_soon(demo) is None


def test_a_pipe_in_its_place_is_not_waited_for(demo):
    kept_document(demo)
    kept = today_file(demo)
    kept.unlink()
    os.mkfifo(kept, 0o600)
    try:
        assert read_soon(demo) is None
    finally:
        # Let a reader blocked on it (the old code) go, so the test run can end.
        fd = os.open(kept, os.O_RDWR | os.O_NONBLOCK)
        os.close(fd)


def test_a_link_to_an_endless_device_is_not_read(demo):
    today_file(demo).symlink_to("/dev/zero")
    assert read_soon(demo) is None


def test_a_link_to_a_genuine_kept_file_is_not_followed(demo, tmp_path):
    genuine = kept_document(demo)
    elsewhere = tmp_path / "elsewhere.today"
    elsewhere.write_text(json.dumps(genuine))
    elsewhere.chmod(0o600)
    today_file(demo).unlink()
    today_file(demo).symlink_to(elsewhere)
    assert read_soon(demo) is None


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o660, 0o602], ids=oct)
def test_a_kept_file_others_may_read_or_write_is_not_used(demo, mode):
    plant(demo, kept_document(demo), mode)
    assert read_soon(demo) is None


def test_a_kept_file_with_two_names_is_not_used(demo, tmp_path):
    kept_document(demo)
    os.link(today_file(demo), tmp_path / "second-name")
    assert read_soon(demo) is None


def test_a_kept_file_of_another_account_is_not_used(demo):
    plant(demo, kept_document(demo))
    other = 65534 if os.geteuid() == 0 else None  # nobody; only root can give a file away
    if other is None:
        pytest.skip("giving a file to another account needs root")
    os.chown(today_file(demo), other, -1)
    assert read_soon(demo) is None


def test_a_folder_in_its_place_is_ignored_and_never_stops_keeping_or_forgetting(demo):
    today_file(demo).mkdir()
    (today_file(demo) / "inside").write_text("not ours to remove")
    assert read_soon(demo) is None
    keep_views(demo, key_of(demo), {TODAY: worked_out(demo)})  # no exception: nothing is lost
    forget_views(demo)
    assert (today_file(demo) / "inside").read_text() == "not ours to remove"


def test_a_hostile_kept_file_is_replaced_the_next_time_today_is_kept(demo):
    plant(demo, b"[" * 100_000, 0o644)
    keep_views(demo, key_of(demo), {TODAY: worked_out(demo)})
    assert kept_view(demo, key_of(demo), TODAY) == worked_out(demo)
    assert today_file(demo).stat().st_mode & 0o777 == 0o600


# --- what is drawn, as text --------------------------------------------------------------------

MARKUP = "[/] [link=https://example.com]x[/link] [b]bold [$accent]"
# For a border title, read back as markup (Textual escapes '[$' there lossily).
TITLE = "[/] [link=https://example.com]x[/link] [b]bold"


def markup_view(path: Path):
    view = worked_out(path)
    return dataclasses.replace(
        view, title=f"Today for {MARKUP}", card_title=TITLE, date_line=MARKUP, step=(MARKUP, MARKUP),
        overdue=(MARKUP, MARKUP),
        proposal=ProposalText(TITLE, (("proposal-headline", MARKUP), ("bullet", MARKUP)), True, True),
        matched=MARKUP, attempts=((MARKUP, MARKUP, MARKUP, MARKUP, MARKUP),))


async def test_markup_in_a_kept_view_with_the_right_hash_is_drawn_as_typed(demo):
    view = markup_view(demo)
    kept_document(demo, view)
    kept = kept_view(demo, key_of(demo), TODAY)
    assert kept == view  # words, checked: used

    from textual.content import Content

    drawn = threading.Event()

    def open_store() -> Store:  # the records open once the kept words have been looked at
        drawn.wait(30)
        return Store.open(demo, verify=False)

    session = Session(today=TODAY, opener=open_store, first_view=lambda: kept)
    app = ReintegrateApp(session)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, TodayScreen) and screen.view == kept
            assert screen.title == f"Today for {MARKUP}"
            for selector in ("#today-step", "#today-proposal"):
                assert Content.from_markup(screen.query_one(selector).border_title).plain == TITLE
            for selector in ("#today-matched", ".bullet-text"):
                assert str(screen.query_one(selector).render()) == MARKUP, selector
            for selector, name in (("#today-head", "date"), ("#today-step", "title"),
                                   ("#today-proposal .proposal-lines", "proposal-headline"),
                                   ("#today-overdue", "request-0")):
                assert str(screen.query_one(selector).render()).split("\n")[0] == MARKUP, selector
                assert screen.query_one(selector).texts[name] == MARKUP, selector
            drawn.set()
            await app.workers.wait_for_complete()
    finally:
        drawn.set()
        if session.opened:
            session.store.close()


# --- a folder in its place never hides damage --------------------------------------------------


def repeated_key(path: Path) -> bytes:
    """The file with a key repeated inside one record: found by the full check right
    after the first paint, not when the file is opened quickly."""
    raw = path.read_bytes()
    damaged = raw.replace(b'"distress_peak":', b'"distress_peak": 3, "distress_peak":', 1)
    assert damaged != raw
    path.write_bytes(damaged)
    return damaged


async def test_with_a_folder_in_its_place_damage_is_still_explained(demo):
    damaged = repeated_key(demo)
    today_file(demo).mkdir()
    store = Store.open(demo, today=TODAY, verify=False)  # as the app opens it after its first paint
    try:
        app = ReintegrateApp(Session(store=store, today=TODAY), keep_today=True)
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, DamagedFileModal)
            assert "appears twice" in app.screen.message and str(demo) in app.screen.message
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code == 1
    finally:
        store.close()
    assert demo.read_bytes() == damaged and today_file(demo).is_dir()


# --- the real command ----------------------------------------------------------------------------

REAL = {
    "nested a hundred thousand deep": lambda path: plant(path, b"[" * 100_000),
    "markup with the right hash": lambda path: kept_document(path, markup_view(path)),
    "a wrong class name": lambda path: plant(path, HOSTILE_CONTENT["a wrong class name"](kept_document(path))),
    "repeated attempt ids": lambda path: plant(path, HOSTILE_CONTENT["repeated attempt ids"](kept_document(path))),
    "a pipe": lambda path: os.mkfifo(today_file(path), 0o600),
}


@pytest.mark.parametrize("kind", REAL)
def test_the_app_opens_and_closes_whatever_is_kept(demo, tmp_path, kind):
    REAL[kind](demo)
    app = AppInTerminal(["--data", str(demo), "--date", TODAY.isoformat()], tmp_path)
    try:
        app.read_until("Today for", 20)
        app.read_until("Record", 5)
        app.press("q")
        assert app.wait(10) == 0
        assert "Traceback" not in app.screen_text() and "Something went wrong" not in app.screen_text()
    finally:
        app.close()


# --- nesting, measured before parsing ---------------------------------------------------------


@pytest.mark.parametrize(("raw", "depth", "within"), [
    (b'{"a": [["x"]]}', 3, True),
    (b'{"a": [["x"]]}', 2, False),
    (b'{"words": "[[[[[[ }}}} ]]", "b": []}', 2, True),  # brackets in words are words
    (b'{"words": "a \\" [[[[ \\\\", "b": [[]]}', 3, True),  # escaped quotes and backslashes
    (b'{"words": "a \\\\", "b": [[[[]]]]}', 4, False),
    (b"[" * 100_000, 8, False),
    (b"[" * 4 + b"]" * 3, 8, False),  # unbalanced
])
def test_nesting_is_measured_outside_the_words(raw, depth, within):
    from screens.today_cache import nested_at_most

    assert nested_at_most(raw, depth) is within
