"""Parallel and distributed builds: the same article graphs as the one-process pipeline, from
more cores or a Dask cluster.

Three executors:

- ``local``      one process: :func:`kg.pipeline.iter_results`, unchanged.
- ``processes``  a pool of worker processes on this machine (:func:`iter_results`). The parent
                 reads the inputs as a stream, hands Documents to the workers in small chunks with
                 a bounded number of chunks in flight (memory does not grow with the input), and
                 yields the results in input order, so the output file is byte-identical to the
                 one-process build. Each worker loads the spaCy pipeline once and returns every
                 article graph already serialized as a sorted N-Quads block (the parent only
                 writes it). Inputs too small to give every worker two documents skip the pool.
- ``dask``       a dask.distributed cluster (:func:`run_dask`): the inputs (any path or URL
                 fsspec understands; folders, text files, JSON Lines files cut into line ranges)
                 are split into partitions; each task reads its partition itself and writes
                 ``part-NNNNN.nq.gz`` plus ``entities-NNNNN.tsv.gz`` into the parts folder. No
                 task talks to another: IRIs are derived from content (kg.resolve, kg.graph), the
                 alias records are kg:Merge nodes inside the quads, so merging parts is a union
                 (:func:`merge_parts`) plus the union of the entity indexes.

Why a parts folder and not one file from the cluster: the tasks finish in any order and on any
machine; one file per task needs no coordination, and ``kg push`` / bulk loaders read the parts as
they are. Each part keeps its articles in input order, one sorted block per article, so
concatenating the parts in name order gives exactly the one-process N-Quads file.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import posixpath
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from rdflib import Graph, URIRef

from kg.pipeline import ENTITY_CLASSES, entity_nodes
from kg.sinks import graphs_from_block, nquads_block
from kg.types import Article, Document, InputError, InputWarning

EXECUTORS = ("local", "processes", "dask")
PART_PATTERN = "part-{:05d}.nq.gz"
INDEX_PATTERN = "entities-{:05d}.tsv.gz"
MERGED_INDEX = "entities.tsv.gz"
MANIFEST = "parts.json"
INDEX_HEADER = "iri\ttype\tlabel\taltLabels\tarticles\n"
CHUNK_DOCUMENTS = 4          # documents per task sent to a worker process
IN_FLIGHT_PER_WORKER = 3     # chunks queued per worker: keeps workers busy, memory bounded
MAX_PARTITION = 1000         # documents per Dask task at most


# -- the article result that crosses process boundaries ------------------------------------------
@dataclass
class ParallelResult:
    """One article's result as a worker returns it: the graphs serialized as the N-Quads block
    that :class:`kg.sinks.GraphFileSink` writes for it, plus what the summary needs.
    ``graph`` and ``shared`` parse the block back (for the other formats and the store) only when
    asked."""

    article: Article | None
    facts: list
    iri: URIRef
    nquads: str
    entities: tuple[str, ...] = ()
    _graphs: tuple[Graph, Graph] | None = field(default=None, repr=False)

    @property
    def graph(self) -> Graph:
        """The article's named graph."""
        if self._graphs is None:
            self._graphs = graphs_from_block(self.nquads)
        return self._graphs[0]

    @property
    def shared(self) -> Graph:
        """Its triples of the default graph."""
        self.graph
        return self._graphs[1]


def to_parallel_result(result) -> ParallelResult:
    """A kg.pipeline.ArticleResult made small and picklable."""
    return ParallelResult(result.article, list(result.facts), result.iri,
                          nquads_block(result.iri, result.graph, result.shared),
                          tuple(str(e) for e in entity_nodes(result.shared)))


def account(stats, result: ParallelResult) -> None:
    """Count a worker's result into BuildStats (as BuildStats.add does for a local result)."""
    stats.record(result.article, result.facts, (URIRef(e) for e in result.entities))


def add_to_sink(sink, result) -> None:
    """Write a result to a GraphFileSink: a worker's ready N-Quads block goes in as it is."""
    block = getattr(result, "nquads", None)
    if block is not None and sink.streams_nquads:
        sink.add_block(block)
    else:
        sink.add(result.iri, result.graph, result.shared)


# -- worker side (a process of the pool, or a Dask worker) ----------------------------------------
_WORKER: dict = {}
PARENT_POLL = 0.5            # seconds between a pool worker's checks that the build still runs


