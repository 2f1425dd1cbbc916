"""A read-only SPARQL 1.1 Protocol endpoint over a store (or a graph file), on 127.0.0.1.

Protocol: ``GET /sparql?query=...``, ``POST /sparql`` with a form (``query=...``) or with a body of
type ``application/sparql-query``. The result format follows the ``Accept`` header (SPARQL
results JSON/XML/CSV/TSV for SELECT and ASK; Turtle, N-Triples, RDF/XML, JSON-LD, N-Quads, TriG for
CONSTRUCT and DESCRIBE), or a ``format`` parameter (``json``, ``xml``, ``csv``, ``tsv``,
``turtle``, ...).

What it refuses, and how:
- Updates (INSERT, DELETE, LOAD, CLEAR, DROP, ...): the text is parsed with rdflib's SPARQL
  grammar; text that parses as an update and not as a query is refused (403), and so is any
  ``update=`` form field or ``application/sparql-update`` body. The store is also opened
  read-only and only its query method is ever called, so a parser gap could not write anyway.
- SERVICE: the query is translated to SPARQL algebra and refused (403) when any node of the
  tree is a ``ServiceGraphPattern`` (the algebra, not a regex over the text).
- Time: pyoxigraph cannot interrupt a running query, so queries run in worker *processes*
  (a small pool; each opens the store read-only once). The HTTP thread waits on the worker's
  pipe with the deadline; past it the worker is killed (SIGKILL), replaced, and the client gets
  503 "query exceeded the time limit". Killing is safe because workers never write.
- Size: the worker serializes the result into a writer that raises once ``max_bytes`` have been
  written; pyoxigraph evaluates lazily, so a huge result is abandoned early, and the client gets
  503 "result larger than ...". Request bodies above ``MAX_QUERY_BYTES`` get 413.

A read-only open of a store that another process is writing is not consistent (Oxigraph says
"undefined behaviour"): serve a store while no build writes into it, and restart the endpoint to
see new articles.
"""
from __future__ import annotations

import io
import multiprocessing as mp
import queue
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MAX_QUERY_BYTES = 256 * 1024

