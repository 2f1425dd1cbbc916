"""The query workers, seen from the asyncio server: a fixed number of worker processes
(kg/serve/worker.py), each answering one query at a time.

Deadlines. A query's deadline starts when its request has been read. Waiting for a free worker
(queue time), the engine's parse and the evaluation all count against it; past it the worker is
killed (it cannot be interrupted otherwise, and it never writes, so killing is safe), a fresh one
is started, and the client gets 503.

Order. When more queries wait than there are workers, a free worker takes the waiting query with
the earliest *key*: its arrival time plus a penalty of ten times what the same query text took
the last times (at most one second; an unknown query gets none). Cheap queries (a health check, a
look-up) thus pass the expensive ones that arrived less than their penalty earlier, and no query
is put back by more than a second, so none starves. One more worker, the *express* one, takes
only queries that were cheap the last times (at most 50 ms; a query never seen takes it only when
it is free at once): a health check or a look-up is answered within about one cheap query's time
even while every other worker is busy with long ones. The other workers run at a lower CPU priority (nice 3)
than the server process and the express worker, so that on a busy machine these stay responsive.

Snapshots. Every worker of a *generation* opened the store in the same state (its fingerprint:
kg/serve/worker.py). At most once a second the pool looks at the store's files; when they changed
and then stayed unchanged for a second, it starts a whole new generation, waits until every new
worker is ready and has opened the same state, and only then switches: new queries go to the new
generation, old workers finish the query they run and stop. So two answers never come from two
states unless a switch happened between them, and the switch is logged and visible
(``snapshot`` in /health and the KG-Snapshot header). A worker that replaces a killed one but
finds a changed store triggers a new generation instead of joining the old one.
"""
from __future__ import annotations

import asyncio
import hashlib
import heapq
import itertools
import json
import logging
import os
import signal
import socket
import sys
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from kg.serve.protocol import Refused
from kg.serve.worker import HEADER, fingerprint

log = logging.getLogger("kg.serve")
COST_FACTOR = 10.0     # penalty = COST_FACTOR x the query's recent duration ...
MAX_PENALTY = 1.0      # ... at most this many seconds
WORKER_NICE = 3        # the other workers run at this lower CPU priority than the server and the express worker
EXPRESS_MAX = 0.05     # seconds: a query that took at most this (or is new) may use the express worker
REMEMBERED = 10_000    # query texts whose durations are remembered


@dataclass
class Limits:
    timeout: float = 10.0              # seconds per query: queue + parse + evaluation
    max_bytes: int = 16 * 1024 * 1024  # largest serialized result
    workers: int = 2
    memory_mb: int = 2048              # private memory a worker may add to what its open store uses
    startup_timeout: float = 300.0     # opening a store / loading a graph file in a new worker
    max_body: int = 256 * 1024         # largest request body
    read_timeout: float = 10.0         # seconds to send the request line, headers and body
    max_waiting: int = 2000            # requests waiting for a worker before 503 "busy"
    express: bool = True               # one more worker, for cheap queries only


@dataclass
class Snapshot:
    number: int
    fingerprint: str
    opened: float = field(default_factory=time.time)

    def describe(self) -> str:
        return f"{self.number} (opened {time.strftime('%Y-%m-%dT%H:%M:%S', time.localtime(self.opened))})"


