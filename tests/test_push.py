"""`kg push` into a real SPARQL Graph Store server: the Oxigraph server (PyPI `oxigraph`) started
on loopback by the tests. Counts equal the parts; a server stopped mid-push and a rerun give every
quad once; a changed article replaces its graph (and what only it said of the entities);
resumption skips what is in."""
from __future__ import annotations

import gzip
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "youth-daily-page.txt"
runner = CliRunner()

REPORTS = [
    ("xh-101", "新华社北京3月5日电 国务院总理李强5日在人民大会堂主持召开国务院常务会议，审议通过《关于加快发展"
               "先进制造业集群的意见》。"),
    ("xh-102", "新华社杭州5月20日电 浙江省委书记王浩20日到宁波舟山港调研。宁波舟山港位于浙江省宁波市。"),
    ("rmrb-103", "本报北京1月8日电 国家发展改革委副主任刘苏社表示，2023年全国固定资产投资同比增长3%。"),
]


def oxigraph_binary() -> str | None:
    local = Path(sys.executable).with_name("oxigraph")
    return str(local) if local.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`oxigraph serve` on 127.0.0.1 with its data in a folder (survives a restart)."""

    def __init__(self, folder: Path):
        self.folder, self.port, self.proc = folder, free_port(), None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        binary = oxigraph_binary()
        for _ in range(50):
            self.proc = subprocess.Popen([binary, "serve", "-l", str(self.folder), "-b", f"127.0.0.1:{self.port}"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(100):
                if self.proc.poll() is not None:
                    break  # could not bind yet (the old socket): start again
                try:
                    urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=1).read()
                    return
                except OSError:
                    time.sleep(0.1)
            self.stop()
            time.sleep(0.2)
        raise RuntimeError("oxigraph server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None


@pytest.fixture
def server(tmp_path):
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    s = Server(tmp_path / "db")
    s.start()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def parts(tmp_path_factory) -> tuple[Path, int, list[tuple[str, str]]]:
    """Two parts in the format of `kg build --parts`: the sample page's articles and three reports,
    built by the real pipeline. Returns (folder, quads, [(graph, block)]): the quads a store of them
    holds (an article's block repeats the default-graph triples other articles also state)."""
    import json

    from kg.pipeline import iter_results
    from kg.sinks import PartsSink

    folder = tmp_path_factory.mktemp("parts")
    jsonl = tmp_path_factory.mktemp("input") / "reports.jsonl"
    jsonl.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in REPORTS),
                     encoding="utf-8")
    sink = PartsSink(folder, articles=3)
    results = list(iter_results([SAMPLE, jsonl], use_model=False))
    for result in results:
        sink.add(result)
    sink.close()
    blocks = [(f"<{r.iri}>", r.nquads) for r in results]
    assert len(blocks) == 6 and len(list(folder.glob("part-*.nq.gz"))) == 2
    return folder, _store_quads(blocks), blocks


def _store_quads(blocks) -> int:
    """How many quads a kg store holds after loading these article blocks."""
    from kg.rdfio import graphs_from_block
    from kg.store import Store

    s = Store(None)
    for graph, block in blocks:
        named, shared = graphs_from_block(block)
        s.replace_article(graph[1:-1], named, shared)
    return s.count()


def quads(server: Server) -> int:
    from kg.push import count_quads
    return count_quads(f"{server.url}/query")


@pytest.mark.parametrize("method", ["post", "put"])
def test_push_loads_every_quad_and_a_rerun_sends_nothing(server, parts, tmp_path, method):
    from kg.push import Target, push

    folder, total, blocks = parts
    target = Target.for_endpoint(server.url, method=method)
    progress = tmp_path / "progress.json"
    stats = push([folder], target, batch=2, progress=progress)
    lines = sum(b.count("\n") for _, b in blocks)
    assert (stats.graphs, stats.quads, stats.batches) == (6, lines, 4)  # 3 graphs a part: 2 + 1, twice
    assert quads(server) == total
    again = push([folder], target, batch=2, progress=progress)
    assert (again.batches, again.skipped) == (0, 4)
    assert quads(server) == total