RESULTS_MEDIA = {  # media type -> kg.query format name (SELECT / ASK)
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_MEDIA = {  # CONSTRUCT / DESCRIBE
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/ld+json": "jsonld",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}
FORMAT_MEDIA = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
    "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json",
    "nquads": "application/n-quads", "trig": "application/trig",
}


class Refused(Exception):
    """A request the endpoint will not run; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


# -- checking a query -----------------------------------------------------------------------------
def check_query(text: str) -> str:
    """Refuse updates and SERVICE; return the query form: select, ask, construct or describe."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    from kg.vocab import PREFIXES

    try:
        parsed = parseQuery(text)
    except ParseException as e:
        try:
            parseUpdate(text)
        except Exception:
            raise Refused(400, f"SPARQL syntax error: {' '.join(str(e).split())}") from None
        raise Refused(403, "updates (INSERT, DELETE, LOAD, CLEAR, DROP, ...) are not allowed: this endpoint is read-only")
    try:
        algebra = translateQuery(parsed, initNs=dict(PREFIXES)).algebra
    except Exception as e:  # unknown prefix and other translation errors
        raise Refused(400, f"SPARQL error: {' '.join(str(e).split())}") from None
    if _contains(algebra, "ServiceGraphPattern"):
        raise Refused(403, "SERVICE (federated query to another endpoint) is not allowed")
    return {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct",
            "DescribeQuery": "describe"}.get(algebra.name, "select")


def _contains(node, name: str, _seen=None) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    if _seen is None:
        _seen = set()
    if id(node) in _seen:
        return False
    _seen.add(id(node))
    if isinstance(node, CompValue):
        if node.name == name:
            return True
        return any(_contains(v, name, _seen) for v in node.values())
    if isinstance(node, dict):
        return any(_contains(v, name, _seen) for v in node.values())
    if isinstance(node, (list, tuple, set)):
        return any(_contains(v, name, _seen) for v in node)
    return False


def negotiate(kind: str, accept: str | None, fmt: str | None) -> str:
    """The kg.query format name for a result of ``kind`` given the Accept header (q-values
    honoured) or an explicit ``format`` parameter."""
    table = GRAPH_MEDIA if kind in ("construct", "describe") else RESULTS_MEDIA
    names = set(table.values())
    if fmt:
        if fmt in names:
            return fmt
        if fmt in table:
            return table[fmt]
        raise Refused(406, f"format {fmt!r} cannot express a {kind.upper()} result (use one of {', '.join(sorted(names))})")
    default = "turtle" if table is GRAPH_MEDIA else "json"
    if not accept:
        return default
    choices = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media, q = bits[0].lower(), 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            choices.append((-q, i, media))
    for _, _, media in sorted(choices):
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    raise Refused(406, f"cannot answer a {kind.upper()} query in {accept!r}; acceptable: {', '.join(table)}")


# -- the worker processes -------------------------------------------------------------------------
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


def _worker_main(source: str, conn, max_bytes: int) -> None:
    """Worker process: open the source read-only, then answer (query, format) messages."""
    from kg import query as Q
    from kg.store import open_source

    try:
        store = open_source(source)
    except Exception as e:  # report and die: the parent shows the message
        conn.send(("dead", str(e)))
        return
    conn.send(("ready", None))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        text, kind, accept, fmt = msg
        try:
            result = store.query(text)
            name = negotiate(kind, accept, fmt)
            writer = _CappedWriter(max_bytes)
            Q.serialize(result, name, writer)
            conn.send(("ok", FORMAT_MEDIA[name], bytes(writer.buf)))
        except Refused as e:
            conn.send(("error", e.status, e.message))
        except _TooLarge:
            conn.send(("error", 503, f"result larger than the limit of {max_bytes} bytes: add LIMIT or narrow the query"))
        except (ValueError, OSError, RuntimeError) as e:
            conn.send(("error", 400, f"query failed: {' '.join(str(e).split())}"))
        except SyntaxError as e:
            conn.send(("error", 400, f"SPARQL syntax error: {' '.join(str(e).split())}"))
        except Exception as e:  # keep the worker alive for the next query
            conn.send(("error", 500, f"query failed: {type(e).__name__}: {' '.join(str(e).split())}"))


class _Worker:
    def __init__(self, source: str, max_bytes: int, startup_timeout: float):
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(source, child, max_bytes), daemon=True)
        self.proc.start()
        child.close()
        self.startup_timeout = startup_timeout
        self.ready = False

    def wait_ready(self) -> None:
        if self.ready:
            return
        if not self.conn.poll(self.startup_timeout):
            self.kill()
            raise Refused(503, "the query worker did not start in time")
        status, detail = self.conn.recv()
        if status != "ready":
            self.kill()
            raise Refused(500, f"cannot open the store: {detail}")
        self.ready = True

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


@dataclass
class Limits:
    timeout: float = 10.0           # seconds per query
    max_bytes: int = 16 * 1024 * 1024
    workers: int = 2
    startup_timeout: float = 300.0  # opening a store / loading a file in a new worker


class QueryPool:
    """A fixed pool of worker processes; a query past its deadline costs its worker its life."""

    def __init__(self, source: str, limits: Limits):
        self.source = source
        self.limits = limits
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(limits.workers):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        return _Worker(self.source, self.limits.max_bytes, self.limits.startup_timeout)

    def check_source(self) -> None:
        """Start one worker now and raise Refused if the source cannot be opened."""
        w = self._idle.get()
        try:
            w.wait_ready()
            self._idle.put(w)
        except Refused:
            self._idle.put(self._spawn())
            raise

    def run(self, text: str, kind: str, accept: str | None, fmt: str | None) -> tuple[str, bytes]:
        w = self._idle.get()
        try:
            w.wait_ready()
            w.conn.send((text, kind, accept, fmt))
            if not w.conn.poll(self.limits.timeout):
                w.kill()
                w = self._spawn()
                raise Refused(503, f"query exceeded the time limit of {self.limits.timeout:g} s and was stopped")
            answer = w.conn.recv()
        except (EOFError, OSError):
            w.kill()
            w = self._spawn()
            raise Refused(500, "the query worker died") from None
        except Refused:
            if not w.proc.is_alive():
                w = self._spawn()
            raise
        finally:
            self._idle.put(w)
        if answer[0] == "ok":
            return answer[1], answer[2]
        raise Refused(answer[1], answer[2])

    def close(self) -> None:
        while True:
            try:
                w = self._idle.get_nowait()
            except queue.Empty:
                return
            try:
                w.conn.send(None)
            except OSError:
                pass
            w.kill()


