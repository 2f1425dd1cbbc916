"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint and a browser explorer, safe to leave
running on a laptop.

- kg/serve/app.py      the asyncio HTTP server: protocol, Host/Origin/CORS checks, limits, explorer API
- kg/serve/pool.py     the query worker processes: deadlines, consistent snapshots
- kg/serve/worker.py   one worker: opens the store, runs one query at a time, serializes the answer
- kg/serve/sandbox.py  what a worker may do: no network (seccomp), bounded memory
- kg/serve/protocol.py media types, content negotiation, service description, HTML results
"""
from __future__ import annotations

import asyncio
import threading

from kg.serve.app import Endpoint, start
from kg.serve.pool import Limits
from kg.serve.protocol import Refused, negotiate


class ThreadedEndpoint:
    """An endpoint running on its own event loop in a background thread (tests, notebooks,
    benchmarks). ``url``, ``base``, ``pool``; ``close()`` stops it."""

    def __init__(self, source: str, host: str = "127.0.0.1", port: int = 0, limits: Limits | None = None,
                 cors: str | None = None):
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="kg-serve")
        self._thread.start()
        try:
            self.endpoint: Endpoint = asyncio.run_coroutine_threadsafe(
                start(source, host, port, limits, cors), self.loop).result()
        except BaseException:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join()
            raise
        self.url, self.base, self.pool = self.endpoint.url, self.endpoint.base, self.endpoint.pool

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.endpoint.stop(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def serve_in_thread(source: str, port: int = 0, limits: Limits | None = None, cors: str | None = None) -> ThreadedEndpoint:
    return ThreadedEndpoint(str(source), "127.0.0.1", port, limits, cors)


__all__ = ["Limits", "Refused", "negotiate", "start", "Endpoint", "ThreadedEndpoint", "serve_in_thread"]
