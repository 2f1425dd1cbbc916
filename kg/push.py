"""Push N-Quads parts into a SPARQL 1.1 Graph Store Protocol server, in batches, with retries and
a progress record, so that a big build reaches a big store and a broken push resumes.

The unit of work is the article (one block of lines in a part, as ``kg build`` writes it: its
named graph, then its triples of the default graph: the entities it names and the facts between
them, docs/MODEL.md). Two ways to send a batch of articles:

- ``post`` (default): one POST of the batch as N-Quads to the graph store (Oxigraph ``/store``,
  Jena Fuseki ``/ds``, RDF4J and others accept quads on the dataset). When an update endpoint is
  known, each article of the batch is retired first (kg.store.retire_update: the default-graph
  triples only it supported, then ``DROP SILENT GRAPH``), so a changed article replaces its old
  version instead of adding to it.
- ``put``: one ``PUT ?graph=IRI`` of N-Triples per article and a ``POST ?default`` of its
  default-graph lines, the plain Graph Store Protocol: works on any GSP server. Without an update
  endpoint, default-graph triples an older version of an article alone stated stay.

Either way a push is idempotent per graph: sending a batch again gives the same store (RDF stores
are sets, and each graph is replaced), so the progress record only saves work; it never has to be
exact. It is a small JSON file written after every batch (atomically: written aside, then
renamed) naming, per part, its size, modification time and how many batches are in; a rerun skips
complete parts and finished batches, and redoes a part whose file changed.

Failures: connection errors, timeouts, 408, 429 and 5xx are retried with exponential backoff;
other HTTP errors (bad data, no such endpoint) stop at once. Either way :class:`PushError` says
in one line what failed, and the progress kept so far stays.
"""
from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.rdfio import graph_of_line, iter_blocks, part_files
from kg.store import retire_update

METHODS = ("post", "put")
RETRY_STATUS = {408, 429, 500, 502, 503, 504}


class PushError(Exception):
    """A push that could not complete (one line for the CLI)."""


@dataclass
class PushStats:
    parts: int = 0
    batches: int = 0            # batches sent by this run
    skipped: int = 0            # batches found done in the progress record
    graphs: int = 0
    quads: int = 0
    retries: int = 0
    seconds: float = 0.0


@dataclass
class Target:
    """Where to push: the graph store URL, the optional SPARQL update URL, the method."""

    graph_store: str
    update: str | None = None
    method: str = "post"
    timeout: float = 120.0

    @classmethod
    def for_endpoint(cls, endpoint: str, graph_store: str | None = None, update: str | None = None,
                     method: str = "post", no_update: bool = False) -> "Target":
        """Defaults follow Oxigraph's layout (base/store, base/update); other servers name theirs."""
        base = endpoint.rstrip("/")
        if method not in METHODS:
            raise PushError(f"unknown method {method!r} (choose {', '.join(METHODS)})")
        for url in (base, graph_store, update):
            if url and urllib.parse.urlparse(url).scheme not in ("http", "https"):
                raise PushError(f"{url}: not an http(s) URL")
        return cls(graph_store or f"{base}/store", None if no_update else (update or f"{base}/update"), method)


# -- HTTP ------------------------------------------------------------------------------------------
def _request(url: str, method: str, body: bytes | None, content_type: str | None, timeout: float,
             accept: str | None = None) -> bytes:
    req = urllib.request.Request(url, data=body, method=method)
    if content_type:
        req.add_header("Content-Type", content_type)
    if accept:
        req.add_header("Accept", accept)
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return resp.read()


def send(url: str, method: str, body: bytes | None, content_type: str | None, *, timeout: float = 120.0,
         retries: int = 5, backoff: float = 0.5, stats: PushStats | None = None, accept: str | None = None) -> bytes:
    """One HTTP request with retries: transient failures wait backoff * 2**n seconds (at most 30)."""
    attempt = 0
    while True:
        try:
            return _request(url, method, body, content_type, timeout, accept)
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:200].decode("utf-8", "replace").strip().replace("\n", " ")
            if exc.code not in RETRY_STATUS or attempt >= retries:
                raise PushError(f"{method} {url}: HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")) from None
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
            if attempt >= retries:
                reason = getattr(exc, "reason", exc)
                raise PushError(f"{method} {url}: {reason} (after {attempt + 1} attempts)") from None
        attempt += 1
        if stats is not None:
            stats.retries += 1
        time.sleep(min(30.0, backoff * 2 ** (attempt - 1)))


def count_quads(query_url: str, timeout: float = 60.0) -> int:
    """Quads of a SPARQL endpoint: its default graph's and its named graphs' (GET with COUNT queries)."""
    return sum(_count(query_url, q, timeout) for q in ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                                       "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))


def _count(query_url: str, q: str, timeout: float) -> int:
    data = _request(f"{query_url}?{urllib.parse.urlencode({'query': q})}", "GET", None, None, timeout,
                    accept="application/sparql-results+json")
    return int(json.loads(data)["results"]["bindings"][0]["n"]["value"])


# -- the progress record ---------------------------------------------------------------------------
class ProgressRecord:
    """Which batches of which parts are in, for one target and batch size (JSON file)."""

    def __init__(self, path: str | Path, target: Target, batch: int):
        self.path = Path(path)
        self.key = {"graph_store": target.graph_store, "method": target.method, "batch": batch}
        self.parts: dict[str, dict] = {}
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise PushError(f"{self.path}: unreadable progress record ({exc}); remove it to start over") from None
            if data.get("target") == self.key:
                self.parts = data.get("parts", {})

    def done(self, part: str, stamp: dict) -> tuple[int, bool]:
        rec = self.parts.get(part)
        if not rec or rec.get("stamp") != stamp:
            return 0, False
        return int(rec.get("batches", 0)), bool(rec.get("complete"))

    def mark(self, part: str, stamp: dict, batches: int, complete: bool = False) -> None:
        self.parts[part] = {"stamp": stamp, "batches": batches, "complete": complete}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"target": self.key, "parts": self.parts}, indent=1, ensure_ascii=False),
                       encoding="utf-8")
        os.replace(tmp, self.path)


