"""Two homes through a shared folder (`reintegrate.sync`), with the sync tool simulated
(tests/sync_homes.py): files arriving late, out of order, half-written, as conflict
copies; both homes editing one record; another household's file; nothing in plain
text; the owner-only files kept in the config folder, read as hostile."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess

import pytest

from reintegrate import agefile
from reintegrate.store.conflicts import conflicts_file, read
from reintegrate.store.paths import backup_dir
from reintegrate.sync import kept
from reintegrate.sync.folder import HOME_SUFFIX, list_folder
from reintegrate.sync.kept import SyncNotReady, read_settings, read_state
from reintegrate.sync.run import arrival_line, home_lines, sync_now, write_own_file
from reintegrate.sync.words import ChildChange
from tests.sync_homes import CHILD, TODAY, Clock, Home, SyncTool, household_of, new_key, plain_export


@pytest.fixture(scope="module")
def identity() -> str:
    return new_key()


@pytest.fixture
def homes(tmp_path, identity):
    clock = Clock()
    a = Home(tmp_path, "a", identity, clock, household_of())
    b = Home(tmp_path, "b", identity, clock)
    return a, b, SyncTool(a, b)


def settle(a: Home, b: Home, tool: SyncTool) -> None:
    """What the homes end with once the sync tool has caught up and each has synced."""
    a.sync()
    tool.everywhere()
    b.sync()
    tool.everywhere()
    a.sync()


# --- two homes reach the same records ----------------------------------------------------


def test_two_homes_editing_on_both_sides_reach_the_same_records_with_one_sync_each(homes):
    a, b, tool = homes
    a.sync()
    tool.carry(a, b)
    result = b.sync()  # b joins: the student arrives
    assert [(x.counts, x.children) for x in result.arrivals] == [({}, (ChildChange(CHILD, True),))]
    first = a.add_attempt("tired at the gate")
    second = b.add_attempt("went in for ten minutes")
    a.sync()
    tool.everywhere()
    b.sync()
    tool.everywhere()
    a.sync()
    assert a.records() == b.records()
    assert set(a.notes()) == {first.id, second.id}


def test_both_homes_changing_one_record_keep_the_later_change_and_set_the_other_aside(homes):
    a, b, tool = homes
    attempt = a.add_attempt("first words")
    settle(a, b, tool)
    a.change_notes(attempt.id, "changed in the first home")
    b.change_notes(attempt.id, "changed later in the second home")  # the clock moved on: later
    settle(a, b, tool)
    assert a.records() == b.records()
    assert a.notes()[attempt.id] == "changed later in the second home"
    # The second home merged first and saw both changes: it keeps the one that lost.
    kept_aside = [entry["record"]["notes"] for entry in read(conflicts_file(b.data))]
    assert "changed in the first home" in kept_aside
    assert list(backup_dir(b.data).glob("*.merge.json")), "a backup is kept before a merge writes"



def test_a_deletion_travels_to_the_other_home(homes):
    a, b, tool = homes
    attempt = a.add_attempt("entered by mistake")
    settle(a, b, tool)
    assert attempt.id in b.notes()
    b.delete(attempt.id)
    settle(a, b, tool)
    assert attempt.id not in a.notes() and a.records() == b.records()


def test_files_arriving_late_and_out_of_order_lose_nothing(homes):
    a, b, tool = homes
    settle(a, b, tool)
    b.add_attempt("Monday")
    b.sync()
    older = b.own_file.read_bytes()
    b.add_attempt("Tuesday")
    b.sync()
    newer = b.own_file.read_bytes()
    a.add_attempt("in the first home meanwhile")
    a.sync()  # nothing from b has arrived yet (late)
    tool.carry(b, a, raw=newer)
    a.sync()
    tool.carry(b, a, raw=older)  # the older version arrives after the newer one
    a.sync()
    assert {"Monday", "Tuesday", "in the first home meanwhile"} <= set(a.notes().values())
    settle(a, b, tool)
    assert a.records() == b.records()


def test_a_half_written_file_is_skipped_with_a_message_and_read_once_whole(homes):
    a, b, tool = homes
    settle(a, b, tool)
    b.add_attempt("arrives in two halves")
    b.sync()
    whole = b.own_file.read_bytes()
    tool.carry(b, a, raw=whole[: len(whole) // 2])  # a tool that writes in place, caught halfway
    before = a.data.read_bytes()
    result = a.sync()
    assert [m for m in result.skipped if "cut short or damaged" in m and b.own_file.name in m]
    assert result.arrivals == []
    assert a.data.read_bytes() == before, "nothing is written from a half-written file"
    tool.carry(b, a, raw=whole)
    assert a.sync().skipped == []
    assert "arrives in two halves" in a.notes().values()


def test_a_file_still_under_its_temporary_name_is_said_and_not_read(homes):
    a, b, tool = homes
    settle(a, b, tool)
    (a.folder / f".syncthing.{b.own_file.name}.tmp").write_bytes(b"age-encryption.org/v1\n-> X25519")
    (a.folder / f"._{b.own_file.name}").write_bytes(b"\x00\x05\x16\x07")  # macOS metadata beside it
    result = a.sync()
    assert [m for m in result.skipped if "still being written" in m] == [
        f".syncthing.{b.own_file.name}.tmp is still being written by the sync tool: it is read at the next sync."]


def test_conflict_copies_are_merged_like_any_home_file(homes):
    a, b, tool = homes
    settle(a, b, tool)
    b.add_attempt("only in the conflict copy")
    b.sync()
    copy_names = [f"{b.id}.reintegrate.sync-conflict-20261126-101010-ABCDEFG.age",
                  f"{b.id}.reintegrate (Dad's conflicted copy 2026-11-26).age"]
    tool.carry(b, a, name=b.own_file.name, raw=b.own_file.read_bytes())
    os.replace(a.folder / b.own_file.name, a.folder / copy_names[0])
    b.add_attempt("only in the other copy")
    b.sync()
    tool.carry(b, a, raw=b.own_file.read_bytes())
    os.replace(a.folder / b.own_file.name, a.folder / copy_names[1])
    assert [f.copy for f in list_folder(a.folder, a.id).files] == [True, True]
    result = a.sync()
    assert {x.name for x in result.arrivals} == set(copy_names)
    assert {"only in the conflict copy", "only in the other copy"} <= set(a.notes().values())
    assert all(name in os.listdir(a.folder) for name in copy_names), "another home's files are never removed"


# --- what is skipped, and nothing written from it ------------------------------------------


def test_another_households_file_an_unencrypted_one_and_a_non_export_are_skipped_without_writing(homes, identity):
    a, b, tool = homes
    settle(a, b, tool)
    stranger = new_key()
    other = "0123456789abcdef"
    (a.folder / f"{other}{HOME_SUFFIX}").write_bytes(agefile.encrypt_to(b'{"format": "reintegrate-export"}', stranger))
    (a.folder / f"{'1' * 16}{HOME_SUFFIX}").write_bytes(json.dumps({"notes": "plain " + CHILD}).encode())
    (a.folder / f"{'2' * 16}{HOME_SUFFIX}").write_bytes(agefile.encrypt_to(b'{"not": "an export"}', identity))
    (a.folder / f"{'3' * 16}{HOME_SUFFIX}").symlink_to("/dev/zero")
    os.mkfifo(a.folder / f"{'4' * 16}{HOME_SUFFIX}")
    before = a.data.read_bytes()
    result = a.sync()
    said = "\n".join(result.skipped)
    assert "another household's key" in said
    assert "is not encrypted" in said
    assert "not an export this app can merge" in said
    assert f"{'3' * 16}{HOME_SUFFIX} cannot be read (a link)" in said
    assert f"{'4' * 16}{HOME_SUFFIX} is not a regular file" in said
    assert CHILD not in said, "no message quotes what a file holds"
    assert not result.brought_anything and a.data.read_bytes() == before


def test_a_file_too_large_to_be_a_home_file_is_skipped(homes, monkeypatch):
    a, b, tool = homes
    settle(a, b, tool)
    monkeypatch.setattr("reintegrate.sync.folder.MAX_HOME_FILE", 1000)
    assert any("larger than any home's file" in m for m in a.sync().skipped)


# --- what is written -------------------------------------------------------------------


def test_the_folder_holds_no_plain_text_and_each_home_only_its_own_file(homes, identity):
    a, b, tool = homes
    a.add_attempt(f"{CHILD} said the corridor was loud")
    settle(a, b, tool)
    for home in (a, b):
        names = sorted(os.listdir(home.folder))
        assert names == sorted([a.own_file.name, b.own_file.name])
        for name in names:
            raw = (home.folder / name).read_bytes()
            assert raw.startswith(agefile.AGE_HEADER)
            assert CHILD.encode() not in raw and b"corridor" not in raw
    document = plain_export(b.own_file.read_bytes(), identity)
    assert document["format"] == "reintegrate-export" and document["sync"]["home"] == b.id
    assert document["household"]["students"][0]["name"] == CHILD


def test_this_homes_file_is_written_again_only_when_the_records_changed(homes):
    a, b, tool = homes
    first = a.sync().wrote
    assert first == a.own_file
    stamp = a.own_file.stat().st_mtime_ns
    assert a.sync().wrote is None and a.own_file.stat().st_mtime_ns == stamp
    a.add_attempt("a new day")
    with a.open() as store:
        assert write_own_file(store, TODAY, a.config) == a.own_file
    a.own_file.unlink()  # gone from the folder (a sync tool's mistake): written again
    assert a.sync().wrote == a.own_file


def test_a_killed_write_leaves_its_temporary_which_the_next_write_removes_and_readers_skip(homes):
    a, b, tool = homes
    a.sync()
    leftover = a.folder / f".{a.own_file.name}.abc123.tmp"
    leftover.write_bytes(b"age-encryption.org/v1\n")
    assert list_folder(a.folder, a.id).unfinished == [], "a home's own leftover is not said as another's"
    a.add_attempt("then a write")
    a.sync()
    assert not leftover.exists()


def test_the_debian_age_tool_opens_a_homes_file_with_the_kept_household_key(homes):
    if shutil.which("age") is None:
        pytest.skip("the age tool is not installed")
    a, b, tool = homes
    a.add_attempt("read by another tool")
    a.sync()
    opened = subprocess.run(["age", "-d", "-i", str(a.config / kept.KEY_FILE), str(a.own_file)],
                            capture_output=True, check=True, timeout=30)
    document = json.loads(opened.stdout)
    assert document["household"]["students"][0]["name"] == CHILD


# --- what is said ----------------------------------------------------------------------


def test_what_came_in_and_when_the_other_home_last_wrote_are_said(homes):
    a, b, tool = homes
    settle(a, b, tool)
    b.add_attempt("one")
    b.add_attempt("two")
    b.sync()
    tool.everywhere()
    result = a.sync()
    assert arrival_line(result, a.config) == "Sync: from the other home, 2 attempts."
    assert home_lines(a.config, today=TODAY, now=a.clock()) == [
        "Today, from the other home: 2 attempts. The other home last wrote today (read here today)."
    ]
    assert arrival_line(a.sync(), a.config) == ""  # nothing new: nothing said on Today
    assert home_lines(a.config, today=TODAY, now=a.clock())[0].startswith("Today, from the other home: 2 attempts"), "what last came in is remembered"


def test_only_changed_files_are_read_again_when_asked(homes):
    a, b, tool = homes
    settle(a, b, tool)
    assert a.sync(only_changed=True).arrivals == []
    assert [x.name for x in a.sync().arrivals] == [b.own_file.name]


# --- what is kept in the config folder ------------------------------------------------


def test_the_key_and_settings_are_owner_only_and_only_the_set_up_data_file_syncs(homes, tmp_path):
    a, b, tool = homes
    a.sync()
    assert stat.S_IMODE(a.config.stat().st_mode) == 0o700
    for name in (kept.KEY_FILE, kept.SETTINGS_FILE, kept.STATE_FILE, kept.HOME_ID_FILE):
        assert stat.S_IMODE((a.config / name).stat().st_mode) == 0o600
    from reintegrate.store import Store

    with Store.open(tmp_path / "another.json") as store, pytest.raises(SyncNotReady, match="set up for the data file"):
        sync_now(store, TODAY, config=a.config)


@pytest.mark.parametrize("planted", ["not json", "link", "fifo", "wrong form", "huge"])
def test_hostile_settings_are_a_plain_problem_never_a_crash(homes, planted, tmp_path):
    a, b, tool = homes
    path = a.config / kept.SETTINGS_FILE
    path.unlink()
    if planted == "link":
        path.symlink_to(tmp_path / "elsewhere.json")
    elif planted == "fifo":
        os.mkfifo(path)
    else:
        path.write_bytes({"not json": b"{", "wrong form": b'{"format": "reintegrate-sync", "folder": "relative"}',
                          "huge": b" " * (kept.MAX_SMALL + 1)}[planted])
    with pytest.raises(SyncNotReady):
        read_settings(a.config)
    with pytest.raises(SyncNotReady):
        a.sync()


@pytest.mark.parametrize("planted", [b"", b"AGE-SECRET-KEY-1NOTAKEY\n", b"\xff\xfe", b"# only a comment\n"])
def test_a_kept_key_that_is_not_one_is_a_plain_problem(homes, planted):
    a, b, tool = homes
    (a.config / kept.KEY_FILE).write_bytes(planted)
    with pytest.raises(SyncNotReady, match="does not hold a household key"):
        a.sync()


def test_a_strange_state_file_is_forgotten_and_a_strange_home_id_replaced(homes):
    a, b, tool = homes
    settle(a, b, tool)
    (a.config / kept.STATE_FILE).write_bytes(b'{"format": "reintegrate-sync-state", "homes": {"x": 1, "'
                                             + b"f" * 16 + b'": {"wrote_at": "yesterday", "came_in": {"attempts": -1}}}}')
    state = read_state(a.config)
    assert list(state.homes) == ["f" * 16] and state.homes["f" * 16].wrote_at is None
    assert state.homes["f" * 16].came_in == {}
    (a.config / kept.HOME_ID_FILE).write_bytes(b"../../etc\n")
    made = kept.home_id(a.config)
    assert kept.HOME_ID.fullmatch(made) and made == kept.home_id(a.config)
    (a.config / kept.STATE_FILE).write_bytes(b"[]")
    assert read_state(a.config).homes == {}


def test_when_a_home_says_it_wrote_is_believed_only_up_to_now(homes, identity):
    from datetime import UTC, datetime

    from reintegrate.sync.folder import home_document, write_home_file

    a, b, tool = homes
    settle(a, b, tool)
    with b.open() as store:
        household = store.household()
    ahead = home_document(household, "a" * 16, TODAY, datetime(2099, 1, 1, tzinfo=UTC))
    write_home_file(a.folder, "a" * 16, ahead, identity)
    broken = home_document(household, "c" * 16, TODAY, datetime(2026, 11, 20, tzinfo=UTC)).replace(
        b"2026-11-20T", b"2026-13-20T", 1)
    write_home_file(a.folder, "c" * 16, broken, identity)
    a.sync()
    state = read_state(a.config)
    assert state.homes["a" * 16].wrote_at == a.clock.now, "a clock far ahead is not believed past now"
    assert state.homes["c" * 16].wrote_at is None, "a date that is not one is not used"


def test_a_name_that_would_drive_the_terminal_is_never_read_or_shown(homes):
    a, b, tool = homes
    settle(a, b, tool)
    (a.folder / f"{b.id}.reintegrate\x1b]0;pwned\x07.age").write_bytes(b"x")
    (a.folder / ".reintegrate\x1b[2J.tmp").write_bytes(b"x")
    listing = list_folder(a.folder, a.id)
    assert [f.path.name for f in listing.files] == [b.own_file.name] and listing.unfinished == []


def test_the_config_folder_and_its_files_stay_owner_only_under_umask_000(tmp_path, identity):
    old = os.umask(0)
    try:
        home = Home(tmp_path, "lax", identity, Clock(), household_of())
        home.sync()
    finally:
        os.umask(old)
    assert stat.S_IMODE(home.config.stat().st_mode) == 0o700
    for path in [*home.config.iterdir(), *home.folder.iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_a_copy_of_this_homes_own_file_is_merged_but_never_counted_as_another_home(homes):
    a, b, tool = homes
    settle(a, b, tool)
    a.add_attempt("kept only in an old copy")
    a.sync()
    shutil.copyfile(a.own_file, a.folder / f"{a.id}.reintegrate.sync-conflict-20261126-080000-XYZ.age")
    with a.open() as store:
        attempt = next(x for x in store.attempts(store.students()[0].id) if x.notes == "kept only in an old copy")
    a.delete(attempt.id)  # deleted since: the copy brings nothing back (the deletion is later)
    result = a.sync()
    assert [x.name for x in result.arrivals if x.home == a.id]
    assert "kept only in an old copy" not in a.notes().values()
    assert list(read_state(a.config).homes) == [b.id]


def test_a_shared_folder_out_of_reach_is_said_calmly_and_nothing_is_written(homes):
    a, b, tool = homes
    a.sync()
    before = a.data.read_bytes()
    a.folder.rename(a.folder.with_name("unplugged"))
    with pytest.raises(SyncNotReady, match="cannot be reached, so nothing was synced"):
        a.sync()
    with a.open() as store, pytest.raises(SyncNotReady, match="cannot be reached"):
        write_own_file(store, TODAY, a.config)
    assert a.data.read_bytes() == before


def test_only_the_writer_syncs(homes):
    from reintegrate.store import Store

    a, b, tool = homes
    with Store.open(a.data, read_only=True) as store, pytest.raises(SyncNotReady, match="open only to read"):
        sync_now(store, TODAY, config=a.config)
    assert not a.own_file.exists()


def _move_up(home: Home, step: str) -> None:
    home.clock.tick()
    with home.open() as store:
        student = store.students()[0]
        store.put(student.model_copy(update={"ladder": student.ladder.model_copy(update={"current_step_id": step})}))


def test_a_change_to_a_childs_record_is_said_as_what_changed_never_as_a_new_student(homes):
    a, b, tool = homes
    _move_up(a, "step-2")  # dated, as every record of a real data file is
    settle(a, b, tool)
    _move_up(b, "step-3")
    b.add_attempt("at the new step")
    b.sync()
    tool.everywhere()
    result = a.sync()
    said = f"a change to {CHILD}'s ladder, 1 attempt"
    assert arrival_line(result, a.config) == f"Sync: from the other home, {said}."
    assert home_lines(a.config, today=TODAY, now=a.clock())[0].startswith(f"Today, from the other home: {said}.")
    assert "student" not in arrival_line(result, a.config) + home_lines(a.config, today=TODAY, now=a.clock())[0]


def test_a_new_child_from_the_other_home_is_named(tmp_path):
    identity, clock = new_key(), Clock()
    a, b = Home(tmp_path, "a", identity, clock, household_of()), Home(tmp_path, "b", identity, clock)
    a.sync()
    SyncTool(a, b).carry(a, b)
    result = b.sync()
    assert arrival_line(result, b.config) == f"Sync: from the other home, a new child: {CHILD}."


def test_the_days_said_are_counted_from_the_date_the_app_runs_as(homes):
    from datetime import date, timedelta

    a, b, tool = homes
    settle(a, b, tool)
    b.add_attempt("one")
    b.sync()
    tool.everywhere()
    a.sync()  # on Thu 26 Nov by the real clock
    # Run as Fri 20 Nov (--date) on the same real day: it came in "today", not on Thu 26 Nov.
    same_day = home_lines(a.config, today=date(2026, 11, 20), now=a.clock())[0]
    assert same_day.startswith("Today, from the other home: 1 attempt.") and "26 Nov" not in same_day
    # Two real days later, run as Fri 20 Nov: it came in two days before the app's date.
    later = home_lines(a.config, today=date(2026, 11, 20), now=a.clock() + timedelta(days=2))[0]
    assert later == ("On Wed 18 Nov, from the other home: 1 attempt. The other home last wrote on Wed 18 Nov "
                     "(read here on Wed 18 Nov).")
    yesterday = home_lines(a.config, today=TODAY, now=a.clock() + timedelta(days=1))[0]
    assert yesterday.startswith("Yesterday, from the other home: 1 attempt.") and "last wrote yesterday" in yesterday


def test_what_came_in_is_listed_in_date_order(homes):
    from datetime import date

    a, b, tool = homes
    settle(a, b, tool)
    days = [date(2026, 11, d) for d in (24, 18, 25, 19, 23, 20)]
    for n, day in enumerate(days):
        b.add_attempt(f"morning {n}", on=day)
    b.sync()
    tool.everywhere()
    result = a.sync()
    added = dict(result.arrivals[0].report)["Added from the other computer"]
    said = [line.rsplit(" on ", 1)[1] for line in added]
    assert said == [f"{d:%a} {d.day} {d:%b %Y}" for d in sorted(days)]


def test_the_words_for_childrens_records_and_versions_kept_aside():
    from reintegrate.sync.words import child_text, counts_text, kept_aside_line

    assert child_text(ChildChange("Zoë", False, ("plan", "ladder"))) == "changes to Zoë's ladder and plan dates"
    assert child_text(ChildChange("Zoë", False, ("settings",))) == "a change to Zoë's planner settings"
    assert counts_text({"students": 1, "attempts": 2}) == "1 change to a child's record, 2 attempts"  # an older state
    assert counts_text({"attempts": 1}, [ChildChange("Sam", True)]) == "a new child: Sam, 1 attempt"
    assert kept_aside_line(0) == ""
    assert kept_aside_line(3) == "3 versions kept aside: press K in the school log to see them."
