"""The ``dask`` executor: a dask.distributed cluster builds the Documents, the cluster at a
scheduler's address (``scheduler="tcp://host:8786"``) or a LocalCluster of ``workers``
single-threaded worker processes started for the build.

The client cuts the inputs into partitions (:func:`plan`): whole text files, and ranges of lines of
JSON Lines files (kg.ingest.line_ranges: one scan for the byte offsets, nothing parsed). Each task
(:func:`build_partition`) reads its partition itself through kg.ingest, from any path or URL
fsspec reads, builds it and returns its DocumentOutcomes; the client takes them back partition by
partition in input order, with a bounded number of tasks out at a time, and the build engine
writes them to the sinks as for the other executors: the same output, byte for byte. JSON Lines
ids are checked for duplicates within a task and, across tasks, here.

Workers must have kg installed and reach the inputs (a shared folder, an object store). Run them
with one thread each (``dask worker ADDRESS --nthreads 1 --nworkers N --preload-nanny
kg.executors.dask``): a worker process builds one document at a time, with the pipeline its
machine's fork server loaded once (:func:`dask_setup`).
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from kg.executors import ExecutorError, default_workers
from kg.executors.local import build_each
from kg.ingest import Source, check_unique, count_lines, line_ranges, read, sources
from kg.pipeline import DocumentOutcome, Job
from kg.types import InputError

MAX_PARTITION = 1000         # documents per task at most
TASKS_PER_WORKER = 4         # partitions planned per worker, when no size is given
IN_FLIGHT_PER_WORKER = 2     # tasks out per worker at a time: workers busy, memory bounded


@dataclass(frozen=True)
class Partition:
    """What one task reads: text files and ranges of JSON Lines files, in input order."""

    index: int
    sources: tuple[Source, ...]


def run(inputs: list[str], job: Job, workers: int | None = None, scheduler: str | None = None, *, client=None,
        partition_size: int | None = None, **_) -> Iterator[DocumentOutcome | InputError]:
    """Build on the cluster at ``scheduler`` (or on ``client``'s, or on a new LocalCluster of
    ``workers`` processes), ``partition_size`` documents a task (default: enough for
    TASKS_PER_WORKER tasks a worker, at most MAX_PARTITION)."""
    own = client is None
    if own:
        client = connect(scheduler, workers)
    futures: deque = deque()
    try:
        n_workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})) or (workers or 1))
        errors, partitions = plan(inputs, partition_size, TASKS_PER_WORKER * n_workers, job.storage_options)
        yield from errors
        todo = iter(partitions)

        def submit() -> None:
            partition = next(todo, None)
            if partition is not None:
                futures.append((partition, client.submit(build_partition, partition, job, pure=False)))

        for _ in range(IN_FLIGHT_PER_WORKER * n_workers):
            submit()
        seen: set[str] = set()
        while futures:
            partition, future = futures.popleft()
            try:
                items = future.result()
            except Exception as exc:  # the task failed, or killed its workers: its inputs are reported
                from kg.guard import describe
                items = [InputError(s.where, f"not built: its Dask task failed ({describe(exc)})")
                         for s in partition.sources]
            future.release()
            submit()
            for item in items:
                if isinstance(item, DocumentOutcome):
                    try:
                        check_unique(item.document, seen)
                    except InputError as duplicate:
                        item = duplicate
                yield item
    finally:
        for _, future in futures:
            future.cancel()
        if own:
            close(client)


def build_partition(partition: Partition, job: Job) -> list[DocumentOutcome | InputError]:
    """A task: read a partition through kg.ingest and build it."""
    seen: set[str] = set()
    items = (item for source in partition.sources
             for item in read(source, job.published, job.strict, seen, job.storage_options))
    return list(build_each(items, job))


def plan(inputs: Iterable[str], per_part: int | None = None, tasks: int = 8,
         storage_options: dict | None = None) -> tuple[list[InputError], list[Partition]]:
    """Cut the inputs into partitions of about ``per_part`` documents (default: enough for
    ``tasks`` tasks, at most MAX_PARTITION). Missing inputs are reported here; unreadable files
    and bad lines by the task that reads them."""
    errors: list[InputError] = []
    found: list[Source] = []
    for item in sources(inputs, storage_options):
        (errors if isinstance(item, InputError) else found).append(item)
    if per_part is None:
        total = sum(count_lines(s, storage_options) if s.kind == "jsonl" else 1 for s in found)
        per_part = min(MAX_PARTITION, -(-total // max(1, tasks)))
    per_part = max(1, per_part)
    partitions: list[Partition] = []
    current: list[Source] = []
    filled = 0
    for source in found:
        pieces = [(source, 1)] if source.kind == "text" else line_ranges(source, per_part - filled, per_part,
                                                                          storage_options)
        for piece, documents in pieces:
            current.append(piece)
            filled += documents
            if filled >= per_part:
                partitions.append(Partition(len(partitions), tuple(current)))
                current, filled = [], 0
    if current:
        partitions.append(Partition(len(partitions), tuple(current)))
    return errors, partitions


# Dask's own bookkeeping that a build has no use for and that costs CPU all the time: the
# statistical profiler samples the building thread every 10 ms, event-loop and system monitors
# poll several times a second (measured: 13% of a core for a LocalCluster of 2 idle workers and
# its client, 1.8% with these settings). Given to the LocalCluster a build starts; workers started
# by hand take them from the environment (:func:`quiet_environ`; README).
QUIET = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
         "distributed.admin.system-monitor.interval": "5s", "distributed.worker.memory.monitor-interval": "1s"}


def quiet_environ() -> dict[str, str]:
    """QUIET as environment variables for ``dask scheduler`` and ``dask worker`` processes started
    by hand (DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False, ...)."""
    return {"DASK_" + key.upper().replace(".", "__").replace("-", "_"): str(value) for key, value in QUIET.items()}


def connect(scheduler: str | None = None, workers: int | None = None):
    """A Client of the scheduler at ``scheduler``, or of a new LocalCluster of ``workers``
    single-threaded worker processes (closed with the client by :func:`close`)."""
    import dask
    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        try:
            return Client(scheduler)  # waits distributed.comm.timeouts.connect (dask's config: 30 s)
        except (OSError, ValueError) as exc:
            raise ExecutorError(f"no Dask scheduler reached at {scheduler}: {exc}") from None
    from distributed.utils import get_mp_context

    from kg.executors.processes import PRELOAD

    # worker processes forked from a server that has imported distributed and kg once, rather than
    # each started afresh (spawn) to import them again
    with dask.config.set({**QUIET, "distributed.worker.multiprocessing-method": "forkserver"}):
        get_mp_context().set_forkserver_preload(["distributed", *PRELOAD])
        cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(cluster)
    client._kg_cluster = cluster
    return client


def dask_setup(nanny) -> None:
    """``dask worker ADDRESS --nthreads 1 --nworkers N --preload-nanny kg.executors.dask``: the
    nanny's worker processes are forked from a server that has imported distributed and kg and
    loaded kg's pipeline once (kg.executors.warm), as a LocalCluster's are, instead of each
    starting a Python that imports them and loads the pipeline again (about 3.5 CPU-s a worker).
    Dask calls this when the nanny starts, before it starts its worker process."""
    import dask
    from distributed.utils import get_mp_context

    from kg.executors.processes import PRELOAD

    dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"})
    get_mp_context().set_forkserver_preload(["distributed", *PRELOAD])   # before the server starts


def close(client) -> None:
    cluster = getattr(client, "_kg_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


@contextmanager
def loopback_cluster(workers: int = 2, cwd=None, env: dict | None = None,
                     timeout: float = 300) -> Iterator[tuple[str, list]]:
    """A ``dask scheduler`` and ``dask worker --nthreads 1 --nworkers WORKERS --preload-nanny
    kg.executors.dask`` on 127.0.0.1 (as the README starts them), with the quiet settings (tests
    and benchmarks): yields (address, processes) once the workers have joined, and stops the
    processes at the end."""
    import os
    import socket
    import subprocess
    import sys

    from distributed import Client

    dask = os.path.join(os.path.dirname(sys.executable), "dask")
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    options = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd,
                   env={**os.environ, **quiet_environ(), **(env or {})})
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              **options)]
    try:
        procs.append(subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--nworkers", str(workers),
                                       "--preload-nanny", __name__, "--no-dashboard"], **options))
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=timeout)
        yield address, procs
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