def _init_worker(families: list[str] | None, use_model: bool) -> None:
    """Load the spaCy pipeline and the extractors once per worker process."""
    from kg.extract import get_extractors
    from kg.nlp.pipeline import get_nlp

    get_nlp(use_model)
    _WORKER["key"] = (tuple(families) if families else None, use_model)
    _WORKER["extractors"] = get_extractors(families)


def _init_pool_worker(families: list[str] | None, use_model: bool, parent: int) -> None:
    """A pool worker: leaves Ctrl-C to the build (which stops the pool), ends itself when the build
    process is gone (killed, even by SIGKILL), then loads the pipeline."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), name="kg-watch-parent", daemon=True).start()
    _init_worker(families, use_model)


def process_alive(pid: int) -> bool:
    """True while process ``pid`` runs (a zombie, killed but not yet reaped, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
        return state not in (b"Z", b"X")
    except (OSError, IndexError):
        return True


def _watch_parent(parent: int) -> None:
    """End this worker as soon as the build process ``parent`` is gone. Pool workers are children
    of the forkserver, not of the build, and each holds both ends of its task queue, so nothing
    else would tell them; once they are gone the forkserver and the resource tracker see their
    pipes close and end too."""
    import time

    while process_alive(parent):
        time.sleep(PARENT_POLL)
    os._exit(1)


def _extractors(families: list[str] | None, use_model: bool):
    key = (tuple(families) if families else None, use_model)
    if _WORKER.get("key") != key:
        _init_worker(families, use_model)
    return _WORKER["extractors"]


def process_documents(docs: list[Document], families: list[str] | None = None, use_model: bool = True,
                      limits=None) -> list[list[ParallelResult | InputError]]:
    """Segment and analyse Documents; for each, the results of its articles in order, an article
    that failed as an InputError in its place (kg.pipeline.build_document)."""
    from kg.pipeline import DEFAULT_LIMITS, build_document

    extractors = _extractors(families, use_model)
    return [[r if isinstance(r, InputError) else to_parallel_result(r)
             for r in build_document(doc, extractors, use_model, limits or DEFAULT_LIMITS)]
            for doc in docs]


# -- the "processes" executor --------------------------------------------------------------------
def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def _pool(workers: int, families: list[str] | None, use_model: bool):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["kg.pipeline", "kg.nlp.pipeline", "kg.extract", "kg.graph", "kg.segment"])
    except ValueError:  # no forkserver on this platform
        ctx = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_pool_worker,
                               initargs=(families, use_model, os.getpid()))


