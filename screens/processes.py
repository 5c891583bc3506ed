"""What the launcher does to its own process and to the child it forks, apart from
what either of them works out (`screens.launch`): the cyclic collector paused until
the first paint, and the child's life — in a session of its own, leaving with the
launcher, never searching for pydantic plugins."""

from __future__ import annotations

import gc
import os
import select
import sys
import time


def pause_collector() -> None:
    """No cyclic garbage collection until the first paint. Importing Textual and
    building Today's widgets make hundreds of thousands of objects, nearly all kept for
    the app's life, and the collector walked them again and again on the way: a
    tenth of the time to the first paint. `resume_collector` turns it back on."""
    global _collector_paused
    if gc.isenabled():
        gc.disable()
        _collector_paused = True


def resume_collector() -> None:
    """After the first paint (`screens.opening`), or when the app never got there: the
    objects made so far move out of the collector's sight (`gc.freeze`: what the app
    was built from is kept for its whole life, so walking it again would only make a
    key press wait), and collection resumes for everything made from here on. Nothing
    happens unless `pause_collector` paused it (the app in a test, say)."""
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        gc.freeze()
        gc.enable()


_collector_paused = False


def leave_with(answer: int) -> None:
    """In the child: leave the moment nobody can read its answer any more, from the
    write end `answer` of the pipe the launcher reads it from. The launcher closes the
    read end when it gives up on the child, and the kernel closes it when the launcher
    dies, even killed; either way the write end then reports an error, which a thread
    that waits for nothing else sees at once (anywhere `poll` does, with no C library
    call through ctypes to load first). A child stopped meanwhile leaves as soon as it
    is let go on; it never holds the lock in any case."""
    import _thread

    def watch() -> None:
        poller = select.poll()
        poller.register(answer, 0)  # no event asked for: only the other end's closing wakes it
        while True:
            if any(event & (select.POLLERR | select.POLLHUP) for _, event in poller.poll()):
                os._exit(0)

    _thread.start_new_thread(watch, ())


def no_plugin_search() -> None:
    """In the child, with plugins turned off: pydantic's plugin loader answers "none"
    when they are, but its module imports `importlib.metadata` first (and with it the
    email and zip packages: a tenth of this process's work). A module answering as
    the loader does with plugins turned off takes its place, so it is never imported."""
    import types

    loader = types.ModuleType("pydantic.plugin._loader")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules.setdefault(loader.__name__, loader)


def reap(pid: int, within: float) -> None:
    """Reap the child `pid`, already told to end, waiting for it at most `within`
    seconds. An answered child is ending as the answer arrives, while Today waits to be
    drawn: a descriptor of the process (a pidfd, Linux 5.3 and later) wakes this the
    moment it has ended, where looking again every few milliseconds would add up to
    one of them to the first paint. Elsewhere it looks every millisecond."""
    try:
        handle: int | None = os.pidfd_open(pid)
    except (AttributeError, OSError):
        handle = None  # no pidfd here, or the child is already reaped
    deadline = time.monotonic() + within
    try:
        while True:
            try:
                ended, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                return  # reaped already
            left = deadline - time.monotonic()
            if ended or left <= 0:
                return  # a child the kernel cannot end at once is left to it (it holds no lock)
            if handle is not None:
                select.select([handle], [], [], left)  # readable once it has ended
            else:
                time.sleep(min(left, 0.001))
    finally:
        if handle is not None:
            os.close(handle)


def own_session() -> None:
    """In the child: a session of its own. Linux's scheduler (autogroup) gives each
    terminal session one share of a busy machine, so a child in the app's session
    takes its CPU from the app's own start, and the first paint waits for both; in its
    own session it runs beside the app, as it does on an idle machine. It never reads
    or writes the terminal, holds no lock, dies with the app and is killed at the
    deadline, so leaving the terminal's session changes nothing else."""
    try:
        os.setsid()
    except OSError:
        pass  # already a session or group leader: it runs as before
