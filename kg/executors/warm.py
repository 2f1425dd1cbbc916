"""What a pool's fork server loads before it forks the workers (kg.executors.processes.PRELOAD;
the Dask LocalCluster's too): the pipeline and the extractors of a default build, so each worker
starts with them (copy-on-write pages shared with the server) instead of loading them again - the
dictionary alone is half a CPU-second per worker.

Importing this module does the loading; it is meant to be named in ``set_forkserver_preload``,
whose contract is module names. A failure here is only logged: each worker then loads what it
needs itself (kg.pipeline.prepare), and reports what fails there.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)

# the modules a worker runs; imported here even if loading the pipeline fails
MODULES = ("kg.pipeline", "kg.nlp.pipeline", "kg.extract", "kg.graph", "kg.segment")


def warm() -> bool:
    """Imports the workers' modules and loads the default build's pipeline and extractors in
    this process; True when it loaded them."""
    import importlib

    from kg.loading import loading, own_process

    # what is loaded is kept for good and frozen at the end (kg.loading): the collector leaves it
    # alone, so that neither the server nor the workers forked from it touch (and copy) those
    # pages when it runs
    own_process()
    with loading():
        try:
            for name in MODULES:
                importlib.import_module(name)
            from kg.nlp.dictionary import index
            from kg.pipeline import Job, prepare

            prepare(Job())
            index()      # the workers look up many words: jieba's dicts built once, here
        except Exception as exc:  # the workers load it themselves, and say what is wrong
            log.debug("the fork server did not preload the pipeline: %s", exc)
            return False
    return True


WARM = warm()
