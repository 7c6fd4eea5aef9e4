"""A threaded HTTP server for the WSGI application, from the standard library (wsgiref + socketserver).

One thread per connection, daemon threads so a stuck client never holds shutdown, a listen backlog deep enough for
bursts of clients, and a socket timeout so an idle connection cannot pin a thread for ever.
"""

from __future__ import annotations

import logging
import socket
import sys
import threading
from socketserver import ThreadingMixIn
from types import TracebackType
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from .app import App, ServeConfig
from .errors import ServeError

log = logging.getLogger("diplograph.serve")


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256


class QuietHandler(WSGIRequestHandler):
    """Logs requests through `logging` (one line each) instead of printing to stderr."""

    timeout = 60

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 — the base class's name
        log.info("%s - %s", self.address_string(), format % args)

    def address_string(self) -> str:
        return str(self.client_address[0])


class Server:
    """The application on a socket. `start()` serves in a background thread (tests); `serve_forever()` blocks."""

    def __init__(self, config: ServeConfig, host: str = "127.0.0.1", port: int = 8080) -> None:
        self.app = App(config)
        try:
            self.httpd = ThreadingWSGIServer((host, port), QuietHandler)
        except OSError as exc:
            self.app.close()
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                             hint="choose another --port, or stop the program using it") from None
        self.httpd.set_app(self.app)
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
