"""What this computer keeps for sync, in its config folder (`store.paths.config_dir`,
`REINTEGRATE_CONFIG` in tests), each file owner-only (folder 0700, files 0600):

- `household.key`: the household key, an age identity file (comments, then
  `AGE-SECRET-KEY-1...`), so `age -d -i household.key FILE.age` opens a home's file;
- `home-id`: this computer's home id, random, made the first time it is needed;
- `sync.json`: the settings: the shared folder, and the data file sync was set up for
  (only that file is synced: a demo or another `--data` file never is);
- `sync-state.json`: what came in from each other home (by kind of record, and the
  children whose records changed, by name) and when it last wrote, and what this home
  last wrote (so an unchanged file is not written again).

Every file is read as hostile, our own too: a regular file, not a link, owned by this
user, bounded in size, every field checked. A bad settings or key file is a plain
`SyncNotReady`; a bad state file is forgotten (it only remembers what came in).

Asking whether sync is set up (`read_settings`) loads nothing more than the store's own
file helpers: the app asks at every start, and pyrage loads only when a sync runs.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from reintegrate.store.files import make_private_dirs
from reintegrate.store.paths import config_dir
from reintegrate.store.storage import atomic_write
from reintegrate.sync.words import PART_WORDS, ChildChange

KEY_FILE = "household.key"
HOME_ID_FILE = "home-id"
SETTINGS_FILE = "sync.json"
STATE_FILE = "sync-state.json"
SETTINGS_FORMAT = "reintegrate-sync"
STATE_FORMAT = "reintegrate-sync-state"

MAX_SMALL = 16 * 1024  # the key, the home id, the settings
MAX_STATE = 256 * 1024  # a line per other home and per file in the folder
MAX_PATH = 4096
MAX_HOMES = 64  # other homes (and copies of their files) remembered
MAX_CHILDREN = 20  # children's records remembered as brought by one home's last sync

HOME_ID = re.compile(r"[0-9a-f]{16}")


class SyncNotReady(Exception):
    """Sync is not set up here, or what it keeps cannot be used; the message says what to do."""


def config_folder(config: Path | None) -> Path:
    """Where this computer keeps its sync files: `config`, else the user's config folder."""
    return config if config is not None else config_dir()


# --- reading and writing, owner-only ---------------------------------------------------


