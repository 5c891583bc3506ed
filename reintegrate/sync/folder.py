"""The shared folder's files, as this app writes and reads them.

    FOLDER/household.key.age          the household key, encrypted with the passphrase
    FOLDER/HOME-ID.reintegrate.age    one per home: its full export, encrypted to the key

A home writes only its own file, through a temporary name (`.NAME.XXXX.tmp`) renamed
over it, so a sync tool carries the old whole file or the new whole file, never half
of one. Everything else in the folder was put there by another computer or a sync tool,
and is read as hostile: only regular files (never through a link, never a FIFO), at
most the size of the largest export, decrypted with the household key, then checked
record by record as any export is (`store.exchange.read_export`). Each file that cannot
be used is skipped with a plain message (`Skipped`), naming the file, never a record.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reintegrate import agefile
from reintegrate.models import Household
from reintegrate.store.exchange import MAX_EXPORT_BYTES, ImportRejected, export_document, read_export
from reintegrate.store.storage import atomic_write, fsync_dir

KEY_FILE = "household.key.age"
HOME_SUFFIX = ".reintegrate.age"
MAX_KEY_FILE = 8 * 1024
# age adds a header and 16 bytes to each 64 KiB chunk: an encrypted export is a little
# larger than the export.
MAX_HOME_FILE = MAX_EXPORT_BYTES + MAX_EXPORT_BYTES // 4096 + 64 * 1024
MAX_LISTED = 10_000  # names looked at in the folder

# `HOME.reintegrate.age`, and the copies sync tools make of it when two computers
# changed it at once: `HOME.reintegrate.sync-conflict-20261207-101010-ABCDEFG.age`
# (Syncthing), `HOME.reintegrate (Sam's conflicted copy 2026-12-07).age` (Dropbox,
# Nextcloud). A copy is merged like the home's own file.
HOME_NAME = re.compile(r"(?P<home>[0-9a-f]{16})\.reintegrate(?P<copy>.{0,200})\.age")
# Names sync tools (and this app) give a file while it is still being written.
_UNFINISHED = (".tmp", ".part", ".partial", ".filepart", ".!sync", ".crdownload", ".download")


class Skipped(Exception):
    """A file in the folder that cannot be merged; the message says which and why."""


def home_file_name(home: str) -> str:
    return f"{home}{HOME_SUFFIX}"


@dataclass(frozen=True)
class HomeFile:
    """A file of another home in the folder (or a sync tool's copy of one, `copy`)."""

    path: Path
    home: str
    copy: bool


@dataclass(frozen=True)
class Listing:
    files: list[HomeFile]
    unfinished: list[str]  # the names of files still being written


def check_folder(folder: Path) -> Path:
    """The shared folder as an absolute path; OSError-free: ValueError saying what is wrong."""
    folder = Path(folder).expanduser().absolute()
    if not folder.exists():
        raise ValueError(f"There is no folder {folder}. Choose the folder your sync tool keeps in step "
                         "(Syncthing, Nextcloud, Dropbox, …); if it is on a drive, connect it first.")
    if not folder.is_dir():
        raise ValueError(f"{folder} is not a folder.")
    return folder


def list_folder(folder: Path, own_home: str) -> Listing:
    """Every other home's file and every copy of a home's file (ours too: a copy holds
    what one computer wrote, and merging it loses nothing), in name order."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for _, entry in zip(range(MAX_LISTED), entries))
    except OSError as exc:
        raise ValueError(f"The shared folder {folder} cannot be read ({exc.strerror or exc}).") from None
    files, unfinished = [], []
    own = home_file_name(own_home)
    for name in names:
        if name == own or name == KEY_FILE or not name.isprintable():
            continue  # (a name with an escape sequence is none of ours, and is never shown)
        if name.startswith((".", "~")) or name.endswith(_UNFINISHED):
            # Not said: a write of ours that was killed (removed at our next write), and the
            # `._NAME` files macOS leaves beside files on a shared drive (never finished).
            if "reintegrate" in name and not name.startswith((f".{own}.", "._")):
                unfinished.append(name)
            continue
        found = HOME_NAME.fullmatch(name)
        if found:
            files.append(HomeFile(folder / name, found["home"], bool(found["copy"])))
    return Listing(files, unfinished)


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; Skipped for anything else."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise Skipped(f"{path.name} went away while it was being read (the sync tool may be replacing it).") from None
    except OSError as exc:
        what = "a link" if path.is_symlink() else exc.strerror or str(exc)
        raise Skipped(f"{path.name} cannot be read ({what}): skipped.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Skipped(f"{path.name} is not a regular file: skipped.")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise Skipped(f"{path.name} is larger than any home's file can be: skipped.")
        return b"".join(chunks)
    except OSError as exc:
        raise Skipped(f"{path.name} cannot be read ({exc.strerror or exc}): skipped.") from None
    finally:
        os.close(fd)


# --- a home's file ----------------------------------------------------------------------


def home_document(household: Household, home: str, today, now: datetime) -> bytes:
    """What a home's file holds once decrypted: an export (`reintegrate import` reads
    it), with `sync` saying which home wrote it and when."""
    # First, so that a reader finds when it was written without parsing megabytes again.
    document = {"sync": {"home": home, "written_at": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")},
                **export_document(household, today)}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_home_file(folder: Path, home: str, plain: bytes, identity: str) -> os.stat_result:
    """Encrypt `plain` to the household key and put it in place of this home's file,
    atomically; the stat of the file written."""
    target = folder / home_file_name(home)
    for leftover in folder.glob(f".{home_file_name(home)}.*.tmp"):  # a write killed before its rename
        leftover.unlink(missing_ok=True)
    atomic_write(target, agefile.encrypt_to(plain, identity))
    return os.stat(target, follow_symlinks=False)


def read_home_file(raw: bytes, name: str, identity: str) -> tuple[Household, datetime | None]:
    """The records of a home's file, and when it says it was written; Skipped otherwise."""
    try:
        plain = agefile.decrypt_with(raw, identity)
    except agefile.NotEncrypted:
        raise Skipped(f"{name} is not encrypted, and a home's file always is: skipped, nothing read from it.") from None
    except agefile.WrongKey:
        raise Skipped(f"{name} was encrypted for another household's key: skipped, nothing read from it.") from None
    except agefile.Damaged:
        raise Skipped(f"{name} is cut short or damaged (the sync tool may still be bringing it): skipped; "
                      "it is read again at the next sync.") from None
    try:
        household = read_export(plain)
    except ImportRejected as exc:
        first = exc.problems[0] if exc.problems else ""
        raise Skipped(f"{name} is not an export this app can merge ({first}): skipped, nothing read from it.") from None
    return household, _written_at(plain)


