"""The `kg` command: formats by extension, clear one-line errors, exit status, summary, stats."""
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset
from typer.testing import CliRunner

from kg.cli import app
from kg.vocab import KG

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "youth-daily-page.txt"
runner = CliRunner()


def holds_position_count(path: Path, fmt: str) -> int:
    ds = Dataset()
    ds.parse(str(path), format=fmt)
    return sum(1 for _ in ds.quads((None, KG.holdsPosition, None, None)))


@pytest.mark.parametrize("ext,fmt", [(".ttl", "turtle"), (".trig", "trig"), (".nq", "nquads"), (".jsonld", "json-ld")])
def test_build_writes_the_format_of_the_extension(tmp_path, ext, fmt):
    out = tmp_path / f"page{ext}"
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(out), "--no-model"])
    assert result.exit_code == 0, result.output
    assert "3 articles" in result.stderr
    assert holds_position_count(out, fmt) >= 4


def test_bad_inputs_get_one_line_errors_and_the_rest_is_built(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    jsonl = tmp_path / "articles.jsonl"
    jsonl.write_text('{"id": "ok", "text": "国务委员吴红梅近日在江西调研。"}\n{"id": "bad", "text": \n', encoding="utf-8")
    out = tmp_path / "out.nq"
    result = runner.invoke(app, ["build", str(binary), str(empty), str(jsonl), str(SAMPLE), "-o", str(out), "--no-model"])
    assert result.exit_code == 1
    err = result.stderr
    assert "Traceback" not in err
    assert "photo.txt" in err and "empty.txt" in err and "articles.jsonl:2" in err
    assert "4 articles" in err  # the sample's three and the good JSONL line
    assert holds_position_count(out, "nquads") >= 5


def test_unknown_extension_and_missing_output_are_usage_errors(tmp_path):
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(tmp_path / "g.xyz")])
    assert result.exit_code == 2 and "extension" in result.output + result.stderr
    result = runner.invoke(app, ["build", str(SAMPLE)])
    assert result.exit_code == 2


def test_stats_summarizes_a_graph(tmp_path):
    out = tmp_path / "page.trig"
    assert runner.invoke(app, ["build", str(SAMPLE), "-o", str(out), "--no-model"]).exit_code == 0
    result = runner.invoke(app, ["stats", str(out)])
    assert result.exit_code == 0
    assert "3 named graphs" in result.output and "holdsPosition" in result.output


def test_the_installed_command_runs(tmp_path):
    out = tmp_path / "page.ttl"
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SAMPLE), "-o", str(out), "--no-model"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 1000
    help_text = subprocess.run([sys.executable, "-m", "kg.cli", "build", "--help"], capture_output=True, text=True).stdout
    for option in ("--output", "--published", "--store", "--families", "--no-model", "--verbose"):
        assert option in help_text


def test_one_format_table_serves_every_reader_and_writer():
    from kg import formats
    from kg.sinks import format_for
    from kg.store import rdf_format_of

    assert formats.by_extension("out.nq.gz").name == "nquads"
    assert format_for("out.nq.gz") == "nquads" and format_for("page.jsonld") == "json-ld"
    assert format_for("x.data", "ttl") == "turtle"
    with pytest.raises(ValueError, match="use .ttl, .trig, .nq, .nt or .jsonld"):
        format_for("page.rdf")               # read, never written
    import pyoxigraph as ox

    from kg.store import StoreError

    assert rdf_format_of("page.rdf") == ox.RdfFormat.RDF_XML and rdf_format_of("a.NQ") == ox.RdfFormat.N_QUADS
    with pytest.raises(StoreError, match="unknown graph file extension '.gz'"):
        rdf_format_of("parts.nq.gz")         # the store reads uncompressed files only


# -- CLI polish (issue 13) --------------------------------------------------------------------------
def test_help_texts_show_defaults_and_no_bool_metavars():
    help_text = " ".join(runner.invoke(app, ["train-ner", "--help"]).output.split())
    assert "[default: kg/ner/model, the shipped one]" in help_text  # brackets are text, not markup
    build_help = " ".join(runner.invoke(app, ["build", "--help"]).output.split())
    assert "<bool>" not in build_help and "[default: 1000000" in build_help and "[default: the number of cores]" in build_help


def test_the_same_letter_means_the_same_option_in_every_command():
    import typer.main

    meaning: dict[str, set[str]] = {}
    for name, command in typer.main.get_command(app).commands.items():
        for param in command.params:
            for opt in param.opts:
                if len(opt) == 2:
                    long = max(param.opts, key=len)
                    meaning.setdefault(opt, set()).add(long)
    # serve's -p/--port is left to issue 12's rewrite of kg serve
    meaning["-p"].discard("--port")
    assert {k: v for k, v in meaning.items() if len(v) > 1} == {}
    assert meaning["-f"] == {"--format"} and meaning["-o"] == {"--output"} and meaning["-s"] == {"--store"}