def stop_pool(pool) -> None:
    """Stop a pool now: queued tasks are cancelled and running workers killed (the build is being
    interrupted, or the pool broke); waiting for running articles could take minutes."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(timeout=5)


def iter_results(paths: Iterable[str | Path], workers: int | None = None, published: date | None = None,
                 families: list[str] | None = None, errors: list[InputError] | None = None, stats=None,
                 use_model: bool = True, chunk: int = CHUNK_DOCUMENTS, limits=None,
                 strict: bool = False) -> Iterator:
    """Like :func:`kg.pipeline.iter_results`, with ``workers`` processes; results in input order.

    The inputs are read in this process as a stream (bad inputs reported to ``errors`` as they
    are met); at most ``workers * IN_FLIGHT_PER_WORKER`` chunks of ``chunk`` Documents are out at
    a time. When the whole input gives fewer than two documents per worker, no pool is started.
    Articles that fail are reported to ``errors`` in input order; a worker process that dies
    (killed, out of memory) costs only the document it was building.
    """
    from kg.ingest import iter_documents
    from kg.pipeline import DEFAULT_LIMITS

    workers = workers or default_workers()
    limits = limits or DEFAULT_LIMITS
    errors = errors if errors is not None else _Raise()
    documents = iter_documents(paths, published=published, errors=errors, strict=strict)

    def counted() -> Iterator[Document]:
        for doc in documents:
            if stats is not None:
                stats.documents += 1
            yield doc

    stream = counted()
    head: list[Document] = []
    for doc in stream:
        head.append(doc)
        if len(head) >= 2 * workers:
            break
    if workers <= 1 or len(head) < 2 * workers:
        yield from _in_process(head + list(stream), families, use_model, stats, errors, limits)
        return
    yield from _pooled(head, stream, workers, families, use_model, stats, chunk, errors, limits)


class _Raise(list):
    """An error list for callers that gave none: the first error is raised, as kg.ingest does."""

    def append(self, error) -> None:
        if not isinstance(error, InputWarning):  # a repaired input is used: nobody to warn
            raise error


def _in_process(docs: Iterable[Document], families, use_model, stats, errors, limits) -> Iterator:
    from kg.extract import get_extractors
    from kg.pipeline import build_document

    extractors = get_extractors(families)
    for doc in docs:
        for result in build_document(doc, extractors, use_model, limits):
            if isinstance(result, InputError):
                errors.append(result)
                continue
            if stats is not None:
                stats.add(result)
            yield result


def _chunks(items: Iterator[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _pooled(head: list[Document], stream: Iterator[Document], workers: int, families, use_model, stats,
            chunk: int, errors, limits, task=None) -> Iterator[ParallelResult]:
    """The pool's side of :func:`iter_results`. ``task`` (default :func:`process_documents`) is
    what the workers run on each chunk."""
    import itertools
    from concurrent.futures.process import BrokenProcessPool

    task = task or process_documents
    chunks = _chunks(itertools.chain(head, stream), max(1, chunk))
    window = workers * IN_FLIGHT_PER_WORKER
    pending: deque = deque()   # (future, chunk of documents), in input order
    pool = _pool(workers, families, use_model)

    def submit(batch: list[Document]) -> None:
        pending.append((pool.submit(task, batch, families, use_model, limits), batch))

    def emit(done) -> Iterator[ParallelResult]:
        for doc_results in done:
            for result in doc_results:
                if isinstance(result, InputError):
                    errors.append(result)
                    continue
                if stats is not None:
                    account(stats, result)
                yield result

    def drain_one() -> Iterator[ParallelResult]:
        nonlocal pool
        future, batch = pending.popleft()
        try:
            done = future.result()
        except BrokenProcessPool:
            # A worker died (killed, out of memory) and took every queued task with it. The
            # documents still owed go again, one at a time, so that a document that kills its
            # worker again is the one reported; then the build goes on as before.
            suspects = list(batch) + [doc for _, b in pending for doc in b]
            pending.clear()
            stop_pool(pool)
            pool = _pool(workers, families, use_model)
            for doc in suspects:
                try:
                    done = pool.submit(task, [doc], families, use_model, limits).result()
                except BrokenProcessPool:
                    errors.append(InputError(doc.where, "not built: the worker process building it died "
                                                        "(killed, or out of memory)"))
                    stop_pool(pool)
                    pool = _pool(workers, families, use_model)
                    continue
                yield from emit(done)
            return
        yield from emit(done)

    finished = False
    try:
        for batch in chunks:
            submit(batch)
            while len(pending) >= window:
                yield from drain_one()
        while pending:
            yield from drain_one()
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:  # interrupted (Ctrl-C, SIGTERM, an error while writing): stop the workers now
            stop_pool(pool)


# -- the "dask" executor: planning partitions ----------------------------------------------------
@dataclass(frozen=True)
class Unit:
    """One piece of input a task reads: a whole text file, or a byte range of a JSON Lines file
    (``start`` at the beginning of line ``line``; ``end`` -1 for the end of the file)."""

    kind: str           # "text" | "jsonl"
    url: str            # what fsspec opens
    path: str           # Document.path, as the one-process build names it
    doc_id: str         # text files: the Document id
    start: int = 0
    end: int = -1
    line: int = 1
    documents: int = 1  # text: 1; jsonl: lines in the range


@dataclass(frozen=True)
class Partition:
    index: int
    units: tuple[Unit, ...]


@dataclass
class PartSummary:
    """What a Dask task did (small: goes back to the client)."""

    index: int
    part: str
    index_file: str
    documents: int = 0
    articles: int = 0
    characters: int = 0
    quads: int = 0
    facts: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)   # InputErrors (and InputWarnings), in input order


def _is_url(arg: str) -> bool:
    return "://" in arg or arg.startswith("memory:")


def _kind(name: str) -> str | None:
    from kg.ingest import JSONL_SUFFIXES, TEXT_SUFFIXES

    lower = name.lower()
    suffix = PurePosixPath(lower).suffix
    if lower.endswith(".json-lines") or suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def _list_inputs(paths: Iterable[str | Path], errors: list, storage_options: dict | None):
    """(fs, url, path, doc_id, kind) of every input file, in the order the one-process build
    reads them (folders recursively, sorted by relative path, hidden entries skipped)."""
    import fsspec

    for arg in paths:
        arg = str(arg)
        fs, root = fsspec.core.url_to_fs(arg, **(storage_options or {}))
        url = _is_url(arg)
        shown = arg if url else str(Path(arg))
        if not fs.exists(root):
            errors.append(InputError(shown, "no such file or directory"))
            continue
        if fs.isdir(root):
            found = []
            base = root.rstrip("/")
            for f in fs.find(root):
                rel = posixpath.relpath(f, base)
                if any(part.startswith(".") for part in rel.split("/")) or _kind(rel) is None:
                    continue
                found.append((rel, f))
            found.sort()
            if not found:
                errors.append(InputError(shown, "folder holds no .txt/.md/.jsonl input files"))
            for rel, f in found:
                path = fs.unstrip_protocol(f) if url else str(Path(arg) / rel)
                yield fs, fs.unstrip_protocol(f), path, rel, _kind(rel)
        else:
            name = PurePosixPath(root).name
            kind = "jsonl" if _kind(name) == "jsonl" else "text"
            yield fs, fs.unstrip_protocol(root), shown, name, kind


def _scan_jsonl(fs, url: str, shown: str, errors: list, first: int, every: int) -> tuple[dict[int, int], int]:
    """Scan a JSON Lines file once, keeping only the byte offsets of the lines where a range must
    start: line 1 (after a byte-order mark), line ``first + 1``, then every ``every`` lines.
    Returns ({line number: byte offset}, number of lines); reports an empty file."""
    cuts: dict[int, int] = {}
    lines = 0
    nonblank = False
    with fs.open(url, "rb") as f:
        head = f.read(3)
        if head != b"\xef\xbb\xbf":
            f.seek(0)
            head = b""
        offset = len(head)
        cuts[1] = offset
        tail = False
        while True:
            block = f.read(1 << 20)
            if not block:
                break
            nonblank = nonblank or bool(block.strip())
            pos = 0
            while True:
                nl = block.find(b"\n", pos)
                if nl < 0:
                    break
                lines += 1
                nxt = lines + 1
                if nxt - 1 >= first and (nxt - 1 - first) % every == 0:
                    cuts[nxt] = offset + nl + 1
                pos = nl + 1
            tail = pos < len(block)
            offset += len(block)
        if tail:
            lines += 1
    if not nonblank:
        errors.append(InputError(shown, "empty"))
        return {}, 0
    return cuts, lines


def plan_partitions(paths: Iterable[str | Path], per_part: int | None = None, tasks_hint: int = 8,
                    errors: list | None = None, storage_options: dict | None = None) -> list[Partition]:
    """Cut the inputs into partitions of about ``per_part`` documents (default: enough for
    ``tasks_hint`` tasks, at most MAX_PARTITION). Missing inputs and empty files are reported to
    ``errors`` here, on the client; bad lines and undecodable files by the task that reads them."""
    errors = errors if errors is not None else []
    inputs = list(_list_inputs(paths, errors, storage_options))
    if per_part is None:
        total = 0
        for fs, url, path, doc_id, kind in inputs:
            if kind == "jsonl":
                with fs.open(url, "rb") as f:
                    total += sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b"")) + 1
            else:
                total += 1
        per_part = max(1, min(MAX_PARTITION, -(-total // max(1, tasks_hint))))
    partitions: list[Partition] = []
    current: list[Unit] = []
    filled = 0

    def close() -> None:
        nonlocal current, filled
        if current:
            partitions.append(Partition(len(partitions), tuple(current)))
        current, filled = [], 0

    for fs, url, path, doc_id, kind in inputs:
        if kind == "text":
            current.append(Unit("text", url, path, doc_id))
            filled += 1
            if filled >= per_part:
                close()
            continue
        cuts, lines = _scan_jsonl(fs, url, path, errors, per_part - filled, per_part)
        line = 1
        while line <= lines:
            take = min(per_part - filled, lines - line + 1)
            end_line = line + take           # first line after the range
            end = -1 if end_line > lines else cuts[end_line]
            current.append(Unit("jsonl", url, path, doc_id, cuts[line], end, line, take))
            filled += take
            line = end_line
            if filled >= per_part:
                close()
    close()
    return partitions


# -- the "dask" executor: a task ------------------------------------------------------------------
def _read_unit(unit: Unit, published: date | None, errors: list, seen: set,
               storage_options: dict | None, strict: bool = False) -> Iterator[Document]:
    """The Documents of one unit, exactly as kg.ingest gives them for the same file or lines."""
    import fsspec

    from kg.ingest import jsonl_document, text_document

    fs, path = fsspec.core.url_to_fs(unit.url, **(storage_options or {}))
    try:
        with fs.open(path, "rb") as f:
            f.seek(unit.start)
            data = f.read() if unit.end < 0 else f.read(unit.end - unit.start)
    except OSError as exc:
        errors.append(InputError(unit.path, f"cannot read file ({exc.strerror or exc})"))
        return
    if unit.kind == "text":
        try:
            yield text_document(data, unit.path, unit.doc_id, published, strict, errors)
        except InputError as exc:
            errors.append(exc)
        return
    pieces = data.split(b"\n")
    if unit.end >= 0 and pieces and pieces[-1] == b"":
        pieces.pop()
    for n, raw in enumerate(pieces, start=unit.line):
        if not raw.strip():
            continue
        try:
            yield jsonl_document(raw, f"{unit.path}:{n}", unit.path, n, seen, strict, errors)
        except InputError as exc:
            errors.append(exc)


def _open_gz(fs, path: str):
    raw = fs.open(path, "wb")
    return raw, io.TextIOWrapper(gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename=""), encoding="utf-8")


def build_partition(partition: Partition, out_dir: str, published: date | None = None,
                    families: list[str] | None = None, use_model: bool = True,
                    storage_options: dict | None = None, limits=None, strict: bool = False) -> PartSummary:
    """A Dask task: read a partition, build its article graphs, write its part and entity index.

    Files appear under their final names only when complete (written as ``.tmp``, then moved), so
    a part that exists is whole; re-running a task rewrites the same bytes."""
    import fsspec
    from rdflib.namespace import RDF, RDFS, SKOS

    fs, root = fsspec.core.url_to_fs(out_dir, **(storage_options or {}))
    part_name, index_name = PART_PATTERN.format(partition.index), INDEX_PATTERN.format(partition.index)
    summary = PartSummary(partition.index, part_name, index_name)
    facts: Counter = Counter()
    index: dict[str, list] = {}
    classes = ENTITY_CLASSES
    errors: list = []
    seen: set = set()
    part_tmp, index_tmp = f"{root}/{part_name}.tmp", f"{root}/{index_name}.tmp"
    raw, out = _open_gz(fs, part_tmp)
    from kg.pipeline import fact_family

    with raw, out:
        for unit in partition.units:
            for doc in _read_unit(unit, published, errors, seen, storage_options, strict):
                summary.documents += 1
                for doc_results in process_documents([doc], families, use_model, limits):
                    for result in doc_results:
                        if isinstance(result, InputError):
                            errors.append(result)
                            continue
                        out.write(result.nquads)
                        summary.articles += 1
                        summary.characters += len(result.article.text)
                        summary.quads += result.nquads.count("\n")
                        for fact in result.facts:
                            facts[fact_family(fact)] += 1
                        g = result.shared
                        for s, _, o in g.triples((None, RDF.type, None)):
                            if o not in classes:
                                continue
                            row = index.setdefault(str(s), [str(o).rsplit("#", 1)[-1].rsplit("/", 1)[-1], "",
                                                            set(), 0])
                            label = g.value(s, RDFS.label)
                            if label is not None and not row[1]:
                                row[1] = str(label)
                            row[2].update(str(a) for a in g.objects(s, SKOS.altLabel))
                            row[3] += 1
    raw, out = _open_gz(fs, index_tmp)
    with raw, out:
        out.write(INDEX_HEADER)
        for iri in sorted(index):
            out.write(index_line(iri, *index[iri]))
    fs.mv(part_tmp, f"{root}/{part_name}")
    fs.mv(index_tmp, f"{root}/{index_name}")
    summary.facts = dict(facts)
    summary.errors = errors
    return summary


def _clean(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def index_line(iri: str, type_: str, label: str, alts: set, articles: int) -> str:
    return f"{iri}\t{type_}\t{_clean(label)}\t{'|'.join(sorted(_clean(a) for a in alts))}\t{articles}\n"


# -- the "dask" executor: the client ---------------------------------------------------------------
def dask_client(address: str | None, workers: int | None):
    """A Client for the scheduler at ``address``, or for a new LocalCluster of ``workers``
    single-threaded worker processes (closed with the client)."""
    import logging

    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    if address:
        return Client(address, timeout="20s")
    cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(cluster)
    client._kg_cluster = cluster  # closed by close_client
    return client


def close_client(client) -> None:
    cluster = getattr(client, "_kg_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def run_dask(paths: Iterable[str | Path], parts_dir: str, *, client=None, address: str | None = None,
             workers: int | None = None, published: date | None = None, families: list[str] | None = None,
             use_model: bool = True, errors: list | None = None, stats=None, partition_size: int | None = None,
             storage_options: dict | None = None, limits=None, strict: bool = False) -> list[PartSummary]:
    """Build on a Dask cluster into ``parts_dir`` (a path or fsspec URL): one part and one entity
    index per task, then the merged entity index and a manifest. Returns the task summaries in
    partition order; input errors go to ``errors`` (in input order), counts into ``stats``."""
    import fsspec
    from distributed import as_completed

    errors = errors if errors is not None else []
    own = client is None
    if own:
        client = dask_client(address, workers)
    try:
        n_workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})) or (workers or 1))
        plan_errors: list[InputError] = []
        partitions = plan_partitions(paths, partition_size, tasks_hint=4 * n_workers, errors=plan_errors,
                                     storage_options=storage_options)
        fs, root = fsspec.core.url_to_fs(str(parts_dir), **(storage_options or {}))
        fs.makedirs(root, exist_ok=True)
        for old in fs.glob(f"{root}/part-*.nq.gz") + fs.glob(f"{root}/entities-*.tsv.gz"):
            fs.rm(old)  # parts of an earlier build would join the union
        futures = client.map(build_partition, partitions, out_dir=str(parts_dir), published=published,
                             families=families, use_model=use_model, storage_options=storage_options,
                             limits=limits, strict=strict, pure=False)
        summaries: list[PartSummary] = []
        for future in as_completed(futures):
            summaries.append(future.result())
        summaries.sort(key=lambda s: s.index)
    finally:
        if own:
            close_client(client)
    for err in plan_errors:
        errors.append(err)
    for s in summaries:
        for err in s.errors:
            errors.append(err)
    if stats is not None:
        stats.documents += sum(s.documents for s in summaries)
        stats.articles += sum(s.articles for s in summaries)
        stats.characters += sum(s.characters for s in summaries)
        for s in summaries:
            stats.facts.update(s.facts)
    index = merge_indexes([f"{root}/{s.index_file}" for s in summaries], fs)
    write_index(index, fs, f"{root}/{MERGED_INDEX}")
    if stats is not None:
        stats.entities.update(URIRef(iri) for iri in index)
    manifest = {"parts": [s.part for s in summaries], "indexes": [s.index_file for s in summaries],
                "documents": sum(s.documents for s in summaries), "articles": sum(s.articles for s in summaries),
                "quads": sum(s.quads for s in summaries), "entities": len(index)}
    with fs.open(f"{root}/{MANIFEST}", "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
    return summaries


# -- reading and merging parts --------------------------------------------------------------------
def part_files(paths: Iterable[str | Path]) -> list[str]:
    """The part files named by ``paths``: folders give their part-*.nq[.gz] in name order; files
    are taken as they are (any .nq / .nq.gz)."""
    import fsspec

    out: list[str] = []
    for arg in paths:
        fs, root = fsspec.core.url_to_fs(str(arg))
        if fs.isdir(root):
            found = sorted(fs.glob(f"{root.rstrip('/')}/part-*.nq.gz") + fs.glob(f"{root.rstrip('/')}/part-*.nq"))
            out.extend(str(arg).rstrip("/") + "/" + posixpath.basename(f) for f in found)
        elif fs.exists(root):
            out.append(str(arg))
        else:
            raise FileNotFoundError(f"{arg}: no such file or directory")
    return out


def open_text(path: str):
    """A text reader for a local path or URL; .gz is decompressed."""
    import fsspec

    return fsspec.open(str(path), "rt", encoding="utf-8", compression="gzip" if str(path).endswith(".gz") else None)


def graph_of_line(line: str) -> str | None:
    """The graph IRI of an N-Quads line of a part, in <>; None for a line of the default graph."""
    body = line.rstrip()
    if not body.endswith(" ."):
        raise ValueError(f"not an N-Quads line: {line[:80]!r}")
    parts = body[:-2].rstrip().split(" ", 2)   # subject and predicate hold no spaces
    if len(parts) < 3:
        raise ValueError(f"not an N-Quads line: {line[:80]!r}")
    rest = parts[2]
    if rest.startswith('"'):                      # a literal: skip to its closing quote
        i = 1
        while i < len(rest) and rest[i] != '"':
            i += 2 if rest[i] == "\\" else 1
        end = rest.find(" ", i)
    else:
        end = rest.find(" ")
    graph = rest[end:].strip() if end >= 0 else ""
    if not graph:
        return None
    if not (graph.startswith("<") and graph.endswith(">")):
        raise ValueError(f"N-Quads line whose graph is not an IRI: {line[:80]!r}")
    return graph


def iter_blocks(paths: Iterable[str | Path]) -> Iterator[tuple[str, str]]:
    """(graph IRI in <>, N-Quads text) of each article block of the parts, in order: the article's
    lines and the default-graph lines that follow them (its entities). A graph seen before (the
    same article in two parts, or given twice) is dropped: first one wins."""
    closed: set[str] = set()
    for path in part_files(paths):
        with open_text(path) as f:
            current, lines, seen = None, [], set()
            for line in f:
                if not line.strip():
                    continue
                g = graph_of_line(line)
                if g is None:
                    if current is None:
                        raise ValueError(f"a default-graph line before any article: {line[:80]!r}")
                    g = current
                if g != current:
                    if current is not None and lines:
                        yield current, "".join(lines)
                    if current is not None:
                        closed.add(current)
                    current, lines, seen = g, [], set()
                if g in closed or line in seen:
                    continue
                seen.add(line)
                lines.append(line if line.endswith("\n") else line + "\n")
            if current is not None and lines:
                yield current, "".join(lines)
            if current is not None:
                closed.add(current)


def iter_part_results(paths: Iterable[str | Path]) -> Iterator[ParallelResult]:
    """Article results read back from parts (for a graph file or a store after a Dask build)."""
    for graph, block in iter_blocks(paths):
        yield ParallelResult(None, [], URIRef(graph[1:-1]), block)


def merge_indexes(files: Iterable[str], fs=None) -> dict[str, list]:
    """Union of entity index files: iri -> [type, label, altLabels set, articles]."""
    import fsspec

    index: dict[str, list] = {}
    for path in files:
        opener = fs.open(path, "rb") if fs is not None else fsspec.open(path, "rb").open()
        with opener as raw, io.TextIOWrapper(gzip.GzipFile(fileobj=raw) if path.endswith(".gz") else raw,
                                             encoding="utf-8") as f:
            next(f, None)  # header
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) != 5:
                    continue
                iri, type_, label, alts, articles = cols
                row = index.setdefault(iri, [type_, label, set(), 0])
                row[2].update(a for a in alts.split("|") if a)
                row[3] += int(articles or 0)
    return index


def write_index(index: dict[str, list], fs, path: str) -> None:
    raw, out = _open_gz(fs, path + ".tmp")
    with raw, out:
        out.write(INDEX_HEADER)
        for iri in sorted(index):
            out.write(index_line(iri, *index[iri]))
    fs.mv(path + ".tmp", path)


def merge_parts(paths: Iterable[str | Path], output: str, fmt: str | None = None) -> int:
    """Union of parts into one graph file (format by extension); returns the number of articles."""
    from kg.sinks import GraphFileSink

    sink = GraphFileSink(str(output), fmt)
    n = 0
    for result in iter_part_results(paths):
        add_to_sink(sink, result)
        n += 1
    sink.close()
    return n
