"""`reintegrate serve`: the same app in a web browser on this computer.

textual-serve runs the app for a browser tab as a child process that takes the data
file's lock like any terminal window does: a served app and a terminal app on the same
file cannot both change it. One tab at a time runs the app (`GuardedServer.handle_websocket`):
a second tab gets no app but a close code its page explains ("open in another tab"),
and asks `tabs` until the first is closed, then offers the records. A tab whose app
stops before drawing (the records open in a terminal) is closed with a code saying so
(`TabApp`), never left on its splash.

Other accounts on a shared computer can reach 127.0.0.1 too, so the address carries a
secret made for this run: textual-serve's own web application is mounted under
`/<secret>/`, which makes every address it builds (the page, its websocket, its
scripts) carry the secret, and a middleware on the outer application refuses every
request outside that prefix with 403 ("This address needs the secret..."); the
address typed without its last "/" is redirected to the one with it. Nothing of
textual-serve is patched: the page is our own template (`web/app_index.html`), the
rest are subclasses.

A web page elsewhere (another site, a file, a sandboxed frame whose Origin is `null`)
must not drive the app even if it learns the secret: a request that says it comes from
any origin but the page's own is refused, and the websocket (which runs the app) is
opened only for the page's own origin (`origin_guard`). The page names no other site
(textual-serve's asks Google for a font; ours loads the font textual-serve ships from
this server), and every response carries a Content-Security-Policy that lets the page
load and connect to nothing but this server (`content_security_policy`),
`Referrer-Policy: no-referrer`, so the secret in the address is never sent on as a
referrer, and `Cache-Control: no-store`.

Imported only by the `serve` command, because it loads aiohttp and rich.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import ipaddress
import logging
import re
import secrets
import signal
import socket
import threading
from collections.abc import Awaitable, Callable, Collection
from pathlib import Path

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger("textual-serve")

LOOPBACK = "127.0.0.1"
SHUTDOWN_GRACE = 3.0  # seconds
REFUSED = "This address needs the secret printed by 'reintegrate serve'.\n"
FOREIGN = "Only the page 'reintegrate serve' prints can open the app.\n"
PAGES = Path(__file__).resolve().parent / "web"  # the page of our own (no other site named in it)
# How a tab's websocket is closed, for the page to say why (4000-4999: the application's own codes).
OPEN_IN_ANOTHER_TAB = 4001  # another tab of this server has the records open: no app was started
NOT_STARTED = 4002  # the tab's app stopped before it drew anything (the records open in another window...)
RELOAD_GRACE = 1.0  # seconds a new tab gives the tab with the records to close its websocket (a reload)
TAB_CLOSING_WAIT = 10.0  # seconds a new tab waits for a tab just closed to let the records go


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
        raw = request.raw_path.encode()
        if not hmac.compare_digest(raw[: len(prefix)], prefix):
            path, mark, query = raw.partition(b"?")
            if hmac.compare_digest(path, prefix[:-1]):  # the address typed without its last "/"
                raise web.HTTPFound(prefix.decode() + (mark + query).decode())
            raise web.HTTPForbidden(text=REFUSED)
        return await handler(request)

    return guard


def own_origins(host: str, port: int) -> frozenset[str]:
    """The origins the app's page can have: its own address, and on this computer the
    same port by the name `localhost` (a browser may be given either)."""
    origins = {f"http://{url_host(host)}:{port}"}
    if is_loopback(host):
        origins |= {f"http://localhost:{port}", f"http://127.0.0.1:{port}", f"http://[::1]:{port}"}
    return frozenset(origins)


def origin_guard(allowed: Collection[str]) -> Callable:
    """A middleware refusing (403) a request from any origin but `allowed`, and a
    websocket that does not say it comes from one of them (a browser always says)."""

    @web.middleware
    async def guard(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
        origins = request.headers.getall("Origin", [])
        websocket = "websocket" in request.headers.get("Upgrade", "").lower()
        if any(origin not in allowed for origin in origins) or (websocket and len(origins) != 1):
            raise web.HTTPForbidden(text=FOREIGN)
        return await handler(request)

    return guard


def inline_script_hashes(page: str) -> list[str]:
    """CSP sources for the scripts written into a page template: each `<script>` without
    `src`, and each `on...="..."` handler (allowed by its hash with 'unsafe-hashes')."""
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    handlers = re.findall(r"\son[a-zA-Z]+=\"([^\"]*)\"", page)
    return list(dict.fromkeys(f"'sha256-{base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()}'"
                              for code in (*scripts, *handlers)))


def content_security_policy(base: str, socket_origin: str, script_hashes: Collection[str]) -> str:
    """The page may load from `base` (this server) and connect to `socket_origin` (its
    websocket, `ws:` on the same host and port), and nothing else; it cannot be framed, post a form or move its base.
    Styles may be inline: textual-serve's page and its script write them."""
    scripts = " ".join(("'self'", base, "'unsafe-hashes'", *script_hashes))
    return "; ".join([
        "default-src 'none'",
        f"script-src {scripts}",
        f"style-src 'self' {base} 'unsafe-inline'",
        f"img-src 'self' {base} data:",
        f"font-src 'self' {base} data:",
        f"connect-src 'self' {base} {socket_origin}",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ])


