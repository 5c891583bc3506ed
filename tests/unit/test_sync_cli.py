"""`reintegrate sync setup|join|now|status` on two real data files, two config folders
and one shared folder (the sync tool's part played by the test: here both homes see
the same folder). Passphrases cost a second each (scrypt): one flow uses three."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reintegrate import agefile
from reintegrate.cli import main
from reintegrate.store import Store
from reintegrate.sync import kept
from tests.sync_homes import CHILD, TODAY, household_of


def run(capsys, monkeypatch, config: Path, *argv: str):
    monkeypatch.setenv("REINTEGRATE_CONFIG", str(config))
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "unexpected problem" not in out + err
    return code, out, err


def add_attempt(path: Path, note: str) -> None:
    from reintegrate.models import Attempt, Outcome

    with Store.open(path) as store:
        student = store.students()[0]
        step = student.ladder.current
        store.put(Attempt(student_id=student.id, on=TODAY, step_id=step.id, step_title=step.title,
                          planned_minutes=step.planned_minutes, outcome=Outcome.partial, minutes_managed=3, notes=note))


def notes(path: Path) -> set[str]:
    with Store.open(path, read_only=True) as store:
        return {a.notes for s in store.students() for a in store.attempts(s.id)}


def test_two_homes_set_up_join_and_reach_the_same_records_with_one_sync_now_each(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "Sync"
    folder.mkdir()
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    config_a, config_b = tmp_path / "config-a", tmp_path / "config-b"
    with Store.open(first) as store:
        store.replace_all(household_of())
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("correct horse battery staple\n")
    wrong = tmp_path / "wrong"
    wrong.write_text("incorrect horse\n")

    code, out, err = run(capsys, monkeypatch, config_a, "--data", str(first), "sync", "setup", str(folder),
                         "--passphrase-file", str(passphrase))
    assert code == 0, err
    assert "Sync is set up" in out and "sync join" in out
    assert sorted(os.listdir(folder)) == sorted(["household.key.age", f"{kept.home_id(config_a)}.reintegrate.age"])

    listing = sorted(os.listdir(folder))
    code, out, err = run(capsys, monkeypatch, config_b, "--data", str(second), "sync", "join", str(folder),
                         "--passphrase-file", str(wrong))
    assert code == 1
    assert "That passphrase does not open" in err and "Nothing was written" in err
    assert not config_b.exists() and not second.exists() and sorted(os.listdir(folder)) == listing

    code, out, err = run(capsys, monkeypatch, config_b, "--data", str(second), "sync", "join", str(folder),
                         "--passphrase-file", str(passphrase))
    assert code == 0, err
    assert "From " in out and f"a new child: {CHILD}" in out and "1 student" not in out
    assert kept.household_key(config_a) == kept.household_key(config_b)

    add_attempt(first, "first home's morning")
    add_attempt(second, "second home's morning")
    assert run(capsys, monkeypatch, config_a, "--data", str(first), "sync", "now")[0] == 0
    code, out, err = run(capsys, monkeypatch, config_b, "--data", str(second), "sync", "now")
    assert code == 0 and "1 attempt" in out
    code, out, err = run(capsys, monkeypatch, config_a, "--data", str(first), "sync", "now")
    assert code == 0 and "1 attempt" in out
    assert notes(first) == notes(second) == {"first home's morning", "second home's morning"}

    code, out, err = run(capsys, monkeypatch, config_a, "--data", str(first), "sync", "status")
    assert code == 0 and f"Shared folder: {folder}" in out
    assert "Today, from the other home: 1 attempt." in out and "The other home last wrote today" in out

    for name in os.listdir(folder):  # grep the folder for the child's name
        raw = (folder / name).read_bytes()
        assert CHILD.encode() not in raw and b"morning" not in raw and raw.startswith(agefile.AGE_HEADER)

    code, out, err = run(capsys, monkeypatch, config_b, "--data", str(first), "sync", "now")
    assert code == 1 and "set up for the data file" in err


def test_setup_refuses_a_folder_that_already_holds_a_households_key(tmp_path, capsys, monkeypatch):
    (tmp_path / "Sync").mkdir()
    (tmp_path / "Sync" / "household.key.age").write_bytes(b"age-encryption.org/v1\n")
    code, out, err = run(capsys, monkeypatch, tmp_path / "config", "--data", str(tmp_path / "f.json"),
                         "sync", "setup", str(tmp_path / "Sync"), "--passphrase-file", "/nonexistent")
    assert code == 1 and "already holds a household's key" in err and "sync join" in err
    assert not (tmp_path / "f.json").exists()


def test_sync_without_setup_or_with_a_missing_folder_says_what_to_do(tmp_path, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, tmp_path / "config", "--data", str(tmp_path / "f.json"), "sync", "now")
    assert code == 1 and "Sync is not set up on this computer" in err
    code, out, err = run(capsys, monkeypatch, tmp_path / "config", "--data", str(tmp_path / "f.json"), "sync", "status")
    assert code == 1 and "sync setup FOLDER" in err
    code, out, err = run(capsys, monkeypatch, tmp_path / "config", "sync", "join", str(tmp_path / "nowhere"))
    assert code == 1 and "There is no folder" in err
    code, out, err = run(capsys, monkeypatch, tmp_path / "config", "sync", "now", "--demo")
    assert code == 2 and "never synced" in err


def test_passphrases_that_differ_or_no_terminal_write_nothing(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "Sync"
    folder.mkdir()
    answers = iter(["one passphrase", "another"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("reintegrate.cli.passphrase.has_terminal", lambda: True)
    args = ("--data", str(tmp_path / "f.json"), "sync", "setup", str(folder))
    code, out, err = run(capsys, monkeypatch, tmp_path / "config", *args)
    assert code == 1 and "The two passphrases were not the same, so nothing was written." in err
    monkeypatch.setattr("reintegrate.cli.passphrase.has_terminal", lambda: False)
    code, out, err = run(capsys, monkeypatch, tmp_path / "config", *args)
    assert code == 1 and "--passphrase-file" in err
    (tmp_path / "short").write_text("sam2016\n")
    code, out, err = run(capsys, monkeypatch, tmp_path / "config", *args, "--passphrase-file", str(tmp_path / "short"))
    assert code == 1 and "at least 10 characters" in err and "Nothing was written" in err
    assert os.listdir(folder) == [] and not (tmp_path / "config").exists() and not (tmp_path / "f.json").exists()


def test_sync_now_takes_the_writers_lock_and_writes_nothing_while_the_app_has_the_file(tmp_path, capsys, monkeypatch):
    from reintegrate.store.files import data_path
    from reintegrate.sync.kept import SyncSettings, keep_key, keep_settings

    folder, config, path = tmp_path / "Sync", tmp_path / "config", tmp_path / "f.json"
    folder.mkdir()
    with Store.open(path) as store:
        store.replace_all(household_of())
    keep_key(agefile.new_identity(), store.clock(), config)
    keep_settings(SyncSettings(folder, data_path(path)), config)
    with Store.open(path):  # the app has it open
        code, out, err = run(capsys, monkeypatch, config, "--data", str(path), "sync", "now")
    assert code == 1 and "already open in another reintegrate window" in err
    assert os.listdir(folder) == []
    assert run(capsys, monkeypatch, config, "--data", str(path), "sync", "now")[0] == 0
    assert len(os.listdir(folder)) == 1


@pytest.mark.parametrize("action", ["setup", "join"])
def test_a_passphrase_file_that_is_not_one_is_refused_plainly(tmp_path, capsys, monkeypatch, action):
    folder = tmp_path / "Sync"
    folder.mkdir()
    if action == "join":
        (folder / "household.key.age").write_bytes(b"age-encryption.org/v1\n")
    os.mkfifo(tmp_path / "fifo")
    code, out, err = run(capsys, monkeypatch, tmp_path / "config", "--data", str(tmp_path / "f.json"), "sync", action,
                         str(folder), "--passphrase-file", str(tmp_path / "fifo"))
    assert code == 1 and "not a regular file" in err and "Nothing was written" in err
    assert not (tmp_path / "f.json").exists()


def test_sync_now_says_which_files_it_skipped_and_still_writes_this_homes(tmp_path, capsys, monkeypatch):
    from reintegrate.store.files import data_path
    from reintegrate.sync.kept import SyncSettings, keep_key, keep_settings

    folder, config, path = tmp_path / "Sync", tmp_path / "config", tmp_path / "f.json"
    folder.mkdir()
    with Store.open(path) as store:
        store.replace_all(household_of())
    identity = agefile.new_identity()
    keep_key(identity, store.clock(), config)
    keep_settings(SyncSettings(folder, data_path(path)), config)
    whole = agefile.encrypt_to(b'{"format": "reintegrate-export"}' * 3000, identity)
    (folder / "0123456789abcdef.reintegrate.age").write_bytes(whole[: len(whole) // 2])
    (folder / ".0123456789abcdef.reintegrate.age.syncthing.tmp").write_bytes(b"")
    code, out, err = run(capsys, monkeypatch, config, "--data", str(path), "sync", "now")
    assert code == 0
    assert "0123456789abcdef.reintegrate.age is cut short or damaged" in err
    assert "still being written by the sync tool" in err
    assert "Wrote this home's file" in out
    code, out, err = run(capsys, monkeypatch, config, "--data", str(path), "sync", "status")
    assert "No other home's file has been read yet." in out


def _homes_after_a_conflict(tmp_path):
    """Two homes that both changed one attempt, the later change the other home's, with
    the clock of today (as `sync status` reads the real clock)."""
    from datetime import UTC, datetime

    from tests.sync_homes import Clock, Home, SyncTool

    identity, clock = agefile.new_identity(), Clock(datetime.now(UTC))
    a, b = Home(tmp_path, "a", identity, clock, household_of()), Home(tmp_path, "b", identity, clock)
    tool = SyncTool(a, b)
    first = a.add_attempt("the morning")
    a.sync()
    tool.carry(a, b)
    b.sync()
    a.change_notes(first.id, "Mum: tired but went in")
    b.change_notes(first.id, "Dad: calm once inside")  # later
    b.sync()
    tool.carry(b, a)
    return a, b, tool


def test_sync_status_says_versions_are_kept_aside_and_how_to_see_them(tmp_path, capsys, monkeypatch):
    from reintegrate.sync.words import kept_aside_line

    a, b, tool = _homes_after_a_conflict(tmp_path)
    code, out, err = run(capsys, monkeypatch, a.config, "--data", str(a.data), "sync", "now")
    assert code == 0 and "kept aside" in out and "press K" in out
    code, out, err = run(capsys, monkeypatch, a.config, "--data", str(a.data), "sync", "status")
    assert code == 0 and kept_aside_line(1) in out
    assert kept_aside_line(1) == "1 version kept aside: press K in the school log to see it."


def test_sync_status_says_days_from_the_date_it_runs_as(tmp_path, capsys, monkeypatch):
    from datetime import date

    a, b, tool = _homes_after_a_conflict(tmp_path)
    assert run(capsys, monkeypatch, a.config, "--data", str(a.data), "sync", "now")[0] == 0
    code, out, err = run(capsys, monkeypatch, a.config, "--data", str(a.data), "--date", "2026-11-20", "sync",
                         "status")
    real = date.today()
    assert code == 0 and "Today, from the other home: 1 attempt." in out and "last wrote today" in out
    assert f"{real:%a} {real.day} {real:%b}" not in out, "the real calendar's date is not said"


def test_sync_now_into_a_closed_pipe_is_not_a_failed_sync(tmp_path):
    """`sync now | head`: the reader goes; the merge is written, and no failure is said."""
    import subprocess
    import sys

    a, b, tool = _homes_after_a_conflict(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["REINTEGRATE_CONFIG"] = str(a.config)
    child = subprocess.Popen([sys.executable, "-m", "reintegrate", "--data", str(a.data), "sync", "now"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=Path(__file__).parents[2])
    child.stdout.close()  # the reader has gone before anything is printed
    err = child.stderr.read().decode()
    child.wait(timeout=120)
    assert "could not finish" not in err and "Broken pipe" not in err and "Traceback" not in err
    assert "Dad: calm once inside" in a.notes().values(), "the merge was written"
