"""Small preferences remembered between mornings: the theme, the report folder.

They live in the user's config folder (platformdirs), apart from the records: losing
this file loses nothing that matters, and it never holds anything about a child.
The folder is owner-only (0700) and the file too (0600). `REINTEGRATE_CONFIG` (or
the `folder` argument) points elsewhere, which is how tests stay away from the real one.
A missing or unreadable file is simply the defaults.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from reintegrate.store.paths import config_dir

log = logging.getLogger(__name__)
PREFERENCES_FILE = "preferences.json"


@dataclass
class Preferences:
    theme: str | None = None
    report_folder: str | None = None


def load_preferences(folder: Path | None = None) -> Preferences:
    path = (folder or config_dir()) / PREFERENCES_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Preferences()
    except (OSError, ValueError) as error:
        log.warning("Preferences in %s not read (%s): using the defaults.", path, error)
        return Preferences()
    if not isinstance(data, dict):
        return Preferences()
    known = {f.name for f in fields(Preferences)}
    return Preferences(**{k: v for k, v in data.items() if k in known and (v is None or isinstance(v, str))})


def save_preferences(prefs: Preferences, folder: Path | None = None) -> None:
    """Write atomically and owner-only; a failure is logged, never raised: a preference
    that is not remembered must not get in the way of a morning."""
    folder = folder or config_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".preferences-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(asdict(prefs), out, indent=2)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp, 0o600)
            os.replace(temp, folder / PREFERENCES_FILE)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as error:
        log.warning("Preferences not saved in %s: %s", folder, error)


def remember(folder: Path | None = None, **changes: str | None) -> Preferences:
    """Load, change, save: the one way to update a preference."""
    prefs = load_preferences(folder)
    for name, value in changes.items():
        setattr(prefs, name, value)
    save_preferences(prefs, folder)
    return prefs
