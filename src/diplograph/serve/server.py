"""A threaded HTTP server for the WSGI application, from the standard library (wsgiref + socketserver).

One thread per connection, but at most `max_connections` at once: a connection beyond that is answered 503 at once
and closed, so a crowd of slow clients cannot pile up threads. A client has `header_timeout` seconds from
connecting to send its request line and headers — a watchdog closes the connection of one that dribbles them
(a per-read socket timeout alone would let a byte every minute hold a thread for ever) — and each later read
waits at most 60 s. Daemon threads, so a stuck client never holds shutdown, and a listen backlog deep enough for
bursts of clients. Log lines escape what the client sent, and the `Server` header names no versions.
"""

from __future__ import annotations

import logging
import socket
import sys
import threading
import time
from socketserver import ThreadingMixIn
from types import TracebackType
from typing import Any
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from .app import App, ServeConfig
from .errors import ServeError
from .web import loggable

log = logging.getLogger("diplograph.serve")
SOFTWARE = "diplograph"
BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 5\r\n"
        b"Connection: close\r\nContent-Length: 52\r\n\r\nToo many connections to this server; try again soon.")


class _Watchdog:
    """Closes connections whose headers have not arrived by their deadline."""

    def __init__(self) -> None:
        self._deadlines: dict[socket.socket, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        threading.Thread(target=self._watch, name="diplograph-header-watchdog", daemon=True).start()

    def arm(self, conn: socket.socket, seconds: float) -> None:
        with self._lock:
            self._deadlines[conn] = time.monotonic() + seconds

    def disarm(self, conn: socket.socket) -> None:
        with self._lock:
            self._deadlines.pop(conn, None)

    def _watch(self) -> None:
        while not self._stop.wait(0.25):
            now = time.monotonic()
            with self._lock:
                late = [conn for conn, deadline in self._deadlines.items() if deadline <= now]
                for conn in late:
                    del self._deadlines[conn]
            for conn in late:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self) -> None:
        self._stop.set()


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], handler: type[WSGIRequestHandler], *, max_connections: int,
                 header_timeout: float) -> None:
        super().__init__(address, handler)
        self.connections = threading.BoundedSemaphore(max_connections)
        self.header_timeout = header_timeout
        self.watchdog = _Watchdog()

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.connections.acquire(blocking=False):
            try:
                request.sendall(BUSY)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.connections.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)  # type: ignore[misc]
        finally:
            self.watchdog.disarm(request)
            self.connections.release()

    def server_close(self) -> None:
        super().server_close()
        self.watchdog.stop()


class _Handler(ServerHandler):
    server_software = SOFTWARE


class QuietHandler(WSGIRequestHandler):
    """Logs requests through `logging` (one line each, escaped) instead of printing to stderr."""

    timeout = 60
    server: ThreadingWSGIServer

    def version_string(self) -> str:
        return SOFTWARE

    def handle(self) -> None:
        """One request, as `WSGIRequestHandler.handle`, with the request line and headers under a deadline."""
        self.server.watchdog.arm(self.connection, self.server.header_timeout)
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.requestline = self.request_version = self.command = ""
                self.send_error(414)
                return
            if not self.parse_request():
                return
        except OSError:
            return
        finally:
            self.server.watchdog.disarm(self.connection)
        handler = _Handler(self.rfile, self.wfile, self.get_stderr(), self.get_environ(),  # type: ignore[arg-type]
                           multithread=False)
        handler.request_handler = self  # type: ignore[attr-defined]  # wsgiref's back-pointer for logging
        app = self.server.get_app()
        assert app is not None
        handler.run(app)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 — the base class's name
        log.info("%s - %s", self.address_string(), loggable(format % args))

    def address_string(self) -> str:
        return str(self.client_address[0])


class Server:
    """The application on a socket. `start()` serves in a background thread (tests); `serve_forever()` blocks."""

    def __init__(self, config: ServeConfig, host: str = "127.0.0.1", port: int = 8080) -> None:
        self.app = App(config)
        try:
            self.httpd = ThreadingWSGIServer((host, port), QuietHandler,
                                             max_connections=config.limits.max_connections,
                                             header_timeout=config.limits.header_timeout)
        except OSError as exc:
            self.app.close()
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                             hint="choose another --port, or stop the program using it") from None
        self.httpd.set_app(self.app)
        if config.public_url is None and host not in ("", "0.0.0.0", "::"):
            # The address it listens on is where clients reach it (a wildcard address names no host: then the
            # server's own name stands in, see Request.base_url).
            self.app.site.public_url = self.url
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        address = self.httpd.server_address
        host, port = str(address[0]), address[1]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"

    def start(self) -> Server:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="diplograph-serve", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        try:
            self.httpd.serve_forever()
        except KeyboardInterrupt:
            print("stopping", file=sys.stderr)
        finally:
            self.close()

    def close(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(10)
            self._thread = None
        self.httpd.server_close()
        self.app.close()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])
