"""The HTTP side of ``kg serve``: an asyncio server (aiohttp) in front of the query workers.

Routes: ``/sparql`` (the SPARQL 1.1 Protocol: GET, POST form, POST ``application/sparql-query``;
without a query, the service description), ``/`` and ``/static/`` (the explorer), ``/api/queries``
and ``/api/run/NAME`` (the ready queries and the explorer's queries, parameters bound by
kg.query.bind_params), ``/health``.

Every request passes the same checks first: the Host header must name this server (a web page
elsewhere cannot reach it through DNS rebinding); a request from another origin (an ``Origin``
header that is not this server's) is refused unless that origin was allowed with ``--cors``,
which also turns on CORS headers and preflight answers for it. The request line and headers must
arrive within ``read_timeout`` (aiohttp closes a connection idle that long) and so must the body;
the body is limited on the bytes actually read. Every error is one line of text.
"""
from __future__ import annotations

import asyncio
import functools
import logging
from urllib.parse import parse_qs

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

from kg.serve.pool import Limits, QueryPool
from kg.serve.protocol import GRAPH_MEDIA, Refused, negotiate, results_page, service_description, wants_html

log = logging.getLogger("kg.serve")

PROTOCOL_LIST_FIELDS = ("default-graph-uri", "named-graph-uri")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    # nothing is fetched from anywhere but this server
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
}


def allowed_hosts(host: str, port: int) -> set[str]:
    names = {host}
    if host in ("127.0.0.1", "localhost", "::1"):
        names |= {"127.0.0.1", "localhost", "[::1]"}
    if ":" in host and not host.startswith("["):
        names.add(f"[{host}]")
    out = {f"{n}:{port}".lower() for n in names}
    if port == 80:
        out |= {n.lower() for n in names}
    return out


def one_line(status: int, message: str, extra: dict | None = None) -> web.Response:
    return web.Response(status=status, text=" ".join(message.split()) + "\n",
                        content_type="text/plain", charset="utf-8", headers=extra)


