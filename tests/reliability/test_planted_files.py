"""Files planted or swapped around the data file, and a second writer by another road.

Each test here failed before its fix (issue 16): `-o` over the lock or the only backup,
a lock replaced under the app, a hard link giving one file two locks, a predictable
temporary planted as a link, repeated keys read silently, a bad record deep in the file
passed by `status`, a dangling link followed, parents created world-writable, a demo
folder left behind, and `-o` replacing a file without asking.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from households import CHILD_WORDS, TODAY, make_attempt, make_student

from reintegrate.cli import main
from reintegrate.cli.commands import DEMO_PREFIX, remove_stale_demos, write_demo
from reintegrate.store import DataFileDamaged, Store, StoreError
from reintegrate.store.conflicts import conflicts_file
from reintegrate.store.files import LockLost, OutputExists, OutputRefused, write_private
from reintegrate.store.paths import backup_dir, lock_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_real_data(tmp_path, monkeypatch):
    monkeypatch.setenv("REINTEGRATE_DATA", str(tmp_path / "never-used" / "real.json"))


@pytest.fixture
def data(tmp_path) -> Path:
    """A data file with a backup beside it (written by the second session's first save)."""
    path = tmp_path / "family" / "reintegrate.json"
    student = make_student()
    with Store.open(path, today=TODAY) as store:
        store.put(student)
    with Store.open(path, today=TODAY) as store:
        store.put(make_attempt(student))
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def state(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix != ".lock"}


# --- 3. a second writer by another road ---------------------------------------------------


def test_o_never_writes_over_the_data_file_its_lock_or_its_backups(capsys, data):
    [backup] = backup_dir(data).iterdir()
    before = state(data.parent)
    targets = [data, lock_file(data), backup, backup_dir(data), backup_dir(data) / "new.md",
               data.with_name(f".{data.name}.abc.tmp"), data.parent / ".." / data.parent.name / data.name]
    for target in targets:
        for command in (["export"], ["export", "--format", "md"], ["letter", "request_meeting"]):
            code, out, err = run(capsys, *command, "--data", str(data), "-o", str(target), "--force")
            assert code == 1, (command, target)
            assert str(Path(target).name) in err or "folder" in err
    assert state(data.parent) == before


def test_o_force_never_replaces_the_conflicts_file_or_another_data_files_own_files(capsys, data):
    # The conflicts file holds the only copy of the versions a merge did not keep; the
    # lock of another data file in the same folder, held by its open app, lets a second
    # writer into that file once replaced; its backups rescue it.
    conflicts = conflicts_file(data)
    conflicts.write_text('{"kept": "the only copy"}')
    other = data.with_name("other.json")
    with Store.open(other, today=TODAY) as store:
        store.put(make_student())
    with Store.open(other, today=TODAY) as store:
        store.put(make_student())  # its day's backup
    [other_backup] = backup_dir(other).iterdir()
    other_conflicts = conflicts_file(other)
    other_conflicts.write_text("{}")
    holder = Store.open(other, today=TODAY)  # its app is open: the lock is held
    try:
        before = state(data.parent)
        held = os.stat(lock_file(other)).st_ino
        targets = [conflicts, lock_file(other), other_conflicts, other_backup, data.with_name(".other.json.today")]
        for target in targets:
            for command in (["export"], ["export", "--format", "md"], ["letter", "request_meeting"]):
                code, _, err = run(capsys, *command, "--data", str(data), "-o", str(target), "--force")
                assert code == 1, (command, target)
                assert "choose" in err, err
        assert state(data.parent) == before
        assert os.stat(lock_file(other)).st_ino == held
        holder.put(make_student())  # the lock is still the holder's
    finally:
        holder.close()


def test_a_lock_replaced_under_the_writer_stops_its_next_save(data):
    # Was: `export -o .NAME.lock` replaced the lock; `letter --log` then got in, and the
    # app's next save silently dropped the contact it had logged.
    with Store.open(data, today=TODAY) as store:
        student = store.students()[0]
        planted = data.with_name("planted")
        planted.write_bytes(b"")
        os.replace(planted, lock_file(data))
        with Store.open(data, today=TODAY) as other:  # the second writer gets in...
            other.put(make_attempt(student, notes="logged by the other writer"))
        saved = data.read_bytes()
        with pytest.raises(LockLost) as caught:  # ...and the first one notices
            store.put(make_attempt(student, notes="from the app"))
        assert "replaced or removed by another program" in str(caught.value)
        assert data.read_bytes() == saved
    with Store.open(data, today=TODAY) as store:
        assert any(a.notes == "logged by the other writer" for a in store.attempts(student.id))


def test_a_removed_lock_stops_the_next_save_too(data):
    with Store.open(data, today=TODAY) as store:
        lock_file(data).unlink()
        with pytest.raises(LockLost):
            store.put(make_attempt(store.students()[0]))


def test_a_data_file_with_two_names_is_refused(capsys, data):
    other = data.with_name("second-name.json")
    os.link(data, other)
    before = state(data.parent)
    for path in (data, other):
        with pytest.raises(StoreError) as caught:
            Store.open(path, today=TODAY)
        assert "2 names on this disk (hard links)" in str(caught.value)
        assert f"find ~ -samefile {path}" in str(caught.value)
    code, _, err = run(capsys, "status", "--data", str(other))
    assert code == 1 and "hard links" in err
    assert state(data.parent) == before


# --- 4. planted temporaries ----------------------------------------------------------------


def test_a_temporary_planted_as_a_link_is_never_followed(capsys, data, tmp_path):
    # Was: `.NAME.PID.tmp`, opened without O_EXCL or O_NOFOLLOW: another account could
    # plant it as a link and have the records written into a file of its choosing.
    victim = tmp_path / "victim"
    victim.write_bytes(b"not yours")
    report = tmp_path / "report.md"
    for pid in range(os.getpid() - 3, os.getpid() + 4):
        for name in (f".{data.name}.{pid}.tmp", f".{report.name}.{pid}.tmp"):
            folder = data.parent if name.startswith(f".{data.name}") else report.parent
            (folder / name).symlink_to(victim)
    with Store.open(data, today=TODAY) as store:
        store.put(make_attempt(store.students()[0]))
    code, _, err = run(capsys, "export", "--format", "md", "--data", str(data), "-o", str(report))
    assert code == 0, err
    assert victim.read_bytes() == b"not yours"
    assert stat.S_IMODE(report.lstat().st_mode) == 0o600 and not report.is_symlink()
    assert Store.open(data, read_only=True).students()


def test_temporaries_have_unpredictable_names_and_stale_ones_are_still_removed(data, monkeypatch):
    names = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (names.append(Path(a).name), real_replace(a, b))[1])
    with Store.open(data, today=TODAY) as store:
        store.put(make_attempt(store.students()[0]))
        store.put(make_attempt(store.students()[0]))
    monkeypatch.undo()
    assert len(set(names)) == len(names) and not any(str(os.getpid()) in n for n in names)
    # A save killed before its rename leaves one: the next writer removes it.
    fd, leftover = tempfile.mkstemp(prefix=f".{data.name}.", suffix=".tmp", dir=data.parent)
    os.close(fd)
    Store.open(data, today=TODAY).close()
    assert not Path(leftover).exists()


