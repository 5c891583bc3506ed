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

The file is read before the app starts, from a folder anyone may have put anything in,
so it is read as untrusted: only a regular file (not a link, a FIFO or a device: opened
with O_NOFOLLOW|O_NONBLOCK and checked with fstat), at most MAX_BYTES, nested at most
MAX_NESTING deep and naming at most MAX_IDS bindings, or not at all. Each key must look
like a key name ("ctrl+r", "f1", "R", "question_mark"). Ids and keys from the file are
put in messages only through `shown`: a control character in an id is drawn as a
visible symbol, never written to the terminal as an escape sequence.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reintegrate.store.paths import config_dir

KEYMAP_FILE_NAME = "keymap.toml"
APP_SCOPE = "app"

# A keymap names each of the app's few hundred bindings at most once, a line each.
MAX_BYTES = 32 * 1024
MAX_LINE = 400  # characters on a line that is not a comment
MAX_NESTING = 8  # open brackets and braces, and dots in a key, at once: "b.c = [['d']]" is 3
MAX_IDS = 500
MAX_KEYS = 8  # keys for one binding
MAX_KEY_LENGTH = 40  # "ctrl+shift+left_square_bracket" is 30
# A key Textual can name: modifiers, then a key name or one printable character.
KEY_NAME = re.compile(r"(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*(?:[a-z][a-z0-9_]{0,30}|[^\s,+\x00-\x1f\x7f-\x9f])")
SHOWN_LENGTH = 60
SHOWN_PROBLEMS = 10  # in one notice; then how many more


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


def shown(text: str, limit: int = SHOWN_LENGTH) -> str:
    """`text` from the file, safe to put on the screen: each control character as its
    visible symbol (ESC as '␛'), anything else that is not printable (a direction
    override, a line separator) as '?', and cut to `limit` characters."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return "".join(c if c.isprintable() else _symbol(c) for c in cut)


def _symbol(character: str) -> str:
    code = ord(character)
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "?"


def first_problems(problems: list[str], limit: int = SHOWN_PROBLEMS) -> list[str]:
    """The first `limit` problems and how many more: a notice a family can read."""
    if len(problems) <= limit:
        return problems
    more = len(problems) - limit
    return [*problems[:limit], f"And {more} more {'problem' if more == 1 else 'problems'} in the file."]


def read_keymap(path: Path) -> KeymapFile:
    """The keys `path` asks for; a missing file asks for nothing and is no problem."""
    where = shown(str(path), 200)
    raw, problem = _read_small_file(path)
    if raw is None:
        return KeymapFile(path, problems=[f"{where} {problem}; default keys are used."] if problem else [])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return KeymapFile(path, problems=[f"{where} is not valid TOML (not UTF-8 text); default keys are used."])
    too_much = _too_complex(text)
    if too_much:
        return KeymapFile(path, problems=[f"{where} {too_much}; default keys are used."])
    import tomllib  # only when there is a keymap file: most families have none

    try:
        document = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        return KeymapFile(path, problems=[f"{where} is not valid TOML ({shown(str(exc), 120)}); default keys are used."])
    found = list(_flatten(document))
    if len(found) > MAX_IDS:
        return KeymapFile(path, problems=[f"{where} names {len(found)} bindings, more than the {MAX_IDS} a keymap "
                                          "can have; default keys are used."])
    keys: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in found:
        chosen = _key_list(value)
        if chosen is None:
            problems.append(f"'{shown(binding_id)}' should be a key such as \"ctrl+r\", or a list of keys; "
                            "it is ignored.")
        else:
            keys[binding_id] = chosen
    return KeymapFile(path, keys, problems)


def _read_small_file(path: Path) -> tuple[bytes | None, str]:
    """The bytes of `path` if it is a regular file of at most MAX_BYTES, else None and
    why not ("" for a file that is not there). Never follows a link, never waits: a
    FIFO opens at once without a writer, and is refused by what fstat says it is."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None, ""
    except OSError as exc:
        if path.is_symlink():
            return None, "is a link; a keymap is read only from a file of its own"
        return None, f"could not be read ({shown(exc.strerror or str(exc))})"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, "is not a regular file"
        if info.st_size > MAX_BYTES:
            return None, f"is larger than a keymap can be ({MAX_BYTES // 1024} KB)"
        raw = os.read(fd, MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:  # grown since fstat
            return None, f"is larger than a keymap can be ({MAX_BYTES // 1024} KB)"
        return raw, ""
    except OSError as exc:
        return None, f"could not be read ({shown(exc.strerror or str(exc))})"
    finally:
        os.close(fd)


def _too_complex(text: str) -> str:
    """Why `text` is not read as TOML at all ("" when it can be): a line too long, or
    brackets, braces and dotted keys nested too deep. Parsing either takes the TOML
    reader time that grows with the square of the depth, or more stack than it has."""
    for line in text.splitlines():
        if len(line) > MAX_LINE and not line.lstrip().startswith("#"):
            return f"has a line longer than {MAX_LINE} characters"
    if _nesting(text) > MAX_NESTING:
        return f"nests tables or lists more than {MAX_NESTING} deep"
    return ""


_STRING = re.compile(r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*', re.S)


def _nesting(text: str) -> int:
    """The deepest the TOML in `text` nests: open brackets and braces, plus the dots of
    a dotted key on the same line. Strings and comments are skipped; a string left
    open counts to the end (the TOML reader refuses it anyway)."""
    depth = deepest = dots = 0
    for piece in _STRING.split(text):
        for character in piece:
            if character in "[{":
                depth += 1
            elif character in "]}":
                depth = max(depth - 1, 0)
            elif character == ".":
                dots += 1
            elif character == "\n":
                dots = 0
            deepest = max(deepest, depth + dots)
    return deepest


def _flatten(table: Mapping[str, object], prefix: str = "") -> Iterator[tuple[str, object]]:
    for name, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", value


def _key_list(value: object) -> str | None:
    parts = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else None
    if parts is None or not 0 < len(parts) <= MAX_KEYS or not all(isinstance(part, str) for part in parts):
        return None
    keys = [part.strip() for part in parts]
    if not all(len(key) <= MAX_KEY_LENGTH and KEY_NAME.fullmatch(key) and key.isprintable() for key in keys):
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
            problems.append(f"There is no binding '{shown(binding_id)}'; it is ignored.{hint}")
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
            names = " and ".join(f"'{shown(i)}'" for i in pair)
            problems.append(f"{names} are both on the key {shown(key)}: only one of them can work.")
    return problems
