"""Today's words, kept for the next mornings: the first paint without reading a record.

Whenever the app has the records open (after it opens them, after every save) it works
out Today for the next days with `screens.today_text.today_view`, the one function Today
is drawn from, and keeps those views beside the data file (`.NAME.today`, owner-only),
keyed by the SHA-256 of the file's exact bytes and this version of reintegrate. The
next `reintegrate` hashes the file (milliseconds) and, if the bytes are the same and
the day is one of those kept, draws Today from them at once; the records are opened
right after the first paint, as always, and Today is drawn again if they say anything
else. Any other file, day or version, or a kept file that cannot be read, is simply
not used: Today is then worked out beside the app (`screens.launch`).

It holds the words Today shows (a child's name, steps, the plan), so it is as private
as the data file: written atomically, mode 0600, in the data file's own folder, by
the process holding the writer's lock (or the child it forked to work Today out).
It is also keyed by the shipped content Today's words come from (`SHIPPED`), so a
changed table of supports is never shown stale.

Anyone able to write in that folder can put something else there, so it is read
only if it is a small regular file of this user's, readable by nobody else (opened
without following a link or waiting on a pipe, then checked on the descriptor),
nested no deeper than a kept view is, and every field is checked for what it must
be: words without control characters, flags, lines and rows of the right length and
number, class names, attempt ids once each. Anything else is ignored (and replaced
the next time Today is kept); a folder in its place is ignored too. What it holds is
drawn as text, never as markup.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import asdict, fields
from datetime import date, timedelta
from pathlib import Path

from reintegrate import __version__
from reintegrate.store.paths import today_file
from screens.today_view import ProposalText, TodayView

FORMAT = 1
DAYS_AHEAD = 7  # today and the next seven days: the mornings until the records change

# The shipped files Today's words are worked out from, besides the records: a kept
# view is used only with the very bytes it was worked out with.
SHIPPED = (("why", "supports.json"),)

# Bounds of a kept file: eight days of Today are some 25 KB, six levels deep.
MAX_BYTES = 1 << 20
MAX_DEPTH = 8
MAX_ITEMS = 200  # lines, rows, sentences in one view
MAX_CHARS = 10_000  # in one sentence


def content_key(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def shipped_key() -> str:
    """The SHA-256 of the shipped files in `SHIPPED` (empty bytes for one missing)."""
    from reintegrate.resources import data_file

    digest = hashlib.sha256()
    for parts in SHIPPED:
        try:
            raw = data_file(*parts).read_bytes()
        except OSError:
            raw = b""
        digest.update(hashlib.sha256(raw).digest())
    return digest.hexdigest()


def _stamp(key: str) -> dict:
    return {"format": FORMAT, "version": __version__, "file": key, "shipped": shipped_key()}


def kept_view(data_file: Path, key: str, today: date) -> TodayView | None:
    """The view kept for `today` from a file with these bytes (`key`), or None: for
    anything but a kept file of this user's holding exactly such a view."""
    raw = read_kept(today_file(data_file))
    if raw is None or not nested_at_most(raw, MAX_DEPTH):
        return None
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or not isinstance(document.get("views"), dict):
        return None
    if any(document.get(name) != value for name, value in _stamp(key).items()):
        return None
    return view_from(document["views"].get(today.isoformat()))