def url_host(host: str) -> str:
    """The host as it appears in an address: IPv6 in brackets; a wildcard as this computer."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    return f"[{host}]" if ":" in host else host


class TabApp(AppService):
    """One tab's app. When its process ends the tab's websocket is closed, saying whether
    the app ever drew (textual-serve itself closes it only when the app says it exits,
    so an app that could not start left the tab on its splash forever)."""

    drew = False

    async def on_data(self, payload: bytes) -> None:
        self.drew = True
        await super().on_data(payload)

    async def run(self) -> None:
        await super().run()
        if self.drew:
            await self.remote_close()
        else:
            await self.remote_close(code=NOT_STARTED, message=b"the app stopped before it drew")  # type: ignore[call-arg]


class GuardedServer(Server):
    """textual-serve's server, mounted under the run's secret behind `secret_guard`,
    with a page of our own, and one tab at a time running the app."""

    def __init__(self, command: str, *, host: str, port: int, secret: str, title: str) -> None:
        base = f"http://{url_host(host)}:{port}"
        super().__init__(command, host=host, port=port, title=title, public_url=base, templates_path=PAGES)
        self.secret = secret
        self.address = f"{base}/{secret}/"
        self.origins = own_origins(host, port)
        page = (PAGES / "app_index.html").read_text(encoding="utf-8")
        # Without the secret: the policy is sent to requests refused for lack of it too.
        self.policy = content_security_policy(base, f"ws://{url_host(host)}:{port}", inline_script_hashes(page))
        # The tab whose app has the records: its websocket, and an event set once its app has stopped.
        self.tab: tuple[web.WebSocketResponse, asyncio.Event] | None = None

    async def guarded_app(self) -> web.Application:
        inner = await self._make_app()  # textual-serve's routes, untouched
        inner.router.add_get("/tabs", self.handle_tabs, name="tabs")
        outer = web.Application(middlewares=[secret_guard(self.secret), origin_guard(self.origins)])
        outer.add_subapp(f"/{self.secret}/", inner)
        outer.on_response_prepare.append(self.add_headers)
        return outer

    async def add_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        """On every response, refusals and the websocket's handshake included."""
        response.headers["Content-Security-Policy"] = self.policy
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"

    def another_tab_open(self) -> bool:
        return self.tab is not None and not self.tab[0].closed

    async def handle_tabs(self, request: web.Request) -> web.Response:
        """Asked by a tab turned away, to offer the records once the other tab is closed."""
        return web.json_response({"open_in_another_tab": self.another_tab_open()})

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, for one tab at a time: the data file has one writer, so
        a second tab gets no app (it would only be refused the lock) but a close code its
        page explains. A tab just closed or reloaded is waited for, so its records are free."""
        websocket = web.WebSocketResponse(heartbeat=15)
        if not await self.no_other_tab():
            await websocket.prepare(request)
            await websocket.close(code=OPEN_IN_ANOTHER_TAB, message=b"the records are open in another tab")
            return websocket
        stopped = asyncio.Event()
        self.tab = (websocket, stopped)
        try:
            await self.run_tab(request, websocket)
        finally:
            self.tab = None
            stopped.set()
        return websocket

    async def no_other_tab(self) -> bool:
        """Is no other tab running the app? A tab being reloaded closes its websocket as
        the new page asks for one (given a moment), and a closed tab's app is waited for
        until it has stopped, so the records it had are free."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + RELOAD_GRACE
        while self.tab is not None and not self.tab[0].closed and loop.time() < deadline:
            await asyncio.sleep(0.05)
        if self.tab is not None and self.tab[0].closed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.tab[1].wait(), TAB_CLOSING_WAIT)
        return self.tab is None

    async def run_tab(self, request: web.Request, websocket: web.WebSocketResponse) -> None:
        """As `Server.handle_websocket` does, with `TabApp` for the app."""
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: TabApp | None = None
        try:
            await websocket.prepare(request)
            app_service = TabApp(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                 close=websocket.close, download_manager=self.download_manager, debug=self.debug)
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        except Exception as error:  # as textual-serve: logged, and the tab is closed below
            log.exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()
            await websocket.close()

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
