"""The `reintegrate` command: options, launching the app, and errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from datetime import date
from pathlib import Path

import pytest

from reintegrate import __version__
from reintegrate.cli import main, write_demo
from reintegrate.demo import demo_household
from reintegrate.store import Store, file_mode
from reintegrate.store.exchange import export_document

TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def real_data(tmp_path, monkeypatch) -> Path:
    """Where the family's own file would be; no test may create or touch it."""
    path = tmp_path / "real" / "reintegrate.json"
    monkeypatch.setenv("REINTEGRATE_DATA", str(path))
    return path


class FakeApp:
    def __init__(self, calls: list, store, today, demo, keep_today, fail=None):
        self.calls, self.store, self.today, self.demo, self.fail = calls, store, today, demo, fail
        self.keep_today = keep_today
        self.return_code = 0

    def run(self):
        if self.fail:
            raise self.fail
        self.calls.append(
            {
                "path": self.store.path,
                "today": self.today,
                "demo": self.demo,
                "keep_today": self.keep_today,
                "students": [s.name for s in self.store.students()],
                "mode": file_mode(self.store.path),
                "folder_mode": file_mode(self.store.path.parent),
            }
        )


class Calls(list):
    module: types.ModuleType


@pytest.fixture
def app_calls(monkeypatch) -> Calls:
    """Stand in for screens.app, so launching is tested without a terminal."""
    calls = Calls()
    module = types.ModuleType("screens.app")
    def make_app(store, today, *, demo=False, keymap=None, keep_today=False):
        return FakeApp(calls, store, today, demo, keep_today, module.fail)

    module.make_app = make_app
    module.fail = None
    package = types.ModuleType("screens")
    package.app = module
    monkeypatch.setitem(sys.modules, "screens", package)
    monkeypatch.setitem(sys.modules, "screens.app", module)
    calls.module = module
    return calls


def run(capsys, *argv: str):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"reintegrate {__version__}"


def test_help_describes_the_commands(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for word in ("status", "export", "import", "--data", "--demo", "--date", "school refusal"):
        assert word in out
    code, out, _ = run(capsys, "export", "--help")
    assert code == 0 and "json" in out and "docs/data-format.md" in out


@pytest.mark.parametrize("bad", ["2026-02-30", "26/11/2026", "tomorrow", ""])
def test_bad_dates_are_usage_errors(capsys, bad, app_calls, real_data):
    code, out, err = run(capsys, "--date", bad)
    assert code == 2
    assert f"'{bad}' is not a date" in err and "YYYY-MM-DD" in err
    assert app_calls == [] and not real_data.exists()


def test_options_before_or_after_the_command(capsys, app_calls, tmp_path):
    path = tmp_path / "d.json"
    write_demo(path, TODAY)
    code, out, _ = run(capsys, "status", "--json", "--data", str(path), "--date", "2026-11-30")
    assert code == 0 and json.loads(out)["date"] == "2026-11-30"
    code, out, _ = run(capsys, "--date", "2026-12-01", "--data", str(path), "status", "--json")
    assert code == 0 and json.loads(out)["date"] == "2026-12-01"
    code, _, err = run(capsys, "status", "--date", "30-11-2026")
    assert code == 2 and "YYYY-MM-DD" in err


def test_unknown_command_and_conflicting_options(capsys):
    assert run(capsys, "launch")[0] == 2
    code, _, err = run(capsys, "--demo", "--data", "x.json")
    assert code == 2 and "not both" in err


def test_opens_the_app_on_the_given_date(capsys, app_calls, tmp_path):
    path = tmp_path / "family.json"
    code, _, err = run(capsys, "--data", str(path), "--date", "2026-11-30")
    assert code == 0, err
    assert app_calls == [{"path": path, "today": date(2026, 11, 30), "demo": False, "keep_today": True,
                          "students": [], "mode": 0o600, "folder_mode": file_mode(tmp_path)}]


def test_opens_the_default_file_on_today(capsys, app_calls, real_data):
    code, _, err = run(capsys)
    assert code == 0, err
    assert app_calls[0]["path"] == real_data and app_calls[0]["today"] == date.today()


def test_demo_uses_a_private_temporary_file(capsys, app_calls, real_data):
    code, _, err = run(capsys, "--demo", "--date", "2026-11-26")
    assert code == 0, err
    call = app_calls[0]
    assert call["demo"] is True and call["students"] == ["Sam"]
    assert call["keep_today"] is False, "the demo's words are not kept beside a file that goes away"
    assert call["mode"] == 0o600 and call["folder_mode"] == 0o700
    assert str(call["path"]) in err
    assert not call["path"].exists(), "the demo file goes when the app closes"
    assert not real_data.exists() and not real_data.parent.exists()


def test_damaged_file_is_reported_and_left_alone(capsys, app_calls, tmp_path):
    path = tmp_path / "family.json"
    path.write_bytes(b'{"_meta": {"1": {"schema_version": 2}}, "students": {"1": ')
    before = path.read_bytes()
    export = tmp_path / "export.json"
    export.write_text(json.dumps(export_document(demo_household(TODAY), TODAY)))
    for argv in ([], ["status"], ["export"], ["import", str(export), "--replace"]):
        code, out, err = run(capsys, *argv, "--data", str(path))
        assert code == 1, argv
        assert f"The data file {path} could not be opened" in err
        assert "Nothing has been changed" in err
    assert app_calls == [], "the app never starts on a damaged file"
    assert path.read_bytes() == before


def test_a_file_open_elsewhere_gets_a_clear_message(capsys, app_calls, tmp_path):
    path = tmp_path / "family.json"
    with Store.open(path):
        code, _, err = run(capsys, "--data", str(path))
    assert code == 1 and "already open in another reintegrate window" in err
    assert app_calls == []


def test_unexpected_failures_are_a_message_not_a_traceback(capsys, app_calls, tmp_path):
    app_calls.module.fail = RuntimeError("boom")
    code, _, err = run(capsys, "--data", str(tmp_path / "f.json"))
    assert code == 1 and "unexpected problem (RuntimeError)" in err and "REINTEGRATE_DEBUG" in err


def test_missing_user_interface_is_a_message(capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "screens.app", None)  # import fails
    code, _, err = run(capsys, "--data", str(tmp_path / "f.json"))
    assert code == 1 and "could not be loaded" in err


def test_status_in_a_fresh_interpreter_loads_no_textual_or_rich(tmp_path):
    path = tmp_path / "demo.json"
    write_demo(path, TODAY)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "reintegrate", "status", "--json",
         "--data", str(path), "--date", "2026-11-26"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["step"]["title"] == "An hour in the Hub with some work"
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")]
    assert "reintegrate.cli" in imported, "importtime output was read"
    assert not [m for m in imported if m.split(".")[0] in ("textual", "rich")]


def test_a_bad_record_of_todays_student_is_reported_before_the_app_opens(capsys, app_calls, tmp_path):
    # The app opens without checking every record (a worker does, after the first
    # paint), but the records Today shows are checked first, like the file's layout.
    path = tmp_path / "f.json"
    write_demo(path, TODAY)
    data = json.loads(path.read_bytes())
    current = data["_meta"]["1"]["current_student_id"]
    attempt = next(a for a in data["attempts"].values() if a["student_id"] == current)
    attempt["distress_peak"] = 42
    path.write_text(json.dumps(data))
    damaged = path.read_bytes()
    code, _, err = run(capsys, "--data", str(path), "--date", "2026-11-26")
    assert code == 1 and str(path) in err and "is not valid" in err
    assert app_calls == []
    assert path.read_bytes() == damaged
