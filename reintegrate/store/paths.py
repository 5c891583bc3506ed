"""Where the family's data lives. Every path the app uses comes from here."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reintegrate"
DATA_FILE_NAME = "reintegrate.json"


def default_data_file() -> Path:
    """The data file in the platform's user data folder (~/.local/share on Linux).

    `REINTEGRATE_DATA` overrides it, which keeps tests and demos away from real records.
    """
    override = os.environ.get("REINTEGRATE_DATA")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DATA_FILE_NAME


def backup_dir(data_file: Path) -> Path:
    """Backups sit beside the file they protect, so restoring is one copy away."""
    return data_file.parent / f"{data_file.stem}-backups"


def lock_file(data_file: Path) -> Path:
    return data_file.with_name(f".{data_file.name}.lock")


def today_file(data_file: Path) -> Path:
    """Today's words for the next few days, worked out from this exact file: the app's
    first paint (`screens.today_cache`). As private as the file; never a record."""
    return data_file.with_name(f".{data_file.name}.today")


def config_dir() -> Path:
    """The user's config folder (~/.config/reintegrate on Linux): how the app behaves,
    never the family's records. `REINTEGRATE_CONFIG` overrides it, which keeps tests
    away from a real one."""
    override = os.environ.get("REINTEGRATE_CONFIG")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)
