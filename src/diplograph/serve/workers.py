"""Everything that reads the data runs in worker processes that are killed at the deadline.

pyoxigraph has no query timeout and a running query cannot be interrupted from Python (it holds no GIL checkpoints
a signal handler could use), so the only sure way to stop a runaway query is to stop the process running it. The
server keeps pools of worker processes, each with its own view of the data (an in-memory copy of the graph, or a
read-only handle on the on-disk store): one pool for the public's SPARQL queries, one for the pages and canned
queries, so that neither can starve the other. A request takes a slot (at most `size` tasks run at once per
pool), hands a task to an idle worker, and waits at most `timeout` seconds for the answer; if none comes, the
worker is killed (SIGKILL) and the client gets 503.

Each pool keeps one warm spare beyond its `size`: a killed worker's place is taken at once by a worker that has
already loaded the data, while its replacement loads in the background. Each worker's address space is capped
(RLIMIT_AS, `max_memory`), so a query that would take the machine's memory kills only its own worker, and it is
kept off the network (`sandbox`). Workers are started with the "spawn" method: forking a threaded server (or an
open RocksDB) is not safe.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import resource
import signal
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Protocol, TypeVar

import pyoxigraph as ox

from .errors import ServeError
from .sandbox import deny_network
from .source import DataSource

log = logging.getLogger("diplograph.serve")
T_co = TypeVar("T_co", covariant=True)


class QueryTimeout(Exception):
    """The task ran past the deadline; its worker was killed."""


class PoolBusy(Exception):
    """Every worker stayed busy for as long as a request may wait for one."""


class WorkerDied(Exception):
    """The worker ended while running the task — in practice, because the task needed more memory than the
    worker may have (the allocator aborts the process at the limit)."""


@dataclass(frozen=True)
class WorkerSettings:
    """What a worker needs besides the data: the site's base IRI and the limits it enforces itself."""

    base: str = "https://w3id.org/diplograph/"
    max_memory: int = 0       # bytes of address space per worker; 0 = no limit
    max_bytes: int = 0        # bytes of one response body; 0 = no limit
    downloads: bool = True    # the bundle's files are served here (a build folder), so links to them stay local


@dataclass
class WorkerContext:
    """A worker's state, handed to every task it runs."""

    store: ox.Store
    settings: WorkerSettings
    sandbox_error: str | None
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def sandboxed(self) -> bool:
        return self.sandbox_error is None


class Task(Protocol[T_co]):
    """A picklable unit of work for a worker."""

    def run(self, context: WorkerContext) -> T_co: ...


def _worker_main(conn: Connection, source: DataSource, settings: WorkerSettings) -> None:
    """The worker process: cap its memory, cut it off the network, open the data, say so, then run tasks until
    the pipe closes. Ctrl-C in the terminal reaches the whole process group; the server stops its workers itself,
    so they ignore it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        if settings.max_memory:
            resource.setrlimit(resource.RLIMIT_AS, (settings.max_memory, settings.max_memory))
        sandbox_error = deny_network()
        import rdflib.plugins.sparql.parser  # noqa: F401 — loaded once here, not on a request's time
        context = WorkerContext(source.open_for_worker(), settings, sandbox_error)
    except MemoryError:
        conn.send(("failed", f"opening the data needs more memory than the limit of {settings.max_memory >> 20} MiB "
                             "per worker (--max-memory)"))
        return
    except Exception as exc:  # noqa: BLE001 — reported to the server, which fails with the message
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", sandbox_error or ""))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            reply = task.run(context)
        except MemoryError:
            reply = ("memory", "")
        except Exception as exc:  # noqa: BLE001 — a bug shows as a 500, the worker lives on
            reply = ("error", repr(exc))
        conn.send(reply)


class _Worker:
    def __init__(self, ctx: multiprocessing.context.SpawnContext, source: DataSource,
                 settings: WorkerSettings) -> None:
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(target=_worker_main, args=(child, source, settings), daemon=True,
                                                name="diplograph-worker")
        self.process.start()
        child.close()
        self.sandbox_error: str | None = None

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            raise ServeError(f"a worker did not start within {timeout:.0f} s")
        try:
            status, message = self.conn.recv()
        except (EOFError, OSError):
            raise ServeError("a worker ended while opening the data (the data may need more memory than --max-memory "
                             "allows a worker)") from None
        if status != "ready":
            raise ServeError(f"a worker could not open the data: {message}")
        self.sandbox_error = message or None

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """`size` concurrent tasks on `size + spares` ready workers; `run` enforces the deadline."""

    def __init__(self, source: DataSource, *, size: int = 2, timeout: float = 10.0, queue_wait: float = 30.0,
                 start_timeout: float = 120.0, spares: int = 1, settings: WorkerSettings | None = None) -> None:
        self.source = source
        self.settings = settings or WorkerSettings()
        self.timeout = timeout
        self.queue_wait = queue_wait
        self.start_timeout = start_timeout
        self._ctx = multiprocessing.get_context("spawn")
        self._slots = threading.BoundedSemaphore(size)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._starting = [self._spawn() for _ in range(size + spares)]
        self.sandbox_error: str | None = None

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self.source, self.settings)
        with self._lock:
            self._all.add(worker)
        return worker

    def wait_ready(self) -> None:
        """Block until every first worker has opened the data (so a start-up error shows at once)."""
        starting, self._starting = self._starting, []
        try:
            for worker in starting:
                worker.wait_ready(self.start_timeout)
        except ServeError:
            self.close()
            raise
        self.sandbox_error = starting[0].sandbox_error if starting else None
        for worker in starting:
            self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill `worker` and start its replacement in the background; it joins the idle ones once ready."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            if self._closed:
                return

        def start() -> None:
            fresh = self._spawn()
            try:
                fresh.wait_ready(self.start_timeout)
            except ServeError as exc:
                with self._lock:
                    self._all.discard(fresh)
                    closed = self._closed
                fresh.kill()
                if not closed:
                    log.error("a replacement worker failed: %s", exc)
                return
            self._idle.put(fresh)

        threading.Thread(target=start, name="diplograph-worker-start", daemon=True).start()

    def run(self, task: Task[T_co]) -> T_co:
        if not self._slots.acquire(timeout=self.queue_wait):
            raise PoolBusy
        try:
            try:
                worker = self._idle.get(timeout=self.queue_wait)
            except queue.Empty:
                raise PoolBusy from None
            try:
                worker.conn.send(task)
                if not worker.conn.poll(self.timeout):
                    self._replace(worker)
                    raise QueryTimeout
                reply = worker.conn.recv()
            except (EOFError, OSError):
                self._replace(worker)
                raise WorkerDied from None
            if isinstance(reply, tuple) and reply[0] == "memory":
                self._replace(worker)  # a MemoryError may leave the worker's heap fragmented: start afresh
                raise WorkerDied
            self._idle.put(worker)
            if isinstance(reply, tuple) and reply[0] == "error":
                raise ServeError(f"a worker failed on a task: {reply[1]}")
            return reply  # type: ignore[no-any-return]
        finally:
            self._slots.release()

    def idle(self) -> int:
        """How many ready workers wait for a task."""
        return self._idle.qsize()

    def pids(self) -> set[int]:
        """The process ids of the pool's workers (to see which were replaced)."""
        with self._lock:
            return {w.process.pid for w in self._all if w.process.pid is not None}

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