def read_kept(path: Path, limit: int) -> bytes | None:
    """The bytes of `path` (None: not there). SyncNotReady if it is not a regular file of
    this user's of at most `limit` bytes: never follows a link, never waits on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SyncNotReady(f"{path} cannot be read ({'a link' if path.is_symlink() else exc.strerror or exc}).") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SyncNotReady(f"{path} is not a regular file.")
        if info.st_uid != os.getuid():
            raise SyncNotReady(f"{path} belongs to another user.")
        raw = os.read(fd, limit + 1)
        if len(raw) > limit:
            raise SyncNotReady(f"{path} is larger than it can be ({limit // 1024} KB).")
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.fchmod(fd, 0o600)  # ours, but readable by others: made owner-only again
        return raw
    except OSError as exc:
        raise SyncNotReady(f"{path} cannot be read ({exc.strerror or exc}).") from None
    finally:
        os.close(fd)


def write_kept(path: Path, raw: bytes) -> None:
    """Write `path` atomically, owner-only, in an owner-only folder. OSError on failure."""
    make_private_dirs(path.parent)
    os.chmod(path.parent, 0o700)
    atomic_write(path, raw)  # its temporary is created 0600, so the file is too


def _json_object(raw: bytes) -> dict | None:
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) else None


# --- the household key ----------------------------------------------------------------


def key_text(identity: str, now: datetime) -> str:
    """The household key as an age identity file, which the `age` tool reads with -i."""
    from reintegrate import agefile

    return (f"# reintegrate household key, made {now:%Y-%m-%dT%H:%M:%SZ}: it opens every home's file.\n"
            f"# public key: {agefile.recipient_of(identity)}\n{identity}\n")


def identity_in(raw: bytes) -> str:
    """The identity an identity file holds; agefile.BadKey if none, or more than one."""
    from reintegrate import agefile

    try:
        lines = [line.strip() for line in raw.decode("ascii").splitlines()]
    except UnicodeDecodeError:
        raise agefile.BadKey("The household key is not an age key.") from None
    keys = [line for line in lines if line and not line.startswith("#")]
    if len(keys) != 1:
        raise agefile.BadKey("The household key is not an age key.")
    agefile.recipient_of(keys[0])  # BadKey unless it is one
    return keys[0]


def keep_key(identity: str, now: datetime, config: Path | None = None) -> None:
    write_kept(config_folder(config) / KEY_FILE, key_text(identity, now).encode("ascii"))


def household_key(config: Path | None = None) -> str:
    from reintegrate import agefile

    path = config_folder(config) / KEY_FILE
    raw = read_kept(path, MAX_SMALL)
    if raw is None:
        raise SyncNotReady(f"There is no household key in {path.parent}. "
                           "Run 'reintegrate sync join FOLDER' to fetch it from the shared folder.")
    try:
        return identity_in(raw)
    except agefile.BadKey:
        raise SyncNotReady(f"{path} does not hold a household key. Move it away and run "
                           "'reintegrate sync join FOLDER' to fetch the key again.") from None


def kept_key_or_none(config: Path | None = None) -> str | None:
    try:
        return household_key(config)
    except SyncNotReady:
        return None


# --- this home ------------------------------------------------------------------------


def home_id(config: Path | None = None) -> str:
    """This computer's home id, made (and kept) the first time it is asked for; a kept
    one that is not 16 hexadecimal digits is replaced."""
    path = config_folder(config) / HOME_ID_FILE
    try:
        raw = read_kept(path, MAX_SMALL)
    except SyncNotReady:
        raw = None  # replaced below: the rename replaces a link, never writes through it
    text = raw.decode("ascii", "replace").strip() if raw else ""
    if HOME_ID.fullmatch(text):
        return text
    made = secrets.token_hex(8)
    write_kept(path, made.encode("ascii") + b"\n")
    return made


# --- the settings ---------------------------------------------------------------------


@dataclass(frozen=True)
class SyncSettings:
    folder: Path  # the shared folder
    data_file: Path  # the data file synced through it


def _absolute(value: object) -> Path | None:
    if not isinstance(value, str) or not value or len(value) > MAX_PATH or "\x00" in value:
        return None
    path = Path(value)
    return path if path.is_absolute() else None


def read_settings(config: Path | None = None) -> SyncSettings | None:
    """The settings (None: sync is not set up here). SyncNotReady if they cannot be read."""
    path = config_folder(config) / SETTINGS_FILE
    raw = read_kept(path, MAX_SMALL)
    if raw is None:
        return None
    document = _json_object(raw) or {}
    folder, data_file = _absolute(document.get("folder")), _absolute(document.get("data_file"))
    if document.get("format") != SETTINGS_FORMAT or folder is None or data_file is None:
        raise SyncNotReady(f"The sync settings in {path} are not in the form this app writes. "
                           "Move the file away and run 'reintegrate sync join FOLDER' again.")
    return SyncSettings(folder, data_file)


def keep_settings(settings: SyncSettings, config: Path | None = None) -> None:
    document = {"format": SETTINGS_FORMAT, "version": 1, "folder": str(settings.folder),
                "data_file": str(settings.data_file)}
    write_kept(config_folder(config) / SETTINGS_FILE, json.dumps(document, indent=2).encode("utf-8") + b"\n")


# --- what came in ---------------------------------------------------------------------


@dataclass
class HomeSeen:
    """What is remembered of one other home: when it last wrote (by its own clock, as
    its file says), when it was last merged here, and what the last merge that brought
    anything brought (`came_in`: kind of record -> how many, `came_on`: when)."""

    wrote_at: datetime | None = None
    merged_at: datetime | None = None
    came_in: dict[str, int] = field(default_factory=dict)
    came_on: datetime | None = None
    children: list[ChildChange] = field(default_factory=list)  # the children's records it brought


@dataclass
class SyncState:
    homes: dict[str, HomeSeen] = field(default_factory=dict)
    # File name -> SHA-256 of the bytes last merged from it (the app reads a file again
    # only when it changed).
    merged_files: dict[str, str] = field(default_factory=dict)
    # What this home last wrote: the data file's SHA-256, and the written file's size and
    # modification time (written again only when one of them changed).
    written: dict[str, object] = field(default_factory=dict)


def _when(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _stamp(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _counts(value: object) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in list(value.items())[:20]
            if isinstance(k, str) and len(k) < 40 and isinstance(v, int) and not isinstance(v, bool) and 0 < v < 10**9}


def _children(value: object) -> list[ChildChange]:
    if not isinstance(value, list):
        return []
    found = []
    for item in value[:MAX_CHILDREN]:
        if not isinstance(item, dict):
            continue
        name, new, parts = item.get("name"), item.get("new"), item.get("parts")
        if isinstance(name, str) and 0 < len(name) <= 200 and isinstance(new, bool) and isinstance(parts, list):
            found.append(ChildChange(name, new, tuple(p for p in parts if isinstance(p, str) and p in PART_WORDS)))
    return found


def read_state(config: Path | None = None) -> SyncState:
    """What was remembered; an unreadable or strange file is simply forgotten."""
    try:
        raw = read_kept(config_folder(config) / STATE_FILE, MAX_STATE)
    except SyncNotReady:
        return SyncState()
    document = _json_object(raw or b"") or {}
    if document.get("format") != STATE_FORMAT:
        return SyncState()
    state = SyncState()
    homes = document.get("homes")
    for home, seen in (list(homes.items())[:MAX_HOMES] if isinstance(homes, dict) else []):
        if HOME_ID.fullmatch(str(home)) and isinstance(seen, dict):
            state.homes[home] = HomeSeen(_when(seen.get("wrote_at")), _when(seen.get("merged_at")),
                                         _counts(seen.get("came_in")), _when(seen.get("came_on")),
                                         _children(seen.get("children")))
    files = document.get("merged_files")
    for name, digest in (list(files.items())[:MAX_HOMES * 4] if isinstance(files, dict) else []):
        if isinstance(name, str) and len(name) <= 255 and isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest):
            state.merged_files[name] = digest
    written = document.get("written")
    if isinstance(written, dict):
        state.written = {k: written[k] for k in ("data_key", "size", "mtime_ns")
                         if isinstance(written.get(k), (str, int)) and not isinstance(written.get(k), bool)}
    return state


def keep_state(state: SyncState, config: Path | None = None) -> None:
    document = {
        "format": STATE_FORMAT, "version": 1,
        "homes": {home: {"wrote_at": _stamp(seen.wrote_at), "merged_at": _stamp(seen.merged_at),
                         "came_in": seen.came_in, "came_on": _stamp(seen.came_on),
                         "children": [{"name": c.name, "new": c.new, "parts": list(c.parts)} for c in seen.children]}
                  for home, seen in sorted(state.homes.items())[:MAX_HOMES]},
        "merged_files": dict(sorted(state.merged_files.items())[:MAX_HOMES * 4]),
        "written": state.written,
    }
    write_kept(config_folder(config) / STATE_FILE, json.dumps(document, indent=2).encode("utf-8") + b"\n")