# -- HTTP -----------------------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    server_version = "cnnews-kg-sparql/0.1"
    pool: QueryPool  # set on the subclass made by make_server
    quiet = False

    def log_message(self, fmt, *args):  # noqa: D401 - stdlib signature
        if not self.quiet:
            super().log_message(fmt, *args)

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _answer(self, fields: dict[str, list[str]], body_query: str | None = None) -> None:
        try:
            if "update" in fields:
                raise Refused(403, "updates are not allowed: this endpoint is read-only")
            for key in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"):
                if key in fields:
                    raise Refused(400, f"{key} is not supported: the default graph is the union of all articles; use GRAPH in the query")
            text = body_query if body_query is not None else (fields.get("query") or [None])[0]
            if not text:
                if self.path.split("?")[0] in ("/", "/sparql"):
                    raise Refused(400, "no query: send ?query=... (GET) or a form / application/sparql-query body (POST)")
                raise Refused(404, "not found: the endpoint is /sparql")
            kind = check_query(text)
            fmt = (fields.get("format") or [None])[0]
            negotiate(kind, self.headers.get("Accept"), fmt)  # 406 before spending a worker
            ctype, body = self.pool.run(text, kind, self.headers.get("Accept"), fmt)
            if ctype.startswith("text/") or ctype.endswith(("json", "xml")):
                ctype += "; charset=utf-8"
            self._send(200, body, ctype)
        except Refused as e:
            self._error(e.status, e.message)

    def _path_ok(self) -> bool:
        if urlsplit(self.path).path not in ("/", "/sparql"):
            self._error(404, "not found: the endpoint is /sparql")
            return False
        return True

    def do_GET(self):
        if not self._path_ok():
            return
        self._answer(parse_qs(urlsplit(self.path).query, keep_blank_values=True))

    do_HEAD = do_GET

    def do_POST(self):
        if not self._path_ok():
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self._error(400, "bad Content-Length")
        if length > MAX_QUERY_BYTES:
            return self._error(413, f"request body larger than {MAX_QUERY_BYTES} bytes")
        raw = self.rfile.read(length)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        fields = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return self._error(400, "the request body is not UTF-8")
        if ctype == "application/sparql-update":
            return self._error(403, "updates are not allowed: this endpoint is read-only")
        if ctype == "application/sparql-query":
            return self._answer(fields, body_query=text)
        if ctype in ("application/x-www-form-urlencoded", ""):
            fields.update(parse_qs(text, keep_blank_values=True))
            return self._answer(fields)
        return self._error(415, f"unsupported Content-Type {ctype!r}: use application/sparql-query or a form")

    def _refuse_method(self):
        self._error(405, "method not allowed: this endpoint is read-only (GET and POST queries only)")

    do_PUT = do_DELETE = do_PATCH = _refuse_method


def make_server(source: str, port: int = 0, limits: Limits | None = None, quiet: bool = False) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1:``port`` (0: a free port; see ``server.server_address``).
    Call ``serve_forever()``; ``server.shutdown()`` then ``server.pool.close()`` to stop."""
    limits = limits or Limits()
    pool = QueryPool(str(source), limits)
    try:
        pool.check_source()
    except Refused:
        pool.close()
        raise
    handler = type("Handler", (_Handler,), {"pool": pool, "quiet": quiet})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    server.pool = pool  # type: ignore[attr-defined]
    return server


def serve_in_thread(source: str, port: int = 0, limits: Limits | None = None) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Start an endpoint in a background thread (for tests and notebooks)."""
    server = make_server(source, port, limits, quiet=True)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    return server, t
