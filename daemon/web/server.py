"""Serving the UI: uvicorn in a thread of the service process, on loopback sockets we bind ourselves.

We bind 127.0.0.1 and ::1 (IPv6 only, never the v4-mapped wildcard) and hand the sockets to
uvicorn, so no setting can make it listen on another address. A machine without IPv6 gets
127.0.0.1 alone. Access logs are off: a link's query string carries the secret.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from types import SimpleNamespace

from daemon.web import LOOPBACK, load_secret

log = logging.getLogger("followthrough")


def loopback_sockets(port: int) -> list[socket.socket]:
    """Listening sockets on 127.0.0.1 and ::1. :raises OSError: 127.0.0.1:port cannot be bound."""
    socks = []
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


class WebServer:
    """The running UI: its listening addresses, and a clean stop."""

    def __init__(self, server, thread: threading.Thread, socks: list[socket.socket]):
        self.server, self.thread = server, thread
        self.addresses = [s.getsockname()[:2] for s in socks]

    def stop(self, timeout: float = 10) -> None:
        self.server.should_exit = True
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
                            ws="none", loop="asyncio", server_header=False, proxy_headers=False, timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": socks}, name="followthrough-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            for s in socks:
                s.close()
            raise OSError(f"the web UI did not start on port {web.port}")
        time.sleep(0.02)
    handle = WebServer(server, thread, socks)
    log.info("web UI on %s (open it from a debrief link: it carries the secret)",
             ", ".join(f"http://{h if ':' not in h else f'[{h}]'}:{p}" for h, p in handle.addresses))
    return handle
