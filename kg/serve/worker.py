"""A query worker: a process that opens the store read-only, shuts itself off from the network
(kg/serve/sandbox.py), and answers one query at a time over a Unix socket it inherits.

Started by kg/serve/pool.py as ``python -m kg.serve.worker SOURCE FD MEMORY_MB MAX_BYTES NICE``. Messages are
frames: a 4-byte big-endian length, a JSON header, then ``header["n"]`` bytes of body.

- first frame out: ``{"ready": true, "snapshot": ..., "sandbox": true|false}`` or ``{"error": ...}``
- in: ``{"query", "accept", "format", "default", "named"}`` (the last two: protocol dataset, or null)
- out: ``{"status", "ctype", "kind", "html", "n"}`` + the serialized result, or ``{"status", "message"}``

Everything here is single-threaded; the server kills a worker whose query runs past its deadline.
"""
from __future__ import annotations

import io
import json
import os
import socket
import struct
import sys
import time
from pathlib import Path

HEADER = struct.Struct(">I")
SERVICE_REFUSED = "SERVICE (a query sent to another endpoint) is not allowed: this endpoint makes no outbound requests"


def fingerprint(source: str) -> str:
    """A cheap identity of the source's current state: names, sizes and times of the store's files
    (RocksDB adds and appends files on every write; its LOG and LOCK don't count), or of the file."""
    p = Path(source)
    try:
        if p.is_dir():
            parts = []
            for name in sorted(os.listdir(p)):
                if name.startswith(("LOG", "LOCK")):
                    continue
                st = os.stat(p / name)
                parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
            return "|".join(parts)
        st = os.stat(p)
        return f"{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        return ""


def write_frame(f, header: dict, body: bytes = b"") -> None:
    header = dict(header, n=len(body))
    raw = json.dumps(header, ensure_ascii=False).encode("utf-8")
    f.write(HEADER.pack(len(raw)) + raw + body)
    f.flush()


def read_frame(f) -> tuple[dict, bytes] | None:
    head = f.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    header = json.loads(f.read(HEADER.unpack(head)[0]))
    body = f.read(header.get("n", 0)) if header.get("n") else b""
    return header, body


class _TooLarge(Exception):
    pass


class _CappedWriter(io.RawIOBase):
    def __init__(self, limit: int):
        self.limit = limit
        self.buf = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        if len(self.buf) + len(b) > self.limit:
            raise _TooLarge()
        self.buf += b
        return len(b)


def open_consistent(source: str):
    """Open the source; retry while its files changed during the open (a build writing)."""
    from kg.store import open_source

    for _ in range(20):
        before = fingerprint(source)
        store = open_source(source)
        if fingerprint(source) == before:
            return store, before
        time.sleep(0.25)
    return store, fingerprint(source)


class Answerer:
    def __init__(self, store, sandboxed: bool, max_bytes: int):
        self.store = store
        self.sandboxed = sandboxed
        self.max_bytes = max_bytes

    def __call__(self, req: dict) -> tuple[dict, bytes]:
        from kg.serve.protocol import Refused

        try:
            return self._run(req)
        except Refused as e:
            return {"status": e.status, "message": e.message}, b""

    def _run(self, req: dict) -> tuple[dict, bytes]:
        import pyoxigraph as ox

        from kg import query as Q
        from kg.serve.protocol import FORMAT_MEDIA, Refused, negotiate
        from kg.serve.sandbox import mentions_service
        from kg.sparqltext import has_dataset_clause, update_keyword
        from kg.store import PREFIX_MAP

        text = req["query"]
        if not self.sandboxed and mentions_service(text):
            raise Refused(403, SERVICE_REFUSED)
        kw: dict = {"use_default_graph_as_union": True}
        try:
            if req.get("default") is not None or req.get("named") is not None:
                kw = {"use_default_graph_as_union": False,
                      "default_graph": [ox.NamedNode(u) for u in req.get("default") or []],
                      "named_graphs": [ox.NamedNode(u) for u in req.get("named") or []]}
            elif has_dataset_clause(text):
                kw["use_default_graph_as_union"] = False
        except ValueError as e:
            raise Refused(400, f"not a valid graph IRI: {e}") from None
        try:
            result = self.store.oxigraph.query(text, prefixes=PREFIX_MAP, **kw)
            kind = Q.kind_of(result)
            name = negotiate(kind, req.get("accept"), req.get("format"))
            html = name == "html"
            if html:
                name = "turtle" if kind == "graph" else "json"
            writer = _CappedWriter(self.max_bytes)
            Q.serialize(result, name, writer)
        except SyntaxError as e:
            if update_keyword(text):
                raise Refused(403, "updates (INSERT, DELETE, LOAD, CLEAR, DROP, ...) are not allowed: this endpoint is read-only") from None
            raise Refused(400, f"SPARQL syntax error: {e}") from None
        except PermissionError:
            raise Refused(403, SERVICE_REFUSED) from None
        except _TooLarge:
            raise Refused(503, f"result larger than the limit of {self.max_bytes} bytes: add LIMIT or narrow the query") from None
        except (OSError, RuntimeError, ValueError, Q.QueryError) as e:
            raise Refused(400, f"query failed: {e}") from None
        return {"status": 200, "ctype": FORMAT_MEDIA[name], "kind": kind, "html": html}, bytes(writer.buf)


def main(argv: list[str]) -> int:
    source, fd, memory_mb, max_bytes, nice = argv[0], int(argv[1]), int(argv[2]), int(argv[3]), int(argv[4])
    if nice:
        os.nice(nice)
    sock = socket.socket(fileno=fd)
    f = sock.makefile("rwb")
    from kg.serve.sandbox import cap_memory, deny_network
    from kg.store import StoreError

    try:
        store, snapshot = open_consistent(source)
    except StoreError as e:
        write_frame(f, {"error": str(e).replace(str(source), "the store")})
        return 1
    except Exception as e:  # noqa: BLE001 - one line to the server, never a traceback
        write_frame(f, {"error": f"cannot open the store: {type(e).__name__}"})
        return 1
    sandboxed = deny_network()
    if memory_mb > 0:
        cap_memory(memory_mb)
    answer = Answerer(store, sandboxed, max_bytes)
    write_frame(f, {"ready": True, "snapshot": snapshot, "sandbox": sandboxed})
    while True:
        frame = read_frame(f)
        if frame is None:
            return 0
        try:
            header, body = answer(frame[0])
        except MemoryError:
            header, body = {"status": 503, "message": "the query needed more memory than the worker's limit"}, b""
        except Exception as e:  # noqa: BLE001 - keep serving; one line, no traceback
            header, body = {"status": 500, "message": f"query failed: {type(e).__name__}"}, b""
        write_frame(f, header, body)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
