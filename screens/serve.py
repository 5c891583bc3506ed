"""`reintegrate serve`: the same app in a web browser on this computer.

textual-serve runs one copy of the app per browser tab, as a child process that
takes the data file's lock like any terminal window does: a served app and a
terminal app on the same file cannot both change it, and the second is refused.

Other accounts on a shared computer can reach 127.0.0.1 too, so the address carries a
secret made for this run: textual-serve's own web application is mounted under
`/<secret>/`, which makes every address it builds (the page, its websocket, its
scripts) carry the secret, and a middleware on the outer application refuses every
request outside that prefix with 403 Forbidden. Nothing of textual-serve is patched.

Imported only by the `serve` command, because it loads aiohttp and rich.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import secrets
import signal
import socket
import threading
from collections.abc import Awaitable, Callable

from aiohttp import web
from textual_serve.server import Server

LOOPBACK = "127.0.0.1"
SHUTDOWN_GRACE = 3.0  # seconds
REFUSED = "This address needs the secret printed by 'reintegrate serve'.\n"


def new_secret() -> str:
    """Made fresh for each run of the server, never stored."""
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def secret_guard(secret: str) -> Callable:
    """A middleware refusing (403) every request whose path does not start with the secret."""
    prefix = f"/{secret}/".encode()

    @web.middleware
    async def guard(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
        # Compared in constant time, on the raw path, before any routing is trusted.
        if not hmac.compare_digest(request.raw_path.encode()[: len(prefix)], prefix):
            raise web.HTTPForbidden(text=REFUSED)
        return await handler(request)

    return guard


def url_host(host: str) -> str:
    """The host as it appears in an address: IPv6 in brackets; a wildcard as this computer."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    return f"[{host}]" if ":" in host else host


class GuardedServer(Server):
    """textual-serve's server, mounted under the run's secret behind `secret_guard`."""

    def __init__(self, command: str, *, host: str, port: int, secret: str, title: str) -> None:
        base = f"http://{url_host(host)}:{port}"
        super().__init__(command, host=host, port=port, title=title, public_url=base)
        self.secret = secret
        self.address = f"{base}/{secret}/"

    async def guarded_app(self) -> web.Application:
        inner = await self._make_app()  # textual-serve's routes, untouched
        outer = web.Application(middlewares=[secret_guard(self.secret)])
        outer.add_subapp(f"/{self.secret}/", inner)
        return outer

    async def on_startup(self, app: web.Application) -> None:
        """Say nothing: the command prints the address itself (textual-serve's banner
        would print the command line, data file path included)."""


def listen(host: str, port: int) -> socket.socket:
    """Bind before printing anything, so the printed port is the one in use (0: any free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family)


async def run_until_stopped(server: GuardedServer, sock: socket.socket,
                            started: Callable[[], None] = lambda: None,
                            stop: asyncio.Event | None = None) -> None:
    """Serve on `sock` until `stop` is set, or without one until Ctrl+C or SIGTERM; then
    close every session. (A caller with its own `stop` keeps its own signal handlers.)"""
    loop = asyncio.get_running_loop()
    if stop is None:
        stop = asyncio.Event()
        for number in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(number, stop.set)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or not Unix
                pass
    # No access log: each line would carry the secret. An open tab is closed after a
    # short grace, which stops its app (and so releases the data file).
    runner = web.AppRunner(await server.guarded_app(), handle_signals=False, access_log=None,
                           shutdown_timeout=SHUTDOWN_GRACE)
    await runner.setup()
    try:
        await web.SockSite(runner, sock).start()
        started()
        await stop.wait()
    finally:
        await runner.cleanup()
        await _apps_reaped(loop)


async def _apps_reaped(loop: asyncio.AbstractEventLoop) -> None:
    """textual-serve waits for a tab's app to finish its output, not for the process to
    be reaped; give asyncio's child watcher (an "asyncio-waitpid-" thread per child) a bounded
    moment so that no app process outlives the event loop."""
    deadline = loop.time() + SHUTDOWN_GRACE
    while loop.time() < deadline and any("waitpid-" in t.name for t in threading.enumerate()):
        await asyncio.sleep(0.05)
    await asyncio.sleep(0)
