"""pytest plugin: the test suite fails if anything opens a network connection.

reintegrate keeps a family's records on their own machine and never talks to a
network. This plugin holds the whole test run to that: connecting, binding or
sending on an internet socket (IPv4 or IPv6, loopback included) and looking up a
host name raise `NetworkBlocked` and fail the test that did it, even if the code
under test swallows the exception. Unix sockets are left alone: asyncio's event loop
wakes itself through a socketpair, and Textual runs on that loop.

The one exception is `loopback_only()`: inside it, binding and connecting to 127.0.0.1
or ::1 (and nothing else) is allowed, for the test of `reintegrate serve`, whose whole
point is a server on this computer only.

Loaded for every run through `addopts = "-p tests.no_network"` in pyproject.toml.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

_INET = (socket.AF_INET, socket.AF_INET6)
_LOCAL_NAMES = {None, "", "localhost", "127.0.0.1", "::1"}

# Every blocked attempt, as text, until a test (or the session) reports it.
_attempts: list[str] = []
_originals: dict[tuple[object, str], object] = {}
# How many `loopback_only()` blocks are open (a server thread may bind while one is).
_loopback_allowed = 0


class NetworkBlocked(RuntimeError):
    """The code under test tried to use the network."""


def _blocked(what: str) -> NetworkBlocked:
    _attempts.append(what)
    return NetworkBlocked(f"reintegrate must never use the network, but something called {what}")


def _guard_method(name: str):
    original = getattr(socket.socket, name)

    def guarded(self, *args, **kwargs):
        if self.family in _INET:
            # connect and bind take the address first, sendto and sendmsg last.
            address = args[0] if name in ("connect", "connect_ex", "bind") else args[-1] if args else None
            if not (_loopback_allowed and name in ("connect", "connect_ex", "bind") and _is_loopback(address)):
                raise _blocked(f"socket.{name}({address!r})")
        return original(self, *args, **kwargs)

    guarded.__name__ = guarded.__qualname__ = name
    return guarded


def _is_loopback(address: object) -> bool:
    if not isinstance(address, tuple) or not address or not isinstance(address[0], str):
        return False
    try:
        return ipaddress.ip_address(address[0]).is_loopback
    except ValueError:  # a host name: "localhost" could resolve anywhere /etc/hosts says
        return False


def _guard_lookup(name: str):
    original = getattr(socket, name)

    def guarded(host, *args, **kwargs):
        # Resolving a name already sends it to a server. Local names resolve from
        # /etc/hosts and say nothing to anyone, so they stay allowed.
        if host not in _LOCAL_NAMES:
            raise _blocked(f"socket.{name}({host!r})")
        return original(host, *args, **kwargs)

    guarded.__name__ = guarded.__qualname__ = name
    return guarded


def install() -> None:
    if _originals:
        return
    for name in ("connect", "connect_ex", "bind", "sendto", "sendmsg"):
        _originals[(socket.socket, name)] = getattr(socket.socket, name)
        setattr(socket.socket, name, _guard_method(name))
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        _originals[(socket, name)] = getattr(socket, name)
        setattr(socket, name, _guard_lookup(name))


def uninstall() -> None:
    for (owner, name), original in _originals.items():
        setattr(owner, name, original)
    _originals.clear()


def installed() -> bool:
    return bool(_originals)


@contextmanager
def loopback_only() -> Iterator[None]:
    """Allow binding and connecting to 127.0.0.1 and ::1 inside the block; every other
    address stays blocked, and so does sending datagrams anywhere."""
    global _loopback_allowed
    _loopback_allowed += 1
    try:
        yield
    finally:
        _loopback_allowed -= 1


@contextmanager
def expected_attempts() -> Iterator[list[str]]:
    """For tests of this plugin: attempts made inside are expected, listed, and forgiven."""
    start = len(_attempts)
    seen: list[str] = []
    try:
        yield seen
    finally:
        seen.extend(_attempts[start:])
        del _attempts[start:]


def pytest_configure(config: pytest.Config) -> None:
    # At configure time, before any test module (or the app) is imported.
    install()


def pytest_unconfigure(config: pytest.Config) -> None:
    uninstall()


@pytest.fixture(autouse=True)
def _no_network_during_the_test() -> Iterator[None]:
    before = len(_attempts)
    yield
    made = _attempts[before:]
    if made:
        del _attempts[before:]
        pytest.fail("the code under test tried to use the network:\n  " + "\n  ".join(made), pytrace=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # Attempts outside any test: at import or collection time, or in a session fixture.
    if _attempts:
        session.config.get_terminal_writer().line(
            "Network use was attempted outside the tests: " + "; ".join(_attempts), red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
