"""The `kg` command. Each sub-command lives in kg/commands/<name>.py and exposes
``register(app)``; this module only assembles them, it knows no stage."""
from __future__ import annotations

import importlib
import pkgutil

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
    app()


if __name__ == "__main__":
    main()
