"""Keys a family can change: `keymap.toml` in the user's config folder.

The file maps binding ids (every key binding in the app has one, such as
`today.record`) to keys, and the app hands it to Textual's keymap support at start:

    # ~/.config/reintegrate/keymap.toml
    "today.record" = "ctrl+r"          # a quoted id
    [schedule]
    calendar = "k"                     # a table names the screen: schedule.calendar
    [app]
    help = ["f1", "question_mark"]     # several keys

A mistake in the file never stops the app: unreadable parts are skipped, and every
problem is reported in words (`KeymapFile.problems`, and `check_keymap` for ids that
do not exist and keys that clash once the file is applied).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reintegrate.store.paths import config_dir

KEYMAP_FILE_NAME = "keymap.toml"
APP_SCOPE = "app"


@dataclass(frozen=True)
class KeymapFile:
    """What a keymap file asks for: binding id -> keys ("ctrl+r" or "r,ctrl+r")."""

    path: Path
    keys: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class KnownBinding:
    """A binding the app has: where it applies (APP_SCOPE, or the screens that have it)
    and its default keys."""

    scopes: frozenset[str]
    keys: tuple[str, ...]
    description: str = ""


def keymap_file() -> Path:
    return config_dir() / KEYMAP_FILE_NAME


def read_keymap(path: Path) -> KeymapFile:
    """The keys `path` asks for; a missing file asks for nothing and is no problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return KeymapFile(path)
    except OSError as exc:
        return KeymapFile(path, problems=[f"{path} could not be read ({exc.strerror or exc}); default keys are used."])
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return KeymapFile(path, problems=[f"{path} is not valid TOML ({exc}); default keys are used."])
    keys: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in _flatten(document):
        found = _key_list(value)
        if found is None:
            problems.append(f"'{binding_id}' should be a key such as \"ctrl+r\", or a list of keys; it is ignored.")
        else:
            keys[binding_id] = found
    return KeymapFile(path, keys, problems)


def _flatten(table: Mapping[str, object], prefix: str = ""):
    for name, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", value


def _key_list(value: object) -> str | None:
    parts = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else None
    if parts is None or not all(isinstance(part, str) for part in parts):
        return None
    keys = [part.strip() for part in parts]
    if not keys or not all(keys) or any(" " in key for key in keys):
        return None
    return ",".join(keys)


def check_keymap(
    keys: Mapping[str, str],
    known: Mapping[str, KnownBinding],
    same_key: Callable[[str], str] = str,
) -> list[str]:
    """Problems with applying `keys` over the app's `known` bindings, in words.

    An id the app does not have is reported (with the nearest one, if any). A clash is
    two bindings on the same key where one of them is active, one at least because of
    the file: on one screen, or a screen's binding over the app's (the screen's wins, so
    the app's is lost there). `same_key` maps a key to a canonical form ("?" and
    "question_mark" are one key).
    """
    import difflib

    problems = []
    for binding_id in keys:
        if binding_id not in known:
            near = difflib.get_close_matches(binding_id, list(known), n=1)
            hint = f" Did you mean '{near[0]}'?" if near else ""
            problems.append(f"There is no binding '{binding_id}'; it is ignored.{hint}")
    effective = {
        binding_id: tuple(same_key(k) for k in (keys[binding_id].split(",") if binding_id in keys else b.keys))
        for binding_id, b in known.items()
    }
    reported: set[tuple[str, ...]] = set()
    for scope in sorted(set().union(*(b.scopes for b in known.values()))):
        ids = [i for i, b in known.items() if scope in b.scopes or APP_SCOPE in b.scopes]
        by_key: dict[str, list[str]] = {}
        for binding_id in ids:
            for key in effective[binding_id]:
                by_key.setdefault(key, []).append(binding_id)
        for key, sharing in sorted(by_key.items()):
            pair = tuple(sorted(sharing))
            if len(sharing) < 2 or pair in reported or not any(i in keys for i in sharing):
                continue
            reported.add(pair)
            names = " and ".join(f"'{i}'" for i in pair)
            problems.append(f"{names} are both on the key {key}: only one of them can work.")
    return problems