class App:
    def __init__(self, source: str, limits: Limits, cors: str | None = None):
        self.source = source
        self.limits = limits
        self.cors = cors.rstrip("/") if cors else None
        self.pool = QueryPool(source, limits)
        self.hosts: set[str] = set()

    # -- checks on every request -----------------------------------------------------------------
    @web.middleware
    async def guard(self, request: web.Request, handler):
        origin = request.headers.get("Origin")
        try:
            host = (request.headers.get("Host") or "").lower()
            if host not in self.hosts:
                raise Refused(403, "Host header not allowed: use the address the server listens on")
            if origin is not None and origin != f"http://{host}" and origin != self.cors:
                raise Refused(403, "cross-origin requests are not allowed (start kg serve with --cors ORIGIN to allow one)")
            if request.method == "OPTIONS":
                response = web.Response(status=204, headers={"Allow": "GET, HEAD, POST, OPTIONS"})
            else:
                response = await handler(request)
        except Refused as e:
            response = one_line(e.status, e.message)
        except web.HTTPRequestEntityTooLarge:
            response = one_line(413, f"request body larger than {self.limits.max_body} bytes")
        except web.HTTPException as e:
            if e.status >= 400:
                response = one_line(e.status, e.reason)
            else:
                raise
        except asyncio.TimeoutError:
            response = one_line(408, f"the request body did not arrive within {self.limits.read_timeout:g} s")
            response.force_close()
        except Exception as e:  # noqa: BLE001 - never a traceback to the client or the log
            log.warning("internal error: %s", type(e).__name__)
            response = one_line(500, f"internal error: {type(e).__name__}")
        response.headers.update(SECURITY_HEADERS)
        if self.cors and origin == self.cors:
            response.headers["Access-Control-Allow-Origin"] = self.cors
            response.headers["Vary"] = "Origin"
            if request.method == "OPTIONS":
                response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
                response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
                response.headers["Access-Control-Max-Age"] = "600"
        return response

    # -- SPARQL ------------------------------------------------------------------------------------
    async def sparql(self, request: web.Request) -> web.StreamResponse:
        fields = parse_qs(request.query_string, keep_blank_values=True)
        body_query = None
        if request.method == "POST":
            raw = await asyncio.wait_for(request.read(), self.limits.read_timeout)
            ctype = request.content_type.lower()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise Refused(400, "the request body is not UTF-8") from None
            if ctype == "application/sparql-update":
                raise Refused(403, "updates are not allowed: this endpoint is read-only")
            if ctype == "application/sparql-query":
                body_query = text
            elif ctype in ("application/x-www-form-urlencoded", "application/octet-stream", ""):
                for k, v in parse_qs(text, keep_blank_values=True).items():
                    fields.setdefault(k, []).extend(v)
            else:
                raise Refused(415, f"unsupported Content-Type {ctype!r}: use application/sparql-query or a form")
        if "update" in fields or "using-graph-uri" in fields or "using-named-graph-uri" in fields:
            raise Refused(403, "updates are not allowed: this endpoint is read-only")
        queries = fields.get("query", [])
        if body_query is not None:
            queries = [body_query]
        if len(queries) > 1:
            raise Refused(400, "more than one query in the request")
        accept = request.headers.get("Accept")
        fmt = (fields.get("format") or [None])[0]
        if not queries:
            return self.description(request, accept, fmt)
        dataset = {}
        if any(k in fields for k in PROTOCOL_LIST_FIELDS):
            dataset = {"default": fields.get("default-graph-uri", []), "named": fields.get("named-graph-uri", [])}
        return await self.answer(queries[0], accept, fmt, dataset)

    async def answer(self, text: str, accept: str | None, fmt: str | None, dataset: dict | None = None,
                     browser_html: bool = True) -> web.Response:
        if not text.strip():
            raise Refused(400, "empty query")
        deadline = asyncio.get_running_loop().time() + self.limits.timeout
        request = {"query": text, "accept": accept if browser_html else "application/sparql-results+json",
                   "format": fmt, **(dataset or {})}
        header, body = await self.pool.run(request, deadline)
        if header["status"] != 200:
            raise Refused(header["status"], header.get("message", "query failed"))
        headers = {"KG-Snapshot": str(self.pool.snapshot.number)}
        if header.get("html"):
            return web.Response(body=results_page(text, header["kind"], body), content_type="text/html",
                                charset="utf-8", headers=headers)
        ctype = header["ctype"]
        charset = "utf-8" if ctype.startswith("text/") or ctype.endswith(("json", "xml")) else None
        return web.Response(body=body, content_type=ctype, charset=charset, headers=headers)

    def description(self, request: web.Request, accept: str | None, fmt: str | None) -> web.Response:
        if not fmt and wants_html(accept):
            raise web.HTTPSeeOther("/")
        name = negotiate("describe", accept, fmt)
        ctype, body = service_description(f"http://{request.host}/sparql", name)
        return web.Response(body=body, content_type=ctype, charset="utf-8" if "json" in ctype or ctype.startswith("text/") else None)

    # -- the explorer's API ----------------------------------------------------------------------
    async def queries(self, request: web.Request) -> web.Response:
        from kg import query as Q
        from kg.explorer import explorer_queries

        ready = [{"name": q.name, "title": q.title, "params": q.params, "text": q.text}
                 for q in Q.ready_queries().values()]
        explorer = {q.name: {"title": q.title, "params": q.params} for q in explorer_queries().values()}
        return web.json_response({"ready": ready, "explorer": explorer, "graph_media": sorted(set(GRAPH_MEDIA))})

    async def run_named(self, request: web.Request) -> web.Response:
        from kg import query as Q
        from kg.explorer import explorer_queries

        name = request.match_info["name"]
        queries = explorer_queries()
        if name not in queries:
            raise Refused(404, f"no explorer query named {name!r}")
        params = {k: v for k, v in request.query.items() if v != ""}
        try:
            text = Q.prepare(queries[name], params)
        except Q.QueryError as e:
            raise Refused(400, str(e)) from None
        return await self.answer(text, "application/sparql-results+json", None, browser_html=False)

    async def vocab(self, request: web.Request) -> web.Response:
        """Chinese and English labels of the ontology's classes and properties (for display)."""
        return web.json_response(_vocab_labels(), headers={"Cache-Control": "max-age=3600"})

    async def health(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", **self.pool.status()})

    async def index(self, request: web.Request) -> web.Response:
        from kg.explorer import static_dir

        return web.FileResponse(static_dir() / "index.html", headers={"Cache-Control": "no-cache"})

    async def not_allowed(self, request: web.Request) -> web.Response:
        raise Refused(405, "method not allowed: this endpoint is read-only (GET and POST queries only)")

    async def not_found(self, request: web.Request) -> web.Response:
        raise Refused(404, "not found: the SPARQL endpoint is /sparql, the explorer is /")

    def make(self) -> web.Application:
        from kg.explorer import static_dir

        app = web.Application(middlewares=[self.guard], client_max_size=self.limits.max_body)
        app.router.add_get("/sparql", self.sparql)  # add_get: HEAD too
        app.router.add_post("/sparql", self.sparql)
        app.router.add_get("/", self.index)
        app.router.add_get("/health", self.health)
        app.router.add_get("/api/queries", self.queries)
        app.router.add_get("/api/run/{name}", self.run_named)
        app.router.add_get("/api/vocab", self.vocab)
        app.router.add_static("/static/", static_dir(), show_index=False, follow_symlinks=False)
        for method in ("PUT", "DELETE", "PATCH"):
            app.router.add_route(method, "/{tail:.*}", self.not_allowed)
        app.router.add_route("*", "/{tail:.*}", self.not_found)
        return app


@functools.lru_cache(maxsize=1)
def _vocab_labels() -> dict[str, dict[str, str]]:
    import pyoxigraph as ox

    from kg.validate import schemas_dir

    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    text = (schemas_dir() / "ontology.ttl").read_bytes()
    out: dict[str, dict[str, str]] = {}
    for t in ox.parse(text, format=ox.RdfFormat.TURTLE):
        if t.predicate == label and isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.Literal):
            out.setdefault(t.subject.value, {})[t.object.language or "none"] = t.object.value
    return out


