"""Executors: who builds the Documents of a build (kg.pipeline.build picks one by name).

An executor is a function ``run(inputs, job, **options)`` that reads the inputs through
kg.ingest, builds every Document with :func:`kg.pipeline.build_documents` and yields, in input
order, one :class:`kg.pipeline.DocumentOutcome` per Document and an :class:`kg.types.InputError`
for each input that could not be read (or was repaired: InputWarning). Nothing else: counting,
reporting and writing are the build engine's and the sinks' (kg.pipeline, kg.sinks), so every
executor gives the same results, and the same output bytes.

- ``local``      this process (:mod:`kg.executors.local`);
- ``processes``  a pool of worker processes on this machine (:mod:`kg.executors.processes`);
- ``dask``       a Dask cluster, local or at a scheduler's address (:mod:`kg.executors.dask`).
"""
from __future__ import annotations

import importlib
import os
from typing import Callable

EXECUTORS = ("local", "processes", "dask")


def get_executor(name: str) -> Callable:
    """The ``run`` function of the executor called ``name``."""
    if name not in EXECUTORS:
        raise ValueError(f"unknown executor {name!r} (choose {', '.join(EXECUTORS)})")
    return importlib.import_module(f"{__name__}.{name}").run


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


class ExecutorError(Exception):
    """An executor that cannot start (no Dask scheduler at the address given): one line."""