_WRITTEN = re.compile(rb'\{"sync":\{"home":"[0-9a-f]{16}","written_at":"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"\}')


def _written_at(plain: bytes) -> datetime | None:
    """When the home's file says it was written (`home_document` puts it first)."""
    found = _WRITTEN.match(plain)
    if found is None:
        return None
    try:
        return datetime.strptime(found[1].decode("ascii"), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None


# --- the household key in the folder ---------------------------------------------------


def write_key_file(folder: Path, key_text: str, passphrase: str) -> Path:
    """FOLDER/household.key.age: the key encrypted with the passphrase. Never replaces
    one already there (FileExistsError): that is the household's key, and the homes
    that joined hold it."""
    target = folder / KEY_FILE
    raw = agefile.encrypt_with_passphrase(key_text.encode("ascii"), passphrase)
    fd, name = tempfile.mkstemp(prefix=f".{KEY_FILE}.", suffix=".tmp", dir=folder)
    try:
        try:
            os.write(fd, raw)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(name, target)  # fails if one is there: never written over
    finally:
        os.unlink(name)
    fsync_dir(folder)
    return target


def read_key_file(folder: Path) -> bytes:
    """The encrypted key; ValueError saying why it cannot be read."""
    path = folder / KEY_FILE
    if not os.path.lexists(path):
        raise ValueError(f"There is no {KEY_FILE} in {folder}. Run 'reintegrate sync setup {folder}' on the "
                         "first computer, and wait for the sync tool to bring the file here.")
    try:
        return read_bounded(path, MAX_KEY_FILE)
    except Skipped as exc:
        raise ValueError(str(exc).removesuffix(": skipped.") + ".") from None