class _OneLineHandler(RequestHandler):
    """aiohttp's answer to a request it cannot parse (bad Content-Length, oversized line, ...) is
    several lines long; make it one line, and log it as one line."""

    def handle_error(self, request, status=500, exc=None, message=None):
        text = " ".join(str(message or exc or "bad request").split())[:300]
        log.info("bad request: %s", text)
        if request.writer.output_size > 0:
            raise ConnectionError("response already sent")
        response = one_line(status, ("bad request: " if status < 500 else "server error: ") + text)
        response.force_close()
        return response


class _Server(web.Server):
    def __call__(self) -> RequestHandler:
        return _OneLineHandler(self, loop=self._loop, **self._kwargs)


class _Runner(web.AppRunner):
    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        server.__class__ = _Server  # the same server, making one-line error handlers
        return server


def _one_line_log(record: logging.LogRecord) -> bool:
    """aiohttp logs a bad request (a malformed or oversized request line, ...) with a traceback:
    keep its one-line message and drop the traceback."""
    if record.exc_info and record.exc_info[1] is not None:
        err = record.exc_info[1]
        record.msg, record.args = "bad request: %s", (" ".join(str(err).split())[:300],)
        record.exc_info = record.exc_text = None
    return True


class Endpoint:
    """A running server: ``url``, ``pool``; ``await stop()`` (or ``close()`` from another thread)."""

    def __init__(self, app: App, runner: web.AppRunner, host: str, port: int, loop: asyncio.AbstractEventLoop):
        self.app, self.runner, self.host, self.port, self.loop = app, runner, host, port, loop
        self.pool = app.pool

    @property
    def base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        return self.base + "/sparql"

    async def stop(self) -> None:
        await self.runner.cleanup()
        await self.pool.close()


async def start(source: str, host: str = "127.0.0.1", port: int = 0, limits: Limits | None = None,
                cors: str | None = None, access_log: bool = False) -> Endpoint:
    """Start the workers, then listen; raises Refused if the source cannot be opened and OSError
    if the address is taken."""
    limits = limits or Limits()
    app = App(str(source), limits, cors)
    await app.pool.start()
    logging.getLogger("aiohttp.server").addFilter(_one_line_log)
    runner = _Runner(app.make(), access_log=log if access_log else None, handle_signals=False,
                           keepalive_timeout=limits.read_timeout, max_line_size=limits.max_body,
                           lingering_time=1.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port, backlog=1024, reuse_address=True)
    try:
        await site.start()
    except OSError:
        await runner.cleanup()
        await app.pool.close()
        raise
    real_port = runner.addresses[0][1]
    app.hosts = allowed_hosts(host, real_port)
    return Endpoint(app, runner, host, real_port, asyncio.get_running_loop())
