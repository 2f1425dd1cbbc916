"""The `kg` command. Each sub-command lives in kg/commands/<name>.py and exposes
``register(app)``; this module only assembles them, it knows no stage."""
from __future__ import annotations

import importlib
import pkgutil
from typing import NoReturn

import typer

import kg.commands

app = typer.Typer(
    name="kg",
    help="Build, query and check a knowledge graph of Chinese news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: [default: …] stays text, flags show no <bool> metavar
)


def _load_commands() -> None:
    for info in sorted(pkgutil.iter_modules(kg.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"kg.commands.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_load_commands()


def main() -> None:  # console-script entry point
    """Runs the command, then ends the process without tearing its objects down one by one: after a
    build the interpreter would spend about half a CPU-second freeing jieba's tables, the model and
    spaCy's vocabulary, which the end of the process frees at once (kg's sinks and stores have
    closed and flushed their files by then)."""
    from kg.loading import own_process

    own_process()   # the command's process: what a build loads is frozen (kg.loading)
    try:
        app()
        code = 0
    except SystemExit as exc:
        code = exc.code
    _exit(code)


def _exit(code) -> NoReturn:
    """Exit with ``code`` (as ``sys.exit`` reads it): the exit handlers run (logging, multiprocessing,
    temporary folders) and the standard streams are flushed, then ``os._exit``. With other threads
    still running, the ordinary exit, which waits for them."""
    import atexit
    import os
    import sys
    import threading

    if threading.active_count() > 1:
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()   # what the interpreter's own exit runs first (CPython's atexit module)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):   # the reader is gone (kg query ... | head) or the stream closed
            code = code or 1
    os._exit(code)


if __name__ == "__main__":
    main()
