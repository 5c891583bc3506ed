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
as the data file: written atomically, mode 0600, in the data file's own folder, only by
the process holding the writer's lock (or the child it forked to work Today out).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

from reintegrate import __version__
from reintegrate.store.paths import today_file
from screens.today_view import ProposalText, TodayView

FORMAT = 1
DAYS_AHEAD = 7  # today and the next seven days: the mornings until the records change


def content_key(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _stamp(key: str) -> dict:
    return {"format": FORMAT, "version": __version__, "file": key}


def kept_view(data_file: Path, key: str, today: date) -> TodayView | None:
    """The view kept for `today` from a file with these bytes (`key`), or None."""
    try:
        with open(today_file(data_file), "rb") as kept:
            document = json.loads(kept.read())
        if any(document.get(name) != value for name, value in _stamp(key).items()):
            return None
        fields = document["views"].get(today.isoformat())
        if fields is None:
            return None
        return view_from(fields)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


# Records keep no control characters but line breaks and tabs (`reintegrate.models.base`).
CONTROL = frozenset(map(chr, [*range(0x20), *range(0x7F, 0xA0)])) - {"\n", "\t"}


def _only_words(value: object) -> bool:
    """Strings without control characters, flags, and lists of them: nothing else (a
    file changed by hand is not drawn, and never writes an escape code to the terminal)."""
    if isinstance(value, str):
        return CONTROL.isdisjoint(value)
    if isinstance(value, bool):
        return True
    if isinstance(value, dict):
        return all(_only_words(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(_only_words(v) for v in value)
    return False


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
    today_file(data_file).unlink(missing_ok=True)


def days_from(today: date) -> list[date]:
    return [today + timedelta(days=n) for n in range(DAYS_AHEAD + 1)]


def view_from(fields: dict | None) -> TodayView | None:
    """A view from its JSON fields (`dataclasses.asdict`); None for null, or for
    anything but plain strings without control characters and flags."""
    if fields is None or not _only_words(fields):
        return None
    proposal = fields["proposal"]
    return TodayView(**{
        **fields,
        "overdue": tuple(fields["overdue"]),
        "step": tuple(fields["step"]),
        "attempts": tuple(tuple(row) for row in fields["attempts"]),
        "proposal": ProposalText(**{**proposal, "lines": tuple(tuple(line) for line in proposal["lines"])}),
    })
