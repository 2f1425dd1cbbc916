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