class Worker:
    def __init__(self, snapshot_number: int, express: bool = False):
        self.generation = snapshot_number
        self.express = express
        self.proc: asyncio.subprocess.Process | None = None
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.fingerprint = ""
        self.sandboxed = False

    async def start(self, source: str, limits: Limits) -> None:
        parent, child = socket.socketpair()
        try:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "kg.serve.worker", source, str(child.fileno()), str(limits.memory_mb),
                str(limits.max_bytes), str(0 if self.express else WORKER_NICE), pass_fds=(child.fileno(),), stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
                start_new_session=True)
        finally:
            child.close()
        self.reader, self.writer = await asyncio.open_connection(sock=parent, limit=2 ** 20)
        try:
            header, _ = await asyncio.wait_for(self.read(), limits.startup_timeout)
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError):
            self.kill()
            raise Refused(503, "a query worker did not start") from None
        if not header.get("ready"):
            self.kill()
            raise Refused(500, header.get("error", "a query worker did not start"))
        self.fingerprint = header["snapshot"]
        self.sandboxed = header["sandbox"]

    async def read(self) -> tuple[dict, bytes]:
        head = await self.reader.readexactly(HEADER.size)
        header = json.loads(await self.reader.readexactly(HEADER.unpack(head)[0]))
        body = await self.reader.readexactly(header["n"]) if header.get("n") else b""
        return header, body

    async def ask(self, request: dict) -> tuple[dict, bytes]:
        raw = json.dumps(request, ensure_ascii=False).encode("utf-8")
        self.writer.write(HEADER.pack(len(raw)) + raw)
        await self.writer.drain()
        return await self.read()

    def kill(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            try:
                self.proc.send_signal(signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.writer is not None:
            self.writer.close()

    async def cause_of_death(self) -> str:
        """After the pipe broke: why the process ended, from the engine's last words on stderr
        and the signal that ended it ("memory", "stack", or "" when unknown)."""
        if self.proc is None or self.proc.stderr is None:
            return ""
        try:
            await asyncio.wait_for(self.proc.wait(), 2)
            words = await asyncio.wait_for(self.proc.stderr.read(1 << 16), 2)
        except asyncio.TimeoutError:
            return ""
        if b"memory allocation" in words or b"MemoryError" in words:
            return "memory"
        if b"overflowed its stack" in words or b"stack overflow" in words or self.proc.returncode == -signal.SIGSEGV:
            return "stack"  # the engine's recursive parser ran out of stack: no message from Rust there
        return ""


class QueryPool:
    def __init__(self, source: str, limits: Limits):
        self.source = source
        self.limits = limits
        self.snapshot = Snapshot(0, "")
        self._idle: list[Worker] = []
        self._idle_express: list[Worker] = []
        self._waiters: list[list] = []     # heap of [key, sequence, future]: every waiting query ...
        self._cheap: list[list] = []       # ... and the cheap ones (their entries are in both)
        self._seq = itertools.count()
        self._cost: OrderedDict[str, float] = OrderedDict()
        self._workers: set[Worker] = set()
        self._last_check = 0.0
        self._seen = ("", 0.0)     # (fingerprint, since when) as last looked at
        self._refreshing: asyncio.Task | None = None
        self._tasks: set[asyncio.Task] = set()
        self.sandboxed = False

    # -- generations ---------------------------------------------------------------------------
    async def start(self) -> None:
        """Start the first generation; raise Refused if the source cannot be opened."""
        workers = await self._generation(1)
        self._switch(workers, 1)

    async def _generation(self, number: int) -> list[Worker]:
        workers = [Worker(number) for _ in range(self.limits.workers)]
        if self.limits.express:
            workers.append(Worker(number, express=True))
        results = await asyncio.gather(*(w.start(self.source, self.limits) for w in workers), return_exceptions=True)
        failed = [r for r in results if isinstance(r, BaseException)]
        if failed or len({w.fingerprint for w in workers}) != 1:
            for w in workers:
                w.kill()
            if failed:
                raise failed[0] if isinstance(failed[0], Refused) else Refused(500, "a query worker did not start")
            raise Refused(503, "the store changed while the workers opened it")
        return workers

    def _switch(self, workers: list[Worker], number: int) -> None:
        old, self._idle, self._idle_express = self._idle + self._idle_express, [], []
        for w in old:
            self._retire(w)
        self.snapshot = Snapshot(number, workers[0].fingerprint)
        self.sandboxed = all(w.sandboxed for w in workers)
        for w in workers:
            self._workers.add(w)
            self._release(w)

    def _release(self, w: Worker) -> None:
        """A worker is free: give it to the waiting query with the earliest key (the express worker:
        the cheap one with the earliest key), or keep it idle."""
        if w.generation != self.snapshot.number:
            self._retire(w)
            return
        heap = self._cheap if w.express else self._waiters
        while heap:
            fut = heapq.heappop(heap)[2]
            if not fut.done():
                fut.set_result(w)
                return
        (self._idle_express if w.express else self._idle).append(w)

    async def _acquire(self, key: float, cost: float | None, deadline: float) -> Worker:
        """A worker for a query whose recent duration is ``cost`` (None: never seen)."""
        loop = asyncio.get_running_loop()
        cheap = cost is not None and cost <= EXPRESS_MAX
        for idle in (self._idle, self._idle_express) if cheap or cost is None else (self._idle,):
            while idle:
                w = idle.pop()
                if w.generation == self.snapshot.number:
                    return w
                self._retire(w)
        if len(self._waiters) >= self.limits.max_waiting:
            self._waiters = [e for e in self._waiters if not e[2].done()]
            self._cheap = [e for e in self._cheap if not e[2].done()]
            heapq.heapify(self._waiters)
            heapq.heapify(self._cheap)
            if len(self._waiters) >= self.limits.max_waiting:
                raise Refused(503, "the endpoint is busy: too many queries waiting; try again")
        fut = loop.create_future()
        entry = [key, next(self._seq), fut]
        heapq.heappush(self._waiters, entry)
        if cheap:
            heapq.heappush(self._cheap, entry)
        try:
            return await asyncio.wait_for(fut, max(0.0, deadline - loop.time()))
        except asyncio.TimeoutError:
            raise Refused(503, f"query exceeded the time limit of {self.limits.timeout:g} s waiting for a free worker") from None

    def _key(self, digest: str, now: float) -> float:
        return now + min(COST_FACTOR * self._cost.get(digest, 0.0), MAX_PENALTY)

    def _remember(self, digest: str, seconds: float) -> None:
        old = self._cost.pop(digest, None)
        self._cost[digest] = seconds if old is None else (old + seconds) / 2
        if len(self._cost) > REMEMBERED:
            self._cost.popitem(last=False)

    def _retire(self, w: Worker) -> None:
        w.kill()
        self._workers.discard(w)

    async def _refresh(self) -> None:
        number = self.snapshot.number + 1
        try:
            workers = await self._generation(number)
        except Refused as e:
            log.warning("store changed, but a new snapshot could not be opened (%s); still serving snapshot %s",
                        e.message, self.snapshot.describe())
            self._seen = ("", 0.0)
            return
        self._switch(workers, number)
        log.warning("the store changed: now serving snapshot %s", self.snapshot.describe())

    def _maybe_refresh(self) -> None:
        now = time.monotonic()
        if now - self._last_check < 1.0 or self._refreshing is not None and not self._refreshing.done():
            return
        self._last_check = now
        current = fingerprint(self.source)
        if current == self.snapshot.fingerprint:
            self._seen = (current, now)
            return
        if current != self._seen[0]:
            self._seen = (current, now)   # changed: wait until it stays unchanged for a second
            return
        if now - self._seen[1] >= 1.0:
            self._refreshing = asyncio.ensure_future(self._refresh())

    def _replace(self, dead: Worker) -> None:
        self._retire(dead)
        if dead.generation != self.snapshot.number:
            return
        task = asyncio.ensure_future(self._respawn(dead.generation, dead.express))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self, number: int, express: bool) -> None:
        w = Worker(number, express)
        try:
            await w.start(self.source, self.limits)
        except Refused as e:
            log.warning("could not restart a query worker: %s", e.message)
            return
        if number != self.snapshot.number:
            w.kill()
        elif w.fingerprint != self.snapshot.fingerprint:
            w.kill()
            if self._refreshing is None or self._refreshing.done():
                self._refreshing = asyncio.ensure_future(self._refresh())
        else:
            self._workers.add(w)
            self._release(w)

    # -- queries -------------------------------------------------------------------------------
    async def run(self, request: dict, deadline: float) -> tuple[dict, bytes]:
        """Answer ``request`` (see kg/serve/worker.py) before ``deadline`` (loop time)."""
        loop = asyncio.get_running_loop()
        self._maybe_refresh()
        digest = hashlib.blake2b(json.dumps(request, sort_keys=True).encode("utf-8"), digest_size=16).hexdigest()
        w = await self._acquire(self._key(digest, loop.time()), self._cost.get(digest), deadline)
        started = loop.time()
        try:
            header, body = await asyncio.wait_for(w.ask(request), max(0.0, deadline - started))
        except asyncio.TimeoutError:
            self._remember(digest, loop.time() - started)
            self._replace(w)
            raise Refused(503, f"query exceeded the time limit of {self.limits.timeout:g} s and was stopped") from None
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            cause = await w.cause_of_death()
            self._replace(w)
            self._remember(digest, self.limits.timeout)
            if cause == "memory":
                raise Refused(503, f"query stopped: it needed more than the worker's memory limit of {self.limits.memory_mb} MiB") from None
            if cause == "stack":
                raise Refused(400, "query too deeply nested for the engine") from None
            raise Refused(500, "the query worker stopped; try again") from None
        except asyncio.CancelledError:
            self._replace(w)
            raise
        self._remember(digest, loop.time() - started)
        self._release(w)
        return header, body

    def status(self) -> dict:
        return {"workers": len([w for w in self._workers if w.generation == self.snapshot.number]),
                "idle": len(self._idle) + len(self._idle_express), "waiting": sum(1 for e in self._waiters if not e[2].done()),
                "snapshot": self.snapshot.number, "opened": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(self.snapshot.opened)),
                "sandbox": "seccomp" if self.sandboxed else "text guard"}

    async def close(self) -> None:
        if self._refreshing is not None:
            self._refreshing.cancel()
        workers = list(self._workers)
        for w in workers:
            self._retire(w)
        for w in workers:
            if w.proc is not None:
                await w.proc.wait()