def _stamp(part: str) -> dict:
    import fsspec

    fs, path = fsspec.core.url_to_fs(part)
    info = fs.info(path)
    mtime = info.get("mtime") or info.get("LastModified") or info.get("created") or ""
    return {"size": info.get("size"), "mtime": str(mtime)}


def default_progress_path(parts: list[str], target: Target) -> Path:
    """A progress file beside local parts (else in the current folder), one per target."""
    from kg.resolve import digest

    name = f".kg-push-{digest(target.graph_store, target.method, n=10)}.json"
    first = Path(parts[0]) if parts else Path(".")
    if "://" not in str(parts[0] if parts else "") and first.exists():
        return (first if first.is_dir() else first.parent) / name
    return Path(name)


# -- batches -----------------------------------------------------------------------------------------
def iter_batches(part: str, size: int) -> Iterator[list[tuple[str, str]]]:
    """Lists of ``size`` (graph, N-Quads block) of one part, in file order."""
    batch: list[tuple[str, str]] = []
    for graph, block in iter_blocks([part]):
        batch.append((graph, block))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _as_ntriples(block: str) -> tuple[str, str]:
    """An article's block as N-Triples: (its named graph's lines, its default-graph lines)."""
    named, default = [], []
    for line in block.split("\n"):   # lines end at \n only: a literal may hold U+2028
        if not line.strip():
            continue
        g = graph_of_line(line)
        if g is None:
            default.append(line.rstrip() + "\n")
            continue
        body = line.rstrip()[:-2].rstrip()
        named.append(body[: len(body) - len(g)].rstrip() + " .\n")
    return "".join(named), "".join(default)


def send_batch(batch: list[tuple[str, str]], target: Target, retries: int, backoff: float,
               stats: PushStats) -> None:
    kw = dict(timeout=target.timeout, retries=retries, backoff=backoff, stats=stats)
    if target.method == "put":
        for graph, block in batch:
            named, default = _as_ntriples(block)
            url = f"{target.graph_store}?{urllib.parse.urlencode({'graph': graph[1:-1]})}"
            if target.update:
                send(target.update, "POST", retire_update(graph[1:-1]).encode("utf-8"), "application/sparql-update", **kw)
            send(url, "PUT", named.encode("utf-8"), "application/n-triples", **kw)
            if default:
                send(f"{target.graph_store}?default", "POST", default.encode("utf-8"), "application/n-triples", **kw)
        return
    if target.update:
        drops = " ;\n".join(f"{retire_update(graph[1:-1])} ;\nDROP SILENT GRAPH {graph}" for graph, _ in batch)
        send(target.update, "POST", drops.encode("utf-8"), "application/sparql-update", **kw)
    body = "".join(block for _, block in batch).encode("utf-8")
    send(target.graph_store, "POST", body, "application/n-quads", **kw)


def push(parts: Iterable[str | Path], target: Target, *, batch: int = 200, retries: int = 5, backoff: float = 0.5,
         progress: str | Path | None = None, restart: bool = False,
         on_batch: Callable[[str, int, PushStats], None] | None = None) -> PushStats:
    """Push the parts (files, or folders of part-*.nq.gz) to the target; resumable.

    ``on_batch(part, n, stats)`` is called after each batch is in and recorded (progress display;
    the tests use it to stop the server at a known point)."""
    if batch < 1:
        raise PushError("batch size must be at least 1")
    try:
        files = part_files(parts)
    except FileNotFoundError as exc:
        raise PushError(str(exc)) from None
    if not files:
        raise PushError("no parts found (want .nq / .nq.gz files or folders of part-*.nq.gz)")
    record_path = Path(progress) if progress else default_progress_path(files, target)
    if restart and record_path.exists():
        record_path.unlink()
    record = ProgressRecord(record_path, target, batch)
    stats = PushStats(parts=len(files))
    started = time.perf_counter()
    for part in files:
        stamp = _stamp(part)
        done, complete = record.done(part, stamp)
        if complete:
            stats.skipped += done
            continue
        n = 0
        try:
            for items in iter_batches(part, batch):
                n += 1
                if n <= done:
                    stats.skipped += 1
                    continue
                send_batch(items, target, retries, backoff, stats)
                stats.batches += 1
                stats.graphs += len(items)
                stats.quads += sum(block.count("\n") for _, block in items)
                record.mark(part, stamp, n)
                if on_batch is not None:
                    on_batch(part, n, stats)
        except ValueError as exc:  # a line that is not N-Quads with a named graph
            raise PushError(f"{part}: {exc}") from None
        except OSError as exc:
            raise PushError(f"{part}: cannot read ({exc})") from None
        record.mark(part, stamp, n, complete=True)
    stats.seconds = time.perf_counter() - started
    return stats
