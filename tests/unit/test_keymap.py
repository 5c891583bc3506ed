"""keymap.toml: binding ids mapped to keys, read without ever stopping the app."""

from __future__ import annotations

from pathlib import Path

from reintegrate.keymap import APP_SCOPE, KnownBinding, check_keymap, keymap_file, read_keymap

KNOWN = {
    "app.help": KnownBinding(frozenset({APP_SCOPE}), ("question_mark", "f1")),
    "app.quit": KnownBinding(frozenset({APP_SCOPE}), ("q",)),
    "today.record": KnownBinding(frozenset({"TodayScreen"}), ("r",)),
    "today.history": KnownBinding(frozenset({"TodayScreen"}), ("h",)),
    "schedule.more": KnownBinding(frozenset({"ScheduleScreen"}), ("plus", "equals_sign")),
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "keymap.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_file_is_in_the_config_folder_the_tests_point_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setenv("REINTEGRATE_CONFIG", str(tmp_path / "config"))
    assert keymap_file() == tmp_path / "config" / "keymap.toml"


def test_no_file_asks_for_nothing(tmp_path):
    found = read_keymap(tmp_path / "keymap.toml")
    assert found.keys == {} and found.problems == []


def test_quoted_ids_tables_and_lists_all_name_binding_ids(tmp_path):
    path = write(tmp_path, '''
"today.record" = "ctrl+r"
[schedule]
more = ["plus", " m "]
[app]
help = "f1,question_mark"
''')
    found = read_keymap(path)
    assert found.problems == []
    assert found.keys == {"today.record": "ctrl+r", "schedule.more": "plus,m", "app.help": "f1,question_mark"}


def test_values_that_are_not_keys_are_skipped_and_said(tmp_path):
    found = read_keymap(write(tmp_path, 'today.record = 5\ntoday.history = ""\napp.quit = "ctrl q"\napp.help = "f2"\n'))
    assert found.keys == {"app.help": "f2"}
    assert len(found.problems) == 3 and "'today.record' should be a key" in found.problems[0]


def test_a_file_that_is_not_toml_is_said_and_changes_nothing(tmp_path):
    found = read_keymap(write(tmp_path, "today.record = \n[[["))
    assert found.keys == {}
    assert len(found.problems) == 1 and "is not valid TOML" in found.problems[0]
    binary = tmp_path / "keymap.toml"
    binary.write_bytes(b"\xff\xfe")
    assert "is not valid TOML" in read_keymap(binary).problems[0]


def test_unknown_ids_are_reported_with_the_nearest_one():
    problems = check_keymap({"today.recrod": "x", "nothing.like.it": "y"}, KNOWN)
    assert problems == [
        "There is no binding 'today.recrod'; it is ignored. Did you mean 'today.record'?",
        "There is no binding 'nothing.like.it'; it is ignored.",
    ]


def test_clashes_on_one_screen_and_with_the_app_are_reported_once():
    assert check_keymap({"today.record": "ctrl+r"}, KNOWN) == []
    assert check_keymap({"today.record": "h"}, KNOWN) == [
        "'today.history' and 'today.record' are both on the key h: only one of them can work."]
    # A screen's binding hides the app's on that screen; "?" is "question_mark".
    same = {"?": "question_mark"}.get
    assert check_keymap({"today.record": "?"}, KNOWN, lambda k: same(k, k)) == [
        "'app.help' and 'today.record' are both on the key question_mark: only one of them can work."]
    # Keys that already shared nothing before the file are not the file's problem.
    assert check_keymap({"schedule.more": "r"}, KNOWN) == []
