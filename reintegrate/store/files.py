"""The files around the data file: the writer's lock, leftover temporaries, private
folders, the path itself, and the one way anything else (a letter, a report, an export)
is written to disk."""

from __future__ import annotations

import errno
import glob
import logging
import os
import shlex
import stat
from pathlib import Path

from reintegrate.store.atomic import atomic_write, reason
from reintegrate.store.errors import DataFileLocked, DataFileUnreadable, StoreError
from reintegrate.store.paths import backup_dir, lock_file

log = logging.getLogger(__name__)


# --- the writer's lock -------------------------------------------------------------------


def data_path(path: Path) -> Path:
    """The data file's absolute path, through any symlink; StoreError if it cannot be one."""
    path = Path(path).expanduser().absolute()
    check_data_path(path)
    # Through a symlink, the lock would sit beside the link rather than the file
    # (two windows could both write) and the rename would replace the link itself
    # with a plain file, leaving the real file behind.
    return path.resolve()


def lock_for_writing(path: Path) -> int:
    """Make the data folder if need be and take the writer's lock; its file descriptor."""
    try:
        make_private_dirs(path.parent)
        if not os.access(path.parent, os.W_OK | os.X_OK):
            # Every save writes a new file beside the old one. Say so now, not
            # after a parent has typed a whole record that cannot be saved.
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return _take_lock(path)
    except OSError as exc:
        raise StoreError(f"The data folder {path.parent} cannot be used: {reason(exc)}.") from None