# --- 5. repeated keys ----------------------------------------------------------------------


def test_a_key_written_twice_is_damage_named_by_the_key(data):
    raw = data.read_bytes().decode()
    twice = raw.replace('"outcome":', '"notes":"first","notes":"second","outcome":', 1)
    data.write_text(twice)
    with pytest.raises(DataFileDamaged) as caught:
        Store.open(data, today=TODAY)
    assert "the key 'notes' appears twice in one record" in str(caught.value)
    # Two records under one document number: the earlier would be lost at the next save.
    tables = json.loads(raw)
    attempt = json.dumps(tables["attempts"]["1"])
    data.write_text(raw.replace('"attempts":{"1":', f'"attempts":{{"1":{attempt},"1":', 1))
    with pytest.raises(DataFileDamaged) as caught:
        Store.open(data, read_only=True)
    assert "the key '1' appears twice" in str(caught.value)
    assert data.read_text() != raw  # left exactly as it was, damage and all


def test_a_key_written_twice_is_found_before_any_write_when_the_app_opens_fast(data):
    """The app opens with `verify=False` (the first paint does not wait for the search
    for repeated keys); the search runs with the rest of the checks, after the paint and
    before any save, and nothing is written over the damage."""
    raw = data.read_bytes().decode()
    twice = raw.replace('"outcome":', '"notes":"first","notes":"second","outcome":', 1)
    data.write_text(twice)
    with Store.open(data, today=TODAY, verify=False) as store:
        student = store.students()[0]
        with pytest.raises(DataFileDamaged) as caught:
            store.put(make_attempt(student, TODAY))
        assert "the key 'notes' appears twice in one record" in str(caught.value)
        with pytest.raises(DataFileDamaged):
            store.verify()
    assert data.read_text() == twice


# --- 6. every command refuses what the app refuses -----------------------------------------


def test_a_bad_record_deep_in_the_file_fails_status_and_is_named_by_kind_date_and_id(capsys, data):
    student = make_student()
    with Store.open(data, today=TODAY) as store:
        student = store.students()[0]
        store.put_many([make_attempt(student, notes=f"n{n}") for n in range(1800)])
    tables = json.loads(data.read_bytes())
    key, bad = list(tables["attempts"].items())[1771]
    bad["distress_peak"] = 11
    data.write_text(json.dumps(tables))
    for command in (["status"], ["status", "--json"], ["export"], ["letter", "request_meeting"]):
        code, out, err = run(capsys, *command, "--data", str(data))
        assert code == 1, command
        assert f"the attempt of {bad['on']} with id '{bad['id']}' is not valid" in err
        assert "record 1771" not in err and CHILD_WORDS not in err


