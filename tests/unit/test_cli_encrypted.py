"""Encrypted files for the road: `export --format json --encrypt -o F.age`, read back by
`merge` and `import`, with the passphrase from --passphrase-file or typed on a terminal.

scrypt takes about a second each way, so the encrypted export is made once for the
module and the tests that open it are few. Typing on a terminal is tested for real, on a
pseudo-terminal (`pty`), in a fresh interpreter."""

from __future__ import annotations

import errno
import json
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from reintegrate import agefile
from reintegrate.cli import main, write_demo
from reintegrate.models import Attempt, Outcome
from reintegrate.store import Store
from tests.unit.cli_helpers import run

TODAY = date(2026, 11, 26)
PASSPHRASE = "a long walk to the school gate"
NOTE = "Walked to the library door, then home"  # a note only the exported copy holds


def private(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(0o600)
    return path


def records(path: Path) -> dict:
    with Store.open(path, read_only=True) as store:
        household = store.household()
    return {kind: sorted(r.model_dump_json() for r in getattr(household, kind))
            for kind in ("students", "attempts", "days", "decisions", "contacts", "barriers", "tombstones")}


@pytest.fixture(autouse=True)
def no_typing(monkeypatch, tmp_path):
    """In this process nothing may be typed: a test that would ask fails instead of waiting
    on the terminal of whoever runs the suite."""
    monkeypatch.setenv("REINTEGRATE_DATA", str(tmp_path / "real" / "reintegrate.json"))

    def refuse(prompt=""):
        raise AssertionError(f"asked on the terminal: {prompt}")

    monkeypatch.setattr("getpass.getpass", refuse)
    monkeypatch.setattr("reintegrate.cli.passphrase.has_terminal", lambda: False)


@pytest.fixture(scope="module")
def road(tmp_path_factory) -> dict[str, Path]:
    """Home A (the demo with one more attempt), home B (the demo as it was before), and
    A's export encrypted to PASSPHRASE."""
    folder = tmp_path_factory.mktemp("road")
    before = folder / "before.json"
    write_demo(before, TODAY)
    home_a = folder / "a.json"
    shutil.copy(before, home_a)
    with Store.open(home_a, today=TODAY) as store:
        student = store.students()[0]
        step = student.ladder.current
        store.put(Attempt(student_id=student.id, on=TODAY, step_id=step.id, step_title=step.title,
                          planned_minutes=step.planned_minutes, outcome=Outcome.partial, minutes_managed=4, notes=NOTE))
    secret = private(folder / "passphrase.txt", PASSPHRASE + "\n")
    sealed = folder / "sam.age"
    code = main(["--data", str(home_a), "--date", "2026-11-26", "export", "--format", "json", "--encrypt",
                 "-o", str(sealed), "--passphrase-file", str(secret)])
    assert code == 0
    return {"folder": folder, "before": before, "a": home_a, "sealed": sealed, "secret": secret}


def copy_of(road, name: str, tmp_path: Path) -> Path:
    target = tmp_path / road[name].name
    shutil.copy(road[name], target)
    return target


# --- writing -----------------------------------------------------------------------------


def test_the_encrypted_export_holds_no_plain_text_and_opens_to_the_plain_export(capsys, road):
    raw = road["sealed"].read_bytes()
    assert agefile.is_age(raw) and agefile.is_for_passphrase(raw)
    assert road["sealed"].stat().st_mode & 0o777 == 0o600
    for plain in (b"Sam", NOTE.encode(), b"stomach ache", b"reintegrate-export", b"students"):
        assert plain not in raw
    code, out, _ = run(capsys, "--data", str(road["a"]), "--date", "2026-11-26", "export", "--format", "json")
    assert code == 0
    assert json.loads(agefile.decrypt_with_passphrase(raw, PASSPHRASE)) == json.loads(out)


@pytest.mark.parametrize(
    "argv, said",
    [
        (["--format", "csv", "--encrypt", "-o", "r.age"], "a CSV comes with its notice file"),
        (["--encrypt"], "add -o FILE.age"),
        (["--encrypt", "-o", "-"], "add -o FILE.age"),
        (["-o", "sam.age"], "but --encrypt was not given"),
        (["-o", "sam.json", "--passphrase-file", "p.txt"], "--passphrase-file is for --encrypt"),
    ],
)
def test_what_cannot_be_encrypted_or_would_look_encrypted_is_refused_plainly(capsys, road, tmp_path, monkeypatch,
                                                                             argv, said):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--data", str(road["a"]), "export", *argv)
    assert code == 2 and said in err and out == ""
    assert os.listdir(tmp_path) == []


def test_a_report_for_the_therapist_is_written_encrypted_and_opens_to_the_same_page(capsys, road, tmp_path):
    sealed = tmp_path / "for-therapist.html.age"
    code, _, err = run(capsys, "--data", str(road["a"]), "--date", "2026-11-26", "export", "--format", "html",
                       "--encrypt", "-o", str(sealed), "--passphrase-file", str(road["secret"]))
    assert code == 0 and "HTML report for Sam" in err and "encrypted" in err
    raw = sealed.read_bytes()
    assert sealed.stat().st_mode & 0o777 == 0o600
    assert b"Sam" not in raw and b"<html" not in raw
    code, page, _ = run(capsys, "--data", str(road["a"]), "--date", "2026-11-26", "export", "--format", "html")
    assert code == 0
    assert agefile.decrypt_with_passphrase(raw, PASSPHRASE).decode("utf-8") == page


def test_a_passphrase_a_computer_could_guess_quickly_is_refused_before_anything_is_written(capsys, road, tmp_path):
    short = private(tmp_path / "short.txt", "sam2016\n")
    sealed = tmp_path / "sam.age"
    code, _, err = run(capsys, "--data", str(road["a"]), "export", "--encrypt", "-o", str(sealed),
                       "--passphrase-file", str(short))
    assert code == 1 and "at least 10 characters" in err and "Nothing was written" in err
    assert not sealed.exists()


def test_a_name_not_ending_in_age_is_written_encrypted_with_a_note(capsys, road, tmp_path):
    code, _, err = run(capsys, "--data", str(road["a"]), "export", "--encrypt", "-o", str(tmp_path / "sam.json"),
                       "--passphrase-file", str(road["secret"]))
    assert code == 0 and "does not end in .age" in err
    assert agefile.is_for_passphrase((tmp_path / "sam.json").read_bytes())
    code, _, err = run(capsys, "--data", str(road["a"]), "export", "--encrypt", "-o", str(road["a"]),
                       "--passphrase-file", str(road["secret"]), "--force")
    assert code == 1 and "the data file itself" in err


def test_a_fifo_as_the_passphrase_file_is_refused_at_once(capsys, road, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()
    code, _, err = run(capsys, "--data", str(road["a"]), "export", "--encrypt", "-o", str(tmp_path / "x.age"),
                       "--passphrase-file", str(fifo))
    assert code == 1 and "not a regular file" in err and "Nothing was written" in err
    assert time.monotonic() - started < 10
    assert not (tmp_path / "x.age").exists()


# --- reading -----------------------------------------------------------------------------


def test_merging_the_encrypted_export_brings_the_other_homes_records(capsys, road, tmp_path):
    home_b = copy_of(road, "before", tmp_path)
    code, out, err = run(capsys, "--data", str(home_b), "--date", "2026-11-26", "merge", str(road["sealed"]),
                         "--passphrase-file", str(road["secret"]))
    assert code == 0, err
    assert "Merged:" in out
    assert records(home_b) == records(road["a"])


def test_importing_the_encrypted_export_gives_the_same_records(capsys, road, tmp_path):
    fresh = tmp_path / "new" / "c.json"
    code, out, err = run(capsys, "--data", str(fresh), "import", str(road["sealed"]),
                         "--passphrase-file", str(road["secret"]))
    assert code == 0, err
    assert records(fresh) == records(road["a"])


def test_a_wrong_passphrase_writes_nothing_and_says_so(capsys, road, tmp_path):
    home_b = copy_of(road, "before", tmp_path)
    before = home_b.read_bytes()
    wrong = private(tmp_path / "wrong.txt", "not the passphrase\n")
    code, out, err = run(capsys, "--data", str(home_b), "merge", str(road["sealed"]), "--passphrase-file", str(wrong))
    assert code == 1 and out == ""
    assert "The passphrase does not open this file" in err and "Nothing was merged" in err
    assert home_b.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["before.json", "wrong.txt"]  # no backup, no lock


def test_a_damaged_or_household_key_file_is_said_to_be_so_without_asking(capsys, road, tmp_path):
    home_b = copy_of(road, "before", tmp_path)
    before = home_b.read_bytes()
    cut = tmp_path / "cut.age"
    cut.write_bytes(road["sealed"].read_bytes()[:40])
    code, _, err = run(capsys, "--data", str(home_b), "merge", str(cut), "--passphrase-file", str(road["secret"]))
    assert code == 1 and "cut short or damaged" in err and "Nothing was merged" in err
    keyed = tmp_path / "home.reintegrate.age"
    keyed.write_bytes(agefile.encrypt_to(b"{}", agefile.new_identity()))
    for command in ("merge", "import"):
        code, _, err = run(capsys, "--data", str(home_b), command, str(keyed))  # no_typing: nothing is asked
        assert code == 1 and "encrypted to a household key" in err
    assert home_b.read_bytes() == before


def test_an_encrypted_file_is_known_by_what_it_holds_not_its_name(capsys, road, tmp_path):
    # Named .json, it is still opened with the passphrase; named .age, a plain export is read as one.
    plain = tmp_path / "plain.age"
    code, out, _ = run(capsys, "--data", str(road["a"]), "export", "--format", "json")
    plain.write_text(out)
    code, out, err = run(capsys, "import", str(plain), "--check")
    assert code == 0 and "can be imported" in out
    disguised = tmp_path / "sam.json"
    shutil.copy(road["sealed"], disguised)
    code, _, err = run(capsys, "import", str(disguised), "--check")  # no file, no terminal in this process
    assert code == 1 and "A passphrase is needed" in err


def test_the_app_merge_road_says_an_encrypted_file_is_one(road):
    from reintegrate.store.exchange import ImportRejected, read_export_file

    with pytest.raises(ImportRejected) as caught:
        read_export_file(road["sealed"])
    assert "encrypted export" in str(caught.value) and "passphrase" in str(caught.value)


# --- on a terminal, in a fresh interpreter ------------------------------------------------


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["REINTEGRATE_DATA"] = str(tmp_path / "real" / "reintegrate.json")
    return env


def on_a_terminal(argv: list[str], answers: list[tuple[bytes, str]], env: dict[str, str],
                  timeout: float = 120) -> tuple[int, bytes]:
    """Run `argv` with a pseudo-terminal as its terminal; type each answer once its prompt
    has shown. Returns the exit code and everything the terminal showed."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execve(argv[0], argv, env)
    shown, waiting = b"", list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError as exc:  # EIO: the child has gone
                    if exc.errno != errno.EIO:
                        raise
                    break
                if not chunk:
                    break
                shown += chunk
            if waiting and waiting[0][0] in shown:
                prompt, answer = waiting.pop(0)
                shown = shown.replace(prompt, b"<" + prompt + b">", 1)  # each prompt answered once
                os.write(fd, answer.encode() + b"\r")
        else:
            os.kill(pid, 9)
            raise AssertionError(f"still running after {timeout} s; the terminal showed {shown!r}")
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown


def reintegrate(*argv: str) -> list[str]:
    return [sys.executable, "-m", "reintegrate", *argv]


def test_typed_passphrases_must_match_and_are_never_shown(road, tmp_path):
    target = tmp_path / "sam.age"
    code, shown = on_a_terminal(
        reintegrate("--data", str(road["a"]), "export", "--encrypt", "-o", str(target)),
        [(b"Choose a passphrase for sam.age:", "one thing to say"), (b"Type the same passphrase again:", "another thing")],
        _env(tmp_path),
    )
    assert code == 1, shown
    assert b"were not the same" in shown and b"one thing" not in shown and b"another thing" not in shown
    assert not target.exists()


def test_typed_twice_to_encrypt_and_once_to_merge_and_the_age_tool_opens_it(road, tmp_path):
    target = tmp_path / "sam.age"
    code, shown = on_a_terminal(
        reintegrate("--data", str(road["a"]), "export", "--encrypt", "-o", str(target)),
        [(b"Choose a passphrase", PASSPHRASE), (b"same passphrase again", PASSPHRASE)], _env(tmp_path),
    )
    assert code == 0, shown
    assert PASSPHRASE.encode() not in shown and b"encrypted with the passphrase" in shown
    home_b = copy_of(road, "before", tmp_path)
    code, shown = on_a_terminal(
        reintegrate("--data", str(home_b), "--date", "2026-11-26", "merge", str(target)),
        [(b"Passphrase for sam.age:", PASSPHRASE)], _env(tmp_path),
    )
    assert code == 0, shown
    assert shown.count(b"Passphrase for") == 1 and b"Merged:" in shown
    assert records(home_b) == records(road["a"])
    age = shutil.which("age")
    if age is None:
        pytest.skip("the Debian age tool is not installed")
    opened = tmp_path / "opened.json"
    code, shown = on_a_terminal([age, "--decrypt", "-o", str(opened), str(target)],
                                [(b"passphrase", PASSPHRASE)], _env(tmp_path))
    assert code == 0, shown
    assert json.loads(opened.read_text()) == json.loads(agefile.decrypt_with_passphrase(target.read_bytes(), PASSPHRASE))


def test_without_a_terminal_or_a_passphrase_file_it_stops_at_once(road, tmp_path):
    # A new session has no terminal; stdin stays open, so waiting on it would hang.
    target = tmp_path / "sam.age"
    for argv in (["export", "--encrypt", "-o", str(target)], ["merge", str(road["sealed"])]):
        started = time.monotonic()
        result = subprocess.run(reintegrate("--data", str(road["a"]), *argv), stdin=subprocess.PIPE,
                                capture_output=True, text=True, env=_env(tmp_path), timeout=60,
                                start_new_session=True)
        assert result.returncode == 1, result.stderr
        assert "no terminal to type it on" in result.stderr and "--passphrase-file" in result.stderr
        assert time.monotonic() - started < 30
    assert not target.exists()


# --- the passphrase module, as the sync commands use it ------------------------------------


class Typed(list):
    prompts: list[str]


@pytest.fixture
def typed(monkeypatch) -> Typed:
    """A terminal on which each prompt is answered with the next of `typed`; the
    prompts are kept in `typed.prompts`."""
    answers = Typed()
    answers.prompts = []

    def getpass(prompt=""):
        answers.prompts.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr("reintegrate.cli.passphrase.has_terminal", lambda: True)
    monkeypatch.setattr("getpass.getpass", getpass)
    return answers


def parsed(*argv: str):
    import argparse

    from reintegrate.cli.passphrase import add_passphrase_option

    parser = argparse.ArgumentParser()
    add_passphrase_option(parser, purpose="the household key")
    return parser.parse_args(list(argv))


def test_encrypting_asks_twice_and_opening_once(typed):
    from reintegrate.cli.passphrase import passphrase_for_decrypting, passphrase_for_encrypting

    typed += ["walk to school", "walk to school", "walk to school"]
    assert passphrase_for_encrypting(parsed(), "household.key.age") == "walk to school"
    assert passphrase_for_decrypting(parsed(), "household.key.age") == "walk to school"
    assert typed.prompts == ["Choose a passphrase for household.key.age: ", "Type the same passphrase again: ",
                             "Passphrase for household.key.age: "]


@pytest.mark.parametrize(
    "answers, said",
    [(["one passphrase", "two passphrases"], "were not the same"), ([""], "No passphrase was typed"), (["x" * 1025], "longer than 1024")],
)
def test_what_is_typed_wrongly_is_a_plain_failure(typed, answers, said):
    from reintegrate.cli.commands import Failure
    from reintegrate.cli.passphrase import passphrase_for_encrypting

    typed += answers
    with pytest.raises(Failure) as caught:
        passphrase_for_encrypting(parsed())
    assert said in str(caught.value) and caught.value.code == 1
    assert "one" not in str(caught.value)


def test_a_passphrase_file_is_read_instead_of_asking(tmp_path):
    from reintegrate.cli.commands import Failure
    from reintegrate.cli.passphrase import passphrase_for_decrypting, passphrase_for_encrypting

    secret = private(tmp_path / "p.txt", "walk to school\r\nsecond line\n")
    args = parsed("--passphrase-file", str(secret))
    assert passphrase_for_encrypting(args) == passphrase_for_decrypting(args) == "walk to school"
    with pytest.raises(Failure, match="Could not read the passphrase file"):
        passphrase_for_decrypting(parsed("--passphrase-file", str(tmp_path / "missing.txt")))
    with pytest.raises(Failure, match="first line .* is empty"):
        passphrase_for_decrypting(parsed("--passphrase-file", str(private(tmp_path / "e.txt", "\nx\n"))))


def test_a_short_passphrase_is_refused_before_it_is_asked_again(typed):
    from reintegrate.cli.commands import Failure
    from reintegrate.cli.passphrase import passphrase_for_encrypting

    typed += ["sam2016", "sam2016"]
    with pytest.raises(Failure, match="at least 10 characters"):
        passphrase_for_encrypting(parsed(), "household.key.age")
    assert typed.prompts == ["Choose a passphrase for household.key.age: "]


def test_on_a_terminal_a_short_passphrase_is_refused_at_the_first_prompt(road, tmp_path):
    target = tmp_path / "sam.age"
    code, shown = on_a_terminal(
        reintegrate("--data", str(road["a"]), "export", "--encrypt", "-o", str(target)),
        [(b"Choose a passphrase for sam.age:", "sam2016"), (b"Type the same passphrase again:", "sam2016")],
        _env(tmp_path),
    )
    assert code == 1, shown
    assert b"at least 10 characters" in shown and b"Type the same passphrase again" not in shown
    assert b"sam2016" not in shown and not target.exists()
