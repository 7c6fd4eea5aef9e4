"""SPARQL queries from the public run in worker processes that are killed at the deadline.

pyoxigraph has no query timeout and a running query cannot be interrupted from Python (it holds no GIL checkpoints
a signal handler could use), so the only sure way to stop a runaway query is to stop the process running it. The
server keeps a small pool of worker processes, each with its own view of the data (an in-memory copy of the graph,
or a read-only handle on the on-disk store). A request takes an idle worker, sends it the query, and waits at most
`timeout` seconds for the answer; if none comes, the worker is killed (SIGKILL), a fresh one is started in its
place, and the client gets 503. Workers are started with the "spawn" method: forking a threaded server (or an
open RocksDB) is not safe.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from .errors import ServeError
from .results import Job, Reply, execute
from .source import DataSource


class QueryTimeout(Exception):
    """The query ran past the deadline; its worker was killed."""


class PoolBusy(Exception):
    """Every worker stayed busy for as long as a request may wait for one."""


def _worker_main(conn: Connection, source: DataSource) -> None:
    """The worker process: open the data, say so, then answer jobs until the pipe closes. Ctrl-C in the terminal
    reaches the whole process group; the server stops its workers itself, so they ignore it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        store = source.open_for_worker()
    except Exception as exc:  # noqa: BLE001 — reported to the server, which fails with the message
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", ""))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply = execute(store, job)
        except Exception as exc:  # noqa: BLE001 — a bug shows as a 500 with the message, the worker lives on
            reply = Reply.text(500, f"internal error while running the query: {exc!r}")
        conn.send(reply)


class _Worker:
    def __init__(self, ctx: multiprocessing.context.SpawnContext, source: DataSource) -> None:
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(target=_worker_main, args=(child, source), daemon=True,
                                                name="diplograph-sparql-worker")
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        if not self.conn.poll(timeout):
            raise ServeError(f"a SPARQL worker did not start within {timeout:.0f} s")
        status, message = self.conn.recv()
        if status != "ready":
            raise ServeError(f"a SPARQL worker could not open the data: {message}")
        self.ready = True

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """`size` worker processes; `run` gives a job to an idle one and enforces the deadline."""

    def __init__(self, source: DataSource, *, size: int = 2, timeout: float = 10.0, queue_wait: float = 30.0,
                 start_timeout: float = 120.0) -> None:
        self.source = source
        self.timeout = timeout
        self.queue_wait = queue_wait
        self.start_timeout = start_timeout
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self.source)
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            if self._closed:
                return
        self._idle.put(self._spawn())

    def wait_ready(self) -> None:
        """Block until every idle worker has opened the data (so a start-up error shows at once)."""
        workers = []
        while True:
            try:
                workers.append(self._idle.get_nowait())
            except queue.Empty:
                break
        try:
            for worker in workers:
                worker.wait_ready(self.start_timeout)
        finally:
            for worker in workers:
                self._idle.put(worker)

    def run(self, job: Job) -> Reply:
        try:
            worker = self._idle.get(timeout=self.queue_wait)
        except queue.Empty:
            raise PoolBusy from None
        try:
            worker.wait_ready(self.start_timeout)
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                self._retire(worker)
                raise QueryTimeout
            reply: Reply = worker.conn.recv()
        except (EOFError, OSError, ServeError) as exc:
            self._retire(worker)
            return Reply.text(500, f"the SPARQL worker failed ({exc or type(exc).__name__}); try again")
        self._idle.put(worker)
        return reply

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