# --- 7. a data path that is a link to nowhere ----------------------------------------------


@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_a_link_to_nowhere_is_named_and_nothing_is_created(capsys, tmp_path, kind):
    link = tmp_path / "reintegrate.json"
    elsewhere = tmp_path / "elsewhere" / "deeper" / "reintegrate.json"
    link.symlink_to(link if kind == "loop" else elsewhere)
    before = sorted(tmp_path.rglob("*"))
    messages = set()
    for argv in (["status"], ["--date", "2026-11-02"], ["export"], ["letter", "request_meeting", "--log"]):
        code, _, err = run(capsys, *argv, "--data", str(link))
        assert code == 1, argv
        messages.add(err)
    assert len(messages) == 1, messages  # the same words from the app and every command
    [message] = messages
    assert f"The data file {link} is a symbolic link" in message and "Nothing was changed" in message
    assert sorted(tmp_path.rglob("*")) == before and link.is_symlink()


# --- 9. folders the app creates ------------------------------------------------------------


def test_folders_created_under_umask_000_are_never_writable_by_others(tmp_path, data):
    old = os.umask(0)
    try:
        deep = tmp_path / "home" / ".local" / "share" / "reintegrate" / "reintegrate.json"
        Store.open(deep, today=TODAY).close()
        letter = write_private(tmp_path / "home" / "a" / "letters" / "x.md", "text", make_folder=True)
    finally:
        os.umask(old)
    for folder in (*deep.parents, *letter.parents):
        if tmp_path in folder.parents:
            assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0, folder
    assert stat.S_IMODE(letter.stat().st_mode) == 0o600


# --- 10. the demo's temporary folder -------------------------------------------------------

HOLD_DEMO = """
import argparse, sys, time
from datetime import date
from reintegrate.cli.commands import _data_file
args = argparse.Namespace(demo=True, data=None)
with _data_file(args, date(2026, 11, 2)) as path:
    print(path.parent, flush=True)
    time.sleep(60)
"""


def _start_demo(tmp: Path) -> tuple[subprocess.Popen, Path]:
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", HOLD_DEMO], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, env=env, text=True)
    folder = Path(process.stdout.readline().strip())
    assert folder.is_dir() and folder.name.startswith(DEMO_PREFIX)
    return process, folder


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_the_demo_folder_goes_when_reintegrate_is_ended(tmp_path, signum):
    process, folder = _start_demo(tmp_path)
    process.send_signal(signum)
    assert process.wait(timeout=30) == -signum  # it still ends as the signal asks
    assert not folder.exists()


def test_a_demo_folder_left_by_sigkill_is_removed_at_the_next_start(tmp_path, monkeypatch):
    process, folder = _start_demo(tmp_path)
    running, other = _start_demo(tmp_path)
    process.kill()
    process.wait(timeout=30)
    assert folder.exists()
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    try:
        remove_stale_demos()
    finally:
        running.kill()
        running.wait(timeout=30)
    assert not folder.exists()
    assert other.exists()  # another demo still running keeps its own


# --- 11. -o replaces a file only when asked -------------------------------------------------


def test_o_replaces_an_existing_file_only_with_force(capsys, data, tmp_path):
    target = tmp_path / "mine.md"
    for command in (["export", "--format", "md"], ["export"], ["letter", "request_meeting"]):
        target.write_text("keep me")
        code, _, err = run(capsys, *command, "--data", str(data), "-o", str(target))
        assert code == 1 and "already exists" in err and "--force" in err
        assert target.read_text() == "keep me"
        code, _, err = run(capsys, *command, "--data", str(data), "-o", str(target), "--force")
        assert code == 0, err
        assert target.read_text() != "keep me"


def test_letter_log_with_a_refused_output_logs_nothing(capsys, data, tmp_path):
    target = tmp_path / "mine.md"
    target.write_text("keep me")
    before = data.read_bytes()
    code, _, err = run(capsys, "letter", "request_meeting", "--log", "--data", str(data), "-o", str(target))
    assert code == 1 and data.read_bytes() == before


# --- one write_private ----------------------------------------------------------------------


def test_write_private_is_the_one_guarded_road(data, tmp_path):
    with pytest.raises(OutputRefused):
        write_private(lock_file(data), "x", data_file=data, replace=True)
    target = tmp_path / "r.md"
    target.write_text("old")
    target.chmod(0o644)
    with pytest.raises(OutputExists):
        write_private(target, "new", data_file=data)
    assert write_private(target, "new", data_file=data, replace=True) == target
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o600


def test_demo_and_write_demo_still_work(tmp_path):
    path = tmp_path / "demo.json"
    write_demo(path, TODAY)
    assert Store.open(path, read_only=True).students()
    time.sleep(0)
