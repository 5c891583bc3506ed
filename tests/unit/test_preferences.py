"""Preferences remembered between mornings (issue 11, item 18): owner-only, apart from
the records, in a folder the tests choose."""

from __future__ import annotations

import stat

from reintegrate.preferences import PREFERENCES_FILE, load_preferences, remember


def test_preferences_round_trip_owner_only(tmp_path):
    folder = tmp_path / "config"
    assert load_preferences(folder).theme is None
    remember(folder, theme="gruvbox", report_folder="/tmp/reports")
    prefs = load_preferences(folder)
    assert (prefs.theme, prefs.report_folder) == ("gruvbox", "/tmp/reports")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / PREFERENCES_FILE).stat().st_mode) == 0o600


def test_a_damaged_file_is_the_defaults(tmp_path):
    (tmp_path / PREFERENCES_FILE).write_text("{not json", encoding="utf-8")
    assert load_preferences(tmp_path).theme is None


def test_tests_never_use_the_real_config_folder(private_config):
    from reintegrate.store.paths import config_dir

    assert config_dir() == private_config