def test_arguments_are_checked_before_any_model_loads(tmp_path):
    for args, wanted in ((["--families", "visit,nosuch"], "unknown families: nosuch"),
                         (["--published", "1899-12-31"], "outside"),
                         (["--executor", "threads"], "unknown executor")):
        result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(tmp_path / "x.nq"), *args])
        assert result.exit_code == 2 and wanted in result.output + result.stderr
    probe = ("import sys, kg.cli\n"
             "try:\n    kg.cli.app(['build', 'nosuch.txt', '-o', 'x.nq', '--families', 'visit'])\n"
             "except SystemExit as e:\n    print(e.code, 'spacy' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.stdout.split() == ["2", "False"], proc.stderr  # refused without importing spaCy


def test_stats_and_eval_read_a_store_as_well_as_a_file(tmp_path):
    out, store = tmp_path / "page.nq", tmp_path / "store"
    assert runner.invoke(app, ["build", str(SAMPLE), "-o", str(out), "-s", str(store), "--no-model"]).exit_code == 0
    from kg.commands.stats import summarize

    assert summarize(store) == summarize(out)
    assert summarize(store)["named graphs"] == 3
    gold = tmp_path / "g.gold.json"
    gold.write_text('{"facts": []}', encoding="utf-8")
    for source in (out, store):
        result = runner.invoke(app, ["eval", str(source), str(gold), "--json"])
        assert result.exit_code == 0, result.output


def test_unknown_query_parameters_and_prefixes_are_short_errors(tmp_path):
    out = tmp_path / "page.nq"
    assert runner.invoke(app, ["build", str(SAMPLE), "-o", str(out), "--no-model"]).exit_code == 0
    r = runner.invoke(app, ["query", str(out), "SELECT ?p WHERE { ?p a kg:Person }", "-p", "nosuch=1"])
    assert r.exit_code == 2 and "no variable ?nosuch" in r.stderr
    r = runner.invoke(app, ["query", str(out), 'SELECT ?p WHERE { ?p foo:bar "a:b" }'])
    assert r.exit_code == 2 and "unknown prefix foo:" in r.stderr and len(r.stderr) < 200
    r = runner.invoke(app, ["query", str(out), "SELECT ?p WHERE { ?p a kg:Person ;"])
    assert r.exit_code == 2 and "\\u{" not in r.stderr and len(r.stderr) < 200


def test_error_lines_do_not_wrap_when_stderr_is_a_pipe(tmp_path):
    long_name = tmp_path / ("a-very-long-folder-name-" * 4) / "missing-article-with-a-long-name.txt"
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(long_name), str(SAMPLE), "-o",
                           str(tmp_path / "x.nq"), "--no-model", "-w", "1"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert any(line.startswith("error ") and line.endswith("no such file or directory") for line in lines), lines
    assert len(lines) == 2 and lines[1].startswith("3 articles") and len(lines[1]) > 80


def test_the_progress_bar_has_a_total_and_an_eta_when_the_input_size_is_known(tmp_path):
    import io

    from rich.console import Console

    from kg.commands.build import Progress
    from kg.pipeline import build

    corpus = tmp_path / "two.jsonl"
    corpus.write_text('{"id": "a", "text": "国务院召开常务会议。"}\n{"id": "b", "text": "市长调研。"}\n', encoding="utf-8")
    from kg.ingest import count_documents

    total = count_documents([corpus])
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120, color_system=None)
    with Progress(console, False, False, total) as progress:
        build([corpus], use_model=False, progress=progress)
    shown = screen.getvalue()
    assert total == 2 and "2/2 inputs" in shown and "ETA" in shown


_NO_BAR = r"""
import io, sys
from rich.console import Console
from kg.commands.build import Progress
from kg.pipeline import build
screen = io.StringIO()
console = Console(file=screen, width=120, color_system=None)        # not a terminal: no bar
with Progress(console, False, True, 1) as progress:
    build([sys.argv[1]], use_model=False, progress=progress)
print("rich.progress" in sys.modules, repr(screen.getvalue()))
"""


def test_without_a_terminal_there_is_no_bar_and_the_verbose_lines_still_come(tmp_path):
    """A build whose standard error is a file or a pipe shows no bar (rich.progress is not even
    imported), and -v still gives a line per article."""
    corpus = tmp_path / "two.jsonl"
    corpus.write_text('{"id": "a", "text": "国务院召开常务会议。"}\n{"id": "b", "text": "市长调研。"}\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _NO_BAR, str(corpus)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    imported, shown = proc.stdout.strip().split(" ", 1)
    assert imported == "False"
    assert shown.count("article ") == 2 and "ETA" not in shown and "inputs" not in shown


@pytest.mark.parametrize("ext", [".trig", ".nq"])
def test_two_builds_of_the_seed_page_are_byte_identical(tmp_path, ext):
    outs = []
    for i in range(2):
        out = tmp_path / f"page{i}{ext}"
        result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(out)])
        assert result.exit_code == 0, result.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and len(outs[0]) > 1000
