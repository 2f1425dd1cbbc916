"""The query workers, seen from the asyncio server: a fixed number of worker processes
(kg/serve/worker.py), each answering one query at a time.

Deadlines. A query's deadline starts when its request has been read. Waiting for a free worker
(queue time), the engine's parse and the evaluation all count against it; past it the worker is
killed (it cannot be interrupted otherwise, and it never writes, so killing is safe), a fresh one
is started, and the client gets 503.

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
import json
import logging
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass, field

from kg.serve.protocol import Refused
from kg.serve.worker import HEADER, fingerprint

log = logging.getLogger("kg.serve")


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


@dataclass
class Snapshot:
    number: int
    fingerprint: str
    opened: float = field(default_factory=time.time)

    def describe(self) -> str:
        return f"{self.number} (opened {time.strftime('%Y-%m-%dT%H:%M:%S', time.localtime(self.opened))})"


class Worker:
    def __init__(self, snapshot_number: int):
        self.generation = snapshot_number
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
                str(limits.max_bytes), pass_fds=(child.fileno(),), stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
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

    async def died_of_memory(self) -> bool:
        """After the pipe broke: did the process abort (an allocation past its memory cap)?"""
        if self.proc is None:
            return False
        try:
            code = await asyncio.wait_for(self.proc.wait(), 2)
        except asyncio.TimeoutError:
            return False
        return code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL)


class QueryPool:
    def __init__(self, source: str, limits: Limits):
        self.source = source
        self.limits = limits
        self.snapshot = Snapshot(0, "")
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._workers: set[Worker] = set()
        self._waiting = 0
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
        old = []
        while not self._idle.empty():
            old.append(self._idle.get_nowait())
        for w in old:
            self._retire(w)
        self.snapshot = Snapshot(number, workers[0].fingerprint)
        self.sandboxed = all(w.sandboxed for w in workers)
        for w in workers:
            self._workers.add(w)
            self._idle.put_nowait(w)

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
        task = asyncio.ensure_future(self._respawn(dead.generation))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self, number: int) -> None:
        w = Worker(number)
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
            self._idle.put_nowait(w)

    # -- queries -------------------------------------------------------------------------------
    async def run(self, request: dict, deadline: float) -> tuple[dict, bytes]:
        """Answer ``request`` (see kg/serve/worker.py) before ``deadline`` (loop time)."""
        loop = asyncio.get_running_loop()
        self._maybe_refresh()
        if self._waiting >= self.limits.max_waiting:
            raise Refused(503, "the endpoint is busy: too many queries waiting; try again")
        self._waiting += 1
        try:
            while True:
                w = await asyncio.wait_for(self._idle.get(), max(0.0, deadline - loop.time()))
                if w.generation == self.snapshot.number:
                    break
                self._retire(w)
        except asyncio.TimeoutError:
            raise Refused(503, f"query exceeded the time limit of {self.limits.timeout:g} s waiting for a free worker") from None
        finally:
            self._waiting -= 1
        try:
            header, body = await asyncio.wait_for(w.ask(request), max(0.0, deadline - loop.time()))
        except asyncio.TimeoutError:
            self._replace(w)
            raise Refused(503, f"query exceeded the time limit of {self.limits.timeout:g} s and was stopped") from None
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            memory = await w.died_of_memory()
            self._replace(w)
            if memory:
                raise Refused(503, f"query stopped: it needed more than the worker's memory limit of {self.limits.memory_mb} MiB") from None
            raise Refused(500, "the query worker stopped; try again") from None
        except asyncio.CancelledError:
            self._replace(w)
            raise
        if w.generation == self.snapshot.number:
            self._idle.put_nowait(w)
        else:
            self._retire(w)
        return header, body

    def status(self) -> dict:
        return {"workers": len([w for w in self._workers if w.generation == self.snapshot.number]),
                "idle": self._idle.qsize(), "waiting": self._waiting,
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