def read_kept(path: Path) -> bytes | None:
    """The bytes of the kept file at `path` if it is a regular file of this user's
    that nobody else may read or write, of at most MAX_BYTES, else None. Opened
    without following a link and without waiting (a pipe would block until written
    to), then checked on the descriptor, so what is checked is what is read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or found.st_nlink != 1 or found.st_size > MAX_BYTES:
            return None
        if stat.S_IMODE(found.st_mode) & 0o077 or (hasattr(os, "geteuid") and found.st_uid != os.geteuid()):
            return None
        chunks, size = [], 0
        while chunk := os.read(fd, MAX_BYTES + 1 - size):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BYTES:
                return None
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


# For measuring nesting: every byte but brackets and quotes dropped, once escaped
# backslashes and quotes are gone, then every string (brackets inside it are words).
_DROPPED = bytes(sorted(set(range(256)) - set(b'[]{}"')))
_STRINGS = re.compile(rb'"[^"]*"')
_INNERMOST = re.compile(rb"\[\]|\{\}")


def nested_at_most(raw: bytes, depth: int) -> bool:
    """Are the arrays and objects of the JSON text `raw` nested at most `depth` deep
    (and their brackets balanced)? Worked out without parsing, so that a file of a
    hundred thousand '[' never reaches the parser."""
    marks = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _DROPPED)
    brackets = _STRINGS.sub(b"", marks)
    for _ in range(depth):
        if not brackets:
            return True
        brackets, removed = _INNERMOST.subn(b"", brackets)
        if not removed:
            return False
    return not brackets


# Records keep no control characters but line breaks and tabs (`reintegrate.models.base`).
CONTROL = frozenset(map(chr, [*range(0x20), *range(0x7F, 0xA0)])) - {"\n", "\t"}
# The classes a proposal line is drawn with: words of lowercase letters and hyphens.
LINE_CLASSES = re.compile(r"[a-z][a-z-]{0,39}( [a-z][a-z-]{0,39}){0,3}")
VIEW_FIELDS = frozenset(f.name for f in fields(TodayView))
PROPOSAL_FIELDS = frozenset(f.name for f in fields(ProposalText))


class NotAView(ValueError):
    """A kept or answered view that is not exactly what `today_view` makes."""


def _text(value: object) -> str:
    """Words: a string without control characters (an escape code is never written
    to the terminal), of a sentence's length."""
    if not isinstance(value, str) or len(value) > MAX_CHARS or not CONTROL.isdisjoint(value):
        raise NotAView
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise NotAView
    return value


def _texts(value: object, most: int = MAX_ITEMS) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > most:
        raise NotAView
    return tuple(_text(item) for item in value)


def _rows(value: object, width: int) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise NotAView
    rows = tuple(_texts(row, width) for row in value)
    if any(len(row) != width for row in rows):
        raise NotAView
    return rows


def _proposal(value: object) -> ProposalText:
    if not isinstance(value, dict) or set(value) != PROPOSAL_FIELDS:
        raise NotAView
    lines = _rows(value["lines"], 2)
    if not all(LINE_CLASSES.fullmatch(classes) for classes, _ in lines):
        raise NotAView
    return ProposalText(title=_text(value["title"]), lines=lines,  # type: ignore[arg-type]
                        can_accept=_flag(value["can_accept"]), can_override=_flag(value["can_override"]))


def keep_views(data_file: Path, key: str, views: dict[date, TodayView]) -> None:
    """Keep `views` for the file whose bytes have the SHA-256 `key`, replacing what was
    kept. A failure is not a problem anyone needs to hear about: nothing is lost."""
    document = {**_stamp(key), "views": {day.isoformat(): asdict(view) for day, view in views.items()}}
    import tempfile

    target = today_file(data_file)
    try:
        fd, temporary = tempfile.mkstemp(prefix=f"{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(document, out, ensure_ascii=False)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def forget_views(data_file: Path) -> None:
    """Remove what was kept (the file was found damaged). Whatever is in its place
    (a folder, a file that cannot be removed) is left: it is never used, and the
    damage is what needs saying."""
    try:
        today_file(data_file).unlink(missing_ok=True)
    except OSError:
        pass


def days_from(today: date) -> list[date]:
    return [today + timedelta(days=n) for n in range(DAYS_AHEAD + 1)]


def view_from(document: object) -> TodayView | None:
    """A view from its JSON fields (`dataclasses.asdict`), each checked for what it
    must be; None for null, and for anything else."""
    if not isinstance(document, dict) or set(document) != VIEW_FIELDS:
        return None
    try:
        attempts = _rows(document["attempts"], 5)
        if len({row[0] for row in attempts}) != len(attempts):
            raise NotAView  # a table row per attempt id
        return TodayView(
            title=_text(document["title"]),
            date_line=_text(document["date_line"]),
            school_day=_text(document["school_day"]),
            recorded=_text(document["recorded"]),
            overdue=_texts(document["overdue"]),
            can_follow_up=_flag(document["can_follow_up"]),
            card_title=_text(document["card_title"]),
            step=_texts(document["step"], 4),
            home=_text(document["home"]),
            proposal=_proposal(document["proposal"]),
            matched=_text(document["matched"]),
            attempts=attempts,  # type: ignore[arg-type]
        )
    except NotAView:
        return None
