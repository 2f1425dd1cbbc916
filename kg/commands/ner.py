"""`kg train-ner` (train the statistical NER model) and `kg ner FILE` (tag one sentence a line)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from kg.commands import fail

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "ner"
PD_TYPES = ("PER", "ORG", "LOC")


def _fail(message: str) -> None:
    fail(message)


def _parse_types(value: str) -> Optional[set[str]]:
    if value.strip().lower() == "all":
        return None
    types = {t.strip().upper() for t in value.split(",") if t.strip()}
    if not types:
        _fail("--types needs a comma-separated list of types, or 'all'")
    return types


def train_ner(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="folder with the NER corpora (../shared/data/ner)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="model folder [default: kg/ner/model, the shipped one]."),
    corpora: Optional[str] = typer.Option(None, "--corpora",
                                          help="comma-separated: pd98, msra, msra_train, pd98_nerpy, cluener, resume "
                                               "[default: the config's, pd98,msra,msra_train]."),
    max_iterations: Optional[int] = typer.Option(None, "--max-iterations", min=1,
                                                 help="L-BFGS iterations [default: the config's, 150]."),
    c1: Optional[float] = typer.Option(None, "--c1", min=0.0, help="L1 regularisation [default: the config's]."),
    c2: Optional[float] = typer.Option(None, "--c2", min=0.0, help="L2 regularisation [default: the config's]."),
    types: str = typer.Option("all", "--types", help="entity types to learn (e.g. PER,ORG,LOC), or 'all'."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="first N sentences of each corpus (a quick trial)."),
    all_data: Optional[bool] = typer.Option(None, "--all-data/--hold-out",
                                            help="train on every sentence, or leave the held-out blocks out for "
                                                 "benchmarks/ner_eval.py [default: the config's, --hold-out]."),
) -> None:
    """Train the NER model (a CRF, settings in kg/ner/config.cfg) from the public corpora and write it to kg/ner/model."""
    if not data.is_dir():
        _fail(f"no NER corpora at {data} (use --data)")
    chosen = [c.strip() for c in corpora.split(",") if c.strip()] if corpora else None
    from kg.ner import MODEL_DIR
    from kg.ner.corpora import CorpusError
    from kg.ner.train import train

    try:
        report = train(data, output or MODEL_DIR, chosen, types=_parse_types(types), c1=c1, c2=c2,
                       max_iterations=max_iterations, limit=limit, all_data=all_data, echo=lambda s: typer.echo(s, err=True))
    except (CorpusError, ValueError, FileNotFoundError) as exc:
        _fail(str(exc))
    size = sum(f.stat().st_size for f in report.output.rglob("*") if f.is_file())
    typer.echo(f"model written to {report.output} ({size / 1e6:.1f} MB): {report.iterations} iterations in "
               f"{report.seconds / 60:.1f} min, dev F1 {report.dev_f1:.4f}"
               + ("" if report.dev_held_out else " (the dev split was trained on: not a held-out score)"))


def ner(
    file: str = typer.Argument(..., help="text file, one sentence a line; '-' reads standard input."),
    fmt: str = typer.Option("json", "--format", "-f", help="json (one array a line) or table."),
    types: str = typer.Option(",".join(PD_TYPES), "--types", help="types to print, comma-separated, or 'all'."),
    model: Optional[Path] = typer.Option(None, "--model", help="model folder [default: the shipped one]."),
) -> None:
    """Tag entities, one sentence a line: prints per line a JSON array of (start, end, TYPE) triples, character offsets into the line, end exclusive."""
    if fmt not in {"json", "table"}:
        _fail(f"unknown --format {fmt!r}: use json or table")
    wanted = _parse_types(types)
    if file == "-":
        lines = sys.stdin.read().splitlines()
    else:
        path = Path(file)
        if not path.is_file():
            _fail(f"{file}: no such file")
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as exc:
            _fail(f"{file}: not UTF-8 text ({exc.reason} at byte {exc.start})")
        except OSError as exc:
            _fail(f"{file}: {exc.strerror}")

    from kg.ner import NerTagger, filter_types, get_tagger, model_available

    if model is not None:
        if not model_available(model):
            _fail(f"no NER model at {model}")
        tagger = NerTagger(model)
    else:
        tagger = get_tagger()
        if tagger is None:
            _fail("no NER model is shipped in kg/ner/model (run `kg train-ner`)")
    results = [filter_types(spans, wanted) for spans in tagger.tag(lines)]
    if fmt == "json":
        import json

        for spans in results:
            typer.echo(json.dumps([list(s) for s in spans], ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("line", "start", "end", "type", "text")
    for n, (line, spans) in enumerate(zip(lines, results), 1):
        for start, end, label in spans:
            table.add_row(str(n), str(start), str(end), label, line[start:end])
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command("train-ner")(train_ner)
    app.command("ner")(ner)
