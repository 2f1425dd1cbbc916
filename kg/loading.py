"""Loading the long-lived tables without the cyclic garbage collector.

Loading a build (spaCy, rdflib's plugins, jieba's dictionary, the model, the extractors) makes a
few hundred thousand objects that live as long as the process. CPython's collector runs every 700
new objects and examines the young ones, and every so often all of them: while loading, it walks
the same tables again and again and finds next to nothing (a one-article build: about 200 young,
20 middle and one full collection, a tenth of its CPU time).

:func:`loading` pauses the collector while its block runs. In a process that kg owns (the ``kg``
command, pool workers, a pool's fork server; they say so with :func:`own_process`), what exists
when the block ends is frozen (:func:`gc.freeze`): the collector never examines it again, in this
process or in the processes forked from it. A notebook or another program that calls kg keeps its
own objects under the collector: only the pause applies there.
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_owned = False
_lock = threading.Lock()
_depth = 0                  # blocks running, in any thread
_resume = False             # the collector was on when the first of them began


def own_process() -> None:
    """Declare that kg owns this process: what :func:`loading` loads is then frozen."""
    global _owned
    _owned = True


@contextmanager
def loading() -> Iterator[None]:
    """Run the block with the collector paused; on success, in a process kg owns, freeze what
    exists. Blocks nested or overlapping (in other threads) act once, when the last one ends."""
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
        _depth += 1
        gc.disable()
    done = False
    try:
        yield
        done = True
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                if done and _owned:
                    gc.freeze()
                if _resume:
                    gc.enable()
