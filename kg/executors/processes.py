"""The ``processes`` executor: a pool of worker processes on this machine.

This process reads the inputs as a stream (kg.ingest) and hands Documents to the workers in small
chunks, with a bounded number of chunks in flight (memory does not grow with the input); the
outcomes come back in input order, read errors in their place, so the build equals the
one-process build. The workers are forked from a server that has loaded the pipeline once
(kg.executors.warm), and return every article already serialized (a kg.pipeline.ArticleResult
crosses as its N-Quads block, with its mentions and facts packed for whoever reads them). Inputs
too small to give every worker two documents skip the pool.

A worker that dies (killed, out of memory) costs only the document it was building: the
documents it owed are built again one at a time. Workers end themselves when the build process is
gone, even after ``kill -9``.
"""
from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from kg.executors import default_workers
from kg.executors.local import build_each
from kg.ingest import stream
from kg.pipeline import DocumentOutcome, Job, build_documents, prepare
from kg.types import Document, InputError

CHUNK_DOCUMENTS = 16         # documents per task sent to a worker process, at most …
CHUNK_CHARACTERS = 12_000    # … and characters: a task is about a third of a CPU-second whatever the
                             # articles' length (each task costs both processes some work of its own)
IN_FLIGHT_PER_WORKER = 3     # chunks queued per worker: keeps workers busy, memory bounded
PARENT_POLL = 0.5            # seconds between a worker's checks that the build still runs
# imported by the fork server before it forks the workers: kg.executors.warm imports the workers'
# modules and loads the pipeline and the extractors, which the workers then share
PRELOAD = ["kg.executors.warm"]


def run(inputs: list[str], job: Job, workers: int | None = None, chunk: int = CHUNK_DOCUMENTS,
        task: Callable | None = None, **_) -> Iterator[DocumentOutcome | InputError]:
    """Build with ``workers`` processes (default: one per core). ``task(documents, job)`` is what
    a worker runs on a chunk (default :func:`build_chunk`) of at most ``chunk`` documents and
    :data:`CHUNK_CHARACTERS` characters (a longer document goes alone)."""
    workers = workers or default_workers()
    items = stream(inputs, job.published, job.strict, job.storage_options)
    head: list[Document | InputError] = []
    documents = 0
    for item in items:
        head.append(item)
        documents += not isinstance(item, InputError)
        if documents >= 2 * workers:
            break
    if workers <= 1 or documents < 2 * workers:
        yield from build_each(itertools.chain(head, items), job)
        return
    yield from pooled(itertools.chain(head, items), workers, job, chunk, task or build_chunk)


def build_chunk(documents: list[Document], job: Job) -> list[DocumentOutcome]:
    """A worker's task: build a chunk of Documents."""
    return list(build_documents(documents, job))


def pooled(items: Iterable[Document | InputError], workers: int, job: Job, chunk: int = CHUNK_DOCUMENTS,
           task: Callable = build_chunk) -> Iterator[DocumentOutcome | InputError]:
    """The pool's side of :func:`run`: at most ``workers * IN_FLIGHT_PER_WORKER`` chunks out at a
    time, everything given back in input order."""
    from concurrent.futures.process import BrokenProcessPool

    window = workers * IN_FLIGHT_PER_WORKER
    pending: deque = deque()   # (future, documents) of a chunk, or (None, [error]): input order
    pool = _pool(workers, job)
    batch: list[Document] = []
    batch_chars = 0

    def submit() -> None:
        nonlocal batch, batch_chars
        if batch:
            pending.append((pool.submit(task, batch, job), batch))
            batch, batch_chars = [], 0

    def drain_one() -> Iterator[DocumentOutcome | InputError]:
        nonlocal pool
        future, documents = pending.popleft()
        if future is None:
            yield from documents
            return
        try:
            yield from future.result()
        except BrokenProcessPool:
            # A worker died (killed, out of memory) and took every queued task with it. The
            # documents still owed go again, one at a time, so that a document that kills its
            # worker again is the one reported; then the build goes on as before.
            owed = [(future, documents), *pending]
            pending.clear()
            stop_pool(pool)
            pool = _pool(workers, job)
            for owed_future, owed_items in owed:
                if owed_future is None:
                    yield from owed_items
                    continue
                for document in owed_items:
                    try:
                        yield from pool.submit(task, [document], job).result()
                    except BrokenProcessPool:
                        yield InputError(document.where, "not built: the worker process building it died "
                                                         "(killed, or out of memory)")
                        stop_pool(pool)
                        pool = _pool(workers, job)

    finished = False
    try:
        for item in items:
            if isinstance(item, InputError):
                submit()
                pending.append((None, [item]))
            else:
                batch.append(item)
                batch_chars += len(item.text)
                if len(batch) >= max(1, chunk) or batch_chars >= CHUNK_CHARACTERS:
                    submit()
            while len(pending) >= window:
                yield from drain_one()
        submit()
        while pending:
            yield from drain_one()
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:  # interrupted (Ctrl-C, SIGTERM, an error while writing): stop the workers now
            stop_pool(pool)


def _pool(workers: int, job: Job):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
    except ValueError:  # no forkserver on this platform
        ctx = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                               initargs=(job, os.getpid()))


def _init_worker(job: Job, parent: int) -> None:
    """A pool worker: leaves Ctrl-C to the build (which stops the pool), ends itself when the build
    process is gone (killed, even by SIGKILL), then loads the pipeline."""
    import signal
    import threading

    from kg.loading import own_process

    own_process()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), name="kg-watch-parent", daemon=True).start()
    prepare(job)


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
