"""Guards around one article's build: a time limit and a one-line account of a failure.

A build must never lose good work to one bad article, so every executor (one process, the pool of
worker processes, Dask tasks) runs each article inside :func:`time_limit` and turns whatever it
raises into one line with :func:`describe` (kg.pipeline.build_document does both).

The time limit interrupts the article where it is, also inside a long regular-expression match:

- in a thread that is the process's main thread (the one-process build, pool workers) by a
  ``SIGALRM`` interval timer, whose handler raises :class:`ArticleTimeout`; CPython's regex engine
  checks for signals while it matches, so a pathological pattern is stopped too;
- in any other thread (Dask runs tasks in worker threads) by a timer thread that raises
  :class:`ArticleTimeout` in the article's thread with ``PyThreadState_SetAsyncExc``. That lands
  at the next Python bytecode, so a single long call into C (one regex match) runs to its end
  first: the limit is then a little later, never lost.
"""
from __future__ import annotations

import ctypes
import os
import signal
import threading
import traceback
from contextlib import contextmanager
from collections.abc import Iterator

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


class ArticleTimeout(Exception):
    """An article took longer than its time limit."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ArticleTimeout` in this thread when the block runs longer than ``seconds``
    (None or 0: no limit)."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _async_timer(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expired(signum, frame):
        raise ArticleTimeout(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _async_timer(seconds: float) -> Iterator[None]:
    target = threading.get_ident()
    done = threading.Event()
    lock = threading.Lock()

    def expire() -> None:
        with lock:
            if not done.is_set():
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(ArticleTimeout))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            done.set()
            timer.cancel()


def describe(exc: BaseException) -> str:
    """One line for an exception: its type, its first message line (at most 200 characters) and the
    place in kg's own code where it was raised, e.g.
    ``OverflowError: date value out of range (kg/extract/visits.py:295)``."""
    if isinstance(exc, ArticleTimeout):
        return str(exc) or "took too long"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if len(text) > 200:
        text = text[:199] + "…"
    line = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    place = None
    for frame in traceback.extract_tb(exc.__traceback__):
        path = os.path.abspath(frame.filename)
        if path.startswith(PACKAGE_DIR + os.sep):
            place = f"kg/{os.path.relpath(path, PACKAGE_DIR)}:{frame.lineno}"
    return f"{line} ({place})" if place else line
