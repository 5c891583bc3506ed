"""The age files: what is written opens again, what cannot be opened says why in plain
words, and the Debian `age` tool reads what we write (so a family is never locked in)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from reintegrate import agefile

PLAIN = b'{"name": "Maya", "notes": "cried at the gate"}' * 20


@pytest.fixture(scope="module")
def key() -> str:
    return agefile.new_identity()


@pytest.fixture(scope="module")
def by_passphrase() -> bytes:
    # scrypt takes about a second each way, so one file serves the module.
    return agefile.encrypt_with_passphrase(PLAIN, "correct horse")


def test_a_file_encrypted_to_the_household_key_opens_with_it_and_holds_no_plain_text(key):
    raw = agefile.encrypt_to(PLAIN, key)
    assert agefile.is_age(raw)
    assert b"Maya" not in raw and b"cried" not in raw
    assert agefile.decrypt_with(raw, key) == PLAIN


def test_the_household_key_is_an_age_identity_with_a_public_half(key):
    assert key.startswith("AGE-SECRET-KEY-1")
    assert agefile.recipient_of(key).startswith("age1")
    assert agefile.recipient_of(key) != agefile.recipient_of(agefile.new_identity())


def test_another_households_file_is_refused_as_such(key):
    raw = agefile.encrypt_to(PLAIN, agefile.new_identity())
    with pytest.raises(agefile.WrongKey):
        agefile.decrypt_with(raw, key)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: raw[:40], id="cut-in-the-header"),
        pytest.param(lambda raw: raw[:-20], id="cut-in-the-body"),
        pytest.param(lambda raw: raw[:-5] + bytes([raw[-5] ^ 1]) + raw[-4:], id="a-byte-changed"),
    ],
)
def test_a_cut_or_changed_file_is_damaged_not_read(key, damage):
    raw = agefile.encrypt_to(PLAIN, key)
    with pytest.raises(agefile.AgeFileError) as caught:
        agefile.decrypt_with(damage(raw), key)
    assert isinstance(caught.value, (agefile.Damaged, agefile.WrongKey))
    assert "Maya" not in str(caught.value)


@pytest.mark.parametrize("raw", [b"", b"{}", b"x" * 100, PLAIN])
def test_a_file_that_is_not_age_is_said_to_be_not_encrypted(key, raw):
    with pytest.raises(agefile.NotEncrypted):
        agefile.decrypt_with(raw, key)
    with pytest.raises(agefile.NotEncrypted):
        agefile.decrypt_with_passphrase(raw, "pw")


@pytest.mark.parametrize("bad", ["", "age1abc", "AGE-SECRET-KEY-1NOTAKEY", "AGE-SECRET-KEY-1" + "Q" * 500])
def test_a_kept_key_that_is_not_an_identity_is_refused(bad):
    with pytest.raises(agefile.BadKey):
        agefile.encrypt_to(PLAIN, bad)


def test_a_passphrase_file_opens_with_its_passphrase_only(by_passphrase, key):
    assert agefile.is_age(by_passphrase) and b"Maya" not in by_passphrase
    assert agefile.decrypt_with_passphrase(by_passphrase, "correct horse") == PLAIN
    with pytest.raises(agefile.WrongPassphrase):
        agefile.decrypt_with_passphrase(by_passphrase, "wrong horse")
    with pytest.raises(agefile.WrongKey):
        agefile.decrypt_with(by_passphrase, key)


@pytest.mark.parametrize("passphrase", ["", "x" * (agefile.MAX_PASSPHRASE_CHARS + 1)])
def test_an_empty_or_endless_passphrase_is_refused_before_any_work(passphrase):
    with pytest.raises(agefile.AgeFileError):
        agefile.encrypt_with_passphrase(PLAIN, passphrase)


def test_the_passphrase_file_gives_its_first_line(tmp_path):
    path = tmp_path / "pass"
    path.write_text("two words\nsecond line\n")
    assert agefile.read_passphrase_file(path) == "two words"
    path.write_text("crlf\r\n")
    assert agefile.read_passphrase_file(path) == "crlf"


@pytest.mark.parametrize("content", [b"", b"\nlater", b"\xff\xfe", b"y" * 5000])
def test_a_passphrase_file_with_no_usable_first_line_is_refused(tmp_path, content):
    path = tmp_path / "pass"
    path.write_bytes(content)
    with pytest.raises(agefile.AgeFileError):
        agefile.read_passphrase_file(path)


def test_a_passphrase_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(agefile.AgeFileError):
        agefile.read_passphrase_file(fifo)


AGE = shutil.which("age")


@pytest.mark.skipif(AGE is None, reason="Debian's age tool is not installed")
def test_debians_age_tool_reads_a_file_encrypted_to_the_household_key(tmp_path, key):
    identity = tmp_path / "key.txt"
    identity.write_text(key + "\n")
    encrypted = tmp_path / "home.age"
    encrypted.write_bytes(agefile.encrypt_to(PLAIN, key))
    done = subprocess.run([AGE, "--decrypt", "-i", str(identity), str(encrypted)], capture_output=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout == PLAIN


@pytest.mark.skipif(AGE is None, reason="Debian's age tool is not installed")
def test_what_debians_age_tool_encrypts_to_the_key_opens_here(tmp_path, key):
    made = subprocess.run(
        [AGE, "--encrypt", "-r", agefile.recipient_of(key)], input=PLAIN, capture_output=True, timeout=30
    )
    assert made.returncode == 0, made.stderr
    assert agefile.decrypt_with(made.stdout, key) == PLAIN