def test_server_stopped_mid_push_then_rerun_completes_without_duplicates(server, parts, tmp_path):
    from kg.push import PushError, Target, push

    folder, total, _ = parts
    target = Target.for_endpoint(server.url)
    progress = tmp_path / "progress.json"

    def stop_after_second(part, n, stats):
        if stats.batches == 2:
            server.stop()

    with pytest.raises(PushError) as exc:
        push([folder], target, batch=1, retries=1, backoff=0.01, progress=progress, on_batch=stop_after_second)
    assert "127.0.0.1" in str(exc.value)
    server.start()
    partial = quads(server)
    assert 0 < partial < total  # two graphs made it before the stop
    stats = push([folder], target, batch=1, retries=1, backoff=0.01, progress=progress)
    assert stats.skipped == 2 and stats.batches == 4
    assert quads(server) == total
    # pushing everything again from scratch changes nothing: each graph is replaced, not added to
    push([folder], target, batch=3, progress=progress, restart=True)
    assert quads(server) == total


@pytest.mark.parametrize("method", ["post", "put"])
def test_a_changed_article_replaces_its_graph(server, parts, tmp_path, method):
    import json

    from kg.rdfio import PART_PATTERN
    from kg.pipeline import iter_results
    from kg.push import Target, push

    folder, total, blocks = parts
    target = Target.for_endpoint(server.url, method=method)
    push([folder], target, batch=2, progress=tmp_path / "p.json")
    jsonl = tmp_path / "fixed.jsonl"  # xh-102 rebuilt: the secretary went to another port
    jsonl.write_text(json.dumps({"id": "xh-102", "text": REPORTS[1][1].replace("宁波舟山港", "温州港区")},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    (r,) = iter_results([jsonl], use_model=False)
    changed = tmp_path / "changed"
    changed.mkdir()
    with gzip.open(changed / PART_PATTERN.format(0), "wt", encoding="utf-8") as f:
        f.write(r.nquads)
    assert f"<{r.iri}>" == blocks[4][0]
    push([changed], target, batch=2, progress=tmp_path / "p2.json")
    expected = _store_quads([*blocks[:4], (blocks[4][0], r.nquads), blocks[5]])
    assert quads(server) == expected
    assert labels(server, "温州港区") == 1 and labels(server, "宁波舟山港") == 0  # no article names it any more


def labels(server: Server, name: str) -> int:
    import json
    import urllib.parse

    q = f'SELECT (COUNT(*) AS ?n) WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> "{name}"@zh }}'
    with urllib.request.urlopen(f"{server.url}/query?{urllib.parse.urlencode({'query': q})}") as r:
        return int(json.loads(r.read())["results"]["bindings"][0]["n"]["value"])


def test_cli_push_reports_counts_and_errors_in_one_line(server, parts, tmp_path):
    folder, total, blocks = parts
    result = runner.invoke(app, ["push", str(folder), "--endpoint", server.url, "--batch", "4", "--count",
                                 "--progress", str(tmp_path / "p.json")])
    assert result.exit_code == 0, result.output
    lines = sum(b.count("\n") for _, b in blocks)
    assert f"pushed 6 graphs ({lines} quads)" in result.stderr and f"the server holds {total} quads" in result.stderr
    result = runner.invoke(app, ["push", str(tmp_path / "nothing"), "--endpoint", server.url])
    assert result.exit_code == 1 and "no such file" in result.stderr and "Traceback" not in result.stderr
    dead = f"http://127.0.0.1:{free_port()}"
    result = runner.invoke(app, ["push", str(folder), "--endpoint", dead, "--retries", "0",
                                 "--progress", str(tmp_path / "dead.json")])
    assert result.exit_code == 1 and "refused" in result.stderr.lower() and "rerun to resume" in result.stderr
    result = runner.invoke(app, ["push", str(folder), "--endpoint", "ftp://example.org"])
    assert result.exit_code == 1 and "not an http(s) URL" in result.stderr


def test_a_bad_part_is_refused_by_the_server_without_retrying(server, tmp_path):
    from kg.push import PushError, Target, push

    bad = tmp_path / "part-00000.nq"
    bad.write_text('<https://example.org/s> <https://example.org/p> "bad language tag"@-- <https://example.org/g> .\n',
                   encoding="utf-8")
    with pytest.raises(PushError) as exc:
        push([bad], Target.for_endpoint(server.url), progress=tmp_path / "p.json", backoff=5)
    assert "HTTP 400" in str(exc.value)
