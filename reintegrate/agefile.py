"""Files encrypted in the age format (age-encryption.org/v1), through `pyrage`.

Records that leave this computer (a shared folder, a USB stick, a file for the
therapist) are encrypted, and encrypted in a well-kept, documented format that other
tools read too: the Debian `age` tool decrypts every file written here, so a family is
never locked in. This module is the only one that calls pyrage; nothing here is
home-made cryptography.

Two ways of encrypting are used:

- to a passphrase the parent chooses (age's scrypt recipient): an export for the road,
  and the household key kept in a shared folder (`household.key.age`);
- to the household key (an age X25519 identity, `AGE-SECRET-KEY-1...`): each home's
  file in a shared folder, readable by every computer that joined the household.

Every failure is an `AgeFileError` whose message is plain and names no record.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pyrage

# The first line of every binary age file (the format's version line).
AGE_HEADER = b"age-encryption.org/v1\n"

# A passphrase longer than this is not one anybody types; a passphrase file longer than
# this is not one (it is read before anything else is).
MAX_PASSPHRASE_CHARS = 1024


class AgeFileError(ValueError):
    """An encrypted file cannot be read, or something cannot be encrypted."""


class NotEncrypted(AgeFileError):
    """The bytes are not an age file at all."""


class WrongPassphrase(AgeFileError):
    """The passphrase does not open the file."""


class WrongKey(AgeFileError):
    """The file was encrypted for another key (another household's)."""


class Damaged(AgeFileError):
    """The file starts as an age file but is cut short or changed."""


class BadKey(AgeFileError):
    """A kept household key is not an age identity."""


def is_age(raw: bytes) -> bool:
    """Whether `raw` starts as a binary age file does."""
    return raw.startswith(AGE_HEADER)


def is_for_passphrase(raw: bytes) -> bool:
    """Whether the age file `raw` opens with a passphrase (its header names scrypt) rather
    than with a key: said before asking a family for a passphrase that cannot open it."""
    end = raw.find(b"\n--- ", 0, 4096)
    header = raw[:end] if end >= 0 else raw[:4096]
    return is_age(raw) and b"\n-> scrypt " in header


# --- passphrases ---------------------------------------------------------------------


def encrypt_with_passphrase(plain: bytes, passphrase: str) -> bytes:
    """`plain` encrypted to `passphrase` (age's scrypt recipient)."""
    _check_passphrase(passphrase)
    try:
        return pyrage.passphrase.encrypt(plain, passphrase)
    except pyrage.EncryptError as exc:  # pragma: no cover - pyrage refuses nothing we pass
        raise AgeFileError(f"The file could not be encrypted ({exc}).") from None


def decrypt_with_passphrase(raw: bytes, passphrase: str) -> bytes:
    """The plain bytes of `raw`, opened with `passphrase`.

    NotEncrypted, WrongPassphrase (also for a file encrypted to a key rather than a
    passphrase) or Damaged.
    """
    _check_passphrase(passphrase)
    _check_header(raw)
    try:
        return pyrage.passphrase.decrypt(raw, passphrase)
    except pyrage.DecryptError as exc:
        if _cut_short(exc):
            raise Damaged("The encrypted file is cut short or damaged.") from None
        raise WrongPassphrase(
            "The passphrase does not open this file. If it is the right one, the file is damaged "
            "or was encrypted for a household key rather than a passphrase."
        ) from None


def _check_passphrase(passphrase: str) -> None:
    if not passphrase:
        raise AgeFileError("The passphrase is empty.")
    if len(passphrase) > MAX_PASSPHRASE_CHARS:
        raise AgeFileError(f"The passphrase is longer than {MAX_PASSPHRASE_CHARS} characters.")


def read_passphrase_file(path: Path) -> str:
    """The passphrase held in `path`: its first line, without the line ending.

    For scripts and tests (`--passphrase-file`). Only a small regular file is read (a
    FIFO would wait for ever); AgeFileError for anything else or an empty first line.
    """
    fd = os.open(Path(path).expanduser(), os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(fd, "rb", closefd=True) as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise AgeFileError(f"{path} is not a regular file, so it holds no passphrase.")
        raw = file.read(MAX_PASSPHRASE_CHARS * 4 + 2)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise AgeFileError(f"{path} is not text in UTF-8, so it holds no passphrase.") from None
    first = text.splitlines()[0] if text else ""
    if not first:
        raise AgeFileError(f"The first line of {path} is empty: write the passphrase on it.")
    if len(first) > MAX_PASSPHRASE_CHARS:
        raise AgeFileError(f"The passphrase in {path} is longer than {MAX_PASSPHRASE_CHARS} characters.")
    return first


# --- the household key ----------------------------------------------------------------


def new_identity() -> str:
    """A new household key: an age X25519 identity, `AGE-SECRET-KEY-1...`."""
    return str(pyrage.x25519.Identity.generate())


def recipient_of(identity: str) -> str:
    """The public half of `identity` (`age1...`): what files are encrypted to."""
    return str(_identity(identity).to_public())


def encrypt_to(plain: bytes, identity: str) -> bytes:
    """`plain` encrypted to the household key `identity` (to its public half)."""
    try:
        return pyrage.encrypt(plain, [_identity(identity).to_public()])
    except pyrage.EncryptError as exc:  # pragma: no cover - pyrage refuses nothing we pass
        raise AgeFileError(f"The file could not be encrypted ({exc}).") from None


def decrypt_with(raw: bytes, identity: str) -> bytes:
    """The plain bytes of `raw`, opened with the household key `identity`.

    NotEncrypted, WrongKey (another household's file, or one encrypted to a
    passphrase) or Damaged.
    """
    key = _identity(identity)
    _check_header(raw)
    try:
        return pyrage.decrypt(raw, [key])
    except pyrage.DecryptError as exc:
        if _cut_short(exc):
            raise Damaged("The encrypted file is cut short or damaged.") from None
        if "no matching keys" in str(exc).lower():
            raise WrongKey("The file was encrypted for another key (another household's), or its header is damaged.") from None
        raise Damaged("The encrypted file is damaged.") from None


def _identity(identity: str) -> pyrage.x25519.Identity:
    text = identity.strip() if isinstance(identity, str) else ""
    if not text.startswith("AGE-SECRET-KEY-1") or len(text) > 200:
        raise BadKey("The household key is not an age key.")
    try:
        return pyrage.x25519.Identity.from_str(text)
    except (pyrage.IdentityError, ValueError):
        raise BadKey("The household key is not an age key.") from None


def _check_header(raw: bytes) -> None:
    if not is_age(raw):
        raise NotEncrypted("The file is not encrypted in the age format.")


def _cut_short(exc: Exception) -> bool:
    words = str(exc).lower()
    return "fill whole buffer" in words or "header" in words or "unexpected end" in words or "truncated" in words
