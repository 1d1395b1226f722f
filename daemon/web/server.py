"""Serving the UI: uvicorn in a thread of the service process, on loopback sockets we bind ourselves.

We bind 127.0.0.1 and ::1 (IPv6 only, never the v4-mapped wildcard) and hand the sockets to
uvicorn, so no setting can make it listen on another address. A machine without IPv6 gets
127.0.0.1 alone. Access logs are off: a link's query string carries the secret.

uvicorn's main loop wakes ten times a second to refresh its Date header and to look at
``should_exit``; an idle laptop service must not. :class:`QuietServer` waits on an event instead,
so the thread sleeps in the event loop's ``select`` until a connection comes or :meth:`WebServer.stop`
is called; the Date header is added per response by :class:`daemon.web.security.Guard`.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from types import SimpleNamespace

from daemon.web import LOOPBACK, load_secret

log = logging.getLogger("followthrough")


def loopback_sockets(port: int) -> list[socket.socket]:
    """Listening sockets on 127.0.0.1 and ::1. :raises OSError: 127.0.0.1:port cannot be bound."""
    socks: list[socket.socket] = []
    for family, host in zip((socket.AF_INET, socket.AF_INET6), LOOPBACK):
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind((host, port))
            sock.listen(32)
        except OSError as exc:
            sock.close()
            if family == socket.AF_INET6 and socks:
                log.info("web UI: no IPv6 loopback (%s); listening on 127.0.0.1 only", exc)
                continue
            for s in socks:
                s.close()
            raise
        socks.append(sock)
    return socks


def quiet_server(config):
    """A ``uvicorn.Server`` for ``config`` whose main loop sleeps until :meth:`exit` instead of ticking."""
    import uvicorn

    class QuietServer(uvicorn.Server):
        _exit: asyncio.Event | None = None
        _loop: asyncio.AbstractEventLoop | None = None

        async def main_loop(self) -> None:
            self._exit = asyncio.Event()
            self._loop = asyncio.get_running_loop()  # after _exit: exit() may run in another thread now
            if not self.should_exit:
                await self._exit.wait()

        def exit(self) -> None:
            """Stop serving (from any thread): shutdown then runs as in uvicorn."""
            self.should_exit = True
            loop, wake = self._loop, self._exit
            if loop is not None and wake is not None:  # _exit is set before _loop
                try:
                    loop.call_soon_threadsafe(wake.set)
                except RuntimeError:  # the loop has closed already
                    pass

    return QuietServer(config)


class WebServer:
    """The running UI: its listening addresses, and a clean stop."""

    def __init__(self, server, thread: threading.Thread, socks: list[socket.socket]):
        self.server, self.thread = server, thread
        self.addresses = [s.getsockname()[:2] for s in socks]

    def stop(self, timeout: float = 10) -> None:
        self.server.exit()
        self.thread.join(timeout)


def start(service, call, web: SimpleNamespace, *, timeout: float = 15) -> WebServer:
    """Start the UI for ``service``; ``call(fn, changes)`` runs ``fn(now)`` under the service's lock.

    :raises OSError: the port is taken (or the UI did not come up in time).
    """
    import uvicorn

    from daemon.web.app import create_app

    app = create_app(service, call, secret=load_secret(web.secret_file), port=web.port)
    socks = loopback_sockets(web.port)
    config = uvicorn.Config(app, log_config=None, log_level="warning", access_log=False, lifespan="off", http="h11",
                            ws="none", loop="asyncio", server_header=False, date_header=False, proxy_headers=False,
                            timeout_graceful_shutdown=5)
    server = quiet_server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": socks}, name="followthrough-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.exit()
            for s in socks:
                s.close()
            raise OSError(f"the web UI did not start on port {web.port}")
        time.sleep(0.02)
    handle = WebServer(server, thread, socks)
    log.info("web UI on %s (open it from a debrief link: it carries the secret)",
             ", ".join(f"http://{h if ':' not in h else f'[{h}]'}:{p}" for h, p in handle.addresses))
    return handle