def _take_lock(path: Path) -> int:
    """Lock `.NAME.lock` beside the data file; the descriptor holds the lock.

    The lock is on the file the descriptor points at, so it protects only while that
    file is still the one at the lock's path: a lock file replaced or removed under
    the holder would let a second writer in. Checked here after locking (the file may
    have been swapped between open and lock) and by the holder before every save.
    """
    import fcntl

    where = lock_file(path)
    for _ in range(5):
        fd = os.open(where, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise DataFileLocked(path) from None
        except BaseException:
            os.close(fd)
            raise
        if lock_still_held(path, fd):
            return fd
        os.close(fd)
    raise DataFileLocked(path)


def lock_still_held(path: Path, fd: int) -> bool:
    """Is the file locked through `fd` still the lock file at its path?"""
    try:
        here = os.stat(lock_file(path), follow_symlinks=False)
    except OSError:
        return False
    held = os.fstat(fd)
    return (here.st_dev, here.st_ino) == (held.st_dev, held.st_ino)


class LockLost(StoreError):
    def __init__(self, path: Path):
        super().__init__(
            f"Nothing was saved: the lock file beside {path} was replaced or removed by another "
            "program while reintegrate had the data file open, so another writer may have changed "
            "it since. Close reintegrate and open it again; what the other writer saved will then "
            "be shown, and nothing of it is lost."
        )


def _remove_stale_temporaries(path: Path) -> None:
    """Delete temporaries left by a save that was killed before its rename.

    Each is a whole copy of the family's records; with the lock held no other writer
    can be using them. Called only by the writer, after taking the lock. Tidying up
    never stops the app: a failure here is only logged.
    """
    try:
        stale = [*path.parent.glob(f".{glob.escape(path.name)}.*.tmp")]
        folder = backup_dir(path)
        if folder.is_dir():
            stale += folder.glob(f".{glob.escape(path.stem)}.*.json.*.tmp")
        for leftover in stale:
            leftover.unlink()
    except OSError as exc:
        log.warning("Could not remove leftover temporary files beside %s: %s", path, reason(exc))


def file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- folders and the data path -------------------------------------------------------------


def make_private_dirs(folder: Path) -> None:
    """Create `folder` and any missing parents, each readable only by its owner.

    `Path.mkdir(parents=True)` gives the parents the umask's mode: under umask 000,
    ~/.local/share would be writable by every account on the computer.
    """
    missing = []
    current = Path(folder)
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for each in reversed(missing):
        try:
            os.mkdir(each, 0o700)
        except FileExistsError:
            pass


def check_data_path(path: Path) -> None:
    """StoreError if the data path is a symbolic link that leads nowhere or in a loop.

    Following a dangling link would create folders and a new, empty data file wherever
    it points, before the family had answered a single question; a loop has no file at
    all. Either way: say what the path is and change nothing.
    """
    path = Path(path).expanduser().absolute()
    for each in (*reversed(path.parents), path):
        if not os.path.islink(each):
            continue
        try:
            os.stat(each)
        except OSError as exc:
            where = " is" if each == path else f" is in {each}, which is"
            if exc.errno == errno.ELOOP:
                what = "a symbolic link that leads round in a loop, so there is no file there to open"
            elif exc.errno == errno.ENOENT:
                what = f"a symbolic link to {os.readlink(each)}, which does not exist"
            else:
                continue  # a permission problem: reading the file says so
            raise StoreError(
                f"The data file {path}{where} {what}. Nothing was changed. "
                "If the records have moved, point the link at them or choose the file with "
                "--data; to start afresh, remove the link."
            ) from None


def check_single_name(path: Path, links: int) -> None:
    if links > 1:
        raise StoreError(
            f"The data file {path} has {links} names on this disk (hard links). Two copies of "
            "reintegrate could open it under different names and each would overwrite the "
            "other's records. Nothing was changed. Keep one name: find the others with "
            f"'find ~ -samefile {shlex.quote(str(path))}' and remove them."
        )


def unreadable(path: Path) -> DataFileUnreadable:
    """The message for a data file whose permissions keep its owner out (mode 000)."""
    try:
        info = os.stat(path)
    except OSError:
        return DataFileUnreadable(
            f"The data file {path} cannot be read: the permissions of a folder on the way to it "
            f"do not let you in. Nothing has been changed. Check them with 'ls -ld {shlex.quote(str(path.parent))}'."
        )
    shown = stat.filemode(info.st_mode)
    if info.st_uid != os.getuid():
        fix = (f"It belongs to another account (user id {info.st_uid}): log in as that account, "
               "or ask its owner to give you a copy.")
    else:
        fix = ("It is your file: make it readable and writable by you alone, then open it again:\n"
               f"    chmod 600 {shlex.quote(str(path))}")
    return DataFileUnreadable(
        f"The data file {path} cannot be read: its permissions ({shown}) do not allow you to "
        f"read it. Nothing has been changed; the records in it are still there. {fix}"
    )


# --- letters, reports and exports ---------------------------------------------------------


class OutputRefused(ValueError):
    """The chosen file must not be written; the message says why."""


class OutputExists(OutputRefused):
    """The chosen file exists and replacing it was not asked for."""


def output_problem(target: Path, data_file: Path | None) -> str | None:
    """Why `target` must never be written to, or None.

    The data file, its lock, its temporaries, its backups and its conflicts file belong
    to the store, and so do the locks, conflicts files and backups of any other data
    file: a report written over a lock lets a second writer in; over the newest backup,
    it destroys the one copy that rescues a damaged file; over the conflicts file, the
    versions a merge kept aside.
    """
    target = Path(target).expanduser().absolute()
    if os.path.isdir(target):
        return f"{target} is a folder: add a file name."
    try:
        places = {target.parent.resolve() / target.name, target.resolve()}
    except (OSError, RuntimeError):
        return f"{target} cannot be used: a symbolic link on the way to it leads nowhere."
    for place in places:
        # Any data file's own files, whichever data file this command has open: a lock
        # replaced lets a second writer into that file; the conflicts file holds the
        # only copy of the versions a merge did not keep.
        name = place.name
        if name.startswith(".") and name.endswith((".lock", ".today", ".tmp")):
            return (f"{target} is one of a reintegrate data file's own files (a lock, the words kept for "
                    "Today or a save under way); choose another name.")
        if name.endswith(_CONFLICTS):
            return (f"{target} is where reintegrate keeps the versions a merge did not keep (the conflicts "
                    "file); choose another name.")
        folder = place.parent.name
        if folder.endswith(_BACKUPS) and name.startswith(folder.removesuffix(_BACKUPS) + "."):
            return f"{target} is a backup of a reintegrate data file; choose a file somewhere else."
    if data_file is None:
        return None
    try:
        data = Path(data_file).expanduser().resolve()
    except (OSError, RuntimeError):
        return f"{target} cannot be used: a symbolic link on the way to it leads nowhere."
    backups = backup_dir(data)
    for place in places:
        if place == data or _same_file(place, data):
            return f"{target} is the data file itself; choose another name."
        if place == lock_file(data):
            return f"{target} is the data file's lock; choose another name."
        if place == backups or backups in place.parents:
            return f"{target} is in the data file's backups folder; choose a file somewhere else."
        if place.parent == data.parent and place.name.startswith(f".{data.name}."):
            return f"{target} is one of the data file's own files; choose another name."
    return None


# How the names of a data file's conflicts file and backups folder end
# (`store.conflicts.conflicts_file`, `store.paths.backup_dir`).
_CONFLICTS = "-conflicts.json"
_BACKUPS = "-backups"


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def write_private(target: Path, content: str | bytes, *, data_file: Path | None = None, replace: bool = False,
                  make_folder: bool = False) -> Path:
    """Write `content` to `target`, readable only by its owner: letters and reports hold a
    child's health details. Returns the path written. Text is written in UTF-8; bytes
    (an encrypted export) as they are.

    The one road for every file the app writes besides the data file: refused onto the
    store's own files (OutputRefused) or onto an existing file unless `replace`
    (OutputExists); written through an unpredictable temporary created exclusively,
    then renamed over (`atomic_write`), so the file appears whole and 0600 from its
    first byte and no link is ever followed. OSError for a disk problem.
    """
    target = Path(target).expanduser().absolute()
    problem = output_problem(target, data_file)
    if problem:
        raise OutputRefused(problem)
    if os.path.lexists(target) and not replace:
        raise OutputExists(f"{target} already exists.")
    if make_folder:
        make_private_dirs(target.parent)
    atomic_write(target, content.encode("utf-8") if isinstance(content, str) else bytes(content))
    return target
